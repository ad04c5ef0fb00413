"""A tiny run of `make bench TARGET=postgres`: the bench starts its own server, loads the world
into a new database (whose first `dbt seed` must pass), and its lead_scores equal DuckDB's.
Spark's runs share its code but for the server (measured at S and M, docs/performance.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.report import update_targets_doc, write_target_results
from benchmarks.targets import run_target_benchmark
from tests.support.tiny_scale import TINY

pytestmark = pytest.mark.postgres


def test_a_tiny_target_benchmark_on_postgres_equals_duckdb(tmp_path: Path) -> None:
    tiny = replace(TINY, with_pandas=False)
    messages: list[str] = []
    result = run_target_benchmark(
        tiny, "postgres", folder=tmp_path / "world", say=messages.append, history_chunk_days=30
    )

    # the run compares lead_scores with DuckDB's itself, and fails when they differ
    assert result["lead_scores_equal_duckdb"] and result["lead_scores_rows"] > 200
    assert any(message.startswith("lead_scores equal DuckDB's") for message in messages)
    for key in ["load_s", "full_build_s", "dbt_startup_s", "incremental_s"]:
        assert result[key] > 0
    assert len(result["runs"]["full_build_s"]) == 2  # (a) before (b) and again before (f)
    # (f) ran on the month of history, and its ratio to (b) was worked out
    assert result["incremental_year_history_s"] > 0 and result["ratio_year_history"] > 0
    assert "(f) the run of (b) with a year of history" in result["dbt_peak_rss_by_step_mb"]
    assert result["settings"]["work_mem"] == "256MB"
    assert {"(a) full build", "(b) incremental run"} <= set(result["dbt_peak_rss_by_step_mb"])
    assert result["machine"]["commit"]

    path = write_target_results(result, tmp_path / "results")
    assert path.name == "target-S-postgres.json"
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n<!-- targets:start -->\nold\n<!-- targets:end -->\nEnd.\n")
    update_targets_doc(path.parent, doc)
    text = doc.read_text()
    assert "old" not in text and text.endswith("End.\n")
    assert f"| postgres | S | {result['load_s']} | {result['dbt_startup_s']} |" in text
    assert "Slowest models of (f): " in text
