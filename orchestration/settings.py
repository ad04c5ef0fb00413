"""Paths and settings, from environment variables with safe defaults. Nothing heavy here."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SEEDS_DIR = REPO_ROOT / "seeds"


def duckdb_path() -> Path:
    """The warehouse file: LEADSCORE_DUCKDB_PATH, default data/leadscore.duckdb in the repo."""
    configured = os.environ.get("LEADSCORE_DUCKDB_PATH")
    return Path(configured).resolve() if configured else REPO_ROOT / "data" / "leadscore.duckdb"


def output_dir() -> Path:
    """Where commands write files (backtests, suggestions, the report): beside the warehouse
    file, data/ by default."""
    return duckdb_path().parent


def report_path() -> Path:
    """The evaluation report (`leadscore report`, the scoring_report asset)."""
    return output_dir() / "report.html"


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError as error:
        raise ValueError(f"{name} must be a number, got {value!r}") from error


def alert_store_path() -> Path:
    """The queue of MQL alerts (SQLite): LEADSCORE_ALERT_STORE, default data/alerts.sqlite."""
    configured = os.environ.get("LEADSCORE_ALERT_STORE")
    return Path(configured).resolve() if configured else duckdb_path().parent / "alerts.sqlite"


# Dagster concurrency pool of everything that writes or reads the DuckDB file: one at a time.
WAREHOUSE_POOL = "leadscore_warehouse"


def dbt_executable() -> str:
    """`dbt` on PATH, else the one installed beside this Python (the project's venv)."""
    return shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")
