"""The demo world: deterministic, realistic enough that scores predict conversion, and with
bad rows that staging rejects without losing any."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from orchestration.loading.demo.loader import write_demo_data
from tests.support.harness import Project

END = date(2026, 6, 30)


def _table_digest(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            con.execute(
                f"select '{table}', count(*), sum(hash(t)) from raw.{table} as t"
            ).fetchone()
            for table in ("leads", "accounts", "activities", "opportunities")
        ]


def test_same_seed_gives_same_data_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in [("a", 7), ("b", 7), ("c", 8)]:
        write_demo_data(tmp_path / f"{name}.duckdb", n_leads=200, seed=seed, end_date=END)
    first, second, other = (_table_digest(tmp_path / f"{n}.duckdb") for n in "abc")
    assert first == second
    assert first != other


def test_demo_world_scores_and_reconciles(project: Project) -> None:
    counts = write_demo_data(project.db, n_leads=600, seed=3, end_date=END)
    assert counts["leads"] > 600 and counts["activities"] > 5_000  # incl. bad rows
    project.build(END.isoformat())  # its data tests include accepted + rejected = raw

    reasons = {
        row[0] for row in project.query("select distinct reason from marts.rejected_records")
    }
    assert {
        "missing_key",
        "duplicate_key",
        "missing_timestamp",
        "unknown_lead",
        "unknown_activity_type",
        "unknown_account",  # a technographic row of an account nobody knows
    } <= reasons

    # technographics (contract §10): some accounts move to another tool during the history, and
    # the shipped rule on the data warehouse scores leads of accounts that run a cloud one
    [(moved,)] = project.query(
        "select count(*) from (select account_id, attribute from raw.account_attributes"
        " group by account_id, attribute having count(*) > 1)"
    )
    assert moved > 0
    [(cloud_leads,)] = project.query(
        "select count(*) from marts.lead_score_breakdown where rule_id = 'cloud_warehouse'"
    )
    assert cloud_leads > 0

    # good scores visibly predict conversion: hot leads convert more often than cold ones
    rates = dict(
        project.query("""
        select scores.tier, avg(case when opps.lead_id is null then 0.0 else 1.0 end)
        from marts.lead_scores as scores
        left join (select distinct lead_id from staging.stg_raw__opportunities) as opps
            using (lead_id)
        where scores.sheet_id = 'b2b_default'
        group by scores.tier
    """)
    )
    assert rates["hot"] > 2 * rates["cold"], rates

    # the mix of e-mails gives every e-mail type, and some leads resolve their account by domain
    types = {
        row[0]
        for row in project.query(
            "select distinct email_domain_type from intermediate.int_leads_enriched"
        )
    }
    assert types == {"free", "corporate", None}
    by_domain = project.query(
        "select count(*) from intermediate.int_leads_enriched as enriched"
        " join staging.stg_raw__leads as leads using (lead_id)"
        " where leads.account_id is null and enriched.account_id is not null"
    )
    assert by_domain[0][0] > 0


def test_blocks_give_the_same_world_whatever_the_number_of_workers(tmp_path: Path) -> None:
    # 4,500 leads: three blocks, the last one partial
    for name, workers in [("one", 1), ("two", 2)]:
        write_demo_data(
            tmp_path / f"{name}.duckdb", n_leads=4_500, seed=5, end_date=END, workers=workers
        )
    assert _table_digest(tmp_path / "one.duckdb") == _table_digest(tmp_path / "two.duckdb")
    with duckdb.connect(str(tmp_path / "one.duckdb"), read_only=True) as con:
        # the 4,500 leads and the blank key, and about 3 % second records of a lead
        originals, duplicates = con.execute(
            "select count(distinct lead_id) filter (where lead_id not like '%D'),"
            " count(*) filter (where lead_id like '%D') from raw.leads"
        ).fetchone()
        assert originals == 4_501
        assert 0.01 * 4_500 < duplicates < 0.05 * 4_500
        # activity ids are unique across blocks but for the deliberate duplicates
        duplicated = con.execute(
            "select count(*) from (select activity_id from raw.activities"
            " where activity_id <> '' group by 1 having count(*) > 1)"
        ).fetchone()[0]
        total = con.execute("select count(*) from raw.activities").fetchone()[0]
        assert 0 < duplicated < total * 0.01


def test_activities_option_scales_the_world_and_parquet_files_import(tmp_path: Path) -> None:
    from orchestration.loading.demo.loader import WorldSpec, generate
    from orchestration.loading.landing import import_folder
    from orchestration.warehouse.duckdb_engine import DuckDBEngine

    counts = generate(WorldSpec(2_000, 9, END, activities=200_000), parquet_dir=tmp_path / "pq")
    assert 180_000 <= counts["activities"] <= 220_000  # about 100 per lead, as asked
    with DuckDBEngine(tmp_path / "imported.duckdb") as engine:
        report = import_folder(engine, tmp_path / "pq")
        assert sum(report.loaded.values()) == sum(counts.values())
        assert engine.fetchall("select count(*) from raw.activities")[0][0] == counts["activities"]
