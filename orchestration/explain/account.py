"""`leadscore explain --account A`: per sheet, the account's score (its leads' engagement and
its own fit), whether it is an MQA and why not, and its buying group role by role: covered or
missing, engaged persons against those needed, and the people in each (contract §10). Read from
the published marts of the latest score date (`prefix` names a scratch build of another
date, sheet_versions/scratch.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import warehouse
from .lead import ExplainError, plain_number


@dataclass(frozen=True)
class AccountExplanation:
    account_id: str
    account_name: str | None
    sheets: list[dict[str, Any]]


def explain_account(account: str, sheet: str | None, prefix: str = "") -> AccountExplanation:
    with warehouse.open_engine(read_only=True) as engine:
        return _explain_account(engine, account, sheet, prefix)


def _explain_account(
    engine: warehouse.Engine, account: str, sheet: str | None, prefix: str
) -> AccountExplanation:
    def rows(name: str, where: str, params: list) -> list[dict]:
        return engine.records(f"select * from {prefix}marts.{name} where {where}", params)

    scores = {r["sheet_id"]: r for r in rows("account_scores", "account_id = ?", [account])}
    if not scores:
        raise ExplainError(
            f"no account {account} among the accounts scored on the latest date"
            " (marts.account_scores): check the id, or whether it was rejected"
            " (marts.rejected_records, source_table accounts)"
        )
    sheets = rows("scoring_sheets", "1 = 1", [])
    if sheet is not None and sheet not in {row["sheet_id"] for row in sheets}:
        known = ", ".join(row["sheet_id"] for row in sheets)
        raise ExplainError(f"--sheet {sheet}: no such sheet (the sheets are {known})")
    roles = rows("scoring_buying_groups", "1 = 1", [])
    members = rows("account_buying_group_members", "account_id = ?", [account])
    profile = rows("account_profiles", "account_id = ?", [account])
    explained = [
        _sheet(
            settings,
            scores[settings["sheet_id"]],
            sorted(
                (r for r in roles if r["sheet_id"] == settings["sheet_id"]),
                key=lambda r: r["role_order"],
            ),
            [m for m in members if m["sheet_id"] == settings["sheet_id"]],
        )
        for settings in sorted(sheets, key=lambda s: (not s["is_primary"], s["sheet_id"]))
        if sheet in (None, settings["sheet_id"]) and settings["sheet_id"] in scores
    ]
    name = profile[0]["account_name"] if profile else None
    return AccountExplanation(account, name, explained)


def _sheet(settings: dict, score: dict, roles: list[dict], members: list[dict]) -> dict:
    """The account on one sheet, with each role's people (engaged first, then by score)."""
    ordered = sorted(
        members, key=lambda m: (not m["is_engaged"], -m["behavior_score"], m["lead_id"])
    )
    return {
        "settings": settings,
        "score": score,
        "roles": [
            {
                **role,
                "people": [m for m in ordered if m["role"] == role["role"]],
                "engaged": sum(1 for m in ordered if m["role"] == role["role"] and m["is_engaged"]),
            }
            for role in roles
        ],
        "outside": [m for m in ordered if m["role"] is None],
    }


def render_account(explanation: AccountExplanation) -> str:
    lines = []
    for sheet in explanation.sheets:
        lines += ["", *_render_sheet(explanation, sheet)]
    return "\n".join(lines).strip() + "\n"


def _render_sheet(explanation: AccountExplanation, sheet: dict) -> list[str]:
    settings, score = sheet["settings"], sheet["score"]
    name = f" ({explanation.account_name})" if explanation.account_name else ""
    primary = " (primary)" if settings["is_primary"] else ""
    title = (
        f"Account {explanation.account_id}{name} on sheet {settings['sheet_id']}{primary},"
        f" as of {score['score_date']}"
    )
    lines = [
        title,
        "-" * len(title),
        f"{_verdict(settings, score)}.",
        f"tier {score['tier']}; {score['lead_count']} lead(s), {score['engaged_lead_count']}"
        f" engaged, {score['mql_lead_count']} MQL(s)",
        f"engagement {score['engagement_score']} × {plain_number(settings['behavior_weight'])}"
        f" + fit {score['fit_score']} × {plain_number(settings['profile_weight'])}"
        f" = {score['total_score']}",
    ]
    if not sheet["roles"]:
        return [*lines, "The sheet has no buying group (seeds/buying_groups.csv)."]
    lines += ["", f"Buying group: {score['buying_group_coverage']:.0%} of the roles covered"]
    cells = [["role", "status", "engaged", "takes", "people (seniority, behaviour score)"]]
    for role in sheet["roles"]:
        cells.append(
            [
                role["role"],
                "covered" if role["engaged"] >= role["min_engaged"] else "missing",
                f"{role['engaged']} of {role['min_engaged']}",
                role["seniorities"] or "anyone",
                ", ".join(_person(m) for m in role["people"]) or "no one",
            ]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    ]
    if sheet["outside"]:
        outside = ", ".join(_person(m) for m in sheet["outside"])
        lines.append(f"In no role (no role takes their seniority): {outside}")
    return lines


def _verdict(settings: dict, score: dict) -> str:
    threshold = settings["mqa_threshold"]
    if threshold is None:
        return "not an MQA: the sheet qualifies no account (no mqa_threshold)"
    if score["is_mqa"]:
        return f"an MQA: {score['total_score']} ≥ threshold {threshold}, every role covered"
    reasons = []
    if score["total_score"] < threshold:
        reasons.append(
            f"{score['total_score']} < {threshold}, lacks"
            f" {threshold - score['total_score']:.2f} points"
        )
    if score["roles_missing"]:
        reasons.append(f"roles missing: {score['roles_missing'].replace(';', ', ')}")
    return "not an MQA: " + "; ".join(reasons)


def _person(member: dict) -> str:
    engaged = "" if member["is_engaged"] else ", not engaged"
    seniority = member["seniority"] or "no seniority"
    return f"{member['lead_id']} ({seniority}, {member['behavior_score']}{engaged})"
