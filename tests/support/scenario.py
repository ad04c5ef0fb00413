"""The scenario: a small world of two sheets scored as of D (2026-06-30), whose figures
tests/test_scoring_scenario.py works out by hand from contract §5. Other tests build on it."""

from __future__ import annotations

from pathlib import Path

from tests.support.harness import Project, at, copy_project
from tests.support.sheets import NO_BUYING_GROUPS

D = "2026-06-30"
NEXT = "2026-07-01"  # the day after D


SHEETS = """
sheet_id,description,behavior_weight,profile_weight,window_days,mql_threshold,is_primary
s_main,Main sheet,1.0,1.0,30,50,true
s_alt,Alternative sheet,0.5,2.0,,20,false
"""
ACTIVITY_TYPES = """
activity_type,description
page_view,Page view
email_open,E-mail opened
demo_request,Demo requested
email_unsubscribe,Unsubscribed
"""
BEHAVIOR_RULES = """
sheet_id,rule_id,activity_type,url_pattern,points,max_per_day,max_points,half_life_days,group_id,description
s_main,r_pricing,page_view,%/pricing%,10,2,100,,web,Pricing
s_main,r_blog,page_view,%/blog/_%,2,,,,web,Blog post
s_main,r_open,email_open,,1,1,3,,,Opened
s_main,r_demo,demo_request,,40,1,,10,,Demo
s_main,r_unsub,email_unsubscribe,,-30,,20,,,Unsubscribed
s_alt,a_pricing,page_view,%/PRICING%,5,,,30,,Pricing (decaying)
"""
SCORE_GROUPS = """
sheet_id,group_id,max_points,description
s_main,web,25,Web pages together
"""
PROFILE_RULES = """
sheet_id,rule_id,attribute,operator,value,min_value,max_value,points,description
s_main,p_vp,seniority,equals, VP ,,,15,Vice president
s_main,p_corp,email_domain_type,equals,corporate,,,5,Corporate e-mail
s_main,p_size,employee_count,between,,200,1000,10,Mid-size
s_main,p_ind,industry,in,Software | Fintech,,,10,Target industry
s_main,p_country_missing,country,is_missing,,,,-5,No country
s_main,p_not_us,country,not_equals,us,,,3,Outside the US
s_main,p_title,job_title,contains,SALES,,,2,Sales title
s_main,p_rev,annual_revenue,between,,,1000000,-10,Revenue under 1M
s_main,p_source_notin,lead_source,not_in,spam|purchased,,,1,Clean source
s_alt,a_free,email_domain_type,equals,free,,,-4,Free e-mail
s_alt,a_exec,seniority,in,executive|vp,,,6,Senior
"""
SCORE_BANDS = """
sheet_id,scale,band,min_score
s_main,tier,cold,
s_main,tier,warm,30
s_main,tier,hot,80
s_main,grade,D,
s_main,grade,C,0
s_main,grade,B,20
s_main,grade,A,35
s_main,engagement,3,
s_main,engagement,2,10
s_main,engagement,1,40
s_alt,tier,cold,
s_alt,tier,hot,20
s_alt,grade,B,
s_alt,grade,A,5
s_alt,engagement,2,
s_alt,engagement,1,10
"""
CONTENT_CATEGORIES = """
url_pattern,category,funnel_stage
%/pricing%,pricing,decision
%/blog/%,blog,awareness
"""
# the predictive features (contract §9) of s_main's ledger; the model scores nothing until trained
PREDICTIVE_MODELS = """
model_id,description,feature_sheet_id,horizon_days,min_conversions,is_active
m_main,Main model,s_main,30,,true
"""

LEADS = [
    # lead_id, email, job_title, country, account_id, lead_source, created_at
    ("L1", " Jane@Acme.com ", "VP of Sales", None, None, "Webinar", at("2026-01-01 00:00")),
    ("L2", "bob@gmail.com", "Student", "US", "A2", "purchased", at("2026-02-01 00:00")),
    ("L3", None, None, None, None, None, at("2026-05-01 00:00")),
    ("L4", "late@acme.com", "CEO", "US", None, "web", at("2026-07-05 00:00")),  # after D
    ("", "blank@acme.com", "CEO", "US", None, "web", at("2026-01-01 00:00")),  # missing_key
]
ACCOUNTS = [
    # account_id, domain, account_name, industry, employee_count, annual_revenue, country
    ("A1", "ACME.com", "Acme", "Software", 500, 50_000_000, "US"),
    ("A2", "school.edu", "School", "Education", 50, 900_000, "US"),
    ("A3", "big.com", "Big", None, 5000, None, "DE"),
]
ACTIVITIES = [
    # activity_id, lead_id, activity_type, occurred_at, url, campaign
    ("E01", "L1", "page_view", at("2026-06-30 09:00"), "https://x.com/pricing", None),
    ("E02", "L1", " Page_View ", at("2026-06-30 10:00"), "https://x.com/Pricing", None),
    ("E03", "L1", "page_view", at("2026-06-30 11:00"), "https://x.com/pricing", None),
    ("E04", "L1", "page_view", at("2026-06-01 12:00"), "https://x.com/pricing", None),
    ("E05", "L1", "page_view", at("2026-05-31 12:00"), "https://x.com/pricing", None),
    ("E06", "L1", "page_view", at("2026-07-01 08:00"), "https://x.com/pricing", None),
    ("E07", "L1", "page_view", at("2026-06-29 08:00"), "https://x.com/BLOG/post", None),
    ("E08", "L1", "page_view", at("2026-06-29 08:01"), "https://x.com/blog/post", None),
    ("E09", "L1", "page_view", at("2026-06-29 08:02"), "https://x.com/blog/a", None),
    ("E10", "L1", "page_view", at("2026-06-29 08:03"), "https://x.com/blog/b", None),
    ("E11", "L1", "page_view", at("2026-06-29 08:04"), "https://x.com/blog", None),
    ("E12", "L1", "email_open", at("2026-06-10 08:00"), None, "news"),
    ("E13", "L1", "email_open", at("2026-06-10 09:00"), None, "news"),
    ("E14", "L1", "email_open", at("2026-06-11 08:00"), None, "news"),
    ("E15", "L1", "email_open", at("2026-06-12 08:00"), None, "news"),
    ("E16", "L1", "email_open", at("2026-06-13 08:00"), None, "news"),
    ("E17", "L1", "demo_request", at("2026-06-20 15:00"), None, None),
    ("E18", "L2", "email_unsubscribe", at("2026-06-25 10:00"), None, None),
    ("E19", "L2", "page_view", at("2026-06-30 23:59"), "https://x.com/pricing", None),
    ("E20", "L4", "demo_request", at("2026-06-30 10:00"), None, None),
    # rejected rows
    ("E01", "L1", "page_view", at("2026-06-30 12:00"), "https://x.com/pricing", None),
    ("E21", "L1", "chat", at("2026-06-30 12:00"), None, None),
    ("E22", "L9", "page_view", at("2026-06-30 12:00"), "https://x.com/pricing", None),
    ("E23", "L1", "page_view", None, "https://x.com/pricing", None),
    (None, "L1", "page_view", at("2026-06-30 12:00"), "https://x.com/pricing", None),
]


def prepare_scenario(project: Project) -> None:
    """The scenario's sheets and raw rows, in `project` (on its target)."""
    for name, text in [
        ("score_sheets", SHEETS),
        ("activity_types", ACTIVITY_TYPES),
        ("behavior_rules", BEHAVIOR_RULES),
        ("score_groups", SCORE_GROUPS),
        ("profile_rules", PROFILE_RULES),
        ("score_bands", SCORE_BANDS),
        ("content_categories", CONTENT_CATEGORIES),
        ("predictive_models", PREDICTIVE_MODELS),
        ("buying_groups", NO_BUYING_GROUPS),
    ]:
        project.write_seed(name, text)
    project.load_raw(
        {"leads": LEADS, "accounts": ACCOUNTS, "activities": ACTIVITIES, "opportunities": []}
    )


# The scenario's whole-number settings written as a spreadsheet exports them (7.0, +7): every
# engine must read them as the plain ones (tests/support/engine_comparison.py builds them on
# PostgreSQL and Spark).
WHOLE_NUMBERS_AS_DECIMALS = [
    (
        "score_sheets",
        "s_main,Main sheet,1.0,1.0,30,50,true",
        "s_main,Main sheet,1.0,1.0,30.0,50,TRUE",
    ),
    ("behavior_rules", "s_main,r_open,email_open,,1,1,3,", "s_main,r_open,email_open,,+1,+1,3.0,"),
    (
        "behavior_rules",
        "s_main,r_demo,demo_request,,40,1,,10,",
        "s_main,r_demo,demo_request,,40,1.,,10.0,",
    ),
    ("score_bands", "s_main,tier,warm,30", "s_main,tier,warm,30.000"),
    ("seniority_keywords", "chief,executive,1", "chief,executive,1.0"),
]


def write_whole_numbers_as_decimals(project: Project) -> None:
    for seed, old, new in WHOLE_NUMBERS_AS_DECIMALS:
        project.edit_seed(seed, old, new)


def scenario_scored_on_d(folder: Path) -> Project:
    """A copy of the project in `folder` with the scenario's sheets and rows, scored as of D."""
    project = copy_project(folder)
    prepare_scenario(project)
    project.build(D)
    return project
