"""An account world for buying groups and MQAs (contract §10): five accounts whose persons cover
the roles of sheet s_acct in the ways that matter (a person matching two roles, a role with
min_engaged 2, a person with no activity, persons merged into one), scored on two dates
between which one account's last role is covered. tests/test_buying_groups.py works out
coverage, missing roles, MQAs and events by hand."""

from __future__ import annotations

import csv

from tests.support.harness import Project, at

EARLY = "2026-06-10"
LATE = "2026-06-20"

# s_acct qualifies accounts with its buying group; s_plain has no account qualification;
# s_score has a threshold and no roles, so its score alone qualifies
SHEETS = """
sheet_id,description,behavior_weight,profile_weight,window_days,mql_threshold,mqa_threshold,is_primary
s_acct,Accounts,1.0,1.0,,,40,true
s_plain,No account qualification,1.0,1.0,,,,false
s_score,Score alone,1.0,1.0,,,30,false
"""
ACTIVITY_TYPES = """
activity_type,description
page_view,Page view
"""
BEHAVIOR_RULES = """
sheet_id,rule_id,activity_type,url_pattern,points,max_per_day,max_points,half_life_days,group_id,description
s_acct,r_view,page_view,,10,,,,,A page
s_plain,r_view,page_view,,10,,,,,A page
s_score,r_view,page_view,,10,,,,,A page
"""
PROFILE_RULES = """
sheet_id,rule_id,attribute,operator,value,min_value,max_value,points,description
s_acct,p_soft,industry,equals,software,,,5,Software company
"""
SCORE_BANDS = """
sheet_id,scale,band,min_score
s_acct,tier,cold,
s_acct,tier,hot,50
s_acct,grade,D,
s_acct,engagement,4,
s_plain,tier,cold,
s_plain,grade,D,
s_plain,engagement,4,
s_score,tier,cold,
s_score,grade,D,
s_score,engagement,4,
"""
# a VP matches decision_maker and champion: it covers decision_maker, the first in the file;
# champion's blank min_engaged is 1; user takes anyone left, and needs two
BUYING_GROUPS = """
sheet_id,role,seniority,min_engaged
s_acct,decision_maker,executive | VP,1
s_acct,champion,director|vp,
s_acct,user,,2
"""
LEADS = [
    # lead_id, email, job_title, country, account_id, lead_source, created_at
    ("V1", "v1@b1.com", "VP Marketing", "DE", "B1", "web", at("2026-01-01 00:00")),
    ("D1", "d1@b1.com", "Director of IT", "DE", "B1", "web", at("2026-01-01 00:00")),
    ("U1", "u1@b1.com", "Engineer", "DE", "B1", "web", at("2026-01-01 00:00")),
    ("U2", "u2@b1.com", "Analyst", "DE", "B1", "web", at("2026-01-01 00:00")),
    ("V2", "v2@b2.com", "Vice President", "DE", "B2", "web", at("2026-01-01 00:00")),
    ("U3", "u3@b2.com", "Engineer", "DE", "B2", "web", at("2026-01-01 00:00")),
    ("X1", "x1@b2.com", "Intern", "DE", "B2", "web", at("2026-01-01 00:00")),
    ("V3", "v3@b3.com", "CEO", "DE", "B3", "web", at("2026-01-01 00:00")),
    ("U4", "u4@b3.com", "Engineer", "DE", "B3", "web", at("2026-01-01 00:00")),
    ("M4", "m4@b3.com", "Director", "DE", "B3", "web", at("2026-01-01 00:00")),
    ("V5", "v5@b5.com", "VP", "DE", "B5", "web", at("2026-01-01 00:00")),
    ("U5", "u5@b5.com", "Engineer", "DE", "B5", "web", at("2026-01-01 00:00")),
    ("U6", "u6@b5.com", "Analyst", "DE", "B5", "web", at("2026-01-01 00:00")),
]
ACCOUNTS = [
    # account_id, domain, account_name, industry, employee_count, annual_revenue, country
    ("B1", "b1.com", "B One", "Software", 100, None, "DE"),
    ("B2", "b2.com", "B Two", "Education", 100, None, "DE"),
    ("B3", "b3.com", "B Three", "Retail", 100, None, "DE"),
    ("B4", "b4.com", "B Four", "Retail", 100, None, "DE"),
    ("B5", "b5.com", "B Five", "Retail", 100, None, "DE"),
]
# the director M4 is merged into the engineer U4: one person, an engineer, engaged by M4's view
LEAD_MERGES = [("M4", "U4", at("2026-05-01 00:00"))]
ACTIVITIES = [
    # activity_id, lead_id, activity_type, occurred_at, url, campaign
    ("A01", "V1", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A02", "V1", "page_view", at("2026-06-06 09:00"), "https://x.com/a", None),
    ("A03", "U1", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A04", "U2", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A05", "D1", "page_view", at("2026-06-15 09:00"), "https://x.com/a", None),  # after EARLY
    ("A06", "V2", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A07", "U3", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A08", "M4", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A09", "V3", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A10", "U5", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
    ("A11", "U6", "page_view", at("2026-06-05 09:00"), "https://x.com/a", None),
]

# B1 converts by an opportunity of the account itself, B2 by one of its lead U3's: both within
# 90 days of either date
OPPORTUNITIES = [
    # opportunity_id, lead_id, account_id, created_at, is_won, amount
    ("O1", None, "B1", at("2026-07-01 10:00"), False, None),
    ("O2", "U3", None, at("2026-08-01 10:00"), False, None),
]


def prepare_buying_groups(project: Project) -> None:
    """The account world's sheets and raw rows, in `project` (on its target)."""
    for name, text in [
        ("score_sheets", SHEETS),
        ("activity_types", ACTIVITY_TYPES),
        ("behavior_rules", BEHAVIOR_RULES),
        ("score_groups", "sheet_id,group_id,max_points,description"),
        ("profile_rules", PROFILE_RULES),
        ("score_bands", SCORE_BANDS),
        ("buying_groups", BUYING_GROUPS),
        ("attributes", "attribute,level,data_type,description"),
        (
            "predictive_models",
            "model_id,description,feature_sheet_id,horizon_days,min_conversions,is_active",
        ),
    ]:
        project.write_seed(name, text)
    project.load_raw(
        {
            "leads": LEADS,
            "accounts": ACCOUNTS,
            "activities": ACTIVITIES,
            "opportunities": OPPORTUNITIES,
            "lead_merges": LEAD_MERGES,
        }
    )


# The scenario's sheets (tests/support/scenario.py) with buying groups, for the engine
# comparisons and the many-dates test: s_main qualifies accounts with a decision maker and a
# user, s_alt by its score alone.
SCENARIO_BUYING_GROUPS = """
sheet_id,role,seniority,min_engaged
s_main,decision_maker,executive|vp,1
s_main,user,,1
"""
SCENARIO_MQA_THRESHOLDS = {"s_main": "20", "s_alt": "10"}


def add_buying_groups_to_scenario(project: Project) -> None:
    """Give the scenario's sheets buying groups and MQA thresholds (after prepare_scenario and
    whatever else adds sheets)."""
    project.write_seed("buying_groups", SCENARIO_BUYING_GROUPS)
    path = project.seeds_dir / "score_sheets.csv"
    rows = list(csv.DictReader(path.read_text().splitlines()))
    with path.open("w", newline="") as sheets:
        writer = csv.DictWriter(sheets, [*rows[0].keys(), "mqa_threshold"], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "mqa_threshold": SCENARIO_MQA_THRESHOLDS.get(row["sheet_id"])})
