"""The quarterly review (evaluation/quarterly.py), worked out by hand on a world where a rule
stops firing and the last quarter's AUC and MQL conversion drop.

One sheet `s`: a demo request earns 50 points (no window, no decay), a page view 1 (rule
r_web); MQL and tier hot at 50, else cold. Conversions within 90 days. Reviewed as of
2026-10-01: the last quarter closed by then is Q2 (its last day + 90 = 09-28), so the review
backtests every week from 01-01 to 06-25: 13 dates in Q1 (01-01 ... 03-26), 13 in Q2
(04-02 ... 06-25).

lead  activity                          opportunity  score
A     demo 2025-12-15, views 02-10, 03-20  03-15     50, 51 from 02-12 (converted on every
                                                     Q1 date up to 03-12, then left out)
B     -                                 -            0
C     demo 2025-12-15 (and 09-25)       -            50, never converts
E     -                                 07-15        0; converted from 04-16 (07-15 is 90
                                                     days after it), not before

Q1: converted: A on 11 dates (6 at 50: 01-01 ... 02-05; 5 at 51: 02-12 ... 03-12);
unconverted: B, C (50) and E on 13 dates each. Wins: each A date beats B's and E's 26 zeros;
against C's 13 fifties the six at 50 tie (6.5 each), the five at 51 win (13 each):
11 x 26 + 6 x 6.5 + 5 x 13 = 390 of 11 x 39 = 429: AUC 10/11. MQL lead-dates: A 11
(converted) + C 13: conversion 11/24.
Q2: converted: E on 11 dates (04-16 ... 06-25), all 0; unconverted: B 13, C 13 (50), E on
04-02 and 04-09: each E date ties with the 15 unconverted zeros: 11 x 7.5 = 82.5 of
11 x 28 = 308: AUC 15/56. MQL lead-dates: C 13, none converted: 0.
Tiers in Q2: cold 26 lead-dates, hot 13: fewer than 30 each, so no tier finding.
r_web last matched on 03-20: 195 days before 10-01, more than 14; r_demo on 09-25 (C's second
demo request, after every reviewed date).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from dagster import build_schedule_context

from tests.support.harness import Project, at, copy_project
from tests.support.sheets import write_demo_request_sheet

AS_OF = "2026-10-01"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    project = copy_project(Path(tmp_path_factory.mktemp("quarterly")))
    write_demo_request_sheet(
        project, "s,r_demo,demo_request,,50,,,,,Demo requested\ns,r_web,page_view,,1,,,,,Any page"
    )
    created = at("2025-01-01 00:00")
    project.load_raw(
        {
            "leads": [(lead, None, None, None, None, None, created) for lead in "ABCE"],
            "accounts": [],
            "activities": [
                ("E1", "A", "demo_request", at("2025-12-15 10:00"), None, None),
                ("E2", "A", "page_view", at("2026-02-10 10:00"), "https://x.com/", None),
                ("E3", "A", "page_view", at("2026-03-20 10:00"), "https://x.com/", None),
                ("E4", "C", "demo_request", at("2025-12-15 10:00"), None, None),
                # after every reviewed date: scores nothing there, keeps r_demo from silence
                ("E5", "C", "demo_request", at("2026-09-25 10:00"), None, None),
            ],
            "opportunities": [
                ("O1", "A", None, at("2026-03-15 12:00"), True, 1000),
                ("O2", "E", None, at("2026-07-15 12:00"), False, 500),
            ],
        }
    )
    done = project.leadscore("review", "--as-of", AS_OF, "--project-dir", str(project.dbt_dir))
    return project, done.stdout + done.stderr, done.returncode


def test_the_review_backtests_the_last_two_closed_quarters(reviewed) -> None:
    project, output, returncode = reviewed
    assert returncode == 3, output[-4000:]  # findings
    assert "every week from 2026-01-01 to 2026-06-25" in output
    quarters = project.query(
        "select quarter_start, tier, leads, conversions, score_dates, roc_auc,"
        " mql_lead_dates, mql_conversion_rate from marts.scoring_quarters order by 1, tier_order"
    )
    q1, q2 = date(2026, 1, 1), date(2026, 4, 1)
    assert quarters == [
        (q1, "cold", 26, 0, 13, pytest.approx(10 / 11), 24, pytest.approx(11 / 24)),
        (q1, "hot", 24, 11, 13, pytest.approx(10 / 11), 24, pytest.approx(11 / 24)),
        (q2, "cold", 26, 11, 13, pytest.approx(15 / 56), 13, 0.0),
        (q2, "hot", 13, 0, 13, pytest.approx(15 / 56), 13, 0.0),
    ]


def test_the_review_names_the_drops_and_the_silent_rule(reviewed) -> None:
    _, output, _ = reviewed
    findings = [line[2:] for line in output.splitlines() if line.startswith("- ")]
    assert findings == [
        "sheet s: ROC AUC fell from 0.909 in the quarter from 2026-01-01 to 0.268 in the"
        " quarter from 2026-04-01 (more than 0.05)",
        "sheet s: MQL conversion fell from 0.458 in the quarter from 2026-01-01 to 0.000 in"
        " the quarter from 2026-04-01 (more than 0.1)",
        "sheet s: rule r_web has matched nothing since 2026-03-20 (195 days before"
        " 2026-10-01; a tracking change?)",
    ]


def test_the_asset_check_warns_with_the_findings(reviewed, monkeypatch) -> None:
    from dagster import AssetCheckSeverity

    from orchestration.location.checks import quarterly_review_findings
    from orchestration.location.resources import Warehouse

    project, _, _ = reviewed
    result = quarterly_review_findings(warehouse=Warehouse(path=str(project.db)))
    assert (result.passed, result.severity) == (False, AssetCheckSeverity.WARN)
    assert len(result.metadata["findings"].value) == 3
    # looser limits and a longer silence: nothing to revisit
    monkeypatch.setenv("LEADSCORE_REVIEW_MAX_AUC_DROP", "0.7")
    monkeypatch.setenv("LEADSCORE_REVIEW_MAX_MQL_CONVERSION_DROP", "0.5")
    monkeypatch.setenv("LEADSCORE_RULE_SILENT_DAYS", "200")
    assert quarterly_review_findings(warehouse=Warehouse(path=str(project.db))).passed


def test_tiers_that_stop_rising() -> None:
    from orchestration.evaluation.tier_checks import tiers_not_rising

    # hot 40 of 100 against warm 39 of 100: z = 0.14, p = 0.44: no better. warm 39 of 100
    # against cold 10 of 1000: clearly better. Fewer than 30 lead-dates: not judged.
    tiers = [
        {"tier": "cold", "leads": 1000, "conversions": 10},
        {"tier": "warm", "leads": 100, "conversions": 39},
        {"tier": "hot", "leads": 100, "conversions": 40},
    ]
    assert tiers_not_rising("s", tiers) == [
        "sheet s: tier hot converts no better than warm (40.0% of 100 lead-dates against"
        " 39.0% of 100 lead-dates)"
    ]
    tiers[2] = {"tier": "hot", "leads": 100, "conversions": 60}  # z = 2.97, p = 0.0015
    assert tiers_not_rising("s", tiers) == []
    assert tiers_not_rising("s", [*tiers[:2], {"tier": "hot", "leads": 29, "conversions": 0}]) == []


def test_the_schedule_reviews_on_the_first_day_of_each_quarter() -> None:
    from orchestration.definitions import defs
    from orchestration.evaluation.quarterly import last_closed_quarter
    from orchestration.location.schedules import quarterly_review_schedule

    assert quarterly_review_schedule.cron_schedule == "0 6 1 1,4,7,10 *"
    when = datetime(2027, 1, 1, 6, 0, tzinfo=UTC)
    request = quarterly_review_schedule(build_schedule_context(scheduled_execution_time=when))
    # on 2027-01-01, Q4 2026 is not closed (12-31 + 90 days); Q3 is (09-30 + 90 = 12-29): the
    # backtest scores every week of Q2 and Q3, every sheet (none named), then the review
    assert request.run_config == {
        "ops": {
            "lead_scoring_backtest": {
                "config": {
                    "start": "2026-04-01",
                    "end": "2026-09-30",
                    "every_days": 7,
                    "sheets": [],
                    "as_of": "2027-01-01",
                }
            },
            "quarterly_review": {"config": {"as_of": "2027-01-01"}},
        }
    }
    assert last_closed_quarter(date(2027, 1, 1), 90) == date(2026, 7, 1)
    assert last_closed_quarter(date(2026, 12, 28), 90) == date(2026, 4, 1)
    job = defs.resolve_job_def("quarterly_sheet_review")
    # the backtest, the review and its check, nothing of the daily run
    assert sorted(node.name for node in job.graph.node_defs) == [
        "lead_scoring_backtest",
        "quarterly_review",
        "quarterly_review_quarterly_review_findings",
    ]


def test_diff_compares_both_versions_on_the_same_backtested_lead_dates(reviewed, tmp_path) -> None:
    """`leadscore diff` after the review's backtest, with r_demo worth nothing: its last two
    dates kept of 26 (--backtest-dates 2: every 13th back from 06-25, so 03-26 and 06-25).
    On both, A is left out (converted 03-15); B 0, C 50, E 0, and only E converts, on 06-25
    (07-15 is 20 days later): 6 lead-dates, 1 conversion. Before, E's 0 ties with the three
    unconverted zeros (B twice, E on 03-26) and loses to C twice: AUC 1.5 / 5 = 0.3; after, C
    scores 0 too: 2.5 / 5 = 0.5. On the latest scored date (06-25) A (52) and C (50) are MQLs
    and hot before, and 2 and 0 after."""
    project, _, _ = reviewed
    other = tmp_path / "seeds"
    other.mkdir()
    for path in project.seeds_dir.glob("*.csv"):
        (other / path.name).write_text(path.read_text())
    (other / "behavior_rules.csv").write_text(
        (other / "behavior_rules.csv")
        .read_text()
        .replace("r_demo,demo_request,,50,", "r_demo,demo_request,,0,")
    )
    # the working seeds are the reviewed ones; compare them against the version without demos
    done = project.leadscore(
        *(
            "diff",
            "--seeds",
            str(other),
            "--backtest-dates",
            "2",
            "--json",
            str(tmp_path / "d.json"),
        ),
        *("--project-dir", str(project.dbt_dir)),
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    import json

    (sheet,) = json.loads((tmp_path / "d.json").read_text())
    # `before` is the folder's version (no demo points), `after` the working one
    assert sheet["score_date"] == "2026-06-25"
    assert (sheet["mqls_before"], sheet["mqls_after"], sheet["mql_gained"]) == (0, 2, ["A", "C"])
    assert sheet["tier_moves"] == {"cold->hot": 2}
    backtest = sheet["backtest"]
    assert (backtest["before"]["leads"], backtest["after"]["leads"]) == (6, 6)
    assert (backtest["before"]["conversions"], backtest["after"]["conversions"]) == (1, 1)
    assert backtest["before"]["roc_auc"] == pytest.approx(0.5)
    assert backtest["after"]["roc_auc"] == pytest.approx(0.3)
