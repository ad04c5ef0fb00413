"""Score history through Dagster: daily partitions, idempotent re-runs, single-run backfills
and MQL events, on the world of tests/dagster_world.py with the shipped sheets.

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
from dagster import DagsterInstance

from orchestration.runs import run_pipeline
from tests import dagster_world


@pytest.fixture
def warehouse_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(db))
    monkeypatch.setenv("LEADSCORE_ALERT_STORE", str(tmp_path / "alerts.sqlite"))
    monkeypatch.delenv("LEADSCORE_LANDING_DIR", raising=False)
    dagster_world.load(db)
    return db


def history(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select * from marts.lead_score_history order by score_date, sheet_id, lead_id"
        ).fetchall()


def primary(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def run_day(day: str, instance: DagsterInstance) -> None:
    result = run_pipeline(date.fromisoformat(day), dagster_instance=instance)
    assert result.success


def test_days_one_by_one_then_a_rerun_then_a_backfill(warehouse_env: Path, tmp_path: Path):
    instance = DagsterInstance.ephemeral()
    for day in dagster_world.DAYS:
        run_day(day, instance)
    one_by_one = history(warehouse_env)

    assert primary(
        warehouse_env,
        """
        select lead_id, cast(score_date as varchar), total_score, tier, is_mql
        from marts.lead_score_history where sheet_id = 'b2b_default'
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
        where sheet_id = 'b2b_default' order by lead_id
    """,
    ) == [("L1", "2026-06-02"), ("L2", "2026-06-01"), ("L3", "2026-06-02")]

    # re-running the middle day replaces exactly its rows
    run_day("2026-06-02", instance)
    assert history(warehouse_env) == one_by_one

    # a backfill of the same range, as one run, on a fresh warehouse gives the same history
    dagster_world.load(warehouse_env)
    backfill = run_pipeline(
        date(2026, 6, 3), dagster_instance=instance, partition_range=("2026-06-01", "2026-06-03")
    )
    assert backfill.success
    assert history(warehouse_env) == one_by_one
