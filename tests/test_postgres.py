"""The same project on a real PostgreSQL server the tests start: every mart equals DuckDB's,
through a daily incremental run too, and the BI role reads the marts and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg2
import pytest

from tests.engine_comparison import assert_same_marts, two_days
from tests.harness import Project, copy_project
from tests.postgres_server import PostgresServer


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return two_days(copy_project(tmp_path_factory.mktemp("duckdb")))


@pytest.fixture(scope="module")
def on_postgres(server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Project:
    settings = server.create_database("scenario")
    with _connect(server, "scenario") as con, con.cursor() as cursor:
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
    server: PostgresServer, on_postgres: Project
) -> None:
    con = _connect(server, "scenario", user="bi_reader")
    with con.cursor() as cursor:
        cursor.execute("select count(*) from marts.lead_scores")
        assert cursor.fetchone()[0] > 0
    with _connect(server, "scenario") as admin, admin.cursor() as cursor:
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
