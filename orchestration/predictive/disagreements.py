"""Where an active predictive model disagrees with its feature sheet (contract §9), for
`leadscore diff`, the quarterly review and the report: the sheet's rules that the model weighs
at about zero, and strong factors that no rule of the sheet counts.

A factor is counted by the sheet when it is a rule's own ledger feature (`behavior:`,
`profile:`), when a behaviour rule matches its activity type (`type:`) or its content
category's URL pattern (`category:`), when a profile rule reads its field (`seniority:`,
`industry:`, `employee_band:` reads employee_count, `lead_source:`, `free_email` reads
email_domain_type), or, for `days_since_last_activity`, when the sheet has a window or a
half-life. Coefficients are per standard deviation of the feature, so they compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import warehouse

NEAR_ZERO = 0.05  # |coefficient| at most this: the model weighs the rule at about zero
STRONG = 0.25  # |coefficient| at least this: a strong factor
SHOWN = 5  # factors and rules named per model

FACTORS_SQL = """
select factors.model_id, factors.model_version, models.feature_sheet_id, factors.feature,
    factors.coefficient
from marts.predictive_factors as factors
inner join marts.predictive_model_versions as versions
    on factors.model_id = versions.model_id and factors.model_version = versions.model_version
inner join staging.stg_seeds__predictive_models as models
    on factors.model_id = models.model_id
where versions.is_active and models.is_active
order by factors.model_id, factors.feature
"""
RULES_SQL = (
    "select sheet_id, rule_kind, rule_id, activity_type, url_pattern, attribute, half_life_days"
    " from {rules} where rule_kind in ('behavior', 'profile')"
)
SHEETS_SQL = "select sheet_id, window_days from {sheets}"
CATEGORIES_SQL = "select category, url_pattern from staging.stg_seeds__content_categories"
FIELDS = {
    "seniority": "seniority",
    "industry": "industry",
    "employee_band": "employee_count",
    "lead_source": "lead_source",
    "free_email": "email_domain_type",
}


@dataclass(frozen=True)
class Disagreement:
    model_id: str
    version: int
    sheet_id: str
    weightless_rules: list[tuple[str, float]]  # (rule, coefficient), the sheet's rules
    uncounted_factors: list[tuple[str, float]]  # (feature, coefficient), largest first

    def lines(self) -> list[str]:
        head = f"predictive model {self.model_id} (version {self.version}) on sheet {self.sheet_id}"
        found = []
        if self.weightless_rules:
            rules = ", ".join(f"{rule} {c:+.2f}" for rule, c in self.weightless_rules[:SHOWN])
            found.append(f"{head} weighs these rules at about zero: {rules}")
        if self.uncounted_factors:
            factors = ", ".join(f"{f} {c:+.2f}" for f, c in self.uncounted_factors[:SHOWN])
            found.append(f"{head} finds strong factors no rule counts: {factors}")
        return found


def disagreements(
    engine: warehouse.Engine,
    rules: str = "marts.scoring_rules",
    sheets: str = "marts.scoring_sheets",
) -> list[Disagreement]:
    """Per active model with an active version, where it disagrees with its feature sheet as
    the relations `rules` and `sheets` have that sheet (the published marts, or a scratch
    build of another version of the sheets)."""
    if not engine.relation_exists("marts", "predictive_factors"):
        return []
    factors: dict[tuple[str, int, str], dict[str, float]] = {}
    for model_id, version, sheet_id, feature, coefficient in engine.fetchall(FACTORS_SQL):
        factors.setdefault((model_id, version, sheet_id), {})[feature] = coefficient
    if not factors:
        return []
    all_rules = engine.records(RULES_SQL.format(rules=rules))
    windows = dict(engine.fetchall(SHEETS_SQL.format(sheets=sheets)))
    categories = dict(engine.fetchall(CATEGORIES_SQL))
    found = []
    for (model_id, version, sheet_id), weights in sorted(factors.items()):
        sheet_rules = [rule for rule in all_rules if rule["sheet_id"] == sheet_id]
        if not sheet_rules:
            continue
        weightless = sorted(
            (rule["rule_id"], weights.get(f"{rule['rule_kind']}:{rule['rule_id']}", 0.0))
            for rule in sheet_rules
            if abs(weights.get(f"{rule['rule_kind']}:{rule['rule_id']}", 0.0)) <= NEAR_ZERO
        )
        uncounted = sorted(
            (
                (feature, coefficient)
                for feature, coefficient in weights.items()
                if abs(coefficient) >= STRONG
                and not _counted(feature, sheet_rules, windows.get(sheet_id), categories)
            ),
            key=lambda pair: (-abs(pair[1]), pair[0]),
        )
        if weightless or uncounted:
            found.append(Disagreement(model_id, version, sheet_id, weightless, uncounted))
    return found


def _counted(
    feature: str, rules: list[dict], window_days: int | None, categories: dict[str, str]
) -> bool:
    kind, _, rest = feature.partition(":")
    behaviour = [rule for rule in rules if rule["rule_kind"] == "behavior"]
    profile_fields = {rule["attribute"] for rule in rules if rule["rule_kind"] == "profile"}
    if kind in ("behavior", "profile"):
        return True
    if kind == "type":
        activity_type = rest.rsplit(":", 1)[0]
        return any(rule["activity_type"] == activity_type for rule in behaviour)
    if kind == "category":
        pattern = categories.get(rest.rsplit(":", 1)[0])
        return any(rule["url_pattern"] == pattern for rule in behaviour)
    if kind in FIELDS:
        return FIELDS[kind] in profile_fields
    if feature == "days_since_last_activity":
        return window_days is not None or any(r["half_life_days"] is not None for r in behaviour)
    return False
