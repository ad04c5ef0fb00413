"""The alert queues: small SQLite files, so the sensors never touch the DuckDB warehouse.

MQL and MQA alerts have a queue each. Each event is queued once (its key is sheet, lead or
account, and date) with a sequence number;
every channel's delivery is recorded the moment it succeeds, so a tick that fails halfway
resumes where it stopped and never sends an event twice. The queue also records the newest
date its events cover, so that a backfill of older dates queues nothing, and a lease that
lets one deliverer at a time work on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..lease import LeasedQueue

CHANNELS = ("webhook", "outbox")

_SCHEMA = """
create table if not exists alerts (
    seq integer primary key autoincrement,
    event_key text not null unique,
    payload text not null,
    queued_at text not null default (datetime('now')),
    webhook_delivered_at text,
    outbox_delivered_at text,
    attempts integer not null default 0,
    last_error text
);
create table if not exists coverage (
    id integer primary key check (id = 1),
    covered_through text not null
)
"""


@dataclass(frozen=True)
class Alert:
    seq: int
    event_key: str
    payload: dict[str, Any]
    delivered: frozenset[str]


def mql_event_key(payload: dict[str, Any]) -> str:
    return f"{payload['sheet_id']}|{payload['lead_id']}|{payload['qualified_on']}"


def mqa_event_key(payload: dict[str, Any]) -> str:
    """An MQA's key, never equal to an MQL's (an account id may equal a lead id)."""
    return f"mqa|{payload['sheet_id']}|{payload['account_id']}|{payload['qualified_on']}"


class AlertStore(LeasedQueue):
    """A queue of MQL alerts, or (with `key` mqa_event_key) of MQA alerts."""

    def __init__(self, path: Path, key: Callable[[dict[str, Any]], str] = mql_event_key) -> None:
        super().__init__(path, _SCHEMA)
        self.key = key

    def covered_through(self) -> date | None:
        """The newest date whose events have been queued; None before the first queuing."""
        with self._connect() as con:
            row = con.execute("select covered_through from coverage").fetchone()
        return date.fromisoformat(row[0]) if row else None

    def enqueue(
        self, payloads: Iterable[dict[str, Any]], covered_through: date | None = None
    ) -> int:
        """Queue events not seen before (in the given order), and record that events up to
        `covered_through` are covered; returns how many were new."""
        with self._connect() as con:
            con.execute("begin immediate")
            if covered_through is not None:
                con.execute(
                    "insert into coverage (id, covered_through) values (1, ?)"
                    " on conflict (id) do update"
                    " set covered_through = max(covered_through, excluded.covered_through)",
                    [covered_through.isoformat()],
                )
            before = con.execute("select count(*) from alerts").fetchone()[0]
            # insert only unseen keys (`insert or ignore` would burn sequence numbers)
            con.executemany(
                "insert into alerts (event_key, payload) select ?, ?"
                " where not exists (select 1 from alerts where event_key = ?)",
                [
                    (key, json.dumps(p, sort_keys=True, default=str), key)
                    for p in payloads
                    for key in [self.key(p)]
                ],
            )
            after = con.execute("select count(*) from alerts").fetchone()[0]
            con.execute("commit")
        return after - before

    def undelivered(self, after_seq: int, up_to_seq: int, channels: Iterable[str]) -> list[Alert]:
        """Alerts in (after_seq, up_to_seq] still missing a delivery on one of `channels`."""
        wanted = [c for c in channels if c in CHANNELS]
        if not wanted:
            return []
        missing = " or ".join(f"{c}_delivered_at is null" for c in wanted)
        with self._connect() as con:
            rows = con.execute(
                "select seq, event_key, payload, webhook_delivered_at, outbox_delivered_at"
                f" from alerts where seq > ? and seq <= ? and ({missing}) order by seq",
                [after_seq, up_to_seq],
            ).fetchall()
        return [
            Alert(
                seq=seq,
                event_key=key,
                payload=json.loads(payload),
                delivered=frozenset(
                    channel
                    for channel, at in zip(CHANNELS, (webhook_at, outbox_at), strict=True)
                    if at is not None
                ),
            )
            for seq, key, payload, webhook_at, outbox_at in rows
        ]

    def mark_delivered(self, seq: int, channel: str) -> None:
        assert channel in CHANNELS
        with self._connect() as con:
            con.execute(
                f"update alerts set {channel}_delivered_at = datetime('now') where seq = ?", [seq]
            )

    def record_failure(self, seq: int, error: str) -> None:
        with self._connect() as con:
            con.execute(
                "update alerts set attempts = attempts + 1, last_error = ? where seq = ?",
                [error[:500], seq],
            )

    def max_seq(self) -> int:
        with self._connect() as con:
            return con.execute("select coalesce(max(seq), 0) from alerts").fetchone()[0]
