"""Imports a folder of CSV or Parquet files into the raw tables (contract §3).

A file belongs to the table its name starts with (`activities.csv`,
`activities_2026-06-30.parquet`). Every file is checked before anything is loaded: a file
without a required column is refused, naming the file and the column, and nothing of the
import is loaded. A value that does not fit its column's type (`abc` for employee_count) does
not stop the import: the raw tables are typed, so it is landed as null, and the report counts
it by file and column, with examples. A file already imported (same content) is skipped, so
re-importing adds nothing twice. Extra columns are ignored.

Files are read and typed by an in-memory DuckDB, whatever the warehouse, into the CSV form
every engine appends (`Engine.append_csv`).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
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
    # file name -> what did not fit, landed as null: `column: n value(s), e.g. 'abc'`
    bad_values: dict[str, list[str]] = field(default_factory=dict)


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
    optional column may be left out: contract §3)."""
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


def _cast(name: str, type_: str) -> str:
    """A column of the file cast to its raw type; null when its value does not fit. Timestamps
    become UTC instants without a zone (contract §3): through `timestamp with time zone` in the
    reader's UTC session, so text with an offset and a zoned Parquet column are converted to
    UTC, and a value without a zone is read as UTC."""
    if type_ == "timestamp":
        return f"cast(try_cast({name} as timestamptz) as timestamp)"
    return f"try_cast({name} as {type_})"


def _typed(name: str, type_: str, columns: set[str]) -> str:
    """A column as raw types it (null when the file has no such column)."""
    if name not in columns:
        return f"cast(null as {type_}) as {name}"
    return f"{_cast(name, type_)} as {name}"


def _bad_values(
    reader: duckdb.DuckDBPyConnection, file: LandingFile, columns: set[str]
) -> list[str]:
    """The file's values that do not fit their column, by column: how many, and examples."""
    found = []
    for name, type_ in warehouse.RAW_TABLES[file.table].items():
        if name not in columns or type_ == "varchar":
            continue
        text = f"trim(cast({name} as varchar))"
        (count, examples) = reader.execute(
            f"select count(*), list(distinct {text} order by {text})[1:3] from {file.reader}"
            f" where {text} <> '' and {_cast(name, type_)} is null",
            [str(file.path)],
        ).fetchone()
        if count:
            shown = ", ".join(repr(example) for example in examples)
            found.append(f"{name}: {count} value(s) landed as null, e.g. {shown}")
    return found


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
            f"{file.path}: cannot be read into raw.{file.table}; nothing was imported: {error}"
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
        bad_values = {
            file.path.name: found
            for file in new
            if (found := _bad_values(reader, file, columns[file.sha256]))
        }
        with engine.transaction():
            for file in new:
                rows = engine.append_csv(file.table, typed[file.sha256])
                engine.execute(
                    f"insert into {IMPORTS_TABLE} values (?, ?, ?, ?, current_timestamp)",
                    [file.sha256, file.path.name, file.table, rows],
                )
                loaded[file.path.name] = rows
    return ImportReport(loaded=loaded, skipped=skipped, bad_values=bad_values)
