"""Data-quality checks of our own, beside the dbt tests (which dagster-dbt turns into checks).
They read published marts (and raw) only.

Limits come from the settings. The rejected-rows check is ERROR and blocking: when it fails,
the MQL alert queue of that run does not run. The others are WARN: a spike of bot traffic is
counted on its own, and is news, not broken data.
"""

from datetime import UTC, datetime

from dagster import AssetCheckResult, AssetCheckSeverity, asset_check

from .. import settings
from ..evaluation.quarterly import findings
from .assets.dbt import model_key
from .assets.evaluation import quarterly_review
from .resources import Warehouse


@asset_check(asset=model_key("rejected_records"), blocking=True, pool=settings.WAREHOUSE_POOL)
def rejected_activity_share(warehouse: Warehouse) -> AssetCheckResult:
    """Share of raw activities that staging rejected as broken (every reason but
    bot_suspected), at most LEADSCORE_MAX_REJECTED_SHARE (default 0.05)."""
    return _activity_share(
        warehouse, "reason <> 'bot_suspected'", "rejected", settings.max_rejected_share(),
        AssetCheckSeverity.ERROR,
    )  # fmt: skip


@asset_check(asset=model_key("rejected_records"), pool=settings.WAREHOUSE_POOL)
def bot_activity_share(warehouse: Warehouse) -> AssetCheckResult:
    """Share of raw activities a bot rule flagged (bot_suspected), at most
    LEADSCORE_MAX_BOT_SHARE (default 0.15): more warns of a new scanner or crawler."""
    return _activity_share(
        warehouse, "reason = 'bot_suspected'", "flagged as bots", settings.max_bot_share(),
        AssetCheckSeverity.WARN,
    )  # fmt: skip


def _activity_share(
    warehouse: Warehouse, reasons: str, what: str, limit: float, severity: AssetCheckSeverity
) -> AssetCheckResult:
    with warehouse.read() as con:
        ((rejected, raw),) = con.fetchall(
            "select (select count(*) from marts.rejected_records"
            f" where source_table = 'activities' and {reasons}),"
            " (select count(*) from raw.activities)"
        )
    share = rejected / raw if raw else 0.0
    return AssetCheckResult(
        passed=share <= limit,
        severity=severity,
        description=f"{rejected} of {raw} activities {what} ({share:.2%}; limit {limit:.2%})",
        metadata={"rejected": rejected, "raw": raw, "share": share, "limit": limit},
    )


@asset_check(asset=model_key("lead_score_history"), pool=settings.WAREHOUSE_POOL)
def mql_count_shift(warehouse: Warehouse) -> AssetCheckResult:
    """MQL count of the primary sheet on the latest score date against the previous scored
    date: a change of more than LEADSCORE_MAX_MQL_CHANGE_PCT percent (default 50) warns."""
    limit = settings.max_mql_change_pct()
    with warehouse.read() as con:
        dates = con.fetchall(
            "select score_date from marts.lead_score_history_dates order by score_date desc limit 2"
        )
        if len(dates) < 2:
            return AssetCheckResult(passed=True, description="fewer than two scored dates yet")
        # the two dates as values, so that the engine reads their rows only, not the history
        counts = dict(
            con.fetchall(
                "select history.score_date, sum(case when history.is_mql then 1 else 0 end)"
                " from marts.lead_score_history as history"
                " inner join marts.scoring_sheets as sheets"
                "   on history.sheet_id = sheets.sheet_id and sheets.is_primary"
                " where history.score_date in (?, ?)"
                " group by history.score_date",
                [dates[0][0], dates[1][0]],
            )
        )
    (latest,), (previous,) = dates
    now, before = counts.get(latest, 0), counts.get(previous, 0)
    change = abs(now - before) / before * 100 if before else (0.0 if now == 0 else 100.0)
    return AssetCheckResult(
        passed=change <= limit,
        severity=AssetCheckSeverity.WARN,
        description=f"{now} MQLs on {latest} vs {before} on {previous}: {change:.0f}% change "
        f"(limit {limit:.0f}%)",
        metadata={"mqls": now, "previous_mqls": before, "change_pct": change},
    )


@asset_check(asset=model_key("lead_segments"), pool=settings.WAREHOUSE_POOL)
def activity_freshness(warehouse: Warehouse) -> AssetCheckResult:
    """The newest activity of a scored lead is at most LEADSCORE_FRESHNESS_HOURS old
    (default 48)."""
    limit = settings.freshness_hours()
    with warehouse.read() as con:
        ((newest,),) = con.fetchall("select max(last_activity_at) from marts.lead_segments")
    if newest is None:
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.WARN,
            description="no accepted activity at all",
        )
    age_hours = (datetime.now(UTC).replace(tzinfo=None) - newest).total_seconds() / 3600
    return AssetCheckResult(
        passed=age_hours <= limit,
        severity=AssetCheckSeverity.WARN,
        description=f"newest activity {newest} is {age_hours:.1f} h old (limit {limit:.0f} h)",
        metadata={"newest_activity_at": str(newest), "age_hours": age_hours},
    )


@asset_check(asset=quarterly_review, pool=settings.WAREHOUSE_POOL)
def quarterly_review_findings(warehouse: Warehouse) -> AssetCheckResult:
    """What the quarterly review found (evaluation/quarterly.py): a sheet whose AUC or MQL
    conversion fell against the quarter before, a rule silent for LEADSCORE_RULE_SILENT_DAYS,
    a tier that converts no better than the one below. Warns with each finding."""
    with warehouse.read() as con:
        ((as_of,),) = con.fetchall("select max(evaluated_on) from marts.scoring_backtest")
        found = findings(con, as_of)
    return AssetCheckResult(
        passed=not found,
        severity=AssetCheckSeverity.WARN,
        description="; ".join(f.message for f in found) or f"nothing to revisit as of {as_of}",
        metadata={"findings": [f.message for f in found], "as_of": str(as_of)},
    )


all_checks = [
    rejected_activity_share,
    bot_activity_share,
    mql_count_shift,
    activity_freshness,
    quarterly_review_findings,
]
