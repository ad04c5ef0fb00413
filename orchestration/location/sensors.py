"""The sensors that deliver: MQL alerts, MQA alerts, and the CRM sync. Each reads only its
queue file (never the DuckDB file, so it cannot collide with a dbt run) and reports what it
delivered as an observation of its queue asset; a tick with nothing to deliver is a skip."""

from pathlib import Path

from dagster import (
    AssetObservation,
    DefaultSensorStatus,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from ..alerting.delivery import deliver
from ..alerting.store import AlertStore, mqa_event_key
from ..crm.store import CrmStore
from ..crm.sync import company_format, crm_format, push
from .resources import AlertSettings, CrmSettings


def _delivered(asset: str, text: str, metadata: dict, cursor: str | None = None) -> SensorResult:
    return SensorResult(
        asset_events=[AssetObservation(asset_key=asset, description=text, metadata=metadata)],
        cursor=cursor,
    )


def _deliver_alerts(
    context: SensorEvaluationContext,
    alerts: AlertSettings,
    store: AlertStore,
    webhook: str | None,
    outbox: Path | None,
    queue_asset: str,
) -> SensorResult | SkipReason:
    """Deliver a queue's alerts after the cursor (the last alert fully delivered)."""
    cursor = int(context.cursor or 0)
    report = deliver(
        store,
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
        queue_asset,
        report.summary,
        {"delivered": report.delivered, "cursor": report.cursor, "errors": len(report.errors)},
        cursor=str(report.cursor),
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
    store = AlertStore(alerts.resolved_store_path())
    return _deliver_alerts(context, alerts, store, webhook, outbox, "mql_alert_queue")


@sensor(minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def mqa_alert_sensor(
    context: SensorEvaluationContext, alerts: AlertSettings
) -> SensorResult | SkipReason:
    """POSTs each new MQA of the primary sheet to LEADSCORE_MQA_WEBHOOK_URL (else
    LEADSCORE_WEBHOOK_URL) and/or appends it to the LEADSCORE_MQA_OUTBOX file, once, from a
    queue of its own. The cursor is the last alert fully delivered."""
    webhook, outbox = alerts.resolved_mqa_webhook_url(), alerts.resolved_mqa_outbox_path()
    if not webhook and not outbox:
        return SkipReason(
            "no LEADSCORE_MQA_WEBHOOK_URL, LEADSCORE_WEBHOOK_URL or LEADSCORE_MQA_OUTBOX:"
            " MQA alerts wait"
        )
    store = AlertStore(alerts.resolved_mqa_store_path(), key=mqa_event_key)
    return _deliver_alerts(context, alerts, store, webhook, outbox, "mqa_alert_queue")


@sensor(minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING)
def crm_sync_sensor(
    context: SensorEvaluationContext, crm: CrmSettings
) -> SensorResult | SkipReason:
    """Sends the CRM records crm_sync_queue queued, leads then companies, in batches (HubSpot
    100, Salesforce 200), to LEADSCORE_CRM_URL with LEADSCORE_CRM_TOKEN. What cannot be sent
    waits, in order, for the next tick; the queue files are the cursor."""
    if not (crm.resolved_format() and crm.resolved_url() and crm.resolved_token()):
        return SkipReason("no LEADSCORE_CRM_FORMAT, _URL or _TOKEN: the CRM sync waits")
    queues = [
        (
            CrmStore(crm.resolved_store_path()),
            crm_format(crm.resolved_format(), crm.resolved_send_probability()),
        ),
        (CrmStore(crm.resolved_company_store_path()), company_format(crm.resolved_format())),
    ]
    reports = []
    for store, records in queues:
        report = push(
            store,
            records,
            crm.resolved_url(),
            crm.resolved_token(),
            timeout=crm.timeout_seconds,
            max_attempts=crm.max_attempts,
            backoff_seconds=crm.backoff_seconds,
        )
        for key, why in sorted(report.refused.items()):
            context.log.warning(f"the CRM refused the record of {report.noun} {key}: {why}")
        for error in report.errors:
            context.log.warning(f"the CRM sync will be retried next tick: {error}")
        reports.append(report)
    summary = "; ".join(f"{report.noun}s: {report.summary}" for report in reports)
    if not any(report.batches for report in reports):
        return SkipReason(summary)
    return _delivered(
        "crm_sync_queue",
        summary,
        {
            "sent": sum(report.sent for report in reports),
            "batches": sum(report.batches for report in reports),
            "refused": sum(len(report.refused) for report in reports),
            "waiting": sum(report.waiting for report in reports),
        },
    )
