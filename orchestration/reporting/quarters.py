"""The report's "since last quarter" section: the last two quarters of marts.scoring_quarters
side by side per sheet, and what the quarterly review found."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .. import warehouse
from ..evaluation.quarterly import QUARTERS_SQL, findings
from .html import empty, percent, table

AS_OF_SQL = "select max(evaluated_on) from marts.scoring_backtest"


def section(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "scoring_quarters"):
        return empty("No quarterly review yet: run `leadscore review` (or its schedule).")
    quarters: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for row in engine.records(QUARTERS_SQL):
        quarters[row["sheet_id"]][row["quarter_start"]].append(row)
    if not quarters:
        return empty("The last backtest evaluated no dates.")
    rows = []
    for sheet_id, by_quarter in sorted(quarters.items()):
        starts = sorted(by_quarter)[-2:]
        before = by_quarter[starts[0]] if len(starts) == 2 else None
        after = by_quarter[starts[-1]]
        rows.append(
            [
                sheet_id,
                f"{starts[0]} → {starts[-1]}",
                _change(before, after, "roc_auc", "{:.3f}"),
                _change(before, after, "mql_conversion_rate", "{:.1%}"),
                ", ".join(f"{r['tier']} {percent(r['conversion_rate'])}" for r in after),
            ]
        )
    ((as_of,),) = engine.fetchall(AS_OF_SQL)
    found = findings(engine, as_of)
    listed = (
        "<p><b>Revisit with sales:</b></p><ul>"
        + "".join(f"<li>{escape(f.message)}</li>" for f in found)
        + "</ul>"
        if found
        else "<p>Nothing to revisit: no sheet fell, no rule went silent, every tier rises.</p>"
    )
    return (
        f'<p class="muted">Conversions read up to {as_of}; quarters by their first day.</p>'
        + listed
        + table(["sheet", "quarters", "AUC", "MQL conversion", "conversion by tier, last"], rows)
    )


def _change(before: list[dict] | None, after: list[dict], column: str, fmt: str) -> str:
    def show(value: float | None) -> str:
        return "–" if value is None else fmt.format(value)

    new = show(after[0][column])
    return new if before is None else f"{show(before[0][column])} → {new}"
