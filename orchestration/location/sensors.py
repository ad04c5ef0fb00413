"""The sensors that deliver: MQL alerts, and the CRM sync. Each reads only its queue file
(never the DuckDB file, so it cannot collide with a dbt run) and reports what it delivered as
an observation of its queue asset; a tick with nothing to deliver is a skip."""

from dagster import (
    AssetObservation,
    DefaultSensorStatus,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from ..alerting.delivery import deliver
from ..alerting.store import AlertStore
from ..crm.store import CrmStore
from ..crm.sync import crm_format, push
from .resources import AlertSettings, CrmSettings


def _delivered(asset: str, text: str, metadata: dict, cursor: str | None = None) -> SensorResult:
    return SensorResult(
        asset_events=[AssetObservation(asset_key=asset, description=text, metadata=metadata)],
        cursor=cursor,
    )


@sensor(minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def mql_alert_sensor(
    context: SensorEvaluationContext, alerts: AlertSettings
) -> SensorResult | SkipReason:
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
    for note in report.notes:
        context.log.warning(note)
    for error in report.errors:
        context.log.warning(f"alert delivery will be retried next tick: {error}")
    if not report.delivered:
        if report.cursor != cursor:
            context.update_cursor(str(report.cursor))
        return SkipReason(report.summary)
    return _delivered(
        "mql_alert_queue",
        report.summary,
        {"delivered": report.delivered, "cursor": report.cursor, "errors": len(report.errors)},
        cursor=str(report.cursor),
    )


@sensor(minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING)
def crm_sync_sensor(
    context: SensorEvaluationContext, crm: CrmSettings
) -> SensorResult | SkipReason:
    """Sends the CRM records crm_sync_queue queued, in batches (HubSpot 100, Salesforce 200),
    to LEADSCORE_CRM_URL with LEADSCORE_CRM_TOKEN. What cannot be sent waits, in order, for
    the next tick; the queue file is the cursor."""
    if not (crm.resolved_format() and crm.resolved_url() and crm.resolved_token()):
        return SkipReason("no LEADSCORE_CRM_FORMAT, _URL or _TOKEN: the CRM sync waits")
    report = push(
        CrmStore(crm.resolved_store_path()),
        crm_format(crm.resolved_format(), crm.resolved_send_probability()),
        crm.resolved_url(),
        crm.resolved_token(),
        timeout=crm.timeout_seconds,
        max_attempts=crm.max_attempts,
        backoff_seconds=crm.backoff_seconds,
    )
    for lead, why in sorted(report.refused.items()):
        context.log.warning(f"the CRM refused the record of {lead}: {why}")
    for error in report.errors:
        context.log.warning(f"the CRM sync will be retried next tick: {error}")
    if not report.batches:
        return SkipReason(report.summary)
    return _delivered(
        "crm_sync_queue",
        report.summary,
        {
            "sent": report.sent,
            "batches": report.batches,
            "refused": len(report.refused),
            "waiting": report.waiting,
        },
    )
