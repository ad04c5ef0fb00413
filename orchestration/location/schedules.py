"""Jobs, the daily schedule and the quarterly review's."""

from dagster import (
    AssetKey,
    AssetSelection,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from .. import settings
from .assets.dbt import model_key

# Every run that writes the warehouse carries this tag; the run queue allows one at a time.
WRITER_TAGS = {"leadscore/warehouse": "writer"}

# On demand, not daily: the suggested points (fitted in Python, published by dbt) and the
# report, from the history a backtest wrote.
EVALUATION = AssetSelection.assets(
    AssetKey(["suggestions", "suggested_points"]), model_key("suggested_rules"), "scoring_report"
)

# Never in a daily run: on demand (the evaluation) or on a schedule of its own (the review).
NOT_DAILY = EVALUATION | AssetSelection.assets("quarterly_review")

daily_scoring_job = define_asset_job(
    "daily_scoring",
    selection=AssetSelection.all() - AssetSelection.assets("demo_data") - NOT_DAILY,
    tags=WRITER_TAGS,
    description="Import landing files, rebuild staging, score the partition's dates, queue alerts.",
)

evaluation_job = define_asset_job(
    "evaluation",
    selection=EVALUATION,
    tags=WRITER_TAGS,
    description="Suggested points and the HTML report, from the history a backtest wrote.",
)


@schedule(
    cron_schedule=f"0 {settings.schedule_hour_utc()} * * *",
    job=daily_scoring_job,
    execution_timezone="UTC",
)
def daily_scoring_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    """Scores the current date's partition every day at LEADSCORE_SCHEDULE_HOUR_UTC (6)."""
    score_date = context.scheduled_execution_time.date().isoformat()
    return RunRequest(run_key=score_date, partition_key=score_date)


quarterly_review_job = define_asset_job(
    "quarterly_sheet_review",
    selection=AssetSelection.assets("quarterly_review"),
    tags=WRITER_TAGS,
    description="Backtest the last two closed quarters and check what changed.",
)


@schedule(cron_schedule=settings.review_cron(), job=quarterly_review_job, execution_timezone="UTC")
def quarterly_review_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    """The quarterly review, by default on the first day of each quarter
    (LEADSCORE_REVIEW_CRON), reading conversions up to that day."""
    as_of = context.scheduled_execution_time.date().isoformat()
    return RunRequest(
        run_key=f"review-{as_of}",
        run_config={"ops": {"quarterly_review": {"config": {"as_of": as_of}}}},
    )
