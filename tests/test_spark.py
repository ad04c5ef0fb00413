"""The same project on Apache Spark (dbt-spark session mode, a local Spark in the dbt process):
every mart equals DuckDB's after a full and an incremental run; broken sheets fail there as
on DuckDB. The demo on Spark is tests/test_spark_demo.py (a file of its own, so the two run
on different workers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.engine_comparison import (
    assert_broken_sheets_fail_as_on_duckdb,
    assert_same_marts,
    two_days,
)
from tests.support.harness import Project, copy_project

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def on_spark(tmp_path_factory: pytest.TempPathFactory) -> Project:
    # the metastore and tables live in the project's own folder (LEADSCORE_SPARK_DIR)
    # its sheets write whole numbers as 30.0 or +1: read as DuckDB reads 30 and 1
    return two_days(copy_project(tmp_path_factory.mktemp("spark"), "spark"), decimal_notation=True)


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    two_days_on_duckdb: Project, on_spark: Project
) -> None:
    assert_same_marts(two_days_on_duckdb, on_spark)


def test_broken_sheets_fail_with_the_problems_duckdb_lists(tmp_path: Path) -> None:
    assert_broken_sheets_fail_as_on_duckdb(copy_project(tmp_path, "spark"))
