"""The CRM sync queues: the primary sheet's leads whose score fields changed since they were
last sent (contract §7), and its accounts, as company records (contract §10). The sensor
crm_sync_sensor sends what waits."""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, asset

from ...crm.store import CrmStore
from ...crm.sync import company_format, crm_format, queue_changes
from ...settings import WAREHOUSE_POOL
from ..owners import DATA_PLATFORM
from ..partitions import daily_partitions
from ..resources import CrmSettings, Warehouse
from .dbt import model_key


@asset(
    partitions_def=daily_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    deps=[model_key("lead_profiles"), model_key("account_profiles")],
    group_name="crm",
    owners=DATA_PLATFORM,
    pool=WAREHOUSE_POOL,
)
def crm_sync_queue(
    context: AssetExecutionContext, warehouse: Warehouse, crm: CrmSettings
) -> MaterializeResult:
    """Queues, from marts.lead_profiles (the latest score date), each lead whose CRM record
    (whole-point score, tier, grade, matrix cell, MQL flag, top reasons) differs from the one
    last sent, and from marts.account_profiles each account whose company record (score, tier,
    buying-group coverage, MQA flag) does; on a first sync, every one. Without
    LEADSCORE_CRM_FORMAT it queues nothing."""
    if not crm.resolved_format():
        context.log.info("LEADSCORE_CRM_FORMAT is not set: no CRM sync, nothing queued")
        return MaterializeResult(metadata={"queued": 0, "configured": False})
    chosen = crm_format(crm.resolved_format(), crm.resolved_send_probability())
    store = CrmStore(crm.resolved_store_path())
    companies = CrmStore(crm.resolved_company_store_path())
    with warehouse.read() as con:
        report = queue_changes(con, store, chosen)
        company_report = queue_changes(con, companies, company_format(crm.resolved_format()))
    for done in (report, company_report):
        context.log.info(
            f"{done.queued} {done.noun}(s) with changed fields queued for {chosen.name}"
            + (f"; {done.skipped} skipped: {done.skip_reason}" if done.skipped else "")
        )
    return MaterializeResult(
        metadata={
            "queued": report.queued,
            "skipped_no_email": report.skipped,
            "sharing_a_contact": report.shared,
            "waiting": store.waiting_count(),
            "companies_queued": company_report.queued,
            "companies_skipped": company_report.skipped,
            "companies_waiting": companies.waiting_count(),
        }
    )
