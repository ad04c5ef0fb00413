"""Sheets reviewed like code (contract §2): `leadscore diff` and `leadscore explain` on the scoring
scenario's world (tests/support/scenario.py), scored as of D, with every expected figure
worked out by hand from that world's ledger."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path
from unittest import mock

import pytest

from tests.support.harness import Project, copy_project
from tests.support.scenario import D, prepare_scenario


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The scenario scored as of D, its sheets committed in a git repository of their own."""
    project = copy_project(Path(tmp_path_factory.mktemp("review")))
    prepare_scenario(project)
    project.build(D)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], ["add", "seeds"], ["commit", "-q", "-m", "sheets"]):
        subprocess.run([*git, *args], cwd=project.root, check=True)
    return project


def test_diff_counts_mqls_tiers_and_what_the_caps_absorbed(reviewed: Project) -> None:
    # s_main on D (test_scoring_scenario): L1 86 (hot, MQL at 50), L2 -20, L3 -5; s_alt: L1
    # the only MQL. The edits of s_main:
    # - r_blog 2 -> 3: L1's 4 blog views earn 12 instead of 8, but web (pricing 30 + blog)
    #   was already over its cap of 25, so the group absorbs it: L1's score stays 86;
    # - r_open 1 -> 2: L1's 4 counted opens earn 8 instead of 4, both over the rule's own cap
    #   of 3: the row stays 3.00;
    # - p_rev (annual revenue under 1M) -10 -> 100: L2's profile -10 -> 100, total 90;
    # - the MQL threshold 50 -> 90: L2 (90) qualifies, L1 (86) no longer does.
    project = reviewed
    before = {path.name: path.read_text() for path in project.seeds_dir.glob("*.csv")}
    project.edit_seed(
        "behavior_rules",
        "s_main,r_blog,page_view,%/blog/_%,2,",
        "s_main,r_blog,page_view,%/blog/_%,3,",
    )
    project.edit_seed(
        "behavior_rules", "s_main,r_open,email_open,,1,1,3,", "s_main,r_open,email_open,,2,1,3,"
    )
    project.edit_seed("profile_rules", "1000000,-10,", "1000000,100,")
    project.edit_seed(
        "score_sheets",
        "s_main,Main sheet,1.0,1.0,30,50,true",
        "s_main,Main sheet,1.0,1.0,30,90,true",
    )
    try:
        done = project.leadscore(
            "diff",
            "--against",
            "HEAD",
            "--project-dir",
            str(project.dbt_dir),
            "--json",
            str(project.root / "diff.json"),
            "--markdown",
            str(project.root / "diff.md"),
        )
    finally:
        for name, text in before.items():
            (project.seeds_dir / name).write_text(text)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    sheets = {
        sheet["sheet_id"]: sheet for sheet in json.loads((project.root / "diff.json").read_text())
    }
    main = sheets["s_main"]
    assert (main["mqls_before"], main["mqls_after"]) == (1, 1)
    assert (main["mql_gained"], main["mql_lost"]) == (["L2"], ["L1"])
    assert main["tier_moves"] == {"cold->hot": 1}
    assert main["tier_matrix"] == {"cold->cold": 1, "cold->hot": 1, "hot->hot": 1}
    assert main["sheet_changes"] == {"mql_threshold": [50.0, 90.0]}
    # L2 -20 -> 90
    assert main["score_changes"]["leads_changed"] == 1
    assert main["score_changes"]["buckets"]["+50 or more"] == 1
    assert main["score_changes"]["buckets"]["0"] == 2
    rules = {rule["rule_id"]: rule for rule in main["rule_changes"]}
    assert set(rules) == {"r_blog", "r_open", "p_rev"}
    assert rules["r_blog"]["settings"] == {"points": [2.0, 3.0]}
    assert (
        rules["r_blog"]["leads_changed"],
        rules["r_blog"]["points_before"],
        rules["r_blog"]["points_after"],
    ) == (1, 8.0, 12.0)
    assert (rules["r_blog"]["group_id"], rules["r_blog"]["absorbed_by_group"]) == ("web", 1)
    assert (rules["r_open"]["leads_changed"], rules["r_open"]["absorbed_by_rule_cap"]) == (0, 1)
    assert (
        rules["p_rev"]["leads_changed"],
        rules["p_rev"]["points_before"],
        rules["p_rev"]["points_after"],
    ) == (1, -10.0, 100.0)
    alt = sheets["s_alt"]
    assert (alt["mqls_before"], alt["mqls_after"], alt["mql_gained"], alt["mql_lost"]) == (
        1,
        1,
        [],
        [],
    )
    assert (alt["tier_moves"], alt["rule_changes"], alt["score_changes"]["leads_changed"]) == (
        {},
        [],
        0,
    )
    # the Markdown of a pull-request comment says what the cap did
    markdown = (project.root / "diff.md").read_text()
    # (the scenario's sheets qualify no account: no MQA either side)
    assert "| `s_main` | 1 | 1 | +1 | -1 | 0 → 0 | 1 of 3 |" in markdown
    assert "group cap `web` for 100% of leads (1 of 1)" in markdown
    assert "rule cap max_points for 1 leads" in markdown
    # the live marts are as they were, and the scratch schemas are gone
    assert project.query(
        "select total_score, is_mql from marts.lead_scores"
        " where sheet_id = 's_main' and lead_id = 'L1'"
    ) == [(86, True)]
    schemas = {
        row[0] for row in project.query("select schema_name from information_schema.schemata")
    }
    assert not {schema for schema in schemas if schema.startswith("diff_")}


def test_diff_names_a_revision_it_cannot_find(reviewed: Project) -> None:
    done = reviewed.leadscore(
        "diff", "--against", "no-such-branch", "--project-dir", str(reviewed.dbt_dir)
    )
    assert done.returncode == 2
    assert "--against no-such-branch: no such commit here" in done.stdout


def test_the_pull_request_workflow_runs_the_diff_the_tests_run() -> None:
    """.github/workflows/scoring-diff.yml: on pull requests touching seeds/, the diff against
    the base branch (the command of the test above) is posted as a comment."""
    import shlex

    import yaml

    from orchestration import cli, settings

    workflow = yaml.safe_load(
        (settings.REPO_ROOT / ".github/workflows/scoring-diff.yml").read_text()
    )
    assert workflow[True]["pull_request"]["paths"] == ["seeds/**"]  # YAML reads `on` as true
    steps = workflow["jobs"]["diff"]["steps"]
    runs = [step.get("run", "") for step in steps]
    (command,) = [run for run in runs if "leadscore diff" in run]
    words = shlex.split(command.replace("${{ github.base_ref }}", "main").replace("\\\n", " "))
    args = cli.parser().parse_args(words[words.index("diff") :])
    assert (args.against, args.markdown) == ("origin/main", "diff.md")
    assert any("gh pr comment" in run and "--body-file diff.md" in run for run in runs)


def test_explain_labels_decay_caps_and_the_points_missing(reviewed: Project) -> None:
    done = reviewed.leadscore("explain", "L1", "--sheet", "s_main")
    assert done.returncode == 0, done.stdout + done.stderr
    text = done.stdout
    # L1 on s_main (test_scoring_scenario): 86 >= 50; hot since D, its first scored date
    assert "an MQL: 86.00 ≥ threshold 50.00." in text
    assert "tier hot since 2026-06-30, grade A, engagement 1 (A1), rank 1 of 3" in text
    assert "behaviour 48.00 × 1 + profile 38.00 × 1 = 86.00" in text
    # each behaviour row with its working: 40 x 0.5^(10/10) = 20, decay -20; 4 opens over the
    # rule's cap of 3; web: pricing 30 + blog 8 = 38 over the group's 25
    assert "1 × 40 = 40.00; decay -20.00 (half-life 10 d)" in text
    assert "4 × 1 = 4.00; rule cap 3: -1.00" in text
    assert "3 × 10 = 30.00" in text
    assert "cap of group web (r_blog, r_pricing): 38.00 capped at 25.00" in text
    # Without new activity, in 7 days: the pricing view of 06-01 leaves the 30-day window
    # (pricing 20, web 20 + 8 = 28 -> 25), opens still 3, demo 40 x 0.5^1.7 = 12.31;
    # 25 + 3 + 12.31 + 38 = 78.31, warm. In 30 days everything has left: 38, warm. The drop:
    # 66 + 40 x 0.5^((10 + k) / 10) < 80 first at k = 6 (13.20; k = 5 gives 14.14): 07-06.
    assert "Without new activity: 78.31 (warm) in 7 days, 38.00 (warm) in 30 days." in text
    assert "It drops to warm on 2026-07-06 unless it does something." in text
    # L2: -20 against 50
    done = reviewed.leadscore("explain", "L2", "--sheet", "s_main")
    assert "not an MQL: -20.00 < 50.00, lacks 70.00 points." in done.stdout


def test_the_projection_at_zero_days_is_the_ledger(reviewed: Project) -> None:
    """The outlook is computed apart from the models (explain/projection.py); on the score date
    it must give every lead's behaviour and total score on every sheet, as the marts do."""
    from orchestration.explain.lead import explain
    from orchestration.explain.projection import project

    with mock.patch.dict(os.environ, reviewed.env):
        sheets = [
            (lead, sheet) for lead in ("L1", "L2", "L3") for sheet in explain(lead, None).sheets
        ]
    assert len(sheets) == 6
    for lead, sheet in sheets:
        score = sheet["score"]
        now = project(
            sheet["days"],
            sheet["rules"],
            sheet["settings"],
            score["profile_score"],
            sheet["tiers"],
            0,
        )
        assert (now.behavior_score, now.total_score, now.tier) == (
            score["behavior_score"],
            score["total_score"],
            score["tier"],
        ), (lead, sheet["settings"]["sheet_id"])


def test_explain_a_past_date_scores_it_beside_the_marts(reviewed: Project) -> None:
    # as of 06-20, L1 on s_main: pricing 05-31 and 06-01 (ages 20, 19) 20, opens 3, the demo
    # request that day 40 (age 0); profile 38: 101 (D's pricing and blog are after 06-20)
    done = reviewed.leadscore(
        *("explain", "L1", "--sheet", "s_main", "--date", "2026-06-20"),
        *("--project-dir", str(reviewed.dbt_dir)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "an MQL: 101.00 ≥ threshold 50.00." in done.stdout
    assert "behaviour 63.00 × 1 + profile 38.00 × 1 = 101.00" in done.stdout
    # the live marts still show D
    assert reviewed.query("select distinct score_date from marts.lead_scores") == [
        (date(2026, 6, 30),)
    ]


def test_explain_says_what_to_do_with_an_unknown_lead(reviewed: Project) -> None:
    done = reviewed.leadscore("explain", "NOPE")
    assert done.returncode == 2
    assert "no lead NOPE among the leads scored on the latest date" in done.stdout


def test_explain_says_what_to_run_when_its_view_was_dropped(reviewed: Project) -> None:
    # what PostgreSQL's cascade does to the view after a static-only run; put back afterwards
    with reviewed.engine() as engine:
        (view_sql,) = engine.fetchall(
            "select sql from duckdb_views() where schema_name = 'marts'"
            " and view_name = 'lead_rule_days'"
        )[0]
        engine.execute("drop view marts.lead_rule_days")
    try:
        done = reviewed.leadscore("explain", "L1")
    finally:
        with reviewed.engine() as engine:
            engine.execute(view_sql)
    assert done.returncode == 2
    assert "marts.lead_rule_days is missing" in done.stdout
    assert "run `leadscore run` (or materialise lead_scoring_daily)" in done.stdout
