"""`make bench SCALE=... TARGET=postgres|spark`: the daily run on a server of another engine.

The world of the scale (the DuckDB benchmark's, generated once) is loaded into a server the
benchmark starts, as the tests start theirs: PostgreSQL (orchestration/warehouse/
postgres_server.py) or a Spark server reached by dbt over Thrift and by the loader over Spark
Connect (orchestration/warehouse/spark_server.py). Then, with its last day held back:
(a) a full build (`dbt run --full-refresh`) as of the day before the last, twice;
(b) an incremental run as of the last day, after appending that day's activities;
(f) the run of (b) with a year of history: the marts kept per score date hold 365 dates (the
    scored date copied to the 364 before it, then evaluated as daily runs would have);
and the `lead_scores` of (b) must equal, row for row, DuckDB's full build of the same world as
of the same day, or the run fails. Each step is one run (but (a)): a server holds one copy of
the warehouse, and restoring it costs more than the run measured.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.warehouse import NULL_TEXT, RAW_TABLES, open_engine
from orchestration.warehouse.base import Engine

from .report import machine
from .run import Bench, BenchmarkMismatch
from .world import Scale, World, prepare_world

TARGETS = ("postgres", "spark")

# the server settings of a benchmark: what a team would give a database of this size on the
# benchmark's machine (2 cores, 24 GB), stated in docs/performance.md
POSTGRES_SETTINGS = {
    "shared_buffers": "2GB",
    "work_mem": "256MB",
    "maintenance_work_mem": "1GB",
    "effective_cache_size": "12GB",
    "max_wal_size": "8GB",
}
SPARK_SETTINGS = {"LEADSCORE_SPARK_DRIVER_MEMORY": "8g", "LEADSCORE_SPARK_SHUFFLE_PARTITIONS": "8"}

# lead_scores but for tier_entered_on (as the DuckDB benchmark compares it), each as text
_COMPARED = [
    "score_date",
    "sheet_id",
    "lead_id",
    "account_id",
    "cast(behavior_score as decimal(18, 2))",
    "cast(profile_score as decimal(18, 2))",
    "cast(total_score as decimal(18, 2))",
    "tier",
    "grade",
    "engagement",
    "score_matrix",
    "is_mql",
    "score_rank",
]


@contextmanager
def _server(target: str, folder: Path) -> Iterator[tuple[dict[str, str], Callable[[], int]]]:
    """A server of `target` keeping its data in `folder`; yields the environment pointing dbt
    and the engine at it, and what gives the server's peak memory so far in MB (0 where it is
    many processes). Stopped on leaving."""
    if target == "postgres":
        from orchestration.warehouse.postgres_server import PostgresServer

        server = PostgresServer.start(options=POSTGRES_SETTINGS)
        try:
            yield {"DBT_TARGET": "postgres", **server.create_database("bench")}, lambda: 0
        finally:
            server.stop()
        return
    from orchestration.warehouse.spark_server import SparkServer

    with settings.environment(**SPARK_SETTINGS):
        spark = SparkServer.start(folder / "spark-server")
    try:
        yield {**spark.environment(), **SPARK_SETTINGS}, lambda: _peak_mb(spark.process.pid)
    finally:
        spark.stop()


def _peak_mb(pid: int) -> int:
    """The peak resident memory of a running process (its VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def _load_raw(engine: Engine, world: World, folder: Path, say: Callable[[str], None]) -> None:
    """The world's raw tables (the held day excluded) into the target's raw schema."""
    engine.create_raw_tables(replace=True)
    with duckdb.connect(str(world.db), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
        # a world generated before an optional table existed has none of its rows
        for table in (table for table in RAW_TABLES if table in present):
            _append(engine, con, table, f"select * from raw.{table}", folder)
            say(f"loaded raw.{table}")


def _reload_activities(engine: Engine, world: World, folder: Path) -> None:
    """raw.activities back to the world's (the held day excluded), emptied in place: the
    staging views built on the raw tables keep them from being dropped."""
    engine.execute("truncate table raw.activities")
    with duckdb.connect(str(world.db), read_only=True) as con:
        _append(engine, con, "activities", "select * from raw.activities", folder)


def _append(
    engine: Engine, con: duckdb.DuckDBPyConnection, table: str, select: str, folder: Path
) -> None:
    """Append the rows of a DuckDB query, in RAW_TABLES' column order, to raw.`table`."""
    csv_path = folder / f"{table}.csv"
    columns = ", ".join(RAW_TABLES[table])
    con.execute(
        f"copy (select {columns} from ({select})) to '{csv_path}'"
        f" (header, nullstr '{NULL_TEXT}', timestampformat '%Y-%m-%d %H:%M:%S.%f')"
    )
    engine.append_csv(table, csv_path)
    csv_path.unlink()


def _partitions_written(engine: Engine, tables: dict[str, str], since: datetime) -> dict:
    """Per partitioned table (relation: partition column), the partitions with a file written
    since `since`, and all of its partitions (docs/incremental.md, "On PostgreSQL and
    Spark")."""
    written = {}
    for table, column in sorted(tables.items()):
        partition = f"coalesce(cast({column} as string), 'null')"
        [(touched, total)] = engine.fetchall(
            "select count(distinct case when unix_timestamp(_metadata.file_modification_time)"
            f" >= {int(since.timestamp())} then {partition} end), count(distinct {partition})"
            f" from {table}"
        )
        written[table] = [touched, total]
    return written


def _compared(text_type: str) -> str:
    """The compared columns of marts.lead_scores, as text of type `text_type`."""
    columns = ", ".join(f"cast({column} as {text_type})" for column in _COMPARED)
    return f"select {columns} from marts.lead_scores where score_date = ?"


def _scores(engine: Engine, score_date: date) -> Counter:
    return Counter(engine.fetchall(_compared(engine.column_type("varchar")), [score_date]))


def _duckdb_scores(world: World, folder: Path, score_date: date) -> Counter:
    """DuckDB's lead_scores of the world with its held day, by a full build as of `score_date`."""
    bench = Bench(folder / "duckdb", "6GB", 2)
    bench.folder.mkdir(parents=True, exist_ok=True)
    bench.restore(world.db)
    world.append_held_day(bench.work)
    bench.dbt("seed")
    bench.dbt("run", "--full-refresh", *bench.vars(score_date))
    with bench.connect() as con:
        rows = con.execute(_compared("varchar"), [score_date]).fetchall()
    shutil.rmtree(bench.folder)
    return Counter(rows)


def run_target_benchmark(
    scale: Scale,
    target: str,
    *,
    folder: Path,
    say: Callable[[str], None] = print,
    history_chunk_days: int = 30,
) -> dict:
    """Every measurement of one scale on `target`; returns the results. The year of history
    of (f) is evaluated `history_chunk_days` dates at a time."""
    world = prepare_world(scale, folder, say)
    work = folder / target
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    expected = _duckdb_scores(world, work, world.next_score_date)
    say(f"DuckDB's lead_scores of the last day: {sum(expected.values()):,} rows")
    with _server(target, work) as (server_env, server_peak_mb), settings.environment(**server_env):
        bench = Bench(work, "6GB", 2, target_env=server_env)
        started = time.monotonic()
        with open_engine(target) as engine:
            _load_raw(engine, world, work, say)
        load_s = time.monotonic() - started
        say(f"the world loaded in {load_s:.0f}s")
        bench.dbt("seed")

        def timed(name: str, *args: str) -> float:
            bench.step = name
            seconds = bench.dbt(*args)
            say(f"{name}: {seconds:.1f}s")
            return seconds

        startup = timed("dbt start-up (nothing selected)", "run", "--select", "tag:none_such_tag")
        full = [
            timed("(a) full build", "run", "--full-refresh", *bench.vars(world.first_score_date))
        ]
        profile = {"full_build": bench.slowest_models()}

        def append_held_day() -> None:
            with open_engine(target) as engine, duckdb.connect() as con:
                held = f"select * from read_parquet('{world.held_day}')"
                _append(engine, con, "activities", held, work)

        append_held_day()
        started_b = datetime.now(UTC)
        incremental = timed("(b) incremental run", "run", *bench.vars(world.next_score_date))
        profile["incremental"] = bench.slowest_models()
        written = None
        if target == "spark":
            with open_engine(target) as engine:
                written = _partitions_written(engine, bench.partitioned_models(), started_b)

        with open_engine(target) as engine:
            scores = _scores(engine, world.next_score_date)
        if scores != expected:
            raise BenchmarkMismatch(f"{target}: lead_scores differ from DuckDB's")
        say(f"lead_scores equal DuckDB's: {sum(scores.values()):,} rows")

        # (f): back to the world of (a), whose build is timed again, then a year of history
        with open_engine(target) as engine:
            _reload_activities(engine, world, work)
        full.append(
            timed("(a) full build", "run", "--full-refresh", *bench.vars(world.first_score_date))
        )
        bench.step = "(f) the evaluation of the copied history"
        bench.add_year_of_history(
            world.first_score_date, scale.score_history_days, history_chunk_days
        )
        append_held_day()
        year_history = timed(
            "(f) the run of (b) with a year of history", "run", *bench.vars(world.next_score_date)
        )
        profile["incremental_year_history"] = bench.slowest_models()
        server_peak = server_peak_mb()

    full_s = statistics.median(full)
    return {
        "scale": scale.name,
        "target": target,
        "leads": scale.leads,
        "activities": scale.activities,
        "load_s": round(load_s, 1),
        "full_build_s": round(full_s, 2),
        "dbt_startup_s": round(startup, 2),
        "incremental_s": round(incremental, 2),
        "incremental_year_history_s": round(year_history, 2),
        "ratio_incremental_to_full": round(incremental / full_s, 3),
        "ratio_year_history": round(year_history / incremental, 2),
        "lead_scores_equal_duckdb": True,
        "lead_scores_rows": sum(scores.values()),
        "dbt_peak_rss_by_step_mb": bench.peak_rss_mb,
        "server_peak_rss_mb": server_peak or None,
        "slowest_models": profile,
        "partitions_written_by_incremental": written,
        "runs": {"full_build_s": full},
        "settings": POSTGRES_SETTINGS if target == "postgres" else SPARK_SETTINGS,
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
