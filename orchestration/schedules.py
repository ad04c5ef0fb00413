"""Jobs and the daily schedule."""

import os

from dagster import (
    AssetSelection,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

# Every run that writes the warehouse carries this tag; the run queue allows one at a time.
WRITER_TAGS = {"leadscore/warehouse": "writer"}

EVALUATION = AssetSelection.groups("evaluation")

daily_scoring_job = define_asset_job(
    "daily_scoring",
    selection=AssetSelection.all() - AssetSelection.assets("demo_data") - EVALUATION,
    tags=WRITER_TAGS,
    description="Import landing files, rebuild staging, score the partition's dates, queue alerts.",
)

evaluation_job = define_asset_job(
    "evaluation",
    selection=EVALUATION,
    tags=WRITER_TAGS,
    description="Suggested points and the HTML report, from the history a backtest wrote.",
)

SCHEDULE_HOUR_UTC = int(os.environ.get("LEADSCORE_SCHEDULE_HOUR_UTC", "6"))


@schedule(
    cron_schedule=f"0 {SCHEDULE_HOUR_UTC} * * *",
    job=daily_scoring_job,
    execution_timezone="UTC",
)
def daily_scoring_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    """Scores the current date's partition every day at LEADSCORE_SCHEDULE_HOUR_UTC (6)."""
    score_date = context.scheduled_execution_time.date().isoformat()
    return RunRequest(run_key=score_date, partition_key=score_date)
