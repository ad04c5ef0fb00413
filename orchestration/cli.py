"""`leadscore`: demo data, builds and the top leads, from the command line."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from . import settings, warehouse
from .dbt_commands import build_args


def _today() -> date:
    return datetime.now(UTC).date()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from error


def _say(message: str) -> None:
    print(f"[leadscore] {message}", flush=True)


def cmd_demo_data(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .demo_data.loader import WorldSpec, generate

    spec = WorldSpec(args.leads, args.seed, args.end_date, args.activities)
    parquet_dir = Path(args.parquet) if args.parquet else None
    engine = None if parquet_dir else warehouse.open_engine(duckdb_path=_db(args))
    started = time.monotonic()
    destination = parquet_dir or f"raw of the {engine.target} warehouse"
    _say(
        f"generating {args.leads:,} leads (seed {args.seed}, ending {args.end_date}) "
        f"into {destination}"
    )
    with tqdm(total=args.leads, unit=" leads", unit_scale=True, disable=args.leads < 20_000) as bar:

        def progress(leads: int, activities: int) -> None:
            bar.update(min(leads, args.leads) - bar.n)
            bar.set_postfix_str(f"{activities:,} activities", refresh=False)

        try:
            counts = generate(
                spec,
                engine=engine,
                parquet_dir=parquet_dir,
                workers=args.workers,
                progress=progress,
            )
        finally:
            if engine is not None:
                engine.close()
    summary = ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
    _say(f"raw rows written: {summary} ({time.monotonic() - started:.1f}s)")
    return 0


def _db(args: argparse.Namespace) -> Path | None:
    """The DuckDB file of --db, if given (DuckDB target only)."""
    return Path(args.db) if getattr(args, "db", None) else None


def run_dbt(args: list[str], *, db: Path | None) -> int:
    """Run dbt in the project folder against the target of DBT_TARGET (and DuckDB file `db`)."""
    dbt = settings.dbt_executable()
    env = {**os.environ, **({"LEADSCORE_DUCKDB_PATH": str(db)} if db else {})}
    _say("dbt " + " ".join(args))
    return subprocess.run([dbt, *args], cwd=settings.DBT_PROJECT_DIR, env=env).returncode


def cmd_build(args: argparse.Namespace) -> int:
    return run_dbt(
        build_args(score_date=args.score_date, full_refresh=args.full_refresh), db=_db(args)
    )


def cmd_top(args: argparse.Namespace) -> int:
    from .reports import print_top_leads

    print_top_leads(_db(args), limit=args.limit)
    return 0


def _through_dagster(what: str, run: Callable[[], Any]) -> int:
    """Start a Dagster run; 0 when it succeeded, else 1, saying which steps failed."""
    started = time.monotonic()
    result = run()
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        _say(f"{what} failed in {', '.join(failed)}: read the log above")
        return 1
    _say(f"{what} finished in {time.monotonic() - started:.0f}s")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Materialise the asset graph through Dagster (in-process) for one score date."""
    from .runs import run_pipeline

    score_date = args.score_date or _today()
    _say(f"running the asset graph through Dagster for score date {score_date}")
    return _through_dagster("the run", partial(run_pipeline, score_date))


def cmd_demo(args: argparse.Namespace) -> int:
    """Through Dagster, the demo world; a backtest of its past, the score history of a team
    that had been running for months; the daily run of its last day, whose alerts cover that
    day alone; then the evaluation assets (suggested points, the report)."""
    from .demo_data.generator import HISTORY_DAYS
    from .evaluation import sheets
    from .runs import run_demo_data, run_evaluation, run_pipeline

    day, args.limit = args.end_date, 10
    if not args.evaluation:
        _say(f"running the asset graph through Dagster for score date {day}, on a demo world")
        run = partial(run_pipeline, day, demo_leads=args.leads, seed=args.seed, end_date=day)
        return _through_dagster("the run", run) or cmd_top(args)
    _say(f"writing a demo world of {args.leads:,} leads through Dagster")
    if _through_dagster("the demo world", partial(run_demo_data, args.leads, args.seed, day)):
        return 1
    window = sheets.conversion_window_days(settings.DBT_PROJECT_DIR)
    args.project_dir, args.sheets, args.every = settings.DBT_PROJECT_DIR, [], 7
    args.start = day - timedelta(days=HISTORY_DAYS - 30)
    args.end = day - timedelta(days=window)
    args.as_of = day
    args.out = str(settings.output_dir() / "backtests")
    if cmd_backtest(args) != 0:
        return 1
    _say(f"scoring {day} through Dagster: the models, the checks and the alert queue")
    if _through_dagster("the run", partial(run_pipeline, day, import_landing=False)):
        return 1
    _say("suggested points and the report, through Dagster")
    if _through_dagster("the evaluation run", run_evaluation):
        return 1
    cmd_top(args)
    _say(f"report: {settings.report_path()}")
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from .evaluation.backtest import BacktestError, format_table, plan_backtest, run_backtest
    from .evaluation.dbt_runs import DbtRunError

    project_dir = Path(args.project_dir)
    try:
        plan = plan_backtest(
            project_dir,
            args.start,
            args.end,
            every_days=args.every,
            sheet_list=tuple(args.sheets),
            as_of=args.as_of or _today(),
        )
    except BacktestError as error:
        _say(f"backtest: {error}")
        return 2
    started = time.monotonic()
    try:
        rows, path = run_backtest(plan, project_dir, Path(args.out), _say)
    except DbtRunError as error:
        _say(f"backtest: {error}")
        return 1
    print(format_table(rows), flush=True)
    _say(
        f"backtest: in marts.scoring_backtest and {path} "
        f"({time.monotonic() - started:.0f}s); per tier: marts.scoring_performance"
    )
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from .evaluation import sheets
    from .evaluation.suggest import SuggestionError, apply_to_seeds, suggest, write_outputs

    project_dir = Path(args.project_dir)
    sheet_id = args.sheet or sheets.primary_sheet(project_dir)
    try:
        with warehouse.open_engine() as engine:
            suggestion = suggest(project_dir, sheet_id, engine)
            folder = write_outputs(project_dir, suggestion, Path(args.out), engine)
    except SuggestionError as error:
        _say(f"suggest: {error}")
        return 2
    _say(suggestion.summary())
    _say(f"suggest: marts.suggested_rules, and the challenger sheet's seed rows in {folder}")
    if args.apply:
        apply_to_seeds(project_dir, folder)
        _say(
            f"suggest: sheet {suggestion.suggested_sheet_id} written into "
            f"{sheets.seeds_dir(project_dir)}: backtest it against {sheet_id} before it goes live"
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .evaluation.report import write_report

    with warehouse.open_engine(read_only=True) as engine:
        path = write_report(engine, Path(args.out))
    _say(f"report: {path}")
    return 0


def _sheet_list(text: str) -> list[str]:
    return [sheet.strip() for sheet in text.split(",") if sheet.strip()]


def cmd_bench(args: argparse.Namespace) -> int:
    from .benchmark.report import update_performance_doc, write_results
    from .benchmark.run import run_benchmark
    from .benchmark.world import SCALES

    scale = SCALES[args.scale]
    started = time.monotonic()
    result = run_benchmark(
        scale,
        folder=Path(args.workdir) / scale.name,
        memory_limit=args.memory_limit,
        threads=args.threads,
        say=lambda message: _say(f"bench {scale.name}: {message}"),
    )
    path = write_results(result, settings.REPO_ROOT / "benchmarks" / "results")
    update_performance_doc(path.parent, settings.REPO_ROOT / "docs" / "performance.md")
    _say(
        f"bench {scale.name}: (a) {result['full_build_s']}s, (b) {result['incremental_s']}s, "
        f"(c) {result['floor_sql_s']}s, (d) {result['pandas_s']}s, "
        f"peak {result['peak_rss_mb']} MB; written to {path} and docs/performance.md "
        f"({time.monotonic() - started:.0f}s)"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="leadscore", description=__doc__)
    root.add_argument(
        "--target",
        choices=warehouse.TARGETS,
        help="the warehouse: dbt target of dbt_project/profiles.yml (DBT_TARGET, else duckdb)",
    )
    commands = root.add_subparsers(dest="command", required=True)

    def world_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--leads", type=int, default=3000, help="number of leads (3000)")
        command.add_argument("--seed", type=int, default=42, help="random seed (42)")
        command.add_argument(
            "--end-date",
            type=_date,
            default=_today(),
            help="last day of activity, YYYY-MM-DD (today in UTC)",
        )

    demo_data = commands.add_parser("demo-data", help="write a synthetic B2B world into raw")
    world_options(demo_data)
    demo_data.add_argument(
        "--activities",
        type=int,
        default=None,
        help="about this many activities in all (default: about 21 per lead)",
    )
    demo_data.add_argument("--workers", type=int, default=None, help="processes (2)")
    destination = demo_data.add_mutually_exclusive_group()
    destination.add_argument("--db", help="DuckDB file (LEADSCORE_DUCKDB_PATH)")
    destination.add_argument("--parquet", help="write Parquet files for the importer here")
    demo_data.set_defaults(func=cmd_demo_data)

    build = commands.add_parser("build", help="bare `dbt build` as of a score date (no Dagster)")
    build.add_argument("--score-date", type=_date, default=None, help="YYYY-MM-DD (today, UTC)")
    build.add_argument("--full-refresh", action="store_true")
    build.add_argument("--db", help="DuckDB file (LEADSCORE_DUCKDB_PATH)")
    build.set_defaults(func=cmd_build)

    top = commands.add_parser("top", help="print the top leads of the primary sheet")
    top.add_argument("--limit", type=int, default=10)
    top.add_argument("--db", help="DuckDB file (LEADSCORE_DUCKDB_PATH)")
    top.set_defaults(func=cmd_top)

    run = commands.add_parser("run", help="run the asset graph through Dagster for a date")
    run.add_argument("--score-date", type=_date, default=None, help="YYYY-MM-DD (today, UTC)")
    run.set_defaults(func=cmd_run)

    bench = commands.add_parser(
        "bench", help="full and incremental builds against the floor SQL and pandas"
    )
    bench.add_argument("--scale", choices=["S", "M", "L"], default="S")
    bench.add_argument(
        "--workdir", default=str(settings.REPO_ROOT / "data" / "bench"), help="(data/bench)"
    )
    bench.add_argument("--memory-limit", default="6GB", help="DuckDB memory_limit (6GB)")
    bench.add_argument("--threads", type=int, default=2, help="DuckDB threads (2)")
    bench.set_defaults(func=cmd_bench)

    project_dir = argparse.ArgumentParser(add_help=False)
    project_dir.add_argument(
        "--project-dir",
        default=str(settings.DBT_PROJECT_DIR),
        help="the dbt project (its seeds are ../seeds)",
    )
    backtest = commands.add_parser(
        "backtest",
        parents=[project_dir],
        help="score every sheet as of past dates and compare them against conversions",
    )
    backtest.add_argument("--from", dest="start", type=_date, required=True, help="YYYY-MM-DD")
    backtest.add_argument("--to", dest="end", type=_date, required=True, help="YYYY-MM-DD")
    backtest.add_argument("--every", type=int, default=7, help="days between dates (7)")
    backtest.add_argument(
        "--sheets", type=_sheet_list, default=[], help="sheets to compare, a,b (all)"
    )
    backtest.add_argument(
        "--as-of", type=_date, default=None, help="read conversions up to (today, UTC)"
    )
    backtest.add_argument(
        "--out", default=str(settings.output_dir() / "backtests"), help="CSV folder"
    )
    backtest.set_defaults(func=cmd_backtest)

    suggest = commands.add_parser(
        "suggest",
        parents=[project_dir],
        help="fit new points for a sheet's rules on the backtested dates",
    )
    suggest.add_argument("--sheet", default=None, help="the sheet to improve (the primary)")
    suggest.add_argument(
        "--out", default=str(settings.output_dir() / "suggestions"), help="output folder"
    )
    suggest.add_argument(
        "--apply", action="store_true", help="also write the suggested sheet into seeds/"
    )
    suggest.set_defaults(func=cmd_suggest)

    report = commands.add_parser("report", help="write the single-file HTML evaluation report")
    report.add_argument("--out", default=str(settings.report_path()), help="(data/report.html)")
    report.set_defaults(func=cmd_report)

    demo = commands.add_parser(
        "demo", help="through Dagster: demo data, scoring, alert queue; then the top leads"
    )
    world_options(demo)
    demo.add_argument(
        "--no-evaluation",
        dest="evaluation",
        action="store_false",
        help="skip the backtest, the suggestion and the report",
    )
    demo.set_defaults(func=cmd_demo)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.target:
        # dbt, the Dagster location and the warehouse connections all follow DBT_TARGET
        os.environ["DBT_TARGET"] = args.target
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
