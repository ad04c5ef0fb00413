"""The embedded default: one DuckDB file (one writer at a time; close before dbt runs)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from .base import Engine


class DuckDBEngine(Engine):
    target = "duckdb"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = duckdb.connect(str(path), read_only=read_only)
        # timestamps with a zone read and print in UTC, whatever the machine's zone
        self.con.execute("set TimeZone = 'UTC'")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        cursor = self.con.execute(sql, list(params))
        return [column[0] for column in cursor.description], cursor.fetchall()

    def columns(self, sql: str, params: Sequence[Any] = ()) -> dict[str, np.ndarray]:
        return self.con.execute(sql, list(params)).fetchnumpy()

    def append_csv(self, table: str, csv_path: Path) -> int:
        from . import RAW_SCHEMA, typed_csv_reader

        cursor = self.con.execute(
            f"insert into {RAW_SCHEMA}.{table} select * from {typed_csv_reader(table)}",
            [str(csv_path)],
        )
        return cursor.fetchone()[0]

    def _disconnect(self) -> None:
        self.con.close()
