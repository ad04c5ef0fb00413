"""Jobs, the daily schedule and the quarterly review's."""

from datetime import date

from dagster import (
    AssetKey,
    AssetSelection,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from .. import settings
from ..evaluation.quarterly import review_plan
from .assets.dbt import lead_scoring_backtest, model_key
from .assets.predictive import predictive_training

# Every run that writes the warehouse carries this tag; the run queue allows one at a time.
WRITER_TAGS = {"leadscore/warehouse": "writer"}

# On demand, not daily: the suggested points (fitted in Python, published by dbt) and the
# report, from the history a backtest wrote.
EVALUATION = AssetSelection.assets(
    AssetKey(["suggestions", "suggested_points"]), model_key("suggested_rules"), "scoring_report"
)

# A backtest's marts, for the dates of its config (lead_scoring_backtest).
BACKTEST = AssetSelection.assets(*lead_scoring_backtest.keys)

# The predictive models' training and its drift check (assets/predictive.py).
TRAINING = AssetSelection.assets(predictive_training)

# Never in a daily run: on demand (the evaluation, a backtest) or on a schedule of its own (the
# review, the training).
NOT_DAILY = EVALUATION | BACKTEST | TRAINING | AssetSelection.assets("quarterly_review")

daily_scoring_job = define_asset_job(
    "daily_scoring",
    selection=AssetSelection.all() - AssetSelection.assets("demo_data") - NOT_DAILY,
    tags=WRITER_TAGS,
    description="Import landing files, rebuild staging, score the partition's dates, queue alerts.",
)

backtest_job = define_asset_job(
    "backtest",
    selection=BACKTEST,
    tags=WRITER_TAGS,
    description="Every sheet scored as of past dates (the config's), many a pass, and compared"
    " against the conversions that followed: the backtest's marts.",
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
    selection=BACKTEST | AssetSelection.assets("quarterly_review"),
    tags=WRITER_TAGS,
    description="Backtest the last two closed quarters and check what changed.",
)


@schedule(cron_schedule=settings.review_cron(), job=quarterly_review_job, execution_timezone="UTC")
def quarterly_review_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    """The quarterly review, by default on the first day of each quarter
    (LEADSCORE_REVIEW_CRON), reading conversions up to that day: a backtest of every week of
    the last two closed quarters, then the review."""
    as_of = context.scheduled_execution_time.date()
    return RunRequest(run_key=f"review-{as_of}", run_config=review_run_config(as_of))


def review_run_config(as_of: date) -> dict:
    """The quarterly review job's config as of `as_of`."""
    plan = review_plan(settings.DBT_PROJECT_DIR, as_of)
    return {"ops": {
        "lead_scoring_backtest": {"config": backtest_config(plan)},
        "quarterly_review": {"config": {"as_of": as_of.isoformat()}},
    }}  # fmt: skip


def backtest_config(plan) -> dict:
    """The asset lead_scoring_backtest's config for a backtest plan."""
    return {
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "every_days": plan.every_days,
        "sheets": list(plan.sheets),
        "as_of": plan.as_of.isoformat(),
    }


predictive_training_job = define_asset_job(
    "predictive_model_training",
    selection=TRAINING,
    tags=WRITER_TAGS,
    description="Train each predictive model on the weekly dates whose horizon closed, keep a"
    " version, and check the active version's drift.",
)


@schedule(
    cron_schedule=settings.training_cron(), job=predictive_training_job, execution_timezone="UTC"
)
def predictive_training_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    """Trains the predictive models monthly (LEADSCORE_TRAINING_CRON: by default the first of
    the month, two hours before the daily run, which then scores with the new version)."""
    as_of = context.scheduled_execution_time.date().isoformat()
    return RunRequest(
        run_key=f"train-{as_of}",
        run_config={"ops": {"predictive_training": {"config": {"as_of": as_of}}}},
    )
