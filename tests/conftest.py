from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from orchestration import settings
from orchestration.dbt import runner
from orchestration.warehouse.postgres_server import PostgresServer
from orchestration.warehouse.spark_server import SparkServer
from tests.support.engine_comparison import two_days
from tests.support.harness import Project, copy_project, save_parse
from tests.support.spark_server import start_small_world_server

# `make test` hands whole files to its two workers (--dist loadfile) in collection order
# (--no-loadscope-reorder). The longest files go first, so that neither worker is left alone
# with a long file at the end while the other idles. Minutes per file in a run of 8b86768:
# spark 32, history 18, incremental 17.5, spark_demo 14.4, benchmark 9.1, scoring_performance
# 8.2, decay_sums 7.2, broken_sheets 5.3; at 97f6068, buying_groups 9, benchmark_targets 5,
# evaluation, postgres and score_timeline 4 to 5. The rest take less and keep their order.
LONGEST_FIRST = (
    "test_spark.py",
    "test_history.py",
    "test_incremental.py",
    "test_spark_demo.py",
    "test_benchmark.py",
    "test_buying_groups.py",
    "test_scoring_performance.py",
    "test_decay_sums.py",
    "test_broken_sheets.py",
    "test_benchmark_targets.py",
    "test_evaluation.py",
    "test_postgres.py",
    "test_score_timeline.py",
)


def pytest_configure(config: pytest.Config) -> None:
    runner.keep_dbt_loaded()  # each worker imports dbt once, not in every call (about 4 s each)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable within a file


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A private copy of the dbt project and seeds with its own DuckDB file."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the test session on 127.0.0.1 (one per xdist worker)."""
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spark_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkServer]:
    """A Spark server of the test session on 127.0.0.1 (one per xdist worker), which holds one
    project at a time (tests/support/spark_server.py)."""
    server = start_small_world_server(tmp_path_factory.mktemp("spark-server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def two_days_on_duckdb(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Project:
    """The engine comparisons' DuckDB side (engine_comparison.two_days), built once for the
    whole run, by whichever worker asks first; read-only for the tests."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the run's, not one worker's
    folder = shared / "two_days_on_duckdb"
    with FileLock(f"{folder}.lock"):
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            two_days(copy_project(folder))
            (folder / "built").touch()
    return Project(folder)


@pytest.fixture(scope="session")
def dagster_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of this worker's Dagster warehouse, with dbt's saved parse of the shipped
    project for that file: the Dagster tests of a worker take turns with one DuckDB path, so
    their dbt calls start from the saved parse instead of parsing the project (about 7 s a
    call; dbt parses again whenever the profile's path differs)."""
    folder = tmp_path_factory.mktemp("dagster-warehouse")
    save_parse(
        settings.DBT_PROJECT_DIR, str(folder / "warehouse.duckdb"), folder / "target", moves=False
    )
    return folder


@pytest.fixture
def dagster_warehouse(dagster_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty DuckDB path for a Dagster run of this test, its alert queues beside it, and
    dbt's saved parse where Dagster's dbt resource looks for it (DBT_TARGET_PATH)."""
    for leftover in dagster_folder.glob("warehouse.duckdb*"):
        leftover.unlink()
    for queue in ("alerts.sqlite", "mqa_alerts.sqlite"):
        (dagster_folder / queue).unlink(missing_ok=True)
    db = dagster_folder / "warehouse.duckdb"
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(db))
    monkeypatch.setenv("LEADSCORE_ALERT_STORE", str(dagster_folder / "alerts.sqlite"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(dagster_folder / "target"))
    monkeypatch.delenv("LEADSCORE_LANDING_DIR", raising=False)
    return db
