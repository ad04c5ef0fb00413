"""The same project on a real PostgreSQL server the tests start: every mart equals DuckDB's,
through a daily incremental run too, and the BI role reads the marts and nothing else."""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest

from orchestration.warehouse.postgres_server import PostgresServer
from tests.support.engine_comparison import (
    assert_broken_sheets_fail_as_on_duckdb,
    assert_same_marts,
    two_days,
)
from tests.support.harness import Project, copy_project, leadscore_demo

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def on_postgres(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Project:
    settings = postgres_server.create_database("scenario")
    with _connect(postgres_server, "scenario") as con, con.cursor() as cursor:
        # the BI tool's login; dbt creates the role itself (nologin) when it is missing, and an
        # earlier test on this server (roles belong to the server) may have had it do so
        cursor.execute(
            "do $$ begin if not exists (select from pg_roles where rolname = 'bi_reader')"
            " then create role bi_reader; end if; end $$"
        )
        cursor.execute("alter role bi_reader login")
    # its sheets write whole numbers as 30.0 or +1: read as DuckDB reads 30 and 1
    return two_days(
        copy_project(tmp_path_factory.mktemp("pg"), "postgres", settings), decimal_notation=True
    )


def _connect(server: PostgresServer, database: str, user: str = "postgres"):
    con = psycopg2.connect(host="127.0.0.1", port=server.port, user=user, dbname=database)
    con.autocommit = True
    return con


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    two_days_on_duckdb: Project, on_postgres: Project
) -> None:
    assert_same_marts(two_days_on_duckdb, on_postgres)


def test_broken_sheets_fail_with_the_problems_duckdb_lists(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    settings = postgres_server.create_database("broken_sheets")
    assert_broken_sheets_fail_as_on_duckdb(copy_project(tmp_path, "postgres", settings))


def test_the_bi_role_reads_the_marts_and_nothing_else(
    postgres_server: PostgresServer, on_postgres: Project
) -> None:
    con = _connect(postgres_server, "scenario", user="bi_reader")
    with con.cursor() as cursor:
        cursor.execute("select count(*) from marts.lead_scores")
        assert cursor.fetchone()[0] > 0
    with _connect(postgres_server, "scenario") as admin, admin.cursor() as cursor:
        cursor.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_schema in ('raw', 'staging', 'intermediate', 'seeds')"
        )
        forbidden = [row[0] for row in cursor.fetchall()]
    assert "raw.leads" in forbidden and "intermediate.int_activities_matched_daily" in forbidden
    # the marts made for BI, and their documentation as comments (persist_docs)
    with con.cursor() as cursor:
        cursor.execute("select count(*), count(top_reasons) from marts.lead_profiles")
        profiles, with_reasons = cursor.fetchone()
        assert profiles > 0 and with_reasons == profiles
        cursor.execute("select count(*) from marts.score_changes")
        assert cursor.fetchone()[0] > 0
        cursor.execute(
            "select obj_description(attrelid), col_description(attrelid, attnum)"
            " from pg_attribute where attrelid = 'marts.lead_profiles'::regclass"
            " and attname = 'points_to_mql'"
        )
        table_comment, points_to_mql_comment = cursor.fetchone()
        assert table_comment.startswith("One wide row per lead scored on the primary sheet")
        assert points_to_mql_comment.startswith("Points the lead lacks to become an MQL")
    for relation in forbidden:
        with con.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f"select 1 from {relation} limit 1")
    con.close()


def test_leadscore_demo_follows_the_target(postgres_server: PostgresServer, tmp_path) -> None:
    """`leadscore --target postgres demo`: the demo world, the Dagster graph (dbt, checks, alert
    queue), the backtest, the suggestion, the report and the top leads all use the server;
    nothing is written to a DuckDB file."""
    from orchestration.alerting.store import AlertStore

    settings = postgres_server.create_database("pipeline")
    result = leadscore_demo("postgres", tmp_path, 400, settings)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # dbt ran there (its output is in the demo's log, not on the console)
    assert "target='postgres'" in (tmp_path / "logs" / "demo.log").read_text()
    assert "Running with dbt" not in result.stdout + result.stderr
    assert "Marts are in the postgres warehouse" in result.stdout
    # the top accounts, with what their buying groups miss
    assert "Top 5 accounts on sheet 'b2b_default'" in result.stdout
    assert "missing roles" in result.stdout
    with _connect(postgres_server, "pipeline") as con, con.cursor() as cursor:
        cursor.execute("select count(*) from raw.leads")
        assert cursor.fetchone()[0] >= 400  # the demo world adds a few broken rows
        # the demo backtested its past before the Dagster run of 06-30, whose alert queue covers
        # that date alone: its new MQLs, not the leads already MQLs on the last backtested date
        primary = (
            " inner join staging.stg_seeds__score_sheets as sheets"
            " on {0}.sheet_id = sheets.sheet_id and sheets.is_primary"
        )
        cursor.execute(
            "select count(*) from marts.mql_events as events"
            + primary.format("events")
            + " where events.qualified_on = '2026-06-30'"
        )
        mqls = cursor.fetchone()[0]
        cursor.execute(
            "select count(*) from marts.lead_scores as scores"
            + primary.format("scores")
            + " where scores.is_mql"
        )
        assert cursor.fetchone()[0] > mqls
        cursor.execute("select role, count(*) from marts.scoring_backtest group by role")
        assert dict(cursor.fetchall()) == {"champion": 1, "challenger": 2}
        cursor.execute("select count(*) from marts.suggested_rules")
        assert cursor.fetchone()[0] > 20
    # the blocking check passed (the queue ran after it) and every MQL was queued once
    assert mqls > 0 and AlertStore(tmp_path / "alerts.sqlite").max_seq() == mqls
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert not (tmp_path / "unused.duckdb").exists()
