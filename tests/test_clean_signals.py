"""Bots and duplicate leads (contract §3-§5), worked out by hand: each kind of bot rule at its
edges, bursts across midnight and completed by rows that arrive a day late, CRM merges (a
chain, a cycle, a merge recorded after the score date), merges by e-mail (case and spaces, a
survivor without created_at) and what they do to the scores; then the incremental run equals
a full refresh. The world is tests/support/clean_signals.py, on the sheets of the scoring scenario:
s_main's r_open earns 1 point for at most one e-mail open a day, r_pricing 10 for each of at
most two pricing views a day."""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from tests.support.clean_signals import (
    BAD_VALUE_REJECTIONS,
    NEXT_DAY,
    D,
    H,
    J,
    Z,
    add_clean_signals,
    add_next_day,
)
from tests.support.crm_server import CrmServer
from tests.support.harness import Project, copy_project
from tests.support.scenario import prepare_scenario

# activity -> the rule that flags it, on D
BOTS_ON_D = {
    "X01": "b_burst",  # B1: all three of a burst whose ends are exactly 2 s apart
    "X02": "b_burst",
    "X03": "b_burst",
    "X05": "b_burst",  # B2: the middle one only
    "X07": "b_burst",  # B3: across midnight
    "X08": "b_burst",
    "X09": "b_burst",
    "X14": "c_trap",  # B5: 5 s before the trap, the trap, 5 s after
    "X15": "c_trap",
    "X16": "c_trap",
    "X18": "d_agent",  # B6: the crawler, the network, and both (d_agent < e_net)
    "X19": "e_net",
    "X21": "d_agent",
}
# the next day: B7's burst completed across midnight, B8's by a late row two weeks back
BOTS_ON_NEXT_DAY = {
    **BOTS_ON_D,
    **dict.fromkeys(["X23", "X24", "X37", "X25", "X26", "X38"], "b_burst"),
}

# the CRM's merges on D: chains followed to their last survivor, whatever their length, as far
# as their merges are in force (J20 -> J21 is not); the cycle Z00 -> ... -> Z32 -> Z00 is
# rejected whole, and W1, merged into it from outside, ends at Z05
CRM_MERGES_ON_D = {
    "C1": "C3",
    "C2": "C3",
    "Y3": "Y1",
    "G1": "G2",
    **dict.fromkeys(H[:40], "H40"),
    **dict.fromkeys(J[:20], "J20"),
    **dict.fromkeys(J[21:40], "J40"),
    "W1": "Z05",
}
IDENTITIES = {
    # lead: (person, merge_reason)
    **{lead: (person, "crm_merge") for lead, person in CRM_MERGES_ON_D.items()},
    # M1's address, in other case and with other white space around it
    "M1": ("M3", "same_email"),
    "M2": ("M3", "same_email"),
    "M4": ("M3", "same_email"),
    "M5": ("M3", "same_email"),
    "G1": ("G3", "crm_merge"),
    "G2": ("G3", "same_email"),
}
CLEAN_LEADS = [
    "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "M1", "M2", "M3", "M4", "M5", "C1", "C2",
    "C3", "Y1", "Y2", "Y3", "F1", "F2", "S1", "G1", "G2", "G3", "K1", "K2", *H, *J, *Z, "W1",
    "V3", "V4", "V5",
]  # fmt: skip

# s_main behaviour on D, by hand (ages 0..29 are in the 30-day window)
BEHAVIOR_ON_D = {
    "B1": 0,  # all its opens are bots
    "B2": 1,  # X04 and X06 on 06-29: one a day counts
    "B3": 0,
    "B4": 1,  # X10 and X12 (the page view between them has no URL)
    "B5": 20,  # X13 and X17, two pricing views on 06-20
    "B6": 10,  # X20 alone
    "B7": 1,  # X23 and X24 on 06-30, not yet a burst
    "B8": 1,  # X25 and X26 on 06-15, not yet a burst
    "M3": 12,  # opens: 06-29 (M1 and M2: one counts) and 06-28 (M3): 2; M2's pricing view: 10
    "C3": 10,  # C1's view, along the chain
    "Y1": 1,  # Y3's open; the cycle Y1 <-> Y2 is rejected, so both are scored
    "Y2": 0,
    "F1": 1,  # merged into F2 only on 07-05
    "F2": 0,
    "S1": 0,
    "G3": 10,  # G1's view: G1 -> G2 by the CRM, G2 -> G3 by address
    "K1": 1,  # an invalid address merges nobody
    "K2": 1,
    # the ends of the long chains and the cycle (X39-X42); every other lead of them that is
    # scored has nothing
    **{lead: 0 for lead in ["H40", "J20", "J40", *Z, "V3", "V4", "V5"]},
    "H40": 10,
    "J20": 10,
    "J40": 10,
    "Z05": 1,
}
BEHAVIOR_ON_NEXT_DAY = {**BEHAVIOR_ON_D, "B7": 0, "B8": 0}


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    """The world scored on D, copied, then the next day loaded and scored incrementally."""
    project = copy_project(Path(tmp_path_factory.mktemp("signals")))
    prepare_scenario(project)
    add_clean_signals(project)
    project.build(D)
    first = project.copy(Path(tmp_path_factory.mktemp("signals_d")))
    add_next_day(project)
    project.build(NEXT_DAY)
    return {"first": first, "next": project}


def bots(project: Project) -> dict[str, str]:
    rows = project.query(
        "select record_id, detail from marts.rejected_records"
        " where source_table = 'activities' and reason = 'bot_suspected'"
    )
    return dict(rows)


def behavior(project: Project) -> dict[str, Decimal]:
    rows = project.query(
        "select lead_id, behavior_score from marts.lead_scores where sheet_id = 's_main'"
    )
    return {lead: score for lead, score in rows if lead in CLEAN_LEADS}


def test_each_bot_rule_flags_what_it_should_and_names_itself(two_days) -> None:
    assert bots(two_days["first"]) == BOTS_ON_D
    # a crawler on an unknown lead is rejected as unknown_lead first
    assert two_days["first"].query(
        "select reason, detail from marts.rejected_records where record_id = 'X22'"
    ) == [("unknown_lead", "B404")]


def test_bursts_completed_across_midnight_and_by_late_rows_are_found(two_days) -> None:
    assert bots(two_days["next"]) == BOTS_ON_NEXT_DAY


def test_bot_events_score_nothing_and_merged_leads_count_for_their_person(two_days) -> None:
    assert behavior(two_days["first"]) == {
        lead: Decimal(points) for lead, points in BEHAVIOR_ON_D.items()
    }
    assert behavior(two_days["next"]) == {
        lead: Decimal(points) for lead, points in BEHAVIOR_ON_NEXT_DAY.items()
    }


def test_the_person_is_one_lead_under_one_daily_limit(two_days) -> None:
    rows = two_days["first"].query(
        "select rule_id, occurrences, points, first_activity_at, last_activity_at"
        " from marts.lead_score_breakdown"
        " where sheet_id = 's_main' and lead_id = 'M3' and rule_kind = 'behavior'"
    )
    assert sorted(rows) == [
        # opens on 06-28 (M3) and 06-29 (M1 at 08:00, M2 at 09:00: one counts)
        ("r_open", 2, Decimal("2.00"), datetime(2026, 6, 28, 9), datetime(2026, 6, 29, 9)),
        ("r_pricing", 1, Decimal("10.00"), datetime(2026, 6, 20, 9), datetime(2026, 6, 20, 9)),
    ]


def test_lead_identities(two_days) -> None:
    rows = two_days["first"].query(
        "select lead_id, person_id, merge_reason from marts.lead_identities"
    )
    found = {lead: (person, reason) for lead, person, reason in rows if lead in CLEAN_LEADS}
    assert found == {lead: IDENTITIES.get(lead, (lead, None)) for lead in CLEAN_LEADS}


def test_merged_leads_are_not_scored_and_rejected_merges_say_why(two_days) -> None:
    project = two_days["first"]
    scored = {row[0] for row in project.query("select lead_id from marts.lead_scores")}
    assert scored.isdisjoint(IDENTITIES)
    assert {"M3", "C3", "Y1", "Y2", "F1", "F2", "S1", "G3"} <= scored
    assert {"H40", "J20", "J40", *Z} <= scored
    assert sorted(
        project.query(
            "select record_id, reason, detail from marts.rejected_records"
            " where source_table = 'lead_merges'"
        ),
        key=repr,
    ) == sorted(
        [
            ("G1", "duplicate_key", None),
            ("U1", "unknown_lead", "U1"),
            ("Y1", "merge_cycle", "Y2"),
            ("Y2", "merge_cycle", "Y1"),
            ("S1", "merge_cycle", "S1"),
            # every merge of the cycle of 33, named with its survivor; W1's is kept
            *[(Z[n], "merge_cycle", Z[(n + 1) % 33]) for n in range(33)],
            ("V3", "bad_value", "merged_at: soon"),
        ],
        key=repr,
    )


def test_segments_leave_bot_events_out(two_days) -> None:
    assert two_days["first"].query(
        "select last_activity_at from marts.lead_segments where lead_id = 'B6'"
    ) == [(datetime(2026, 6, 20, 11),)]


def test_merging_by_email_can_be_turned_off(two_days, tmp_path: Path) -> None:
    project = two_days["first"].copy(tmp_path / "no_email_merges")
    result = project.dbt(
        "run", "--select", "int_lead_identities_on_date",
        "--vars", f"{{score_date: '{D}', merge_leads_by_email: false}}",
    )  # fmt: skip
    assert result.success, result.output[-4000:]
    rows = project.query(
        "select lead_id, person_id from intermediate.int_lead_identities_on_date"
        " where lead_id <> person_id"
    )
    # only the CRM's merges are left; G1 stops at G2
    assert sorted(row for row in rows if row[0] in CLEAN_LEADS) == sorted(CRM_MERGES_ON_D.items())


# the marts of the latest date, less what depends on the days scored before it
LATEST = {
    "lead_scores": "* exclude (tier_entered_on)",
    "lead_score_breakdown": "*",
    "account_scores": "*",
    "lead_segments": "*",
    "lead_identities": "*",
    "rejected_records": "* exclude (detected_at)",
}


def test_incremental_equals_a_full_refresh_with_bots_and_merges(two_days, tmp_path: Path) -> None:
    fresh = two_days["next"].clone(tmp_path / "fresh")
    fresh.build(NEXT_DAY)
    for mart, columns in LATEST.items():
        query = f"select {columns} from marts.{mart}"
        expected, actual = fresh.query(query), two_days["next"].query(query)
        assert expected, f"{mart} is empty: it proves nothing"
        assert sorted(actual, key=repr) == sorted(expected, key=repr), mart


def test_explain_names_the_merges_and_the_bot_events(two_days) -> None:
    from orchestration.explain.lead import explain, render

    with mock.patch.dict(os.environ, two_days["first"].env):
        merged = render(explain("M1", "s_main"))
        bot = render(explain("B1", "s_main"))
    # M1, M2, M4 and M5 share M3's address; M3, without created_at, survives
    assert merged.startswith(
        "M1 is merged into M3 (same_email) and scored as it: explaining M3.\n"
        "Merged into M3, whose activities count here: M1 (same_email), M2 (same_email),"
        " M4 (same_email), M5 (same_email).\n"
    )
    assert "Lead M3 on sheet s_main (primary)" in merged
    # B1's three opens are one burst
    assert bot.startswith(
        "3 activities were filtered as bots and not scored: b_burst ×3"
        " (marts.lead_bot_activities).\n"
    )


def test_bad_values_are_rejected_row_by_row_and_the_rest_scored(two_days) -> None:
    """Every raw table arrived as text (tests/support/clean_signals.py): a value that does not
    fit its column rejects its row as bad_value, naming the column and the value; text that fits
    is read, and everyone else is scored."""
    project = two_days["first"]
    rejected = project.query(
        "select source_table, record_id, detail from marts.rejected_records"
        " where reason = 'bad_value'"
    )
    assert sorted(rejected) == sorted(BAD_VALUE_REJECTIONS)
    # text that fits, around white space of any kind and with an offset, is read as its type
    assert project.query(
        "select employee_count, annual_revenue from staging.stg_raw__accounts"
        " where account_id in ('AB6', 'A1') order by account_id"
    ) == [(500, Decimal("50000000.00")), (250, Decimal("1000000.50"))]
    assert project.query("select created_at from staging.stg_raw__leads where lead_id = 'V5'") == [
        (datetime(2026, 5, 31, 22, 0),)
    ]
    assert project.query(
        "select is_won, amount from staging.stg_raw__opportunities where opportunity_id = 'O3'"
    ) == [(True, Decimal("99.50"))]
    # the scenario's leads are scored as they were before their tables arrived as text
    assert project.query(
        "select lead_id, total_score from marts.lead_scores"
        " where sheet_id = 's_main' and lead_id in ('L1', 'L2', 'L3') order by lead_id"
    ) == [("L1", Decimal("86.00")), ("L2", Decimal("-20.00")), ("L3", Decimal("-5.00"))]


def test_every_raw_row_is_scored_or_rejected(two_days) -> None:
    """No lead vanishes: every raw lead is scored, merged into a scored person, or rejected;
    and accepted + rejected = raw for every source (the dbt test assert_raw_rows_reconcile
    ran with the build)."""
    project = two_days["first"]
    raw = {lead for (lead,) in project.query("select lead_id from raw.leads")}
    rejected = {
        lead
        for (lead,) in project.query(
            "select record_id from marts.rejected_records where source_table = 'leads'"
        )
    }
    persons = dict(project.query("select lead_id, person_id from marts.lead_identities"))
    assert raw - rejected == set(persons)
    scored = {lead for (lead,) in project.query("select lead_id from marts.lead_scores")}
    # every accepted lead is scored as a scored person, but L4, created after D (the scenario)
    assert {lead for lead, person in persons.items() if person not in scored} == {"L4"}


def test_the_crm_sync_sends_one_record_per_contact(two_days, tmp_path: Path) -> None:
    """One notion of an address (contract §5): M1-M5 write ann@acme.com in other cases and with
    other white space around it. Merged by e-mail (the default), they are one person, M3; with
    merge_leads_by_email false they are five leads, and HubSpot still gets one record for the
    contact in a push, the highest-scored lead's (the test server refuses a batch that names
    a contact twice, as HubSpot does)."""
    merged = two_days["first"].copy(tmp_path / "merged")
    separate = two_days["first"].copy(tmp_path / "separate")
    result = separate.dbt("build", "--vars", f"{{score_date: '{D}', merge_leads_by_email: false}}")
    assert result.success, result.output[-4000:]
    totals = dict(
        separate.query(
            "select lead_id, total_score from marts.lead_profiles"
            " where lead_id in ('M1', 'M2', 'M3', 'M4', 'M5')"
        )
    )
    # M2's pricing view (10) and open (1) put it first
    assert max(totals, key=totals.get) == "M2" and len(totals) == 5
    sent = {}
    for name, project in [("merged", merged), ("separate", separate)]:
        with CrmServer("token") as server:
            done = project.leadscore(
                "sync",
                LEADSCORE_CRM_FORMAT="hubspot",
                LEADSCORE_CRM_URL=server.url,
                LEADSCORE_CRM_TOKEN="token",
                LEADSCORE_CRM_STORE=str(project.root / "crm.sqlite"),
            )
            assert done.returncode == 0, done.stdout + done.stderr
            assert server.problems == []
            inputs = [item for request in server.requests for item in request["body"]["inputs"]]
            ann = [item for item in inputs if item["id"] == "ann@acme.com"]
            assert len(ann) == 1
            sent[name] = (ann[0]["properties"]["leadscore_score"], done.stdout)
    merged_score, _ = sent["merged"]
    assert merged_score == str(
        round(
            merged.query("select total_score from marts.lead_profiles where lead_id = 'M3'")[0][0]
        )
    )
    separate_score, separate_out = sent["separate"]
    assert separate_score == str(round(totals["M2"]))
    # four of M1-M5, and G2 beside G3 (g@x.com)
    assert "(5 sharing a contact with a higher-scored lead)" in separate_out
