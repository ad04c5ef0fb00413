"""The report's data-quality section: of each raw table, how many rows staging rejected and
why, bots included (rejected_records against the raw row counts)."""

from __future__ import annotations

from .. import warehouse
from .html import empty, percent, table

SOURCES = tuple(warehouse.RAW_TABLES)

REJECTED_SQL = """
select source_table, reason, count(*) as rows_rejected
from marts.rejected_records
group by source_table, reason
order by source_table, count(*) desc, reason
"""


def section(engine: warehouse.Engine) -> str:
    raw = {
        source: engine.fetchall(f"select count(*) from raw.{source}")[0][0]
        for source in SOURCES
        if engine.relation_exists("raw", source)
    }
    if not any(raw.values()):
        return empty("No raw data yet: load some (`leadscore demo-data`).")
    rejected: dict[str, list[tuple[str, int]]] = {}
    for source, reason, count in engine.fetchall(REJECTED_SQL):
        rejected.setdefault(source, []).append((reason, int(count)))
    rows = []
    for source, total in raw.items():
        reasons = rejected.get(source, [])
        bots = sum(count for reason, count in reasons if reason == "bot_suspected")
        other = sum(count for reason, count in reasons) - bots
        rows.append(
            [
                source,
                f"{total:,}",
                f"{other:,}",
                percent(other / total if total else None),
                f"{bots:,}",
                percent(bots / total if total else None),
                ", ".join(f"{reason} {count:,}" for reason, count in reasons) or "–",
            ]
        )
    return (
        '<p class="muted">Every raw row is scored or listed in marts.rejected_records with a '
        "reason; bots are activities a rule of seeds/bot_rules.csv flagged.</p>"
        + table(["raw table", "rows", "rejected", "share", "bots", "bot share", "reasons"], rows)
    )
