"""dbt command lines are built in one place."""

from __future__ import annotations

import json
from datetime import date

from orchestration.dbt.args import build_args


def test_build_args_pass_the_score_date_as_a_var() -> None:
    args = build_args(score_date=date(2026, 6, 30))
    assert args[0] == "build"
    assert json.loads(args[args.index("--vars") + 1]) == {"score_date": "2026-06-30"}
    # each date's vars differ: no partial parse, and no message saying it is impossible
    assert args[-1] == "--no-partial-parse"


def test_build_args_without_a_date_leave_the_default_to_dbt() -> None:
    assert build_args() == ["build", "--no-partial-parse"]


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


def test_other_commands_several_selectors_and_an_exclusion() -> None:
    args = build_args(command="run", select=["+a,tag:daily", "+b,tag:daily"], exclude="tag:x")
    assert args == [
        *("run", "--select", "+a,tag:daily", "+b,tag:daily", "--exclude", "tag:x"),
        "--no-partial-parse",
    ]
