"""Custom attributes (contract §10): the scenario's world with the attributes, rules and rows of
tests/support/custom_attributes.py, scored on two dates between which values change. What
matches is worked out by hand from the rows (the working is in the comments)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.custom_attributes import add_custom_attributes
from tests.support.harness import Project, copy_project
from tests.support.scenario import prepare_scenario

EARLY = "2026-06-10"
LATE = "2026-06-30"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(Path(tmp_path_factory.mktemp("custom_attributes")))
    prepare_scenario(project)
    add_custom_attributes(project)
    return project


def custom_matches(project: Project) -> dict[str, set[str]]:
    """The rules in each lead's ledger on s_attr, on the date last built."""
    rows = project.query(
        "select lead_id, rule_id from marts.lead_score_breakdown where sheet_id = 's_attr'"
    )
    matches: dict[str, set[str]] = {}
    for lead, rule in rows:
        matches.setdefault(lead, set()).add(rule)
    return matches


def fit_scores(project: Project) -> dict[str, Decimal]:
    return dict(
        project.query(
            "select account_id, fit_score from marts.account_scores where sheet_id = 's_attr'"
        )
    )


# L1 (account A1 by its acme.com address): plan 'free' always, ' Enterprise ' from 06-05 (the
# duplicate 'Zeta' is rejected), 'pro team' from 06-20 (that day's latest; 'basic' at 08:00
# never holds at a day's end); seats 25 from 06-01 ('abc' on 06-15 is rejected, 25 stays);
# is_customer 'Yes' from 06-15. A1's tools: snowflake, tableau from 06-01; bigquery (and a
# blank element, dropped) from 06-25.
# L2 (account A2, whose tools are blank: missing): no plan; seats 5.5 from 06-12;
# is_customer 'no' always. L3: no account, no values.
EXPECTED_EARLY = {
    "L1": {
        "c_t_eq",  # enterprise equals ENTERPRISE, compared lower-cased and trimmed
        "c_t_neq",  # enterprise is not free
        "c_t_notin",  # enterprise is neither free nor basic
        "c_n_between",  # 25 >= 10
        "c_b_missing",  # no is_customer before 06-15
        "c_l_eq",  # an element equals snowflake
        "c_l_notin",  # an element (tableau) is not snowflake
    },
    "L2": {"c_t_missing", "c_n_missing", "c_b_false", "c_l_missing"},
    "L3": {"c_t_missing", "c_n_missing", "c_b_missing", "c_l_missing"},
}
EXPECTED_LATE = {
    "L1": {
        "c_t_neq",
        "c_t_in",  # pro team is in the list 'pro team | team' (members trimmed)
        "c_t_notin",
        "c_t_contains",  # pro team contains PRO
        "c_n_between",
        "c_b_true",  # Yes reads as true
        "c_l_in",  # bigquery
        "c_l_notin",  # bigquery is not snowflake
    },
    # 5.5 is in [5.5, 6): the lower bound is inclusive
    "L2": {"c_t_missing", "c_n_between2", "c_b_false", "c_l_missing"},
    "L3": {"c_t_missing", "c_n_missing", "c_b_missing", "c_l_missing"},
}
# s_attr's account-level rules: c_l_eq 1, c_l_in 2, c_l_notin 4, c_l_missing 8
FIT_EARLY = {"A1": Decimal(1 + 4), "A2": Decimal(8), "A3": Decimal(2 + 4)}
FIT_LATE = {"A1": Decimal(2 + 4), "A2": Decimal(8), "A3": Decimal(2 + 4)}


def history_on(project: Project, score_date: str) -> list[tuple]:
    return project.query(
        "select * from marts.lead_score_history where score_date = ? order by sheet_id, lead_id",
        [score_date],
    )


def test_values_hold_as_of_each_score_date(world: Project) -> None:
    world.build(EARLY)
    assert custom_matches(world) == EXPECTED_EARLY
    assert fit_scores(world) == FIT_EARLY
    early_history = history_on(world, EARLY)
    world.build(LATE)
    assert custom_matches(world) == EXPECTED_LATE
    assert fit_scores(world) == FIT_LATE
    # L1's profile score on the late date: six lead rules of 1 point, c_l_in 2, c_l_notin 4
    assert world.query(
        "select profile_score from marts.lead_score_history"
        " where sheet_id = 's_attr' and lead_id = 'L1' and score_date = ?",
        [LATE],
    ) == [(Decimal(12),)]
    # re-scoring the early date after the late one writes the history it wrote: nothing
    # dated after a score date is used
    world.build(EARLY)
    assert history_on(world, EARLY) == early_history


def test_attribute_rows_are_kept_or_rejected_with_a_reason(world: Project) -> None:
    world.build(LATE)
    rejected = world.query(
        "select source_table, record_id, reason, detail from marts.rejected_records"
        " where source_table like '%attributes' order by source_table, record_id"
    )
    assert rejected == [
        ("account_attributes", "A9|tools|2026-06-01 00:00:00", "unknown_account", "A9"),
        ("lead_attributes", "L1| |2026-06-01 00:00:00", "missing_key", None),
        ("lead_attributes", "L1|plan|2026-06-05 10:00:00", "duplicate_key", None),
        (
            "lead_attributes",
            "L1|seats|2026-06-15 00:00:00",
            "bad_value",
            "value: abc is not a number",
        ),
        ("lead_attributes", "L9|plan|2026-06-01 00:00:00", "unknown_lead", "L9"),
    ]
    # accepted + rejected = raw: 13 lead rows (9 kept, the undeclared colour among them),
    # 5 account rows (4 kept)
    assert world.query("select count(*) from staging.stg_raw__lead_attributes") == [(9,)]
    assert world.query("select count(*) from staging.stg_raw__account_attributes") == [(4,)]
