from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
