"""Queue the leads (and accounts) whose score fields changed, then push what waits to the CRM
in batches.

Queuing reads marts.lead_profiles, or marts.account_profiles for company records, each into
a queue file of its own (the Dagster asset crm_sync_queue after each daily run, or `leadscore
sync`); pushing reads only the queue file (the sensor crm_sync_sensor, or `leadscore
sync`). A batch is acknowledged as a whole or stays in line: when the CRM cannot be reached or
answers with an error it may recover from, the batch is tried again with backoff (waiting as
long as a 429's Retry-After asks), and after the last attempt the push stops, keeping the batch
first in line for the next one. One pusher at a time holds the queue's lease. Each request
carries an Idempotency-Key, the hash of its body, the same on every attempt.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import warehouse
from .formats import COMPANY_FORMATS, FORMATS, with_probability
from .store import CrmStore
from .transport import Answer, SendError, send

# a CRM asking to wait longer than this is left for the next push
MAX_RETRY_AFTER_SECONDS = 120.0


class CrmSettingsError(ValueError):
    """A CRM setting is missing or wrong; the message names it."""


def crm_format(name: str | None, send_probability: bool = False) -> Any:
    if name not in FORMATS:
        raise CrmSettingsError(
            f"LEADSCORE_CRM_FORMAT={name or ''!r}: choose {' or '.join(FORMATS)}"
        )
    return with_probability(FORMATS[name], send_probability)


def company_format(name: str | None) -> Any:
    """The company records of the CRM of `name` (LEADSCORE_CRM_FORMAT)."""
    crm_format(name)
    return COMPANY_FORMATS[name]


@dataclass
class SyncReport:
    noun: str = "lead"  # what a record is of: a lead, or an account (company records)
    skip_reason: str = "no valid e-mail"  # why the format cannot address some
    queued: int = 0  # records put in line with new fields
    skipped: int = 0  # records the format cannot address (hubspot: no valid e-mail, no domain)
    shared: int = 0  # leads whose CRM record another lead of the same contact sends
    sent: int = 0  # records the CRM acknowledged
    batches: int = 0
    refused: dict[str, str] = field(default_factory=dict)  # lead -> why the CRM refused it
    waiting: int = 0  # records still in line after the push
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = (
            f"{self.queued} {self.noun}(s) with changed fields queued"
            + (f" ({self.skipped} skipped: {self.skip_reason})" if self.skipped else "")
            + (
                f" ({self.shared} sharing a contact with a higher-scored lead)"
                if self.shared
                else ""
            )
            + f"; {self.sent} record(s) sent in {self.batches} batch(es)"
            + (f", {len(self.refused)} refused by the CRM" if self.refused else "")
            + f"; {self.waiting} waiting"
        )
        return text + (f"; stopped: {self.errors[-1]}" if self.errors else "")


@dataclass
class CurrentRecords:
    records: dict[str, dict]  # lead -> its CRM record, one lead per CRM object
    skipped: int  # leads the format cannot address
    shared: int  # leads left out for another lead of the same CRM object


def current_records(engine: warehouse.Engine, crm: Any) -> CurrentRecords:
    """Each scored lead's CRM record now, one per CRM object: where several leads address one
    object (hubspot, with merge_leads_by_email false: leads sharing an address), the lead
    with the highest total score sends it (ties: the lowest lead id), so that a contact
    shows its best-qualified record and a push never names it twice."""
    chosen: dict[str, tuple[str, dict, Any]] = {}  # CRM object id -> lead, record, score
    skipped = shared = 0
    for profile in engine.records(crm.source_sql):  # in key order
        record = crm.record(profile)
        if record is None:
            skipped += 1
            continue
        held = chosen.get(record["id"])
        if held is not None:
            shared += 1
            if profile["total_score"] <= held[2]:
                continue
        chosen[record["id"]] = (profile[crm.key_column], record, profile["total_score"])
    records = {lead: record for lead, record, _ in chosen.values()}
    return CurrentRecords(records=records, skipped=skipped, shared=shared)


def queue_changes(engine: warehouse.Engine, store: CrmStore, crm: Any) -> SyncReport:
    current = current_records(engine, crm)
    return SyncReport(
        noun=crm.noun,
        skip_reason=crm.skip_reason,
        queued=store.queue(current.records),
        skipped=current.skipped,
        shared=current.shared,
    )


def push(
    store: CrmStore,
    crm: Any,
    base_url: str,
    token: str,
    *,
    report: SyncReport | None = None,
    timeout: float = 10.0,
    max_attempts: int = 4,
    backoff_seconds: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncReport:
    """Send what waits, a batch at a time, until nothing waits or a batch cannot be sent."""
    report = report or SyncReport(noun=crm.noun, skip_reason=crm.skip_reason)
    owner = uuid.uuid4().hex
    lease = 60 + timeout + MAX_RETRY_AFTER_SECONDS + backoff_seconds * 2**max_attempts

    def send_batch(batch: list[tuple[str, dict]]) -> Answer | None:
        """The CRM's answer to the batch, after retries; None when it could not be sent (the
        report says why)."""
        leads = [lead for lead, _ in batch]
        body = crm.body([record for _, record in batch])
        key = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        for attempt in range(1, max_attempts + 1):
            if not store.take_lease(owner, lease):
                report.errors.append("the queue's lease was lost; the next sync resumes")
                return None
            try:
                return send(crm, base_url, token, body, key=key, timeout=timeout)
            except SendError as error:
                store.record_failure(leads, str(error))
                if not error.retryable or attempt == max_attempts:
                    report.errors.append(f"batch of {len(batch)}: {error}")
                    return None
                wait = error.retry_after
                if wait is None:
                    wait = backoff_seconds * 2 ** (attempt - 1)
                elif wait > MAX_RETRY_AFTER_SECONDS:
                    report.errors.append(f"the CRM asks to wait {wait:.0f} s: {error}")
                    return None
                sleep(wait)
        return None

    if not store.take_lease(owner, lease):
        report.errors.append("another sync is pushing this queue; this one waits")
        report.waiting = store.waiting_count()
        return report
    try:
        while batch := store.waiting(crm.batch_size):
            answer = send_batch(batch)
            if answer is None:
                break
            # refused records are done too (sending them again would be refused again); the
            # queue keeps why, and the report names them
            store.mark_sent(batch)
            refused = {
                lead: answer.refused[record.get("id", lead)]
                for lead, record in batch
                if record.get("id", lead) in answer.refused
            }
            for lead, why in refused.items():
                store.record_failure([lead], f"refused: {why}")
            report.refused.update(refused)
            report.sent += len(batch) - len(refused)
            report.batches += 1
        return report
    finally:
        report.waiting = store.waiting_count()
        store.release_lease(owner)


def dry_run(
    engine: warehouse.Engine, store: CrmStore, crm: Any, base_url: str, path: Path
) -> SyncReport:
    """Write the batches a sync would send now (what waits, then what changed) to `path`,
    one JSON request a line, and change nothing."""
    current = current_records(engine, crm)
    changed = store.changes(current.records)
    # a newer record replaces the one waiting; a lead with no current record sends nothing
    line = {lead: record for lead, record in store.waiting(limit=-1) if lead in current.records}
    line.update(changed)
    ordered = [line[lead] for lead in line]
    path.parent.mkdir(parents=True, exist_ok=True)
    batches = [
        ordered[start : start + crm.batch_size] for start in range(0, len(ordered), crm.batch_size)
    ]
    with path.open("w") as out:
        for records_ in batches:
            request = {
                "method": crm.method,
                "url": base_url.rstrip("/") + crm.path,
                "body": crm.body(records_),
            }
            out.write(json.dumps(request, sort_keys=True) + "\n")
    return SyncReport(
        noun=crm.noun,
        skip_reason=crm.skip_reason,
        queued=len(changed),
        skipped=current.skipped,
        shared=current.shared,
        batches=len(batches),
        waiting=len(ordered),
    )
