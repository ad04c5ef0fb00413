"""The MQL alert sensor: delivers queued alerts exactly once, reading only the alert queue
(never the DuckDB file, so it cannot collide with a dbt run)."""

from dagster import DefaultSensorStatus, SensorEvaluationContext, SkipReason, sensor

from ..alerting.delivery import deliver
from ..alerting.store import AlertStore
from .resources import AlertSettings


@sensor(minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def mql_alert_sensor(context: SensorEvaluationContext, alerts: AlertSettings) -> SkipReason:
    """POSTs each new MQL of the primary sheet to LEADSCORE_WEBHOOK_URL and/or appends it to
    the LEADSCORE_ALERT_OUTBOX file, once. The cursor is the last alert fully delivered."""
    webhook, outbox = alerts.resolved_webhook_url(), alerts.resolved_outbox_path()
    if not webhook and not outbox:
        return SkipReason("no LEADSCORE_WEBHOOK_URL or LEADSCORE_ALERT_OUTBOX: alerts wait")
    cursor = int(context.cursor or 0)
    report = deliver(
        AlertStore(alerts.resolved_store_path()),
        cursor=cursor,
        webhook_url=webhook,
        outbox_path=outbox,
        timeout=alerts.timeout_seconds,
        max_attempts=alerts.max_attempts,
        backoff_seconds=alerts.backoff_seconds,
    )
    if report.cursor != cursor:
        context.update_cursor(str(report.cursor))
    for note in report.notes:
        context.log.warning(note)
    for error in report.errors:
        context.log.warning(f"alert delivery will be retried next tick: {error}")
    return SkipReason(report.summary)
