"""The landing-file importer: CSV and Parquet into raw, nothing twice, files without a required
column refused with the file and column named and nothing of them loaded, values that do not
fit landed as null and counted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.loading.landing import LandingFileError, import_folder
from orchestration.warehouse import OPTIONAL_COLUMNS, RAW_TABLES, Engine
from tests.support.harness import Project
from tests.support.spark_server import project_on_server

LEADS_CSV = """lead_id,email,job_title,country,account_id,lead_source,created_at,extra
L1,a@acme.com,CEO,US,,direct,2026-06-01 10:00:00,ignored
L2,,,,,,,
"""
ACTIVITIES_CSV = """activity_id,lead_id,activity_type,occurred_at,url,campaign
E1,L1,page_view,2026-06-02 10:00:00,https://x.com/pricing,
"""


def counts(con: Engine) -> dict[str, int]:
    return {
        table: con.fetchall(f"select count(*) from raw.{table}")[0][0]
        for table in ("leads", "accounts", "activities", "opportunities")
    }


@pytest.fixture(
    params=[
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("spark", marks=pytest.mark.spark),
    ]
)
def con(request, tmp_path: Path):
    """A new warehouse of each engine the importer writes to; on Spark, the test session's
    Spark server, which the rows reach through Spark Connect."""
    if request.param == "duckdb":
        project = Project(tmp_path)
    elif request.param == "postgres":
        server = request.getfixturevalue("postgres_server")
        project = Project(tmp_path, "postgres", server.create_database(tmp_path.name.lower()))
    else:
        project = project_on_server(request.getfixturevalue("spark_server"), tmp_path / "spark")
    with project.engine() as engine:
        yield engine


def test_csv_and_parquet_load_once(con, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "leads.csv").write_text(LEADS_CSV)
    (landing / "activities_2026-06-02.csv").write_text(ACTIVITIES_CSV)
    duckdb.execute(
        "copy (select 'A1' as account_id, 'acme.com' as domain, 'Acme' as account_name,"
        " 'software' as industry, 500 as employee_count, 1e6 as annual_revenue,"
        f" 'US' as country) to '{landing / 'accounts.parquet'}' (format parquet)"
    )
    report = import_folder(con, landing)
    assert report.loaded == {"accounts.parquet": 1, "activities_2026-06-02.csv": 1, "leads.csv": 2}
    leads = con.fetchall("select lead_id, email, created_at is null from raw.leads order by 1")
    assert leads == [
        ("L1", "a@acme.com", False),
        ("L2", None, True),
    ]

    again = import_folder(con, landing)
    assert again.loaded == {} and len(again.skipped) == 3
    assert counts(con) == {"leads": 2, "accounts": 1, "activities": 1, "opportunities": 0}


def test_optional_columns_and_the_optional_tables(con, tmp_path: Path) -> None:
    """A raw.activities made before the optional columns gains them; a file without them
    imports with nulls, one with them keeps them; a lead_merges file lands in its table, its
    offset applied (contract §3), and an account_attributes file in its own (contract §10)."""
    con.execute("create schema if not exists raw")
    optional = OPTIONAL_COLUMNS["activities"]
    before = {name: t for name, t in RAW_TABLES["activities"].items() if name not in optional}
    con.create_table("raw.activities", before, replace=False)
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "leads.csv").write_text(LEADS_CSV)
    (landing / "activities_old.csv").write_text(ACTIVITIES_CSV)
    (landing / "activities_new.csv").write_text(
        "activity_id,lead_id,activity_type,occurred_at,url,campaign,user_agent,ip_address\n"
        "E2,L1,page_view,2026-06-02 11:00:00,,,Googlebot/2.1,66.249.66.1\n"
    )
    (landing / "lead_merges.csv").write_text(
        "merged_lead_id,surviving_lead_id,merged_at\nL2,L1,2026-06-03T00:00:00+02:00\n"
    )
    (landing / "account_attributes_2026-06.csv").write_text(
        "account_id,attribute,value,updated_at\n"
        "A1,data_warehouse,Snowflake,2026-06-03T00:00:00+02:00\n"
        "A1,crm,HubSpot,\n"
    )
    import_folder(con, landing)
    assert con.fetchall(
        "select activity_id, user_agent, ip_address from raw.activities order by 1"
    ) == [("E1", None, None), ("E2", "Googlebot/2.1", "66.249.66.1")]
    assert con.fetchall("select * from raw.lead_merges") == [
        ("L2", "L1", datetime(2026, 6, 2, 22, 0))
    ]
    assert con.fetchall("select * from raw.account_attributes order by attribute") == [
        ("A1", "crm", "HubSpot", None),
        ("A1", "data_warehouse", "Snowflake", datetime(2026, 6, 2, 22, 0)),
    ]


def test_a_file_missing_a_column_is_refused_and_nothing_is_loaded(con, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "activities.csv").write_text(ACTIVITIES_CSV)
    (landing / "leads.csv").write_text(LEADS_CSV.replace(",lead_source", ",source"))
    with pytest.raises(LandingFileError) as refused:
        import_folder(con, landing)
    assert "leads.csv" in str(refused.value)
    assert "required column 'lead_source'" in str(refused.value)
    assert counts(con) == {"leads": 0, "accounts": 0, "activities": 0, "opportunities": 0}


def test_a_value_that_does_not_fit_is_landed_as_null_and_counted(con, tmp_path: Path) -> None:
    """One bad value stops nothing: the raw tables are typed, so it lands as null, and the
    report names the file, the column and the value."""
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "activities.csv").write_text(ACTIVITIES_CSV)
    (landing / "leads.csv").write_text(LEADS_CSV.replace("2026-06-01 10:00:00", "yesterday"))
    (landing / "accounts.csv").write_text(
        "account_id,domain,account_name,industry,employee_count,annual_revenue,country\n"
        "A1,a.com,A,software,abc,1000,US\nA2,b.com,B,software, 250 ,lots,US\n"
        "A3,c.com,C,software,abc,,US\n"
    )
    report = import_folder(con, landing)
    assert report.loaded == {"activities.csv": 1, "leads.csv": 2, "accounts.csv": 3}
    assert report.bad_values == {
        "leads.csv": ["created_at: 1 value(s) landed as null, e.g. 'yesterday'"],
        "accounts.csv": [
            "employee_count: 2 value(s) landed as null, e.g. 'abc'",
            "annual_revenue: 1 value(s) landed as null, e.g. 'lots'",
        ],
    }
    assert con.fetchall("select created_at from raw.leads where lead_id = 'L1'") == [(None,)]
    assert con.fetchall(
        "select account_id, employee_count, annual_revenue from raw.accounts order by 1"
    ) == [("A1", None, 1000), ("A2", 250, None), ("A3", None, None)]


def test_an_unknown_file_name_is_refused(con, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "contacts.csv").write_text("id\n1\n")
    with pytest.raises(LandingFileError, match="contacts.csv: no raw table matches"):
        import_folder(con, landing)
