"""Delivers queued alerts in order, each once per channel, with retries and backoff.

Delivery stops at the first alert that cannot be delivered after its retries, so nothing
is skipped while an endpoint is down: the next tick starts again from there. One deliverer at
a time works on a queue: a tick first takes the queue's lease (renewed before every send), and
a tick that finds it held by another sensor or process sends nothing.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .store import Alert, AlertStore


class DeliveryError(Exception):
    pass


@dataclass
class DeliveryReport:
    delivered: int = 0
    cursor: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was repaired or skipped, for the log

    @property
    def summary(self) -> str:
        text = f"delivered {self.delivered} alert(s); cursor at {self.cursor}"
        return text + (f"; stopped: {self.errors[-1]}" if self.errors else "")


def post_json(url: str, payload: dict[str, Any], *, key: str, timeout: float) -> None:
    """POST one alert; any non-2xx answer, error or time-out raises DeliveryError."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, sort_keys=True).encode(),
        method="POST",
        # receivers can drop a repeat of an alert they already have by this key
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if not 200 <= response.status < 300:
                raise DeliveryError(f"webhook answered {response.status}")
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"webhook answered {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"webhook unreachable: {error}") from error


class Outbox:
    """The outbox file: one JSON line per alert. Opening it repairs a torn last line (a write
    cut short by a crash or a full disk) and reads which alerts it already holds, so that a
    retried tick writes no alert twice."""

    def __init__(self, path: Path, notes: list[str]) -> None:
        self.path = path
        self.keys: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            return
        text = path.read_bytes()
        complete = text[: text.rfind(b"\n") + 1]
        if len(complete) < len(text):
            with path.open("r+b") as outbox:
                outbox.truncate(len(complete))
            notes.append(
                f"outbox {path}: removed a torn last line ({len(text) - len(complete)} bytes of "
                "an interrupted write); its alert is written again unless it was delivered"
            )
        for number, line in enumerate(complete.decode(errors="replace").splitlines(), start=1):
            try:
                self.keys.add(json.loads(line)["event_key"])
            except (ValueError, KeyError, TypeError):
                notes.append(f"outbox {path}: line {number} is not an alert; left as it is")

    def append(self, alert: Alert) -> None:
        """Append one JSON line, unless the outbox already holds this alert."""
        if alert.event_key in self.keys:
            return
        with self.path.open("a") as outbox:
            outbox.write(json.dumps({"event_key": alert.event_key, **alert.payload}) + "\n")
            outbox.flush()
            os.fsync(outbox.fileno())
        self.keys.add(alert.event_key)


def deliver(
    store: AlertStore,
    *,
    cursor: int,
    webhook_url: str | None,
    outbox_path: Path | None,
    timeout: float = 5.0,
    max_attempts: int = 4,
    backoff_seconds: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """Deliver every alert after `cursor`; the report's cursor is the last fully delivered."""
    channels = [
        name for name, target in (("webhook", webhook_url), ("outbox", outbox_path)) if target
    ]
    report = DeliveryReport(cursor=cursor)
    if not channels:
        return report
    # the lease outlasts one attempt and the wait before the next, when it is renewed
    owner, lease = uuid.uuid4().hex, 60 + timeout + backoff_seconds * 2**max_attempts
    if not store.take_lease(owner, lease):
        report.notes.append("another deliverer is working on the alert queue; this tick waits")
        return report
    try:
        outbox = Outbox(outbox_path, report.notes) if outbox_path else None
        # read the top first: an alert queued while this tick runs waits for the next one
        ceiling = store.max_seq()
        for alert in store.undelivered(cursor, ceiling, channels):
            for channel in channels:
                if channel in alert.delivered:
                    continue
                for attempt in range(1, max_attempts + 1):
                    if not store.take_lease(owner, lease):
                        report.errors.append("the delivery lease was lost; the next tick resumes")
                        return report
                    try:
                        if channel == "webhook":
                            post_json(
                                webhook_url, alert.payload, key=alert.event_key, timeout=timeout
                            )
                        else:
                            outbox.append(alert)
                        store.mark_delivered(alert.seq, channel)
                        break
                    except (DeliveryError, OSError) as error:
                        store.record_failure(alert.seq, str(error))
                        if attempt == max_attempts:
                            report.errors.append(f"alert {alert.event_key} via {channel}: {error}")
                            return report
                        sleep(backoff_seconds * 2 ** (attempt - 1))
            report.delivered += 1
            report.cursor = alert.seq
        # everything up to the ceiling is now delivered on every channel
        report.cursor = max(report.cursor, ceiling)
        return report
    finally:
        store.release_lease(owner)
