"""Charts as inline SVG: the report is one HTML file that needs no script and no network.

Tiers have the colours people read them by (cold blue, warm amber, hot red); sheets take
other colours, so a sheet is never mistaken for a tier. Every chart titles its axes, and its
legend flows onto as many rows as its names need, so no two entries overlap."""

from __future__ import annotations

from html import escape

TIER_COLORS = {"cold": "#2563eb", "warm": "#d97706", "hot": "#dc2626"}
# for sheets, and for tiers of other names: none of the tier colours
OTHER_COLORS = ["#0d9488", "#7c3aed", "#4b5563", "#db2777", "#65a30d", "#0891b2", "#a16207"]
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64
LEGEND_ROW, CHAR_WIDTH = 20, 7  # px per legend row; a generous width per character at 11px


def colors(names: list[str], *, tiers: bool = False) -> dict[str, str]:
    """A colour per name: tiers by their meaning where they have one, the rest in turn."""
    others = iter(OTHER_COLORS * (len(names) // len(OTHER_COLORS) + 1))
    return {
        name: TIER_COLORS[name.lower()] if tiers and name.lower() in TIER_COLORS else next(others)
        for name in names
    }


def _legend(entries: dict[str, str]) -> tuple[list[str], int]:
    """Legend entries flowing left to right, wrapping where the next would not fit; the SVG
    parts and the number of rows."""
    parts, x, row = [], LEFT, 0
    if len(entries) < 2:
        return parts, 0
    for name, color in entries.items():
        width = 16 + CHAR_WIDTH * len(name) + 20
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, row = LEFT, row + 1
        y = HEIGHT + 4 + row * LEGEND_ROW
        parts.append(
            f'<g class="legend-item"><rect x="{x}" y="{y}" width="12" height="12" '
            f'fill="{color}"/><text x="{x + 16}" y="{y + 10}">{escape(name)}</text></g>'
        )
        x += width
    return parts, row + 1


def _frame(
    body: list[str],
    *,
    title: str,
    y_max: float,
    y_format: str,
    legend: dict[str, str],
    x_title: str,
    y_title: str,
) -> str:
    """Axes with their titles, horizontal grid lines with labels and the legend, around the
    plotted `body`."""
    legend_parts, rows = _legend(legend)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} '
        f'{HEIGHT + rows * LEGEND_ROW + 8}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for step in range(5):
        value = y_max * step / 4
        y = _y(value, y_max)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(y_format.format(value))}</text>"
        )
    middle = TOP + (HEIGHT - TOP - BOTTOM) / 2
    parts.append(
        f'<text class="axis-title" x="14" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle:.1f})">{escape(y_title)}</text>'
        f'<text class="axis-title" x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" '
        f'y="{HEIGHT - BOTTOM + 40}" text-anchor="middle">{escape(x_title)}</text>'
    )
    parts += body + legend_parts
    parts.append("</svg>")
    return "".join(parts)


def _y(value: float, y_max: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / (y_max or 1))


def marker(x: float, label: str) -> str:
    """A dashed vertical line at `x` (0 to 1 across the plot) with its label: a threshold."""
    left = LEFT + x * (WIDTH - LEFT - RIGHT)
    anchor = "end" if x > 0.8 else "start"
    offset = -4 if anchor == "end" else 4
    return (
        f'<line class="marker" x1="{left:.1f}" x2="{left:.1f}" y1="{TOP}" '
        f'y2="{HEIGHT - BOTTOM}"/><text class="marker-label" x="{left + offset:.1f}" '
        f'y="{TOP + 12}" text-anchor="{anchor}">{escape(label)}</text>'
    )


def bars(
    groups: list[str],
    series: dict[str, list[float]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    colors_by_series: dict[str, str],
    y_format: str = "{:.0f}",
    overlay: str = "",
) -> str:
    """Grouped bars: one group per label of `groups`, one bar per series in each; `overlay`
    is drawn over them (e.g. a marker)."""
    y_max = max([v for values in series.values() for v in values] + [0]) * 1.1 or 1
    slot = (WIDTH - LEFT - RIGHT) / max(len(groups), 1)
    bar = slot * 0.8 / max(len(series), 1)
    # at most about 12 group labels fit under the axis
    every = max(len(groups) // 12 + 1, 1)
    body = []
    for g, label in enumerate(groups):
        x0 = LEFT + g * slot + slot * 0.1
        for s, (name, values) in enumerate(series.items()):
            y = _y(values[g], y_max)
            body.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{y:.1f}" width="{bar * 0.92:.1f}" '
                f'height="{_y(0, y_max) - y:.1f}" fill="{colors_by_series[name]}">'
                f"<title>{escape(name)}, {escape(label)}: "
                f"{escape(y_format.format(values[g]))}</title></rect>"
            )
        if g % every == 0:
            body.append(
                f'<text x="{x0 + slot * 0.4:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return _frame(
        [*body, overlay],
        title=title,
        y_max=y_max,
        y_format=y_format,
        legend=colors_by_series,
        x_title=x_title,
        y_title=y_title,
    )


def lines(
    series: dict[str, list[tuple[float, float]]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    x_labels: list[tuple[float, str]],
    y_max: float | None = None,
    y_format: str = "{:.0f}",
    diagonal: bool = False,
) -> str:
    """Lines through (x, y) points, x in [0, 1]; `x_labels` are (x, text) ticks. Series take
    the colours of sheets."""
    top = y_max or max([y for points in series.values() for _, y in points] + [0]) * 1.1 or 1
    span = WIDTH - LEFT - RIGHT
    palette = colors(list(series))
    body = []
    if diagonal:
        body.append(
            f'<line x1="{LEFT}" y1="{_y(0, top):.1f}" x2="{LEFT + span}" y2="{_y(top, top):.1f}" '
            'class="diagonal"/>'
        )
    for x, text in x_labels:
        body.append(
            f'<text x="{LEFT + x * span:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(text)}</text>"
        )
    for name, points in series.items():
        path = " ".join(f"{LEFT + x * span:.1f},{_y(y, top):.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{palette[name]}" '
            f'stroke-width="2"><title>{escape(name)}</title></polyline>'
        )
    return _frame(
        body,
        title=title,
        y_max=top,
        y_format=y_format,
        legend=palette,
        x_title=x_title,
        y_title=y_title,
    )
