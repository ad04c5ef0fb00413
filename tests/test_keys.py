"""Keys and columns of raw (contract §3): a null key, an empty one and one of nothing but white
space, any Unicode white space, are `missing_key` in every source; a key with text around its
blanks is a key; a raw table without a required column stops the run before it starts."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.support.harness import Project

# each of these is no key at all
BLANK_KEYS = [
    None,
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",  # no-break space
    "\u2003\u3000",  # em space, ideographic space
    "\u2028",  # line separator
    " \t\u00a0\u202f ",
]
# ...and these are keys, compared as given
REAL_KEYS = [" K1", "K1\t", "\u00a0K2"]

AT = datetime(2026, 6, 30, 9, 0)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from tests.support.harness import copy_project

    project = copy_project(tmp_path_factory.mktemp("keys"))
    keys = BLANK_KEYS + REAL_KEYS
    project.load_raw(
        {
            "leads": [(key, None, None, None, None, None, AT) for key in keys],
            "accounts": [(key, None, None, None, None, None, None) for key in keys],
            # every activity belongs to the lead " K1", so only its own key can reject it
            "activities": [(key, " K1", "page_view", AT, None, None) for key in keys],
            "opportunities": [(key, " K1", None, AT, False, None) for key in keys],
        }
    )
    project.build("2026-06-30")
    return project


@pytest.mark.parametrize("table", ["leads", "accounts", "activities", "opportunities"])
def test_white_space_keys_are_missing_keys_in_every_source(built: Project, table: str) -> None:
    rejected = built.query(
        "select record_id, reason from marts.rejected_records where source_table = ?", [table]
    )
    assert sorted(rejected, key=repr) == sorted(
        [(key, "missing_key") for key in BLANK_KEYS], key=repr
    )


def test_keys_with_text_around_white_space_are_accepted_as_given(built: Project) -> None:
    assert sorted(built.query("select lead_id from staging.stg_raw__leads")) == sorted(
        (key,) for key in REAL_KEYS
    )
    # the three activities with real keys count for lead " K1": accepted + rejected = raw
    assert built.query(
        "select sum(daily.occurrences) from intermediate.int_activities_matched_daily as daily"
        " join intermediate.int_activity_matchers as matchers using (matcher_id)"
        " where matchers.matcher_kind = 'activity' and daily.lead_id = ' K1'"
    ) == [(len(REAL_KEYS),)]


def test_a_raw_table_without_a_required_column_stops_the_run_before_any_model(
    project: Project,
) -> None:
    """raw.leads without lead_source, raw.accounts without industry: the run stops before any
    model runs, naming each table and column and what to do; a missing optional column
    (activities.user_agent) is not a problem."""
    project.load_raw({})
    with project.engine() as engine:
        engine.execute("alter table raw.leads drop column lead_source")
        engine.execute("alter table raw.accounts drop column industry")
        engine.execute("alter table raw.activities drop column user_agent")
    result = project.dbt("build", "--vars", "{score_date: '2026-06-30'}")
    assert result.returncode != 0
    output = result.output
    assert "raw.leads has no column lead_source: add it (every value may be null)" in output
    assert "raw.accounts has no column industry" in output
    assert "user_agent" not in output
    assert " OK created " not in output and " OK loaded " not in output, output[-3000:]
