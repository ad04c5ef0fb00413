"""`dbt build` on the shipped sheets: an empty warehouse still yields every mart, and every
dbt unit test of the scoring mechanics, which a pipeline's build leaves out, runs and passes
when asked for."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.support.engine_comparison import MARTS
from tests.support.harness import Project


def test_every_unit_test_passes_and_an_empty_warehouse_yields_every_mart(
    project: Project,
) -> None:
    project.load_raw({})
    built = project.build("2026-06-30")
    assert "unit_test" not in built.output.split("Finished running")[-1]
    for mart in MARTS:
        assert project.query(f"select count(*) from marts.{mart}") == [(0,)]

    tested = project.dbt("test", "--select", "test_type:unit", artifacts=True)
    assert tested.success, tested.output[-8000:]
    results = json.loads((project.dbt_dir / "target" / "run_results.json").read_text())
    unit_tests = {
        r["unique_id"].split(".")[-1]: r["status"]
        for r in results["results"]
        if r["unique_id"].startswith("unit_test.")
    }
    declared = {
        test["name"]
        for path in (project.dbt_dir / "models").rglob("*.yml")
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", [])
    }
    assert len(declared) >= 7
    assert unit_tests == dict.fromkeys(declared, "pass")


def test_duckdb_memory_limit_and_threads_come_from_the_environment(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADSCORE_DUCKDB_MEMORY_LIMIT", "1536MB")
    monkeypatch.setenv("LEADSCORE_DUCKDB_THREADS", "1")
    project.load_raw({})
    result = project.dbt(
        "show",
        "--inline",
        "select current_setting('memory_limit') as memory_limit,"
        " current_setting('threads') as duckdb_threads",
        "--output",
        "json",
    )
    assert result.returncode == 0, result.output[-3000:]
    shown = json.loads(result.output[result.output.index("{") :])["show"]
    assert shown == [{"memory_limit": "1.4 GiB", "duckdb_threads": 1}]
