"""Buying groups and MQAs (contract §10) on the account world of tests/support/buying_groups.py,
scored on two dates. Coverage, missing roles, scores and events are worked out by hand from
the rows (the working is in the comments)."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.buying_groups import EARLY, LATE, prepare_buying_groups
from tests.support.crm_server import CrmServer
from tests.support.harness import Project, copy_project

ACCOUNT_COLUMNS = "account_id, total_score, buying_group_coverage, roles_missing, is_mqa"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(Path(tmp_path_factory.mktemp("buying_groups")))
    prepare_buying_groups(project)
    return project


def accounts(project: Project, sheet: str) -> list[tuple]:
    return project.query(
        f"select {ACCOUNT_COLUMNS} from marts.account_scores where sheet_id = ?"
        " order by account_id",
        [sheet],
    )


THIRD = Decimal("0.3333")
# s_acct on EARLY (a view is 10 points; B1's fit is 5 for software):
# B1: V1 (vp, two views) covers decision_maker; D1 (director) has no view yet, so champion
#     is missing; U1 and U2 cover user (two needed). 20 + 10 + 10 + fit 5 = 45 >= 40, but a
#     role is missing: not an MQA.
# B2: V2 (vp) covers decision_maker and not champion too; U3 is user's only engaged person
#     (the intern X1 has no view): champion and user missing.
# B3: V3 (ceo) covers decision_maker; M4 (a director) is merged into U4 (an engineer): one
#     person, engaged by M4's view, in user: champion and user missing.
# B4: no one: every role missing.
# B5: V5 (vp) has no view; U5 and U6 cover user.
S_ACCT_EARLY = [
    ("B1", Decimal(45), Decimal("0.6667"), "champion", False),
    ("B2", Decimal(20), THIRD, "champion;user", False),
    ("B3", Decimal(20), THIRD, "champion;user", False),
    ("B4", Decimal(0), Decimal(0), "decision_maker;champion;user", False),
    ("B5", Decimal(20), THIRD, "decision_maker;champion", False),
]
# on LATE D1's view covers champion: B1 has every role and 55 >= 40
S_ACCT_LATE = [("B1", Decimal(55), Decimal(1), "", True), *S_ACCT_EARLY[1:]]
# s_score has a threshold (30) and no roles: the score alone qualifies (B1: four views, no fit)
S_SCORE_EARLY = [
    ("B1", Decimal(40), None, "", True),
    ("B2", Decimal(20), None, "", False),
    ("B3", Decimal(20), None, "", False),
    ("B4", Decimal(0), None, "", False),
    ("B5", Decimal(20), None, "", False),
]


def test_coverage_and_mqa_as_of_each_date(world: Project) -> None:
    world.build(EARLY)
    assert accounts(world, "s_acct") == S_ACCT_EARLY
    assert accounts(world, "s_score") == S_SCORE_EARLY
    # s_plain has neither roles nor a threshold: no coverage, never an MQA
    assert {row[2:] for row in accounts(world, "s_plain")} == {(None, "", False)}
    world.build(LATE)
    assert accounts(world, "s_acct") == S_ACCT_LATE
    history = world.query(
        "select score_date, account_id, total_score, tier, buying_group_coverage, is_mqa"
        " from marts.account_score_history where sheet_id = 's_acct' and account_id = 'B1'"
        " order by score_date"
    )
    assert [(str(row[0]), *row[1:]) for row in history] == [
        (EARLY, "B1", Decimal(45), "cold", Decimal("0.6667"), False),
        (LATE, "B1", Decimal(55), "hot", Decimal(1), True),
    ]
    assert world.query("select count(*) from marts.account_score_history") == [(2 * 3 * 5,)]


def events(project: Project) -> list[tuple]:
    rows = project.query(
        "select sheet_id, account_id, qualified_on, total_score, previous_total_score"
        " from marts.mqa_events order by sheet_id, account_id, qualified_on"
    )
    return [(sheet, account, str(day), *scores) for sheet, account, day, *scores in rows]


# B1 qualifies on s_acct on LATE (45 and a role missing before); on s_score on EARLY, the
# first date of history, where it had no previous score
EXPECTED_EVENTS = [
    ("s_acct", "B1", LATE, Decimal(55), Decimal(45)),
    ("s_score", "B1", EARLY, Decimal(40), None),
]


def test_mqa_events_and_a_rerun_of_an_earlier_date(world: Project) -> None:
    world.build(EARLY)
    world.build(LATE)
    assert events(world) == EXPECTED_EVENTS
    # re-scoring EARLY rewrites the events from EARLY on: the same ones
    world.build(EARLY)
    assert events(world) == EXPECTED_EVENTS
    # account_scores still shows LATE, the latest date of history
    assert accounts(world, "s_acct") == S_ACCT_LATE


def metric_rows(project: Project, metrics: str, sheet_dimension: str) -> dict[tuple, tuple]:
    out = project.root / f"{metrics.replace(',', '_')}.csv"
    asked = project.mf(
        *("query", "--metrics", metrics, "--csv", str(out)),
        *("--group-by", f"metric_time__day,{sheet_dimension}"),
    )
    assert asked.returncode == 0, asked.stdout[-3000:] + asked.stderr[-3000:]
    return {
        (row["metric_time__day"][:10], row[sheet_dimension]): tuple(
            round(float(row[name]), 4) if row[name] else None for name in metrics.split(",")
        )
        for row in csv.DictReader(out.open())
    }


def test_account_metrics(world: Project) -> None:
    world.score(EARLY)
    world.score(LATE)
    # s_acct's coverage averages the five accounts': on EARLY (0.6667 + 3 x 0.3333 + 0) / 5,
    # on LATE (1 + 3 x 0.3333 + 0) / 5; the MQAs are B1 on s_acct on LATE, on s_score on both
    assert metric_rows(world, "mqas,buying_group_coverage", "account_history__sheet_id") == {
        (EARLY, "s_acct"): (0, 0.3333),
        (LATE, "s_acct"): (1, 0.4),
        (EARLY, "s_plain"): (0, None),
        (LATE, "s_plain"): (0, None),
        (EARLY, "s_score"): (1, None),
        (LATE, "s_score"): (1, None),
    }
    assert metric_rows(world, "new_mqas", "mqa_event__sheet_id") == {
        (LATE, "s_acct"): (1,),
        (EARLY, "s_score"): (1,),
    }


def explained(project: Project, *args: str) -> list[str]:
    done = project.leadscore("explain", *args, "--project-dir", str(project.dbt_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    return [" ".join(line.split()) for line in done.stdout.splitlines()]


def test_explain_an_account_role_by_role(world: Project) -> None:
    world.score(LATE)
    lines = explained(world, "--account", "B2")
    # B2 on s_acct: V2 covers decision_maker; no one is left for champion; U3 alone is engaged
    # among user's two (the intern X1 has no view)
    for line in [
        "Account B2 (B Two) on sheet s_acct (primary), as of 2026-06-20",
        "not an MQA: 20.00 < 40.00, lacks 20.00 points; roles missing: champion, user.",
        "tier cold; 3 lead(s), 2 engaged, 0 MQL(s)",
        "engagement 20.00 × 1 + fit 0.00 × 1 = 20.00",
        "Buying group: 33% of the roles covered",
        "decision_maker covered 1 of 1 executive|vp V2 (vp, 10.00)",
        "champion missing 0 of 1 director|vp no one",
        "user missing 1 of 2 anyone U3 (individual, 10.00), X1 (student, 0.00, not engaged)",
        "not an MQA: the sheet qualifies no account (no mqa_threshold).",
        "The sheet has no buying group (seeds/buying_groups.csv).",
    ]:
        assert line in lines, f"{line!r} not in:\n" + "\n".join(lines)
    lines = explained(world, "--account", "B1", "--sheet", "s_acct")
    assert "an MQA: 55.00 ≥ threshold 40.00, every role covered." in lines
    # as of EARLY, scored again beside the marts: 45 is enough, D1 was not engaged yet
    lines = explained(world, "--account", "B1", "--sheet", "s_acct", "--date", EARLY)
    assert "not an MQA: roles missing: champion." in lines
    assert "champion missing 0 of 1 director|vp D1 (director, 0.00, not engaged)" in lines
    unknown = world.leadscore("explain", "--account", "B9")
    assert unknown.returncode == 2
    assert "no account B9 among the accounts scored on the latest date" in unknown.stdout


def test_the_company_sync_sends_coverage_and_the_mqa_flag(world: Project, tmp_path: Path) -> None:
    world.score(LATE)
    with CrmServer("token") as server:
        done = world.leadscore(
            "sync",
            LEADSCORE_CRM_FORMAT="hubspot",
            LEADSCORE_CRM_URL=server.url,
            LEADSCORE_CRM_TOKEN="token",
            LEADSCORE_CRM_STORE=str(tmp_path / "crm.sqlite"),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert server.problems == []
    companies = {
        item["id"]: item["properties"]
        for request in server.requests
        if request["path"] == "/crm/v3/objects/companies/batch/update"
        for item in request["body"]["inputs"]
    }
    assert sorted(companies) == ["b1.com", "b2.com", "b3.com", "b4.com", "b5.com"]
    assert companies["b1.com"] == {
        "leadscore_account_score": "55",
        "leadscore_account_tier": "hot",
        "leadscore_buying_group_coverage": "1.0",
        "leadscore_is_mqa": "true",
    }
    assert companies["b2.com"]["leadscore_buying_group_coverage"] == "0.3333"
    assert companies["b4.com"]["leadscore_is_mqa"] == "false"


def test_the_backtest_evaluates_accounts(world: Project, tmp_path: Path) -> None:
    """EARLY and LATE backtested, conversions read up to LATE + 90 days: B1 (its own
    opportunity) and B2 (its lead U3's) converted on both dates; 10 account-dates a sheet, 4
    conversions. AUC on s_acct: the positives B1 45, B1 55, B2 20, B2 20 against the negatives
    20 x 4 (B3, B5) and 0 x 2 (B4): 6 + 6 + (2 + 4 x 0.5) x 2 = 20 wins of 24. s_plain and
    s_score rank alike (B1 40 and 50, no fit). MQAs: s_acct B1 on LATE (converted; 3 of the
    other 9 did), s_score B1 on both (2 of the other 8), s_plain none."""
    done = world.leadscore(
        *("backtest", "--from", EARLY, "--to", LATE, "--every", "10", "--as-of", "2026-09-18"),
        *("--project-dir", str(world.dbt_dir), "--out", str(tmp_path)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = world.query(
        "select sheet_id, account_dates, conversions, base_conversion_rate, roc_auc,"
        " mqa_account_dates, mqa_conversion_rate, other_conversion_rate"
        " from marts.account_backtest order by sheet_id"
    )
    rounded = [
        tuple(round(value, 4) if isinstance(value, float) else value for value in row)
        for row in rows
    ]
    assert rounded == [
        ("s_acct", 10, 4, 0.4, 0.8333, 1, 1.0, 0.3333),
        ("s_plain", 10, 4, 0.4, 0.8333, 0, None, 0.4),
        ("s_score", 10, 4, 0.4, 0.8333, 2, 1.0, 0.25),
    ]
    # at equal score: s_acct's cold accounts with some roles covered (B1 on EARLY, B2, B3, B5
    # on both dates) converted 3 times in 7, with none (B4) never; hot with every role (B1 on
    # LATE) once in once
    coverage = world.query(
        "select tier, coverage, account_dates, conversions from marts.account_coverage_backtest"
        " order by tier, coverage"
    )
    assert coverage == [
        ("cold", "no role", 2, 0),
        ("cold", "some roles", 7, 3),
        ("hot", "every role", 1, 1),
    ]
    assert "MQA conv." in done.stdout


def test_diff_reports_mqas_gained_and_lost(world: Project, tmp_path: Path) -> None:
    """The working sheets raise s_acct's MQA threshold from 40 to 60 and let one engaged user
    cover the user role: B1 (55 on LATE) is an MQA no longer, and no other account gains,
    since each still misses its champion."""
    world.score(LATE)
    before = tmp_path / "before_seeds"
    shutil.copytree(world.seeds_dir, before)
    world.edit_seed(
        "score_sheets", "s_acct,Accounts,1.0,1.0,,,40,true", "s_acct,Accounts,1.0,1.0,,,60,true"
    )
    world.edit_seed("buying_groups", "s_acct,user,,2", "s_acct,user,,1")
    try:
        out = tmp_path / "diff.json"
        done = world.leadscore(
            *("diff", "--seeds", str(before), "--json", str(out), "--backtest-dates", "0"),
            *("--project-dir", str(world.dbt_dir)),
        )
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        prepare_buying_groups(world)
    sheets = {sheet["sheet_id"]: sheet for sheet in json.loads(out.read_text())}
    acct = sheets["s_acct"]
    assert (acct["mqas_before"], acct["mqas_after"]) == (1, 0)
    assert (acct["mqa_gained"], acct["mqa_lost"]) == ([], ["B1"])
    assert acct["sheet_changes"] == {"mqa_threshold": [40.0, 60.0]}
    assert acct["role_changes"] == [
        {"role": "user", "change": "changed", "settings": {"min_engaged": [2, 1]}}
    ]
    assert "MQAs 1 → 0: 0 gained, 1 lost." in done.stdout
    assert "buying-group role user: min_engaged 2 → 1" in done.stdout


def test_a_person_covers_the_first_role_in_file_order(world: Project) -> None:
    # champion first: the VPs V1 and V2 are champions now, and no one is a decision maker
    # (no executive but B3's CEO)
    world.write_seed(
        "buying_groups",
        """
        sheet_id,role,seniority,min_engaged
        s_acct,champion,director|vp,
        s_acct,decision_maker,executive | VP,1
        s_acct,user,,2
        """,
    )
    try:
        world.build(LATE)
        assert [row[:4] for row in accounts(world, "s_acct")] == [
            ("B1", Decimal(55), Decimal("0.6667"), "decision_maker"),
            ("B2", Decimal(20), THIRD, "decision_maker;user"),
            ("B3", Decimal(20), THIRD, "champion;user"),
            ("B4", Decimal(0), Decimal(0), "champion;decision_maker;user"),
            ("B5", Decimal(20), THIRD, "champion;decision_maker"),
        ]
    finally:
        prepare_buying_groups(world)
