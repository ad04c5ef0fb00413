"""Every broken-sheet case of contract §4 fails `dbt build` with a message naming the file,
the sheet and the rule; and seed values are data, never SQL."""

from __future__ import annotations

import pytest

from tests.support.broken_values import (
    assert_every_value_problem_listed,
    break_values,
    problem_lines,
)
from tests.support.harness import Project
from tests.support.scenario import D, prepare_scenario, write_whole_numbers_as_decimals

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
        "operator not for a custom text attribute",
        "profile_rules",
        "b2b_default,cloud_warehouse,data_warehouse,in,",
        "b2b_default,cloud_warehouse,data_warehouse,between,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'cloud_warehouse'",
            "unknown operator 'between' for text attribute 'data_warehouse'",
        ],
    ),
    (
        "operator not for a boolean attribute",
        "attributes",
        "data_warehouse,account,text,",
        "data_warehouse,account,boolean,",
        [
            "seeds/profile_rules.csv",
            "sheet 'b2b_default'",
            "rule 'cloud_warehouse'",
            "unknown operator 'in' for boolean attribute 'data_warehouse'",
        ],
    ),
    (
        "attribute named as a built-in one",
        "attributes",
        "bi_tool,account,text,",
        "Industry,account,text,",
        ["seeds/attributes.csv", "attribute 'Industry'", "is a built-in attribute"],
    ),
    (
        "unknown attribute data_type",
        "attributes",
        "crm,account,text,",
        "crm,account,date,",
        ["seeds/attributes.csv", "attribute 'crm'", "unknown data_type 'date'"],
    ),
    (
        "unknown attribute level",
        "attributes",
        "crm,account,text,",
        "crm,company,text,",
        ["seeds/attributes.csv", "attribute 'crm'", "unknown level 'company'"],
    ),
    (
        "buying group of an unknown sheet",
        "buying_groups",
        "challenger,champion,",
        "challengr,champion,",
        ["seeds/buying_groups.csv", "sheet 'challengr'", "role 'champion'", "unknown sheet_id"],
    ),
    (
        "repeated role",
        "buying_groups",
        "b2b_default,champion,",
        "b2b_default,decision_maker,",
        ["seeds/buying_groups.csv", "sheet 'b2b_default'", "role is repeated"],
    ),
    (
        "unknown seniority in a role",
        "buying_groups",
        "b2b_default,decision_maker,executive|vp,",
        "b2b_default,decision_maker,executive | Vice_President,",
        [
            "seeds/buying_groups.csv",
            "role 'decision_maker'",
            "seniority 'vice_president' is not a seniority of seniority_keywords.csv",
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


def _batches(cases: list[tuple]) -> list[list[tuple]]:
    """The cases in as few builds as keep them apart: a build breaks each sheet file in one
    way only (the n-th case of every file in the n-th build), so that no case's edit meets
    another's."""
    by_file: dict[str, list[tuple]] = {}
    for case in cases:
        by_file.setdefault(case[1], []).append(case)
    return [
        [file_cases[n] for file_cases in by_file.values() if n < len(file_cases)]
        for n in range(max(len(file_cases) for file_cases in by_file.values()))
    ]


BROKEN_SHEET_BUILDS = _batches(BROKEN_SHEETS)


@pytest.mark.parametrize(
    "cases", BROKEN_SHEET_BUILDS, ids=[" + ".join(c[0] for c in b) for b in BROKEN_SHEET_BUILDS]
)
def test_broken_sheets_fail_the_build_naming_file_sheet_and_rule(
    project: Project, cases: list[tuple]
) -> None:
    for _, seed, old, new, _ in cases:
        project.edit_seed(seed, old, new)
    project.load_raw({})
    result = project.dbt("build", "--vars", "{score_date: '2026-06-30'}")
    output = result.output
    assert result.returncode != 0, "the build should fail"
    listed = problem_lines(output)
    for case, *_, expected in cases:
        # the lines of the case's problem (the file it names first, what is wrong last) name
        # the file, the sheet and the rule: one line, or one per sheet where it takes two
        file, problem = expected[0], expected[-1]
        lines = [line for line in listed if line.startswith(file) and problem in line]
        assert lines and all(any(fragment in line for line in lines) for fragment in expected), (
            f"{case}: {expected} not in:\n" + "\n".join(listed)
        )
    # nothing was scored with a broken sheet
    assert "lead_score_breakdown" not in _built_models(output)


def _built_models(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if " OK created " in line)


def test_corrupting_settings_and_non_numbers_fail_before_anything_is_built(
    project: Project,
) -> None:
    break_values(project)
    project.load_raw({})
    result = project.dbt("build", "--vars", "{score_date: '2026-06-30'}")
    output = result.output
    assert result.returncode != 0
    # every problem and nothing else was found wrong, and nothing was scored
    assert_every_value_problem_listed(problem_lines(output))
    assert "int_behavior_points_by_rule" not in _built_models(output)


def test_whole_numbers_in_any_plain_notation_read_alike(project: Project, tmp_path) -> None:
    """`7.0` (as spreadsheets export it), `+7` and `7` are the same setting: the scenario's
    sheets written that way score exactly as the plain ones."""
    prepare_scenario(project)
    plain = project.clone(tmp_path / "plain")
    write_whole_numbers_as_decimals(project)
    for each in (project, plain):
        each.build(D)
    for mart in ("lead_scores", "lead_score_breakdown", "account_scores", "lead_segments"):
        built = [
            sorted(each.query(f"select * from marts.{mart}"), key=repr) for each in (project, plain)
        ]
        assert built[0] == built[1], mart


def empty_seed(project: Project, name: str, form: str) -> None:
    """Empty seeds/<name>.csv: `zero_bytes` (nothing at all) or `header_only`."""
    path = project.seeds_dir / f"{name}.csv"
    header = path.read_text().splitlines()[0]
    path.write_text("" if form == "zero_bytes" else header + "\n")


@pytest.mark.parametrize("form", ["zero_bytes", "header_only"])
def test_empty_sheets_that_cannot_be_empty_fail_naming_the_file(project: Project, form) -> None:
    for seed in ["score_sheets", "activity_types"]:
        empty_seed(project, seed, form)
    project.load_raw({})
    result = project.dbt("build", "--vars", "{score_date: '2026-06-30'}")
    assert result.returncode != 0
    listed = problem_lines(result.output)
    assert (
        "seeds/score_sheets.csv: sheet '', rule '': no sheet has is_primary = true: exactly one"
        " sheet must be primary" in listed
    )
    assert (
        "seeds/activity_types.csv: sheet '', rule '': lists no activity type: every activity"
        " would be rejected as unknown_activity_type; list the types your sources send" in listed
    )
    assert "lead_score_breakdown" not in _built_models(result.output)


# sheets where empty means none: no rules of a kind, no groups, no free domains, no seniority
# keywords, no content categories, no bot rules, no predictive model, no custom attribute
MAY_BE_EMPTY = [
    "behavior_rules",
    "buying_groups",
    "profile_rules",
    "score_groups",
    "free_email_domains",
    "seniority_keywords",
    "content_categories",
    "bot_rules",
    "predictive_models",
    "attributes",
]


@pytest.mark.parametrize("form", ["zero_bytes", "header_only"])
def test_sheets_that_may_be_empty_work_empty(project: Project, form) -> None:
    prepare_scenario(project)
    for seed in MAY_BE_EMPTY:
        empty_seed(project, seed, form)
    project.build(D)
    # no rule of either kind: every lead scored on D has 0 points on every sheet, nothing is
    # a bot, no lead has an interest
    scores = project.query(
        "select sheet_id, lead_id, total_score from marts.lead_scores order by sheet_id, lead_id"
    )
    assert scores == [
        (sheet, lead, 0) for sheet in ["s_alt", "s_main"] for lead in ["L1", "L2", "L3"]
    ]
    assert project.query(
        "select count(*) from marts.rejected_records where reason = 'bot_suspected'"
    ) == [(0,)]
    assert project.query(
        "select count(*) from marts.lead_segments where primary_interest is not null"
    ) == [(0,)]
