"""Apache Spark with the `spark` dbt output's settings: the same metastore and table folder
as dbt's session mode.

The session runs in a child process that lives as long as the engine: Spark's embedded
metastore (Derby) admits one process at a time, and only the end of the process that holds
it lets go, so closing the engine frees the metastore for the dbt run that follows.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .base import Engine
from .profile import profile_output


class SparkEngine(Engine):
    target = "spark"
    string_type = "string"
    table_options = " using parquet"
    add_column_sql = "alter table {table} add columns ({column} {type})"

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child_end = context.Pipe()
        self._child = context.Process(
            target=_serve, args=(child_end, profile_output("spark")), daemon=True
        )
        self._child.start()
        child_end.close()

    def _call(self, method: str, *args: Any) -> Any:
        try:
            self._pipe.send((method, args))
            ok, result = self._pipe.recv()
        except (EOFError, OSError) as error:  # the child is gone
            raise RuntimeError(
                "the Spark session's process ended (its error is printed above); Spark needs "
                "Java 17 (java on PATH or JAVA_HOME)"
            ) from error
        if not ok:
            raise RuntimeError(f"Spark: {result}")
        return result

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._call("execute", sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        return self._call("query", sql, list(params))

    def relation_exists(self, schema: str, name: str) -> bool:
        return self._call("relation_exists", schema, name)

    def append_csv(self, table: str, csv_path: Path) -> int:
        return self._call("append_csv", table, str(csv_path))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # Spark tables on Parquet have no transactions: each statement stands alone

    def _disconnect(self) -> None:
        with suppress(OSError):  # the child may have ended already
            self._pipe.send(None)
        self._child.join()
        self._pipe.close()


class _Session:
    """The child's side: a Spark session and what the engine asks of it."""

    def __init__(self, output: dict[str, Any]) -> None:
        from pyspark.sql import SparkSession

        from .. import settings

        # relative paths of the profile (the default LEADSCORE_SPARK_DIR) are dbt's: from the
        # project folder, where dbt runs
        os.chdir(settings.DBT_PROJECT_DIR)

        builder = SparkSession.builder.appName("leadscore").enableHiveSupport()
        for key, value in output["server_side_parameters"].items():
            builder = builder.config(key, value)
        self.spark = builder.getOrCreate()

    def execute(self, sql: str, params: list[Any]) -> None:
        self.spark.sql(sql, args=params or None)

    def query(self, sql: str, params: list[Any]) -> tuple[list[str], list[tuple]]:
        frame = self.spark.sql(sql, args=params or None)
        return frame.columns, [tuple(row) for row in frame.collect()]

    def relation_exists(self, schema: str, name: str) -> bool:
        return self.spark.catalog.tableExists(f"{schema}.{name}")

    def append_csv(self, table: str, csv_path: str) -> int:
        from . import RAW_SCHEMA, RAW_TABLES, csv_to_parquet

        # DuckDB types the CSV into Parquet; Spark casts it into the table's columns.
        with tempfile.TemporaryDirectory() as folder:
            parquet = Path(folder) / f"{table}.parquet"
            csv_to_parquet(table, Path(csv_path), parquet)
            frame = self.spark.read.parquet(str(parquet))
            columns = RAW_TABLES[table].items()
            typed = frame.selectExpr(
                *(f"cast({name} as {SparkEngine.column_type(t)}) as {name}" for name, t in columns)
            )
            typed.write.insertInto(f"{RAW_SCHEMA}.{table}")
            return frame.count()


def _serve(pipe, output: dict[str, Any]) -> None:
    session = _Session(output)
    try:
        while (request := pipe.recv()) is not None:
            method, args = request
            try:
                pipe.send((True, getattr(session, method)(*args)))
            except Exception as error:  # reported to the parent, which raises it
                pipe.send((False, f"{type(error).__name__}: {error}"))
    finally:
        session.spark.stop()
