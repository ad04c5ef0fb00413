"""The MQL alert queue: new MQL events of the primary sheet, with what sales needs to act."""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ..alerting.store import AlertStore
from ..partitions import daily_partitions
from ..resources import AlertSettings, Warehouse
from ..settings import WAREHOUSE_POOL
from .dbt import model_key

NEW_MQLS_SQL = """
with primary_sheet as (
    select sheet_id from seeds.score_sheets where is_primary
)
select
    events.sheet_id,
    events.lead_id,
    cast(events.qualified_on as varchar) as qualified_on,
    leads.email,
    scores.account_id,
    cast(events.total_score as double) as total_score,
    history.tier,
    scores.score_matrix,
    list(
        {'rule_id': reasons.rule_id, 'points': cast(reasons.points as double)}
        order by reasons.reason_rank
    ) filter (where reasons.rule_id is not null) as top_reasons
from marts.mql_events as events
inner join primary_sheet using (sheet_id)
inner join marts.lead_score_history as history
    on events.sheet_id = history.sheet_id
    and events.lead_id = history.lead_id
    and events.qualified_on = history.score_date
left join marts.lead_scores as scores
    on events.sheet_id = scores.sheet_id and events.lead_id = scores.lead_id
left join intermediate.int_leads_enriched as leads
    on events.lead_id = leads.lead_id
left join intermediate.int_lead_score_top_reasons as reasons
    on events.sheet_id = reasons.sheet_id and events.lead_id = reasons.lead_id
where events.qualified_on between cast(? as date) and cast(? as date)
group by all
order by qualified_on, total_score desc, lead_id
"""


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
        cursor = con.execute(NEW_MQLS_SQL, [key_range.start, key_range.end])
        columns = [column[0] for column in cursor.description]
        payloads = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    queued = AlertStore(alerts.resolved_store_path()).enqueue(payloads)
    context.log.info(
        f"{len(payloads)} MQL event(s) in {key_range.start}..{key_range.end}, "
        f"{queued} new in the alert queue"
    )
    return MaterializeResult(metadata={"mql_events": len(payloads), "newly_queued": queued})
