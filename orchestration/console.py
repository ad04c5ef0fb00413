"""What `make demo` prints: the top leads and accounts of the primary sheet, where the marts
are, and what the bot rules and merges took out."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import settings, warehouse

# The leads of a sheet on the latest date, best first.
TOP_LEADS_SQL = """
select score_rank, lead_id, total_score, tier, score_matrix, sheet_id, score_date
from marts.lead_scores
where sheet_id = ?
order by score_rank, lead_id
limit ?
"""
# ... and on an earlier date of history (no matrix cell there).
TOP_LEADS_ON_SQL = """
select
    row_number() over (order by total_score desc, lead_id) as score_rank,
    lead_id, total_score, tier, cast(null as {text}) as score_matrix, sheet_id, score_date
from marts.lead_score_history
where sheet_id = ? and score_date = ?
order by total_score desc, lead_id
limit ?
"""
PRIMARY_SHEET_SQL = "select sheet_id from marts.scoring_sheets where is_primary"
# The accounts of a sheet on the latest date, best first, with their buying group.
TOP_ACCOUNTS_SQL = """
select
    account_id, total_score, tier, engaged_lead_count, buying_group_coverage, roles_missing,
    is_mqa, score_date
from marts.account_scores
where sheet_id = ?
order by total_score desc, account_id
limit ?
"""

# The reasons of the leads `{leads}` selects (a query with a lead_id column), best first.
REASONS_SQL = """
select reasons.lead_id, reasons.rule_id, reasons.points
from marts.lead_score_reasons as reasons
where reasons.lead_id in ({leads})
order by reasons.lead_id, reasons.reason_rank
"""
# A sheet's ledger rows of some leads on the latest date, each rule with its group.
LEDGER_SQL = """
select ledger.lead_id, ledger.rule_kind, ledger.rule_id, ledger.points, rules.group_id
from marts.lead_score_breakdown as ledger
left join marts.scoring_rules as rules
    on
        ledger.sheet_id = rules.sheet_id
        and ledger.rule_kind = rules.rule_kind
        and ledger.rule_id = rules.rule_id
where ledger.sheet_id = ? and ledger.points <> 0 and ledger.lead_id in ({leads})
"""
# ... and on an earlier date, where a backtest recorded them (cap adjustments are not).
LEDGER_ON_SQL = """
select lead_id, rule_kind, rule_id, points, cast(null as {text}) as group_id
from marts.rule_points_history
where sheet_id = ? and score_date = ? and points <> 0 and lead_id in ({leads})
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


def top_leads(
    engine: warehouse.Engine,
    limit: int = 10,
    *,
    sheet: str | None = None,
    score_date: date | None = None,
) -> list[tuple]:
    """Rows of (rank, lead, score, tier, matrix cell, three biggest reasons, sheet, date) of
    `sheet` (the primary by default) on the latest date, or on `score_date` of history."""
    sheet = sheet or engine.fetchall(PRIMARY_SHEET_SQL)[0][0]
    if score_date is None:
        leads = engine.fetchall(TOP_LEADS_SQL, [sheet, limit])
        ledger_sql, params = LEDGER_SQL, [sheet]
    else:
        on_sql = TOP_LEADS_ON_SQL.format(text=engine.string_type)
        leads = engine.fetchall(on_sql, [sheet, score_date, limit])
        ledger_sql, params = LEDGER_ON_SQL, [sheet, score_date]
    ids = [row[1] for row in leads]
    marks = ", ".join("?" for _ in ids) or "null"
    ledger_sql = ledger_sql.format(leads=marks, text=engine.string_type)
    ledger = engine.fetchall(ledger_sql, [*params, *ids])
    return [
        (rank, lead, score, tier, cell, _reasons(lead, ledger), sheet_id, on)
        for rank, lead, score, tier, cell, sheet_id, on in leads
    ]


def _reasons(lead: str, ledger: list[tuple]) -> str:
    """The three behaviour or profile rows with the largest points in absolute value (ties by
    rule id); a group cap that cut the first shown rule of the group is named beside it."""
    rows = [row for row in ledger if row[0] == lead]
    caps = {rule: points for _, kind, rule, points, _ in rows if kind == "cap_adjustment"}
    shown = sorted(
        (row for row in rows if row[1] != "cap_adjustment"), key=lambda r: (-abs(r[3]), r[2])
    )[:3]
    reasons, named = [], set()
    for _, _, rule, points, group in shown:
        reason = f"{rule} {points:+}"
        if group in caps and group not in named:
            reason += f" (group {group} capped {caps[group]:+})"
            named.add(group)
        reasons.append(reason)
    return ", ".join(reasons)


def _where(engine: warehouse.Engine) -> str:
    if engine.target == "duckdb":
        return f"the DuckDB file {engine.path}"
    return f"the {engine.target} warehouse (dbt target {engine.target})"


def print_top_leads(
    db: Path | None = None,
    limit: int = 10,
    *,
    sheet: str | None = None,
    score_date: date | None = None,
) -> None:
    """The top leads of the warehouse of DBT_TARGET (on DuckDB, of the file `db`): of `sheet`
    (the primary), on `score_date` of history (the latest)."""
    db = db or settings.duckdb_path()
    if settings.target() == "duckdb" and not db.exists():
        print(f"No warehouse at {db}: run `make demo` (or `leadscore demo`) first.")
        return
    with warehouse.open_engine(duckdb_path=db, read_only=True) as engine:
        scored = engine.relation_exists("marts", "lead_scores")
        rows = top_leads(engine, limit, sheet=sheet, score_date=score_date) if scored else []
        where = _where(engine)
    if not rows:
        what = f"on sheet {sheet or 'primary'}" + (f" on {score_date}" if score_date else "")
        print(f"No scored leads {what}: check the sheet and date, or run `leadscore build`.")
        return
    sheet, score_date = rows[0][6], rows[0][7]
    print(f"\nTop {len(rows)} leads on sheet '{sheet}' as of {score_date}:\n")
    print(f"{'rank':>4}  {'lead':<10} {'score':>8}  {'tier':<6} {'cell':<5} biggest reasons")
    for rank, lead, score, tier, cell, reasons, _, _ in rows:
        print(f"{rank:>4}  {lead:<10} {score:>8}  {tier:<6} {cell or '-':<5} {reasons or '-'}")
    if not any(row[5] for row in rows):
        print(
            "(no reasons: a ledger is kept for the latest date and for the dates a backtest scored)"
        )
    print(
        f"\nMarts are in {where}, schema marts. For BI and the CRM: lead_profiles (one row per"
        " lead: who, score, points to MQL, top reasons) and score_changes (what moved, the"
        " reverse-ETL feed); also lead_scores, lead_score_breakdown, lead_score_history,"
        " mql_events, account_scores, account_score_history, mqa_events, lead_segments,"
        " rejected_records, lead_identities,"
        " scoring_performance, scoring_backtest, scoring_calibration, suggested_rules."
    )
    if engine.target == "duckdb":
        print(
            "Query them, for example:\n"
            f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{db}', read_only=True)"
            ".sql('select * from marts.lead_scores order by score_rank limit 5'))\""
        )


def print_top_accounts(db: Path | None = None, limit: int = 5, *, sheet: str | None = None) -> None:
    """The top accounts of `sheet` (the primary) on the latest date: score, tier, engaged
    persons, the buying group's coverage and the roles it is missing, the MQA flag."""
    db = db or settings.duckdb_path()
    if settings.target() == "duckdb" and not db.exists():
        print(f"No warehouse at {db}: run `make demo` (or `leadscore demo`) first.")
        return
    with warehouse.open_engine(duckdb_path=db, read_only=True) as engine:
        scored = engine.relation_exists("marts", "account_scores")
        sheet = sheet or (engine.fetchall(PRIMARY_SHEET_SQL)[0][0] if scored else None)
        rows = engine.fetchall(TOP_ACCOUNTS_SQL, [sheet, limit]) if scored else []
    if not rows:
        print(f"No scored accounts on sheet {sheet or 'primary'}: run `leadscore build`.")
        return
    print(f"\nTop {len(rows)} accounts on sheet '{sheet}' as of {rows[0][7]}:\n")
    header = f"{'account':<10} {'score':>8}  {'tier':<6} {'engaged':>7}  {'roles':>5}  MQA"
    print(f"{header}  missing roles")
    for account, score, tier, engaged, coverage, missing, is_mqa, _ in rows:
        roles = "-" if coverage is None else f"{coverage:.0%}"
        print(
            f"{account:<10} {score:>8}  {tier:<6} {engaged:>7}  {roles:>5}  "
            f"{'yes' if is_mqa else 'no':<3}  {missing.replace(';', ', ') or '-'}"
        )


# The metric query `make demo` shows (README "What BI reads"): run from the dbt project
METRIC_QUERY = (
    "query",
    *("--metrics", "leads,mqls,mql_rate,average_score"),
    *("--group-by", "metric_time__month,lead_score__sheet_id"),
    *("--order", "metric_time__month,lead_score__sheet_id"),
)


def print_metric_query() -> int:
    """The semantic layer's answer to one metric query, as `mf query` prints it."""
    mf = str(Path(sys.executable).parent / "mf")
    print(f"\nMetrics (MetricFlow), from dbt_project/: mf {' '.join(METRIC_QUERY)}")
    done = subprocess.run(
        [mf, *METRIC_QUERY],
        cwd=settings.DBT_PROJECT_DIR,
        env={**os.environ, **settings.dbt_environment(settings.DBT_PROJECT_DIR)},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(done.stdout + done.stderr)
        return done.returncode
    # the table, without the spinner mf draws while it waits
    print("\n".join(line for line in done.stdout.splitlines() if "query" not in line))
    return 0


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
