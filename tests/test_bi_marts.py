"""The BI-ready marts of contract §6, lead_profiles and score_changes, on the scoring scenario's
world (tests/support/scenario.py) scored on D and the day after, every expected value
worked out by hand from that world's ledger."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.harness import Project
from tests.support.scenario import NEXT, D, scenario_scored_on_d

PROFILE_COLUMNS = (
    "lead_id, email, job_title, seniority, country, lead_source, account_id, account_name,"
    " industry, employee_count, total_score, tier, grade, score_matrix, is_mql, points_to_mql,"
    " top_reasons, last_activity_at"
)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return scenario_scored_on_d(Path(tmp_path_factory.mktemp("bi_marts")))


def profiles(project: Project) -> dict[str, tuple]:
    rows = project.query(f"select {PROFILE_COLUMNS} from marts.lead_profiles")
    return {row[0]: row[1:] for row in rows}


def test_lead_profiles_one_wide_row_per_lead_of_the_primary_sheet(scenario: Project) -> None:
    assert profiles(scenario) == {
        # e-mail and title normalised; seniority from the keyword "vp"; account A1 by the
        # corporate domain acme.com; s_main: 86 >= 50, an MQL, so no points lacking; the three
        # largest rows of the ledger (the web cap of -13 is no reason)
        "L1": (
            "jane@acme.com",
            "vp of sales",
            "vp",
            None,
            "webinar",
            "A1",
            "Acme",
            "software",
            500,
            Decimal("86.00"),
            "hot",
            "A",
            "A1",
            True,
            Decimal("0.00"),
            "r_pricing +30.00; r_demo +20.00; p_vp +15.00",
            datetime(2026, 6, 30, 11, 0),
        ),
        # -20 lacks 50 - (-20) = 70; |-20|, then the tie at 10 by rule id
        "L2": (
            "bob@gmail.com",
            "student",
            "student",
            "us",
            "purchased",
            "A2",
            "School",
            "education",
            50,
            Decimal("-20.00"),
            "cold",
            "D",
            "D3",
            False,
            Decimal("70.00"),
            "r_unsub -20.00; p_rev -10.00; r_pricing +10.00",
            datetime(2026, 6, 30, 23, 59),
        ),
        # nothing but a missing country (-5): lacks 55; no account, no activity
        "L3": (
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Decimal("-5.00"),
            "cold",
            "D",
            "D3",
            False,
            Decimal("55.00"),
            "p_country_missing -5.00",
            None,
        ),
    }


def test_publish_email_false_keeps_addresses_from_the_bi_role(scenario: Project) -> None:
    vars_ = f"{{score_date: '{D}', publish_email: false}}"
    done = scenario.dbt("build", "--vars", vars_, "--select", "lead_profiles")
    assert done.success, done.output[-4000:]
    try:
        assert scenario.query("select count(email), count(*) from marts.lead_profiles") == [(0, 3)]
    finally:
        scenario.build(D, "--select", "lead_profiles")
    assert scenario.query("select count(email) from marts.lead_profiles") == [(2,)]


def test_score_changes_the_feed_of_what_moved(scenario: Project) -> None:
    # D: every lead of both sheets is scored for the first time
    first = scenario.query(
        "select sheet_id, lead_id, previous_total_score, previous_tier from marts.score_changes"
        f" where score_date = '{D}'"
    )
    assert sorted(first) == [
        (sheet, lead, None, None) for sheet in ("s_alt", "s_main") for lead in ("L1", "L2", "L3")
    ]
    scenario.score(NEXT)
    rows = scenario.query(
        "select sheet_id, lead_id, total_score, previous_total_score, tier, previous_tier,"
        " grade, previous_grade, is_mql, previous_is_mql from marts.score_changes"
        f" where score_date = '{NEXT}'"
    )
    assert sorted(rows) == [
        # s_alt: pricing views decay with a 30-day half-life, and E06 (07-01) counts now:
        # 5 x (1 + 3 x 0.5^(1/30) + 0.5^(30/30) + 0.5^(31/30)) = 24.60; 0.5 x 24.60 + 2 x 6
        # = 24.30, against 22.03 on D: whole points 22 -> 24
        ("s_alt", "L1", Decimal("24.30"), Decimal("22.03"), "hot", "hot", "A", "A", True, True),
        # s_main: the demo request decays to 40 x 0.5^(11/10) = 18.66, the pricing view of
        # 06-01 leaves the window and E06 takes its place: 25 + 3 + 18.66 + 38 = 84.66;
        # whole points 86 -> 85, tier, grade and MQL unchanged
        ("s_main", "L1", Decimal("84.66"), Decimal("86.00"), "hot", "hot", "A", "A", True, True),
        # not here: L2 on s_alt, -5.50 -> -5.56, both -6 in whole points; L2 and L3 on s_main
        # and L3 on s_alt, unchanged
    ]
    # the latest date's profile follows
    assert profiles(scenario)["L1"][9:16] == (
        Decimal("84.66"),
        "hot",
        "A",
        "A1",
        True,
        Decimal("0.00"),
        "r_pricing +30.00; r_demo +18.66; p_vp +15.00",
    )


def test_a_past_date_rewrites_its_changes_and_leaves_the_profiles(scenario: Project) -> None:
    before = sorted(scenario.query("select * from marts.score_changes"), key=str)
    scenario.score(D)
    assert sorted(scenario.query("select * from marts.score_changes"), key=str) == before
    assert scenario.query("select distinct score_date from marts.lead_profiles") == [
        (datetime(2026, 7, 1).date(),)
    ]


def test_dbt_source_freshness_checks_the_activities(scenario: Project) -> None:
    # the default selector takes the sources in: a bare `dbt source freshness` checks
    # raw.activities, whose newest row (07-01) is months old: stale, an error past 72 hours
    done = scenario.dbt("source", "freshness")
    assert "freshness of raw.activities" in done.output
    assert "ERROR STALE" in done.output
    assert not done.success


def test_the_semantic_layer_validates_and_answers(scenario: Project) -> None:
    checked = scenario.mf("validate-configs")  # the semantics, then each metric on the data
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert "ERRORS: 0" in checked.stdout
    out = scenario.root / "metrics.csv"
    asked = scenario.mf(
        *("query", "--metrics", "leads,mqls,mql_rate", "--order", "metric_time__day"),
        *("--group-by", "metric_time__day,lead_score__sheet_id", "--csv", str(out)),
    )
    assert asked.returncode == 0, asked.stdout[-3000:] + asked.stderr[-3000:]
    rows = list(csv.DictReader(out.open()))
    got = {
        (row["metric_time__day"][:10], row["lead_score__sheet_id"]): (
            int(row["leads"]),
            int(row["mqls"]),
            round(float(row["mql_rate"]), 4),
        )
        for row in rows
    }
    # on D and the day after, three leads on each sheet; L1 is the only MQL of each
    # (s_main 86 and 84.66 >= 50; s_alt 22.03 and 24.30 >= 20)
    assert got == {
        (day, sheet): (3, 1, 0.3333) for day in (D, NEXT) for sheet in ("s_alt", "s_main")
    }


def test_the_manifest_describes_everything(scenario: Project) -> None:
    manifest = scenario.manifest()
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")]
    assert [n["name"] for n in nodes if not n["description"]] == []
    undescribed = [
        f"{n['name']}.{column}"
        for n in nodes
        if n["resource_type"] == "seed" or n["schema"] == "marts"
        for column, properties in n["columns"].items()
        if not properties["description"]
    ]
    undescribed += [
        f"{source['source_name']}.{source['name']}.{column}"
        for source in manifest["sources"].values()
        for column, properties in source["columns"].items()
        if not properties["description"]
    ]
    assert undescribed == []
    # every column of every mart is declared (and so described): the contracts say so too
    marts = [n for n in nodes if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert {"lead_profiles", "score_changes"} <= {n["name"] for n in marts}
    assert {m["name"] for m in manifest["metrics"].values()} >= {
        "new_mqls",
        "mql_rate",
        "leads",
        "accounts",
        "average_score",
        "conversion_rate",
        "lift",
    }
    assert len(manifest["semantic_models"]) >= 5
    assert {e["name"] for e in manifest["exposures"].values()} >= {
        "evaluation_report",
        "mql_alerts",
        "crm_sync",
        "lead_scoring_dashboard",
    }
