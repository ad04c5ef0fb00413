"""The warehouse the pipeline loads raw tables into and reads marts from (contract §3, §8).

The engine follows dbt's target (settings.target(): DBT_TARGET, default `duckdb`, or `postgres`
/ `spark`), with the connection settings of the same output of dbt_project/profiles.yml.
Every writer of the warehouse, and every reader of a DuckDB file, holds `warehouse_lock`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import duckdb

from .. import settings
from .base import Engine
from .lock import warehouse_lock

RAW_SCHEMA = "raw"

# Column names and types of every raw table, in order (contract §3).
RAW_TABLES: dict[str, dict[str, str]] = {
    "leads": {
        "lead_id": "varchar",
        "email": "varchar",
        "job_title": "varchar",
        "country": "varchar",
        "account_id": "varchar",
        "lead_source": "varchar",
        "created_at": "timestamp",
    },
    "accounts": {
        "account_id": "varchar",
        "domain": "varchar",
        "account_name": "varchar",
        "industry": "varchar",
        "employee_count": "integer",
        "annual_revenue": "decimal(20,2)",
        "country": "varchar",
    },
    "activities": {
        "activity_id": "varchar",
        "lead_id": "varchar",
        "activity_type": "varchar",
        "occurred_at": "timestamp",
        "url": "varchar",
        "campaign": "varchar",
        "user_agent": "varchar",
        "ip_address": "varchar",
    },
    "opportunities": {
        "opportunity_id": "varchar",
        "lead_id": "varchar",
        "account_id": "varchar",
        "created_at": "timestamp",
        "is_won": "boolean",
        "amount": "decimal(20,2)",
    },
    "lead_merges": {
        "merged_lead_id": "varchar",
        "surviving_lead_id": "varchar",
        "merged_at": "timestamp",
    },
    # custom attributes (contract §10): a value per (id, attribute) from updated_at on
    "lead_attributes": {
        "lead_id": "varchar",
        "attribute": "varchar",
        "value": "varchar",
        "updated_at": "timestamp",
    },
    "account_attributes": {
        "account_id": "varchar",
        "attribute": "varchar",
        "value": "varchar",
        "updated_at": "timestamp",
    },
}
# columns a raw source may lack (contract §3), read as null; the optional tables are marked in
# dbt_project/models/staging/raw/_raw__sources.yml and read as empty when missing
OPTIONAL_COLUMNS = {"activities": ["user_agent", "ip_address"]}

NULL_TEXT = r"\N"  # how write_csv writes a null


def open_engine(
    target: str | None = None, *, duckdb_path: Path | None = None, read_only: bool = False
) -> Engine:
    """A connection to the warehouse of `target` (default: settings.target()), holding the
    warehouse lock until it is closed. On DuckDB, `duckdb_path` overrides
    LEADSCORE_DUCKDB_PATH, and `read_only` lets others read too."""
    target = target or settings.target()
    path = duckdb_path or settings.duckdb_path()
    lock = ExitStack()
    lock.enter_context(warehouse_lock(write=not read_only, folder=path.parent))
    try:
        engine = _connect(target, path, read_only)
    except BaseException:
        lock.close()
        raise
    engine.on_close(lock.close)
    return engine


def _connect(target: str, duckdb_path: Path, read_only: bool) -> Engine:
    if target == "postgres":
        from .postgres_engine import PostgresEngine

        return PostgresEngine()
    if target == "spark":
        from .spark_engine import SparkEngine

        return SparkEngine()
    from .duckdb_engine import DuckDBEngine

    return DuckDBEngine(duckdb_path, read_only=read_only)


def typed_csv_reader(table: str) -> str:
    """A DuckDB read_csv of a file written by write_csv, with the table's column types."""
    types = ", ".join(f"'{name}': '{type_}'" for name, type_ in RAW_TABLES[table].items())
    return (
        f"read_csv(?, header = true, columns = {{{types}}}, nullstr = '{NULL_TEXT}', "
        "allow_quoted_nulls = false, auto_detect = false)"
    )


def write_csv(path: Path, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (tuples in RAW_TABLES column order; None is null) as CSV; returns the count.
    A row without the table's last, optional, columns has them null."""
    count = 0
    width = len(RAW_TABLES[table])
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RAW_TABLES[table])
        for row in rows:
            padded = (*row, *(None,) * (width - len(row)))
            writer.writerow(NULL_TEXT if value is None else value for value in padded)
            count += 1
    return count


def csv_to_arrow_batches(table: str, csv_path: Path, rows_per_batch: int) -> Iterator[Any]:
    """A file written by write_csv as typed Arrow tables of at most `rows_per_batch` rows."""
    import pyarrow as pa

    with duckdb.connect() as con:
        reader = con.execute(f"select * from {typed_csv_reader(table)}", [str(csv_path)])
        for batch in reader.to_arrow_reader(rows_per_batch):
            yield pa.Table.from_batches([batch])


def csv_to_parquet(table: str, csv_path: Path, parquet_path: Path) -> None:
    """Convert a file written by write_csv into a typed Parquet file (for the importer)."""
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from {typed_csv_reader(table)}) to '{parquet_path}' (format parquet)",
            [str(csv_path)],
        )
