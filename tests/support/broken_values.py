"""Sheet values that would corrupt scores or are not numbers, and how a failed build lists
them: shared by tests/test_broken_sheets.py and the engine comparisons."""

from __future__ import annotations

from tests.support.harness import Project

# Settings that would corrupt scores rather than break the build (a zero half-life divides by
# zero, a negative cap flips the sign of the points, a duplicated band is picked silently) and
# values that are not numbers: each edit on a row of its own, all in one set of sheets, since
# the build lists every problem at once. tests/test_postgres.py and tests/test_spark.py check
# that the other engines list exactly the same problems.
# (seed file, text to replace, replacement, the problem line expected)
VALUE_PROBLEMS = [
    (
        "behavior_rules",
        "b2b_default,pricing_page,page_view,%/pricing%,15,2,45,30,",
        "b2b_default,pricing_page,page_view,%/pricing%,15,2,45,0,",
        "seeds/behavior_rules.csv: sheet 'b2b_default', rule 'pricing_page': half_life_days '0'"
        " is zero or negative: use more than 0, or leave it blank for no decay",
    ),
    (
        "behavior_rules",
        "b2b_default,demo_page,page_view,%/demo%,10,1,30,30,",
        "b2b_default,demo_page,page_view,%/demo%,10,1,30,-30,",
        "seeds/behavior_rules.csv: sheet 'b2b_default', rule 'demo_page': half_life_days '-30'"
        " is zero or negative",
    ),
    (
        "behavior_rules",
        "b2b_default,product_page,page_view,%/product%,3,3,15,",
        "b2b_default,product_page,page_view,%/product%,3,3,-15,",
        "seeds/behavior_rules.csv: sheet 'b2b_default', rule 'product_page': max_points '-15'"
        " is zero or negative: use more than 0, or leave it blank for no cap",
    ),
    (
        "behavior_rules",
        "b2b_default,case_study,page_view,%/case-studies/%,4,2,",
        "b2b_default,case_study,page_view,%/case-studies/%,4,0,",
        "seeds/behavior_rules.csv: sheet 'b2b_default', rule 'case_study': max_per_day '0'"
        " is zero or negative: use more than 0, or leave it blank for no daily limit",
    ),
    (
        "behavior_rules",
        "b2b_default,blog_post,page_view,%/blog/%,1,3,",
        "b2b_default,blog_post,page_view,%/blog/%,1,1.5,",
        "seeds/behavior_rules.csv: sheet 'b2b_default', rule 'blog_post': max_per_day '1.5'"
        " is not a whole number",
    ),
    (
        "score_groups",
        "b2b_default,web,60,",
        "b2b_default,web,0,",
        "seeds/score_groups.csv: sheet 'b2b_default', rule 'web': max_points '0' is zero or"
        " negative",
    ),
    (
        "score_sheets",
        "1.0,1.0,90,100,true",
        "1.0,1.0,-90,100,true",
        "seeds/score_sheets.csv: sheet 'b2b_default', rule '': window_days '-90' is zero or"
        " negative: use more than 0, or leave it blank for no window",
    ),
    (
        "score_sheets",
        "1.0,1.0,7,60,false",
        "1.0,heavy,7e0,60 points,maybe",
        "seeds/score_sheets.csv: sheet 'b2b_7day', rule '': profile_weight 'heavy' is not a number",
    ),
    (
        "score_sheets",
        "",
        "",
        "seeds/score_sheets.csv: sheet 'b2b_7day', rule '': window_days '7e0' is not a whole"
        " number",
    ),
    (
        "score_sheets",
        "",
        "",
        "seeds/score_sheets.csv: sheet 'b2b_7day', rule '': mql_threshold '60 points' is not a"
        " number",
    ),
    (
        "score_sheets",
        "",
        "",
        "seeds/score_sheets.csv: sheet 'b2b_7day', rule '': is_primary 'maybe' is not true or"
        " false",
    ),
    (
        "score_bands",
        "b2b_default,tier,warm,50\n",
        "b2b_default,tier,warm,50\nb2b_default,tier,warm,50\n",
        "seeds/score_bands.csv: sheet 'b2b_default', rule 'warm': band 'warm' appears 2 times in"
        " scale 'tier': each band of a scale needs its own name",
    ),
    (
        "score_bands",
        "b2b_default,grade,B,25",
        "b2b_default,grade,B,10.0",
        "seeds/score_bands.csv: sheet 'b2b_default', rule 'B': min_score '10.0' of scale 'grade'"
        " is shared by 2 bands: each band of a scale needs its own min_score",
    ),
    (
        "score_bands",
        "",
        "",
        "seeds/score_bands.csv: sheet 'b2b_default', rule 'C': min_score '10' of scale 'grade'"
        " is shared by 2 bands",
    ),
    (
        "score_bands",
        "b2b_7day,tier,warm,50",
        "b2b_7day,tier,warm,fifty",
        "seeds/score_bands.csv: sheet 'b2b_7day', rule 'warm': min_score 'fifty' is not a number",
    ),
    (
        "profile_rules",
        "b2b_default,enterprise,employee_count,between,,5000,,",
        "b2b_default,enterprise,employee_count,between,,5k,,",
        "seeds/profile_rules.csv: sheet 'b2b_default', rule 'enterprise': min_value '5k' is not"
        " a number",
    ),
    (
        "buying_groups",
        "b2b_default,user,,1",
        "b2b_default,user,,0",
        "seeds/buying_groups.csv: sheet 'b2b_default', role 'user': min_engaged '0' is zero or"
        " negative: use more than 0, or leave it blank for 1",
    ),
    (
        "score_sheets",
        "90,100,false,200",
        "90,100,false,lots",
        "seeds/score_sheets.csv: sheet 'challenger', rule '': mqa_threshold 'lots' is not a number",
    ),
    (
        "seniority_keywords",
        "chief,executive,1",
        "chief,executive,1.5",
        "seeds/seniority_keywords.csv: sheet '', rule 'chief': priority '1.5' is not a whole"
        " number",
    ),
]


def break_values(project: Project) -> None:
    """Make every edit of VALUE_PROBLEMS in `project`'s seeds."""
    for seed, old, new, _ in VALUE_PROBLEMS:
        if old:
            project.edit_seed(seed, old, new)


def problem_lines(output: str) -> list[str]:
    """The problems a failed build listed, one line each, in the order it listed them."""
    return [line.strip() for line in output.splitlines() if line.strip().startswith("seeds/")]


def assert_every_value_problem_listed(listed: list[str]) -> None:
    """`listed` (problem_lines of a failed build) names each problem of VALUE_PROBLEMS, and
    nothing else."""
    for *_, expected in VALUE_PROBLEMS:
        assert any(line.startswith(expected) for line in listed), f"{expected!r} not in {listed}"
    assert len(listed) == len(VALUE_PROBLEMS), listed
