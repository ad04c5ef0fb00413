"""The report's section on thresholds and calibration: per sheet, which tiers convert no better
than the one below; the primary sheet's MQL threshold swept over the backtested lead-dates,
conversion by score band and by matrix cell; win rate and won amount by tier."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .. import warehouse
from ..evaluation.tier_checks import tiers_not_rising
from .html import empty, percent, table

PRIMARY_SHEET_SQL = "select sheet_id from marts.scoring_sheets where is_primary"


def tier_flags(performance: list[dict]) -> list[str]:
    """scoring_performance's tiers per sheet (from the floor up), checked."""
    by_sheet: dict[str, list[dict]] = defaultdict(list)
    for row in performance:
        by_sheet[row["sheet_id"]].append(row)
    return [
        message
        for sheet_id, tiers in sorted(by_sheet.items())
        for message in tiers_not_rising(sheet_id, tiers)
    ]


def section(engine: warehouse.Engine, performance: list[dict]) -> str:
    flags = tier_flags(performance)
    flagged = (
        "<p><b>Check these sheets:</b></p><ul>"
        + "".join(f"<li>{escape(flag)}</li>" for flag in flags)
        + "</ul>"
        if flags
        else "<p>On every sheet, each tier converts better than the one below it.</p>"
    )
    if not engine.relation_exists("marts", "scoring_thresholds"):
        return flagged + empty("No threshold sweep yet: run `leadscore backtest`.")
    (sheet,) = engine.fetchall(PRIMARY_SHEET_SQL)[0]
    return (
        flagged
        + _thresholds(engine, sheet)
        + _calibration(engine, sheet)
        + _cells(engine, sheet)
        + _wins(engine)
    )


def _thresholds(engine: warehouse.Engine, sheet: str) -> str:
    rows = engine.records(
        "select * from marts.scoring_thresholds where sheet_id = ? order by threshold", [sheet]
    )
    if not rows:
        return empty(f"Sheet {sheet} has no MQL threshold to sweep.")
    return f"<h3>MQL threshold of sheet {escape(sheet)}</h3>" + table(
        ["threshold", "", "lead-dates at or above", "precision", "recall", "MQLs/week"],
        [
            [
                f"{float(row['threshold']):g}",
                "current" if row["is_current_threshold"] else "",
                f"{row['lead_dates_at_or_above']:,}",
                percent(row["precision"]),
                percent(row["recall"]),
                "–" if row["mqls_per_week"] is None else f"{row['mqls_per_week']:.1f}",
            ]
            for row in rows
        ],
    )


def _calibration(engine: warehouse.Engine, sheet: str) -> str:
    rows = _dimension(engine, sheet, "score_band")
    return f"<h3>Calibration of sheet {escape(sheet)}: conversion by score</h3>" + table(
        ["total score", "lead-dates", "conversions", "conversion"],
        [
            [row["segment"], f"{row['lead_dates']:,}", f"{row['conversions']:,}",
             percent(row["conversion_rate"])]
            for row in rows
        ],
    )  # fmt: skip


def _cells(engine: warehouse.Engine, sheet: str) -> str:
    rows = _dimension(engine, sheet, "matrix_cell")
    grades = sorted({row["segment"][0] for row in rows if row["segment"]})
    engagements = sorted({row["segment"][1:] for row in rows if row["segment"]})
    rate = {row["segment"]: row for row in rows}

    def cell(grade: str, engagement: str) -> str:
        row = rate.get(grade + engagement)
        return "–" if row is None else f"{percent(row['conversion_rate'])} of {row['lead_dates']:,}"

    return f"<h3>Conversion by matrix cell, sheet {escape(sheet)}</h3>" + table(
        ["grade", *[f"engagement {e}" for e in engagements]],
        [[grade, *[cell(grade, e) for e in engagements]] for grade in grades],
    )


def _wins(engine: warehouse.Engine) -> str:
    rows = engine.records(
        "select * from marts.scoring_calibration where dimension = 'tier'"
        " order by sheet_id, segment_order"
    )
    return "<h3>Won opportunities by tier</h3>" + table(
        ["sheet", "tier", "lead-dates", "conversions", "win rate", "won amount"],
        [
            [
                row["sheet_id"],
                row["segment"],
                f"{row['lead_dates']:,}",
                f"{row['conversions']:,}",
                percent(row["win_rate"]),
                f"{row['won_amount']:,.0f}",
            ]
            for row in rows
        ],
    )


def _dimension(engine: warehouse.Engine, sheet: str, dimension: str) -> list[dict]:
    return engine.records(
        "select * from marts.scoring_calibration where sheet_id = ? and dimension = ?"
        " order by segment_order, segment",
        [sheet, dimension],
    )
