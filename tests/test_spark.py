"""The same project on Apache Spark (dbt-spark session mode, a local Spark in the dbt process):
every mart equals DuckDB's after a full and an incremental run."""

from __future__ import annotations

import pytest

from tests.engine_comparison import assert_same_marts, two_days
from tests.harness import Project, copy_project


@pytest.fixture(scope="module")
def on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return two_days(copy_project(tmp_path_factory.mktemp("duckdb")))


@pytest.fixture(scope="module")
def on_spark(tmp_path_factory: pytest.TempPathFactory) -> Project:
    # the metastore and tables live in the project's own folder (LEADSCORE_SPARK_DIR)
    return two_days(copy_project(tmp_path_factory.mktemp("spark"), "spark"))


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    on_duckdb: Project, on_spark: Project
) -> None:
    assert_same_marts(on_duckdb, on_spark)
