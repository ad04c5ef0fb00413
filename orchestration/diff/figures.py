"""`leadscore diff`: what one version of the scoring sheets changes against another, both
scored on the same warehouse data (sheet_versions/scratch.py). Every figure is a query across
the two versions' scratch schemas; the result is one dict per sheet, the JSON of contract §2.

Per sheet: the MQLs of each version on the latest scored date, the leads gained and lost, the
tier transition matrix, the distribution of score changes, what changed in the sheet's rules
and what each changed rule did to the leads' ledgers (including changes a cap absorbed), and,
where backtested history exists, the backtest figures of both versions on the same lead-dates;
and where an active predictive model disagrees with the new version of the sheet
(predictive/disagreements.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .. import warehouse
from ..predictive.disagreements import disagreements
from ..sheet_versions.scratch import ScoredVersion

EXAMPLES = 5  # leads shown per list in the terminal and in Markdown
# how score changes are counted, in order; see _bucket
CHANGE_BUCKETS = [
    "-50 or less",
    "-50 to -10",
    "-10 to 0",
    "0",
    "0 to +10",
    "+10 to +50",
    "+50 or more",
]
SHEET_SETTINGS = [
    "behavior_weight",
    "profile_weight",
    "window_days",
    "mql_threshold",
    "is_primary",
    "mqa_threshold",
]
ROLE_SETTINGS = ["role_order", "seniorities", "min_engaged"]
RULE_SETTINGS = [
    "activity_type",
    "url_pattern",
    "attribute",
    "operator",
    "rule_value",
    "min_value",
    "max_value",
    "points",
    "max_per_day",
    "max_points",
    "half_life_days",
    "group_id",
    "group_max_points",
]
BACKTEST_FIGURES = [
    "roc_auc",
    "precision_at_mql",
    "recall_at_mql",
    "mqls",
    "mql_conversion_rate",
    "leads",
    "conversions",
]

# Leads of a sheet in either version, side by side (a sheet new in one version has nulls in
# the other).
PAIRS_SQL = """
select
    coalesce(after.sheet_id, before.sheet_id) as sheet_id,
    coalesce(after.lead_id, before.lead_id) as lead_id,
    before.total_score as score_before,
    after.total_score as score_after,
    before.tier as tier_before,
    after.tier as tier_after,
    before.is_mql as mql_before,
    after.is_mql as mql_after
from {before} as before
full outer join {after} as after
    on before.sheet_id = after.sheet_id and before.lead_id = after.lead_id
"""

# Accounts of a sheet in either version, side by side (contract §10).
ACCOUNT_PAIRS_SQL = """
select
    coalesce(after.sheet_id, before.sheet_id) as sheet_id,
    coalesce(after.account_id, before.account_id) as account_id,
    before.total_score as score_before,
    after.total_score as score_after,
    before.roles_missing as roles_missing_before,
    after.roles_missing as roles_missing_after,
    before.is_mqa as mqa_before,
    after.is_mqa as mqa_after
from {before} as before
full outer join {after} as after
    on before.sheet_id = after.sheet_id and before.account_id = after.account_id
"""

# Per sheet and lead, what each rule earned in each version (rows missing in one: 0 points),
# and the net of the rule's group (its behaviour rows and the group's cap adjustment).
RULE_ROWS_SQL = """
with

before_rows as (
    select sheet_id, lead_id, rule_kind, rule_id, points from {before}
),

after_rows as (
    select sheet_id, lead_id, rule_kind, rule_id, points from {after}
),

rows as (
    select
        coalesce(after_rows.sheet_id, before_rows.sheet_id) as sheet_id,
        coalesce(after_rows.lead_id, before_rows.lead_id) as lead_id,
        coalesce(after_rows.rule_kind, before_rows.rule_kind) as rule_kind,
        coalesce(after_rows.rule_id, before_rows.rule_id) as rule_id,
        coalesce(before_rows.points, 0) as points_before,
        coalesce(after_rows.points, 0) as points_after
    from before_rows
    full outer join after_rows
        on
            before_rows.sheet_id = after_rows.sheet_id
            and before_rows.lead_id = after_rows.lead_id
            and before_rows.rule_kind = after_rows.rule_kind
            and before_rows.rule_id = after_rows.rule_id
),

rule_groups as (
    select
        coalesce(after_rules.sheet_id, before_rules.sheet_id) as sheet_id,
        coalesce(after_rules.rule_id, before_rules.rule_id) as rule_id,
        coalesce(after_rules.group_id, before_rules.group_id) as group_id
    from (select * from {before_rules} where rule_kind = 'behavior') as before_rules
    full outer join (select * from {after_rules} where rule_kind = 'behavior') as after_rules
        on before_rules.sheet_id = after_rules.sheet_id
        and before_rules.rule_id = after_rules.rule_id
),

group_net as (
    select
        rows.sheet_id,
        rows.lead_id,
        coalesce(rule_groups.group_id, rows.rule_id) as group_id,
        sum(rows.points_before) as net_before,
        sum(rows.points_after) as net_after
    from rows
    left join rule_groups
        on rows.sheet_id = rule_groups.sheet_id and rows.rule_id = rule_groups.rule_id
    where rows.rule_kind in ('behavior', 'cap_adjustment')
    group by 1, 2, 3
)

select
    rows.sheet_id,
    rows.rule_kind,
    rows.rule_id,
    rule_groups.group_id,
    count(*) as leads_changed,
    sum(rows.points_before) as points_before,
    sum(rows.points_after) as points_after,
    sum(case when group_net.net_before = group_net.net_after then 1 else 0 end)
        as absorbed_by_group
from rows
left join rule_groups
    on rows.sheet_id = rule_groups.sheet_id and rows.rule_id = rule_groups.rule_id
left join group_net
    on
        rows.sheet_id = group_net.sheet_id
        and rows.lead_id = group_net.lead_id
        and rule_groups.group_id = group_net.group_id
where rows.rule_kind <> 'cap_adjustment' and rows.points_before <> rows.points_after
group by 1, 2, 3, 4
"""

# A rule whose points changed but whose rows did not, for the leads it matched in both
# versions: its own max_points absorbed the change.
OWN_CAP_SQL = """
select before.sheet_id, before.rule_id, count(*) as leads_capped
from {before} as before
inner join {after} as after
    on
        before.sheet_id = after.sheet_id
        and before.lead_id = after.lead_id
        and before.rule_kind = after.rule_kind
        and before.rule_id = after.rule_id
where before.rule_kind = 'behavior' and before.points = after.points and before.points <> 0
group by 1, 2
"""


def compare(before: ScoredVersion, after: ScoredVersion) -> list[dict[str, Any]]:
    """One dict per sheet of either version (the JSON of contract §2), in sheet order."""
    with warehouse.open_engine(read_only=True) as engine:
        return _compare(engine, before, after)


def _compare(
    engine: warehouse.Engine, before: ScoredVersion, after: ScoredVersion
) -> list[dict[str, Any]]:
    def both(name: str, schema: str = "marts") -> dict[str, str]:
        return {"before": before.relation(schema, name), "after": after.relation(schema, name)}

    (score_date,) = engine.fetchall(
        f"select max(score_date) from {after.relation('marts', 'lead_scores')}"
    )[0]
    sheets = {
        label: {row["sheet_id"]: row for row in engine.records(f"select * from {relation}")}
        for label, relation in both("scoring_sheets").items()
    }
    rules = {
        label: _keyed(
            engine.records(f"select * from {relation}"), "sheet_id", "rule_kind", "rule_id"
        )
        for label, relation in both("scoring_rules").items()
    }
    bands = {
        label: _keyed(engine.records(f"select * from {relation}"), "sheet_id", "scale", "band")
        for label, relation in both("scoring_bands").items()
    }
    pairs = engine.records(PAIRS_SQL.format(**both("lead_scores")))
    account_pairs = engine.records(ACCOUNT_PAIRS_SQL.format(**both("account_scores")))
    roles = {
        label: _keyed(engine.records(f"select * from {relation}"), "sheet_id", "role")
        for label, relation in both("scoring_buying_groups").items()
    }
    rule_effects = engine.records(
        RULE_ROWS_SQL.format(
            **both("lead_score_breakdown"),
            before_rules=before.relation("marts", "scoring_rules"),
            after_rules=after.relation("marts", "scoring_rules"),
        )
    )
    own_caps = {
        (row["sheet_id"], row["rule_id"]): row["leads_capped"]
        for row in engine.records(OWN_CAP_SQL.format(**both("lead_score_breakdown")))
    }
    backtests = {
        label: _backtest(engine, version)
        for label, version in (("before", before), ("after", after))
    }
    # the active predictive models against the sheets as the new version has them
    models = disagreements(
        engine, after.relation("marts", "scoring_rules"), after.relation("marts", "scoring_sheets")
    )

    results = []
    for sheet_id in sorted(set(sheets["before"]) | set(sheets["after"])):
        sheet_pairs = [pair for pair in pairs if pair["sheet_id"] == sheet_id]
        results.append(
            {
                "sheet_id": sheet_id,
                "score_date": score_date.isoformat(),
                "status": _status(sheet_id, sheets),
                **_mqls(sheet_pairs),
                **_mqas([pair for pair in account_pairs if pair["sheet_id"] == sheet_id]),
                **_tiers(sheet_pairs),
                "score_changes": _score_changes(sheet_pairs),
                "sheet_changes": _setting_changes(
                    sheets["before"].get(sheet_id), sheets["after"].get(sheet_id), SHEET_SETTINGS
                ),
                "band_changes": _band_changes(sheet_id, bands),
                "role_changes": _role_changes(sheet_id, roles),
                "rule_changes": _rule_changes(sheet_id, rules, rule_effects, own_caps),
                "backtest": _backtest_pair(sheet_id, backtests),
                "model_disagreements": [
                    line for model in models if model.sheet_id == sheet_id for line in model.lines()
                ],
            }
        )
    return results


def _keyed(rows: list[dict], *key: str) -> dict[tuple, dict]:
    return {tuple(row[column] for column in key): row for row in rows}


def _status(sheet_id: str, sheets: dict[str, dict]) -> str:
    if sheet_id not in sheets["before"]:
        return "added"
    if sheet_id not in sheets["after"]:
        return "removed"
    return "compared"


def _gained_and_lost(pairs: list[dict], flag: str, key: str) -> tuple[list[dict], list[dict]]:
    """The pairs that have `flag` with the new version only, and those with the old one only,
    each highest score first on the side that has it, then by `key`."""

    def only(side: str, other: str) -> list[dict]:
        chosen = (p for p in pairs if p[f"{flag}_{side}"] and not p[f"{flag}_{other}"])
        return sorted(chosen, key=lambda p: (-float(p[f"score_{side}"] or 0), p[key]))

    return only("after", "before"), only("before", "after")


def _mqls(pairs: list[dict]) -> dict[str, Any]:
    gained, lost = _gained_and_lost(pairs, "mql", "lead_id")
    return {
        "leads": len(pairs),
        "mqls_before": sum(1 for p in pairs if p["mql_before"]),
        "mqls_after": sum(1 for p in pairs if p["mql_after"]),
        "mql_gained": [p["lead_id"] for p in gained],
        "mql_lost": [p["lead_id"] for p in lost],
        "mql_examples": {
            "gained": [_example(p) for p in gained[:EXAMPLES]],
            "lost": [_example(p) for p in lost[:EXAMPLES]],
        },
    }


def _mqas(pairs: list[dict]) -> dict[str, Any]:
    """The accounts that become MQAs with the new version, and those that stop being one."""
    gained, lost = _gained_and_lost(pairs, "mqa", "account_id")
    return {
        "accounts": len(pairs),
        "mqas_before": sum(1 for p in pairs if p["mqa_before"]),
        "mqas_after": sum(1 for p in pairs if p["mqa_after"]),
        "mqa_gained": [p["account_id"] for p in gained],
        "mqa_lost": [p["account_id"] for p in lost],
        "mqa_examples": {
            label: [
                {
                    "account_id": p["account_id"],
                    "score_before": _number(p["score_before"]),
                    "score_after": _number(p["score_after"]),
                    "roles_missing_before": p["roles_missing_before"],
                    "roles_missing_after": p["roles_missing_after"],
                }
                for p in chosen[:EXAMPLES]
            ]
            for label, chosen in (("gained", gained), ("lost", lost))
        },
    }


def _role_changes(sheet_id: str, roles: dict[str, dict]) -> list[dict[str, Any]]:
    """The buying-group roles of the sheet added, removed or changed, in role order."""
    keys = sorted(
        {key for side in roles.values() for key in side if key[0] == sheet_id},
        key=lambda key: (
            (roles["after"].get(key) or roles["before"][key])["role_order"],
            key[1],
        ),
    )
    changes = []
    for key in keys:
        before, after = roles["before"].get(key), roles["after"].get(key)
        settings = _setting_changes(before, after, ROLE_SETTINGS)
        if before is None or after is None or settings:
            change = "added" if before is None else "removed" if after is None else "changed"
            changes.append({"role": key[1], "change": change, "settings": settings})
    return changes


def _example(pair: dict) -> dict[str, Any]:
    return {
        "lead_id": pair["lead_id"],
        "score_before": _number(pair["score_before"]),
        "score_after": _number(pair["score_after"]),
        "tier_before": pair["tier_before"],
        "tier_after": pair["tier_after"],
    }


def _tiers(pairs: list[dict]) -> dict[str, Any]:
    """tier_moves: the leads whose tier changed, per `before->after`; tier_matrix: every pair,
    unchanged ones included (a tier missing on one side, for a sheet added or removed, is
    `none`)."""
    matrix: dict[str, int] = {}
    for pair in pairs:
        move = f"{pair['tier_before'] or 'none'}->{pair['tier_after'] or 'none'}"
        matrix[move] = matrix.get(move, 0) + 1
    moves = {
        move: count for move, count in matrix.items() if move.split("->")[0] != move.split("->")[1]
    }
    return {"tier_moves": dict(sorted(moves.items())), "tier_matrix": dict(sorted(matrix.items()))}


def _score_changes(pairs: list[dict]) -> dict[str, Any]:
    changes = [
        float(p["score_after"] - p["score_before"])
        for p in pairs
        if p["score_after"] is not None and p["score_before"] is not None
    ]
    buckets = dict.fromkeys(CHANGE_BUCKETS, 0)
    for change in changes:
        buckets[_bucket(change)] += 1
    moved = sorted(change for change in changes if change != 0)
    return {
        "leads_changed": len(moved),
        # over the leads whose score changed
        "mean": round(sum(moved) / len(moved), 2) if moved else None,
        "median": moved[len(moved) // 2] if moved else None,
        "min": moved[0] if moved else None,
        "max": moved[-1] if moved else None,
        "buckets": buckets,
    }


def _bucket(change: float) -> str:
    """The CHANGE_BUCKETS label of a change of total_score: -50 or less, up to -10, below 0,
    none, below +10, below +50, +50 or more."""
    if change == 0:
        return "0"
    if change < 0:
        return "-50 or less" if change <= -50 else "-50 to -10" if change <= -10 else "-10 to 0"
    return "0 to +10" if change < 10 else "+10 to +50" if change < 50 else "+50 or more"


def _setting_changes(
    before: dict | None, after: dict | None, settings: Sequence[str]
) -> dict[str, list]:
    """{setting: [before, after]} for the settings that differ (both sides present)."""
    if before is None or after is None:
        return {}
    return {
        name: [_number(before[name]), _number(after[name])]
        for name in settings
        if before[name] != after[name]
    }


def _band_changes(sheet_id: str, bands: dict[str, dict]) -> list[dict]:
    keys = sorted(
        {key for side in bands.values() for key in side if key[0] == sheet_id},
        key=lambda key: (key[1], key[2]),
    )
    changes = []
    for key in keys:
        before, after = bands["before"].get(key), bands["after"].get(key)
        low_before = None if before is None else before["min_score"]
        low_after = None if after is None else after["min_score"]
        if before is None or after is None or low_before != low_after:
            changes.append(
                {
                    "scale": key[1],
                    "band": key[2],
                    "change": "added"
                    if before is None
                    else "removed"
                    if after is None
                    else "changed",
                    "min_score": [_number(low_before), _number(low_after)],
                }
            )
    return changes


def _rule_changes(
    sheet_id: str, rules: dict[str, dict], effects: list[dict], own_caps: dict
) -> list[dict]:
    """Per rule whose settings or ledger rows changed: what changed in the sheet, how many
    leads' rows moved and by how much in all, and how many of them a cap absorbed."""
    effect_of = {(e["rule_kind"], e["rule_id"]): e for e in effects if e["sheet_id"] == sheet_id}
    keys = {key[1:] for side in rules.values() for key in side if key[0] == sheet_id}
    changes = []
    for kind, rule_id in sorted(keys | set(effect_of)):
        before = rules["before"].get((sheet_id, kind, rule_id))
        after = rules["after"].get((sheet_id, kind, rule_id))
        settings = _setting_changes(before, after, RULE_SETTINGS)
        effect = effect_of.get((kind, rule_id))
        if not settings and before is not None and after is not None and effect is None:
            continue
        change = {
            "rule_kind": kind,
            "rule_id": rule_id,
            "change": "added" if before is None else "removed" if after is None else "changed",
            "settings": settings,
            "group_id": (after or before or {}).get("group_id"),
            "leads_changed": 0,
            "points_before": 0.0,
            "points_after": 0.0,
            "absorbed_by_group": 0,
            "absorbed_by_rule_cap": 0,
        }
        if effect:
            change.update(
                leads_changed=effect["leads_changed"],
                points_before=_number(effect["points_before"]),
                points_after=_number(effect["points_after"]),
                absorbed_by_group=effect["absorbed_by_group"] if effect["group_id"] else 0,
            )
        if "points" in settings and kind == "behavior":
            change["absorbed_by_rule_cap"] = own_caps.get((sheet_id, rule_id), 0)
        changes.append(change)
    return changes


BACKTEST_SQL = "select * from {relation}"
TIERS_SQL = (
    "select sheet_id, tier, tier_min_score, leads, conversions, conversion_rate"
    " from {relation} order by sheet_id, tier_min_score nulls first"
)


def _backtest(engine: warehouse.Engine, version: ScoredVersion) -> dict[str, dict]:
    """The version's backtest figures per sheet (empty when it was scored on no past date)."""
    relation = version.relation("marts", "scoring_backtest")
    if not engine.relation_exists(f"{version.prefix}marts", "scoring_backtest"):
        return {}
    figures = {
        row["sheet_id"]: row for row in engine.records(BACKTEST_SQL.format(relation=relation))
    }
    tiers: dict[str, list] = {}
    for row in engine.records(
        TIERS_SQL.format(relation=version.relation("marts", "scoring_performance"))
    ):
        tiers.setdefault(row["sheet_id"], []).append(
            {
                "tier": row["tier"],
                "leads": row["leads"],
                "conversions": row["conversions"],
                "conversion_rate": _number(row["conversion_rate"]),
            }
        )
    return {
        sheet: {
            **{name: _number(row[name]) for name in BACKTEST_FIGURES},
            "tiers": tiers.get(sheet, []),
        }
        for sheet, row in figures.items()
        if row["leads"]
    }


def _backtest_pair(sheet_id: str, backtests: dict[str, dict]) -> dict | None:
    before = backtests["before"].get(sheet_id)
    after = backtests["after"].get(sheet_id)
    if before is None and after is None:
        return None
    return {"before": before, "after": after}


def _number(value: Any) -> Any:
    """Decimals as floats for JSON; everything else as it is."""
    return float(value) if isinstance(value, Decimal) else value
