"""Runs the asset graph in-process (what `make demo` and `leadscore run` do)."""

from __future__ import annotations

import os
import shutil
import socket
from datetime import date
from pathlib import Path

from dagster import (
    AssetSelection,
    DagsterInstance,
    DagsterRunStatus,
    ExecuteInProcessResult,
    RunsFilter,
)

from .. import settings
from ..evaluation.backtest import BacktestPlan

# dbt's own output is the progress; Dagster's debug events would bury it
CONSOLE_INFO = {"console": {"config": {"log_level": "INFO"}}}
# the demo says what it does itself: the console shows warnings and errors only (every event is
# in the Dagster instance, which `make dev` shows)
CONSOLE_QUIET = {"console": {"config": {"log_level": "WARNING"}}}


# An in-process run names the process that runs it: one whose process is gone (stopped with
# kill -9, the machine restarted) can never finish, and would hold the warehouse pool's one
# slot for ever, every later run waiting on it.
PROCESS_TAG = "leadscore/process"


def _loggers(quiet: bool) -> dict:
    return CONSOLE_QUIET if quiet else CONSOLE_INFO


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _writer_tags() -> dict[str, str]:
    return {"leadscore/warehouse": "writer", PROCESS_TAG: _this_process()}


def _process_gone(process: str) -> bool:
    host, _, pid = process.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release_abandoned_runs(dagster_instance: DagsterInstance) -> list[str]:
    """Mark failed the in-process runs whose process is gone, freeing the pool slots they
    held; their ids."""
    unfinished = dagster_instance.get_runs(
        RunsFilter(statuses=[DagsterRunStatus.STARTING, DagsterRunStatus.STARTED])
    )
    released = []
    for run in unfinished:
        process = run.tags.get(PROCESS_TAG)
        if process and _process_gone(process):
            dagster_instance.report_run_failed(
                run, message=f"its process ({process}) ended before the run did"
            )
            dagster_instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            released.append(run.run_id)
    return released


def instance() -> DagsterInstance:
    """The instance under DAGSTER_HOME (what `make dev` shows), else a throwaway one. A
    DAGSTER_HOME without dagster.yaml gets the project's (the run queue that serialises
    writers), as `make` gives it; Dagster would otherwise warn and run without it."""
    home = settings.dagster_home()
    if not home:
        return DagsterInstance.ephemeral()
    config = home / "dagster.yaml"
    if not config.exists():
        home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.REPO_ROOT / "dagster.yaml", config)
    dagster_instance = DagsterInstance.get()
    for run_id in release_abandoned_runs(dagster_instance):
        print(f"[leadscore] run {run_id} had lost its process: marked failed, its slot freed")
    return dagster_instance


def run_pipeline(
    score_date: date,
    *,
    demo_leads: int | None = None,
    seed: int = 42,
    end_date: date | None = None,
    dagster_instance: DagsterInstance | None = None,
    partition_range: tuple[str, str] | None = None,
    import_landing: bool = True,
    with_static: bool = True,
    with_evaluation: bool = False,
    quiet: bool = False,
    warehouse: Path | None = None,
) -> ExecuteInProcessResult:
    """Materialise every asset for the score date's partition (or, as one backfill run, for
    `partition_range`); with `demo_leads`, first replace raw with a demo world of that many
    leads, otherwise import landing files (unless `import_landing` is false). Without
    `with_static`, the dbt models that do not depend on the score date are left as a run just
    built them; `with_evaluation`, the evaluation assets follow (suggested points, the
    report). `warehouse`: the DuckDB file of the run's Warehouse resource, which every asset
    writes, the dbt assets included (default: LEADSCORE_DUCKDB_PATH)."""
    from ..definitions import defs
    from .assets.dbt import lead_scoring_static
    from .schedules import EVALUATION, NOT_DAILY

    skipped = ["landing_files"] if demo_leads is not None or not import_landing else []
    skipped += [] if demo_leads is not None else ["demo_data"]
    selection = AssetSelection.all() - AssetSelection.assets(*skipped) - NOT_DAILY
    if not with_static:
        selection -= AssetSelection.assets(*lead_scoring_static.keys)
    if with_evaluation:
        selection |= EVALUATION
    job = defs.resolve_implicit_global_asset_job_def().get_subset(
        asset_selection=selection.resolve(defs.resolve_asset_graph())
    )
    run_config: dict = {"loggers": _loggers(quiet)}
    if warehouse is not None:
        run_config["resources"] = {"warehouse": {"config": {"path": str(warehouse)}}}
    if demo_leads is not None:
        run_config["ops"] = {"demo_data": {"config": demo_config(demo_leads, seed, end_date)}}
    tags = _writer_tags()
    if partition_range:
        tags |= {
            "dagster/asset_partition_range_start": partition_range[0],
            "dagster/asset_partition_range_end": partition_range[1],
        }
    return job.execute_in_process(
        run_config=run_config,
        partition_key=None if partition_range else score_date.isoformat(),
        instance=dagster_instance or instance(),
        tags=tags,
        raise_on_error=False,
    )


def demo_config(leads: int, seed: int, end_date: date | None) -> dict:
    """The demo_data asset's config (a blank end date is today in UTC)."""
    return {"leads": leads, "seed": seed, "end_date": end_date.isoformat() if end_date else ""}


def run_backtest(
    plan: BacktestPlan,
    dagster_instance: DagsterInstance | None = None,
    *,
    with_static: bool = True,
    demo_world: dict | None = None,
    quiet: bool = False,
) -> ExecuteInProcessResult:
    """Materialise the backtest's marts for `plan` in-process; first, unless `with_static` is
    false (a run just built them), the dbt models that do not depend on the score date
    (staging, the activity load), and before them, with `demo_world` (demo_config's), raw
    replaced by a demo world."""
    from ..definitions import defs
    from .assets.dbt import lead_scoring_static
    from .schedules import BACKTEST, backtest_config

    selection = BACKTEST
    ops: dict = {"lead_scoring_backtest": {"config": backtest_config(plan)}}
    if with_static:
        selection = selection | AssetSelection.assets(*lead_scoring_static.keys)
    if demo_world:
        selection = selection | AssetSelection.assets("demo_data")
        ops["demo_data"] = {"config": demo_world}
    job = defs.resolve_implicit_global_asset_job_def().get_subset(
        asset_selection=selection.resolve(defs.resolve_asset_graph())
    )
    return job.execute_in_process(
        run_config={"loggers": _loggers(quiet), "ops": ops},
        instance=dagster_instance or instance(),
        tags=_writer_tags(),
        raise_on_error=False,
    )


def run_training(as_of: date, *, quiet: bool = False) -> ExecuteInProcessResult:
    """Train the predictive models as of `as_of` in-process (the job predictive_model_training),
    with the drift check."""
    from ..definitions import defs

    return defs.resolve_job_def("predictive_model_training").execute_in_process(
        run_config={
            "loggers": _loggers(quiet),
            "ops": {"predictive_training": {"config": {"as_of": as_of.isoformat()}}},
        },
        instance=instance(),
        tags=_writer_tags(),
        raise_on_error=False,
    )
