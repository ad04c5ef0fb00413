"""The same project on Apache Spark (dbt-spark session mode, a local Spark in the dbt process):
every mart equals DuckDB's after a full and an incremental run; the demo runs there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.engine_comparison import assert_same_marts, assert_same_sheet_problems, two_days
from tests.support.harness import Project, copy_project, leadscore_demo

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return two_days(copy_project(tmp_path_factory.mktemp("duckdb")))


@pytest.fixture(scope="module")
def on_spark(tmp_path_factory: pytest.TempPathFactory) -> Project:
    # the metastore and tables live in the project's own folder (LEADSCORE_SPARK_DIR)
    # its sheets write whole numbers as 30.0 or +1: read as DuckDB reads 30 and 1
    return two_days(copy_project(tmp_path_factory.mktemp("spark"), "spark"), decimal_notation=True)


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    on_duckdb: Project, on_spark: Project
) -> None:
    assert_same_marts(on_duckdb, on_spark)


def test_broken_sheets_fail_with_the_problems_duckdb_lists(tmp_path: Path) -> None:
    assert_same_sheet_problems(
        copy_project(tmp_path / "duckdb"), copy_project(tmp_path / "spark", "spark")
    )


def test_leadscore_demo_runs_on_spark(tmp_path: Path) -> None:
    """`leadscore --target spark demo`: the demo world written through Spark, the Dagster graph
    (dbt's events read from its output, the checks, the alert queue), the top leads."""
    from orchestration.alerting.store import AlertStore

    settings = {"LEADSCORE_SPARK_DIR": str(tmp_path / "spark")}
    # without the evaluation loop's 43 backtested dates: one date through Dagster already takes
    # about 4 minutes on local Spark with 2 cores (the loop is tested on DuckDB)
    result = leadscore_demo("spark", tmp_path, 300, settings, "--no-evaluation")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Skipping step" not in output, output[-4000:]  # every dbt event reached Dagster
    assert "Top 10 leads on sheet" in result.stdout
    assert "Marts are in the spark warehouse" in result.stdout
    assert AlertStore(tmp_path / "alerts.sqlite").max_seq() > 0
    assert not (tmp_path / "unused.duckdb").exists()
