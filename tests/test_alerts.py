"""MQL alerts reach the webhook and the outbox exactly once: across ticks, after errors and
time-outs, after a tick that failed halfway, after a restart (a new sensor context), with two
deliverers on one queue, and after a crash that tore the outbox's last line."""

from __future__ import annotations

import json
import multiprocessing
import socket
import sqlite3
import time
from pathlib import Path

import pytest
from dagster import AssetKey, SensorResult, build_sensor_context

from orchestration.alerting.delivery import deliver
from orchestration.alerting.store import AlertStore
from orchestration.location.resources import AlertSettings
from orchestration.location.sensors import mql_alert_sensor
from tests.support.http_receiver import Receiver


def mql(lead: str, day: str = "2026-06-30") -> dict:
    return {
        "sheet_id": "b2b_default",
        "lead_id": lead,
        "qualified_on": day,
        "email": f"{lead.lower()}@acme.com",
        "account_id": "A1",
        "total_score": 120.5,
        "tier": "hot",
        "score_matrix": "A1",
        "top_reasons": [{"rule_id": "demo_request", "points": 40.0}],
    }


def tick(settings: AlertSettings, cursor: str | None) -> tuple[str | None, str]:
    """One sensor evaluation; returns the cursor it leaves and what it says: a delivery is an
    observation of the queue asset, a tick that delivers nothing a skip."""
    context = build_sensor_context(cursor=cursor, resources={"alerts": settings})
    result = mql_alert_sensor(context)
    if isinstance(result, SensorResult):
        (observation,) = result.asset_events
        assert observation.asset_key == AssetKey("mql_alert_queue")
        assert observation.metadata["delivered"].value > 0
        return result.cursor, observation.description
    return context.cursor, result.skip_message


@pytest.fixture
def store(tmp_path: Path) -> AlertStore:
    return AlertStore(tmp_path / "alerts.sqlite")


def settings_for(store: AlertStore, **values: object) -> AlertSettings:
    return AlertSettings(store_path=str(store.path), backoff_seconds=0.01, **values)


def test_each_alert_is_posted_once_across_ticks(store: AlertStore) -> None:
    with Receiver() as receiver:
        settings = settings_for(store, webhook_url=receiver.url)
        assert store.enqueue([mql("L1"), mql("L2")]) == 2
        cursor, said = tick(settings, None)
        assert said == "delivered 2 alert(s); cursor at 2"
        cursor, said = tick(settings, cursor)  # nothing new: a skip
        assert said == "delivered 0 alert(s); cursor at 2"
        # a re-run queues the same events again, plus one new one
        assert store.enqueue([mql("L1"), mql("L2"), mql("L3")]) == 1
        cursor, _ = tick(settings, cursor)
        cursor, _ = tick(settings, cursor)
    assert [r["lead_id"] for r in receiver.received] == ["L1", "L2", "L3"]
    assert receiver.keys == [f"b2b_default|L{i}|2026-06-30" for i in (1, 2, 3)]
    assert receiver.received[0]["top_reasons"] == [{"rule_id": "demo_request", "points": 40.0}]
    assert cursor == "3"


def test_a_500_then_success_delivers_exactly_once(store: AlertStore) -> None:
    with Receiver() as receiver:
        receiver.fail_next = 1
        store.enqueue([mql("L1")])
        cursor, _ = tick(settings_for(store, webhook_url=receiver.url), None)
    assert receiver.attempts == 2
    assert [r["lead_id"] for r in receiver.received] == ["L1"]
    assert cursor == "1"


def test_a_tick_failing_halfway_resends_nothing(store: AlertStore) -> None:
    with Receiver() as receiver:
        settings = settings_for(store, webhook_url=receiver.url, max_attempts=2)
        store.enqueue([mql("L1")])
        cursor, _ = tick(settings, None)
        store.enqueue([mql("L2"), mql("L3")])
        receiver.fail_next = 100  # down for longer than the tick's retries
        cursor_after_failure, message = tick(settings, cursor)
        assert "stopped" in message and cursor_after_failure == cursor
        receiver.fail_next = 0
        # the restarted daemon has lost its cursor: the queue still knows what was sent
        cursor, _ = tick(settings, None)
    assert [r["lead_id"] for r in receiver.received] == ["L1", "L2", "L3"]
    assert cursor == "3"


def test_time_outs_are_retried_and_nothing_is_lost_while_the_endpoint_is_down(
    store: AlertStore,
) -> None:
    with socket.socket() as unused:  # a port nobody listens on: connection refused
        unused.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{unused.getsockname()[1]}/mql"
    store.enqueue([mql("L1"), mql("L2")])
    cursor, message = tick(settings_for(store, webhook_url=dead_url, max_attempts=2), None)
    assert cursor is None and "unreachable" in message
    with Receiver() as receiver:
        receiver.delay_seconds = 0.5  # slower than the time-out once, then fast
        settings = settings_for(store, webhook_url=receiver.url, timeout_seconds=0.2)
        cursor, _ = tick(settings, cursor)
        receiver.delay_seconds = 0
        cursor, _ = tick(settings, cursor)
    # a timed-out request may still have arrived: receivers dedupe on Idempotency-Key
    assert set(receiver.keys) == {"b2b_default|L1|2026-06-30", "b2b_default|L2|2026-06-30"}
    assert cursor == "2"


def test_outbox_gets_one_line_per_alert_even_when_a_tick_is_repeated(
    store: AlertStore, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox" / "mql.jsonl"
    settings = settings_for(store, outbox_path=str(outbox))
    store.enqueue([mql("L1"), mql("L2")])
    tick(settings, None)
    tick(settings, None)  # a restart without cursor
    lines = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert [line["lead_id"] for line in lines] == ["L1", "L2"]
    assert lines[0]["event_key"] == "b2b_default|L1|2026-06-30"


def test_without_a_destination_alerts_wait(store: AlertStore, monkeypatch) -> None:
    monkeypatch.delenv("LEADSCORE_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("LEADSCORE_ALERT_OUTBOX", raising=False)
    store.enqueue([mql("L1")])
    cursor, message = tick(settings_for(store), None)
    assert cursor is None and "alerts wait" in message


def deliver_until_done(store_path: str, url: str) -> None:
    """A deliverer of its own (another process): ticks until the queue is delivered."""
    store = AlertStore(Path(store_path))
    for _ in range(200):
        deliver(store, cursor=0, webhook_url=url, outbox_path=None, backoff_seconds=0.01)
        if not store.undelivered(0, store.max_seq(), ["webhook"]):
            return
        time.sleep(0.01)


def test_two_deliverers_on_one_queue_never_send_the_same_alert(store: AlertStore) -> None:
    """Two processes deliver from one queue at once to a receiver that keeps every request
    (no Idempotency-Key dedupe): each alert arrives once."""
    store.enqueue([mql(f"L{i}") for i in range(12)])
    context = multiprocessing.get_context("spawn")
    with Receiver() as receiver:
        receiver.delay_seconds = 0.05  # slow enough for the two to overlap
        deliverers = [
            context.Process(target=deliver_until_done, args=(str(store.path), receiver.url))
            for _ in range(2)
        ]
        for process in deliverers:
            process.start()
        for process in deliverers:
            process.join(timeout=120)
            assert process.exitcode == 0
    assert sorted(receiver.keys) == sorted(f"b2b_default|L{i}|2026-06-30" for i in range(12))
    assert not store.undelivered(0, store.max_seq(), ["webhook"])


def test_a_held_lease_makes_a_tick_wait_and_an_expired_one_is_taken_over(
    store: AlertStore,
) -> None:
    store.enqueue([mql("L1")])
    with Receiver() as receiver:
        settings = settings_for(store, webhook_url=receiver.url)
        assert store.take_lease("another-process", seconds=60)
        cursor, message = tick(settings, None)
        assert cursor is None and receiver.received == []
        assert not store.take_lease("a-third-one", seconds=60)
        # the other process died holding it: once it expires, the next tick takes over
        assert store.take_lease("another-process", seconds=-1)
        cursor, _ = tick(settings, None)
    assert [r["lead_id"] for r in receiver.received] == ["L1"] and cursor == "1"


def test_a_torn_outbox_line_is_repaired_logged_and_its_alert_written_again(
    store: AlertStore, tmp_path: Path
) -> None:
    outbox = tmp_path / "mql.jsonl"
    store.enqueue([mql("L1"), mql("L2"), mql("L3")])
    tick(settings_for(store, outbox_path=str(outbox)), None)
    # L3's line was cut short by a crash before its delivery was recorded
    lines = outbox.read_text().splitlines(keepends=True)
    outbox.write_text("".join(lines[:2]) + lines[2][:25])
    store_db = sqlite3.connect(store.path)
    store_db.execute("update alerts set outbox_delivered_at = null where seq = 3")
    store_db.commit()
    store_db.close()
    store.enqueue([mql("L4")])

    report = deliver(store, cursor=2, webhook_url=None, outbox_path=outbox)
    assert any("torn last line" in note for note in report.notes), report.notes
    assert report.cursor == 4 and not report.errors
    written = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert [line["lead_id"] for line in written] == ["L1", "L2", "L3", "L4"]
    # and a later tick has nothing to repair
    assert deliver(store, cursor=0, webhook_url=None, outbox_path=outbox).notes == []
