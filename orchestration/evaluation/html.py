"""The HTML pieces of the evaluation report: tables, percentages, notes."""

from __future__ import annotations

from html import escape


def empty(what: str) -> str:
    """A muted note where a section has nothing to show."""
    return f'<p class="muted">{escape(what)}</p>'


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def table(headings: list[str], rows: list[list[str]], *, raw_last: bool = False) -> str:
    """An HTML table; cells are escaped, except the last column's with `raw_last`."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"n" if i > 1 else ""}">'
            f"{cell if raw_last and i == len(row) - 1 else escape(str(cell))}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
