"""What `make demo` prints: the top leads of the primary sheet and where the marts are."""

from __future__ import annotations

from pathlib import Path

import duckdb

TOP_LEADS_SQL = """
with primary_sheet as (
    select sheet_id from seeds.score_sheets where is_primary
),
top_leads as (
    select scores.*
    from marts.lead_scores as scores
    inner join primary_sheet using (sheet_id)
    order by scores.score_rank, scores.lead_id
    limit ?
)
select
    top_leads.score_rank,
    top_leads.lead_id,
    top_leads.total_score,
    top_leads.tier,
    top_leads.score_matrix,
    string_agg(
        reasons.rule_id || ' ' || case when reasons.points >= 0 then '+' else '' end
        || cast(reasons.points as varchar),
        ', ' order by reasons.reason_rank
    ) as top_reasons,
    top_leads.sheet_id,
    top_leads.score_date
from top_leads
left join intermediate.int_lead_score_top_reasons as reasons
    on top_leads.sheet_id = reasons.sheet_id and top_leads.lead_id = reasons.lead_id
group by all
order by top_leads.score_rank, top_leads.lead_id
"""


def top_leads(db: Path, limit: int = 10) -> list[tuple]:
    """Rows of (rank, lead, score, tier, matrix cell, three biggest reasons, sheet, date)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(TOP_LEADS_SQL, [limit]).fetchall()


def print_top_leads(db: Path, limit: int = 10) -> None:
    if not db.exists():
        print(f"No warehouse at {db}: run `make demo` (or `leadscore demo`) first.")
        return
    try:
        rows = top_leads(db, limit)
    except duckdb.CatalogException:
        rows = []
    if not rows:
        print("No scored leads yet: run `leadscore build` (or `make demo`) first.")
        return
    sheet, score_date = rows[0][6], rows[0][7]
    print(f"\nTop {len(rows)} leads on sheet '{sheet}' as of {score_date}:\n")
    print(f"{'rank':>4}  {'lead':<10} {'score':>8}  {'tier':<6} {'cell':<5} biggest reasons")
    for rank, lead, score, tier, cell, reasons, _, _ in rows:
        print(f"{rank:>4}  {lead:<10} {score:>8}  {tier:<6} {cell:<5} {reasons or '-'}")
    print(
        f"\nMarts are in the DuckDB file {db} (schema marts): lead_scores, "
        "lead_score_breakdown, lead_score_history, mql_events, account_scores, lead_segments, "
        "rejected_records.\nQuery them, for example:\n"
        f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{db}', read_only=True)"
        ".sql('select * from marts.lead_scores order by score_rank limit 5'))\""
    )
