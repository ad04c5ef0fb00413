"""UTC everywhere (contract §3): the same instants scored the same way whether raw holds them as
`timestamp` (UTC), `timestamp with time zone` or ISO text with offsets, and whatever the time
zone of the machine (TZ) or of the database session (PGTZ); the landing importer lands CSV text
with offsets and zoned Parquet columns as UTC instants under any TZ.

Worked out by hand, D = 2026-06-30, sheet s1 (window 2 days: ages 0 and 1 count):
- L1, created 2026-06-01Z. A1 page_view 06-30 23:30-05:00 = 07-01 04:30Z: after D, out.
  A2 demo 07-01 01:30+02:00 = 06-30 23:30Z: age 0, 50. A3 page_view 06-28 23:30-01:00 =
  06-29 00:30Z: age 1, 10. A4 page_view 06-29 00:30+01:00 = 06-28 23:30Z: age 2, out of the
  window. A5 demo 06-29 12:00 (no zone: UTC): age 1, 50 x 0.5^(1/1) = 25. Behaviour
  10 + 75 = 85: hot.
- L2, created 06-30 20:00-07:00 = 07-01 03:00Z: after D, not scored.
- L3, created 07-01 01:00+02:00 = 06-30 23:00Z: scored. A6 page_view 06-30 22:00Z: 10, cold.
Read without their offsets (the old behaviour), L2 would be scored and L3 not, A1 would count
and A4 would be in the window.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration import warehouse
from tests.support.harness import Project, copy_project
from tests.support.sheets import NO_BUYING_GROUPS

D = "2026-06-30"
SHEETS = {
    "buying_groups": NO_BUYING_GROUPS,
    "score_sheets": """
        sheet_id,description,behavior_weight,profile_weight,window_days,mql_threshold,is_primary
        s1,Two days,1,1,2,100,true
    """,
    "activity_types": """
        activity_type,description
        page_view,Page view
        demo_request,Demo requested
    """,
    "predictive_models": (
        "model_id,description,feature_sheet_id,horizon_days,min_conversions,is_active"
    ),
    "behavior_rules": """
        sheet_id,rule_id,activity_type,url_pattern,points,max_per_day,max_points,half_life_days,group_id,description
        s1,r_view,page_view,,10,,,,,View
        s1,r_demo,demo_request,,50,,,1,,Demo
    """,
    "profile_rules": """
        sheet_id,rule_id,attribute,operator,value,min_value,max_value,points,description
        s1,p_any,country,is_missing,,,,0,No country
    """,
    "score_groups": "sheet_id,group_id,max_points,description",
    "score_bands": """
        sheet_id,scale,band,min_score
        s1,tier,cold,
        s1,tier,hot,50
        s1,grade,D,
        s1,engagement,1,
    """,
}
LEADS = [
    ("L1", "2026-06-01T00:00:00Z"),
    ("L2", "2026-06-30T20:00:00-07:00"),
    ("L3", "2026-07-01T01:00:00+02:00"),
]
ACTIVITIES = [
    ("A1", "L1", "page_view", "2026-06-30T23:30:00-05:00"),
    ("A2", "L1", "demo_request", "2026-07-01T01:30:00+02:00"),
    ("A3", "L1", "page_view", "2026-06-28T23:30:00-01:00"),
    ("A4", "L1", "page_view", "2026-06-29T00:30:00+01:00"),
    ("A5", "L1", "demo_request", "2026-06-29 12:00:00"),  # no zone: UTC
    ("A6", "L3", "page_view", "2026-06-30T22:00:00Z"),
    ("A7", "L9", "page_view", "2026-06-30T10:00:00Z"),  # unknown_lead: rejected_records
]
OPPORTUNITIES = [("O1", "L1", "2026-06-30T21:00:00-04:00")]  # 07-01 01:00Z

EXPECTED_SCORES = [
    ("L1", Decimal("85.00"), "hot"),
    ("L3", Decimal("10.00"), "cold"),
]
EXPECTED_LEDGER = [
    ("L1", "p_any", 1),
    ("L1", "r_demo", 2),
    ("L1", "r_view", 1),
    ("L3", "p_any", 1),
    ("L3", "r_view", 1),
]


def utc(text: str) -> datetime:
    """An ISO instant (UTC when it has no offset) as a UTC timestamp without a zone, what
    staging must give."""
    instant = datetime.fromisoformat(text)
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant


# raw column type of each form, and how a value of the world is written in it
FORMS = {
    "timestamp": ("timestamp", lambda text: utc(text).isoformat(sep=" ")),
    "timestamptz": ("timestamp with time zone", lambda text: text),
    "text": ("varchar", lambda text: text),
}


def load_world(project: Project, form: str) -> None:
    """The sheets, and raw tables whose timestamp columns are of `form`."""
    for name, text in SHEETS.items():
        project.write_seed(name, text)
    column_type, write = FORMS[form]
    rows = {
        "leads": [(lead, None, None, None, None, None, write(at)) for lead, at in LEADS],
        "accounts": [],
        "activities": [(a, lead, kind, write(at), None, None) for a, lead, kind, at in ACTIVITIES],
        "opportunities": [(o, lead, None, write(at), False, None) for o, lead, at in OPPORTUNITIES],
    }
    with project.engine() as engine:
        engine.execute("create schema if not exists raw")
        for table, columns in warehouse.RAW_TABLES.items():
            typed = {
                name: column_type if type_ == "timestamp" else type_
                for name, type_ in columns.items()
            }
            engine.create_table(f"raw.{table}", typed, replace=True)
            marks = ", ".join("?" for _ in columns)
            for row in rows.get(table, []):
                padded = (*row, *(None,) * (len(columns) - len(row)))  # optional columns: null
                engine.execute(f"insert into raw.{table} values ({marks})", padded)


def assert_scored_in_utc(project: Project) -> None:
    (_, scores), (_, ledger), (_, instants), (_, opportunities), (_, detected) = project.read(
        "select lead_id, total_score, tier from marts.lead_scores order by lead_id",
        "select lead_id, rule_id, occurrences from marts.lead_score_breakdown"
        " order by lead_id, rule_id",
        "select activity_id, occurred_at, activity_date from staging.stg_raw__activities"
        " order by activity_id",
        "select created_at from staging.stg_raw__opportunities",
        "select max(detected_at) from marts.rejected_records",
    )
    assert [(lead, Decimal(str(score)), tier) for lead, score, tier in scores] == EXPECTED_SCORES
    assert ledger == EXPECTED_LEDGER
    assert [(a, at.replace(tzinfo=None)) for a, at, _ in instants] == [
        (a, utc(at)) for a, _, _, at in ACTIVITIES
    ]
    assert [str(day) for *_, day in instants] == [str(utc(at).date()) for *_, at in ACTIVITIES]
    assert [at.replace(tzinfo=None) for (at,) in opportunities] == [utc(OPPORTUNITIES[0][2])]
    # A7 was rejected just now, in UTC (not the machine's or the session's wall clock)
    age = datetime.now(UTC).replace(tzinfo=None) - detected[0][0].replace(tzinfo=None)
    assert timedelta(0) <= age < timedelta(minutes=10)


@pytest.mark.parametrize(
    ("form", "zone"),
    [
        ("timestamp", "America/Los_Angeles"),
        ("timestamptz", "Pacific/Kiritimati"),
        ("text", "Asia/Kolkata"),
    ],
)
def test_duckdb_scores_every_timestamp_form_in_utc_under_any_machine_zone(
    tmp_path: Path, form: str, zone: str
) -> None:
    project = copy_project(tmp_path)
    project.settings["TZ"] = zone
    load_world(project, form)
    project.build(D)
    assert_scored_in_utc(project)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("form", "zone"), [("timestamptz", "America/Los_Angeles"), ("text", "Pacific/Kiritimati")]
)
def test_postgres_scores_every_timestamp_form_in_utc_under_any_session_zone(
    postgres_server, tmp_path: Path, form: str, zone: str
) -> None:
    database = postgres_server.create_database(f"tz_{form}_{zone.split('/')[0].lower()}")
    # PGTZ sets the session's zone of every connection dbt opens, TZ the machine's
    project = copy_project(tmp_path, "postgres", {**database, "TZ": zone, "PGTZ": zone})
    load_world(project, form)
    project.build(D)
    assert_scored_in_utc(project)


IMPORT_SCRIPT = """
import sys
from pathlib import Path
from orchestration import warehouse
from orchestration.loading.landing import import_folder
with warehouse.open_engine() as engine:
    import_folder(engine, Path(sys.argv[1]))
"""

LANDING_ACTIVITIES = [
    # activity_id, the file's value, the UTC instant it stands for
    ("C1", "2026-06-30T23:30:00-05:00", "2026-07-01T04:30:00+00:00"),
    ("C2", "2026-07-01T01:30:00+02:00", "2026-06-30T23:30:00+00:00"),
    ("C3", "2026-06-30 10:00:00", "2026-06-30T10:00:00+00:00"),
    ("C4", "2026-06-30T10:00:00Z", "2026-06-30T10:00:00+00:00"),
]


def write_landing(folder: Path) -> None:
    """A CSV with offsets and none, and a Parquet file whose column has a zone."""
    folder.mkdir()
    lines = ["activity_id,lead_id,activity_type,occurred_at,url,campaign"]
    lines += [f"{a},L1,page_view,{text},," for a, text, _ in LANDING_ACTIVITIES]
    (folder / "activities.csv").write_text("\n".join(lines) + "\n")
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'Asia/Tokyo'")  # written by a machine elsewhere
        con.execute(
            "copy (select 'P1' as activity_id, 'L1' as lead_id, 'page_view' as activity_type,"
            " timestamptz '2026-06-30 23:30:00-05:00' as occurred_at, null as url,"
            f" null as campaign) to '{folder / 'activities_zoned.parquet'}' (format parquet)"
        )


@pytest.mark.parametrize("target", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_importer_lands_offsets_and_zoned_parquet_as_utc_under_any_machine_zone(
    request, tmp_path: Path, target: str
) -> None:
    settings = {"TZ": "America/Los_Angeles", "PGTZ": "Asia/Kolkata"}
    if target == "postgres":
        database = request.getfixturevalue("postgres_server").create_database(tmp_path.name[:40])
        settings |= database
    project = Project(tmp_path, target, settings)
    write_landing(tmp_path / "landing")
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT, str(tmp_path / "landing")],
        env=project.env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    ((_, rows),) = project.read("select activity_id, occurred_at from raw.activities")
    expected = {a: utc(instant) for a, _, instant in LANDING_ACTIVITIES}
    expected["P1"] = utc("2026-07-01T04:30:00+00:00")
    assert {a: at.replace(tzinfo=None) for a, at in rows} == expected
