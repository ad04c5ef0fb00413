"""The score timeline: the state each run starts from instead of the whole history
(lead_score_timeline), and what comes from it: mql_events and lead_scores.tier_entered_on.

One sheet, one rule (demo_request, 10 points a match), a 3-day window (ages 0 to 2), no
decay; tiers cold < 20 <= warm < 40 <= hot; MQL at 30. Worked out by hand:
- A: one demo on 06-01, one on 06-02, one on 06-03, two on 06-05.
  06-01 10 cold; 06-02 20 warm; 06-03 30 warm MQL (event, previous 20); 06-04 20 warm
  (06-01 left the window); 06-05 10 + 20 = 30 warm MQL (event, previous 20); 06-06 20 warm.
  Warm without a break from 06-02: tier_entered_on 06-02 from then on.
- B: one demo on 06-01, two on 06-02, two on 06-04; not scored on 06-03 (its created_at moved
  after that date for that run, then put back). 06-01 10 cold; 06-02 30 warm MQL (event,
  previous 10); 06-03 carries 06-02 (is_scored false); 06-04 20 + 20 = 40 hot MQL: its
  previous scored date is 06-02, an MQL, so no event; tier_entered_on 06-04. 06-05 20 warm
  (entered 06-05); 06-06 20 warm (entered 06-05).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.harness import Project, copy_project
from tests.support.sheets import NO_BUYING_GROUPS

DATES = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06"]
SEEDS = {
    "buying_groups": NO_BUYING_GROUPS,
    "score_sheets": """
        sheet_id,description,behavior_weight,profile_weight,window_days,mql_threshold,is_primary
        s,Timeline sheet,1,1,3,30,true
    """,
    "activity_types": """
        activity_type,description
        demo_request,Demo requested
    """,
    "behavior_rules": """
        sheet_id,rule_id,activity_type,url_pattern,points,max_per_day,max_points,half_life_days,group_id,description
        s,demo,demo_request,,10,,,,,Demo
    """,
    "score_groups": "sheet_id,group_id,max_points,description",
    "predictive_models": (
        "model_id,description,feature_sheet_id,horizon_days,min_conversions,is_active"
    ),
    "profile_rules": (
        "sheet_id,rule_id,attribute,operator,value,min_value,max_value,points,description"
    ),
    "score_bands": """
        sheet_id,scale,band,min_score
        s,tier,cold,
        s,tier,warm,20
        s,tier,hot,40
        s,grade,A,
        s,engagement,1,
    """,
    "content_categories": "url_pattern,category,funnel_stage",
}
CREATED = datetime(2026, 5, 1)
LEADS = [
    ("A", "a@acme.com", None, None, None, None, CREATED),
    ("B", "b@acme.com", None, None, None, None, CREATED),
]
DEMOS = {"A": ["06-01", "06-02", "06-03", "06-05", "06-05"]}
DEMOS["B"] = ["06-01", "06-02", "06-02", "06-04", "06-04"]
ACTIVITIES = [
    (
        f"{lead}{number}",
        lead,
        "demo_request",
        datetime.fromisoformat(f"2026-{day} 10:00"),
        None,
        None,
    )
    for lead, days in DEMOS.items()
    for number, day in enumerate(days)
]
# (date, lead): is_scored, total_score, tier, is_mql, tier_entered_on, previous_total_score
EXPECTED_TIMELINE = {
    ("06-01", "A"): (True, 10, "cold", False, "06-01", None),
    ("06-02", "A"): (True, 20, "warm", False, "06-02", 10),
    ("06-03", "A"): (True, 30, "warm", True, "06-02", 20),
    ("06-04", "A"): (True, 20, "warm", False, "06-02", 30),
    ("06-05", "A"): (True, 30, "warm", True, "06-02", 20),
    ("06-06", "A"): (True, 20, "warm", False, "06-02", 30),
    ("06-01", "B"): (True, 10, "cold", False, "06-01", None),
    ("06-02", "B"): (True, 30, "warm", True, "06-02", 10),
    ("06-03", "B"): (False, 30, "warm", True, "06-02", None),
    ("06-04", "B"): (True, 40, "hot", True, "06-04", 30),
    ("06-05", "B"): (True, 20, "warm", False, "06-05", 40),
    ("06-06", "B"): (True, 20, "warm", False, "06-05", 20),
}
# (lead, qualified_on): total_score, previous_total_score
EXPECTED_EVENTS = {("A", "06-03"): (30, 20), ("A", "06-05"): (30, 20), ("B", "06-02"): (30, 10)}


def run(project: Project, day: str) -> None:
    """A daily run of `day`; B is created after 06-03 for the run of that date only."""
    created = datetime(2026, 6, 10) if day == "2026-06-03" else CREATED
    with project.engine() as engine:
        engine.execute("update raw.leads set created_at = ? where lead_id = 'B'", [created])
    selected = ["--select", "+lead_scores", "+mql_events"]
    result = project.dbt("run", *selected, "--vars", f"{{score_date: '{day}'}}")
    assert result.success, result.output[-8000:]


def timeline(project: Project) -> dict:
    rows = project.query(
        "select strftime(score_date, '%m-%d'), lead_id, is_scored, total_score, tier, is_mql,"
        " strftime(tier_entered_on, '%m-%d'), previous_total_score"
        " from marts.lead_score_timeline"
    )
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def events(project: Project) -> dict:
    rows = project.query(
        "select lead_id, strftime(qualified_on, '%m-%d'), total_score, previous_total_score"
        " from marts.mql_events"
    )
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def from_history(project: Project) -> tuple[dict, dict]:
    """The timeline and the MQL events worked out in Python from lead_score_history alone, the
    way contract §6 defines them: each lead's scored dates in order."""
    history = project.query(
        "select score_date, lead_id, total_score, tier, is_mql from marts.lead_score_history"
        " order by lead_id, score_date"
    )
    dates = sorted({row[0] for row in history})
    by_lead: dict[str, dict[date, tuple]] = {}
    for score_date, lead, total, tier, is_mql in history:
        by_lead.setdefault(lead, {})[score_date] = (total, tier, is_mql)
    expected_timeline, expected_events = {}, {}
    for lead, scored in by_lead.items():
        last, entered = None, None
        for day in (day for day in dates if day >= min(scored)):
            key = (day.strftime("%m-%d"), lead)
            if day not in scored:
                total, tier, is_mql = last
                expected_timeline[key] = (False, total, tier, is_mql, entered, None)
                continue
            total, tier, is_mql = scored[day]
            entered = entered if last and last[1] == tier else day.strftime("%m-%d")
            expected_timeline[key] = (True, total, tier, is_mql, entered, last and last[0])
            if is_mql and not (last and last[2]):
                expected_events[(lead, key[0])] = (total, last and last[0])
            last = (total, tier, is_mql)
    return expected_timeline, expected_events


def as_expected(table: dict) -> dict:
    return {
        key: tuple(Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row)
        for key, row in table.items()
    }


@pytest.fixture(scope="module")
def in_order(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("in_order"))
    for name, text in SEEDS.items():
        project.write_seed(name, text)
    project.load_raw(
        {"leads": LEADS, "accounts": [], "activities": ACTIVITIES, "opportunities": []}
    )
    assert project.dbt("seed").success
    for day in DATES:
        run(project, day)
    return project


def test_runs_day_by_day_give_the_hand_worked_timeline(in_order: Project) -> None:
    assert timeline(in_order) == as_expected(EXPECTED_TIMELINE)
    assert events(in_order) == as_expected(EXPECTED_EVENTS)
    assert in_order.query(
        "select lead_id, tier, strftime(tier_entered_on, '%m-%d') from marts.lead_scores"
        " order by lead_id"
    ) == [("A", "warm", "06-02"), ("B", "warm", "06-05")]
    assert (timeline(in_order), events(in_order)) == from_history(in_order)


def test_dates_run_out_of_order_give_what_history_says(in_order: Project, tmp_path: Path) -> None:
    """Later dates first, then the earlier ones (each rewrites the dates after it), then a date
    re-run after a correction: the timeline and the events follow history as it stands."""
    project = in_order.clone(tmp_path / "out_of_order")
    assert project.dbt("seed").success
    for day in ["2026-06-05", "2026-06-06", "2026-06-01", "2026-06-02", "2026-06-04", "2026-06-03"]:
        run(project, day)
    assert timeline(project) == timeline(in_order)
    assert events(project) == events(in_order)

    # A's demo of 06-02 is removed and only 06-02 re-run: its history changes (A 10, cold),
    # the later dates keep theirs, and what follows from 06-02 is worked out again
    with project.engine() as engine:
        engine.execute("delete from raw.activities where activity_id = 'A1'")
    run(project, "2026-06-02")
    changed = timeline(project)
    assert changed[("06-02", "A")] == (True, 10, "cold", False, "06-01", 10)
    assert changed[("06-03", "A")][4] == "06-03"  # warm again, entered 06-03
    assert (changed, events(project)) == from_history(project)
