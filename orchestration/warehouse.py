"""The raw schema (SPEC §3) in a DuckDB file: table definitions and bulk loading."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

RAW_SCHEMA = "raw"

# Column names and types of every raw table, in order (SPEC §3).
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
    },
    "opportunities": {
        "opportunity_id": "varchar",
        "lead_id": "varchar",
        "account_id": "varchar",
        "created_at": "timestamp",
        "is_won": "boolean",
        "amount": "decimal(20,2)",
    },
}

_NULL = r"\N"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path))


# The incremental activity models and their load log (dbt_project/models/intermediate). They
# hold what was loaded from raw rows so far; when raw is replaced rather than appended to, that
# is meaningless, so they go with it and the next dbt run builds them in full.
INCREMENTAL_ACTIVITY_STATE = [
    "intermediate.int_activity_dates_loaded",
    "intermediate.int_activity_matchers_loaded",
    "intermediate.int_activity_key_duplicates",
    "intermediate.int_activities_rejected",
    "intermediate.int_activities_matched_daily",
]


def create_raw_tables(con: duckdb.DuckDBPyConnection, *, replace: bool) -> None:
    """Create the four raw tables. With `replace`, drop existing ones, and the incremental state
    derived from them."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    if replace:
        for table in INCREMENTAL_ACTIVITY_STATE:
            con.execute(f"drop table if exists {table}")
    for table, columns in RAW_TABLES.items():
        body = ", ".join(f"{name} {type_}" for name, type_ in columns.items())
        verb = "create or replace table" if replace else "create table if not exists"
        con.execute(f"{verb} {RAW_SCHEMA}.{table} ({body})")


def _typed_csv_reader(table: str) -> str:
    """A DuckDB read_csv of a file written by write_csv, with the table's column types."""
    types = ", ".join(f"'{name}': '{type_}'" for name, type_ in RAW_TABLES[table].items())
    return (
        f"read_csv(?, header = true, columns = {{{types}}}, nullstr = '{_NULL}', "
        "allow_quoted_nulls = false, auto_detect = false)"
    )


def write_csv(path: Path, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (tuples in RAW_TABLES column order; None is null) as CSV; returns the count."""
    count = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RAW_TABLES[table])
        for row in rows:
            writer.writerow(_NULL if value is None else value for value in row)
            count += 1
    return count


def append_csv(con: duckdb.DuckDBPyConnection, table: str, csv_path: Path) -> None:
    """Append a file written by write_csv to raw.<table>."""
    con.execute(
        f"insert into {RAW_SCHEMA}.{table} select * from {_typed_csv_reader(table)}",
        [str(csv_path)],
    )


def csv_to_parquet(table: str, csv_path: Path, parquet_path: Path) -> None:
    """Convert a file written by write_csv into a typed Parquet file (for the importer)."""
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from {_typed_csv_reader(table)}) to '{parquet_path}' (format parquet)",
            [str(csv_path)],
        )


def append_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Bulk-append rows (tuples in RAW_TABLES column order; None is null) through a CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / f"{table}.csv"
        count = write_csv(csv_path, table, rows)
        if count:
            append_csv(con, table, csv_path)
    return count
