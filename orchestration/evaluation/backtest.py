"""`leadscore backtest`: every sheet scored as of each date of a range (each date a score-date
partition of lead_score_history), then compared against the conversions that followed. The
dates are scored set-based, many in one pass (var score_dates, selector score_history), the
same history daily runs of those dates write."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import settings, warehouse
from ..dbt.args import build_args
from ..dbt.runner import run_steps
from . import sheets

# The comparison, in the order it is printed and written: (column, heading, format).
COLUMNS = [
    ("sheet_id", "sheet", "{}"),
    ("role", "role", "{}"),
    ("mqls", "MQLs", "{:,}"),
    ("mqls_per_week", "MQLs/week", "{:.1f}"),
    ("mql_conversion_rate", "MQL conv.", "{:.1%}"),
    ("roc_auc", "AUC", "{:.3f}"),
    ("precision_at_mql", "precision", "{:.1%}"),
    ("recall_at_mql", "recall", "{:.1%}"),
    ("leads", "lead-dates", "{:,}"),
    ("conversions", "conversions", "{:,}"),
]
RESULT_SQL = (
    f"select {', '.join(column for column, _, _ in COLUMNS)}, first_score_date, last_score_date,"
    " score_dates, every_days, evaluated_on from marts.scoring_backtest"
    " order by case when role = 'champion' then 0 else 1 end, roc_auc desc, sheet_id"
)
# The accounts over the same dates (contract §10): conversion of accounts, the AUC of the account
# score, and how MQAs converted against the rest.
ACCOUNT_COLUMNS = [
    ("sheet_id", "sheet", "{}"),
    ("role", "role", "{}"),
    ("account_dates", "account-dates", "{:,}"),
    ("conversions", "conversions", "{:,}"),
    ("base_conversion_rate", "conv.", "{:.1%}"),
    ("roc_auc", "AUC", "{:.3f}"),
    ("mqa_account_dates", "MQA-dates", "{:,}"),
    ("mqa_conversion_rate", "MQA conv.", "{:.1%}"),
    ("other_conversion_rate", "others' conv.", "{:.1%}"),
]
ACCOUNT_RESULT_SQL = (
    f"select {', '.join(column for column, _, _ in ACCOUNT_COLUMNS)} from marts.account_backtest"
    " order by case when role = 'champion' then 0 else 1 end, roc_auc desc, sheet_id"
)


class BacktestError(ValueError):
    """A backtest that cannot run as asked; the message says what to change."""


@dataclass(frozen=True)
class BacktestPlan:
    start: date
    end: date
    every_days: int
    sheets: tuple[str, ...]  # empty: every sheet
    as_of: date  # outcomes are read up to this date
    window_days: int

    @property
    def score_dates(self) -> list[date]:
        count = (self.end - self.start).days // self.every_days + 1
        return [self.start + timedelta(days=self.every_days * i) for i in range(count)]

    @property
    def evaluation_vars(self) -> dict[str, object]:
        """The vars of the comparison, besides its score date (the as-of date)."""
        return {
            "evaluate_from": self.start.isoformat(),
            "evaluate_to": self.end.isoformat(),
            "evaluate_every_days": self.every_days,
            "backtest_sheets": list(self.sheets),
        }

    @property
    def name(self) -> str:
        return f"backtest_{self.start}_{self.end}_every{self.every_days}"


def plan_backtest(
    project_dir: Path,
    start: date,
    end: date,
    *,
    every_days: int = 7,
    sheet_list: tuple[str, ...] = (),
    as_of: date,
) -> BacktestPlan:
    """Check the request against the sheets and the conversion window."""
    window = sheets.conversion_window_days(project_dir)
    if start > end:
        raise BacktestError(f"--from {start} is after --to {end}")
    if every_days < 1:
        raise BacktestError(f"--every must be 1 or more days, got {every_days}")
    if end + timedelta(days=window) > as_of:
        raise BacktestError(
            f"--to {end}: its {window}-day conversion window closes on "
            f"{end + timedelta(days=window)}, after {as_of}, so its conversions are not all "
            f"known yet. Use --to {as_of - timedelta(days=window)} or earlier."
        )
    known = sheets.sheet_ids(project_dir)
    unknown = [sheet for sheet in sheet_list if sheet not in known]
    if unknown:
        raise BacktestError(
            f"--sheets: no sheet {', '.join(unknown)} in seeds/score_sheets.csv "
            f"(the sheets are {', '.join(known)})"
        )
    return BacktestPlan(start, end, every_days, tuple(sheet_list), as_of, window)


def staging_step(extra_vars: dict[str, object] | None = None) -> tuple[str, list[str]]:
    """Load the sheets and stage the raw tables: everything not built per score date (nor
    the predictive training rows, built per training date)."""
    return (
        "loading the sheets and staging the raw tables",
        build_args(selector="date_free_models", extra_vars=extra_vars),
    )


# What scoring past dates writes: their partitions of history and what is derived from it
# (dbt_project/selectors.yml).
HISTORY_SELECTOR = "score_history"


def dates_per_pass() -> int:
    """How many dates one set-based pass scores: as many as keep its activity-dates within
    settings.activity_dates_per_pass(), and at least one."""
    with warehouse.open_engine(read_only=True) as engine:
        activities = engine.fetchall(f"select count(*) from {warehouse.RAW_SCHEMA}.activities")
    return max(1, settings.activity_dates_per_pass() // max(1, activities[0][0]))


def scoring_steps(
    dates: list[date], label: str, extra_vars: dict[str, object] | None = None
) -> list[tuple[str, list[str]]]:
    """Score every sheet as of each of `dates` into lead_score_history (a partition a date)
    and, when var record_rule_points says so, rule_points_history: set-based, oldest first,
    dates_per_pass() dates a pass."""
    ordered = sorted(dates)
    size = dates_per_pass()
    passes = [ordered[start : start + size] for start in range(0, len(ordered), size)]
    return [
        (
            f"{label}: scoring {len(chunk)} date(s), {chunk[0]} to {chunk[-1]}"
            + (f" (pass {number}/{len(passes)})" if len(passes) > 1 else ""),
            build_args(
                command="run",
                selector=HISTORY_SELECTOR,
                extra_vars={"score_dates": [d.isoformat() for d in chunk], **(extra_vars or {})},
            ),
        )
        for number, chunk in enumerate(passes, start=1)
    ]


def scoring_step(
    score_date: date, label: str, extra_vars: dict[str, object] | None, selector: str
) -> tuple[str, list[str]]:
    """Score every sheet as of `score_date` into the models of `selector`, as a daily run
    does."""
    return (
        label,
        build_args(command="run", selector=selector, score_date=score_date, extra_vars=extra_vars),
    )


def evaluation_step(
    plan: BacktestPlan,
    extra_vars: dict[str, object] | None = None,
    selector: str = "evaluation_models",
) -> tuple[str, list[str]]:
    """Compare the sheets against conversions over the plan's dates, from history: the
    evaluation models, the backtest's marts (tag backtest) among them."""
    return (
        f"backtest: comparing the sheets against conversions up to {plan.as_of}",
        build_args(
            selector=selector,
            score_date=plan.as_of,
            extra_vars={**plan.evaluation_vars, **(extra_vars or {})},
        ),
    )


def history_steps(plan: BacktestPlan) -> list[tuple[str, list[str]]]:
    """Score the plan's dates (recording the rule points that `leadscore suggest` learns
    from) and evaluate them, the backtest's marts left for last (the Dagster asset
    lead_scoring_backtest builds them itself)."""
    return [
        *scoring_steps(plan.score_dates, "backtest", {"record_rule_points": True}),
        evaluation_step(plan, selector="evaluation_models_but_backtest_marts"),
    ]


def dbt_steps(plan: BacktestPlan) -> list[tuple[str, list[str]]]:
    """Load the sheets and staging once, score the dates, then evaluate them, the backtest's
    marts with the rest."""
    return [
        staging_step(),
        *scoring_steps(plan.score_dates, "backtest", {"record_rule_points": True}),
        evaluation_step(plan),
    ]


def describe(plan: BacktestPlan) -> str:
    return (
        f"backtest: {len(plan.score_dates)} dates from {plan.start} to {plan.end} every "
        f"{plan.every_days} days; conversions within {plan.window_days} days, up to {plan.as_of}"
    )


def run_backtest(
    plan: BacktestPlan, project_dir: Path, out_dir: Path, say: Callable[[str], None]
) -> tuple[list[dict], Path]:
    """Score the dates, build marts.scoring_backtest, write it as CSV; its rows and the CSV."""
    say(describe(plan))
    run_steps(dbt_steps(plan), project_dir)
    return write_result(plan, out_dir)


def write_result(plan: BacktestPlan, out_dir: Path) -> tuple[list[dict], Path]:
    """marts.scoring_backtest's rows, written as CSV too; the rows and the CSV."""
    with warehouse.open_engine(read_only=True) as engine:
        rows = engine.records(RESULT_SQL)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{plan.name}.csv"
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    return rows, path


def table_cells(rows: list[dict], columns: list[tuple[str, str, str]] = COLUMNS) -> list[list[str]]:
    """The figures of each row as text, in `columns` order (a dash where one is undefined)."""
    return [
        ["–" if row[column] is None else fmt.format(row[column]) for column, _, fmt in columns]
        for row in rows
    ]


def format_table(rows: list[dict], columns: list[tuple[str, str, str]] = COLUMNS) -> str:
    """The champion/challenger table (or, with ACCOUNT_COLUMNS, the accounts') as aligned
    text."""
    cells = [[heading for _, heading, _ in columns], *table_cells(rows, columns)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = [
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    return "\n".join(lines)


def account_rows() -> list[dict]:
    """marts.account_backtest's rows (none before a backtest built it)."""
    with warehouse.open_engine(read_only=True) as engine:
        if not engine.relation_exists("marts", "account_backtest"):
            return []
        return engine.records(ACCOUNT_RESULT_SQL)
