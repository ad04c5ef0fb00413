"""The same project on Apache Spark, as a cluster is used: a Spark server on 127.0.0.1
(tests/support/spark_server.py) that dbt reaches by the thrift method and the Python side by
Spark Connect. Every mart equals DuckDB's after a full and an incremental run, and the
commands that read the marts (top, explain, the CRM sync, the report, diff) say what they say
on DuckDB. Session mode, the zero-set-up option, is checked here by the broken sheets (which fail
as on DuckDB). The demo runs through a server too, in tests/test_spark_demo.py (a file of its
own so that the two run on different workers)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from orchestration.warehouse.spark_server import SparkServer
from tests.support.engine_comparison import (
    assert_broken_sheets_fail_as_on_duckdb,
    assert_same_marts,
    two_days,
)
from tests.support.harness import Project, copy_project
from tests.support.spark_server import project_on_server

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def on_spark(spark_server: SparkServer, tmp_path_factory: pytest.TempPathFactory) -> Project:
    # its sheets write whole numbers as 30.0 or +1: read as DuckDB reads 30 and 1
    project = project_on_server(spark_server, tmp_path_factory.mktemp("spark"))
    return two_days(project, decimal_notation=True)


def test_every_mart_equals_duckdb_after_a_full_and_an_incremental_run(
    two_days_on_duckdb: Project, on_spark: Project
) -> None:
    assert not (on_spark.root / "spark").exists()  # nothing ran in a Spark of its own
    assert_same_marts(two_days_on_duckdb, on_spark)


def _said(project: Project, *args: str, **env: str) -> str:
    result = project.leadscore(*args, **env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def test_the_commands_read_the_marts_through_the_server(
    two_days_on_duckdb: Project, on_spark: Project, tmp_path: Path
) -> None:
    def ranked(project: Project) -> list[str]:
        """The rows of `leadscore top`: rank, lead, score, tier, cell and reasons."""
        lines = _said(project, "top", "--limit", "5").splitlines()
        return [line for line in lines if line[:4].strip().isdigit()]

    assert len(ranked(on_spark)) == 5
    assert ranked(on_spark) == ranked(two_days_on_duckdb)
    for lead in ("L1", "L3"):
        assert _said(on_spark, "explain", lead) == _said(two_days_on_duckdb, "explain", lead)

    def records(project: Project, name: str) -> list[dict]:
        """The contacts a HubSpot sync would update, by e-mail address."""
        out = tmp_path / f"{name}.jsonl"
        store = str(tmp_path / f"{name}.sqlite")
        _said(project, "sync", "--dry-run", str(out), **crm, LEADSCORE_CRM_STORE=store)
        requests = [json.loads(line) for line in out.read_text().splitlines()]
        return sorted(
            (record for request in requests for record in request["body"]["inputs"]),
            key=lambda record: record["id"],
        )

    crm = {"LEADSCORE_CRM_FORMAT": "hubspot", "LEADSCORE_CRM_URL": "http://127.0.0.1:9"}
    on_server = records(on_spark, "spark")
    assert on_server
    assert on_server == records(two_days_on_duckdb, "duckdb")

    report = tmp_path / "report.html"
    _said(on_spark, "report", "--out", str(report))
    assert "s_main" in report.read_text()


def test_diff_scores_other_sheets_beside_the_marts_through_the_server(
    two_days_on_duckdb: Project, on_spark: Project, tmp_path: Path
) -> None:
    """`leadscore diff --seeds`: another version of the sheets (s_main's MQL threshold 30)
    built beside the marts on the server and compared with the current one (50), with the
    figures DuckDB gives."""

    def diff(project: Project, name: str) -> dict:
        seeds = tmp_path / f"{name}_seeds"
        shutil.copytree(project.seeds_dir, seeds)
        sheets = list(csv.DictReader((seeds / "score_sheets.csv").open()))
        for sheet in sheets:
            if sheet["sheet_id"] == "s_main":
                sheet["mql_threshold"] = "30"
        with (seeds / "score_sheets.csv").open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(sheets[0]))
            writer.writeheader()
            writer.writerows(sheets)
        out = tmp_path / f"{name}.json"
        dbt_dir = str(project.dbt_dir)
        _said(project, "diff", "--seeds", str(seeds), "--json", str(out), "--project-dir", dbt_dir)
        return json.loads(out.read_text())

    on_server = diff(on_spark, "spark")
    # on 07-01, s_main scores M3 41 and L3 35: MQLs at 30, not at 50 (L1, 84.66, at both)
    (main,) = [sheet for sheet in on_server if sheet["sheet_id"] == "s_main"]
    assert (main["mqls_before"], main["mqls_after"]) == (3, 1)
    assert set(main["mql_lost"]) == {"M3", "L3"} and main["mql_gained"] == []
    assert on_server == diff(two_days_on_duckdb.copy(tmp_path / "duckdb"), "duckdb")


def test_broken_sheets_fail_with_the_problems_duckdb_lists_in_session_mode(
    tmp_path: Path,
) -> None:
    assert_broken_sheets_fail_as_on_duckdb(copy_project(tmp_path, "spark"))


# A macro of the test, beside the project's: spark__delete_rows on a table of scratch
_DELETE_ROWS_OF = """
{% macro delete_rows_of(identifier, predicate) -%}
    {%- do spark__delete_rows(
        api.Relation.create(schema='scratch', identifier=identifier, type='table'),
        predicate, ['activity_date']) -%}
{%- endmacro %}
"""


def test_a_deletion_rewrites_only_the_partitions_holding_deleted_rows(on_spark: Project) -> None:
    """Spark's Parquet tables cannot delete rows: the rows kept of the partitions that held
    deleted ones are written again, null partition included, and the other partitions keep
    their files. A row whose predicate is null is kept, as `delete` keeps it."""
    (on_spark.dbt_dir / "macros" / "test_delete_rows_of.sql").write_text(_DELETE_ROWS_OF)

    def files() -> dict[str, str]:
        [(_, rows)] = on_spark.read("select id, _metadata.file_path from scratch.events")
        return dict(rows)

    def delete(predicate: str) -> None:
        args = json.dumps({"identifier": "events", "predicate": predicate})
        result = on_spark.dbt("run-operation", "delete_rows_of", "--args", args)
        assert result.success, result.output[-3000:]

    with on_spark.engine() as engine:
        engine.execute("create schema if not exists scratch")
        engine.execute(
            "create table scratch.events (id string, activity_date date)"
            " using parquet partitioned by (activity_date)"
        )
        engine.execute(
            "insert into scratch.events values ('a', date '2026-06-01'),"
            " ('b', date '2026-06-01'), ('c', date '2026-06-02'), ('d', null), ('e', null)"
        )
    before = files()

    delete("id = 'z'")  # no row: nothing written
    assert files() == before

    # a and d go; b and e are written again, c (06-02) keeps its file; e's predicate is null
    delete("case when id = 'e' then null else id in ('a', 'd') end")
    after = files()
    assert sorted(after) == ["b", "c", "e"]
    assert after["c"] == before["c"]
    assert after["b"] != before["b"] and after["e"] != before["e"]
    [(_, rows)] = on_spark.read("select id from scratch.events where activity_date is null")
    assert rows == [("e",)]

    with on_spark.engine() as engine:
        engine.execute("drop schema scratch cascade")
