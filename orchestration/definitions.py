"""The Dagster code location `orchestration` (`dagster dev`, `dagster definitions validate`)."""

from __future__ import annotations

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource

from . import settings
from .assets.alerts import mql_alert_queue
from .assets.dbt import lead_scoring_daily, lead_scoring_static
from .assets.evaluation import scoring_report, suggested_rules
from .assets.raw import demo_data, landing_files, raw_table_specs
from .checks import all_checks
from .project import dbt_project
from .resources import AlertSettings, Warehouse
from .schedules import daily_scoring_job, daily_scoring_schedule, evaluation_job
from .sensors import mql_alert_sensor

defs = Definitions(
    assets=[
        demo_data,
        landing_files,
        *raw_table_specs,
        lead_scoring_static,
        lead_scoring_daily,
        mql_alert_queue,
        suggested_rules,
        scoring_report,
    ],
    asset_checks=all_checks,
    jobs=[daily_scoring_job, evaluation_job],
    schedules=[daily_scoring_schedule],
    sensors=[mql_alert_sensor],
    resources={
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=settings.dbt_executable()),
        "warehouse": Warehouse(),
        "alerts": AlertSettings(),
    },
    # DuckDB has one writer: the steps of a run go one after another, never side by side
    executor=in_process_executor,
)
