"""The evaluation report: one HTML file, charts inline, readable offline and on a phone.

The top leads (who, company, why), score distribution per tier with the MQL threshold,
conversion rate by tier for every sheet and by matrix cell, ROC curves, MQLs per week, the
rules that contribute most, the last backtest, thresholds and calibration (and the tiers that
convert no better than the one below), the predictive model beside the rules, what changed
since last quarter, the suggested points, data quality (rejected rows and bots per raw table),
and the clean signals: the bot share by activity type, the merges, and the AUC with and
without the bot rules.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path

from .. import settings, warehouse
from ..evaluation import bot_filtering, clean_signals
from ..evaluation.backtest import COLUMNS, RESULT_SQL, table_cells
from . import accounts, calibration, charts, leads, predictive, quality, quarters
from .html import empty, percent, table

PRIMARY = (
    "inner join marts.scoring_sheets as sheets on {0}.sheet_id = sheets.sheet_id"
    " and sheets.is_primary"
)
BIN_WIDTH = 20  # points per bar of the score distribution

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 2rem auto;
  max-width: 980px; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e5e7eb; }
.chart { width: 100%; max-width: 720px; height: auto; font-size: 11px; }
.chart .grid { stroke: #e5e7eb; } .chart .diagonal { stroke: #9ca3af; stroke-dasharray: 4 4; }
.chart .axis-title { font-weight: 600; fill: #374151; }
.chart .marker { stroke: #111827; stroke-width: 1.5; stroke-dasharray: 6 3; }
.chart .marker-label { font-weight: 600; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { padding: .25rem .6rem; }
th { text-align: left; border-bottom: 2px solid #d1d5db; } td.n { text-align: right; }
tr:nth-child(even) td { background: #f9fafb; } .muted { color: #6b7280; }
.bar { height: .8rem; background: #2563eb; display: inline-block; vertical-align: middle; }
.bar.negative { background: #dc2626; }
"""


def write_report(engine: warehouse.Engine, path: Path) -> Path:
    """Write the report of the warehouse's marts to `path`."""
    performance = engine.records(
        "select * from marts.scoring_performance order by sheet_id, tier_min_score nulls first"
    )
    sections = [
        ("Top leads", leads.top_leads(engine)),
        ("Score distribution per tier", _distribution(engine)),
        ("Conversion rate by tier", _conversion_by_tier(performance)),
        ("Conversion by matrix cell", leads.conversion_by_cell(engine)),
        ("ROC curves", _roc(engine, performance)),
        ("MQLs per week", _mqls_per_week(engine, performance)),
        ("Rules that contribute most", _top_rules(engine)),
        ("Backtest: champion and challengers", _backtest(engine)),
        ("Accounts: buying groups and MQAs", accounts.section(engine)),
        ("Thresholds and calibration", calibration.section(engine, performance)),
        ("The predictive model beside the rules", predictive.section(engine)),
        ("Since last quarter", quarters.section(engine)),
        ("Suggested points", _suggested(engine)),
        ("Data quality", quality.section(engine)),
        ("Clean signals: bots and duplicate leads", _clean_signals(engine)),
    ]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "".join(f"<section><h2>{escape(title)}</h2>{html}</section>" for title, html in sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Lead scoring report</title>"
        f"<style>{STYLE}</style></head><body><h1>Lead scoring report</h1>"
        f'<p class="muted">Generated {generated} from the {engine.target} warehouse. '
        "Conversion: a lead's first opportunity within the conversion window after a scored "
        "date; a lead-date is a lead on one evaluated date.</p>"
        f"{body}</body></html>"
    )
    return path


def _distribution(engine: warehouse.Engine) -> str:
    rows = engine.fetchall(
        "select scores.tier, scores.total_score, scores.score_date from marts.lead_scores as "
        f"scores {PRIMARY.format('scores')}"
    )
    if not rows:
        return empty("No scores yet: run the pipeline.")
    bins = sorted({int(float(score) // BIN_WIDTH) for _, score, _ in rows})
    bins = list(range(bins[0], bins[-1] + 1))
    tiers: dict[str, list[float]] = {}
    for tier, score, _ in sorted(rows, key=lambda row: row[1]):  # tiers from cold to hot
        counts = tiers.setdefault(tier, [0.0] * len(bins))
        counts[bins.index(int(float(score) // BIN_WIDTH))] += 1
    labels = [str(b * BIN_WIDTH) for b in bins]
    ((threshold,),) = engine.fetchall(
        "select mql_threshold from marts.scoring_sheets where is_primary"
    )
    line = ""
    if threshold is not None:
        x = (float(threshold) / BIN_WIDTH - bins[0]) / len(bins)
        if 0 <= x <= 1:
            line = charts.marker(x, f"MQL at {float(threshold):g}")
    return (
        f'<p class="muted">Primary sheet, {len(rows):,} leads on {rows[0][2]}; bars of '
        f"{BIN_WIDTH} points, labelled by their lowest score; the dashed line is the MQL "
        "threshold.</p>"
        + charts.bars(
            labels,
            tiers,
            title="Leads by total score and tier",
            x_title="Total score",
            y_title="Leads",
            colors_by_series=charts.colors(list(tiers), tiers=True),
            overlay=line,
        )
    )


def _conversion_by_tier(performance: list[dict]) -> str:
    rows = [row for row in performance if row["leads"]]
    if not rows:
        return empty("No evaluated dates yet: run `leadscore backtest`.")
    tiers = list(dict.fromkeys(row["tier"] for row in rows))
    series: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(tiers))
    for row in rows:
        series[row["sheet_id"]][tiers.index(row["tier"])] = 100 * (row["conversion_rate"] or 0)
    tiers_table = table(
        ["sheet", "tier", "lead-dates", "conversions", "rate", "lift"],
        [
            [
                row["sheet_id"],
                row["tier"],
                f"{row['leads']:,}",
                f"{row['conversions']:,}",
                percent(row["conversion_rate"]),
                "–" if row["lift"] is None else f"{row['lift']:.2f}",
            ]
            for row in rows
        ],
    )
    first = rows[0]
    return (
        f'<p class="muted">{first["score_dates"]} dates from {first["first_score_date"]} to '
        f"{first['last_score_date']}, conversions within {first['conversion_window_days']} "
        f"days, read up to {first['evaluated_on']}.</p>"
        + charts.bars(
            tiers,
            dict(series),
            title="Conversion rate by tier",
            x_title="Tier",
            y_title="Conversion rate",
            colors_by_series=charts.colors(list(series)),
            y_format="{:.0f}%",
        )
        + tiers_table
    )


def _roc(engine: warehouse.Engine, performance: list[dict]) -> str:
    rows = engine.fetchall(
        "select sheet_id, total_score, sum(case when converted then 1 else 0 end),"
        " sum(case when converted then 0 else 1 end) from marts.score_outcomes"
        " group by sheet_id, total_score order by sheet_id, total_score desc"
    )
    counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sheet, _, positives, negatives in rows:
        counts[sheet].append((int(positives), int(negatives)))
    auc = {row["sheet_id"]: row["roc_auc"] for row in performance}
    curves = {}
    for sheet, steps in counts.items():
        total_p = sum(p for p, _ in steps) or 1
        total_n = sum(n for _, n in steps) or 1
        points, tp, fp = [(0.0, 0.0)], 0, 0
        for p, n in steps:  # highest score first: lower the threshold one score at a time
            tp, fp = tp + p, fp + n
            points.append((fp / total_n, tp / total_p))
        auc_text = "–" if auc.get(sheet) is None else f"{auc[sheet]:.3f}"
        curves[f"{sheet} (AUC {auc_text})"] = points
    if not curves:
        return empty("No evaluated dates yet: run `leadscore backtest`.")
    ticks = [(x / 4, f"{x / 4:.2f}") for x in range(5)]
    return (
        '<p class="muted">True positive rate against false positive rate as the threshold '
        "falls; the dashed diagonal is a coin toss.</p>"
        + charts.lines(
            curves,
            title="ROC curves",
            x_title="False positive rate",
            y_title="True positive rate",
            x_labels=ticks,
            y_max=1,
            y_format="{:.2f}",
            diagonal=True,
        )
    )


def _mqls_per_week(engine: warehouse.Engine, performance: list[dict]) -> str:
    periods = [(row["first_score_date"], row["last_score_date"]) for row in performance]
    periods = [period for period in periods if period[0] is not None]
    if not periods:
        return empty("No evaluated dates yet: run `leadscore backtest`.")
    start, end = min(first for first, _ in periods), max(last for _, last in periods)
    rows = engine.fetchall(
        "select sheet_id, qualified_on, count(*) from marts.mql_events"
        " where qualified_on > ? and qualified_on <= ? group by sheet_id, qualified_on",
        [start, end],
    )
    if not rows:
        return empty(f"No new MQLs between {start} and {end}.")
    weeks: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for sheet, day, count in rows:
        day = date.fromisoformat(str(day)[:10])
        weeks[sheet][day - timedelta(days=day.weekday())] += int(count)
    all_weeks = sorted({week for by_week in weeks.values() for week in by_week})
    first, span = all_weeks[0], max((all_weeks[-1] - all_weeks[0]).days, 1)
    series = {
        sheet: [((week - first).days / span, by_week.get(week, 0)) for week in all_weeks]
        for sheet, by_week in sorted(weeks.items())
    }
    ticks = [((w - first).days / span, str(w)) for w in all_weeks[:: max(len(all_weeks) // 5, 1)]]
    return (
        f'<p class="muted">New MQLs (mql_events) by week of qualification, after {start} up to '
        f"{end}, the evaluated dates.</p>"
        + charts.lines(
            series, title="MQLs per week", x_title="Week", y_title="New MQLs", x_labels=ticks
        )
    )


def _top_rules(engine: warehouse.Engine) -> str:
    rows = engine.fetchall(
        "select breakdown.rule_kind, breakdown.rule_id, sum(breakdown.points),"
        " count(distinct breakdown.lead_id) from marts.lead_score_breakdown as breakdown"
        f" {PRIMARY.format('breakdown')} group by breakdown.rule_kind, breakdown.rule_id"
        " order by abs(sum(breakdown.points)) desc, breakdown.rule_id limit 12"
    )
    if not rows:
        return empty("No scores yet: run the pipeline.")
    largest = max(abs(float(points)) for _, _, points, _ in rows) or 1
    return (
        '<p class="muted">Primary sheet, latest score date: points summed over all leads.</p>'
        + table(
            ["rule", "kind", "points", "leads", ""],
            [
                [
                    rule,
                    kind,
                    f"{float(points):,.0f}",
                    f"{leads:,}",
                    f'<span class="bar{" negative" if points < 0 else ""}" style="width:'
                    f'{240 * abs(float(points)) / largest:.0f}px"></span>',
                ]
                for kind, rule, points, leads in rows
            ],
            raw_last=True,
        )
    )


def _backtest(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "scoring_backtest"):
        return empty("No backtest yet: run `leadscore backtest --from D1 --to D2`.")
    rows = engine.records(RESULT_SQL)
    if not rows:
        return empty("The last backtest compared no sheets.")
    first = rows[0]
    return (
        f'<p class="muted">{first["score_dates"]} dates from {first["first_score_date"]} to '
        f"{first['last_score_date']}, every {first['every_days'] or 1} days.</p>"
        + table([heading for _, heading, _ in COLUMNS], table_cells(rows))
    )


def _suggested(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "suggested_rules"):
        return empty("No suggestion yet: run `leadscore suggest` after a backtest.")
    rows = engine.fetchall(
        "select rule_kind, rule_id, current_points, suggested_points, coefficient, support,"
        " suggested_sheet_id from marts.suggested_rules"
        " order by abs(suggested_points - current_points) desc, rule_id"
    )
    if not rows:
        return empty("The last suggestion had no rules.")
    return f'<p class="muted">Sheet {escape(rows[0][6])}, largest changes first.</p>' + table(
        ["kind", "rule", "current", "suggested", "coefficient", "support"],
        [
            [kind, rule, f"{current:g}", f"{suggested:g}", f"{coefficient:.3f}", f"{support:,}"]
            for kind, rule, current, suggested, coefficient, support, _ in rows
        ],
    )


def _clean_signals(engine: warehouse.Engine) -> str:
    shares = [row for row in clean_signals.bot_share_by_type(engine) if row[2]]
    bots = (
        table(
            ["activity type", "raw activities", "bots", "share"],
            [
                [kind, f"{total:,}", f"{flagged:,}", percent(flagged / total)]
                for kind, total, flagged in shares
            ],
        )
        if shares
        else empty("No activity was flagged by a bot rule.")
    )
    merged = clean_signals.merges(engine)
    merges = (
        table(["merges", "leads"], [[what, f"{leads:,}"] for what, leads in merged])
        if merged
        else empty("No lead was merged.")
    )
    comparison = bot_filtering.read(settings.output_dir() / "backtests")
    auc = (
        f"<p>Backtest AUC of sheet {escape(comparison['sheet_id'])}, on the same "
        f"{comparison['lead_dates']:,} lead-dates: <b>{comparison['with_filtering']:.4f}</b> "
        f"with the bot rules, {comparison['without_filtering']:.4f} without.</p>"
        if comparison
        else empty("No comparison with and without the bot rules yet (`make demo` runs one).")
    )
    return (
        '<p class="muted">Activities flagged by seeds/bot_rules.csv are not scored; merged '
        "leads count for the lead that survives them (marts.lead_identities).</p>"
        + auc + bots + merges
    )  # fmt: skip
