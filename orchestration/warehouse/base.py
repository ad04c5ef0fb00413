"""What the pipeline needs of a warehouse engine: run SQL, create and append to raw tables."""

from __future__ import annotations

import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np


class Engine(ABC):
    """A connection to one warehouse. SQL takes `?` placeholders on every engine."""

    target: str
    string_type = "varchar"  # how raw text columns are declared
    double_type = "double"
    table_options = ""  # what follows the columns of `create table`

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Column names and rows of a query."""

    @abstractmethod
    def append_csv(self, table: str, csv_path: Path) -> int:
        """Append a file written by `warehouse.write_csv` to raw.<table>; returns its rows."""

    @abstractmethod
    def _disconnect(self) -> None: ...

    def on_close(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the connection is closed (open_engine releases its lock)."""
        self._on_close = [*getattr(self, "_on_close", []), callback]

    def close(self) -> None:
        try:
            self._disconnect()
        finally:
            for callback in getattr(self, "_on_close", []):
                callback()
            self._on_close = []

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is committed together or not at all."""
        self.execute("begin")
        try:
            yield
        except BaseException:
            self.execute("rollback")
            raise
        self.execute("commit")

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.query(sql, params)[1]

    def columns(self, sql: str, params: Sequence[Any] = ()) -> dict[str, np.ndarray]:
        """A query's columns as arrays, by name: for results of millions of rows."""
        names, rows = self.query(sql, params)
        values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        return {name: np.array(column) for name, column in zip(names, values, strict=True)}

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        columns, rows = self.query(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def relation_exists(self, schema: str, name: str) -> bool:
        return bool(
            self.fetchall(
                "select count(*) from information_schema.tables"
                " where table_schema = ? and table_name = ?",
                [schema, name],
            )[0][0]
        )

    def drop_schema(self, schema: str) -> None:
        """Drop `schema` and everything in it, if it exists."""
        self.execute(f"drop schema if exists {schema} cascade")

    add_column_sql = "alter table {table} add column {column} {type}"

    @classmethod
    def column_type(cls, type_: str) -> str:
        """How a column type of RAW_TABLES (varchar, double, ...) is declared on this engine."""
        return {"varchar": cls.string_type, "double": cls.double_type}.get(type_, type_)

    def create_raw_tables(self, *, replace: bool) -> None:
        """Create the raw tables; with `replace`, drop existing ones first. (The next dbt run
        finds every date whose rows changed by their fingerprints: nothing else to reset.) A
        table kept from an older version gains the optional columns it lacks, as nulls."""
        from . import OPTIONAL_COLUMNS, RAW_SCHEMA, RAW_TABLES

        self.execute(f"create schema if not exists {RAW_SCHEMA}")
        for table, columns in RAW_TABLES.items():
            self.create_table(f"{RAW_SCHEMA}.{table}", columns, replace=replace)
            present, _ = self.query(f"select * from {RAW_SCHEMA}.{table} where 1 = 0")
            for column in OPTIONAL_COLUMNS.get(table, []):
                if column not in {name.lower() for name in present}:
                    type_ = self.column_type(columns[column])
                    self.execute(
                        self.add_column_sql.format(
                            table=f"{RAW_SCHEMA}.{table}", column=column, type=type_
                        )
                    )

    def create_table(self, table: str, columns: dict[str, str], *, replace: bool) -> None:
        """Create `table` with `columns` ({name: type as in RAW_TABLES}) unless it exists; with
        `replace`, drop it first."""
        if replace:
            self.execute(f"drop table if exists {table}")
        body = ", ".join(f"{name} {self.column_type(t)}" for name, t in columns.items())
        self.execute(f"create table if not exists {table} ({body}){self.table_options}")

    def append_rows(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Bulk-append rows (tuples in RAW_TABLES column order; None is null)."""
        from . import write_csv

        with tempfile.TemporaryDirectory() as folder:
            csv_path = Path(folder) / f"{table}.csv"
            count = write_csv(csv_path, table, rows)
            if count:
                self.append_csv(table, csv_path)
        return count

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
