"""The MQL alert queue: new MQL events of the primary sheet, with what sales needs to act."""

from datetime import date

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ..alerting.store import AlertStore
from ..partitions import daily_partitions
from ..reports import top_reasons
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
inner join staging.stg_seeds__score_sheets as sheets
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


def new_mql_payloads(con, start: str, end: str) -> list[dict]:
    """The alert payloads of the primary sheet's MQL events qualified in start..end."""
    reasons = top_reasons(
        con,
        "select distinct lead_id from marts.mql_events"
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


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    # after the data-quality checks: a failing blocking check on these stops the alerts
    deps=[
        model_key(model)
        for model in (
            "mql_events",
            "lead_scores",
            "lead_score_breakdown",
            "lead_score_history",
            "rejected_records",
        )
    ],
    group_name="alerts",
    pool=WAREHOUSE_POOL,
)
def mql_alert_queue(
    context: AssetExecutionContext, warehouse: Warehouse, alerts: AlertSettings
) -> MaterializeResult:
    """Queues the primary sheet's MQL events for the alert sensor (reasons and matrix cell as of
    the latest score date), those of the dates from the newest one already covered to the
    newest scored date; on a first deployment, those of the newest scored date alone. So a
    backfill of older dates, or a first run on old data, pages nobody for the past. Queuing
    is idempotent: an event already queued is not queued again."""
    store = AlertStore(alerts.resolved_store_path())
    with warehouse.read() as con:
        ((newest,),) = con.fetchall("select max(score_date) from marts.lead_score_history")
        if newest is None:
            return MaterializeResult(metadata={"mql_events": 0, "newly_queued": 0})
        newest = date.fromisoformat(str(newest))
        start = store.covered_through() or newest
        payloads = new_mql_payloads(con, str(start), str(newest)) if start <= newest else []
    queued = store.enqueue(payloads, covered_through=newest)
    context.log.info(
        f"{len(payloads)} MQL event(s) from {start} to {newest}, {queued} new in the alert queue"
    )
    return MaterializeResult(
        metadata={
            "mql_events": len(payloads),
            "newly_queued": queued,
            "covered_through": str(max(start, newest)),
        }
    )
