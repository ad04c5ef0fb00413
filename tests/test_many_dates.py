"""Many dates in one pass (var score_dates, the selector score_history): the history that a
backtest, the quarterly review or a diff writes set-based, from the daily aggregates, equals
what daily runs of those dates write one by one, carrying their decayed sums from date to date.

The world is tests/support/clean_signals.py on the scenario's sheets, all its rows loaded, late ones
too: decay (s_alt's half-lives), windows (30 days on s_main, none on s_alt), rule and group
caps, per-day limits, bots (bursts across midnight, completed by a row two weeks late), CRM
merges that come into force between the dates (C1 -> C2 on 06-10, Y3 -> Y1 on 06-12, F1 -> F2
after the last), chains of 40 merges, merges by e-mail, values that do not fit, and custom
attributes whose values change between the dates (tests/support/custom_attributes.py), and
buying groups with MQA thresholds (tests/support/buying_groups.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestration.dbt.args import build_args
from orchestration.evaluation.backtest import HISTORY_SELECTOR, staging_step
from tests.support.buying_groups import add_buying_groups_to_scenario
from tests.support.clean_signals import add_clean_signals, add_next_day
from tests.support.custom_attributes import add_custom_attributes
from tests.support.harness import Project, copy_project
from tests.support.scenario import prepare_scenario

# weekly dates and the days before and after them: windows open and close, merges come into
# force, the anchors of the decayed sums stay or move
DATES = ["2026-06-02", "2026-06-09", "2026-06-11", "2026-06-16", "2026-06-30", "2026-07-01"]
# every table kept per score date
PER_DATE = [
    "marts.lead_score_history",
    "marts.lead_score_history_dates",
    "marts.rule_points_history",
    "marts.lead_score_timeline",
    "marts.mql_events",
    "marts.account_score_history",
    "marts.mqa_events",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    folder = Path(tmp_path_factory.mktemp("many_dates"))
    daily = copy_project(folder / "daily")
    prepare_scenario(daily)
    add_custom_attributes(daily)
    add_buying_groups_to_scenario(daily)
    add_clean_signals(daily)
    add_next_day(daily)
    one_pass = daily.clone(folder / "one_pass")
    for project in (daily, one_pass):
        staged = project.dbt(*staging_step()[1])
        assert staged.success, staged.output[-4000:]
    # the daily runs' way: one date a run, the running sums carried from date to date
    for score_date in DATES:
        day = daily.dbt(
            "run",
            "--select",
            "+lead_score_history,tag:daily",
            "lead_score_history_dates",
            "lead_score_timeline",
            "mql_events",
            "+account_score_history,tag:daily",
            "mqa_events",
            "+rule_points_history,tag:daily",
            "--vars",
            json.dumps({"score_date": score_date, "record_rule_points": True}),
        )
        assert day.success, day.output[-4000:]
    # one pass for every date
    many = one_pass.dbt(
        *build_args(
            command="run",
            selector=HISTORY_SELECTOR,
            extra_vars={"score_dates": DATES, "record_rule_points": True},
        )
    )
    assert many.success, many.output[-4000:]
    return {"daily": daily, "one_pass": one_pass}


@pytest.mark.parametrize("table", PER_DATE)
def test_one_pass_writes_what_daily_runs_write(both: dict[str, Project], table: str) -> None:
    rows = {
        name: sorted(project.query(f"select * from {table}"), key=repr)
        for name, project in both.items()
    }
    assert rows["daily"], f"{table} is empty: it proves nothing"
    assert rows["one_pass"] == rows["daily"]


def test_the_pass_covers_every_date_and_leaves_the_running_sums_alone(
    both: dict[str, Project],
) -> None:
    one_pass = both["one_pass"]
    dates = one_pass.query(
        "select distinct cast(score_date as varchar) from marts.lead_score_history"
    )
    assert sorted(date for (date,) in dates) == DATES
    # the daily runs' state was never built by the pass
    assert one_pass.query(
        "select count(*) from information_schema.tables"
        " where table_name in ('int_behavior_rule_sums', 'int_behavior_sums_changed')"
    ) == [(0,)]
