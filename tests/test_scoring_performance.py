"""scoring_performance on a small history, every figure worked out by hand below.

One sheet `s`: a demo request earns 50 points (no window, no decay, no cap), MQL and tier
`hot` at 50, else `cold`. History is scored on S1 = 03-01, S2 = 03-08, S3 = 06-10 and on the
run date D = 06-15 (2026). conversion_window_days is 90, so only S1 and S2 are evaluated
(S1 + 90 = 05-30 and S2 + 90 = 06-06 are on or before D; S3 + 90 is not).

lead  demo request  first opportunity  S1: score, converted?     S2: score, converted?
L1    02-20         -                  50, no                    50, no
L2    02-25         04-01              50, yes (31 days)         50, yes (24 days)
L3    03-05         05-20              0, yes (80 days)          50, yes (73 days)
L4    06-01         06-05              0, no (96 days)           0, yes (89 days)
L5    02-10         02-15              left out: converted before S1 and S2
L6    -             -                  0, no                     0, no
L7    02-01         06-12              50, no (103 days)         50, no (96 days)

12 lead-dates, 5 conversions, base rate 5/12.
hot: L1 L2 L7 on S1, L1 L2 L3 L7 on S2 = 7 lead-dates, 3 converted: rate 3/7, lift 36/35.
cold: L3 L4 L6 on S1, L4 L6 on S2 = 5 lead-dates, 2 converted: rate 2/5, lift 24/25.
AUC: converted scores 50, 50, 50, 0, 0; unconverted 50 x4, 0 x3. Wins: 3 x 3 (50 over 0)
+ 0.5 x 3 x 4 (50 ties) + 0.5 x 2 x 3 (0 ties) = 18 of 5 x 7 = 35: 18/35.
MQL lead-dates = hot: precision 3/7, recall 3/5.
New MQLs after S1 up to S2: only L3 on S2 (L1, L2, L5, L7 qualified on S1, their first
scored date; L4 on S3). L3 converted within 90 days of S2: 1 MQL, 1 a week, rate 1.

Thresholds (scoring_thresholds: half to twice 50 in steps of 5): at 25 ... 50 the lead-dates
at or above are the 7 hot ones, precision 3/7, recall 3/5, and 1 MQL (L3 on S2, from 0), 1 a
week; above 50 none. Calibration (scoring_calibration, bands of 50 / 5 = 10 points): [0, 10)
holds the 5 cold lead-dates (2 converted), [50, 60) the 7 hot ones (3); the one matrix cell
B2 all 12 (5). L2's won opportunity (04-10, 500) falls within 90 days of S1 and of S2: hot has
2 won lead-dates of its 3 conversions, 1000 won; cold none.

Leakage would change these figures: L4's later score (50 from S3 on) would raise its rank;
counting L5's earlier opportunity, L7's opportunity after the window, or L4's after S1's
window would change the conversions.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.harness import Project, at, copy_project
from tests.support.sheets import write_demo_request_sheet

D, S1, S2, S3 = "2026-06-15", "2026-03-01", "2026-03-08", "2026-06-10"


def demo(lead: str, day: str) -> tuple:
    return (f"E-{lead}", lead, "demo_request", at(f"2026-{day} 10:00"), None, None)


def opportunity(lead: str, day: str) -> tuple:
    return (f"O-{lead}", lead, None, at(f"2026-{day} 12:00"), False, 1000)


@pytest.fixture(scope="module")
def scored_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("scored"))
    write_demo_request_sheet(project, "s,demo,demo_request,,50,,,,,Demo requested")
    leads = [(f"L{i}", None, None, None, None, None, at("2026-01-01 00:00")) for i in range(1, 8)]
    project.load_raw(
        {
            "leads": leads,
            "accounts": [],
            "activities": [
                demo("L1", "02-20"),
                demo("L2", "02-25"),
                demo("L3", "03-05"),
                demo("L4", "06-01"),
                demo("L5", "02-10"),
                demo("L7", "02-01"),
            ],
            "opportunities": [
                opportunity("L2", "04-01"),
                # a second opportunity of L2, won: no conversion of its own (L2's first is 04-01)
                ("O-L2-won", "L2", None, at("2026-04-10 12:00"), True, 500),
                opportunity("L3", "05-20"),
                opportunity("L4", "06-05"),
                opportunity("L5", "02-15"),
                opportunity("L7", "06-12"),
            ],
        }
    )
    for score_date in (S1, S2, S3, D):
        project.score(score_date)
    return project


@pytest.fixture
def scored(scored_once: Project, tmp_path: Path) -> Project:
    """The world scored on S1, S2, S3 and D, a copy of its own for each test."""
    return scored_once.copy(tmp_path / "scored")


def performance(project: Project) -> dict[str, dict]:
    [(columns, rows)] = project.read("select * from marts.scoring_performance")
    return {row[columns.index("tier")]: dict(zip(columns, row, strict=True)) for row in rows}


def test_figures_worked_out_by_hand(scored: Project):
    tiers = performance(scored)
    assert set(tiers) == {"cold", "hot"}
    hot, cold = tiers["hot"], tiers["cold"]
    assert (hot["leads"], hot["conversions"]) == (7, 3)
    assert (cold["leads"], cold["conversions"]) == (5, 2)
    assert hot["conversion_rate"] == pytest.approx(3 / 7)
    assert cold["conversion_rate"] == pytest.approx(2 / 5)
    assert hot["lift"] == pytest.approx(36 / 35)
    assert cold["lift"] == pytest.approx(24 / 25)
    assert (hot["tier_min_score"], cold["tier_min_score"]) == (Decimal("50.00"), None)
    for row in (hot, cold):  # the sheet's own figures, on each tier row
        assert (row["sheet_leads"], row["sheet_conversions"]) == (12, 5)
        assert row["base_conversion_rate"] == pytest.approx(5 / 12)
        assert row["roc_auc"] == pytest.approx(18 / 35)
        assert row["precision_at_mql"] == pytest.approx(3 / 7)
        assert row["recall_at_mql"] == pytest.approx(3 / 5)
        assert row["mqls"] == 1
        assert row["mqls_per_week"] == pytest.approx(1.0)
        assert row["mql_conversion_rate"] == pytest.approx(1.0)
        assert row["score_dates"] == 2
        assert (str(row["first_score_date"]), str(row["last_score_date"])) == (S1, S2)
        assert (str(row["evaluated_on"]), row["conversion_window_days"]) == (D, 90)


def test_a_later_score_date_evaluates_more_dates_and_reads_later_conversions(scored: Project):
    """As of 09-08, S3 + 90 = 09-08 has passed too, so S3 joins. On S3: L1 50, no; L2, L3 and
    L4 converted before S3 and are left out; L6 0, no; L7 50, its opportunity 06-12 two days
    later: converted. D (06-15) and 09-08 are not evaluated yet."""
    scored.score("2026-09-08")
    hot = performance(scored)["hot"]
    assert hot["score_dates"] == 3
    assert (hot["leads"], hot["conversions"]) == (9, 4)
    assert (hot["sheet_leads"], hot["sheet_conversions"]) == (15, 6)


def evaluation(project: Project) -> tuple[list[tuple], list[tuple]]:
    return (
        project.query("select * from marts.score_outcomes order by all"),
        project.query("select * from marts.scoring_performance order by all"),
    )


def rebuilt(project: Project, score_date: str, *extra: str) -> tuple[list[tuple], list[tuple]]:
    """The evaluation rebuilt from nothing on the same history, as of `score_date`."""
    result = project.dbt(
        "run",
        "--full-refresh",
        "--select",
        "path:models/evaluation/performance",
        "--vars",
        f"{{score_date: '{score_date}'{''.join(extra)}}}",
    )
    assert result.success, result.output[-8000:]
    return evaluation(project)


def test_each_run_evaluates_only_what_changed_and_equals_a_rebuild(scored: Project):
    """The evaluation is kept per evaluated date: a daily run evaluates the date whose window has
    just closed and keeps the others; a late opportunity, other vars or an earlier D evaluate
    everything again. Each state equals the evaluation rebuilt from nothing."""

    def plan() -> dict[str, str]:
        return dict(
            scored.query(
                "select strftime(score_date, '%m-%d'), action from evaluation.eval_outcome_plan"
            )
        )

    # the run of D kept S1 and S2 as the run of S3 left them
    assert plan() == {"03-01": "keep", "03-08": "keep"}
    # 09-08: S3 joins, S1 and S2 are kept
    scored.score("2026-09-08")
    assert plan() == {"03-01": "keep", "03-08": "keep", "06-10": "evaluate"}
    as_built = evaluation(scored)
    assert rebuilt(scored, "2026-09-08") == as_built

    # L7's demo request removed from raw and S1 alone scored again, as a backtest scores a
    # date (history, not the evaluation): S1's history changed (L7 0 there), so the next run
    # evaluates S1 again and keeps the others
    with scored.engine() as engine:
        engine.execute("delete from raw.activities where activity_id = 'E-L7'")
    history_only = ["+lead_score_history", "lead_score_history_dates", "lead_score_timeline"]
    rescored = scored.dbt("run", "--select", *history_only, "--vars", f"{{score_date: '{S1}'}}")
    assert rescored.success, rescored.output[-8000:]
    scored.score("2026-09-08")
    assert plan() == {"03-01": "evaluate", "03-08": "keep", "06-10": "keep"}
    hot = performance(scored)["hot"]
    assert (hot["leads"], hot["conversions"]) == (8, 4)  # L7 on S1: cold now
    assert evaluation(scored) == rebuilt(scored, "2026-09-08")

    # an opportunity of L1 loaded late, dated 04-01 (before the last run's D): everything is
    # evaluated again. L1 converted within 90 days of S1 and S2 (+2 conversions), and had
    # converted before S3, which leaves it out there (-1 lead-date); S2 and S3 keep the
    # history they had (L7 hot), S1 has its new one
    scored.append_raw(
        "opportunities", [("O-L1-late", "L1", None, at("2026-04-01 12:00"), False, 1)]
    )
    scored.score("2026-09-09")
    assert set(plan().values()) == {"evaluate"}
    hot = performance(scored)["hot"]
    assert (hot["leads"], hot["conversions"]) == (7, 6)
    assert evaluation(scored) == rebuilt(scored, "2026-09-09")

    # a shorter window: every date evaluated again with it (as of 09-09 with 30 days: S1, S2,
    # S3 and D)
    shorter = scored.dbt(
        "build", "--vars", "{score_date: '2026-09-09', conversion_window_days: 30}"
    )
    assert shorter.success, shorter.output[-8000:]
    assert evaluation(scored) == rebuilt(scored, "2026-09-09", ", conversion_window_days: 30")

    # D goes back to 06-15 with 90 days: S3 and D are no longer evaluated
    scored.score(D)
    assert plan() == {"03-01": "evaluate", "03-08": "evaluate", "06-10": "drop", "06-15": "drop"}
    assert {row[0] for row in evaluation(scored)[0]} == {
        datetime.fromisoformat(S1).date(),
        datetime.fromisoformat(S2).date(),
    }
    assert evaluation(scored) == rebuilt(scored, D)


def test_outcome_totals_are_carried_while_they_hold_what_the_log_holds(scored: Project):
    """The sheet figures sum running totals of the outcome counts, not every date's counts. A
    daily run that only adds a date carries the last run's totals; totals that no longer hold
    what the evaluation log holds (a run stopped between them) are summed afresh."""
    # a mark in the totals as of D (S1 and S2): 1000 more hot lead-dates
    with scored.engine() as engine:
        engine.execute(
            "update evaluation.eval_outcome_totals set lead_dates = lead_dates + 1000"
            " where tier = 'hot'"
        )
    # 09-08 only adds S3: the totals are carried, mark and all
    scored.score("2026-09-08")
    assert performance(scored)["hot"]["leads"] == 9 + 1000

    # 09-13 adds D (06-15), but a run that stops after the log and before the totals leaves
    # totals that hold three dates where the log says four
    evaluation_without_totals = [
        "eval_outcome_plan",
        "score_outcomes",
        "eval_outcome_counts",
        "eval_outcome_sheet_dates",
        "eval_outcome_dates_evaluated",
    ]
    stopped = scored.dbt(
        "run", "--select", *evaluation_without_totals, "--vars", "{score_date: '2026-09-13'}"
    )
    assert stopped.success, stopped.output[-8000:]
    # so the next run sums them afresh: the mark is gone, and the evaluation is a rebuild's
    scored.score("2026-09-13")
    as_built = evaluation(scored)
    hot = performance(scored)["hot"]
    assert hot["score_dates"] == 4 and hot["leads"] < 1000
    assert as_built == rebuilt(scored, "2026-09-13")


def test_thresholds_and_calibration_worked_out_by_hand(scored: Project):
    # built with a backtest's comparison, not by the daily runs
    built = scored.dbt("build", "--select", "tag:backtest", "--vars", f"{{score_date: '{D}'}}")
    assert built.success, built.output[-4000:]
    thresholds = {
        float(row[0]): row[1:]
        for row in scored.query(
            "select threshold, is_current_threshold, lead_dates_at_or_above,"
            " conversions_at_or_above, precision, recall, mqls, mqls_per_week"
            " from marts.scoring_thresholds where sheet_id = 's'"
        )
    }
    assert sorted(thresholds) == [25.0 + 5 * step for step in range(16)]
    for threshold, row in thresholds.items():
        if threshold <= 50:
            assert row == (
                threshold == 50,
                7,
                3,
                pytest.approx(3 / 7),
                pytest.approx(3 / 5),
                1,
                1.0,
            )
        else:
            assert row == (False, 0, 0, None, 0.0, 0, 0.0)
    calibration = {
        (dimension, segment_order): rest
        for dimension, segment_order, *rest in scored.query(
            "select dimension, segment_order, segment, score_from, score_to, lead_dates,"
            " conversions, won_lead_dates, win_rate, won_amount from marts.scoring_calibration"
            " where sheet_id = 's'"
        )
    }
    assert calibration[("score_band", 0)][1:] == [
        Decimal("0.00"),
        Decimal("10.00"),
        5,
        2,
        0,
        0.0,
        Decimal("0.00"),
    ]
    assert calibration[("score_band", 5)][1:] == [
        Decimal("50.00"),
        Decimal("60.00"),
        7,
        3,
        2,
        pytest.approx(2 / 3),
        Decimal("1000.00"),
    ]
    assert calibration[("matrix_cell", 0)] == [
        "B2",
        None,
        None,
        12,
        5,
        2,
        pytest.approx(2 / 5),
        Decimal("1000.00"),
    ]
    assert calibration[("tier", 1)] == ["cold", None, None, 5, 2, 0, 0.0, Decimal("0.00")]
    assert calibration[("tier", 2)] == [
        "hot",
        None,
        None,
        7,
        3,
        2,
        pytest.approx(2 / 3),
        Decimal("1000.00"),
    ]
    assert len(calibration) == 5
