"""The same project on a real PostgreSQL server the tests start: every mart equals DuckDB's,
through a daily incremental run too, and the BI role reads the marts and nothing else."""

from __future__ import annotations

from datetime import datetime

import psycopg2
import pytest

from tests.engine_comparison import assert_same_marts, two_days
from tests.harness import Project, copy_project
from tests.postgres_server import PostgresServer


@pytest.fixture(scope="module")
def on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return two_days(copy_project(tmp_path_factory.mktemp("duckdb")))


@pytest.fixture(scope="module")
def on_postgres(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Project:
    settings = postgres_server.create_database("scenario")
    with _connect(postgres_server, "scenario") as con, con.cursor() as cursor:
        # the BI tool's login; dbt creates the role itself when it is missing
        cursor.execute("create role bi_reader login")
    return two_days(copy_project(tmp_path_factory.mktemp("pg"), "postgres", settings))


def _connect(server: PostgresServer, database: str, user: str = "postgres"):
    con = psycopg2.connect(host="127.0.0.1", port=server.port, user=user, dbname=database)
    con.autocommit = True
    return con


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    on_duckdb: Project, on_postgres: Project
) -> None:
    assert_same_marts(on_duckdb, on_postgres)


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
    for relation in forbidden:
        with con.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f"select 1 from {relation} limit 1")
    con.close()


def test_the_dagster_pipeline_follows_the_target(
    postgres_server: PostgresServer, tmp_path, monkeypatch
) -> None:
    """DBT_TARGET=postgres: the demo world, dbt, the checks and the alert queue all use the
    server (nothing is written to a DuckDB file)."""
    from dagster import DagsterInstance

    from orchestration.alerting.store import AlertStore
    from orchestration.runs import run_pipeline

    for name, value in postgres_server.create_database("pipeline").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DBT_TARGET", "postgres")
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(tmp_path / "unused.duckdb"))
    monkeypatch.setenv("LEADSCORE_ALERT_STORE", str(tmp_path / "alerts.sqlite"))
    result = run_pipeline(
        datetime(2026, 6, 30).date(), demo_leads=400, dagster_instance=DagsterInstance.ephemeral()
    )
    assert result.success
    checks = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks["rejected_activity_share"] and "activity_freshness" in checks
    with _connect(postgres_server, "pipeline") as con, con.cursor() as cursor:
        cursor.execute("select count(*) from raw.leads")
        assert cursor.fetchone()[0] >= 400  # the demo world adds a few broken rows
        cursor.execute(
            "select count(*) from marts.mql_events as events"
            " inner join seeds.score_sheets as sheets"
            " on events.sheet_id = sheets.sheet_id and sheets.is_primary"
            " where events.qualified_on = '2026-06-30'"
        )
        mqls = cursor.fetchone()[0]
    assert mqls > 0
    assert AlertStore(tmp_path / "alerts.sqlite").max_seq() == mqls
    assert not (tmp_path / "unused.duckdb").exists()
