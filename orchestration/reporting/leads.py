"""The report's sections about leads: who to call first and why (lead_profiles), and how the
cells of the grade x engagement matrix converted (scoring_calibration)."""

from __future__ import annotations

from html import escape

from .. import warehouse
from .html import empty, framed_table, percent, table

TOP_LEADS_SQL = """
select lead_id, email, job_title, account_name, total_score, tier, score_matrix, is_mql,
    points_to_mql, top_reasons, score_date
from marts.lead_profiles
order by total_score desc, lead_id
limit 15
"""

MATRIX_SQL = """
select calibration.segment, calibration.lead_dates, calibration.conversion_rate
from marts.scoring_calibration as calibration
inner join marts.scoring_sheets as sheets
    on calibration.sheet_id = sheets.sheet_id and sheets.is_primary
where calibration.dimension = 'matrix_cell'
"""

BANDS_SQL = """
select bands.scale, bands.band
from marts.scoring_bands as bands
inner join marts.scoring_sheets as sheets
    on bands.sheet_id = sheets.sheet_id and sheets.is_primary
where bands.scale in ('grade', 'engagement')
order by bands.scale, bands.band_rank desc
"""


def top_leads(engine: warehouse.Engine) -> str:
    rows = engine.records(TOP_LEADS_SQL)
    if not rows:
        return empty("No scores yet: run the pipeline.")
    return (
        f'<p class="muted">Primary sheet on {rows[0]["score_date"]}: the highest scores, who '
        "they are, how far each is from an MQL and the three rules that move its score most "
        "(marts.lead_profiles).</p>"
        + table(
            ["lead", "title", "company", "score", "tier", "cell", "to MQL", "why"],
            [
                [
                    row["email"] or row["lead_id"],
                    row["job_title"] or "–",
                    row["account_name"] or "–",
                    f"{row['total_score']:,.2f}",
                    row["tier"],
                    row["score_matrix"],
                    "MQL" if row["is_mql"] else _points(row["points_to_mql"]),
                    row["top_reasons"] or "–",
                ]
                for row in rows
            ],
            numeric={3, 6},
        )
    )


def _points(value: object) -> str:
    return "–" if value is None else f"{value:,.2f}"


def conversion_by_cell(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "scoring_calibration"):
        return empty("No backtest yet: run `leadscore backtest --from D1 --to D2`.")
    cells = {segment: (leads, rate) for segment, leads, rate in engine.fetchall(MATRIX_SQL)}
    if not cells:
        return empty("The last backtest evaluated no lead-dates of the primary sheet.")
    bands = engine.fetchall(BANDS_SQL)
    grades = [band for scale, band in bands if scale == "grade"]
    engagements = [band for scale, band in bands if scale == "engagement"][::-1]

    def cell(grade: str, engagement: str) -> str:
        leads, rate = cells.get(grade + engagement, (0, None))
        return f'{percent(rate)} <span class="muted">of {leads:,}</span>' if leads else "–"

    return (
        '<p class="muted">Primary sheet, the last backtest: the share of lead-dates in each '
        "cell (grade from the profile score, engagement from the behaviour score) that "
        "converted within the window, and of how many.</p>" + _grid(grades, engagements, cell)
    )


def _grid(rows: list[str], columns: list[str], cell) -> str:
    head = "".join(f"<th>engagement {escape(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><th>grade {escape(r)}</th>"
        + "".join(f'<td class="n">{cell(r, c)}</td>' for c in columns)
        + "</tr>"
        for r in rows
    )
    return framed_table(f"<th></th>{head}", body)
