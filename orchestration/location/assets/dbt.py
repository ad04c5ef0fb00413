"""The dbt models as assets: those that do not depend on the score date, the daily
partitioned ones (tag `daily`: intermediate/scoring, the marts, evaluation/performance), whose
partition key is the score date, and the backtest's marts (tag `backtest`), built for the dates
a backtest's config names."""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec, BackfillPolicy, Config, Failure
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets, get_asset_key_for_model

from ... import settings
from ...dbt.args import build_args, invocation
from ...dbt.project import dbt_project, require_manifest
from ...dbt.runner import run_steps
from ...evaluation.backtest import (
    BacktestError,
    BacktestPlan,
    describe,
    history_steps,
    plan_backtest,
)
from ...settings import DBT_PROJECT_DIR, WAREHOUSE_POOL
from ...warehouse import warehouse_lock
from ..owners import ANALYTICS_ENGINEERING
from ..partitions import daily_partitions, score_dates
from ..resources import Warehouse

require_manifest()


class LeadScoringTranslator(DagsterDbtTranslator):
    """Groups from the layer folders (staging, intermediate, marts, evaluation), seeds apart;
    descriptions from the dbt docs (never the SQL), owners from meta.owner, and every dbt
    test a described check."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else None

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        return (
            dbt_resource_props.get("description")
            or f"dbt {dbt_resource_props['resource_type']} {dbt_resource_props['name']}"
        )

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str] | None:
        owner = dbt_resource_props.get("config", {}).get("meta", {}).get("owner")
        return [owner] if owner else None

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=_test_description(manifest["nodes"][unique_id]))


def _test_description(test: Mapping[str, Any]) -> str:
    """What a generic dbt test checks, from its name and arguments (`not_null of sheet_id`)."""
    generic = test.get("test_metadata") or {}
    arguments = {
        name: value
        for name, value in (generic.get("kwargs") or {}).items()
        if name not in ("model", "column_name")
    }
    text = generic.get("name", test["name"]).replace("_", " ")
    if test.get("column_name"):
        text += f" of {test['column_name']}"
    details = "; ".join(f"{name} {value}" for name, value in arguments.items())
    return f"dbt test: {text}" + (f" ({details})" if details else "")


translator = LeadScoringTranslator()


def _dbt_assets(name: str, selector: str, **options: Any):
    """dbt models as Dagster assets: the models of a selector of dbt_project/selectors.yml,
    this project, its translator, the warehouse pool."""
    return dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=translator,
        pool=WAREHOUSE_POOL,
        name=name,
        select="",  # the selector alone (dbt would ignore a --select beside it)
        selector=selector,
        **options,
    )


def _cli(dbt: DbtCliResource, args: list[str], context: AssetExecutionContext | None = None):
    """A dbt invocation of Dagster's dbt resource, its run vars in the environment
    (dbt/args.py)."""
    args, run_env = invocation(args)
    with settings.environment(**run_env, **settings.dbt_environment(DBT_PROJECT_DIR)):
        return dbt.cli(args, context=context)


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    """`dbt build` of the asset's models into the resource's warehouse, its lock held."""
    with warehouse.in_use(), warehouse_lock():
        yield from _cli(dbt, build_args(), context).stream()


@_dbt_assets("lead_scoring_static", selector="static_models")
def lead_scoring_static(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    """Seeds (with the sheet check), staging and the date-free intermediate models (the
    activity loads, leads and profile rules)."""
    yield from _build(context, dbt, warehouse)


@_dbt_assets(
    "lead_scoring_daily",
    selector="daily_models",
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
)
def lead_scoring_daily(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    """Scores as of each score date of the partition range, oldest first, one dbt build per
    date, so a backfill writes the same history as running the days one by one."""
    dates = score_dates(context.partition_key_range)
    with warehouse.in_use(), warehouse_lock():
        for score_date in dates[:-1]:
            context.log.info(f"scoring {score_date} ({dates.index(score_date) + 1}/{len(dates)})")
            _cli(dbt, build_args(score_date=score_date), context).wait()
        context.log.info(f"scoring {dates[-1]} ({len(dates)}/{len(dates)})")
        yield from _cli(dbt, build_args(score_date=dates[-1]), context).stream()


class BacktestConfig(Config):
    start: str  # the first date scored, YYYY-MM-DD
    end: str  # the last; its conversion window must have closed by as_of
    every_days: int = 7
    sheets: list[str] = []  # blank: every sheet
    as_of: str = ""  # conversions are read up to this date; blank: today in UTC

    def plan(self) -> BacktestPlan:
        as_of = date.fromisoformat(self.as_of) if self.as_of else datetime.now(UTC).date()
        return plan_backtest(
            DBT_PROJECT_DIR,
            date.fromisoformat(self.start),
            date.fromisoformat(self.end),
            every_days=self.every_days,
            sheet_list=tuple(self.sheets),
            as_of=as_of,
        )


@_dbt_assets("lead_scoring_backtest", selector="backtest_marts")
def lead_scoring_backtest(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: Warehouse,
    config: BacktestConfig,
):
    """The backtest's marts (scoring_backtest, scoring_thresholds, scoring_calibration,
    scoring_quarters, scoring_rule_activity): every sheet scored as of the config's dates, many
    dates a pass, into lead_score_history, then compared against the conversions that
    followed (the job `backtest`, `make demo` and the quarterly review run it)."""
    with warehouse.in_use():
        yield from _backtest(context, dbt, config)


def _backtest(context: AssetExecutionContext, dbt: DbtCliResource, config: BacktestConfig):
    try:
        plan = config.plan()
    except BacktestError as error:
        raise Failure(description=str(error)) from error
    context.log.info(describe(plan))
    with warehouse_lock():
        # the dates' history and its evaluation: several dbt invocations in one process
        run_steps(history_steps(plan), DBT_PROJECT_DIR)
        context.log.info("backtest: its marts")
        yield from _cli(
            dbt, build_args(score_date=plan.as_of, extra_vars=plan.evaluation_vars), context
        ).stream()


@_dbt_assets("lead_scoring_suggestions", selector="suggestion_models")
def lead_scoring_suggestions(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
):
    """suggested_rules, from what the asset rule_suggestions wrote (the evaluation job)."""
    yield from _build(context, dbt, warehouse)


def model_key(model: str) -> AssetKey:
    """The asset key of a dbt model, whichever of the dbt assets holds it."""
    for assets in (
        lead_scoring_static,
        lead_scoring_daily,
        lead_scoring_backtest,
        lead_scoring_suggestions,
    ):
        if model in {key.path[-1] for key in assets.keys}:
            return get_asset_key_for_model([assets], model)
    raise KeyError(f"no dbt model named {model!r}")


# What the incremental models read of their own last run, as dbt sources (docs/incremental.md):
# the load logs (load_state), the daily aggregates a reload replaced, the running decayed sums
# (scoring_state), the evaluation's log and outcome totals (evaluation_state). Written by dbt
# models downstream of their readers, or by a pre-hook; declared here so that lineage shows them.
_state_descriptions = {
    **{
        ("load_state", log): f"The load log {log} as the next run reads it (the dbt model of "
        "that name writes it)"
        for log in (
            "int_activity_dates_loaded",
            "int_activity_matchers_loaded",
            "int_activity_key_ranks_loaded",
            "int_activity_bot_dates_loaded",
            "int_activity_leads_loaded",
        )
    },
    ("load_state", "int_activities_replaced"): "The daily aggregates a reload replaced, as they "
    "were, until the running sums take them in (the pre-hook of int_activities_matched_daily "
    "writes them)",
    ("scoring_state", "int_behavior_rule_sums"): "The running decayed sums as the next run "
    "reads them (the dbt model of that name writes them)",
    ("scoring_state", "int_profile_rules_matched"): "The profile rules matched, with the "
    "fingerprints they were matched with, as the next run reads them (the dbt model of that "
    "name writes them)",
    ("evaluation_state", "eval_outcome_dates_evaluated"): "The evaluation's log as the next run "
    "reads it (the dbt model of that name writes it)",
    ("evaluation_state", "eval_outcome_totals"): "The outcome counts summed over the evaluated "
    "dates as the next run reads them (the dbt model of that name writes them)",
}
load_state_specs = [
    AssetSpec(
        list(key), group_name="intermediate", description=description, owners=ANALYTICS_ENGINEERING
    )
    for key, description in _state_descriptions.items()
]
