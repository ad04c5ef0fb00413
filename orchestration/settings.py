"""Paths and settings, from environment variables with safe defaults. Nothing heavy here."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SEEDS_DIR = REPO_ROOT / "seeds"


def duckdb_path() -> Path:
    """The warehouse file: LEADSCORE_DUCKDB_PATH, default data/leadscore.duckdb in the repo."""
    configured = os.environ.get("LEADSCORE_DUCKDB_PATH")
    return Path(configured).resolve() if configured else REPO_ROOT / "data" / "leadscore.duckdb"
