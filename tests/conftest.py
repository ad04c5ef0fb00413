from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from tests.support.engine_comparison import two_days
from tests.support.harness import Project, copy_project
from tests.support.postgres_server import PostgresServer


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
