"""Score history through Dagster: daily partitions, idempotent re-runs, single-run backfills,
MQL and MQA events, on the world of tests/support/dagster_world.py with the shipped sheets.

Worked out by hand (sheet b2b_default, window 90, MQL at 100):
- profile of all three leads (CEO / Chief..., US, software, 1000 employees, 100M revenue,
  corporate e-mail): executive 20 + core country 5 + target industry 10 + mid-market 10 +
  high revenue 10 = 55.
- L1: 06-01 demo_request 40 -> total 95 (warm). 06-02: demo 40 x 0.5^(1/60) = 39.54 plus
  pricing page 15 -> 54.54, total 109.54 (hot, MQL: an event with previous 95.00).
  06-03: 40 x 0.5^(2/60) = 39.09 and 15 x 0.5^(1/30) = 14.66 -> total 108.75.
- L2: 06-01 trial 30 + demo 40 + contact form 20 = 90, total 145 (MQL at once, no previous).
  06-02: x 0.5^(1/60): 29.66 + 39.54 + 19.77 = 88.97, total 143.97; 06-03: x 0.5^(2/60):
  29.31 + 39.09 + 19.54 = 87.94, total 142.94.
- L3: created 06-02, no activity: 55 from 06-02 on, never an MQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, SensorResult, SkipReason, build_sensor_context

from orchestration.alerting.store import AlertStore
from orchestration.location.runs import run_pipeline
from tests.support import dagster_world
from tests.support.harness import copy_project
from tests.support.scenario import D, prepare_scenario


@pytest.fixture
def warehouse_env(dagster_warehouse: Path) -> Path:
    dagster_world.load(dagster_warehouse)
    return dagster_warehouse


def history(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select * from marts.lead_score_history order by score_date, sheet_id, lead_id"
        ).fetchall()


def primary(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# the marts that show the latest score date (contract §6), but for the time of the build
LATEST_MARTS = {
    "lead_scores": "*",
    "lead_score_breakdown": "*",
    "account_scores": "*",
    "lead_segments": "*",
}


def latest_marts(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            mart: sorted(con.execute(f"select {columns} from marts.{mart}").fetchall(), key=repr)
            for mart, columns in LATEST_MARTS.items()
        }


def rows_dates(rows: list[tuple]) -> set[str]:
    """The score dates among the values of rows (lead_segments has none)."""
    return {str(value) for row in rows for value in row[:1] if isinstance(value, date)}


def queued_alerts(db: Path) -> list[str]:
    store = AlertStore(db.parent / "alerts.sqlite")
    return [alert.event_key for alert in store.undelivered(0, store.max_seq(), ["webhook"])]


def run_day(day: str, instance: DagsterInstance) -> None:
    result = run_pipeline(date.fromisoformat(day), dagster_instance=instance)
    assert result.success


def test_days_one_by_one_then_a_rerun_then_a_backfill(warehouse_env: Path):
    """On the world with Acme's whole buying group (one world for the MQL and the MQA
    events: a Dagster run is most of a minute). Acme (fit 30 on b2b_default: software, 1000
    employees, 100M revenue), MQA from 200 points. 06-01: engagement L1 40 + L2 90 + U1 40 +
    U2 30 = 200, total 230 >= 200, but the director D1 has not engaged: champion missing, not
    an MQA. 06-02: L1 54.54 + L2 88.97 + U1 39.54 (40 x 0.5^(1/60)) + U2 29.66 + D1 40 =
    252.71, total 282.71, every role covered: an MQA. 06-03: still one, no new event. The
    group's persons have a profile of 35 (country, industry, size, revenue; the director 45):
    U1 75, U2 65 and D1 85 stay under 100, no MQL."""
    from orchestration.location.resources import AlertSettings
    from orchestration.location.sensors import mqa_alert_sensor
    from tests.support.http_receiver import Receiver

    dagster_world.load_buying_group(warehouse_env)
    instance = DagsterInstance.ephemeral()
    for day in dagster_world.DAYS:
        run_day(day, instance)
    one_by_one = history(warehouse_env)

    assert primary(
        warehouse_env,
        """
        select lead_id, cast(score_date as varchar), total_score, tier, is_mql
        from marts.lead_score_history
        where sheet_id = 'b2b_default' and lead_id in ('L1', 'L2', 'L3')
        order by lead_id, score_date
    """,
    ) == [
        ("L1", "2026-06-01", Decimal("95.00"), "warm", False),
        ("L1", "2026-06-02", Decimal("109.54"), "hot", True),
        ("L1", "2026-06-03", Decimal("108.75"), "hot", True),
        ("L2", "2026-06-01", Decimal("145.00"), "hot", True),
        ("L2", "2026-06-02", Decimal("143.97"), "hot", True),
        ("L2", "2026-06-03", Decimal("142.94"), "hot", True),
        ("L3", "2026-06-02", Decimal("55.00"), "warm", False),
        ("L3", "2026-06-03", Decimal("55.00"), "warm", False),
    ]
    assert primary(
        warehouse_env,
        """
        select lead_id, cast(qualified_on as varchar), total_score, previous_total_score
        from marts.mql_events where sheet_id = 'b2b_default' order by lead_id
    """,
    ) == [
        ("L1", "2026-06-02", Decimal("109.54"), Decimal("95.00")),
        ("L2", "2026-06-01", Decimal("145.00"), None),
    ]
    # L1 has been hot since 06-02; L2 since 06-01
    assert primary(
        warehouse_env,
        """
        select lead_id, cast(tier_entered_on as varchar) from marts.lead_scores
        where sheet_id = 'b2b_default' and lead_id in ('L1', 'L2', 'L3') order by lead_id
    """,
    ) == [("L1", "2026-06-02"), ("L2", "2026-06-01"), ("L3", "2026-06-02")]

    # alerts: the first run covered 06-01 alone (L2), the second 06-02 (L1)
    assert queued_alerts(warehouse_env) == [
        "b2b_default|L2|2026-06-01",
        "b2b_default|L1|2026-06-02",
    ]
    assert primary(
        warehouse_env,
        """
        select account_id, cast(qualified_on as varchar), total_score, previous_total_score
        from marts.mqa_events where sheet_id = 'b2b_default'
    """,
    ) == [("A1", "2026-06-02", Decimal("282.71"), Decimal("230.00"))]
    mqas = AlertStore(warehouse_env.parent / "mqa_alerts.sqlite")
    assert [a.event_key for a in mqas.undelivered(0, mqas.max_seq(), ["webhook"])] == [
        "mqa|b2b_default|A1|2026-06-02"
    ]

    # re-running the middle day replaces exactly its rows, and the marts of the latest date
    # stay at 06-03
    current = latest_marts(warehouse_env)
    assert {day for rows in current.values() for day in rows_dates(rows)} == {"2026-06-03"}
    run_day("2026-06-02", instance)
    assert history(warehouse_env) == one_by_one
    assert latest_marts(warehouse_env) == current
    assert len(queued_alerts(warehouse_env)) == 2  # nothing re-queued
    assert mqas.max_seq() == 1

    # the MQA queue delivered once
    with Receiver() as receiver:
        settings = AlertSettings(
            store_path=str(warehouse_env.parent / "alerts.sqlite"),
            mqa_webhook_url=receiver.url,
            backoff_seconds=0.01,
        )
        context = build_sensor_context(cursor=None, resources={"alerts": settings})
        result = mqa_alert_sensor(context)
        assert isinstance(result, SensorResult), result
        again = mqa_alert_sensor(
            build_sensor_context(cursor=result.cursor, resources={"alerts": settings})
        )
        assert isinstance(again, SkipReason)
    assert receiver.keys == ["mqa|b2b_default|A1|2026-06-02"]
    assert receiver.received == [
        {
            "event": "mqa",
            "sheet_id": "b2b_default",
            "account_id": "A1",
            "account_name": "Acme",
            "domain": "acme.com",
            "qualified_on": "2026-06-02",
            "total_score": 282.71,
            "previous_total_score": 230.0,
            "tier": "hot",
            "buying_group_coverage": 1.0,
        }
    ]

    # a backfill of the same range, as one run, on a fresh warehouse gives the same history
    dagster_world.load(warehouse_env)
    dagster_world.load_buying_group(warehouse_env)
    backfill = run_pipeline(
        date(2026, 6, 3), dagster_instance=instance, partition_range=("2026-06-01", "2026-06-03")
    )
    assert backfill.success
    assert history(warehouse_env) == one_by_one


def test_an_earlier_date_built_by_hand_leaves_the_current_marts(tmp_path: Path) -> None:
    """`dbt build --vars '{score_date: <earlier day>}'`, as the README shows it, writes that
    date's history; lead_scores and the other latest-date marts still show the latest date."""
    project = copy_project(tmp_path)
    prepare_scenario(project)
    project.build(D)
    current = latest_marts(project.db)
    project.build("2026-06-20")
    assert latest_marts(project.db) == current
    assert project.query(
        "select distinct cast(score_date as varchar) from marts.lead_score_history order by 1"
    ) == [("2026-06-20",), ("2026-06-30",)]
    # and a later date moves them on
    project.build("2026-07-01")
    assert project.query("select distinct cast(score_date as varchar) from marts.lead_scores") == [
        ("2026-07-01",)
    ]


def test_a_first_deployment_on_old_data_then_a_backfill_below_it(
    warehouse_env: Path,
) -> None:
    """The first run scores 06-03 alone: its alerts cover that date (L1 and L2 look new, with no
    history before them). A backfill of 06-01..06-02 afterwards queues none of the older
    events it finds (L2 on 06-01, L1 on 06-02), and leaves the marts of 06-03 as they were."""
    instance = DagsterInstance.ephemeral()
    run_day("2026-06-03", instance)
    first = ["b2b_default|L2|2026-06-03", "b2b_default|L1|2026-06-03"]
    assert queued_alerts(warehouse_env) == first
    current = latest_marts(warehouse_env)
    backfill = run_pipeline(
        date(2026, 6, 2), dagster_instance=instance, partition_range=("2026-06-01", "2026-06-02")
    )
    assert backfill.success
    # the backfill, below the latest date, wrote history and left the current marts alone
    assert latest_marts(warehouse_env) == current
    assert primary(
        warehouse_env,
        "select lead_id, cast(qualified_on as varchar) from marts.mql_events"
        " where sheet_id = 'b2b_default' order by lead_id",
    ) == [("L1", "2026-06-02"), ("L2", "2026-06-01")]
    assert queued_alerts(warehouse_env) == first
