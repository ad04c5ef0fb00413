"""A lead's score on later dates if it does nothing more: its counted matches decay further and
leave the window, and contract §5 (rules 4-6, weights, bands) is applied to what is left. The
profile score stays as it is. Used by `leadscore explain`; at 0 days it gives the ledger's own
figures, which tests/test_sheet_review.py checks against the marts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RuleOutlook:
    undecayed: Decimal  # occurrences × points, before decay and caps
    decayed: Decimal  # after decay, before the rule's cap
    points: Decimal  # the ledger's row: capped at max_points and rounded


@dataclass(frozen=True)
class Outlook:
    behavior_score: Decimal
    total_score: Decimal
    tier: str
    rules: dict[str, RuleOutlook]
    group_cuts: dict[str, tuple[Decimal, Decimal]]  # group: (sum of its rules, capped)


def project(
    days: list[dict],
    rules: dict[str, dict],
    sheet: dict,
    profile_score: Decimal,
    tiers: list[dict],
    later: int,
) -> Outlook:
    """The outlook `later` days after the score date. `days`: the lead's lead_rule_days rows
    of the sheet; `rules`: its scoring_rules rows by rule_id; `tiers`: its tier bands."""
    window = sheet["window_days"]
    sums: dict[str, list[Decimal]] = {}
    for day in days:
        age = day["age_days"] + later
        if window is not None and age >= window:
            continue
        rule = rules[day["rule_id"]]
        points = Decimal(rule["points"])
        half_life = rule["half_life_days"]
        factor = 1.0 if half_life is None else 0.5 ** (age / float(half_life))
        undecayed, decayed = sums.setdefault(day["rule_id"], [Decimal(0), Decimal(0)])
        sums[day["rule_id"]] = [
            undecayed + day["occurrences"] * points,
            decayed + Decimal(repr(day["occurrences"] * float(points) * factor)),
        ]
    outlooks = {
        rule_id: RuleOutlook(
            undecayed, decayed, _round(_cap(decayed, rules[rule_id]["max_points"]))
        )
        for rule_id, (undecayed, decayed) in sums.items()
    }
    groups: dict[str, Decimal] = {}
    behavior = Decimal(0)
    for rule_id, outlook in outlooks.items():
        group = rules[rule_id]["group_id"]
        if group is None:
            behavior += outlook.points
        else:
            groups[group] = groups.get(group, Decimal(0)) + outlook.points
    cuts = {}
    for group, total in groups.items():
        cap = next(r["group_max_points"] for r in rules.values() if r["group_id"] == group)
        capped = _cap(total, cap)
        behavior += capped
        if capped != total:
            cuts[group] = (total, capped)
    total = _round(
        Decimal(sheet["behavior_weight"]) * behavior
        + Decimal(sheet["profile_weight"]) * profile_score
    )
    return Outlook(behavior, total, band_of(total, tiers), outlooks, cuts)


def band_of(score: Decimal, bands: list[dict]) -> str:
    """The band with the highest min_score at or below `score` (null: the floor band)."""
    reached = [b for b in bands if b["min_score"] is None or b["min_score"] <= score]
    return max(reached, key=lambda b: (b["min_score"] is not None, b["min_score"] or 0))["band"]


def _cap(value: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None or abs(value) <= cap:
        return value
    return cap if value > 0 else -cap


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
