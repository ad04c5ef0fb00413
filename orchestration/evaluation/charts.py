"""Charts as inline SVG: the report is one HTML file that needs no script and no network."""

from __future__ import annotations

from html import escape

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"]
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56


def _frame(body: list[str], title: str, y_max: float, y_format: str, legend: list[str]) -> str:
    """Axes, horizontal grid lines with labels, a legend, around the plotted `body`."""
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} '
        f'{HEIGHT + 24 * (len(legend) > 1)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for step in range(5):
        value = y_max * step / 4
        y = _y(value, y_max)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(y_format.format(value))}</text>"
        )
    parts += body
    for i, name in enumerate(legend if len(legend) > 1 else []):
        x = LEFT + i * 150
        parts.append(
            f'<rect x="{x}" y="{HEIGHT + 6}" width="12" height="12" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/><text x="{x + 16}" y="{HEIGHT + 16}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _y(value: float, y_max: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / (y_max or 1))


def bars(
    groups: list[str], series: dict[str, list[float]], *, title: str, y_format: str = "{:.0f}"
) -> str:
    """Grouped bars: one group per label of `groups`, one bar per series in each."""
    y_max = max([v for values in series.values() for v in values] + [0]) * 1.1 or 1
    slot = (WIDTH - LEFT - RIGHT) / max(len(groups), 1)
    bar = slot * 0.8 / max(len(series), 1)
    body = []
    for g, label in enumerate(groups):
        x0 = LEFT + g * slot + slot * 0.1
        for s, values in enumerate(series.values()):
            y = _y(values[g], y_max)
            body.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{y:.1f}" width="{bar * 0.92:.1f}" '
                f'height="{_y(0, y_max) - y:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(label)}: {escape(y_format.format(values[g]))}</title></rect>"
            )
        body.append(
            f'<text x="{x0 + slot * 0.4:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return _frame(body, title, y_max, y_format, list(series))


def lines(
    series: dict[str, list[tuple[float, float]]],
    *,
    title: str,
    x_labels: list[tuple[float, str]],
    y_max: float | None = None,
    y_format: str = "{:.0f}",
    diagonal: bool = False,
) -> str:
    """Lines through (x, y) points, x in [0, 1]; `x_labels` are (x, text) ticks."""
    top = y_max or max([y for points in series.values() for _, y in points] + [0]) * 1.1 or 1
    span = WIDTH - LEFT - RIGHT
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
    for s, (name, points) in enumerate(series.items()):
        path = " ".join(f"{LEFT + x * span:.1f},{_y(y, top):.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[s % len(PALETTE)]}" '
            f'stroke-width="2"><title>{escape(name)}</title></polyline>'
        )
    return _frame(body, title, top, y_format, list(series))
