"""The running decayed sums stay exact, day after day.

A daily run carries each behaviour rule's sums from the day before (docs/incremental.md,
"Decayed sums"): it adds the days that enter the window and the reloaded dates as they are,
and takes out the days that leave it and the reloaded dates as they were. Eight consecutive
daily runs, with late rows, a row corrected in place, a rule's half-life changed and a sheet's
window changed mid-way, and a half-life short enough that its anchor moves during the eight
days: after each run the carried sums equal sums taken afresh (a full refresh of them), to
the last of their twelve decimals, and lead_scores equals an independent pandas
implementation of contract §5 on the same raw tables and sheets.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from benchmarks.pandas_scoring import lead_scores as pandas_lead_scores
from orchestration.loading.demo.loader import write_demo_data
from tests.support.harness import Project

FIRST = date(2026, 6, 20)
DAYS = 8
SUMS = (
    "select sheet_id, rule_id, lead_id, matcher_id, half_life_days, window_days, anchor_day,"
    " sums_day, occurrences, decay_sum, first_activity_at, last_activity_at,"
    " first_activity_day, last_activity_day from intermediate.{} where {}"
)


# late rows: some of the rows of a day before FIRST arrive on a day after it
LATE = {FIRST - timedelta(days=2): 2, FIRST - timedelta(days=20): 5, FIRST - timedelta(days=60): 8}


def _held_back(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The activities after FIRST, and a fifth of those of each day of LATE."""
    return con.execute(
        """
        select activity_id, lead_id, activity_type, occurred_at, url, campaign
        from raw.activities
        where cast(occurred_at as date) > ?
            or hash(activity_id) % 5 = 0 and list_contains(?, cast(occurred_at as date))
        """,
        [FIRST, list(LATE)],
    ).fetchall()


def _arrives_on(row: tuple) -> date:
    day = row[3].date()
    return day if day > FIRST else FIRST + timedelta(days=LATE[day])


def _rows_moved(project: Project) -> int:
    """How many leads' sums the last run changed."""
    return project.query(
        "select count(*) from intermediate.int_behavior_sums_changed"
        " where lead_id is not null and sheet_id is not null"
    )[0][0]


def _assert_sums_as_if_afresh(project: Project, score_date: str) -> None:
    carried = project.query(SUMS.format("int_behavior_rule_sums", "true"))
    result = project.dbt(
        "run",
        "--full-refresh",
        "--select",
        "int_behavior_sums_changed",
        "--vars",
        f"{{score_date: '{score_date}'}}",
    )
    assert result.success, result.output[-3000:]
    afresh = project.query(
        SUMS.format(
            "int_behavior_sums_changed", "lead_id is null or sheet_id is null or occurrences > 0"
        )
    )
    assert len(carried) > 100
    only_carried = set(carried) - set(afresh)
    only_afresh = set(afresh) - set(carried)
    assert not only_carried and not only_afresh, (
        score_date,
        sorted(only_carried, key=str)[:3],
        sorted(only_afresh, key=str)[:3],
    )


def _assert_lead_scores_as_pandas(project: Project, score_date: date) -> None:
    with duckdb.connect(str(project.db), read_only=True) as con:
        expected = pandas_lead_scores(con, score_date)
        built = con.execute(
            "select sheet_id, lead_id, behavior_score, total_score, tier, is_mql"
            " from marts.lead_scores"
        ).df()
    columns = ["sheet_id", "lead_id", "behavior_score", "total_score", "tier", "is_mql"]
    expected = expected[columns].sort_values(["sheet_id", "lead_id"]).reset_index(drop=True)
    built = built.sort_values(["sheet_id", "lead_id"]).reset_index(drop=True)
    built[["behavior_score", "total_score"]] = built[["behavior_score", "total_score"]].astype(
        "float64"
    )
    pd.testing.assert_frame_equal(built, expected, check_dtype=False)


def test_carried_sums_equal_sums_taken_afresh_every_day(project: Project) -> None:
    # without technographics: the pandas scoring knows no custom attribute
    write_demo_data(
        project.db,
        n_leads=200,
        seed=5,
        end_date=date(2026, 6, 30),
        history_days=120,
        technographics=False,
    )
    with duckdb.connect(str(project.db)) as con:
        held = _held_back(con)
        ids = [row[0] for row in held]
        con.execute("delete from raw.activities where list_contains(?, activity_id)", [ids])
    # a half-life of a quarter day: its anchor moves every 8 days, so once in these eight
    project.edit_seed(
        "behavior_rules",
        "b2b_7day,product_page,page_view,%/product%,3,3,9,,",
        "b2b_7day,product_page,page_view,%/product%,3,3,9,0.25,",
    )
    project.score(FIRST.isoformat())
    _assert_sums_as_if_afresh(project, FIRST.isoformat())

    for offset in range(1, DAYS + 1):
        day = FIRST + timedelta(days=offset)
        project.append_raw("activities", [row for row in held if _arrives_on(row) == day])
        if offset == 3:
            # a row corrected in place: another lead's, a day earlier
            with duckdb.connect(str(project.db)) as con:
                con.execute(
                    """
                    update raw.activities
                    set lead_id = (select min(lead_id) from raw.leads),
                        occurred_at = occurred_at - interval 1 day
                    where activity_id = (
                        select min(activity_id) from raw.activities
                        where activity_type = 'page_view' and url like '%/pricing%'
                            and cast(occurred_at as date) = date '2026-06-15'
                    )
                    """
                )
        if offset == 4:
            # a half-life changed: the rule is summed afresh; points changed: carried
            project.edit_seed(
                "behavior_rules", "%/pricing%,15,2,45,30,web", "%/pricing%,15,2,45,20,web"
            )
            project.edit_seed(
                "behavior_rules",
                "blog_post,page_view,%/blog/%,0.5,2,5,14",
                "blog_post,page_view,%/blog/%,1.5,2,5,14",
            )
        if offset == 6:
            # a window widened: the sheet's rules are summed afresh
            project.edit_seed("score_sheets", "1.0,1.0,7,60,", "1.0,1.0,10,60,")
        project.score(day.isoformat())
        moved = _rows_moved(project)
        _assert_sums_as_if_afresh(project, day.isoformat())
        summed = len(project.query(SUMS.format("int_behavior_sums_changed", "occurrences > 0")))
        if offset not in (4, 6):
            # carried: a day moves the sums of a fraction of the leads, not all of them
            assert moved < summed / 2, (day, moved, summed)
        _assert_lead_scores_as_pandas(project, day)

    # the points of the next day without moving the sums to it: an error, not zero points
    following = (FIRST + timedelta(days=DAYS + 1)).isoformat()
    result = project.dbt(
        "run", "--select", "int_behavior_points_by_rule", "--vars", f"{{score_date: '{following}'}}"
    )
    assert not result.success
    assert (
        f"int_behavior_rule_sums holds the decayed sums of {day.isoformat()},"
        f" not of the score date {following}"
    ) in result.output, result.output[-3000:]
