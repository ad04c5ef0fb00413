"""The CRM sync queue: the primary sheet's leads whose score fields changed since they were
last sent (SPEC §7). The sensor crm_sync_sensor sends what waits."""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ...crm.store import CrmStore
from ...crm.sync import crm_format, queue_changes
from ...settings import WAREHOUSE_POOL
from ..owners import DATA_PLATFORM
from ..partitions import daily_partitions
from ..resources import CrmSettings, Warehouse
from .dbt import model_key


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    deps=[model_key("lead_profiles")],
    group_name="crm",
    owners=DATA_PLATFORM,
    pool=WAREHOUSE_POOL,
)
def crm_sync_queue(
    context: AssetExecutionContext, warehouse: Warehouse, crm: CrmSettings
) -> MaterializeResult:
    """Queues, from marts.lead_profiles (the latest score date), each lead whose CRM record
    (whole-point score, tier, grade, matrix cell, MQL flag, top reasons) differs from the one
    last sent; on a first sync, every scored lead. Without LEADSCORE_CRM_FORMAT it queues
    nothing."""
    if not crm.resolved_format():
        context.log.info("LEADSCORE_CRM_FORMAT is not set: no CRM sync, nothing queued")
        return MaterializeResult(metadata={"queued": 0, "configured": False})
    chosen = crm_format(crm.resolved_format(), crm.resolved_send_probability())
    store = CrmStore(crm.resolved_store_path())
    with warehouse.read() as con:
        report = queue_changes(con, store, chosen)
    context.log.info(
        f"{report.queued} lead(s) with changed fields queued for {chosen.name}"
        + (f"; {report.skipped} without a valid e-mail skipped" if report.skipped else "")
    )
    return MaterializeResult(
        metadata={
            "queued": report.queued,
            "skipped_no_email": report.skipped,
            "sharing_a_contact": report.shared,
            "waiting": store.waiting_count(),
        }
    )
