"""The alert queues: new MQL events of the primary sheet, with what sales needs to act, and
new MQA events (accounts whose buying group is engaged and whose score qualifies)."""

from collections.abc import Callable
from datetime import date

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ...alerting.store import AlertStore, mqa_event_key
from ...console import top_reasons
from ...settings import WAREHOUSE_POOL
from ..owners import DATA_PLATFORM
from ..partitions import daily_partitions
from ..resources import AlertSettings, Warehouse
from .dbt import model_key

# Portable SQL (every target): values are typed in Python, reasons attached in Python.
NEW_MQLS_SQL = """
select sheet_id, lead_id, qualified_on, email, account_id, total_score, tier, score_matrix
from marts.mql_alert_events
where qualified_on between cast(? as date) and cast(? as date)
order by qualified_on, total_score desc, lead_id
"""
NEW_MQAS_SQL = """
select
    sheet_id, account_id, account_name, domain, qualified_on, total_score,
    previous_total_score, tier, buying_group_coverage
from marts.mqa_alert_events
where qualified_on between cast(? as date) and cast(? as date)
order by qualified_on, total_score desc, account_id
"""
# the marts a queue waits for: a failing blocking check on these stops the alerts
CHECKED_MARTS = ("lead_score_history", "rejected_records")


def new_mql_payloads(con, start: str, end: str) -> list[dict]:
    """The alert payloads of the primary sheet's MQL events qualified in start..end."""
    reasons = top_reasons(
        con,
        "select lead_id from marts.mql_alert_events"
        " where qualified_on between cast(? as date) and cast(? as date)",
        [start, end],
    )
    payloads = con.records(NEW_MQLS_SQL, [start, end])
    for payload in payloads:
        payload["qualified_on"] = str(payload["qualified_on"])
        payload["total_score"] = float(payload["total_score"])
        payload["top_reasons"] = [
            {"rule_id": rule, "points": float(points)}
            for rule, points in reasons.get(payload["lead_id"], [])
        ]
    return payloads


def new_mqa_payloads(con, start: str, end: str) -> list[dict]:
    """The alert payloads of the primary sheet's MQA events qualified in start..end."""
    payloads = con.records(NEW_MQAS_SQL, [start, end])
    for payload in payloads:
        payload["event"] = "mqa"
        payload["qualified_on"] = str(payload["qualified_on"])
        for figure in ("total_score", "previous_total_score", "buying_group_coverage"):
            if payload[figure] is not None:
                payload[figure] = float(payload[figure])
    return payloads


def queue_new_events(
    context: AssetExecutionContext,
    warehouse: Warehouse,
    store: AlertStore,
    payloads_of: Callable[[object, str, str], list[dict]],
    what: str,
) -> MaterializeResult:
    """Queue the events of the dates from the newest one the queue already covers to the newest
    scored date; on a first deployment, those of the newest scored date alone. So a backfill
    of older dates, or a first run on old data, pages nobody for the past. Queuing is
    idempotent: an event already queued is not queued again."""
    with warehouse.read() as con:
        ((newest,),) = con.fetchall("select max(score_date) from marts.lead_score_history")
        if newest is None:
            return MaterializeResult(metadata={f"{what}_events": 0, "newly_queued": 0})
        newest = date.fromisoformat(str(newest))
        start = store.covered_through() or newest
        payloads = payloads_of(con, str(start), str(newest)) if start <= newest else []
    queued = store.enqueue(payloads, covered_through=newest)
    context.log.info(
        f"{len(payloads)} {what.upper()} event(s) from {start} to {newest},"
        f" {queued} new in the alert queue"
    )
    return MaterializeResult(
        metadata={
            f"{what}_events": len(payloads),
            "newly_queued": queued,
            "covered_through": str(max(start, newest)),
        }
    )


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    deps=[model_key(model) for model in ("mql_alert_events", "lead_score_reasons", *CHECKED_MARTS)],
    group_name="alerts",
    owners=DATA_PLATFORM,
    pool=WAREHOUSE_POOL,
)
def mql_alert_queue(
    context: AssetExecutionContext, warehouse: Warehouse, alerts: AlertSettings
) -> MaterializeResult:
    """Queues the primary sheet's MQL events for the alert sensor (reasons and matrix cell as of
    the latest score date), from the newest date already covered to the newest scored date."""
    store = AlertStore(alerts.resolved_store_path())
    return queue_new_events(context, warehouse, store, new_mql_payloads, "mql")


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    deps=[model_key(model) for model in ("mqa_alert_events", *CHECKED_MARTS)],
    group_name="alerts",
    owners=DATA_PLATFORM,
    pool=WAREHOUSE_POOL,
)
def mqa_alert_queue(
    context: AssetExecutionContext, warehouse: Warehouse, alerts: AlertSettings
) -> MaterializeResult:
    """Queues the primary sheet's MQA events (contract §10) for the MQA alert sensor, in a queue of
    their own, with the same guarantees as the MQL alerts."""
    store = AlertStore(alerts.resolved_mqa_store_path(), key=mqa_event_key)
    return queue_new_events(context, warehouse, store, new_mqa_payloads, "mqa")
