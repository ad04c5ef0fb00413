"""What the CRM sync has sent and what waits: a small SQLite file, so the sensor never touches
the warehouse.

One row per lead: the record the CRM last acknowledged (`sent`) and the record waiting to go
(`pending`, with its place in line). Queuing a lead's current record puts it in line only when
it differs from what was sent (or replaces what waits); an acknowledged batch moves `pending`
to `sent`. So a restart, a failed batch or an endpoint that is down loses nothing and sends
nothing twice that was acknowledged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..lease import LeasedQueue

_SCHEMA = """
create table if not exists crm_records (
    lead_id text primary key,
    sent text,
    pending text,
    pending_seq integer,
    attempts integer not null default 0,
    last_error text
);
create index if not exists crm_records_pending on crm_records (pending_seq)
"""


def encode(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True)


class CrmStore(LeasedQueue):
    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    def changes(self, records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Of the leads' current records, those that differ from what waits to be sent, or
        else from what was sent last (every record, on a first sync)."""
        with self._connect() as con:
            latest = dict(con.execute("select lead_id, coalesce(pending, sent) from crm_records"))
        return {
            lead: record for lead, record in records.items() if encode(record) != latest.get(lead)
        }

    def queue(self, records: dict[str, dict[str, Any]]) -> int:
        """Put in line each lead whose current record differs from what was sent; a record
        still waiting is replaced (or withdrawn, when the lead is back to what was sent, or
        has no current record: it is no longer scored, or another lead now sends its CRM
        object's record). Returns how many leads now wait with a new record."""
        changed = self.changes(records)
        with self._connect() as con:
            con.execute("begin immediate")
            waiting = [
                lead
                for (lead,) in con.execute(
                    "select lead_id from crm_records where pending is not null"
                )
            ]
            con.executemany(
                "update crm_records set pending = null, pending_seq = null where lead_id = ?",
                [(lead,) for lead in waiting if lead not in records],
            )
            sent = dict(con.execute("select lead_id, sent from crm_records"))
            # new records go after everything that waits
            (seq,) = con.execute("select coalesce(max(pending_seq), 0) from crm_records").fetchone()
            queued = 0
            for lead in sorted(changed):
                record = encode(changed[lead])
                if sent.get(lead) == record:  # back to what was sent: nothing to send
                    con.execute(
                        "update crm_records set pending = null, pending_seq = null"
                        " where lead_id = ?",
                        [lead],
                    )
                    continue
                seq += 1
                queued += 1
                con.execute(
                    "insert into crm_records (lead_id, pending, pending_seq) values (?, ?, ?)"
                    " on conflict (lead_id) do update set pending = excluded.pending,"
                    " pending_seq = excluded.pending_seq, attempts = 0, last_error = null",
                    [lead, record, seq],
                )
            con.execute("commit")
        return queued

    def waiting(self, limit: int) -> list[tuple[str, dict[str, Any]]]:
        """The next `limit` leads in line, with the record each waits to send."""
        with self._connect() as con:
            rows = con.execute(
                "select lead_id, pending from crm_records where pending is not null"
                " order by pending_seq limit ?",
                [limit],
            ).fetchall()
        return [(lead, json.loads(record)) for lead, record in rows]

    def waiting_count(self) -> int:
        with self._connect() as con:
            return con.execute(
                "select count(*) from crm_records where pending is not null"
            ).fetchone()[0]

    def mark_sent(self, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """The CRM acknowledged these records: each becomes what was sent, unless a newer
        record was queued for its lead meanwhile (that one still waits)."""
        with self._connect() as con:
            con.execute("begin immediate")
            con.executemany(
                "update crm_records set sent = pending, pending = null, pending_seq = null,"
                " attempts = 0, last_error = null where lead_id = ? and pending = ?",
                [(lead, encode(record)) for lead, record in records],
            )
            con.execute("commit")

    def record_failure(self, leads: Iterable[str], error: str) -> None:
        with self._connect() as con:
            con.executemany(
                "update crm_records set attempts = attempts + 1, last_error = ? where lead_id = ?",
                [(error[:500], lead) for lead in leads],
            )
