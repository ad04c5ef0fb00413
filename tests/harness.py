"""A throwaway copy of the dbt project, its seeds and a DuckDB file, for one test.

Each test gets its own project copy (so it can edit the scoring sheets) and its own
database file (DuckDB allows one writer per file), and runs the real dbt command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from orchestration import settings, warehouse


@dataclass
class Project:
    root: Path

    @property
    def dbt_dir(self) -> Path:
        return self.root / "dbt_project"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def db(self) -> Path:
        return self.root / "warehouse.duckdb"

    def write_seed(self, name: str, text: str) -> None:
        """Replace seeds/<name>.csv with `text` (leading indentation stripped)."""
        lines = [line.strip() for line in text.strip().splitlines()]
        (self.seeds_dir / f"{name}.csv").write_text("\n".join(lines) + "\n")

    def edit_seed(self, name: str, old: str, new: str, *, every: bool = False) -> None:
        """Replace the first (or `every`) occurrence of `old` in seeds/<name>.csv."""
        path = self.seeds_dir / f"{name}.csv"
        text = path.read_text()
        assert old in text, f"{old!r} not in {path.name}"
        path.write_text(text.replace(old, new, -1 if every else 1))

    def load_raw(self, tables: dict[str, Sequence[Sequence[Any]]]) -> None:
        """Create the raw tables and append rows (tuples in SPEC §3 column order)."""
        con = warehouse.connect(self.db)
        try:
            warehouse.create_raw_tables(con, replace=True)
            for table, rows in tables.items():
                warehouse.append_rows(con, table, rows)
        finally:
            con.close()

    def append_raw(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Append rows (tuples in SPEC §3 column order) to raw.<table>, as a loader would."""
        con = warehouse.connect(self.db)
        try:
            warehouse.append_rows(con, table, rows)
        finally:
            con.close()

    def clone(self, destination: Path) -> Project:
        """A copy of this project's dbt project, seeds and raw tables, with nothing built."""
        _copy_tree(self.dbt_dir, self.seeds_dir, destination)
        clone = Project(destination)
        with duckdb.connect(str(clone.db)) as con:
            con.execute(f"attach '{self.db}' as source (read_only)")
            con.execute(f"create schema {warehouse.RAW_SCHEMA}")
            for table in warehouse.RAW_TABLES:
                con.execute(
                    f"create table {warehouse.RAW_SCHEMA}.{table} as"
                    f" select * from source.{warehouse.RAW_SCHEMA}.{table}"
                )
        return clone

    def dbt(self, *args: str) -> subprocess.CompletedProcess[str]:
        dbt = Path(sys.executable).parent / "dbt"
        env = {
            **os.environ,
            "LEADSCORE_DUCKDB_PATH": str(self.db),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        return subprocess.run(
            [
                str(dbt),
                *args,
                "--project-dir",
                str(self.dbt_dir),
                "--profiles-dir",
                str(self.dbt_dir),
            ],
            cwd=self.dbt_dir,
            env=env,
            capture_output=True,
            text=True,
        )

    def build(self, score_date: str, *extra: str) -> subprocess.CompletedProcess[str]:
        result = self.dbt("build", "--vars", f"{{score_date: '{score_date}'}}", *extra)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        return result

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()


def _copy_tree(dbt_dir: Path, seeds_dir: Path, destination: Path) -> None:
    ignore = shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml")
    shutil.copytree(dbt_dir, destination / "dbt_project", ignore=ignore)
    shutil.copytree(seeds_dir, destination / "seeds")


def copy_project(destination: Path) -> Project:
    """Copy dbt_project/ (without build output) and seeds/ into `destination`."""
    _copy_tree(settings.DBT_PROJECT_DIR, settings.SEEDS_DIR, destination)
    return Project(destination)
