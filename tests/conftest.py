from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import Project, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A private copy of the dbt project and seeds with its own DuckDB file."""
    return copy_project(tmp_path)
