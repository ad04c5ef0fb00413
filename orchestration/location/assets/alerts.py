"""The MQL alert queue: new MQL events of the primary sheet, with what sales needs to act."""

from datetime import date

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ...alerting.store import AlertStore
from ...reports import top_reasons
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


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    # after the data-quality checks: a failing blocking check on these stops the alerts
    deps=[
        model_key(model)
        for model in (
            "mql_alert_events",
            "lead_score_reasons",
            "lead_score_history",
            "rejected_records",
        )
    ],
    group_name="alerts",
    owners=DATA_PLATFORM,
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
