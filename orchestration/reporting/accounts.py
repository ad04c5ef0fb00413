"""The report's section about accounts (contract §10): the best accounts of the primary sheet with
their buying groups, new MQAs, and, after a backtest, how accounts and MQAs converted and what
coverage adds at equal score."""

from __future__ import annotations

from html import escape

from .. import warehouse
from ..evaluation.backtest import ACCOUNT_COLUMNS, ACCOUNT_RESULT_SQL, table_cells
from .html import empty, percent, table

TOP_ACCOUNTS_SQL = """
select account_id, account_name, total_score, tier, engaged_lead_count, buying_group_coverage,
    roles_missing, is_mqa
from marts.account_profiles
order by total_score desc, account_id
limit 10
"""
NEW_MQAS_SQL = """
select events.qualified_on, count(*)
from marts.mqa_events as events
inner join marts.scoring_sheets as sheets
    on events.sheet_id = sheets.sheet_id and sheets.is_primary
group by events.qualified_on
order by events.qualified_on desc
limit 8
"""
COVERAGE_SQL = """
select coverage.sheet_id, coverage.tier, coverage.coverage, coverage.account_dates,
    coverage.conversions, coverage.conversion_rate
from marts.account_coverage_backtest as coverage
inner join marts.scoring_bands as bands
    on coverage.sheet_id = bands.sheet_id and bands.scale = 'tier' and coverage.tier = bands.band
order by coverage.sheet_id, bands.band_rank, coverage.coverage
"""


def section(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "account_profiles"):
        return empty("No accounts scored yet: run the pipeline.")
    rows = engine.records(TOP_ACCOUNTS_SQL)
    if not rows:
        return empty("No accounts scored yet: run the pipeline.")
    html = '<p class="muted">Primary sheet, latest score date, best first.</p>' + table(
        ["account", "name", "score", "tier", "engaged", "roles covered", "MQA", "missing"],
        [
            [
                row["account_id"],
                row["account_name"] or "",
                f"{row['total_score']:,.2f}",
                row["tier"],
                f"{row['engaged_lead_count']:,}",
                percent(
                    None
                    if row["buying_group_coverage"] is None
                    else float(row["buying_group_coverage"])
                ),
                "yes" if row["is_mqa"] else "no",
                row["roles_missing"].replace(";", ", ") or "–",
            ]
            for row in rows
        ],
        numeric={2, 4, 5},
    )
    new = engine.fetchall(NEW_MQAS_SQL)
    if new:
        html += (
            "<p>New MQAs by date: "
            + escape(", ".join(f"{day} {count}" for day, count in new))
            + ".</p>"
        )
    return html + _backtest(engine)


def _backtest(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "account_backtest"):
        return empty("No account backtest yet: run `leadscore backtest --from D1 --to D2`.")
    rows = engine.records(ACCOUNT_RESULT_SQL)
    if not rows:
        return empty("The last backtest evaluated no account.")
    html = (
        '<p class="muted">The last backtest, per sheet: an account converts when an opportunity'
        " of the account or of one of its leads opens within the window.</p>"
        + table([heading for _, heading, _ in ACCOUNT_COLUMNS], table_cells(rows, ACCOUNT_COLUMNS))
    )
    coverage = engine.fetchall(COVERAGE_SQL)
    if coverage:
        html += (
            '<p class="muted">What coverage adds at equal score: within a tier, accounts by how'
            " much of the buying group was engaged.</p>"
            + table(
                ["sheet", "tier", "coverage", "account-dates", "conversions", "conv."],
                [
                    [sheet, tier, band, f"{dates:,}", f"{conversions:,}", percent(rate)]
                    for sheet, tier, band, dates, conversions, rate in coverage
                ],
                numeric={3, 4, 5},
            )
        )
    return html
