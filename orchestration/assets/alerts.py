"""The MQL alert queue: new MQL events of the primary sheet, with what sales needs to act."""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ..alerting.store import AlertStore
from ..partitions import daily_partitions
from ..resources import AlertSettings, Warehouse
from ..settings import WAREHOUSE_POOL
from .dbt import model_key

# Portable SQL (every target): values are typed in Python, reasons attached in Python.
NEW_MQLS_SQL = """
select
    events.sheet_id,
    events.lead_id,
    events.qualified_on,
    leads.email,
    scores.account_id,
    events.total_score,
    history.tier,
    scores.score_matrix
from marts.mql_events as events
inner join seeds.score_sheets as sheets
    on events.sheet_id = sheets.sheet_id and sheets.is_primary
inner join marts.lead_score_history as history
    on events.sheet_id = history.sheet_id
    and events.lead_id = history.lead_id
    and events.qualified_on = history.score_date
left join marts.lead_scores as scores
    on events.sheet_id = scores.sheet_id and events.lead_id = scores.lead_id
left join intermediate.int_leads_enriched as leads
    on events.lead_id = leads.lead_id
where events.qualified_on between cast(? as date) and cast(? as date)
order by events.qualified_on, events.total_score desc, events.lead_id
"""

# distinct: a lead may qualify more than once in a range
TOP_REASONS_SQL = """
select distinct reasons.lead_id, reasons.reason_rank, reasons.rule_id, reasons.points
from intermediate.int_lead_score_top_reasons as reasons
inner join seeds.score_sheets as sheets
    on reasons.sheet_id = sheets.sheet_id and sheets.is_primary
inner join marts.mql_events as events
    on reasons.sheet_id = events.sheet_id and reasons.lead_id = events.lead_id
where events.qualified_on between cast(? as date) and cast(? as date)
order by reasons.lead_id, reasons.reason_rank
"""


def new_mql_payloads(con, start: str, end: str) -> list[dict]:
    """The alert payloads of the primary sheet's MQL events qualified in start..end."""
    reasons: dict[str, list[dict]] = {}
    for lead, _, rule, points in con.fetchall(TOP_REASONS_SQL, [start, end]):
        reasons.setdefault(lead, []).append({"rule_id": rule, "points": float(points)})
    payloads = con.records(NEW_MQLS_SQL, [start, end])
    for payload in payloads:
        payload["qualified_on"] = str(payload["qualified_on"])
        payload["total_score"] = float(payload["total_score"])
        payload["top_reasons"] = reasons.get(payload["lead_id"], [])
    return payloads


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    # after the data-quality checks: a failing blocking check on these stops the alerts
    deps=[
        model_key(model)
        for model in ("mql_events", "lead_scores", "lead_score_history", "rejected_records")
    ],
    group_name="alerts",
    pool=WAREHOUSE_POOL,
)
def mql_alert_queue(
    context: AssetExecutionContext, warehouse: Warehouse, alerts: AlertSettings
) -> MaterializeResult:
    """Queues the primary sheet's MQL events qualified in this partition range for the alert
    sensor (reasons and matrix cell as of the latest score date). Queuing is idempotent."""
    key_range = context.partition_key_range
    with warehouse.read() as con:
        payloads = new_mql_payloads(con, key_range.start, key_range.end)
    queued = AlertStore(alerts.resolved_store_path()).enqueue(payloads)
    context.log.info(
        f"{len(payloads)} MQL event(s) in {key_range.start}..{key_range.end}, "
        f"{queued} new in the alert queue"
    )
    return MaterializeResult(metadata={"mql_events": len(payloads), "newly_queued": queued})
