"""Apache Spark in this process (like dbt-spark's session mode), with the `spark` dbt output's
settings: the same metastore and table folder as dbt.

The metastore (embedded Derby) admits one process at a time: close this engine's process
before dbt runs, as Dagster's step processes and the tests' helper processes do.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import Engine
from .profile import profile_output


class SparkEngine(Engine):
    target = "spark"
    string_type = "string"
    table_options = " using parquet"

    def __init__(self) -> None:
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("leadscore").enableHiveSupport()
        for key, value in profile_output("spark")["server_side_parameters"].items():
            builder = builder.config(key, value)
        self.spark = builder.getOrCreate()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.spark.sql(sql, args=list(params) or None)

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        frame = self.spark.sql(sql, args=list(params) or None)
        return frame.columns, [tuple(row) for row in frame.collect()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # Spark tables on Parquet have no transactions: each statement stands alone

    def relation_exists(self, schema: str, name: str) -> bool:
        return self.spark.catalog.tableExists(f"{schema}.{name}")

    def append_csv(self, table: str, csv_path: Path) -> int:
        from . import RAW_SCHEMA, RAW_TABLES, csv_to_parquet

        # DuckDB types the CSV into Parquet; Spark casts it into the table's columns.
        with tempfile.TemporaryDirectory() as folder:
            parquet = Path(folder) / f"{table}.parquet"
            csv_to_parquet(table, csv_path, parquet)
            frame = self.spark.read.parquet(str(parquet))
            columns = RAW_TABLES[table].items()
            typed = frame.selectExpr(
                *(f"cast({name} as {self.column_type(t)}) as {name}" for name, t in columns)
            )
            typed.write.insertInto(f"{RAW_SCHEMA}.{table}")
            return frame.count()

    def close(self) -> None:
        self.spark.stop()
