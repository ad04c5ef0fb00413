"""Whether conversion rises with the tier: a higher tier that converts no better than the one
below it (not significantly, by a one-sided two-proportion z-test) means the bands or the
points no longer separate the leads. The report flags it; the quarterly review warns."""

from __future__ import annotations

from math import erf, sqrt

SIGNIFICANCE = 0.05
MIN_LEAD_DATES = 30  # per tier; fewer tell nothing either way


def tiers_not_rising(sheet_id: str, tiers: list[dict]) -> list[str]:
    """One message per tier that converts no better than the tier below it. `tiers`: the
    sheet's tiers from the floor up, each with tier, leads (lead-dates) and conversions."""
    counted = [tier for tier in tiers if tier["leads"] >= MIN_LEAD_DATES]
    messages = []
    for lower, higher in zip(counted, counted[1:], strict=False):
        if _p_higher_not_better(lower, higher) >= SIGNIFICANCE:
            messages.append(
                f"sheet {sheet_id}: tier {higher['tier']} converts no better than"
                f" {lower['tier']} ({_rate(higher)} against {_rate(lower)})"
            )
    return messages


def _p_higher_not_better(lower: dict, higher: dict) -> float:
    """The one-sided p-value of `higher` converting better than `lower`."""
    n1, n2 = higher["leads"], lower["leads"]
    p1, p2 = higher["conversions"] / n1, lower["conversions"] / n2
    pooled = (higher["conversions"] + lower["conversions"]) / (n1 + n2)
    spread = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 0.0 if p1 > p2 else 1.0
    z = (p1 - p2) / spread
    return 0.5 * (1 - erf(z / sqrt(2)))


def _rate(tier: dict) -> str:
    return f"{tier['conversions'] / tier['leads']:.1%} of {tier['leads']:,} lead-dates"
