"""Every setting of the pipeline, read from the environment when it is asked for (never at
import), with safe defaults. Nothing heavy here.

dbt reads its own connection settings (LEADSCORE_DUCKDB_PATH, LEADSCORE_PG_*,
LEADSCORE_SPARK_*) from the same environment through dbt_project/profiles.yml.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
# where dbt_project/, seeds/ and dagster.yaml are: the checkout (an editable install too), else
# the copy a wheel carries inside the package (pyproject.toml's orchestration.bundled)
IS_CHECKOUT = (_CHECKOUT / "dbt_project" / "dbt_project.yml").exists()
REPO_ROOT = _CHECKOUT if IS_CHECKOUT else Path(__file__).resolve().parent / "bundled"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SEEDS_DIR = REPO_ROOT / "seeds"
TARGETS = ("duckdb", "postgres", "spark")
SPARK_CONNECT_PORT = 15002  # Spark Connect's usual port

# Dagster concurrency pool of everything that writes or reads the DuckDB file: one at a time.
WAREHOUSE_POOL = "leadscore_warehouse"


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_float(name: str, default: float) -> float:
    value = _text(name)
    try:
        return float(value) if value else default
    except ValueError as error:
        raise ValueError(f"{name} must be a number, got {value!r}") from error


def target() -> str:
    """The warehouse: the dbt target of dbt_project/profiles.yml (DBT_TARGET, else duckdb)."""
    chosen = _text("DBT_TARGET", "duckdb")
    if chosen not in TARGETS:
        raise ValueError(f"DBT_TARGET={chosen!r}: choose one of {', '.join(TARGETS)}")
    return chosen


def use_target(chosen: str) -> None:
    """Choose the warehouse for this process and the dbt processes it starts."""
    os.environ["DBT_TARGET"] = chosen


def duckdb_path(environ: Mapping[str, str] | None = None) -> Path:
    """The warehouse file: LEADSCORE_DUCKDB_PATH of `environ` (this process's environment by
    default), a relative path resolved against the current folder; default
    data/leadscore.duckdb in the checkout (or, installed with pip, in the current folder)."""
    configured = (os.environ if environ is None else environ).get("LEADSCORE_DUCKDB_PATH", "")
    if configured.strip():
        return Path(configured.strip()).resolve()
    return (REPO_ROOT if IS_CHECKOUT else Path.cwd()) / "data" / "leadscore.duckdb"


def use_duckdb_path(path: Path) -> None:
    """Choose the warehouse file for this process and every process it starts, resolved once
    against the current folder (the command line's `--db`)."""
    os.environ["LEADSCORE_DUCKDB_PATH"] = str(path.resolve())


def dbt_environment(project_dir: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """What every dbt call gets in its environment beside the run's vars: the DuckDB file of
    `duckdb_path(environ)` named relative to the dbt project folder dbt runs in. dbt resolves a
    relative profile path from there, and keeps its saved parse only while the path reads the
    same, so the copies of a project, each with its own file, share one parse."""
    return {"LEADSCORE_DUCKDB_PATH": os.path.relpath(duckdb_path(environ), project_dir)}


def output_dir() -> Path:
    """Where commands write files (backtests, suggestions, the report, the writer lock):
    beside the warehouse file, data/ by default."""
    return duckdb_path().parent


def report_path() -> Path:
    """The evaluation report (`leadscore report`, the scoring_report asset)."""
    return output_dir() / "report.html"


def alert_store_path() -> Path:
    """The queue of MQL alerts (SQLite): LEADSCORE_ALERT_STORE, default data/alerts.sqlite."""
    configured = _text("LEADSCORE_ALERT_STORE")
    return Path(configured).resolve() if configured else output_dir() / "alerts.sqlite"


def webhook_url() -> str | None:
    """Where MQL alerts are POSTed (LEADSCORE_WEBHOOK_URL), if anywhere."""
    return _text("LEADSCORE_WEBHOOK_URL") or None


def mqa_alert_store_path() -> Path:
    """The queue of MQA alerts (SQLite), apart from the MQL one: LEADSCORE_MQA_ALERT_STORE,
    default mqa_alerts.sqlite beside the MQL queue."""
    configured = _text("LEADSCORE_MQA_ALERT_STORE")
    return (
        Path(configured).resolve()
        if configured
        else alert_store_path().with_name("mqa_alerts.sqlite")
    )


def mqa_webhook_url() -> str | None:
    """Where MQA alerts are POSTed: LEADSCORE_MQA_WEBHOOK_URL, else LEADSCORE_WEBHOOK_URL."""
    return _text("LEADSCORE_MQA_WEBHOOK_URL") or webhook_url()


def crm_format() -> str:
    """The CRM sync's payload: LEADSCORE_CRM_FORMAT, hubspot or salesforce (blank: no sync)."""
    return _text("LEADSCORE_CRM_FORMAT").lower()


def crm_send_probability() -> bool:
    """Whether the CRM sync sends the predictive conversion probability too
    (LEADSCORE_CRM_SEND_PROBABILITY: true or false, default false)."""
    value = _text("LEADSCORE_CRM_SEND_PROBABILITY", "false").lower()
    if value not in ("true", "false"):
        raise ValueError(f"LEADSCORE_CRM_SEND_PROBABILITY must be true or false, got {value!r}")
    return value == "true"


def crm_url() -> str:
    """The CRM API's base URL (LEADSCORE_CRM_URL), e.g. https://api.hubapi.com."""
    return _text("LEADSCORE_CRM_URL")


def crm_token() -> str:
    """The CRM API's bearer token (LEADSCORE_CRM_TOKEN)."""
    return _text("LEADSCORE_CRM_TOKEN")


def crm_store_path() -> Path:
    """What the CRM sync sent and what waits (SQLite): LEADSCORE_CRM_STORE, default
    data/crm_sync.sqlite."""
    configured = _text("LEADSCORE_CRM_STORE")
    return Path(configured).resolve() if configured else output_dir() / "crm_sync.sqlite"


def crm_company_store_path() -> Path:
    """What the CRM sync sent of accounts (companies) and what waits: LEADSCORE_CRM_COMPANY_STORE,
    default crm_companies.sqlite beside the CRM store of leads."""
    configured = _text("LEADSCORE_CRM_COMPANY_STORE")
    if configured:
        return Path(configured).resolve()
    return crm_store_path().with_name("crm_companies.sqlite")


def alert_outbox() -> Path | None:
    """The file MQL alerts are appended to (LEADSCORE_ALERT_OUTBOX), if any."""
    configured = _text("LEADSCORE_ALERT_OUTBOX")
    return Path(configured) if configured else None


def mqa_alert_outbox() -> Path | None:
    """The file MQA alerts are appended to (LEADSCORE_MQA_OUTBOX), if any: a file of their
    own, since each queue has one deliverer at a time."""
    configured = _text("LEADSCORE_MQA_OUTBOX")
    return Path(configured) if configured else None


def landing_dir() -> Path | None:
    """The folder the landing_files asset imports (LEADSCORE_LANDING_DIR), if any."""
    configured = _text("LEADSCORE_LANDING_DIR")
    return Path(configured) if configured else None


def spark_connect_url() -> str | None:
    """Where the Python side reaches a Spark server by Spark Connect: LEADSCORE_SPARK_CONNECT_URL
    (for Databricks, its Databricks Connect URL), else sc://LEADSCORE_SPARK_HOST:15002 when
    dbt reaches a server (LEADSCORE_SPARK_METHOD other than session). None in session mode:
    the Python side then runs a local Spark session of its own."""
    configured = _text("LEADSCORE_SPARK_CONNECT_URL")
    if configured:
        return configured
    if _text("LEADSCORE_SPARK_METHOD", "session") == "session":
        return None
    return f"sc://{_text('LEADSCORE_SPARK_HOST', '127.0.0.1')}:{SPARK_CONNECT_PORT}"


def partitions_start() -> str:
    """The first daily partition (LEADSCORE_PARTITIONS_START, YYYY-MM-DD)."""
    return _text("LEADSCORE_PARTITIONS_START", "2026-01-01")


def schedule_hour_utc() -> int:
    """The hour (UTC) the daily schedule scores the current date (LEADSCORE_SCHEDULE_HOUR_UTC)."""
    return int(_text("LEADSCORE_SCHEDULE_HOUR_UTC", "6"))


def max_rejected_share() -> float:
    return env_float("LEADSCORE_MAX_REJECTED_SHARE", 0.05)


def max_bot_share() -> float:
    return env_float("LEADSCORE_MAX_BOT_SHARE", 0.15)


def max_mql_change_pct() -> float:
    return env_float("LEADSCORE_MAX_MQL_CHANGE_PCT", 50.0)


def review_max_auc_drop() -> float:
    """How far a sheet's ROC AUC may fall from one quarter to the next before the quarterly
    review warns (LEADSCORE_REVIEW_MAX_AUC_DROP)."""
    return env_float("LEADSCORE_REVIEW_MAX_AUC_DROP", 0.05)


def review_max_mql_conversion_drop() -> float:
    """... and its MQL conversion, as a share (LEADSCORE_REVIEW_MAX_MQL_CONVERSION_DROP)."""
    return env_float("LEADSCORE_REVIEW_MAX_MQL_CONVERSION_DROP", 0.10)


def rule_silent_days() -> int:
    """Days without a match after which the review warns of a rule (LEADSCORE_RULE_SILENT_DAYS)."""
    return int(env_float("LEADSCORE_RULE_SILENT_DAYS", 14))


def activity_dates_per_pass() -> int:
    """How many activity-dates (raw activities x dates) one set-based pass of a backtest or a
    training scores, at the most (LEADSCORE_ACTIVITY_DATES_PER_PASS, 40,000,000): longer runs
    take several passes, so memory stays bounded whatever the number of dates and activities.
    What a date costs grows with the activities its windows reach, not with the leads: 19
    dates of 10M activities a pass ran out of 6 GB."""
    return max(1, int(env_float("LEADSCORE_ACTIVITY_DATES_PER_PASS", 40_000_000)))


def review_cron() -> str:
    """When the quarterly review runs, in UTC (LEADSCORE_REVIEW_CRON): the first day of each
    quarter at the daily schedule's hour by default."""
    return _text("LEADSCORE_REVIEW_CRON", f"0 {schedule_hour_utc()} 1 1,4,7,10 *")


def training_cron() -> str:
    """When the predictive models are trained, in UTC (LEADSCORE_TRAINING_CRON): the first day
    of each month, two hours before the daily run, by default."""
    return _text("LEADSCORE_TRAINING_CRON", f"0 {(schedule_hour_utc() - 2) % 24} 1 * *")


def drift_auc_drop() -> float:
    """How far a predictive model's AUC may fall below its validation AUC before the drift
    check warns (LEADSCORE_DRIFT_AUC_DROP)."""
    return env_float("LEADSCORE_DRIFT_AUC_DROP", 0.05)


def drift_calibration_rise() -> float:
    """How far its calibration error may rise above its validation figure before the drift
    check warns (LEADSCORE_DRIFT_CALIBRATION_RISE)."""
    return env_float("LEADSCORE_DRIFT_CALIBRATION_RISE", 0.05)


def freshness_hours() -> float:
    return env_float("LEADSCORE_FRESHNESS_HOURS", 48.0)


def loader_memory_limit() -> str:
    """DuckDB's memory limit in the demo-data loader (LEADSCORE_LOADER_MEMORY_LIMIT)."""
    return _text("LEADSCORE_LOADER_MEMORY_LIMIT", "512MB")


def dagster_home() -> Path | None:
    """The Dagster instance's folder (DAGSTER_HOME), if one is set."""
    configured = _text("DAGSTER_HOME")
    return Path(configured) if configured else None


def dbt_executable() -> str:
    """`dbt` on PATH, else the one installed beside this Python (the project's venv)."""
    return shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """The process environment with `values`, as dbt's child processes and these settings
    read it, restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
