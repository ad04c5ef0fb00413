"""Dagster resources, configured from the settings (environment variables) with safe
defaults."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from dagster import ConfigurableResource

from .. import settings, warehouse


class Warehouse(ConfigurableResource):
    """The warehouse of DBT_TARGET (the same as dbt's). On DuckDB, the file `path`; blank:
    LEADSCORE_DUCKDB_PATH at run time."""

    path: str = ""

    @property
    def db_path(self) -> Path:
        return Path(self.path) if self.path else settings.duckdb_path()

    def read(self) -> warehouse.Engine:
        """A connection for reading; close it before dbt runs (DuckDB has one writer per file,
        Spark's metastore one process)."""
        return warehouse.open_engine(duckdb_path=self.db_path, read_only=True)

    def write(self) -> warehouse.Engine:
        return warehouse.open_engine(duckdb_path=self.db_path)

    def in_use(self) -> AbstractContextManager[None]:
        """This file for all that runs meanwhile, in this process and the processes it starts:
        the dbt assets' dbt calls, their writer lock and a backtest's steps."""
        return settings.environment(LEADSCORE_DUCKDB_PATH=str(self.db_path.resolve()))


class AlertSettings(ConfigurableResource):
    """Where MQL and MQA alerts go. Blank values: LEADSCORE_WEBHOOK_URL, LEADSCORE_ALERT_OUTBOX
    and LEADSCORE_ALERT_STORE at run time (MQAs: LEADSCORE_MQA_WEBHOOK_URL, else the MQL
    webhook; LEADSCORE_MQA_OUTBOX; LEADSCORE_MQA_ALERT_STORE); at least one of webhook and
    outbox must be set for alerts to be delivered."""

    webhook_url: str = ""
    outbox_path: str = ""
    store_path: str = ""
    mqa_webhook_url: str = ""
    mqa_outbox_path: str = ""
    mqa_store_path: str = ""
    timeout_seconds: float = 5.0
    max_attempts: int = 4
    backoff_seconds: float = 0.5

    def resolved_webhook_url(self) -> str | None:
        return self.webhook_url or settings.webhook_url()

    def resolved_outbox_path(self) -> Path | None:
        return Path(self.outbox_path) if self.outbox_path else settings.alert_outbox()

    def resolved_store_path(self) -> Path:
        return Path(self.store_path) if self.store_path else settings.alert_store_path()

    def resolved_mqa_webhook_url(self) -> str | None:
        return self.mqa_webhook_url or settings.mqa_webhook_url()

    def resolved_mqa_outbox_path(self) -> Path | None:
        return Path(self.mqa_outbox_path) if self.mqa_outbox_path else settings.mqa_alert_outbox()

    def resolved_mqa_store_path(self) -> Path:
        if self.mqa_store_path:
            return Path(self.mqa_store_path)
        if self.store_path:
            return Path(self.store_path).with_name("mqa_alerts.sqlite")
        return settings.mqa_alert_store_path()


class CrmSettings(ConfigurableResource):
    """Where the CRM sync pushes score fields. Blank values: LEADSCORE_CRM_FORMAT (hubspot or
    salesforce), LEADSCORE_CRM_URL, LEADSCORE_CRM_TOKEN, LEADSCORE_CRM_STORE and
    LEADSCORE_CRM_SEND_PROBABILITY at run time; without a format nothing is queued or sent."""

    format: str = ""
    send_probability: bool | None = None
    url: str = ""
    token: str = ""
    store_path: str = ""
    timeout_seconds: float = 10.0
    max_attempts: int = 4
    backoff_seconds: float = 0.5

    def resolved_format(self) -> str:
        return self.format or settings.crm_format()

    def resolved_send_probability(self) -> bool:
        if self.send_probability is None:
            return settings.crm_send_probability()
        return self.send_probability

    def resolved_url(self) -> str:
        return self.url or settings.crm_url()

    def resolved_token(self) -> str:
        return self.token or settings.crm_token()

    def resolved_store_path(self) -> Path:
        return Path(self.store_path) if self.store_path else settings.crm_store_path()

    def resolved_company_store_path(self) -> Path:
        """The queue of company records: beside the queue of leads."""
        if self.store_path:
            return Path(self.store_path).with_name("crm_companies.sqlite")
        return settings.crm_company_store_path()
