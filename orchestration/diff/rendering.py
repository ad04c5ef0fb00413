"""The diff of diff/figures.py as people read it: a terminal table, or Markdown fit for a
pull-request comment. One text, two renderings of its tables."""

from __future__ import annotations

from typing import Any

from .figures import CHANGE_BUCKETS


def render(results: list[dict[str, Any]], before: str, after: str, *, markdown: bool) -> str:
    """The whole diff: a summary line per sheet, then each changed sheet in detail."""
    out = _Text(markdown)
    score_date = results[0]["score_date"] if results else "–"
    out.heading(1, f"Scoring diff: {after} against {before}, on {score_date}")
    out.table(
        ["sheet", "MQLs before", "MQLs after", "gained", "lost", "MQAs", "scores changed", "AUC"],
        [
            [
                _code(r["sheet_id"], markdown) + _status_note(r),
                r["mqls_before"],
                r["mqls_after"],
                f"+{len(r['mql_gained'])}",
                f"-{len(r['mql_lost'])}",
                f"{r['mqas_before']} → {r['mqas_after']}",
                f"{r['score_changes']['leads_changed']:,} of {r['leads']:,}",
                _auc(r),
            ]
            for r in results
        ],
    )
    changed = [r for r in results if _is_changed(r)]
    if not changed:
        out.line("No sheet scores differently: the two versions agree on every lead.")
    for result in changed:
        _sheet(out, result, markdown)
    return out.text()


def _is_changed(result: dict) -> bool:
    return bool(
        result["status"] != "compared"
        or result["score_changes"]["leads_changed"]
        or result["rule_changes"]
        or result["sheet_changes"]
        or result["band_changes"]
        or result["role_changes"]
        or result["mqa_gained"]
        or result["mqa_lost"]
        or result["tier_moves"]
    )


def _status_note(result: dict) -> str:
    return {"added": " (new)", "removed": " (removed)"}.get(result["status"], "")


def _auc(result: dict) -> str:
    backtest = result["backtest"]
    if not backtest:
        return "–"
    before, after = (_fmt(backtest[side], "roc_auc", ".3f") for side in ("before", "after"))
    return f"{before} → {after}"


def _sheet(out: _Text, r: dict, markdown: bool) -> None:
    out.heading(2, f"Sheet {_code(r['sheet_id'], markdown)}{_status_note(r)}")
    edits = [f"{name}: {before} → {after}" for name, (before, after) in r["sheet_changes"].items()]
    edits += [
        f"{band['scale']} band {band['band']} {band['change']}: min_score "
        f"{_value(band['min_score'][0])} → {_value(band['min_score'][1])}"
        for band in r["band_changes"]
    ]
    edits += [
        _rule_edit(rule, markdown)
        for rule in r["rule_changes"]
        if rule["settings"] or rule["change"] != "changed"
    ]
    edits += [_role_edit(role, markdown) for role in r["role_changes"]]
    if edits:
        out.line("What changed in the sheet:")
        out.bullets(edits)
    gained, lost = len(r["mql_gained"]), len(r["mql_lost"])
    out.line(f"MQLs {r['mqls_before']:,} → {r['mqls_after']:,}: {gained:,} gained, {lost:,} lost.")
    for label, examples in r["mql_examples"].items():
        if examples:
            shown = ", ".join(
                f"{_code(e['lead_id'], markdown)} ({_score(e['score_before'])} → "
                f"{_score(e['score_after'])})"
                for e in examples
            )
            more = len(r[f"mql_{label}"]) - len(examples)
            out.line(
                f"{label.capitalize()}: {shown}" + (f" and {more} more" if more > 0 else "") + "."
            )
    if r["mqas_before"] or r["mqas_after"]:
        gained, lost = len(r["mqa_gained"]), len(r["mqa_lost"])
        out.line(
            f"MQAs {r['mqas_before']:,} → {r['mqas_after']:,}: {gained:,} gained, {lost:,} lost."
        )
        for label, examples in r["mqa_examples"].items():
            if examples:
                shown = ", ".join(
                    f"{_code(e['account_id'], markdown)} ({_score(e['score_before'])} → "
                    f"{_score(e['score_after'])}"
                    + (f"; missing {e['roles_missing_after']}" if e["roles_missing_after"] else "")
                    + ")"
                    for e in examples
                )
                more = len(r[f"mqa_{label}"]) - len(examples)
                out.line(
                    f"{label.capitalize()} MQAs: {shown}"
                    + (f" and {more} more" if more > 0 else "")
                    + "."
                )
    if r["tier_moves"]:
        out.line("Leads moving between tiers:")
        out.table(
            ["move", "leads"],
            [[move.replace("->", " → "), n] for move, n in r["tier_moves"].items()],
        )
    changes = r["score_changes"]
    if changes["leads_changed"]:
        out.line(
            f"Score changes: {changes['leads_changed']:,} of {r['leads']:,} leads; among them mean "
            f"{changes['mean']:+.2f}, median {changes['median']:+.2f}, from "
            f"{changes['min']:+.2f} to {changes['max']:+.2f}."
        )
        out.table(
            ["change", "leads"], [[bucket, changes["buckets"][bucket]] for bucket in CHANGE_BUCKETS]
        )
    effects = [rule for rule in r["rule_changes"] if rule["leads_changed"] or rule["settings"]]
    if effects:
        out.line("What each changed rule did to the leads' ledgers:")
        out.table(
            ["rule", "leads changed", "points before", "points after", "absorbed"],
            [
                [
                    _code(rule["rule_id"], markdown),
                    rule["leads_changed"],
                    f"{rule['points_before']:.2f}",
                    f"{rule['points_after']:.2f}",
                    _absorbed(rule, markdown),
                ]
                for rule in effects
            ],
        )
    _backtest(out, r["backtest"])
    if r["model_disagreements"]:
        out.line("Where the predictive model disagrees with the sheet:")
        out.bullets(r["model_disagreements"])


def _rule_edit(rule: dict, markdown: bool) -> str:
    return _edit(f"{rule['rule_kind']} rule {_code(rule['rule_id'], markdown)}", rule)


def _role_edit(role: dict, markdown: bool) -> str:
    return _edit(f"buying-group role {_code(role['role'], markdown)}", role)


def _edit(name: str, change: dict) -> str:
    """`name added`, `name removed`, or `name: setting before → after, ...`."""
    if change["change"] != "changed":
        return f"{name} {change['change']}"
    settings = ", ".join(
        f"{setting} {_value(before)} → {_value(after)}"
        for setting, (before, after) in change["settings"].items()
    )
    return f"{name}: {settings}"


def _absorbed(rule: dict, markdown: bool) -> str:
    """Which caps swallowed the change, as a share of the leads the rule matched."""
    notes = []
    if rule["absorbed_by_rule_cap"]:
        notes.append(
            f"rule cap max_points for {rule['absorbed_by_rule_cap']} leads (rows unchanged)"
        )
    changed = rule["leads_changed"]
    if rule["absorbed_by_group"] and changed:
        share = rule["absorbed_by_group"] / changed
        notes.append(
            f"group cap {_code(rule['group_id'], markdown)} for {share:.0%} of leads "
            f"({rule['absorbed_by_group']} of {changed})"
        )
    return "; ".join(notes) or "–"


def _backtest(out: _Text, backtest: dict | None) -> None:
    if not backtest:
        return
    before, after = backtest["before"] or {}, backtest["after"] or {}
    lead_dates = after.get("leads") or before.get("leads") or 0
    out.line(f"On the backtested history ({lead_dates:,} lead-dates, the same for both):")
    rows = [
        ["AUC", _fmt(before, "roc_auc", ".3f"), _fmt(after, "roc_auc", ".3f")],
        [
            "precision at the MQL threshold",
            _fmt(before, "precision_at_mql", ".1%"),
            _fmt(after, "precision_at_mql", ".1%"),
        ],
        [
            "recall at the MQL threshold",
            _fmt(before, "recall_at_mql", ".1%"),
            _fmt(after, "recall_at_mql", ".1%"),
        ],
        ["MQL lead-dates", _fmt(before, "mqls", ",.0f"), _fmt(after, "mqls", ",.0f")],
        [
            "MQL conversion",
            _fmt(before, "mql_conversion_rate", ".1%"),
            _fmt(after, "mql_conversion_rate", ".1%"),
        ],
    ]
    tiers = {t["tier"]: [t, None] for t in before.get("tiers", [])}
    for tier in after.get("tiers", []):
        tiers.setdefault(tier["tier"], [None, None])[1] = tier
    for name, (tier_before, tier_after) in tiers.items():
        rows.append(
            [
                f"conversion in tier {name}",
                _tier_rate(tier_before),
                _tier_rate(tier_after),
            ]
        )
    out.table(["", "before", "after"], rows)


def _tier_rate(tier: dict | None) -> str:
    if not tier or tier["conversion_rate"] is None:
        return "–"
    return f"{tier['conversion_rate']:.1%} of {tier['leads']:,}"


def _fmt(figures: dict | None, name: str, spec: str) -> str:
    value = (figures or {}).get(name)
    return "–" if value is None else format(value, spec)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _value(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _code(text: str | None, markdown: bool) -> str:
    return f"`{text}`" if markdown else str(text)


class _Text:
    """Lines of Markdown, or of plain text with aligned tables."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def heading(self, level: int, text: str) -> None:
        if self.markdown:
            self.lines += ["#" * (level + 1) + " " + text, ""]
        else:
            self.lines += [text, ("=" if level == 1 else "-") * len(text)]

    def line(self, text: str) -> None:
        self.lines += [text, ""] if self.markdown else [text]

    def bullets(self, items: list[str]) -> None:
        self.lines += [f"- {item}" for item in items]
        self.lines.append("")

    def table(self, headers: list[str], rows: list[list[Any]]) -> None:
        cells = [headers, *[[str(cell) for cell in row] for row in rows]]
        if self.markdown:
            self.lines.append("| " + " | ".join(headers) + " |")
            self.lines.append(
                "|" + "|".join("---" if i == 0 else "--:" for i in range(len(headers))) + "|"
            )
            self.lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        else:
            widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
            self.lines += [
                "  ".join(
                    cell.ljust(width) if i == 0 else cell.rjust(width)
                    for i, (cell, width) in enumerate(zip(row, widths, strict=True))
                )
                for row in cells
            ]
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"
