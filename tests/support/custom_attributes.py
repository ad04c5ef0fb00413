"""Custom attributes (contract §10) on the scenario's world (tests/support/scenario.py): one
attribute of each data type, values that change between the dates scored, a rule of every
operator each type takes on a sheet of its own (s_attr: the scenario's sheets score as they
did), and rows staging must reject.
tests/test_custom_attributes.py works out what matches on which date by hand; the engine
comparisons and the many-dates test score the same rows."""

from __future__ import annotations

from tests.support.harness import Project, at

ATTRIBUTES = """
attribute,level,data_type,description
plan,lead,text,Plan tier
seats, Lead ,NUMBER,Seats in use
is_customer,lead,boolean,Already a customer
tools,account,list,Technologies the company uses
"""
SHEET = "s_attr,Custom attributes,1.0,1.0,,,false"
BANDS = """
s_attr,tier,cold,
s_attr,grade,D,
s_attr,engagement,4,
"""
# account-level rules have points of distinct powers of two, so that an account's fit tells
# which matched
CUSTOM_RULES = """
s_attr,c_t_eq,plan,equals,ENTERPRISE,,,1,Plan is enterprise
s_attr,c_t_neq,plan,not_equals,free,,,1,Plan is not free
s_attr,c_t_in,plan,in,pro team | team,,,1,A team plan
s_attr,c_t_notin,plan,not_in,free|basic,,,1,Not a free or basic plan
s_attr,c_t_contains,plan,contains,PRO,,,1,A pro plan
s_attr,c_t_missing,plan,is_missing,,,,1,No plan
s_attr,c_n_between,seats,between,,10,,1,10 seats or more
s_attr,c_n_between2,seats,between,,5.5,6,1,5.5 to 6 seats
s_attr,c_n_missing,seats,is_missing,,,,1,Seats unknown
s_attr,c_b_true,is_customer,equals,TRUE,,,1,A customer
s_attr,c_b_false,is_customer,equals,no,,,1,Not a customer
s_attr,c_b_missing,is_customer,is_missing,,,,1,Customer status unknown
s_attr,c_l_eq,tools,equals,Snowflake,,,1,Uses Snowflake
s_attr,c_l_in,tools,in,bigquery|looker,,,2,Uses BigQuery or Looker
s_attr,c_l_notin,tools,not_in,snowflake,,,4,Uses something else than Snowflake
s_attr,c_l_missing,tools,is_missing,,,,8,Tools unknown
"""
LEAD_ATTRIBUTES = [
    # lead_id, attribute, value, updated_at
    ("L1", "plan", "Free", None),  # in force since always
    ("L1", "plan", " Enterprise ", at("2026-06-05 10:00")),
    ("L1", "plan", "Zeta", at("2026-06-05 10:00")),  # duplicate_key: ' Enterprise ' sorts first
    ("L1", "Plan", "basic", at("2026-06-20 08:00")),  # the name is compared lower-cased
    ("L1", "plan", "Pro Team", at("2026-06-20 09:00")),  # the day's latest
    ("L1", "seats", "25", at("2026-06-01 00:00")),
    ("L1", "seats", "abc", at("2026-06-15 00:00")),  # bad_value: 25 stays in force
    ("L1", "is_customer", "Yes", at("2026-06-15 00:00")),
    ("L1", "colour", "blue", at("2026-06-01 00:00")),  # undeclared: accepted, scores nothing
    ("L2", "seats", "5.5", at("2026-06-12 00:00")),
    ("L2", "is_customer", "no", None),
    ("L9", "plan", "pro", at("2026-06-01 00:00")),  # unknown_lead
    ("L1", " ", "x", at("2026-06-01 00:00")),  # missing_key
]
ACCOUNT_ATTRIBUTES = [
    # account_id, attribute, value, updated_at
    ("A1", "tools", "Snowflake | Tableau", at("2026-06-01 00:00")),
    ("A1", "tools", "BigQuery|", at("2026-06-25 00:00")),
    ("A2", "tools", " ", None),  # blank: missing
    ("A3", "tools", "Looker", at("2026-06-01 00:00")),
    ("A9", "tools", "Looker", at("2026-06-01 00:00")),  # unknown_account
]
# loaded after the scenario's D: L2's plan from the next day on
NEXT_DAY_LEAD_ATTRIBUTES = [("L2", "plan", "Team", at("2026-07-01 09:00"))]


def add_custom_attributes(project: Project) -> None:
    """Declare the attributes, add sheet s_attr with its rules and load the raw rows (after
    prepare_scenario, whose sheets and raw tables it adds to)."""
    project.write_seed("attributes", ATTRIBUTES)
    for seed, rows in [
        ("score_sheets", SHEET),
        ("score_bands", BANDS),
        ("profile_rules", CUSTOM_RULES),
    ]:
        path = project.seeds_dir / f"{seed}.csv"
        lines = [line.strip() for line in rows.strip().splitlines()]
        path.write_text(path.read_text() + "\n".join(lines) + "\n")
    project.append_raw("lead_attributes", LEAD_ATTRIBUTES)
    project.append_raw("account_attributes", ACCOUNT_ATTRIBUTES)
