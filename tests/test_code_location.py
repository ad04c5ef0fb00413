"""The code location loads, holds what the platform team expects, and its schedule and
checks behave; an ERROR check blocks the MQL alerts of its run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from dagster import AssetCheckSeverity, AssetKey, DagsterInstance, build_schedule_context

from orchestration.alerting.store import AlertStore
from orchestration.definitions import defs
from orchestration.location.partitions import score_dates
from orchestration.location.runs import run_pipeline
from orchestration.location.schedules import daily_scoring_schedule, predictive_training_schedule
from tests.support import dagster_world


def test_dagster_definitions_validate() -> None:
    dagster = Path(sys.executable).parent / "dagster"
    # as a user would run it: no instance of ours configured (Dagster then uses a temp one)
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "orchestration.definitions"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation successful" in result.stdout + result.stderr


def test_location_contents() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "demo_data",
        "landing_files",
        "raw/activities",
        "marts/lead_scores",
        "marts/lead_score_history",
        "marts/mql_events",
        "mql_alert_queue",
        "marts/mqa_events",
        "marts/account_score_history",
        "mqa_alert_queue",
    } <= keys
    checks = {key.name for key in graph.asset_check_keys}
    assert {
        "rejected_activity_share",
        "bot_activity_share",
        "mql_count_shift",
        "activity_freshness",
    } <= checks
    assert "unique_combination_of_columns_lead_scores_sheet_id__lead_id" in checks  # dbt test
    assert graph.get(AssetKey(["marts", "lead_scores"])).group_name == "marts"
    assert graph.get(AssetKey(["staging", "stg_raw__leads"])).group_name == "staging"
    assert defs.resolve_schedule_def("daily_scoring_schedule")
    # the backtest's marts are assets of their own, in the backtest job, never in a daily run
    backtest_marts = {
        "marts/scoring_backtest",
        "marts/scoring_thresholds",
        "marts/scoring_calibration",
        "marts/scoring_quarters",
        "marts/scoring_rule_activity",
    }
    assert backtest_marts <= keys
    backtest_job = defs.resolve_job_def("backtest")
    assert [node.name for node in backtest_job.graph.node_defs] == ["lead_scoring_backtest"]
    daily = defs.resolve_job_def("daily_scoring")
    assert "lead_scoring_backtest" not in {node.name for node in daily.graph.node_defs}
    assert defs.resolve_sensor_def("mql_alert_sensor")
    assert defs.resolve_sensor_def("mqa_alert_sensor")
    # the predictive training: its own job and monthly schedule, with the drift check, and its
    # keys are the dbt source the predictive marts read
    training = defs.resolve_job_def("predictive_model_training")
    assert [node.name for node in training.graph.node_defs] == ["predictive_training"]
    assert "predictive_training" not in {node.name for node in daily.graph.node_defs}
    assert "predictive_model_drift" in checks
    versions_key = AssetKey(["predictive", "model_versions"])
    reader = AssetKey(["intermediate", "int_predictive_versions"])
    assert versions_key in graph.get(reader).parent_keys


def test_schedule_scores_the_current_date() -> None:
    when = datetime(2026, 6, 30, 6, 0, tzinfo=UTC)
    request = daily_scoring_schedule(build_schedule_context(scheduled_execution_time=when))
    assert request.partition_key == "2026-06-30"


def test_training_is_monthly_as_of_its_day() -> None:
    when = datetime(2026, 7, 1, 4, 0, tzinfo=UTC)
    request = predictive_training_schedule(build_schedule_context(scheduled_execution_time=when))
    assert request.run_config == {
        "ops": {"predictive_training": {"config": {"as_of": "2026-07-01"}}}
    }
    assert predictive_training_schedule.cron_schedule == "0 4 1 * *"


def test_partition_ranges_become_score_dates() -> None:
    from dagster import PartitionKeyRange

    assert score_dates(PartitionKeyRange("2026-06-30", "2026-07-02")) == [
        date(2026, 6, 30),
        date(2026, 7, 1),
        date(2026, 7, 2),
    ]


def test_a_failing_error_check_blocks_the_alerts(dagster_warehouse: Path, monkeypatch) -> None:
    db = dagster_warehouse
    monkeypatch.setenv("LEADSCORE_MAX_REJECTED_SHARE", "0.1")
    dagster_world.load(db)
    # one orphan activity of six: 17% rejected, over the 10% limit
    from orchestration.warehouse.duckdb_engine import DuckDBEngine

    with DuckDBEngine(db) as engine:
        engine.append_rows(
            "activities", [("E9", "nobody", "page_view", datetime(2026, 6, 1, 9), None, None)]
        )

    # the run's Warehouse resource names the file, not the environment: every asset writes
    # db, the dbt assets (their dbt calls and their lock) included
    elsewhere = db.with_name("elsewhere.duckdb")
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(elsewhere))
    result = run_pipeline(
        date(2026, 6, 1), dagster_instance=DagsterInstance.ephemeral(), warehouse=db
    )
    assert not elsewhere.exists()
    with DuckDBEngine(db) as engine:
        assert engine.fetchall("select count(*) from marts.lead_scores")[0][0] > 0
    evaluations = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert evaluations["rejected_activity_share"] is False
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "marts/lead_scores" in materialized  # scoring itself went ahead
    assert "mql_alert_queue" not in materialized
    assert AlertStore(db.parent / "alerts.sqlite").max_seq() == 0  # L2 is an MQL, not queued


def test_a_spike_of_bot_traffic_warns_and_alerts_still_go_out(
    dagster_warehouse: Path, monkeypatch
) -> None:
    """Three crawler page views among the world's five activities: 38 % flagged as bots, over
    a 10 % limit. bot_activity_share warns; the broken-rows check passes (bots are not
    broken rows), so the alert queue runs."""
    db = dagster_warehouse
    monkeypatch.setenv("LEADSCORE_MAX_BOT_SHARE", "0.1")
    dagster_world.load(db)
    from orchestration.warehouse.duckdb_engine import DuckDBEngine

    crawler = "Mozilla/5.0 (compatible; Googlebot/2.1)"
    with DuckDBEngine(db) as engine:
        engine.append_rows(
            "activities",
            [
                (f"C{n}", "L2", "page_view", datetime(2026, 6, 1, 9, n), "/pricing", None, crawler)
                for n in range(3)
            ],
        )

    result = run_pipeline(date(2026, 6, 1), dagster_instance=DagsterInstance.ephemeral())
    evaluations = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert evaluations["bot_activity_share"].passed is False
    assert evaluations["bot_activity_share"].severity == AssetCheckSeverity.WARN
    assert evaluations["rejected_activity_share"].passed is True
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "mql_alert_queue" in materialized


def test_mql_count_shift_compares_the_two_latest_scored_dates(tmp_path: Path, monkeypatch) -> None:
    """Primary-sheet MQLs of the latest date against the date before it, whatever the rest of
    the history holds: 3 against 2 is a 50 % change, over a 40 % limit."""
    from orchestration.location.checks import mql_count_shift
    from orchestration.location.resources import Warehouse

    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.scoring_sheets (sheet_id varchar, is_primary boolean)")
        con.execute("insert into marts.scoring_sheets values ('p', true), ('other', false)")
        con.execute(
            "create table marts.lead_score_history"
            " (score_date date, sheet_id varchar, lead_id varchar, is_mql boolean)"
        )
        mqls = {"2026-06-01": 9, "2026-06-02": 2, "2026-06-03": 3}
        for day, count in mqls.items():
            for lead in range(10):
                con.execute(
                    "insert into marts.lead_score_history"
                    " values (?, 'p', ?, ?), (?, 'other', ?, true)",
                    [day, f"L{lead}", lead < count, day, f"L{lead}"],
                )
        con.execute(
            "create table marts.lead_score_history_dates as"
            " select distinct score_date from marts.lead_score_history"
        )
    monkeypatch.setenv("LEADSCORE_MAX_MQL_CHANGE_PCT", "40")
    result = mql_count_shift(warehouse=Warehouse(path=str(db)))
    assert result.passed is False
    assert result.description.startswith("3 MQLs on 2026-06-03 vs 2 on 2026-06-02: 50% change")


def test_a_run_whose_process_is_gone_frees_the_warehouse_pool(tmp_path: Path, monkeypatch) -> None:
    """A run stopped with kill -9 while it held the warehouse pool's one slot: the next
    `leadscore` command marks it failed and frees the slot, so its own run does not wait for
    ever; a run whose process is alive is left alone."""
    from dagster import DagsterRun, DagsterRunStatus

    from orchestration import settings
    from orchestration.location import runs

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    gone = subprocess.Popen(["true"])
    gone.wait()  # exited and reaped: its pid names no process
    host = socket.gethostname()
    dagster = runs.instance()
    storage = dagster.event_log_storage
    for run_id, pid in (("killed", gone.pid), ("alive", os.getpid())):
        dagster.add_run(
            DagsterRun(
                job_name="__ASSET_JOB",
                run_id=run_id,
                status=DagsterRunStatus.STARTED,
                tags={runs.PROCESS_TAG: f"{host}:{pid}"},
            )
        )
    storage.initialize_concurrency_limit_to_default(settings.WAREHOUSE_POOL)  # dagster.yaml: 1
    claim = storage.claim_concurrency_slot(settings.WAREHOUSE_POOL, "killed", "demo_data")
    assert claim.is_claimed

    dagster = runs.instance()  # what every in-process run of leadscore starts from
    assert dagster.get_run_by_id("killed").status == DagsterRunStatus.FAILURE
    assert dagster.get_run_by_id("alive").status == DagsterRunStatus.STARTED
    assert not storage.get_concurrency_info(settings.WAREHOUSE_POOL).claimed_slots
    # and a run in the pool now gets its slot
    job = defs.resolve_implicit_global_asset_job_def().get_subset(
        asset_selection={AssetKey("demo_data")}
    )
    config = {"demo_data": {"config": runs.demo_config(60, 1, date(2026, 6, 30))}}
    assert job.execute_in_process(run_config={"ops": config}, instance=dagster).success
