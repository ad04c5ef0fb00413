"""What the `leadscore` commands do, one function each; cli.py parses the arguments and calls
them. They return an exit code (0: done) and say what they do on the way."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings, warehouse

if TYPE_CHECKING:
    from .evaluation.bot_filtering import BotFilteringRun


def say(message: str) -> None:
    print(f"[leadscore] {message}", flush=True)


def demo_data(
    leads: int,
    seed: int,
    end_date: date,
    *,
    activities: int | None = None,
    workers: int | None = None,
    db: Path | None = None,
    parquet_dir: Path | None = None,
) -> int:
    """A synthetic world into raw (of the DuckDB file `db`, or the target's warehouse), or as
    Parquet files for the landing importer, with a progress bar for large ones."""
    from tqdm import tqdm

    from .loading.demo.loader import WorldSpec, generate

    spec = WorldSpec(leads, seed, end_date, activities)
    engine = None if parquet_dir else warehouse.open_engine(duckdb_path=db)
    started = time.monotonic()
    destination = parquet_dir or f"raw of the {engine.target} warehouse"
    say(f"generating {leads:,} leads (seed {seed}, ending {end_date}) into {destination}")
    with tqdm(total=leads, unit=" leads", unit_scale=True, disable=leads < 20_000) as bar:

        def progress(done: int, written: int) -> None:
            bar.update(min(done, leads) - bar.n)
            bar.set_postfix_str(f"{written:,} activities", refresh=False)

        try:
            counts = generate(
                spec, engine=engine, parquet_dir=parquet_dir, workers=workers, progress=progress
            )
        finally:
            if engine is not None:
                engine.close()
    summary = ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
    say(f"raw rows written: {summary} ({time.monotonic() - started:.1f}s)")
    return 0


def build(score_date: date | None, *, full_refresh: bool = False, db: Path | None = None) -> int:
    """Bare `dbt build` as of a score date, no Dagster."""
    from .dbt import runner
    from .dbt.args import build_args

    env = {"LEADSCORE_DUCKDB_PATH": str(db)} if db else None
    args = build_args(score_date=score_date, full_refresh=full_refresh)
    return runner.run(args, env=env, say=say).returncode


def top(
    limit: int = 10,
    db: Path | None = None,
    *,
    sheet: str | None = None,
    score_date: date | None = None,
    accounts: bool = False,
) -> int:
    from .console import print_top_accounts, print_top_leads

    if accounts:
        print_top_accounts(db, limit=limit, sheet=sheet)
    else:
        print_top_leads(db, limit=limit, sheet=sheet, score_date=score_date)
    return 0


def _through_dagster(what: str, run: Callable[[], Any], log: Path | None = None) -> int:
    """Start a Dagster run; 0 when it succeeded, else 1, saying which steps failed. With
    `log`, what the run prints (dbt's output) is appended to that file, not shown."""
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if log:
            log.parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(contextlib.redirect_stdout(stack.enter_context(log.open("a"))))
        result = run()
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        where = f"in {log}" if log else "above"
        say(f"{what} failed in {', '.join(failed)}: read the log {where}")
        return 1
    say(f"{what} finished in {time.monotonic() - started:.0f}s")
    return 0


def run(score_date: date) -> int:
    """The asset graph through Dagster (in-process) for one score date."""
    from .location.runs import run_pipeline

    say(f"running the asset graph through Dagster for score date {score_date}")
    return _through_dagster("the run", partial(run_pipeline, score_date))


def train(
    model: str | None,
    *,
    as_of: date,
    activate: int | None = None,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> int:
    """Train each predictive model (or `model`) and keep it as a new version; or, with
    `activate`, make that earlier version of `model` active again."""
    from .dbt.runner import DbtRunError
    from .predictive import train as training
    from .predictive import versions

    if activate is not None:
        if model is None:
            say("train: --activate needs --model: name the model whose version to activate")
            return 2
        try:
            versions.activate(model, activate)
        except versions.UnknownVersion as error:
            say(f"train: {error}")
            return 2
        say(f"train {model}: version {activate} is active; the next run scores with it")
        return 0
    try:
        results = training.train(model, as_of, project_dir, say)
    except (DbtRunError, ValueError) as error:
        say(f"train: {error}")
        return 1 if isinstance(error, DbtRunError) else 2
    if not results:
        say("train: seeds/predictive_models.csv lists no model; nothing to train")
    for result in results:
        say(training.describe(result))
    return 0 if all(result.fitted for result in results) else 1


def backtest(
    start: date,
    end: date,
    *,
    every: int = 7,
    sheets: tuple[str, ...] = (),
    as_of: date,
    out_dir: Path,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> int:
    """Every sheet scored as of past dates and compared against the conversions that
    followed: the table printed, written to marts.scoring_backtest and a CSV."""
    from .dbt.runner import DbtRunError
    from .evaluation.backtest import BacktestError, plan_backtest, run_backtest

    try:
        plan = plan_backtest(
            project_dir, start, end, every_days=every, sheet_list=sheets, as_of=as_of
        )
    except BacktestError as error:
        say(f"backtest: {error}")
        return 2
    started = time.monotonic()
    try:
        rows, path = run_backtest(plan, project_dir, out_dir, say)
    except DbtRunError as error:
        say(f"backtest: {error}")
        return 1
    _show_backtest(rows, path, started)
    return 0


def _show_models() -> None:
    """Each active predictive model beside its rules on the same validation lead-dates, and
    where it disagrees with them."""
    from .predictive.disagreements import disagreements
    from .predictive.train import versions_summary

    with warehouse.open_engine(read_only=True) as engine:
        for line in versions_summary(engine):
            say(line)
        for model in disagreements(engine):
            for line in model.lines():
                say(line)


def _show_backtest(rows: list[dict], path: Path, started: float) -> None:
    from .evaluation.backtest import ACCOUNT_COLUMNS, account_rows, format_table

    print(format_table(rows), flush=True)
    say(
        f"backtest: in marts.scoring_backtest and {path} "
        f"({time.monotonic() - started:.0f}s); per tier: marts.scoring_performance"
    )
    accounts = account_rows()
    if accounts:
        print(format_table(accounts, ACCOUNT_COLUMNS), flush=True)
        say(
            "backtest: accounts in marts.account_backtest; what coverage adds at equal score,"
            " per tier: marts.account_coverage_backtest"
        )


def suggest(
    sheet: str | None,
    *,
    out_dir: Path,
    apply: bool = False,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> int:
    """New points for a sheet's rules, fitted on the backtested dates; published by dbt as
    marts.suggested_rules; with `apply`, the suggested sheet written into seeds/."""
    from .dbt import runner
    from .dbt.args import build_args
    from .evaluation import sheets
    from .evaluation.suggest import SuggestionError, apply_to_seeds, write_outputs
    from .evaluation.suggest import suggest as fit

    sheet_id = sheet or sheets.primary_sheet(project_dir)
    try:
        with warehouse.open_engine() as engine:
            suggestion = fit(project_dir, sheet_id, engine)
            folder = write_outputs(project_dir, suggestion, out_dir, engine)
    except SuggestionError as error:
        say(f"suggest: {error}")
        return 2
    say(suggestion.summary())
    published = runner.run(build_args(selector="suggestion_models"), project_dir=project_dir)
    if not published.success:
        say("suggest: dbt could not publish marts.suggested_rules: read its output above")
        return 1
    say(f"suggest: marts.suggested_rules, and the challenger sheet's seed rows in {folder}")
    if apply:
        apply_to_seeds(project_dir, folder)
        say(
            f"suggest: sheet {suggestion.suggested_sheet_id} written into "
            f"{sheets.seeds_dir(project_dir)}: backtest it against {sheet_id} before it goes live"
        )
    return 0


def explain(
    lead: str | None,
    *,
    sheet: str | None,
    score_date: date | None,
    account: str | None = None,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> int:
    """Why a lead (or, with `account`, an account) scores what it does, per sheet: from the
    marts of the latest date, or of `score_date` scored again beside them."""
    import tempfile

    from .dbt.runner import DbtRunError
    from .explain.account import explain_account, render_account
    from .explain.lead import ExplainError, latest_score_date, render
    from .explain.lead import explain as explain_lead
    from .sheet_versions import seeds
    from .sheet_versions.scratch import score_version, scratch_schemas

    def explained(prefix: str = "") -> str:
        if account is not None:
            return render_account(explain_account(account, sheet, prefix))
        return render(explain_lead(lead, sheet, prefix))

    latest = latest_score_date()
    if latest is None:
        say("explain: nothing is scored yet: run `leadscore build` (or `make demo`) first")
        return 2
    try:
        if score_date is None or score_date == latest:
            print(explained(), end="", flush=True)
            return 0
        say(f"explain: scoring {score_date} with the working sheets beside the marts")
        working = seeds.working(project_dir.parent / "seeds")
        with (
            tempfile.TemporaryDirectory() as folder,
            scratch_schemas("explain_"),
        ):
            score_version(working, "explain_", project_dir, Path(folder), score_date)
            print(explained("explain_"), end="", flush=True)
    except ExplainError as error:
        say(f"explain: {error}")
        return 2
    except DbtRunError as error:
        say(f"explain: {error}")
        return 1
    return 0


def diff(
    *,
    against: str | None,
    seeds: Path | None,
    markdown: Path | None,
    json_path: Path | None,
    backtest_dates: int,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> int:
    """What the working sheets change against another version of them (a git revision, HEAD
    by default, or a folder of seeds), both scored on the warehouse's data beside the live
    marts: printed as a table, and as Markdown and JSON files when asked."""
    import json

    from .dbt.runner import DbtRunError
    from .diff.compare import DiffError, run_diff
    from .diff.rendering import render
    from .sheet_versions.seeds import VersionError

    started = time.monotonic()
    try:
        result = run_diff(
            project_dir,
            against=against,
            seeds_dir=seeds,
            backtest_dates=backtest_dates,
            say=say,
        )
    except (DiffError, VersionError) as error:
        say(f"diff: {error}")
        return 2
    except DbtRunError as error:
        say(f"diff: {error}")
        return 1
    print(render(result.sheets, result.before, result.after, markdown=False), flush=True)
    if markdown:
        markdown.write_text(render(result.sheets, result.before, result.after, markdown=True))
        say(f"diff: Markdown in {markdown}")
    if json_path:
        json_path.write_text(json.dumps(result.sheets, indent=2, default=str) + "\n")
        say(f"diff: JSON in {json_path}")
    say(f"diff: done in {time.monotonic() - started:.0f}s; the marts were not touched")
    return 0


def review(as_of: date, *, project_dir: Path = settings.DBT_PROJECT_DIR) -> int:
    """The quarterly review: the last two quarters closed by `as_of` backtested every week,
    then what changed between them (falling AUC or MQL conversion, silent rules, tiers that
    no longer rise). 0 when there is nothing to revisit, 3 when there is."""
    from .dbt.runner import DbtRunError
    from .evaluation.backtest import run_backtest
    from .evaluation.quarterly import findings, review_plan

    plan = review_plan(project_dir, as_of)
    say(f"quarterly review as of {as_of}: every week from {plan.start} to {plan.end}")
    try:
        run_backtest(plan, project_dir, settings.output_dir() / "backtests", say)
    except DbtRunError as error:
        say(f"review: {error}")
        return 1
    with warehouse.open_engine(read_only=True) as engine:
        found = findings(engine, as_of)
    for finding in found:
        print(f"- {finding.message}", flush=True)
    say(
        f"review: {len(found)} findings; per quarter in marts.scoring_quarters"
        if found
        else "review: nothing to revisit"
    )
    return 3 if found else 0


def sync(dry_run: Path | None = None) -> int:
    """Push the primary sheet's changed score fields to the CRM (LEADSCORE_CRM_*), leads then
    companies, or with `dry_run` write the batches it would send to that file (and the
    companies' to a file beside it, <name>.companies<suffix>)."""
    from .crm.store import CrmStore
    from .crm.sync import CrmSettingsError, company_format, crm_format, push, queue_changes
    from .crm.sync import dry_run as write_batches

    try:
        crm = crm_format(settings.crm_format(), settings.crm_send_probability())
        companies = company_format(settings.crm_format())
        url, token = settings.crm_url(), settings.crm_token()
        if not dry_run and not (url and token):
            raise CrmSettingsError(
                "set LEADSCORE_CRM_URL (the API's base URL) and LEADSCORE_CRM_TOKEN (its bearer"
                " token), or write the batches to a file with --dry-run FILE"
            )
    except (CrmSettingsError, ValueError) as error:
        say(f"sync: {error}")
        return 2
    queues = [
        (CrmStore(settings.crm_store_path()), crm, dry_run),
        (
            CrmStore(settings.crm_company_store_path()),
            companies,
            dry_run and dry_run.with_suffix(".companies" + dry_run.suffix),
        ),
    ]
    failed = False
    for store, records, batches_file in queues:
        with warehouse.open_engine(read_only=True) as engine:
            if batches_file:
                report = write_batches(engine, store, records, url, batches_file)
                say(
                    f"sync (dry run): {report.waiting} {records.noun} record(s) in"
                    f" {report.batches} batch(es) written to {batches_file}; nothing sent"
                )
                continue
            report = queue_changes(engine, store, records)
        say(f"sync: {report.queued} {records.noun}(s) with changed fields queued for {crm.name}")
        report = push(store, records, url, token, report=report)
        say(f"sync: {report.summary}")
        for key, why in sorted(report.refused.items())[:5]:
            say(f"  refused {key}: {why}")
        failed = failed or bool(report.errors)
    if failed:
        say("sync: what waits is sent by the next `leadscore sync` (or the crm_sync_sensor)")
        return 1
    return 0


def report(out: Path) -> int:
    from .reporting.report import write_report

    with warehouse.open_engine(read_only=True) as engine:
        path = write_report(engine, out)
    say(f"report: {path}")
    return 0


def spark_server(folder: Path, *, thrift_port: int, connect_port: int) -> int:
    """A Spark server on 127.0.0.1 keeping its tables in `folder`, until interrupted: dbt and
    the Python side reach it with the settings it prints (docs/spark.md)."""
    from .warehouse.spark_server import SparkServer

    say(f"starting a Spark server in {folder} (about 15 s)")
    server = SparkServer.start(folder, thrift_port=thrift_port, connect_port=connect_port)
    say("ready; in another shell, point dbt and the leadscore commands at it:")
    for name, value in server.environment().items():
        print(f"export {name}={value}", flush=True)
    say("Ctrl-C stops it")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        say("stopping the Spark server")
    finally:
        server.stop()
    return 0


def start_bot_filtering(
    start: date,
    end: date,
    *,
    every: int = 7,
    as_of: date,
    out_dir: Path,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> BotFilteringRun | None:
    """The backtest of `start`..`end` (every `every` days) again without the bot rules, begun
    on copies of the project and the DuckDB warehouse in a child process: the warehouse is
    free for what follows meanwhile; `show_bot_filtering` waits for it. None on another
    target (said)."""
    from .evaluation import bot_filtering
    from .evaluation.backtest import plan_backtest

    if settings.target() != "duckdb":
        say("bot filtering: compared on DuckDB only (the comparison copies the warehouse file)")
        return None
    plan = plan_backtest(project_dir, start, end, every_days=every, as_of=as_of)
    log = settings.output_dir() / "logs" / "bot_filtering.log"
    say(f"backtesting again without the bot rules, on a copy of the warehouse (output: {log})")
    return bot_filtering.start(plan, project_dir, out_dir, log)


def show_bot_filtering(run: BotFilteringRun | None) -> None:
    """Wait for the comparison and say the primary sheet's AUC with and without filtering,
    on the same lead-dates."""
    if run is None:
        return
    result = run.wait()
    say(
        f"bot filtering: sheet {result['sheet_id']} AUC {result['with_filtering']:.4f} with the"
        f" bot rules, {result['without_filtering']:.4f} without, on the same"
        f" {result['lead_dates']:,} lead-dates"
    )


def demo(leads: int, seed: int, end_date: date, *, evaluation: bool = True) -> int:
    """Through Dagster, in two runs: the demo world and a backtest of its past (the score
    history of a team that had been running for months); then the daily run of its last day
    (the models, the checks, the alert queue, which on this first deployment covers that day
    alone: the leads that were MQLs on the last backtested date are not new) and the evaluation
    assets (suggested points, the report). Between them, the primary sheet backtested without
    the bot rules; at the end, the top leads. The console shows what each step found, not its
    log (every run's events are in the Dagster instance: `make dev`)."""
    from .evaluation import sheets
    from .evaluation.backtest import BacktestError, describe, plan_backtest, write_result
    from .evaluation.bot_filtering import BotFilteringError
    from .loading.demo.generator import HISTORY_DAYS
    from .location.runs import demo_config, run_backtest, run_pipeline, run_training

    started = time.monotonic()
    if not evaluation:
        say(f"running the asset graph through Dagster for score date {end_date}, on a demo world")
        pipeline = partial(run_pipeline, end_date, demo_leads=leads, seed=seed, end_date=end_date)
        return _through_dagster("the run", pipeline) or top()
    log = settings.output_dir() / "logs" / "demo.log"
    log.unlink(missing_ok=True)
    if settings.target() == "duckdb" and settings.duckdb_path().exists():
        # a new world: the score history, running sums and trained models of the last one go
        # with it (dates of theirs the backtest does not score again would otherwise stay)
        say(f"starting from an empty warehouse: {settings.duckdb_path()} replaced")
        for stale in (settings.duckdb_path(), settings.duckdb_path().with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)
    say(f"dbt's output goes to {log}; every run's events are in Dagster (`make dev`)")
    window = sheets.conversion_window_days(settings.DBT_PROJECT_DIR)
    first, last = end_date - timedelta(days=HISTORY_DAYS - 30), end_date - timedelta(days=window)
    try:
        plan = plan_backtest(settings.DBT_PROJECT_DIR, first, last, as_of=end_date)
    except BacktestError as error:
        say(f"backtest: {error}")
        return 2
    say(
        f"through Dagster: a demo world of {leads:,} leads, then its "
        + describe(plan).removeprefix("backtest: ")
        + ", many dates a pass"
    )
    world = demo_config(leads, seed, end_date)
    backtest_started = time.monotonic()
    if _through_dagster(
        "the world and its backtest",
        partial(run_backtest, plan, demo_world=world, quiet=True),
        log,
    ):
        return 1
    _show_backtest(*write_result(plan, settings.output_dir() / "backtests"), backtest_started)
    # the report of the daily run shows the comparison: it runs beside the training
    bot_filtering = start_bot_filtering(
        first, last, as_of=end_date, out_dir=settings.output_dir() / "backtests"
    )
    say(f"training the predictive model through Dagster on the weekly dates up to {end_date}")
    training_failed = _through_dagster(
        "the training", partial(run_training, end_date, quiet=True), log
    )
    try:
        show_bot_filtering(bot_filtering)  # waited for, even after a failed training
    except BotFilteringError as error:
        say(str(error))
        return 1
    if training_failed:
        return 1
    say(
        f"scoring {end_date} through Dagster: the models, their tests, the checks, the alert"
        " queue, then suggested points and the report"
    )
    daily = partial(
        run_pipeline,
        end_date,
        import_landing=False,
        with_static=False,
        with_evaluation=True,
        quiet=True,
    )
    if _through_dagster("the daily run", daily, log):
        return 1
    top()
    top(5, accounts=True)
    _show_models()
    from .console import print_clean_signals, print_metric_query

    print_clean_signals()
    if settings.target() == "duckdb" and print_metric_query():
        say(
            "the metric query failed (above): the marts are built; `mf` reads"
            " dbt_project/target/semantic_manifest.json, which `cd dbt_project && ../.venv/bin/dbt"
            " parse` writes anew"
        )
    say(f"report: {settings.report_path()}")
    say(
        "next: `.venv/bin/leadscore explain LEAD` (why a lead scores what it does),"
        " `.venv/bin/leadscore diff` (what your edits to seeds/ change, before they merge)"
    )
    say(f"the demo took {time.monotonic() - started:.0f}s")
    return 0
