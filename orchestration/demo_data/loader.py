"""Writes a demo world into the raw schema of a DuckDB file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from .. import warehouse
from .generator import DemoWorld

CHUNK_ACTIVITIES = 500_000


def write_demo_data(
    path: Path,
    *,
    n_leads: int,
    seed: int,
    end_date: date,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Replace the raw tables with a generated world; returns the rows written per table."""
    world = DemoWorld(n_leads=n_leads, seed=seed, end_date=end_date)
    counts = {table: 0 for table in warehouse.RAW_TABLES}
    con = warehouse.connect(path)
    try:
        warehouse.create_raw_tables(con, replace=True)
        counts["accounts"] = warehouse.append_rows(con, "accounts", world.accounts())
        leads, activities, opportunities = [], [], []

        def flush() -> None:
            counts["leads"] += warehouse.append_rows(con, "leads", leads)
            counts["activities"] += warehouse.append_rows(con, "activities", activities)
            counts["opportunities"] += warehouse.append_rows(con, "opportunities", opportunities)
            leads.clear(), activities.clear(), opportunities.clear()
            progress(f"{counts['leads']:,} leads, {counts['activities']:,} activities written")

        for lead, lead_activities, opportunity in world.leads_with_activities():
            if lead is not None:
                leads.append(lead)
            activities.extend(lead_activities)
            if opportunity is not None:
                opportunities.append(opportunity)
            if len(activities) >= CHUNK_ACTIVITIES:
                flush()
        flush()
    finally:
        con.close()
    return counts
