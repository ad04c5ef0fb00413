"""The CRM sync (contract §7) against a CRM API on 127.0.0.1 (tests/support/crm_server.py) that
checks each request's shape, bearer token and batch size: `leadscore sync` end to end on the scoring
scenario's world, then the pushing itself (batches, faults, a restart) on records queued
directly, and the Dagster asset and sensor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dagster import AssetKey, SensorResult, build_sensor_context, materialize

from orchestration.crm.formats import FORMATS
from orchestration.crm.store import CrmStore
from orchestration.crm.sync import push
from orchestration.location.assets.crm import crm_sync_queue
from orchestration.location.resources import CrmSettings, Warehouse
from orchestration.location.sensors import crm_sync_sensor
from tests.support.crm_server import CrmServer
from tests.support.harness import Project
from tests.support.scenario import NEXT, scenario_scored_on_d

TOKEN = "secret-token"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return scenario_scored_on_d(Path(tmp_path_factory.mktemp("crm")))


def sync(project: Project, server: CrmServer, crm: str, store: Path, *args: str):
    return project.leadscore(
        "sync",
        *args,
        LEADSCORE_CRM_FORMAT=crm,
        LEADSCORE_CRM_URL=server.url,
        LEADSCORE_CRM_TOKEN=TOKEN,
        LEADSCORE_CRM_STORE=str(store),
    )


def test_leadscore_sync_twice_sends_only_what_changed(scenario: Project, tmp_path: Path) -> None:
    store = tmp_path / "salesforce.sqlite"
    with CrmServer(TOKEN) as server:
        done = sync(scenario, server, "salesforce", store)
        assert done.returncode == 0, done.stdout + done.stderr
        # the first sync sends every scored lead of the primary sheet (s_main), one batch,
        # then every account, one batch of Account records
        request, accounts = server.requests
        assert request["method"] == "PATCH"
        assert request["path"] == "/services/data/v62.0/composite/sobjects"
        assert request["body"]["allOrNone"] is False
        records = {record["id"]: record for record in request["body"]["records"]}
        assert records["L1"] == {
            "attributes": {"type": "Lead"},
            "id": "L1",
            "Lead_Score__c": 86,
            "Lead_Tier__c": "hot",
            "Lead_Grade__c": "A",
            "Lead_Score_Matrix__c": "A1",
            "Is_MQL__c": True,
            "Lead_Score_Reasons__c": "r_pricing +30.00; r_demo +20.00; p_vp +15.00",
        }
        # -20.00 and -5.00 in whole points
        assert (records["L2"]["Lead_Score__c"], records["L3"]["Lead_Score__c"]) == (-20, -5)
        assert "3 record(s) sent in 1 batch(es)" in done.stdout
        # the accounts of tests/test_scoring_scenario.py: A1 68 warm, A2 -20, A3 0; s_main has
        # no buying group (no coverage) and no MQA threshold
        assert accounts["path"] == request["path"]
        assert accounts["body"] == {
            "allOrNone": False,
            "records": [
                {
                    "attributes": {"type": "Account"},
                    "id": account,
                    "Account_Score__c": score,
                    "Account_Tier__c": tier,
                    "Buying_Group_Coverage__c": None,
                    "Is_MQA__c": False,
                }
                for account, score, tier in [
                    ("A1", 68, "warm"),
                    ("A2", -20, "cold"),
                    ("A3", 0, "cold"),
                ]
            ],
        }

        # nothing changed: nothing is sent
        again = sync(scenario, server, "salesforce", store)
        assert again.returncode == 0, again.stdout + again.stderr
        assert len(server.requests) == 2
        assert "0 lead(s) with changed fields queued" in again.stdout
        assert "0 account(s) with changed fields queued" in again.stdout

        # the next day L1 is 84.66 (85 in whole points) with the demo request's decayed
        # reason (tests/test_bi_marts.py); L2 and L3 did not move: only L1 is sent, and its
        # account A1: 46.66 of behaviour + fit 20 = 66.66, 67 in whole points
        scenario.score(NEXT)
        later = sync(scenario, server, "salesforce", store)
        assert later.returncode == 0, later.stdout + later.stderr
        assert server.sent_ids() == ["L1", "L2", "L3", "A1", "A2", "A3", "L1", "A1"]
        assert server.records["A1"]["Account_Score__c"] == 67
        assert server.records["L1"]["Lead_Score__c"] == 85
        assert server.records["L1"]["Lead_Score_Reasons__c"] == (
            "r_pricing +30.00; r_demo +18.66; p_vp +15.00"
        )
        assert server.problems == []


def test_hubspot_matches_contacts_by_email_and_skips_leads_without_one(
    scenario: Project, tmp_path: Path
) -> None:
    with CrmServer(TOKEN) as server:
        done = sync(scenario, server, "hubspot", tmp_path / "hubspot.sqlite")
        assert done.returncode == 0, done.stdout + done.stderr
        request, companies = server.requests
        assert request["path"] == "/crm/v3/objects/contacts/batch/update"
        inputs = {item["id"]: item for item in request["body"]["inputs"]}
        # L3 has no e-mail: skipped and counted
        assert sorted(inputs) == ["bob@gmail.com", "jane@acme.com"]
        assert "(1 skipped: no valid e-mail)" in done.stdout
        assert inputs["bob@gmail.com"] == {
            "id": "bob@gmail.com",
            "idProperty": "email",
            "properties": {
                "leadscore_score": "-20",
                "leadscore_tier": "cold",
                "leadscore_grade": "D",
                "leadscore_score_matrix": "D3",
                "leadscore_is_mql": "false",
                "leadscore_top_reasons": "r_unsub -20.00; p_rev -10.00; r_pricing +10.00",
            },
        }
        # companies by domain, lower-cased (A1's is ACME.com in raw.accounts); A2: -20 on D
        # and on the day after (tests/test_scoring_scenario.py)
        assert companies["path"] == "/crm/v3/objects/companies/batch/update"
        assert companies["body"]["inputs"][1] == {
            "id": "school.edu",
            "idProperty": "domain",
            "properties": {
                "leadscore_account_score": "-20",
                "leadscore_account_tier": "cold",
                "leadscore_buying_group_coverage": "",
                "leadscore_is_mqa": "false",
            },
        }
        assert [item["id"] for item in companies["body"]["inputs"]] == [
            "acme.com",
            "school.edu",
            "big.com",
        ]
        assert server.problems == []


def test_dry_run_writes_the_batches_and_sends_nothing(scenario: Project, tmp_path: Path) -> None:
    out = tmp_path / "batches.jsonl"
    with CrmServer(TOKEN) as server:
        done = sync(scenario, server, "salesforce", tmp_path / "s.sqlite", "--dry-run", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
        assert server.requests == []
    (line,) = out.read_text().splitlines()
    request = json.loads(line)
    assert request["method"] == "PATCH"
    assert request["url"] == f"{server.url}/services/data/v62.0/composite/sobjects"
    assert [r["id"] for r in request["body"]["records"]] == ["L1", "L2", "L3"]
    # the companies' batches beside it
    (line,) = (tmp_path / "batches.companies.jsonl").read_text().splitlines()
    assert [r["id"] for r in json.loads(line)["body"]["records"]] == ["A1", "A2", "A3"]
    # nothing was queued: a real sync still sends all three
    assert CrmStore(tmp_path / "s.sqlite").waiting_count() == 0


def test_settings_missing_say_what_to_set(scenario: Project) -> None:
    done = scenario.leadscore("sync", LEADSCORE_CRM_FORMAT="marketo")
    assert done.returncode == 2
    assert "LEADSCORE_CRM_FORMAT='marketo': choose hubspot or salesforce" in done.stdout


# -- pushing, on records queued directly -----------------------------------------------------


def profiles(count: int, score: int = 10) -> list[dict]:
    return [
        {
            "lead_id": f"L{n:03}",
            "email": f"l{n:03}@acme.com",
            "total_score": score,
            "tier": "warm",
            "grade": "B",
            "score_matrix": "B2",
            "is_mql": False,
            "top_reasons": "r_demo +10.00",
        }
        for n in range(count)
    ]


def queued(path: Path, crm: str, rows: list[dict]) -> CrmStore:
    store = CrmStore(path)
    store.queue({row["lead_id"]: FORMATS[crm].record(row) for row in rows})
    return store


@pytest.mark.parametrize(("crm", "sizes"), [("hubspot", [100, 100, 50]), ("salesforce", [200, 50])])
def test_batches_stay_within_the_api_limits(tmp_path: Path, crm: str, sizes: list[int]) -> None:
    store = queued(tmp_path / "q.sqlite", crm, profiles(250))
    with CrmServer(TOKEN) as server:
        report = push(store, FORMATS[crm], server.url, TOKEN)
    assert [
        len(r["body"].get("inputs", r["body"].get("records", []))) for r in server.requests
    ] == sizes
    assert (report.sent, report.batches, report.waiting, server.problems) == (
        250,
        len(sizes),
        0,
        [],
    )


def test_errors_and_a_429_are_retried_as_the_crm_asks(tmp_path: Path) -> None:
    store = queued(tmp_path / "q.sqlite", "salesforce", profiles(3))
    waits: list[float] = []
    with CrmServer(TOKEN) as server:
        server.faults = [("500", 0), ("429", 3), ("503", 0)]
        report = push(
            store,
            FORMATS["salesforce"],
            server.url,
            TOKEN,
            backoff_seconds=0.25,
            sleep=waits.append,
        )
    # backoff 0.25, then Retry-After 3 as the 429 asked, then backoff 0.25 x 2^2
    assert waits == [0.25, 3.0, 1.0]
    assert (report.sent, len(server.requests), report.errors) == (3, 1, [])


def test_a_time_out_is_retried_with_the_same_idempotency_key(tmp_path: Path) -> None:
    store = queued(tmp_path / "q.sqlite", "hubspot", profiles(2))
    with CrmServer(TOKEN) as server:
        # the CRM applies the batch but answers after the client gave up
        server.faults = [("slow", 1.5)]
        report = push(
            store, FORMATS["hubspot"], server.url, TOKEN, timeout=0.5, sleep=lambda s: None
        )
    first, second = server.requests
    assert first["key"] == second["key"] and first["body"] == second["body"]
    assert (report.sent, report.waiting) == (2, 0)


def test_nothing_is_lost_while_the_crm_is_down_and_a_restart_resumes(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    store = queued(path, "salesforce", profiles(250))
    with CrmServer(TOKEN) as server:
        port = server.server.server_address[1]
        first = push(store, FORMATS["salesforce"], server.url, TOKEN)
    assert first.sent == 250
    # the fields of every lead change; the CRM is down (nothing listens on its port)
    store.queue({row["lead_id"]: FORMATS["salesforce"].record(row) for row in profiles(250, 20)})
    down = push(
        store, FORMATS["salesforce"], f"http://127.0.0.1:{port}", TOKEN, sleep=lambda s: None
    )
    assert (down.sent, down.waiting) == (0, 250)
    assert "unreachable" in down.errors[-1]
    # another process (a new store on the same file) once the CRM is back on the same port
    with CrmServer(TOKEN, port=port) as server:
        back = push(CrmStore(path), FORMATS["salesforce"], server.url, TOKEN)
    assert (back.sent, back.waiting) == (250, 0)
    assert {r["Lead_Score__c"] for r in server.records.values()} == {20}


@pytest.mark.parametrize("crm", ["hubspot", "salesforce"])
def test_a_bare_200_acknowledges_the_batch(tmp_path: Path, crm: str) -> None:
    store = queued(tmp_path / "q.sqlite", crm, profiles(3))
    with CrmServer(TOKEN) as server:
        server.bare_answers = True
        report = push(store, FORMATS[crm], server.url, TOKEN)
    assert (report.sent, report.waiting, report.errors, len(server.requests)) == (3, 0, [], 1)


def test_a_record_changed_while_waiting_is_sent_once_as_it_is_now(tmp_path: Path) -> None:
    store = queued(tmp_path / "q.sqlite", "salesforce", profiles(1, 10))
    store.queue({"L000": FORMATS["salesforce"].record(profiles(1, 30)[0])})
    with CrmServer(TOKEN) as server:
        push(store, FORMATS["salesforce"], server.url, TOKEN)
        # back to what was sent: nothing waits
        store.queue({"L000": FORMATS["salesforce"].record(profiles(1, 30)[0])})
        assert store.waiting_count() == 0
    assert [r["Lead_Score__c"] for r in server.records.values()] == [30]
    assert len(server.requests) == 1


def test_refused_records_are_reported_once_and_a_wrong_token_stops(tmp_path: Path) -> None:
    store = queued(tmp_path / "q.sqlite", "salesforce", profiles(3))
    with CrmServer(TOKEN) as server:
        server.refuse = {"L001"}
        report = push(store, FORMATS["salesforce"], server.url, TOKEN)
        assert (report.sent, report.refused) == (2, {"L001": "deleted"})
        # a refused record is not sent again until its fields change
        assert push(store, FORMATS["salesforce"], server.url, TOKEN).batches == 0
        store.queue({row["lead_id"]: FORMATS["salesforce"].record(row) for row in profiles(3, 20)})
        wrong = push(store, FORMATS["salesforce"], server.url, "stale-token", sleep=lambda s: None)
    # 401 will not get better by trying again: one attempt, everything still waits
    assert (wrong.sent, wrong.waiting) == (0, 3)
    assert "answered 401" in wrong.errors[-1]
    assert server.problems == ["auth header 'Bearer stale-token'"]


# -- Dagster -----------------------------------------------------------------------------------


def test_the_queue_asset_and_the_sensor(scenario: Project, tmp_path: Path) -> None:
    settings = CrmSettings(
        format="hubspot", token=TOKEN, store_path=str(tmp_path / "q.sqlite"), backoff_seconds=0.01
    )
    result = materialize(
        [crm_sync_queue],
        partition_key=NEXT,
        resources={"warehouse": Warehouse(path=str(scenario.db)), "crm": settings},
    )
    (event,) = result.asset_materializations_for_node("crm_sync_queue")
    assert event.metadata["queued"].value == 2  # L3 has no e-mail
    assert event.metadata["companies_queued"].value == 3
    with CrmServer(TOKEN) as server:
        live = CrmSettings(
            format="hubspot", url=server.url, token=TOKEN, store_path=settings.store_path
        )
        sent = crm_sync_sensor(build_sensor_context(resources={"crm": live}))
        assert isinstance(sent, SensorResult)
        (observation,) = sent.asset_events
        assert observation.asset_key == AssetKey("crm_sync_queue")
        assert observation.metadata["sent"].value == 2 + 3
        idle = crm_sync_sensor(build_sensor_context(resources={"crm": live}))
    assert "0 record(s) sent in 0 batch(es)" in idle.skip_message
    assert [request["path"] for request in server.requests] == [
        "/crm/v3/objects/contacts/batch/update",
        "/crm/v3/objects/companies/batch/update",
    ]
    assert server.problems == []
