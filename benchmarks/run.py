"""`leadscore bench`: the scoring models against the floor and against pandas, in one run.

On the world of a scale, with its last day held back:
(a) a full build of the models (`dbt run --full-refresh`) as of the day before the last;
(b) an incremental run (`dbt run`) as of the last day, after appending that day's activities;
(c) the floor, floor.sql, on the same data;
(d) pandas_scoring.py on the same data (small scales);
(e) the load plan's scan of raw activities per date, with and without the content fingerprints
    that find rows corrected in place: the fingerprints' cost;
(f) the run of (b) again with a year of history (the scale's score_history_days): every model
    kept per score date holds 365 dates (the scored date copied to the 364 before it, 30 dates
    at a time, each batch then evaluated as the daily runs would have), so (f) / (b) is what
    history costs;
(g) a backtest of 43 dates (the scale's backtest_dates), every 3 days up to a conversion window
    before the day (a) scored, as `leadscore backtest` runs it: staging once, the dates many a
    pass, then the evaluation and the backtest's marts;
(h) the predictive model (contract §9): trained as of the day (a) scored, as `leadscore train` does
    (its weekly dates set-based), then the run of (b) scoring with the version it kept and the
    same run without the predictive models: the difference, against (b), is what the model
    adds to a day;
and, once, the data tests a daily `dbt build` adds to (b).
(c) and (d) must equal marts.lead_scores, or the run fails. Each measurement is repeated and
its median reported; dbt's fixed start-up cost is measured on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.dbt import runner
from orchestration.evaluation import backtest, sheets
from orchestration.warehouse import open_engine

from .report import machine
from .world import Scale, prepare_world

FLOOR_SQL = Path(__file__).with_name("floor.sql")
# (e): the per-date scan of int_activity_load_plan, without and with its fingerprints (on
# DuckDB, rows_fingerprint in macros/fingerprints.sql is this sum of hash(); the run checks
# that it gives the fingerprints the load log holds)
DATE_COUNTS_SQL = (
    "select activity_date, count(*) as raw_rows from staging.stg_raw__activities"
    " group by activity_date"
)
DATE_FINGERPRINTS_SQL = (
    "select activity_date, count(*) as raw_rows, cast(sum(hash(activity_id, lead_id,"
    " activity_type, occurred_at, url, campaign, user_agent, ip_address)) as decimal(38, 0))"
    " as fingerprint"
    " from staging.stg_raw__activities group by activity_date"
)
# lead_scores but for tier_entered_on, which needs the score history
COMPARED_COLUMNS = (
    "score_date, sheet_id, lead_id, account_id, cast(behavior_score as decimal(18, 2)),"
    " cast(profile_score as decimal(18, 2)), cast(total_score as decimal(18, 2)), tier, grade,"
    " engagement, score_matrix, is_mql, score_rank"
)


# (g): the backtest's dates are this many days apart (the worlds hold 240 days: 43 weekly dates
# and a 90-day window would not fit)
BACKTEST_EVERY_DAYS = 3

# (h): the models of the predictive score (contract §9), as dbt selects them
PREDICTIVE_MODELS = "*predictive*"

# (f): in each target's SQL, a date `days` before `column`, and the integers low..high as a
# relation `earlier(days)`
_DATE_BEFORE = {
    "duckdb": "cast({column} - cast(earlier.days as integer) as date)",
    "postgres": "cast({column} - earlier.days as date)",
    "spark": "date_sub({column}, cast(earlier.days as int))",
}
_DAYS = {
    "duckdb": "range({low}, {high} + 1) as earlier(days)",
    "postgres": "generate_series({low}, {high}) as earlier(days)",
    "spark": "(select id as days from range({low}, {high} + 1)) as earlier",
}


class BenchmarkMismatch(AssertionError):
    """An implementation disagrees with marts.lead_scores."""


class Bench:
    """dbt runs against copies of one world, each timed with its peak memory."""

    def __init__(
        self,
        folder: Path,
        memory_limit: str,
        threads: int,
        target_env: dict[str, str] | None = None,
    ) -> None:
        self.folder = folder
        self.target_env = target_env or {}  # the settings of a target other than this file
        self.work = folder / "work.duckdb"
        self.memory_limit, self.threads = memory_limit, threads
        self.step = "seed"  # what the runs being made measure, as the progress names it
        self.peak_rss_mb: dict[str, int] = {}  # by step: its processes' peak memory

    def record_peak(self, peak_rss_kb: int) -> None:
        peak = round(peak_rss_kb / 1024)
        self.peak_rss_mb[self.step] = max(self.peak_rss_mb.get(self.step, 0), peak)

    def env(self) -> dict[str, str]:
        return {
            "LEADSCORE_DUCKDB_PATH": str(self.work),
            "LEADSCORE_DUCKDB_MEMORY_LIMIT": self.memory_limit,
            "LEADSCORE_DUCKDB_THREADS": str(self.threads),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_TARGET": "duckdb",
            **self.target_env,
        }

    def dbt(self, *args: str) -> float:
        """Run dbt on the work copy; seconds taken. Fails with dbt's output on an error."""
        target = ["--target-path", str(self.folder / "dbt-target")]
        logs = ["--log-path", str(self.folder / "dbt-logs")]
        log = self.folder / "dbt-output.log"
        result = runner.run([*args, *target, *logs], env=self.env(), output_file=log)
        if not result.success:
            raise RuntimeError(
                f"dbt {' '.join(args)} failed; its output:\n{log.read_text()[-4000:]}"
            )
        self.record_peak(result.peak_rss_kb)
        return result.seconds

    def slowest_models(self, count: int = 6) -> list[list]:
        """The models of the last dbt run that took longest: [name, seconds], slowest first."""
        results = json.loads((self.folder / "dbt-target" / "run_results.json").read_text())
        timings = [
            [result["unique_id"].split(".")[-1], round(result["execution_time"], 1)]
            for result in results["results"]
            if result["unique_id"].startswith("model.")  # not the run's hooks
        ]
        return sorted(timings, key=lambda timing: -timing[1])[:count]

    def seconds_of(self, part: str) -> float:
        """The execution time of the last dbt run's models whose name holds `part`."""
        results = json.loads((self.folder / "dbt-target" / "run_results.json").read_text())
        return sum(
            result["execution_time"]
            for result in results["results"]
            if result["unique_id"].startswith("model.") and part in result["unique_id"]
        )

    def train(self, as_of: date, say: Callable[[str], None]) -> tuple[float, bool]:
        """`leadscore train --as-of` on the work copy, as its own process: seconds taken, and
        whether every model was trained (a world too short for its horizon is not)."""
        log = self.folder / "train-output.log"
        command = [sys.executable, "-m", "orchestration.cli", "train", "--as-of", str(as_of)]
        result = runner.measured(
            command, cwd=settings.REPO_ROOT, env={**os.environ, **self.env()}, output_file=log
        )
        self.record_peak(result.peak_rss_kb)
        say(log.read_text().strip())
        if result.returncode not in (0, 1):  # 1: a model not trained, as its output says
            raise RuntimeError(f"leadscore train failed; its output:\n{log.read_text()[-4000:]}")
        return result.seconds, result.success

    def restore(self, source: Path) -> None:
        for suffix in ("", ".wal"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{self.work}{suffix}")

    def partitioned_models(self) -> dict[str, str]:
        """The relations of the last dbt run's models that are partitioned (on Spark), each
        with its partition column."""
        manifest = json.loads((self.folder / "dbt-target" / "manifest.json").read_text())
        return {
            f"{node['schema']}.{node['alias']}": node["config"]["partition_by"][0]
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["config"].get("partition_by")
        }

    def models_kept_per_score_date(self) -> list[str]:
        """The relations of the last dbt run's models that keep a row set per score date
        (score_date_partitions: lead_score_history and those like it; on Spark, a partition
        of score_date each)."""
        manifest = json.loads((self.folder / "dbt-target" / "manifest.json").read_text())
        return [
            f"{node['schema']}.{node['alias']}"
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["config"].get("materialized") == "incremental"
            and (
                node["config"].get("unique_key") == "score_date"
                or (
                    node["config"].get("incremental_strategy") == "insert_overwrite"
                    and node["config"].get("partition_by") == ["score_date"]
                )
            )
        ]

    def add_year_of_history(
        self, score_date: date, history_days: int, chunk_days: int = 30
    ) -> None:
        """Copy `score_date`'s rows of every model kept per score date to the
        `history_days` - 1 dates before it, as a year (365) of daily runs would have left them:
        oldest first, `chunk_days` dates at a time, each chunk then evaluated as the daily runs
        do, the backtest's tables aside (a year evaluated in one run spills more than the disk
        holds at L). In the SQL of the bench's target."""
        target = self.env()["DBT_TARGET"]
        before, days = _DATE_BEFORE[target], _DAYS[target]
        relations = self.models_kept_per_score_date()
        for newest in range(history_days - 1, 0, -chunk_days):
            low, high = max(1, newest - chunk_days + 1), newest
            with open_engine(target, duckdb_path=self.work) as engine:
                if target == "duckdb":
                    for statement in self.duckdb_settings():
                        engine.execute(statement)
                for relation in relations:
                    names, _ = engine.query(f"select * from {relation} where 1 = 0")
                    select = ", ".join(
                        before.format(column="kept.score_date")
                        if name == "score_date"
                        else f"kept.{name}"
                        for name in names
                    )
                    engine.execute(
                        f"insert into {relation} select {select} from {relation} as kept,"
                        f" {days.format(low=low, high=high)} where kept.score_date = ?",
                        [score_date],
                    )
                if target == "duckdb":
                    engine.execute("checkpoint")
            self.dbt(
                "run",
                *("--select", "eval_outcome_plan+", "--exclude", "tag:backtest"),
                *self.vars(score_date),
            )

    def vars(self, score_date: date) -> list[str]:
        return ["--vars", f"{{score_date: '{score_date.isoformat()}'}}"]

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.work))
        for statement in self.duckdb_settings():
            con.execute(statement)
        return con

    def duckdb_settings(self) -> list[str]:
        return [
            f"set memory_limit = '{self.memory_limit}'",
            f"set threads = {self.threads}",
            "set preserve_insertion_order = false",
        ]


def assert_same_lead_scores(con: duckdb.DuckDBPyConnection, relation: str, what: str) -> None:
    """`relation` holds exactly the rows of marts.lead_scores (but tier_entered_on)."""
    for first, second in [(relation, "marts.lead_scores"), ("marts.lead_scores", relation)]:
        extra = con.execute(
            f"select * from (select {COMPARED_COLUMNS} from {first}"
            f" except all select {COMPARED_COLUMNS} from {second}) limit 5"
        ).fetchall()
        if extra:
            raise BenchmarkMismatch(f"{what}: rows only in {first}: {extra}")


def run_benchmark(
    scale: Scale,
    *,
    folder: Path,
    memory_limit: str,
    threads: int,
    say: Callable[[str], None] = print,
) -> dict:
    """Every measurement of one scale; returns the results (see report.RESULT_KEYS)."""
    world = prepare_world(scale, folder, say)
    bench = Bench(folder, memory_limit, threads)
    base = folder / "base.duckdb"
    bench.restore(world.db)
    bench.dbt("seed")  # the sheets, loaded once: part of the world, not of the scoring
    shutil.copyfile(bench.work, base)

    def repeat(
        name: str,
        prepare: Callable[[], None],
        measure: Callable[[], float],
        repeats: int = scale.repeats,
    ) -> list:
        runs = []
        bench.step = name
        for run in range(1, repeats + 1):
            prepare()
            runs.append(measure())
            say(f"{name} {run}/{repeats}: {runs[-1]:.1f}s")
        return runs

    startup = repeat(
        "dbt start-up (nothing selected)",
        lambda: None,
        lambda: bench.dbt("run", "--select", "tag:none_such_tag"),
    )
    full = repeat(
        "(a) full build",
        lambda: bench.restore(base),
        lambda: bench.dbt("run", "--full-refresh", *bench.vars(world.first_score_date)),
    )
    profile = {"full_build": bench.slowest_models()}
    scored = folder / "scored.duckdb"
    shutil.copyfile(bench.work, scored)
    appended: list[int] = []

    def day_after(copy: Path | None) -> Callable[[], None]:
        """What prepares a run of the next day: the work file restored from `copy` (None:
        left as it is), then the held day appended."""

        def prepare() -> None:
            if copy is not None:
                bench.restore(copy)
            appended.append(world.append_held_day(bench.work))

        return prepare

    incremental = repeat(
        "(b) incremental run after one more day",
        day_after(scored),
        lambda: bench.dbt("run", *bench.vars(world.next_score_date)),
    )
    profile["incremental"] = bench.slowest_models()

    # what a daily `dbt build` adds: the data tests (unit tests are for development)
    bench.step = "data tests after (b)"
    tests_s = bench.dbt(
        "test",
        *("--exclude", "test_type:unit", "tag:backtest", "tag:predictive_training"),
        *bench.vars(world.next_score_date),
    )
    say(f"data tests after (b): {tests_s:.1f}s")

    sql = FLOOR_SQL.read_text()
    with bench.connect() as con:

        def floor() -> float:
            started = time.perf_counter()
            con.execute(
                f"create or replace temp table floor_scores as {sql}", [world.next_score_date]
            )
            return time.perf_counter() - started

        floor_runs = repeat("(c) floor SQL", lambda: None, floor)
        assert_same_lead_scores(con, "floor_scores", "the floor SQL")
        activities = con.execute("select count(*) from raw.activities").fetchone()[0]
        leads = con.execute("select count(*) from staging.stg_raw__leads").fetchone()[0]

        pandas_runs: list[float] = []
        if scale.with_pandas:
            from .pandas_scoring import lead_scores

            def pandas() -> float:
                started = time.perf_counter()
                con.register("pandas_scores", lead_scores(con, world.next_score_date))
                return time.perf_counter() - started

            pandas_runs = repeat("(d) pandas", lambda: None, pandas)
            assert_same_lead_scores(con, "pandas_scores", "the pandas implementation")

        def scan(sql: str) -> Callable[[], float]:
            def timed() -> float:
                started = time.perf_counter()
                con.execute(f"create or replace temp table scanned as {sql}")
                return time.perf_counter() - started

            return timed

        counts_runs = repeat("(e) per-date counts", lambda: None, scan(DATE_COUNTS_SQL))
        fingerprint_runs = repeat(
            "(e) per-date counts and fingerprints", lambda: None, scan(DATE_FINGERPRINTS_SQL)
        )
        logged = "select * from intermediate.int_activity_dates_loaded"
        if con.execute(f"select * from scanned except {logged}").fetchall():
            raise BenchmarkMismatch("(e): the fingerprints differ from the load log's")

    # after (c)-(e), which compare with the marts of (b)'s day
    with settings.environment(**bench.env()):  # the plan reads the sheets and counts the leads
        bench.restore(scored)
        as_of = world.first_score_date
        last = as_of - timedelta(days=sheets.conversion_window_days(settings.DBT_PROJECT_DIR))
        first = last - timedelta(days=BACKTEST_EVERY_DAYS * (scale.backtest_dates - 1))
        plan = backtest.plan_backtest(
            settings.DBT_PROJECT_DIR, first, last, every_days=BACKTEST_EVERY_DAYS, as_of=as_of
        )
        steps = [args for _, args in backtest.dbt_steps(plan)]
    backtest_runs = repeat(
        f"(g) backtest of {len(plan.score_dates)} dates",
        lambda: bench.restore(scored),
        lambda: sum(bench.dbt(*args) for args in steps),
    )

    year = folder / "year.duckdb"
    # (h): trained on the scored world, then the run of (b) with the version it kept, and the
    # same run without the predictive models: the difference is what the model adds to a day
    bench.restore(scored)
    bench.step = "(h) training"
    training_s, trained = bench.train(world.first_score_date, say)
    with_model = folder / "trained.duckdb"
    shutil.copyfile(bench.work, with_model)
    model_runs = repeat(
        "(h) the run of (b) with the model",
        day_after(with_model),
        lambda: bench.dbt("run", *bench.vars(world.next_score_date)),
    )
    predictive_s = bench.seconds_of("predictive")
    no_model_runs = repeat(
        "(h) the same run without the predictive models",
        day_after(with_model),
        lambda: bench.dbt(
            "run", "--exclude", PREDICTIVE_MODELS, *bench.vars(world.next_score_date)
        ),
    )
    with_model.unlink()
    added_s = statistics.median(model_runs) - statistics.median(no_model_runs)
    say(f"(h) training {training_s:.1f}s; the model adds {added_s:.1f}s to the run of (b)")

    bench.restore(scored)
    # a year of history is about 25 GB at L: make room for it
    for copy in (base, scored, year):
        copy.unlink(missing_ok=True)
    # the evaluation of the copied dates, untimed, as the daily runs of that year would have
    # left it (each evaluates the date whose window has just closed)
    bench.step = "(f) the evaluation of the copied history"
    bench.add_year_of_history(world.first_score_date, scale.score_history_days)
    # each run of (f) starts from a copy of that year; where the disk cannot hold the copy
    # beside the work file, (f) runs once, on the work file itself
    year_repeats = scale.repeats
    if shutil.disk_usage(folder).free < 1.2 * bench.work.stat().st_size:
        year_repeats = 1
        say("(f): no room for a copy of the year of history beside it: one run, not a median")
    else:
        shutil.copyfile(bench.work, year)

    year_history = repeat(
        "(f) the run of (b) with a year of history",
        day_after(year if year_repeats > 1 else None),
        lambda: bench.dbt("run", *bench.vars(world.next_score_date)),
        year_repeats,
    )
    profile["incremental_year_history"] = bench.slowest_models()
    with bench.connect() as con:
        history_dates = con.execute(
            "select count(distinct score_date) from marts.lead_score_history"
        ).fetchone()[0]

    median = statistics.median
    full_s, startup_s, incremental_s = median(full), median(startup), median(incremental)
    year_history_s = median(year_history)
    floor_s = median(floor_runs)
    pandas_s = median(pandas_runs) if pandas_runs else None
    counts_s, fingerprints_s = median(counts_runs), median(fingerprint_runs)
    backtest_s = median(backtest_runs)
    return {
        "scale": scale.name,
        "leads": leads,
        "activities": activities,
        "appended_activities": appended[0],
        "full_build_s": round(full_s, 2),
        "dbt_startup_s": round(startup_s, 2),
        "incremental_s": round(incremental_s, 2),
        "incremental_year_history_s": round(year_history_s, 2),
        "floor_sql_s": round(floor_s, 2),
        "pandas_s": round(pandas_s, 2) if pandas_s is not None else None,
        "tests_s": round(tests_s, 2),
        "date_counts_s": round(counts_s, 3),
        "date_fingerprints_s": round(fingerprints_s, 3),
        "fingerprint_cost_s": round(fingerprints_s - counts_s, 3),
        "backtest_s": round(backtest_s, 2),
        "backtest_dates": len(plan.score_dates),
        "predictive_training_s": round(training_s, 2),
        "predictive_trained": trained,
        "incremental_with_model_s": round(statistics.median(model_runs), 2),
        "incremental_without_model_s": round(statistics.median(no_model_runs), 2),
        "predictive_added_s": round(added_s, 2),
        # their execution times in the last run with the model, slowed by what runs beside them
        "predictive_models_s": round(predictive_s, 2),
        "ratio_predictive_to_incremental": round(added_s / incremental_s, 3),
        "peak_rss_mb": max(bench.peak_rss_mb.values()),
        "peak_rss_by_step_mb": bench.peak_rss_mb,
        "memory_budget_mb": scale.memory_budget_mb,
        "ratio_full_to_floor": round((full_s - startup_s) / floor_s, 2),
        "ratio_incremental_to_full": round(incremental_s / full_s, 3),
        "ratio_year_history": round(year_history_s / incremental_s, 2),
        "year_history_dates": history_dates,
        "ratio_pandas_to_full": round(pandas_s / full_s, 1) if pandas_s is not None else None,
        # where the time of the last (a), (b) and (f) run went (dbt builds two models at a time)
        "slowest_models": profile,
        "runs": {
            "dbt_startup_s": startup,
            "full_build_s": full,
            "incremental_s": incremental,
            "incremental_year_history_s": year_history,
            "floor_sql_s": floor_runs,
            "pandas_s": pandas_runs,
            "date_counts_s": counts_runs,
            "date_fingerprints_s": fingerprint_runs,
            "backtest_s": backtest_runs,
            "incremental_with_model_s": model_runs,
            "incremental_without_model_s": no_model_runs,
        },
        "settings": {
            "duckdb_memory_limit": memory_limit,
            "duckdb_threads": threads,
            "dbt_threads": int(os.environ.get("LEADSCORE_DBT_THREADS", "2")),
        },
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
