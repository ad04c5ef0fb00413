"""dbt command lines are built in one place."""

from __future__ import annotations

import json
from datetime import date

from orchestration.dbt.args import PIPELINE_EXCLUDED, RUN_VARS_ENV, build_args, invocation


def test_build_args_pass_the_score_date_as_a_var() -> None:
    args = build_args(score_date=date(2026, 6, 30))
    assert args[0] == "build"
    assert json.loads(args[args.index("--vars") + 1]) == {"score_date": "2026-06-30"}


def test_build_args_without_a_date_leave_the_default_to_dbt() -> None:
    assert build_args() == ["build"]


def test_run_vars_reach_dbt_in_the_environment_so_its_parse_is_reused() -> None:
    """The score dates and a backtest's range change from run to run: passed as --vars they
    would make dbt parse the project again each time; they go in LEADSCORE_RUN_VARS."""
    args, env = invocation(
        build_args(score_date=date(2026, 6, 30), extra_vars={"record_rule_points": True})
    )
    assert args == ["build", *PIPELINE_EXCLUDED]
    assert json.loads(env[RUN_VARS_ENV]) == {
        "record_rule_points": True,
        "score_date": "2026-06-30",
    }
    # other vars stay vars (dbt parses anew with them, without saying it cannot reuse its parse)
    args, env = invocation(["run", "--vars", "{score_date: '2026-06-30', schema_prefix: x_}"])
    assert args == ["run", "--vars", '{"schema_prefix": "x_"}', "--no-partial-parse"]
    assert json.loads(env[RUN_VARS_ENV]) == {"score_date": "2026-06-30"}
    # without run vars the environment says so, so none is left from another run
    assert invocation(["run"]) == (["run"], {RUN_VARS_ENV: "{}"})


def test_a_pipeline_build_leaves_the_unit_tests_to_make_test() -> None:
    """Their inputs are fixed: a scheduled build would only repeat them. A build that names
    the resource types it runs or leaves out keeps its own choice."""
    assert invocation(["build"])[0] == ["build", "--exclude-resource-type", "unit_test"]
    for given in (
        ["build", "--exclude-resource-type", "test"],
        ["build", "--resource-type", "unit_test"],
    ):
        assert invocation(given)[0] == given
    assert invocation(["test"])[0] == ["test"]


def test_build_args_select_full_refresh_and_extra_vars() -> None:
    args = build_args(
        score_date=date(2026, 1, 2),
        select="marts",
        full_refresh=True,
        extra_vars={"raw_schema": "landing"},
    )
    assert args[:4] == ["build", "--select", "marts", "--full-refresh"]
    assert json.loads(args[args.index("--vars") + 1]) == {
        "raw_schema": "landing",
        "score_date": "2026-01-02",
    }


def test_other_commands_a_selector_or_a_selection_and_an_exclusion() -> None:
    assert build_args(command="run", selector="daily_models") == [
        "run",
        "--selector",
        "daily_models",
    ]
    args = build_args(command="run", select="+a,tag:daily", exclude="tag:x")
    assert args == ["run", "--select", "+a,tag:daily", "--exclude", "tag:x"]


def test_every_call_names_the_target_dagster_names() -> None:
    from orchestration.dbt.args import with_target

    assert with_target(["build"], "duckdb") == ["build", "--target", "duckdb"]
    assert with_target(["build", "--target", "postgres"], "duckdb") == [
        "build",
        "--target",
        "postgres",
    ]
