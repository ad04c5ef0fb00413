"""The Dagster code location `orchestration` (`dagster dev -m orchestration.definitions`,
`dagster definitions validate`). Its parts are in location/: the assets (raw data, the dbt
models, the alert and CRM queues, the evaluation, the predictive training), the checks, the
jobs and schedules, the sensors that deliver."""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from .dbt.project import cli_resource
from .location.assets.alerts import mqa_alert_queue, mql_alert_queue
from .location.assets.crm import crm_sync_queue
from .location.assets.dbt import (
    lead_scoring_backtest,
    lead_scoring_daily,
    lead_scoring_static,
    lead_scoring_suggestions,
    load_state_specs,
)
from .location.assets.evaluation import quarterly_review, rule_suggestions, scoring_report
from .location.assets.predictive import predictive_training
from .location.assets.raw import demo_data, landing_files, raw_table_specs
from .location.checks import all_checks
from .location.resources import AlertSettings, CrmSettings, Warehouse
from .location.schedules import (
    backtest_job,
    daily_scoring_job,
    daily_scoring_schedule,
    evaluation_job,
    predictive_training_job,
    predictive_training_schedule,
    quarterly_review_job,
    quarterly_review_schedule,
)
from .location.sensors import crm_sync_sensor, mqa_alert_sensor, mql_alert_sensor

defs = Definitions(
    assets=[
        demo_data,
        landing_files,
        *raw_table_specs,
        *load_state_specs,
        lead_scoring_static,
        lead_scoring_daily,
        lead_scoring_backtest,
        lead_scoring_suggestions,
        mql_alert_queue,
        mqa_alert_queue,
        crm_sync_queue,
        rule_suggestions,
        scoring_report,
        quarterly_review,
        predictive_training,
    ],
    asset_checks=all_checks,
    jobs=[
        daily_scoring_job,
        backtest_job,
        evaluation_job,
        quarterly_review_job,
        predictive_training_job,
    ],
    schedules=[daily_scoring_schedule, quarterly_review_schedule, predictive_training_schedule],
    sensors=[mql_alert_sensor, mqa_alert_sensor, crm_sync_sensor],
    resources={
        "dbt": cli_resource(),
        "warehouse": Warehouse(),
        "alerts": AlertSettings(),
        "crm": CrmSettings(),
    },
    # DuckDB has one writer: the steps of a run go one after another, never side by side
    executor=in_process_executor,
)
