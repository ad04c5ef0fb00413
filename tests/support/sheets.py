"""Sheets of the tests' own: one sheet `s` of demo requests and little else."""

from __future__ import annotations

from tests.support.harness import Project

# the buying groups of a world whose sheets are its own: none (the shipped file names the
# shipped sheets)
NO_BUYING_GROUPS = "sheet_id,role,seniority,min_engaged"


def write_demo_request_sheet(project: Project, behavior_rules: str) -> None:
    """One sheet `s` of `behavior_rules` (rows of behavior_rules.csv) and nothing else: no
    window, MQL and tier hot at 50, else cold; one grade and one engagement band; no
    predictive model; no buying group."""
    project.write_seed(
        "score_sheets",
        """
        sheet_id,description,behavior_weight,profile_weight,window_days,mql_threshold,is_primary
        s,Demo requests,1.0,1.0,,50,true
        """,
    )
    project.write_seed(
        "behavior_rules",
        "sheet_id,rule_id,activity_type,url_pattern,points,max_per_day,max_points,"
        "half_life_days,group_id,description\n" + behavior_rules,
    )
    project.write_seed(
        "profile_rules",
        "sheet_id,rule_id,attribute,operator,value,min_value,max_value,points,description",
    )
    project.write_seed("score_groups", "sheet_id,group_id,max_points,description")
    project.write_seed("buying_groups", NO_BUYING_GROUPS)
    project.write_seed(
        "predictive_models",
        "model_id,description,feature_sheet_id,horizon_days,min_conversions,is_active",
    )
    project.write_seed(
        "score_bands",
        """
        sheet_id,scale,band,min_score
        s,tier,cold,
        s,tier,hot,50
        s,grade,B,
        s,engagement,2,
        """,
    )
