"""Delivers queued alerts in order, each once per channel, with retries and backoff.

Delivery stops at the first alert that cannot be delivered after its retries, so nothing
is skipped while an endpoint is down: the next tick starts again from there.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
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


def append_to_outbox(path: Path, alert: Alert) -> None:
    """Append one JSON line, unless the outbox already holds this alert (a retried tick)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open() as existing:
            if any(json.loads(line).get("event_key") == alert.event_key for line in existing):
                return
    with path.open("a") as outbox:
        outbox.write(json.dumps({"event_key": alert.event_key, **alert.payload}) + "\n")
        outbox.flush()
        os.fsync(outbox.fileno())


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
    # read the top first: an alert queued while this tick runs waits for the next one
    ceiling = store.max_seq()
    for alert in store.undelivered(cursor, ceiling, channels):
        for channel in channels:
            if channel in alert.delivered:
                continue
            for attempt in range(1, max_attempts + 1):
                try:
                    if channel == "webhook":
                        post_json(webhook_url, alert.payload, key=alert.event_key, timeout=timeout)
                    else:
                        append_to_outbox(outbox_path, alert)
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
    if channels:  # everything up to the ceiling is now delivered on every channel
        report.cursor = max(report.cursor, ceiling)
    return report
