"""`leadscore`: demo data, builds, the top leads and the evaluation loop, from the command line.
Each command is a function of workflows.py; this module only reads the arguments."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from . import settings, workflows
from .dbt import manifest


def _today() -> date:
    return datetime.now(UTC).date()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from error


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


def _sheet_list(text: str) -> list[str]:
    return [sheet.strip() for sheet in text.split(",") if sheet.strip()]


COMMANDS = {
    "demo-data": lambda a: workflows.demo_data(
        a.leads,
        a.seed,
        a.end_date,
        activities=a.activities,
        workers=a.workers,
        db=_path(a.db),
        parquet_dir=_path(a.parquet),
    ),
    "build": lambda a: workflows.build(a.score_date, full_refresh=a.full_refresh, db=_path(a.db)),
    "top": lambda a: workflows.top(
        a.limit, _path(a.db), sheet=a.sheet, score_date=a.date, accounts=a.accounts
    ),
    "run": lambda a: workflows.run(a.score_date or _today()),
    "backtest": lambda a: workflows.backtest(
        a.start,
        a.end,
        every=a.every,
        sheets=tuple(a.sheets),
        as_of=a.as_of or _today(),
        out_dir=Path(a.out),
        project_dir=Path(a.project_dir),
    ),
    "train": lambda a: workflows.train(
        a.model,
        as_of=a.as_of or _today(),
        activate=a.activate,
        project_dir=Path(a.project_dir),
    ),
    "suggest": lambda a: workflows.suggest(
        a.sheet, out_dir=Path(a.out), apply=a.apply, project_dir=Path(a.project_dir)
    ),
    "explain": lambda a: workflows.explain(
        a.lead,
        sheet=a.sheet,
        score_date=a.date,
        account=a.account,
        project_dir=Path(a.project_dir),
    ),
    "diff": lambda a: workflows.diff(
        against=a.against,
        seeds=_path(a.seeds),
        markdown=_path(a.markdown),
        json_path=_path(a.json),
        backtest_dates=a.backtest_dates,
        project_dir=Path(a.project_dir),
    ),
    "review": lambda a: workflows.review(a.as_of or _today(), project_dir=Path(a.project_dir)),
    "sync": lambda a: workflows.sync(_path(a.dry_run)),
    "report": lambda a: workflows.report(Path(a.out)),
    "demo": lambda a: workflows.demo(a.leads, a.seed, a.end_date, evaluation=a.evaluation),
    "spark-server": lambda a: workflows.spark_server(
        Path(a.folder), thrift_port=a.thrift_port, connect_port=a.connect_port
    ),
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="leadscore", description=__doc__)
    root.add_argument(
        "--target",
        choices=settings.TARGETS,
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

    build = commands.add_parser("build", help="bare `dbt build` as of a score date (no Dagster)")
    build.add_argument("--score-date", type=_date, default=None, help="YYYY-MM-DD (today, UTC)")
    build.add_argument("--full-refresh", action="store_true")
    build.add_argument("--db", help="DuckDB file (LEADSCORE_DUCKDB_PATH)")

    top = commands.add_parser("top", help="print the top leads (or accounts) of the primary sheet")
    top.add_argument("--limit", type=int, default=10)
    top.add_argument(
        "--accounts",
        action="store_true",
        help="the top accounts, with their buying group's coverage and missing roles",
    )
    top.add_argument("--sheet", default=None, help="the sheet (the primary)")
    top.add_argument(
        "--date", type=_date, default=None, help="YYYY-MM-DD, a date of history (the latest)"
    )
    top.add_argument("--db", help="DuckDB file (LEADSCORE_DUCKDB_PATH)")

    run = commands.add_parser("run", help="run the asset graph through Dagster for a date")
    run.add_argument("--score-date", type=_date, default=None, help="YYYY-MM-DD (today, UTC)")

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

    train = commands.add_parser(
        "train",
        parents=[project_dir],
        help="train the predictive models on their past (contract §9) and keep a new version",
    )
    train.add_argument("--model", default=None, help="the model to train (every model)")
    train.add_argument(
        "--as-of", type=_date, default=None, help="read conversions up to (today, UTC)"
    )
    train.add_argument(
        "--activate",
        type=int,
        default=None,
        metavar="VERSION",
        help="make this earlier version of --model active again instead of training",
    )

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

    explain = commands.add_parser(
        "explain",
        parents=[project_dir],
        help="a lead's ledger per sheet, why it is or is not an MQL, and what decays next; or an"
        " account's score and buying group (--account)",
    )
    explain.add_argument("lead", nargs="?", help="the lead id")
    explain.add_argument(
        "--account",
        default=None,
        help="explain this account instead: its score, MQA status and buying group's roles",
    )
    explain.add_argument("--sheet", default=None, help="one sheet (all)")
    explain.add_argument(
        "--date",
        type=_date,
        default=None,
        help="YYYY-MM-DD: another score date, scored again beside the marts (the latest)",
    )

    diff = commands.add_parser(
        "diff",
        parents=[project_dir],
        help="what the working sheets change against another version, on the same data",
    )
    other = diff.add_mutually_exclusive_group()
    other.add_argument(
        "--against", default=None, help="git revision of seeds/ to compare with (HEAD)"
    )
    other.add_argument("--seeds", default=None, help="a folder of seed CSVs to compare with")
    diff.add_argument("--markdown", default=None, help="also write Markdown (a PR comment) here")
    diff.add_argument("--json", default=None, help="also write the JSON per sheet here")
    diff.add_argument(
        "--backtest-dates",
        type=int,
        default=4,
        help="dates of the last backtest to compare on, at most (4; 0: none)",
    )

    review = commands.add_parser(
        "review",
        parents=[project_dir],
        help="the quarterly review: backtest the last two closed quarters, say what changed",
    )
    review.add_argument(
        "--as-of", type=_date, default=None, help="read conversions up to (today, UTC)"
    )

    sync = commands.add_parser(
        "sync",
        help="push the primary sheet's changed score fields to the CRM (LEADSCORE_CRM_*)",
    )
    sync.add_argument(
        "--dry-run", default=None, metavar="FILE", help="write the batches to FILE; send nothing"
    )

    report = commands.add_parser("report", help="write the single-file HTML evaluation report")
    report.add_argument("--out", default=str(settings.report_path()), help="(data/report.html)")

    demo = commands.add_parser(
        "demo",
        help="through Dagster: demo data, a backtest of its past, scoring, alerts, the report",
    )
    world_options(demo)
    demo.add_argument(
        "--no-evaluation",
        dest="evaluation",
        action="store_false",
        help="skip the backtest, the suggestion and the report",
    )
    spark_server = commands.add_parser(
        "spark-server",
        help="run a Spark server on 127.0.0.1 that dbt (thrift) and the Python side (Spark"
        " Connect) both reach, as a cluster",
    )
    spark_server.add_argument(
        "--folder",
        default=str(settings.REPO_ROOT / "data" / "spark-server"),
        help="its metastore and tables (data/spark-server)",
    )
    spark_server.add_argument("--thrift-port", type=int, default=10000, help="(10000)")
    spark_server.add_argument(
        "--connect-port",
        type=int,
        default=settings.SPARK_CONNECT_PORT,
        help=f"({settings.SPARK_CONNECT_PORT})",
    )
    return root


def main(argv: list[str] | None = None) -> int:
    commands = parser()
    args = commands.parse_args(argv)
    if args.command == "explain" and (args.lead is None) == (args.account is None):
        commands.error("explain: give a lead id, or --account ACCOUNT for an account (not both)")
    if args.target:
        settings.use_target(args.target)
    # one warehouse file from here on, a relative path read from the caller's folder
    given = getattr(args, "db", None)
    settings.use_duckdb_path(Path(given) if given else settings.duckdb_path())
    manifest.prepare_if_stale(workflows.say)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
