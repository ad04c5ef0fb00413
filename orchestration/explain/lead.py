"""`leadscore explain LEAD`: per sheet, the lead's ledger (decay and caps labelled), its score
against the MQL threshold, its tier and since when, and what happens if it does nothing more;
then each active predictive model's probability and largest factors (contract §9).
Everything is read from the published marts of the latest score date (`prefix` names a scratch
build of another date, sheet_versions/scratch.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .. import warehouse
from .projection import Outlook, project

HORIZONS = (7, 30)  # days ahead the outlook shows
LONGEST_LOOK = 365  # how far ahead a tier drop is looked for, on a sheet without a window


class ExplainError(ValueError):
    """A lead that cannot be explained; the message says why and what to do."""


@dataclass(frozen=True)
class Explanation:
    asked: str  # the lead asked about
    lead_id: str  # the lead scored (its person)
    merged_into: str | None  # the reason `asked` is scored as another lead, if it is
    members: list[tuple[str, str]]  # other leads scored as this one: (lead, reason)
    bots: Counter  # bot-filtered activities of the lead and its members, per rule
    sheets: list[dict[str, Any]]
    predictions: list[dict[str, Any]]  # predictive_scores rows, with the version's AUCs


def explain(lead: str, sheet: str | None, prefix: str = "") -> Explanation:
    with warehouse.open_engine(read_only=True) as engine:
        return _explain(engine, lead, sheet, prefix)


# Views: PostgreSQL drops them (cascade) whenever a run rebuilds a model they read, and only a
# daily run creates them again; a static-only run leaves them missing there.
_VIEWS = ("lead_rule_days", "lead_bot_activities")


def _explain(engine: warehouse.Engine, lead: str, sheet: str | None, prefix: str) -> Explanation:
    def rows(name: str, where: str, params: list) -> list[dict]:
        return engine.records(f"select * from {prefix}marts.{name} where {where}", params)

    for view in _VIEWS:
        if not engine.relation_exists(f"{prefix}marts", view):
            raise ExplainError(
                f"marts.{view} is missing: a run that rebuilt the models it reads but not the"
                " daily ones (the asset lead_scoring_static alone) drops it on PostgreSQL;"
                " run `leadscore run` (or materialise lead_scoring_daily) to create it again"
            )
    identity = rows("lead_identities", "lead_id = ?", [lead])
    if not identity:
        raise ExplainError(
            f"no lead {lead} among the leads scored on the latest date (marts.lead_identities):"
            " check the id, or whether it was created after that date or rejected"
            " (marts.rejected_records)"
        )
    person = identity[0]["person_id"]
    merged_into = identity[0]["merge_reason"] if person != lead else None
    members = sorted(
        (row["lead_id"], row["merge_reason"])
        for row in rows("lead_identities", "person_id = ? and lead_id <> ?", [person, person])
    )
    everyone = [person, *(member for member, _ in members)]
    marks = ", ".join("?" for _ in everyone)
    bots = Counter(
        row["bot_rule_id"] for row in rows("lead_bot_activities", f"lead_id in ({marks})", everyone)
    )
    sheets = [
        row for row in rows("scoring_sheets", "1 = 1", []) if sheet in (None, row["sheet_id"])
    ]
    if not sheets:
        known = [row["sheet_id"] for row in rows("scoring_sheets", "1 = 1", [])]
        raise ExplainError(f"--sheet {sheet}: no such sheet (the sheets are {', '.join(known)})")
    scores = {r["sheet_id"]: r for r in rows("lead_scores", "lead_id = ?", [person])}
    ledger = rows("lead_score_breakdown", "lead_id = ?", [person])
    days = rows("lead_rule_days", "lead_id = ?", [person])
    rules = rows("scoring_rules", "rule_kind = 'behavior'", [])
    tiers = rows("scoring_bands", "scale = 'tier'", [])
    scored = engine.fetchall(f"select count(*), sheet_id from {prefix}marts.lead_scores group by 2")
    counts = {sheet_id: count for count, sheet_id in scored}
    explained = []
    for settings in sorted(sheets, key=lambda s: (not s["is_primary"], s["sheet_id"])):
        sheet_id = settings["sheet_id"]
        if sheet_id not in scores:
            continue
        explained.append(
            _sheet(
                settings,
                scores[sheet_id],
                [row for row in ledger if row["sheet_id"] == sheet_id],
                [row for row in days if row["sheet_id"] == sheet_id],
                {row["rule_id"]: row for row in rules if row["sheet_id"] == sheet_id},
                [row for row in tiers if row["sheet_id"] == sheet_id],
                counts[sheet_id],
            )
        )
    return Explanation(
        lead, person, merged_into, members, bots, explained, _predictions(engine, person, prefix)
    )


def _predictions(engine: warehouse.Engine, person: str, prefix: str) -> list[dict]:
    """The person's predictive scores, with the validation AUCs of the version that made them;
    none where the build has no predictive marts (a scratch build of another date)."""
    if not engine.relation_exists(f"{prefix}marts", "predictive_scores"):
        return []
    return engine.records(
        "select scores.*, versions.auc, versions.rules_auc"
        f" from {prefix}marts.predictive_scores as scores"
        f" inner join {prefix}marts.predictive_model_versions as versions"
        " on scores.model_id = versions.model_id"
        " and scores.model_version = versions.model_version"
        " where scores.lead_id = ? order by scores.model_id",
        [person],
    )


def _sheet(
    settings: dict,
    score: dict,
    ledger: list[dict],
    days: list[dict],
    rules: dict[str, dict],
    tiers: list[dict],
    leads: int,
) -> dict[str, Any]:
    def outlook(later: int) -> Outlook:
        return project(days, rules, settings, score["profile_score"], tiers, later)

    now = outlook(0)
    ranks = {band["band"]: band["band_rank"] for band in tiers}
    drop = None
    last = settings["window_days"] or LONGEST_LOOK
    for later in range(1, last + 1 if ranks[score["tier"]] > 1 else 1):
        ahead = outlook(later)
        if ranks[ahead.tier] < ranks[score["tier"]]:
            drop = (score["score_date"] + timedelta(days=later), ahead.tier)
            break
    threshold = settings["mql_threshold"]
    return {
        "settings": settings,
        "score": score,
        "leads": leads,
        "missing": None
        if score["is_mql"] or threshold is None
        else threshold - score["total_score"],
        "rows": [_row(row, rules, now) for row in _ordered(ledger)],
        "ahead": [(later, outlook(later)) for later in HORIZONS],
        "drop": drop,
        # what the outlook was computed from
        "days": days,
        "rules": rules,
        "tiers": tiers,
    }


def _ordered(ledger: list[dict]) -> list[dict]:
    kinds = {"behavior": 0, "cap_adjustment": 1, "profile": 2}
    return sorted(ledger, key=lambda r: (kinds[r["rule_kind"]], -abs(r["points"]), r["rule_id"]))


def _row(row: dict, rules: dict[str, dict], now: Outlook) -> dict[str, Any]:
    """A ledger row with what it means: the decay and the cap of a behaviour rule, what a cap
    adjustment caps."""
    note = ""
    if row["rule_kind"] == "behavior" and row["rule_id"] in now.rules:
        rule, figures = rules[row["rule_id"]], now.rules[row["rule_id"]]
        notes = [f"{row['occurrences']} × {plain_number(rule['points'])} = {figures.undecayed:.2f}"]
        if rule["half_life_days"] is not None:
            notes.append(
                f"decay {figures.decayed - figures.undecayed:+.2f}"
                f" (half-life {plain_number(rule['half_life_days'])} d)"
            )
        if rule["max_points"] is not None and abs(figures.decayed) > rule["max_points"]:
            cut = row["points"] - figures.decayed
            notes.append(f"rule cap {plain_number(rule['max_points'])}: {cut:+.2f}")
        note = "; ".join(notes)
    elif row["rule_kind"] == "cap_adjustment":
        total, capped = now.group_cuts.get(row["rule_id"], (None, None))
        caps = [r["rule_id"] for r in rules.values() if r["group_id"] == row["rule_id"]]
        note = f"cap of group {row['rule_id']} ({', '.join(sorted(caps))})" + (
            f": {total:.2f} capped at {capped:.2f}" if total is not None else ""
        )
    return {**row, "note": note}


def render(explanation: Explanation) -> str:
    lines = []
    if explanation.merged_into:
        lines.append(
            f"{explanation.asked} is merged into {explanation.lead_id} ({explanation.merged_into})"
            f" and scored as it: explaining {explanation.lead_id}."
        )
    if explanation.members:
        merged = ", ".join(f"{lead} ({reason})" for lead, reason in explanation.members)
        lines.append(f"Merged into {explanation.lead_id}, whose activities count here: {merged}.")
    if explanation.bots:
        flagged = ", ".join(f"{rule} ×{n}" for rule, n in sorted(explanation.bots.items()))
        lines.append(
            f"{sum(explanation.bots.values())} activities were filtered as bots and not scored:"
            f" {flagged} (marts.lead_bot_activities)."
        )
    for sheet in explanation.sheets:
        lines += ["", *_render_sheet(explanation.lead_id, sheet)]
    for prediction in explanation.predictions:
        lines += ["", *_render_prediction(explanation.lead_id, prediction)]
    return "\n".join(lines).strip() + "\n"


def _render_prediction(lead: str, prediction: dict) -> list[str]:
    title = (
        f"Lead {lead} by predictive model {prediction['model_id']}"
        f" (version {prediction['model_version']}), as of {prediction['score_date']}"
    )
    factors = [factor for factor in (prediction["top_factors"] or "").split("; ") if factor]
    return [
        title,
        "-" * len(title),
        f"probability of converting {prediction['probability']:.1%}, percentile"
        f" {prediction['percentile']} of the leads it scores (validation AUC"
        f" {_figure(prediction['auc'])}; the sheet's {_figure(prediction['rules_auc'])})",
        "largest factors (coefficient × standardised value, + raises the probability):",
        *(f"  {factor}" for factor in factors),
    ]


def _render_sheet(lead: str, sheet: dict) -> list[str]:
    settings, score = sheet["settings"], sheet["score"]
    role = " (primary)" if settings["is_primary"] else ""
    title = f"Lead {lead} on sheet {settings['sheet_id']}{role}, as of {score['score_date']}"
    threshold = settings["mql_threshold"]
    if score["is_mql"]:
        verdict = f"an MQL: {score['total_score']} ≥ threshold {threshold}"
    elif threshold is None:
        verdict = f"not an MQL: the sheet has no threshold ({score['total_score']})"
    else:
        verdict = (
            f"not an MQL: {score['total_score']} < {threshold}, lacks {sheet['missing']:.2f} points"
        )
    lines = [
        title,
        "-" * len(title),
        f"{verdict}.",
        f"tier {score['tier']} since {score['tier_entered_on']}, grade {score['grade']},"
        f" engagement {score['engagement']} ({score['score_matrix']}),"
        f" rank {score['score_rank']} of {sheet['leads']:,}",
        f"behaviour {score['behavior_score']} × {plain_number(settings['behavior_weight'])}"
        f" + profile {score['profile_score']} × {plain_number(settings['profile_weight'])}"
        f" = {score['total_score']}",
        "",
    ]
    cells = [["rule", "kind", "matches", "points", "first activity", "last activity", "how"]]
    for row in sheet["rows"]:
        cells.append(
            [
                row["rule_id"],
                row["rule_kind"],
                str(row["occurrences"]),
                f"{row['points']:+.2f}",
                _when(row["first_activity_at"]),
                _when(row["last_activity_at"]),
                row["note"],
            ]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines += [
        "  ".join(
            cell.rjust(width) if i in (2, 3) else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]
    ahead = ", ".join(
        f"{outlook.total_score} ({outlook.tier}) in {later} days"
        for later, outlook in sheet["ahead"]
    )
    lines += ["", f"Without new activity: {ahead}."]
    if sheet["drop"]:
        when, tier = sheet["drop"]
        lines.append(f"It drops to {tier} on {when} unless it does something.")
    else:
        lines.append(f"It stays {score['tier']} without new activity.")
    return lines


def _figure(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.3f}"


def _when(value: Any) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def plain_number(value: Decimal) -> str:
    """A setting as written in a sheet: 1.0 as 1, 0.50 as 0.5."""
    return f"{value.normalize():f}"


def latest_score_date() -> date | None:
    with warehouse.open_engine(read_only=True) as engine:
        if not engine.relation_exists("marts", "lead_scores"):
            return None
        return engine.fetchall("select max(score_date) from marts.lead_scores")[0][0]
