"""Marts compared across engines: the same raw rows and sheets built on DuckDB and on another
target must give the same rows (scores within 0.01)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from orchestration.warehouse import RAW_TABLES
from tests.support import clean_signals, custom_attributes
from tests.support.broken_values import (
    assert_every_value_problem_listed,
    break_values,
    problem_lines,
)
from tests.support.buying_groups import add_buying_groups_to_scenario
from tests.support.harness import Project
from tests.support.predictive import keep_hand_made_version
from tests.support.scenario import D, prepare_scenario, write_whole_numbers_as_decimals

NEXT_DAY = "2026-07-01"
# the next day's load: a late row for the scored day, a new lead's first activity, a repeat,
# and keys of nothing but white space (a tab, a no-break space)
NEXT_DAY_ACTIVITIES = [
    ("N1", "L2", "page_view", datetime(2026, 6, 30, 22, 0), "https://x.com/pricing", None),
    ("N2", "L3", "demo_request", datetime(2026, 7, 1, 9, 0), None, None),
    ("N3", "L1", "email_open", datetime(2026, 7, 1, 9, 0), None, "news"),
    ("E19", "L2", "page_view", datetime(2026, 6, 30, 23, 59), "https://x.com/pricing", None),
    ("\t", "L1", "page_view", datetime(2026, 7, 1, 9, 0), "https://x.com/pricing", None),
    ("\u00a0", "L1", "page_view", datetime(2026, 7, 1, 9, 0), "https://x.com/pricing", None),
]


def two_days(project: Project, *, decimal_notation: bool = False) -> Project:
    """The hand-worked scenario scored on D (with `decimal_notation`, its whole numbers written
    as 30.0 or +1), with the bots and merges of tests/support/clean_signals.py, the custom
    attributes of tests/support/custom_attributes.py and the buying groups of
    tests/support/buying_groups.py; then one more day
    loaded (bursts completed across midnight and by a late row among it, a lead's new plan), a
    row of 06-01
    corrected in place (its date's row count unchanged), a rule added and a rule's match
    changed (their aggregates reload on every date), and the next day scored. Built without dbt's
    data tests: the demos run them on each engine, through Dagster's checks. The scenario's
    predictive model has a version kept by hand (tests/support/predictive.py), so that its
    marts are compared too."""
    prepare_scenario(project)
    custom_attributes.add_custom_attributes(project)
    add_buying_groups_to_scenario(project)
    keep_hand_made_version(project)
    clean_signals.add_clean_signals(project)
    if decimal_notation:
        write_whole_numbers_as_decimals(project)
    project.score(D)
    project.append_raw("activities", NEXT_DAY_ACTIVITIES)
    project.append_raw("lead_attributes", custom_attributes.NEXT_DAY_LEAD_ATTRIBUTES)
    clean_signals.add_next_day(project)
    correct_in_place(project, "E04", "url", "https://x.com/blog/moved")
    project.edit_seed(
        "behavior_rules",
        "s_main,r_pricing,page_view,%/pricing%,10,2,",
        "s_main,r_pricing,page_view,%/pricing%,10,3,",
    )
    project.edit_seed(
        "behavior_rules",
        "s_alt,a_pricing",
        "s_alt,a_open,email_open,,2,1,,,,Opened\ns_alt,a_pricing",
    )
    project.score(NEXT_DAY)
    return project


def correct_in_place(project: Project, activity_id: str, column: str, value: str) -> None:
    """Change one column of a raw activity, as a source that restates a row does (Spark's
    Parquet tables take no update: the table is written again, with the row changed)."""
    corrected = (
        f"case when activity_id = '{activity_id}' then '{value}' else {column} end as {column}"
    )
    with project.engine() as engine:
        if engine.target != "spark":
            engine.execute(
                f"update raw.activities set {column} = ? where activity_id = ?",
                [value, activity_id],
            )
            return
        columns = ", ".join(
            corrected if name == column else name for name in RAW_TABLES["activities"]
        )
        engine.execute(
            "create table raw.activities_corrected using parquet"
            f" as select {columns} from raw.activities"
        )
        engine.execute(
            "insert overwrite table raw.activities select * from raw.activities_corrected"
        )
        engine.execute("drop table raw.activities_corrected")


MARTS = [
    "lead_scores",
    "lead_score_breakdown",
    "lead_score_history",
    "mql_events",
    "account_scores",
    "account_score_history",
    "mqa_events",
    "lead_segments",
    "rejected_records",
    "lead_identities",
    "lead_profiles",
    "predictive_scores",
    "predictive_factors",
    "predictive_model_versions",
]
TOLERANCE = Decimal("0.01")
RUN_TIMES = {"detected_at", "trained_at"}  # when the run happened: differs between any two builds


def _normal(value: object) -> object:
    """One representation per value whatever the engine's driver returned."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _same(left: object, right: object) -> bool:
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return abs(left - right) <= TOLERANCE
    return left == right


def marts(project: Project) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every mart of `project`: column names and rows in a canonical order (columns by name:
    Spark puts a table's partition column last)."""
    results = project.read(*(f"select * from marts.{mart}" for mart in MARTS))
    normal = {}
    for mart, (columns, rows) in zip(MARTS, results, strict=True):
        order = sorted(range(len(columns)), key=lambda i: columns[i].lower())
        columns = [columns[i].lower() for i in order]
        rows = [tuple(_normal(row[i]) for i in order) for row in rows]
        kept = [i for i, column in enumerate(columns) if column not in RUN_TIMES]
        normal[mart] = (columns, sorted(rows, key=lambda row: [_text(row[i]) for i in kept]))
    return normal


def assert_same_marts(expected: Project, actual: Project) -> None:
    left, right = marts(expected), marts(actual)
    for mart in MARTS:
        (columns, rows), (other_columns, other_rows) = left[mart], right[mart]
        assert other_columns == columns, f"{mart}: columns differ on {actual.target}"
        assert len(other_rows) == len(rows), f"{mart}: {len(other_rows)} rows, expected {len(rows)}"
        assert rows, f"{mart}: the scenario leaves it empty, so it proves nothing"
        for row, other in zip(rows, other_rows, strict=True):
            differing = [
                (column, a, b)
                for column, a, b in zip(columns, row, other, strict=True)
                if column not in RUN_TIMES and not _same(a, b)
            ]
            assert not differing, f"{mart} on {actual.target}: {differing} in {row}"


def assert_broken_sheets_fail_as_on_duckdb(project: Project) -> None:
    """The broken sheets of tests/support/broken_values.py fail the build on `project`'s
    engine with exactly the problems DuckDB lists (tests/test_broken_sheets.py), before
    anything is built."""
    break_values(project)
    project.load_raw({})
    result = project.dbt("build", "--vars", f"{{score_date: '{D}'}}")
    assert result.returncode != 0, f"the build on {project.target} should fail"
    assert_every_value_problem_listed(problem_lines(result.output))
