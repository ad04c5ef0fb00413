"""The quarterly review of the scoring sheets, automated. The sources tell teams to revisit
their sheets with sales every quarter; this backtests the last two closed quarters (a quarter
is closed once the conversion window of its last day has passed) and says what changed:

- a sheet whose ROC AUC or MQL conversion fell by more than LEADSCORE_REVIEW_MAX_AUC_DROP
  (0.05) or LEADSCORE_REVIEW_MAX_MQL_CONVERSION_DROP (0.10, a share) from the quarter before;
- a behaviour rule that matched before but nothing in the last LEADSCORE_RULE_SILENT_DAYS (14)
  days up to the review date: often a tracking change that broke it silently;
- a tier that, in the last quarter, converts no better than the tier below it;
- an active predictive model that weighs a rule of its feature sheet at about zero, or finds
  strong factors no rule counts (predictive/disagreements.py).

`leadscore review` and the Dagster asset quarterly_review (its schedule: the first day of each
quarter) run it; the asset check quarterly_review_findings and the report show the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import settings, warehouse
from ..predictive.disagreements import disagreements
from . import sheets
from .backtest import BacktestPlan
from .tier_checks import tiers_not_rising

EVERY_DAYS = 7
QUARTERS_SQL = "select * from marts.scoring_quarters order by sheet_id, quarter_start, tier_order"
RULES_SQL = (
    "select sheet_id, rule_id, last_matched_on from marts.scoring_rule_activity"
    " where last_matched_on is not null and last_matched_on < ? order by sheet_id, rule_id"
)


@dataclass(frozen=True)
class Finding:
    kind: str  # auc_drop, mql_conversion_drop, rule_silent, tiers_not_rising, model_disagrees
    sheet_id: str
    message: str


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter(start: date) -> date:
    return quarter_start(start - timedelta(days=1))


def next_quarter(start: date) -> date:
    return quarter_start(start + timedelta(days=92))  # no quarter is longer


def last_closed_quarter(as_of: date, window_days: int) -> date:
    """The first day of the last quarter whose last day's conversion window closed by
    `as_of`: every conversion of its dates is known."""
    start = previous_quarter(quarter_start(as_of))
    while next_quarter(start) - timedelta(days=1) + timedelta(days=window_days) > as_of:
        start = previous_quarter(start)
    return start


def review_plan(project_dir: Path, as_of: date) -> BacktestPlan:
    """Every week of the last two quarters closed by `as_of`, from the first day of the
    earlier one to the last day of the later one."""
    window = sheets.conversion_window_days(project_dir)
    closed = last_closed_quarter(as_of, window)
    start = previous_quarter(closed)
    last_day = next_quarter(closed) - timedelta(days=1)
    end = start + timedelta(days=EVERY_DAYS * ((last_day - start).days // EVERY_DAYS))
    return BacktestPlan(start, end, EVERY_DAYS, (), as_of, window)


def findings(engine: warehouse.Engine, as_of: date) -> list[Finding]:
    """What the review warns of, from the marts its backtest built."""
    rows = (
        engine.records(QUARTERS_SQL) if engine.relation_exists("marts", "scoring_quarters") else []
    )
    by_sheet: dict[str, dict[date, list[dict]]] = {}
    for row in rows:
        by_sheet.setdefault(row["sheet_id"], {}).setdefault(row["quarter_start"], []).append(row)
    found = []
    for sheet_id, quarters in sorted(by_sheet.items()):
        starts = sorted(quarters)
        last = quarters[starts[-1]]
        if len(starts) >= 2:
            before = quarters[starts[-2]][0]
            found += _drops(sheet_id, before, last[0])
        found += [
            Finding("tiers_not_rising", sheet_id, f"{message} in the quarter from {starts[-1]}")
            for message in tiers_not_rising(sheet_id, [
                {"tier": r["tier"], "leads": r["leads"], "conversions": r["conversions"]}
                for r in last
            ])
        ]  # fmt: skip
    silent_days = settings.rule_silent_days()
    since = as_of - timedelta(days=silent_days)
    for sheet_id, rule_id, last_matched in engine.fetchall(RULES_SQL, [since]):
        found.append(
            Finding(
                "rule_silent",
                sheet_id,
                f"sheet {sheet_id}: rule {rule_id} has matched nothing since {last_matched}"
                f" ({(as_of - last_matched).days} days before {as_of}; a tracking change?)",
            )
        )
    found += [
        Finding("model_disagrees", model.sheet_id, line)
        for model in disagreements(engine)
        for line in model.lines()
    ]
    return found


def _drops(sheet_id: str, before: dict, after: dict) -> list[Finding]:
    found = []
    for kind, column, limit, what in (
        ("auc_drop", "roc_auc", settings.review_max_auc_drop(), "ROC AUC"),
        (
            "mql_conversion_drop",
            "mql_conversion_rate",
            settings.review_max_mql_conversion_drop(),
            "MQL conversion",
        ),
    ):
        old, new = before[column], after[column]
        if old is not None and new is not None and old - new > limit:
            found.append(
                Finding(
                    kind,
                    sheet_id,
                    f"sheet {sheet_id}: {what} fell from {old:.3f} in the quarter from"
                    f" {before['quarter_start']} to {new:.3f} in the quarter from"
                    f" {after['quarter_start']} (more than {limit:g})",
                )
            )
    return found
