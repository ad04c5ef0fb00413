"""Imports a folder of CSV or Parquet files into the raw tables (SPEC §3).

A file belongs to the table its name starts with (`activities.csv`,
`activities_2026-06-30.parquet`). Every file is checked before anything is loaded: a file
without a required column is refused, naming the file and the column, and nothing of the
import is loaded. A file already imported (same content) is skipped, so re-importing adds
nothing twice. Extra columns are ignored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .. import warehouse

IMPORTS_TABLE = f"{warehouse.RAW_SCHEMA}._landing_imports"
READERS = {".csv": "read_csv", ".parquet": "read_parquet"}


class LandingFileError(ValueError):
    """A landing file that cannot be imported; the message names the file and the problem."""


@dataclass(frozen=True)
class LandingFile:
    path: Path
    table: str
    sha256: str

    @property
    def reader(self) -> str:
        options = ", header = true, all_varchar = true" if self.path.suffix == ".csv" else ""
        return f"{READERS[self.path.suffix]}(?{options})"


@dataclass(frozen=True)
class ImportReport:
    loaded: dict[str, int]  # file name -> rows
    skipped: list[str]  # already imported


def _table_for(path: Path) -> str:
    for table in sorted(warehouse.RAW_TABLES, key=len, reverse=True):
        if path.stem == table or path.stem.startswith(f"{table}_"):
            return table
    raise LandingFileError(
        f"{path}: no raw table matches this file name; name it after one of "
        f"{', '.join(warehouse.RAW_TABLES)} (e.g. activities_2026-06-30.csv)"
    )


def find_files(folder: Path) -> list[LandingFile]:
    if not folder.is_dir():
        raise LandingFileError(f"{folder}: the landing folder does not exist")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS)
    return [
        LandingFile(path=p, table=_table_for(p), sha256=hashlib.sha256(p.read_bytes()).hexdigest())
        for p in files
    ]


def _check_columns(con: duckdb.DuckDBPyConnection, file: LandingFile) -> None:
    try:
        described = con.execute(f"describe select * from {file.reader}", [str(file.path)])
        columns = {row[0].lower() for row in described.fetchall()}
    except duckdb.Error as error:
        raise LandingFileError(
            f"{file.path}: cannot be read as {file.path.suffix}: {error}"
        ) from error
    for column in warehouse.RAW_TABLES[file.table]:
        if column not in columns:
            raise LandingFileError(
                f"{file.path}: required column '{column}' of raw.{file.table} is missing; "
                "nothing was imported. Add the column (it may be empty) and import again."
            )


def import_folder(con: duckdb.DuckDBPyConnection, folder: Path) -> ImportReport:
    """Load every new file of `folder` in one transaction (all or nothing)."""
    warehouse.create_raw_tables(con, replace=False)
    con.execute(
        f"create table if not exists {IMPORTS_TABLE} (sha256 varchar primary key, "
        "file_name varchar, source_table varchar, row_count bigint, imported_at timestamp)"
    )
    files = find_files(folder)
    for file in files:
        _check_columns(con, file)
    seen = {row[0] for row in con.execute(f"select sha256 from {IMPORTS_TABLE}").fetchall()}
    loaded: dict[str, int] = {}
    skipped: list[str] = []
    con.execute("begin transaction")
    try:
        for file in files:
            if file.sha256 in seen:
                skipped.append(file.path.name)
                continue
            columns = warehouse.RAW_TABLES[file.table]
            select = ", ".join(
                f"cast({name} as {type_}) as {name}" for name, type_ in columns.items()
            )
            try:
                rows = con.execute(
                    f"insert into {warehouse.RAW_SCHEMA}.{file.table} select {select} "
                    f"from {file.reader}",
                    [str(file.path)],
                ).fetchone()[0]
            except duckdb.Error as error:
                raise LandingFileError(
                    f"{file.path}: a value does not fit raw.{file.table}; nothing was "
                    f"imported: {error}"
                ) from error
            con.execute(
                f"insert into {IMPORTS_TABLE} values (?, ?, ?, ?, current_timestamp)",
                [file.sha256, file.path.name, file.table, rows],
            )
            seen.add(file.sha256)
            loaded[file.path.name] = rows
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return ImportReport(loaded=loaded, skipped=skipped)
