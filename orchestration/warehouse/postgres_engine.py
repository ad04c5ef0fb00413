"""A PostgreSQL server, with the connection settings of the `postgres` dbt output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg2

from .base import Engine
from .profile import profile_output


class PostgresEngine(Engine):
    target = "postgres"
    double_type = "double precision"

    def __init__(self) -> None:
        output = profile_output("postgres")
        self.con = psycopg2.connect(
            host=output["host"],
            port=int(output["port"]),
            user=output["user"],
            password=output["password"] or None,
            dbname=output["dbname"],
        )
        self.con.autocommit = True
        # timestamps with a zone read and print in UTC, whatever the server's or PGTZ says
        self.execute("set timezone to 'UTC'")

    @staticmethod
    def _paramstyle(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.con.cursor() as cursor:
            cursor.execute(self._paramstyle(sql), list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        with self.con.cursor() as cursor:
            cursor.execute(self._paramstyle(sql), list(params))
            return [column.name for column in cursor.description], cursor.fetchall()

    def append_csv(self, table: str, csv_path: Path) -> int:
        from . import NULL_TEXT, RAW_SCHEMA, RAW_TABLES

        columns = ", ".join(RAW_TABLES[table])
        copy = (
            f"copy {RAW_SCHEMA}.{table} ({columns}) from stdin"
            f" with (format csv, header true, null '{NULL_TEXT}')"
        )
        with self.con.cursor() as cursor, csv_path.open() as handle:
            cursor.copy_expert(copy, handle)
            rows = cursor.rowcount
            # the planner's statistics now, not when autovacuum comes round: a table it still
            # believes empty (just created or truncated) gets joined in a nested loop
            cursor.execute(f"analyze {RAW_SCHEMA}.{table}")
            return rows

    def _disconnect(self) -> None:
        self.con.close()
