"""The scenario (tests/support/scenario.py) scored as of 2026-06-30, with every expected figure
worked out by hand from contract §5 (the working is in the comments), not copied from the
output."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.support.harness import Project, at
from tests.support.scenario import D, scenario_scored_on_d


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return scenario_scored_on_d(Path(tmp_path_factory.mktemp("scenario")))


def scores(project: Project, sheet: str) -> dict[str, tuple]:
    rows = project.query(
        "select lead_id, behavior_score, profile_score, total_score, tier, grade, engagement,"
        " score_matrix, is_mql, score_rank, account_id from marts.lead_scores"
        " where sheet_id = ?",
        [sheet],
    )
    return {row[0]: row[1:] for row in rows}


def ledger(project: Project, sheet: str, lead: str) -> dict[str, tuple]:
    rows = project.query(
        "select rule_id, rule_kind, occurrences, points from marts.lead_score_breakdown"
        " where sheet_id = ? and lead_id = ?",
        [sheet, lead],
    )
    return {row[0]: row[1:] for row in rows}


def test_main_sheet_ledger_for_l1(scored: Project) -> None:
    assert ledger(scored, "s_main", "L1") == {
        # pricing: 3 views on D (E02's type " Page_View " normalises) limited to 2 a day,
        # + 1 on 06-01 (age 29 < 30); 05-31 (age 30) and 07-01 (after D) are out: 3 x 10
        "r_pricing": ("behavior", 3, Decimal("30.00")),
        # %/blog/_% needs a character after /blog/: E07 (upper case), E08-E10 match, E11 not
        "r_blog": ("behavior", 4, Decimal("8.00")),
        # group web: 30 + 8 = 38, capped at 25
        "web": ("cap_adjustment", 0, Decimal("-13.00")),
        # one open a day counts: 06-10 (1 of 2), 06-11, 06-12, 06-13 = 4, capped at 3
        "r_open": ("behavior", 4, Decimal("3.00")),
        # 40 x 0.5 ^ (10 / 10)
        "r_demo": ("behavior", 1, Decimal("20.00")),
        # "vp" keyword in "VP of Sales"; value " VP " is trimmed and lower-cased
        "p_vp": ("profile", 1, Decimal("15.00")),
        "p_corp": ("profile", 1, Decimal("5.00")),
        # account by corporate domain acme.com -> A1 (500 employees, software)
        "p_size": ("profile", 1, Decimal("10.00")),
        "p_ind": ("profile", 1, Decimal("10.00")),
        "p_country_missing": ("profile", 1, Decimal("-5.00")),
        "p_title": ("profile", 1, Decimal("2.00")),
        "p_source_notin": ("profile", 1, Decimal("1.00")),
    }


def test_main_sheet_scores(scored: Project) -> None:
    assert scores(scored, "s_main") == {
        # behaviour 30 + 8 - 13 + 3 + 20 = 48; profile 15+5+10+10-5+2+1 = 38; total 86
        "L1": (
            Decimal("48.00"),
            Decimal("38.00"),
            Decimal("86.00"),
            "hot",
            "A",
            "1",
            "A1",
            True,
            1,
            "A1",
        ),
        # unsubscribe -30 capped at 20 -> -20, one pricing view +10 -> -10; profile: revenue
        # 900k < 1M -> -10 (country us, source in the not_in list, free e-mail: no match)
        "L2": (
            Decimal("-10.00"),
            Decimal("-10.00"),
            Decimal("-20.00"),
            "cold",
            "D",
            "3",
            "D3",
            False,
            3,
            "A2",
        ),
        # nothing but a missing country: -5
        "L3": (
            Decimal("0.00"),
            Decimal("-5.00"),
            Decimal("-5.00"),
            "cold",
            "D",
            "3",
            "D3",
            False,
            2,
            None,
        ),
    }


def test_alt_sheet_decay_weights_and_unlimited_window(scored: Project) -> None:
    # a_pricing, no window, no daily limit: 3 x 5 on D, 5 x 0.5^(29/30) = 2.5584 on 06-01,
    # 5 x 0.5^(30/30) = 2.5 on 05-31; 07-01 is after D. 15 + 2.5584 + 2.5 = 20.06
    assert ledger(scored, "s_alt", "L1") == {
        "a_pricing": ("behavior", 5, Decimal("20.06")),
        "a_exec": ("profile", 1, Decimal("6.00")),
    }
    assert scores(scored, "s_alt") == {
        # 0.5 x 20.06 + 2.0 x 6 = 22.03 >= 20
        "L1": (
            Decimal("20.06"),
            Decimal("6.00"),
            Decimal("22.03"),
            "hot",
            "A",
            "1",
            "A1",
            True,
            1,
            "A1",
        ),
        # 0.5 x 5 + 2.0 x -4 = -5.5
        "L2": (
            Decimal("5.00"),
            Decimal("-4.00"),
            Decimal("-5.50"),
            "cold",
            "B",
            "2",
            "B2",
            False,
            3,
            "A2",
        ),
        "L3": (
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("0.00"),
            "cold",
            "B",
            "2",
            "B2",
            False,
            2,
            None,
        ),
    }


def test_ledger_spans_the_first_and_last_matching_activity(scored: Project) -> None:
    # pricing views on 06-01 (12:00) and three on D (09:00, 10:00, 11:00): 1 + 2 count, by the
    # per-day limit of 2, but the ledger spans the first and last matching view in the window
    assert scored.query(
        "select occurrences, first_activity_at, last_activity_at from marts.lead_score_breakdown"
        " where sheet_id = 's_main' and lead_id = 'L1' and rule_id = 'r_pricing'"
    ) == [(3, at("2026-06-01 12:00"), at("2026-06-30 11:00"))]


def test_account_scores(scored: Project) -> None:
    rows = scored.query(
        "select sheet_id, account_id, lead_count, engaged_lead_count, mql_lead_count,"
        " engagement_score, fit_score, total_score, tier from marts.account_scores"
    )
    assert sorted(rows) == sorted(
        [
            # A1: fit p_size 10 + p_ind 10; engagement = L1's 48; 48 + 20 = 68 -> warm
            ("s_main", "A1", 1, 1, 1, Decimal("48.00"), Decimal("20.00"), Decimal("68.00"), "warm"),
            # A2: fit p_rev -10; L2's behaviour -10 is not > 0
            (
                "s_main",
                "A2",
                1,
                0,
                0,
                Decimal("-10.00"),
                Decimal("-10.00"),
                Decimal("-20.00"),
                "cold",
            ),
            # A3: 5000 employees is outside [200, 1000); no industry, no revenue
            ("s_main", "A3", 0, 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), "cold"),
            # s_alt has no firmographic rules: 0.5 x 20.06 = 10.03; 0.5 x 5 = 2.5
            ("s_alt", "A1", 1, 1, 1, Decimal("20.06"), Decimal("0.00"), Decimal("10.03"), "cold"),
            ("s_alt", "A2", 1, 1, 0, Decimal("5.00"), Decimal("0.00"), Decimal("2.50"), "cold"),
            ("s_alt", "A3", 0, 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), "cold"),
        ]
    )


def test_segments(scored: Project) -> None:
    rows = scored.query(
        "select lead_id, tier, primary_interest, buying_stage, lead_source, last_activity_at"
        " from marts.lead_segments"
    )
    assert sorted(rows) == [
        # in the 30-day window: blog 4 (E07-E10; E11 '/blog' does not match '%/blog/%'),
        # pricing 4 (E01-E04): a tie, broken alphabetically; decision is the furthest stage;
        # last activity E03 (E06 is after D)
        ("L1", "hot", "blog", "decision", "webinar", at("2026-06-30 11:00")),
        ("L2", "cold", "pricing", "decision", "purchased", at("2026-06-30 23:59")),
        ("L3", "cold", None, None, None, None),
    ]


def test_rejected_records_and_reconciliation(scored: Project) -> None:
    rows = scored.query("select source_table, record_id, reason from marts.rejected_records")
    assert sorted(rows, key=str) == sorted(
        [
            ("leads", "", "missing_key"),
            ("activities", "E01", "duplicate_key"),  # the later E01 (12:00) is the repeat
            ("activities", "E21", "unknown_activity_type"),
            ("activities", "E22", "unknown_lead"),
            ("activities", "E23", "missing_timestamp"),
            ("activities", None, "missing_key"),
        ],
        key=str,
    )
    # accepted + rejected = raw: 20 activities kept of 25, 4 leads of 5
    accepted_activities = scored.query(
        "select sum(daily.occurrences) from intermediate.int_activities_matched_daily as daily"
        " join intermediate.int_activity_matchers as matchers using (matcher_id)"
        " join staging.stg_raw__leads as leads using (lead_id)"
        " where matchers.matcher_kind = 'activity'"
    )
    assert accepted_activities == [(20,)]
    assert scored.query("select count(*) from staging.stg_raw__leads") == [(4,)]
    # L4 was created after D: not scored; its activity is accepted but earns nothing
    assert scored.query("select count(*) from marts.lead_scores where lead_id = 'L4'") == [(0,)]


def test_top_leads_with_their_three_biggest_reasons(scored: Project) -> None:
    from orchestration.console import top_leads

    with scored.engine(read_only=True) as engine:
        rows = top_leads(engine, limit=3)
    assert [(rank, lead, reasons) for rank, lead, _, _, _, reasons, _, _ in rows] == [
        # the largest absolute points of the ledger; the web cap (-13) is no reason of its
        # own, it is named beside the rule of its group it cut
        (1, "L1", "r_pricing +30.00 (group web capped -13.00), r_demo +20.00, p_vp +15.00"),
        (2, "L3", "p_country_missing -5.00"),
        # |-20|, then a tie at 10 broken by rule id
        (3, "L2", "r_unsub -20.00, p_rev -10.00, r_pricing +10.00"),
    ]
    # another sheet (`leadscore top --sheet s_alt`), and a date of history (D, the only one)
    with scored.engine(read_only=True) as engine:
        alt = top_leads(engine, limit=1, sheet="s_alt")
        on_d = top_leads(engine, limit=3, score_date=date(2026, 6, 30))
    assert [(rank, lead, score, reasons) for rank, lead, score, _, _, reasons, _, _ in alt] == [
        (1, "L1", Decimal("22.03"), "a_pricing +20.06, a_exec +6.00")
    ]
    # history keeps no ledger of a date outside a backtest: no reasons, and no matrix cell
    assert [(lead, cell, reasons) for _, lead, _, _, cell, reasons, _, _ in on_d] == [
        ("L1", None, ""),
        ("L3", None, ""),
        ("L2", None, ""),
    ]


def test_the_benchmark_floor_and_pandas_agree_with_the_models(scored: Project) -> None:
    # the benchmark's two implementations of contract §5, written apart from the models, give
    # the lead_scores of this hand-worked scenario too
    from benchmarks.pandas_scoring import lead_scores
    from benchmarks.run import FLOOR_SQL, assert_same_lead_scores

    with duckdb.connect(str(scored.db)) as con:
        con.execute(f"create temp table floor_scores as {FLOOR_SQL.read_text()}", [D])
        assert_same_lead_scores(con, "floor_scores", "the floor SQL")
        con.register("pandas_scores", lead_scores(con, date.fromisoformat(D)))
        assert_same_lead_scores(con, "pandas_scores", "the pandas implementation")
