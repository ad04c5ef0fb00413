"""Every broken-sheet case of SPEC §4 fails `dbt build` with a message naming the file,
the sheet and the rule; and seed values are data, never SQL."""

from __future__ import annotations

import pytest

from tests.harness import Project

# (case, seed file, text to replace, replacement, expected message fragments)
BROKEN_SHEETS = [
    (
        "unknown sheet_id",
        "behavior_rules",
        "b2b_default,pricing_page,",
        "b2b_typo,pricing_page,",
        ["seeds/behavior_rules.csv", "sheet 'b2b_typo'", "rule 'pricing_page'", "unknown sheet_id"],
    ),
    (
        "unknown activity_type",
        "behavior_rules",
        "b2b_default,demo_request,demo_request,",
        "b2b_default,demo_request,demo_requested,",
        [
            "seeds/behavior_rules.csv",
            "sheet 'b2b_default'",
            "rule 'demo_request'",
            "unknown activity_type 'demo_requested'",
        ],
    ),
    (
        "unknown attribute",
        "profile_rules",
        "b2b_default,referral,lead_source,",
        "b2b_default,referral,source,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'referral'",
            "unknown attribute 'source'",
        ],
    ),
    (
        "unknown operator",
        "profile_rules",
        "b2b_default,referral,lead_source,equals,",
        "b2b_default,referral,lead_source,is,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'referral'",
            "unknown operator 'is'",
        ],
    ),
    (
        "operator not for a numeric attribute",
        "profile_rules",
        "b2b_default,enterprise,employee_count,between,,5000,,",
        "b2b_default,enterprise,employee_count,equals,5000,,,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'enterprise'",
            "unknown operator 'equals' for numeric attribute",
        ],
    ),
    (
        "unknown group_id",
        "behavior_rules",
        "b2b_default,blog_post,page_view,%/blog/%,1,3,10,14,web,",
        "b2b_default,blog_post,page_view,%/blog/%,1,3,10,14,website,",
        [
            "seeds/behavior_rules.csv",
            "sheet 'b2b_default'",
            "rule 'blog_post'",
            "unknown group_id 'website'",
        ],
    ),
    (
        "duplicate rule",
        "behavior_rules",
        "b2b_default,demo_page,",
        "b2b_default,pricing_page,",
        [
            "seeds/behavior_rules.csv",
            "sheet 'b2b_default'",
            "rule 'pricing_page'",
            "duplicate (sheet_id, rule_id)",
        ],
    ),
    (
        "non-numeric points",
        "behavior_rules",
        "b2b_default,email_open,email_open,,1,",
        "b2b_default,email_open,email_open,,one,",
        [
            "seeds/behavior_rules.csv",
            "sheet 'b2b_default'",
            "rule 'email_open'",
            "points 'one' is missing or not a number",
        ],
    ),
    (
        "missing points",
        "profile_rules",
        "b2b_default,referral,lead_source,equals,referral,,,5,",
        "b2b_default,referral,lead_source,equals,referral,,,,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'referral'",
            "points '' is missing or not a number",
        ],
    ),
    (
        "between without bounds",
        "profile_rules",
        "b2b_default,enterprise,employee_count,between,,5000,,",
        "b2b_default,enterprise,employee_count,between,,,,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'enterprise'",
            "between needs min_value or max_value",
        ],
    ),
    (
        "no floor band",
        "score_bands",
        "b2b_default,grade,D,\n",
        "b2b_default,grade,D,0\n",
        [
            "seeds/score_bands.csv",
            "sheet 'b2b_default'",
            "rule 'grade'",
            "scale 'grade' has 0 bands with a blank min_score",
        ],
    ),
    (
        "two floor bands",
        "score_bands",
        "b2b_default,tier,warm,50",
        "b2b_default,tier,warm,",
        [
            "seeds/score_bands.csv",
            "sheet 'b2b_default'",
            "rule 'tier'",
            "scale 'tier' has 2 bands with a blank min_score",
        ],
    ),
    (
        "no primary sheet",
        "score_sheets",
        "90,100,true",
        "90,100,false",
        ["seeds/score_sheets.csv", "no sheet has is_primary = true"],
    ),
    (
        "two primary sheets",
        "score_sheets",
        "7,60,false",
        "7,60,true",
        [
            "seeds/score_sheets.csv",
            "sheet 'b2b_7day'",
            "sheet 'b2b_default'",
            "exactly one sheet must be primary",
        ],
    ),
]


@pytest.mark.parametrize(
    ("case", "seed", "old", "new", "expected"), BROKEN_SHEETS, ids=[c[0] for c in BROKEN_SHEETS]
)
def test_broken_sheet_fails_the_build_naming_file_sheet_and_rule(
    project: Project, case: str, seed: str, old: str, new: str, expected: list[str]
) -> None:
    project.edit_seed(seed, old, new)
    project.load_raw({})
    result = project.dbt("build", "--vars", "{score_date: '2026-06-30'}")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build should fail"
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output[-4000:]}"
    # nothing was scored with the broken sheet
    assert "lead_score_breakdown" not in _built_models(output)


def _built_models(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if " OK created " in line)


def test_seed_values_are_never_sql(project: Project) -> None:
    """A pattern full of SQL is just a pattern: it matches nothing and drops nothing."""
    hostile = "%'; drop table raw.leads; --"
    project.edit_seed("behavior_rules", "%/pricing%", hostile, every=True)
    project.edit_seed("content_categories", "%/pricing%", hostile)
    project.edit_seed(
        "profile_rules", "us|ca|gb|de|fr|nl", "us'); drop table raw.accounts; --", every=True
    )
    leads = [("L1", "a@corp.com", "CEO", "US", None, "web", None)]
    activities = [("E1", "L1", "page_view", "2026-06-30 10:00", "https://x.com/pricing", None)]
    project.load_raw({"leads": leads, "activities": activities})
    project.build("2026-06-30")
    assert project.query("select count(*) from raw.leads") == [(1,)]
    assert project.query("select count(*) from raw.accounts") == [(0,)]
    # the pricing view matched no rule: no pricing_page row in the ledger
    assert project.query(
        "select count(*) from marts.lead_score_breakdown where rule_id = 'pricing_page'"
    ) == [(0,)]
    # ...nor did the hostile country list, while the rest of every sheet still scored the
    # lead: the CEO's seniority rule matched once per sheet
    assert project.query(
        "select count(*) from marts.lead_score_breakdown where rule_id = 'core_country'"
    ) == [(0,)]
    assert project.query(
        "select count(*) from marts.lead_score_breakdown where rule_id = 'seniority_executive'"
    ) == [(3,)]
    assert project.query("select primary_interest from marts.lead_segments") == [(None,)]
