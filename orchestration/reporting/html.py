"""The HTML pieces of the evaluation report: tables, percentages, notes."""

from __future__ import annotations

from html import escape


def empty(what: str) -> str:
    """A muted note where a section has nothing to show."""
    return f'<p class="muted">{escape(what)}</p>'


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def table(
    headings: list[str],
    rows: list[list[str]],
    *,
    raw_last: bool = False,
    numeric: set[int] | None = None,
) -> str:
    """An HTML table; cells are escaped, except the last column's with `raw_last`. The
    `numeric` columns are aligned right (by default, all but the first two)."""
    right = numeric if numeric is not None else set(range(2, len(headings)))
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"n" if i in right else ""}">'
            f"{cell if raw_last and i == len(row) - 1 else escape(str(cell))}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return framed_table(head, body)


def framed_table(head: str, body: str) -> str:
    """A table of header and body rows already in HTML; a wide one scrolls inside its box on a
    narrow screen, the page does not."""
    return (
        f'<div class="wide"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
