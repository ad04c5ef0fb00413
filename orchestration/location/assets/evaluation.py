"""The evaluation assets: suggested points for a sheet, the HTML report, and the quarterly
review. Not in the daily job: they read the history that a backtest (or daily runs) wrote, on
demand; the review's job backtests the last two closed quarters on its own schedule."""

from datetime import UTC, date, datetime

from dagster import Config, Failure, MaterializeResult, asset

from ... import settings
from ...evaluation import sheets
from ...evaluation.quarterly import review_plan
from ...evaluation.suggest import STRENGTH, SuggestionError, suggest, write_outputs
from ...reporting.report import write_report
from ..owners import ANALYTICS_ENGINEERING
from ..resources import Warehouse
from .dbt import model_key


class SuggestionConfig(Config):
    sheet: str = ""  # blank: the primary sheet
    strength: float = STRENGTH  # how hard the fit pulls toward the current points


@asset(
    key=["suggestions", "suggested_points"],
    group_name="evaluation",
    owners=ANALYTICS_ENGINEERING,
    pool=settings.WAREHOUSE_POOL,
    deps=[model_key("score_outcomes"), model_key("rule_points_history")],
)
def rule_suggestions(context, config: SuggestionConfig, warehouse: Warehouse) -> MaterializeResult:
    """New points for a sheet's rules, fitted on the recorded dates against conversions with a
    time split; writes suggestions.suggested_points (which the dbt model suggested_rules
    publishes) and the challenger sheet's seed rows."""
    project_dir = settings.DBT_PROJECT_DIR
    sheet_id = config.sheet or sheets.primary_sheet(project_dir)
    try:
        with warehouse.in_use(), warehouse.write() as engine:
            suggestion = suggest(project_dir, sheet_id, engine, config.strength)
            folder = write_outputs(
                project_dir, suggestion, settings.output_dir() / "suggestions", engine
            )
    except SuggestionError as error:
        raise Failure(description=str(error)) from error
    context.log.info(suggestion.summary())
    return MaterializeResult(
        metadata={
            "sheet": sheet_id,
            "suggested_sheet": suggestion.suggested_sheet_id,
            "validation_auc_current": round(suggestion.current_validation_auc, 4),
            "validation_auc_suggested": round(suggestion.suggested_validation_auc, 4),
            "challenger_seed_rows": str(folder),
        }
    )


@asset(
    group_name="evaluation",
    owners=ANALYTICS_ENGINEERING,
    pool=settings.WAREHOUSE_POOL,
    deps=[model_key("suggested_rules"), model_key("scoring_performance"), model_key("lead_scores")],
)
def scoring_report(context, warehouse: Warehouse) -> MaterializeResult:
    """The single-file HTML report of scores, performance, backtest and suggestion."""
    with warehouse.in_use(), warehouse.read() as engine:
        path = write_report(engine, settings.report_path())
    context.log.info(f"report written to {path}")
    return MaterializeResult(metadata={"path": str(path)})


class ReviewConfig(Config):
    as_of: str = ""  # YYYY-MM-DD: conversions are read up to it; blank: today (UTC)


@asset(
    group_name="evaluation",
    owners=ANALYTICS_ENGINEERING,
    pool=settings.WAREHOUSE_POOL,
    deps=[model_key("scoring_quarters"), model_key("scoring_rule_activity")],
)
def quarterly_review(context, config: ReviewConfig) -> MaterializeResult:
    """The review of the last two closed quarters, backtested every week by the asset
    lead_scoring_backtest in the same run (marts.scoring_quarters); its check,
    quarterly_review_findings, says what changed."""
    as_of = date.fromisoformat(config.as_of) if config.as_of else datetime.now(UTC).date()
    plan = review_plan(settings.DBT_PROJECT_DIR, as_of)
    return MaterializeResult(
        metadata={
            "as_of": as_of.isoformat(),
            "from": plan.start.isoformat(),
            "to": plan.end.isoformat(),
            "score_dates": len(plan.score_dates),
        }
    )
