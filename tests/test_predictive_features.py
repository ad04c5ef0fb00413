"""The predictive features (contract §9) of the scenario (tests/support/scenario.py), counted by
hand on two dates, and nothing after a date reaching that date's features.

Worked out by hand on D = 06-30 and NEXT = 07-01 (sheet s_main: window 30 days, so an activity
counts while fewer than 30 days old; windows of 7, 30 and 90 days count activities fewer than
7, 30 or 90 days old; an absent feature is 0 and not listed):
- L2 (bob@gmail.com, Student, purchased, account A2: education, 50 employees, 900k revenue),
  created 02-01; an unsubscribe on 06-25 and a pricing page on 06-30 23:59.
  behavior:r_pricing 1 (10 points over 10); behavior:r_unsub -30 capped at 20 in absolute
  value: -20 / 30 = -0.6667; type page_view and email_unsubscribe 1 in every window, category
  pricing 1 in every window; profile:p_rev (revenue under 1M); seniority:student,
  industry:education, employee_band:11-50, lead_source:purchased, free_email.
  Days since created 149 on D, 150 on NEXT; since the last activity 0 on D (absent), 1 on NEXT.
- L3 (no e-mail, title or account), created 05-01, no activity: profile:p_country_missing,
  days since created 60 and 61, days since the last activity 365 (none).
- L1 on D: page views fewer than 7 days old: E01-E03 (06-30; E02's type read as page_view)
  and E07-E11 (06-29) = 8; fewer than 30: and E04 (06-01) = 9; fewer than 90: and E05 = 10.
  On NEXT, E06 (07-01) joins and E04 is 30 days old: 9, 9 and 11.
  behavior:r_demo: the demo of 06-20 with a half-life of 10 days: 0.5 on D; on NEXT its 40
  points decayed and rounded as the ledger rounds them, 18.66, over 40.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.support.harness import Project, at
from tests.support.predictive import keep_hand_made_version
from tests.support.scenario import NEXT, D, prepare_scenario

FEATURES = """
    select feature, feature_value from intermediate.int_predictive_features
    where model_id = 'm_main' and lead_id = ? and score_date = cast(? as date)
    order by feature
"""


def features(project: Project, lead: str, day: str) -> dict[str, float]:
    return dict(project.query(FEATURES, [lead, day]))


L2_ALWAYS = {
    "behavior:r_pricing": 1.0,
    "behavior:r_unsub": -20 / 30,
    "category:pricing:7d": 1.0,
    "category:pricing:30d": 1.0,
    "category:pricing:90d": 1.0,
    "employee_band:11-50": 1.0,
    "free_email": 1.0,
    "industry:education": 1.0,
    "lead_source:purchased": 1.0,
    "profile:p_rev": 1.0,
    "seniority:student": 1.0,
    "type:email_unsubscribe:7d": 1.0,
    "type:email_unsubscribe:30d": 1.0,
    "type:email_unsubscribe:90d": 1.0,
    "type:page_view:7d": 1.0,
    "type:page_view:30d": 1.0,
    "type:page_view:90d": 1.0,
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """The features of L1, L2 and L3 on D and on NEXT, each date a daily run with a version of
    the model active."""
    from tests.support.harness import copy_project

    project = copy_project(tmp_path_factory.mktemp("features"))
    prepare_scenario(project)
    project.score(D)
    # until a version of the model is active, a daily run computes no features
    assert project.query("select count(*) from intermediate.int_predictive_features") == [(0,)]
    keep_hand_made_version(project)
    project.score(D)
    on_d = {lead: features(project, lead, D) for lead in ["L1", "L2", "L3", "L4"]}
    project.score(NEXT)
    on_next = {lead: features(project, lead, NEXT) for lead in ["L1", "L2", "L3", "L4"]}
    return on_d, on_next


def test_features_counted_by_hand_on_two_dates(scored) -> None:
    on_d, on_next = scored
    assert on_d["L2"] == pytest.approx({**L2_ALWAYS, "days_since_created": 149.0})
    assert on_next["L2"] == pytest.approx(
        {**L2_ALWAYS, "days_since_created": 150.0, "days_since_last_activity": 1.0}
    )
    for on, created in [(on_d, 60.0), (on_next, 61.0)]:
        assert on["L3"] == {
            "days_since_created": created,
            "days_since_last_activity": 365.0,
            "profile:p_country_missing": 1.0,
        }
    page_views = [("type:page_view:7d", 8, 9), ("type:page_view:30d", 9, 9)]
    for feature, on_first, on_second in [*page_views, ("type:page_view:90d", 10, 11)]:
        assert (on_d["L1"][feature], on_next["L1"][feature]) == (on_first, on_second), feature
    assert on_d["L1"]["behavior:r_demo"] == pytest.approx(0.5)
    assert on_next["L1"]["behavior:r_demo"] == pytest.approx(round(40 * 0.5**1.1, 2) / 40)
    # L4 is created on 07-05: no features before then, though its demo request is dated 06-30
    assert on_d["L4"] == on_next["L4"] == {}


def test_rows_after_a_date_leave_its_features_and_scores_unchanged(project: Project) -> None:
    """Activities, opportunities, a new lead and a merge, all after D, then D scored again."""
    prepare_scenario(project)
    keep_hand_made_version(project)
    project.score(D)
    every_feature = "select * from intermediate.int_predictive_features order by all"
    history = "select * from marts.lead_score_history order by all"
    before = project.query(every_feature), project.query(history)
    assert before[0], "the scenario has features on D"
    project.append_raw(
        "activities",
        [
            ("F1", "L2", "demo_request", at("2026-07-02 09:00"), None, None),
            ("F2", "L3", "page_view", at("2026-07-01 00:00"), "https://x.com/pricing", None),
            ("F3", "L5", "page_view", at("2026-07-03 09:00"), "https://x.com/blog/new", None),
        ],
    )
    project.append_raw("opportunities", [("O1", "L2", None, at("2026-07-02 10:00"), False, 1000)])
    project.append_raw(
        "leads", [("L5", "new@acme.com", "CEO", "US", None, "web", at("2026-07-03 00:00"))]
    )
    project.append_raw("lead_merges", [("L3", "L1", datetime(2026, 7, 2))])
    project.score(D)
    assert (project.query(every_feature), project.query(history)) == before
