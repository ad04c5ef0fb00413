"""Apache Spark with the `spark` dbt output's settings.

In session mode (the default) the engine's Spark runs in a child process that lives as long as
the engine, with the same metastore and table folder as dbt's session mode: Spark's embedded
metastore (Derby) admits one process at a time, and only the end of the process that holds it
lets go, so closing the engine frees the metastore for the dbt run that follows. When dbt
reaches a Spark server (settings.spark_connect_url()), the engine is a Spark Connect client of
that server, in this process (docs/spark.md).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import settings
from .base import Engine
from .profile import profile_output

# rows a Spark Connect client sends in one batch of a raw table's append
_ROWS_PER_BATCH = 500_000


class SparkEngine(Engine):
    target = "spark"
    string_type = "string"
    table_options = " using parquet"
    add_column_sql = "alter table {table} add columns ({column} {type})"

    def __init__(self) -> None:
        self._url = settings.spark_connect_url()
        self._remote = _Session.connect(self._url) if self._url else None
        if self._remote is None:
            context = multiprocessing.get_context("spawn")
            self._pipe, child_end = context.Pipe()
            self._child = context.Process(
                target=_serve, args=(child_end, profile_output("spark")), daemon=True
            )
            self._child.start()
            child_end.close()

    def _call(self, method: str, *args: Any) -> Any:
        if self._remote is not None:
            try:
                return getattr(self._remote, method)(*args)
            except Exception as error:
                raise RuntimeError(
                    f"the Spark server at {self._url}: {type(error).__name__}: {error}"
                ) from error
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
        if self._remote is not None:
            self._remote.spark.stop()  # this client's session; the server stays
            return
        with suppress(OSError):  # the child may have ended already
            self._pipe.send(None)
        self._child.join()
        self._pipe.close()


class _Session:
    """A Spark session and what the engine asks of it: the child's own (session mode), or a
    Spark Connect client of a server."""

    def __init__(self, spark: Any, *, remote: bool) -> None:
        self.spark = spark
        self.remote = remote

    @classmethod
    def local(cls, output: dict[str, Any]) -> _Session:
        from pyspark.sql import SparkSession

        # relative paths of the profile (the default LEADSCORE_SPARK_DIR) are dbt's: from the
        # project folder, where dbt runs
        os.chdir(settings.DBT_PROJECT_DIR)

        builder = SparkSession.builder.appName("leadscore").enableHiveSupport()
        for key, value in output["server_side_parameters"].items():
            builder = builder.config(key, value)
        return cls(builder.getOrCreate(), remote=False)

    @classmethod
    def connect(cls, url: str) -> _Session:
        # Spark Connect retries an unreachable server for minutes: say so at once instead
        address = urlsplit(url.replace("sc://", "http://", 1))
        try:
            socket.create_connection(
                (address.hostname, address.port or settings.SPARK_CONNECT_PORT), timeout=10
            ).close()
        except OSError as error:
            raise RuntimeError(
                f"no Spark server answers at {url} (LEADSCORE_SPARK_CONNECT_URL): {error}. Start"
                " one (`leadscore spark-server`, docs/spark.md), or unset LEADSCORE_SPARK_METHOD"
                " and LEADSCORE_SPARK_CONNECT_URL for a local Spark session"
            ) from error
        # pyspark 4.3 asks for pandas < 3 when its client loads (again when it reports an
        # error); nothing here reads pandas through it
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
        from pyspark.sql import SparkSession

        # a failed statement is raised with its message; pyspark would also log the server's
        # whole Java stack trace as an error line
        logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
        return cls(SparkSession.builder.remote(url).create(), remote=True)

    def execute(self, sql: str, params: list[Any]) -> None:
        self.spark.sql(sql, args=params or None)

    def query(self, sql: str, params: list[Any]) -> tuple[list[str], list[tuple]]:
        frame = self.spark.sql(sql, args=params or None)
        return frame.columns, [tuple(row) for row in frame.collect()]

    def relation_exists(self, schema: str, name: str) -> bool:
        return self.spark.catalog.tableExists(f"{schema}.{name}")

    def append_csv(self, table: str, csv_path: str) -> int:
        """DuckDB types the CSV; Spark casts it into the table's columns. A local session reads
        it as a Parquet file; a server, which may not see this machine's files, is sent it in
        Arrow batches."""
        from . import RAW_SCHEMA, RAW_TABLES, csv_to_arrow_batches, csv_to_parquet

        casts = [
            f"cast({name} as {SparkEngine.column_type(type_)}) as {name}"
            for name, type_ in RAW_TABLES[table].items()
        ]
        if self.remote:
            rows = 0
            for batch in csv_to_arrow_batches(table, Path(csv_path), _ROWS_PER_BATCH):
                frame = self.spark.createDataFrame(batch)
                frame.selectExpr(*casts).write.insertInto(f"{RAW_SCHEMA}.{table}")
                rows += batch.num_rows
            return rows
        with tempfile.TemporaryDirectory() as folder:
            parquet = Path(folder) / f"{table}.parquet"
            csv_to_parquet(table, Path(csv_path), parquet)
            frame = self.spark.read.parquet(str(parquet))
            frame.selectExpr(*casts).write.insertInto(f"{RAW_SCHEMA}.{table}")
            return frame.count()


def _serve(pipe, output: dict[str, Any]) -> None:
    session = _Session.local(output)
    try:
        while (request := pipe.recv()) is not None:
            method, args = request
            try:
                pipe.send((True, getattr(session, method)(*args)))
            except Exception as error:  # reported to the parent, which raises it
                pipe.send((False, f"{type(error).__name__}: {error}"))
    finally:
        session.spark.stop()
