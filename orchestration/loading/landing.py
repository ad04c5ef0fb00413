"""Imports a folder of CSV or Parquet files into the raw tables (SPEC §3).

A file belongs to the table its name starts with (`activities.csv`,
`activities_2026-06-30.parquet`). Every file is checked before anything is loaded: a file
without a required column is refused, naming the file and the column, and nothing of the
import is loaded. A file already imported (same content) is skipped, so re-importing adds
nothing twice. Extra columns are ignored.

Files are read and typed by an in-memory DuckDB, whatever the warehouse, into the CSV form
every engine appends (`Engine.append_csv`).
"""

from __future__ import annotations

import hashlib
import tempfile
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


def _check_columns(reader: duckdb.DuckDBPyConnection, file: LandingFile) -> set[str]:
    """The file's columns, once every required column of its table is found among them (an
    optional column may be left out: SPEC §3)."""
    try:
        described = reader.execute(f"describe select * from {file.reader}", [str(file.path)])
        columns = {row[0].lower() for row in described.fetchall()}
    except duckdb.Error as error:
        raise LandingFileError(
            f"{file.path}: cannot be read as {file.path.suffix}: {error}"
        ) from error
    optional = warehouse.OPTIONAL_COLUMNS.get(file.table, [])
    for column in warehouse.RAW_TABLES[file.table]:
        if column not in columns and column not in optional:
            raise LandingFileError(
                f"{file.path}: required column '{column}' of raw.{file.table} is missing; "
                "nothing was imported. Add the column (it may be empty) and import again."
            )
    return columns


def _typed(name: str, type_: str, columns: set[str]) -> str:
    """A column cast to its raw type (null when the file has no such column). Timestamps become
    UTC instants without a zone (SPEC §3): through `timestamp with time zone` in the reader's
    UTC session, so text with an offset and a zoned Parquet column are converted to UTC, and a
    value without a zone is read as UTC."""
    if name not in columns:
        return f"cast(null as {type_}) as {name}"
    if type_ == "timestamp":
        return f"cast(cast({name} as timestamptz) as timestamp) as {name}"
    return f"cast({name} as {type_}) as {name}"


def _typed_csv(
    reader: duckdb.DuckDBPyConnection, file: LandingFile, folder: Path, columns: set[str]
) -> Path:
    """The raw table's columns from the file, cast to their types, as a CSV to append."""
    select = ", ".join(
        _typed(name, t, columns) for name, t in warehouse.RAW_TABLES[file.table].items()
    )
    typed = folder / f"{file.sha256}.csv"
    try:
        reader.execute(
            f"copy (select {select} from {file.reader}) to '{typed}'"
            f" (header, nullstr '{warehouse.NULL_TEXT}')",
            [str(file.path)],
        )
    except duckdb.Error as error:
        raise LandingFileError(
            f"{file.path}: a value does not fit raw.{file.table}; nothing was imported: {error}"
        ) from error
    return typed


def import_folder(engine: warehouse.Engine, folder: Path) -> ImportReport:
    """Load every new file of `folder`: all files are read and typed first, then loaded in
    one transaction (all or nothing; on Spark, which has none, file by file)."""
    engine.create_raw_tables(replace=False)
    text = engine.column_type("varchar")
    engine.execute(
        f"create table if not exists {IMPORTS_TABLE} (sha256 {text}, file_name {text}, "
        f"source_table {text}, row_count bigint, imported_at timestamp){engine.table_options}"
    )
    files = find_files(folder)
    seen = {row[0] for row in engine.fetchall(f"select sha256 from {IMPORTS_TABLE}")}
    new = list({file.sha256: file for file in files if file.sha256 not in seen}.values())
    skipped = [file.path.name for file in files if file not in new]
    loaded: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch, duckdb.connect() as reader:
        reader.execute("set TimeZone = 'UTC'")
        columns = {file.sha256: _check_columns(reader, file) for file in files}
        typed = {
            file.sha256: _typed_csv(reader, file, Path(scratch), columns[file.sha256])
            for file in new
        }
        with engine.transaction():
            for file in new:
                rows = engine.append_csv(file.table, typed[file.sha256])
                engine.execute(
                    f"insert into {IMPORTS_TABLE} values (?, ?, ?, ?, current_timestamp)",
                    [file.sha256, file.path.name, file.table, rows],
                )
                loaded[file.path.name] = rows
    return ImportReport(loaded=loaded, skipped=skipped)
