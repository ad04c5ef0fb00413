"""What `make demo` prints: the top leads of the primary sheet, where the marts are, and what
the bot rules and merges took out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from . import settings, warehouse

TOP_LEADS_SQL = """
select
    scores.score_rank,
    scores.lead_id,
    scores.total_score,
    scores.tier,
    scores.score_matrix,
    scores.sheet_id,
    scores.score_date
from marts.lead_scores as scores
inner join marts.scoring_sheets as sheets
    on scores.sheet_id = sheets.sheet_id and sheets.is_primary
order by scores.score_rank, scores.lead_id
limit ?
"""

# The reasons of the leads `{leads}` selects (a query with a lead_id column), best first.
REASONS_SQL = """
select reasons.lead_id, reasons.rule_id, reasons.points
from marts.lead_score_reasons as reasons
where reasons.lead_id in ({leads})
order by reasons.lead_id, reasons.reason_rank
"""


def top_reasons(
    engine: warehouse.Engine, leads_sql: str, params: list
) -> dict[str, list[tuple[str, Decimal]]]:
    """Each lead's three biggest reasons on the primary sheet as (rule, points), for the leads
    `leads_sql` (with `params`) selects."""
    reasons: dict[str, list[tuple[str, Decimal]]] = {}
    for lead, rule, points in engine.fetchall(REASONS_SQL.format(leads=leads_sql), params):
        reasons.setdefault(lead, []).append((rule, points))
    return reasons


def top_leads(engine: warehouse.Engine, limit: int = 10) -> list[tuple]:
    """Rows of (rank, lead, score, tier, matrix cell, three biggest reasons, sheet, date)."""
    leads = engine.fetchall(TOP_LEADS_SQL, [limit])
    reasons = top_reasons(
        engine, "select lead_id from marts.lead_scores where score_rank <= ?", [limit]
    )
    return [
        (
            rank,
            lead,
            score,
            tier,
            cell,
            ", ".join(f"{rule} {points:+}" for rule, points in reasons.get(lead, [])),
            sheet,
            score_date,
        )
        for rank, lead, score, tier, cell, sheet, score_date in leads
    ]


def _where(engine: warehouse.Engine) -> str:
    if engine.target == "duckdb":
        return f"the DuckDB file {engine.path}"
    return f"the {engine.target} warehouse (dbt target {engine.target})"


def print_top_leads(db: Path | None = None, limit: int = 10) -> None:
    """The top leads of the warehouse of DBT_TARGET (on DuckDB, of the file `db`)."""
    db = db or settings.duckdb_path()
    if settings.target() == "duckdb" and not db.exists():
        print(f"No warehouse at {db}: run `make demo` (or `leadscore demo`) first.")
        return
    with warehouse.open_engine(duckdb_path=db, read_only=True) as engine:
        scored = engine.relation_exists("marts", "lead_scores")
        rows = top_leads(engine, limit) if scored else []
        where = _where(engine)
    if not rows:
        print("No scored leads yet: run `leadscore build` (or `make demo`) first.")
        return
    sheet, score_date = rows[0][6], rows[0][7]
    print(f"\nTop {len(rows)} leads on sheet '{sheet}' as of {score_date}:\n")
    print(f"{'rank':>4}  {'lead':<10} {'score':>8}  {'tier':<6} {'cell':<5} biggest reasons")
    for rank, lead, score, tier, cell, reasons, _, _ in rows:
        print(f"{rank:>4}  {lead:<10} {score:>8}  {tier:<6} {cell:<5} {reasons or '-'}")
    print(
        f"\nMarts are in {where}, schema marts: lead_scores, "
        "lead_score_breakdown, lead_score_history, mql_events, account_scores, lead_segments, "
        "rejected_records, lead_identities, scoring_performance, scoring_backtest,"
        " suggested_rules."
    )
    if engine.target == "duckdb":
        print(
            "Query them, for example:\n"
            f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{db}', read_only=True)"
            ".sql('select * from marts.lead_scores order by score_rank limit 5'))\""
        )


def print_clean_signals(db: Path | None = None) -> None:
    """The bot share by activity type and the merges, from the marts of the warehouse."""
    from .evaluation.clean_signals import bot_share_by_type, merges

    with warehouse.open_engine(duckdb_path=db, read_only=True) as engine:
        shares = bot_share_by_type(engine)
        merged = merges(engine)
    total = sum(count for _, count, _ in shares)
    flagged = sum(bots for _, _, bots in shares)
    share = flagged / (total or 1)
    print(f"\nBot rules flagged {flagged:,} of {total:,} raw activities ({share:.1%}):")
    for kind, count, bots in shares:
        if bots:
            print(f"  {kind:<22} {bots:>8,} of {count:>9,} ({bots / count:.1%})")
    print("Merges: " + (", ".join(f"{what} {leads:,}" for what, leads in merged) or "none"))
