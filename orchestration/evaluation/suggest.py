"""`leadscore suggest`: new points for a sheet's rules, fitted on what its rules counted on the
backtested dates against the conversions that followed.

The model is a logistic regression with one feature per rule: what the rule counted for the
lead on the date (decayed, capped matches of a behaviour rule; 1 for a matched profile rule),
read from rule_points_history as points / rule_points. Its penalty pulls each coefficient
toward the current sheet's points (in the model's units), not toward 0: a rule seen rarely
keeps its weight, a rule the conversions disagree with moves. The split is by time: validation
is the last third of the scored dates, and training uses only dates whose conversion window
closed before validation starts, so nothing the model learns comes from the validation period.

A coefficient turns into points on the sheet's own scale: multiplied by the factor that keeps
as many training lead-dates at or above the MQL threshold as the sheet has now, divided by the
sheet's weight of the rule's kind, and rounded to whole points. The suggested sheet has no
group caps (the model weighs rules one by one); a rule's own cap is scaled with its points, so
it binds after as many matches as before.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from .. import warehouse
from . import sheets

MIN_CONVERSIONS = 20  # converted and unconverted training lead-dates needed to fit
STRENGTH = 0.1  # how hard the fit pulls toward the current sheet (L2 on the difference)
VALIDATION_SHARE = 1 / 3  # of the span of scored dates, at its end
SUGGESTED_RULES_COLUMNS = {
    "sheet_id": "varchar",
    "rule_kind": "varchar",
    "rule_id": "varchar",
    "current_points": "double",
    "suggested_points": "double",
    "coefficient": "double",
    "support": "bigint",
    "suggested_sheet_id": "varchar",
}

# what Python writes for dbt to publish as marts.suggested_rules (a source of the dbt project)
SUGGESTED_POINTS_TABLE = "suggestions.suggested_points"

OUTCOMES_SQL = """
select outcomes.score_date, outcomes.lead_id, outcomes.total_score, outcomes.converted
from marts.score_outcomes as outcomes
where outcomes.sheet_id = ? and outcomes.score_date in (
    select distinct score_date from marts.rule_points_history where sheet_id = ?
)
"""
FEATURES_SQL = """
select score_date, lead_id, rule_kind, rule_id, points, rule_points
from marts.rule_points_history
where sheet_id = ? and rule_points <> 0
"""


class SuggestionError(ValueError):
    """Not enough history to fit on; the message says what to run first."""


@dataclass(frozen=True)
class Suggestion:
    sheet_id: str
    suggested_sheet_id: str
    train_dates: tuple[date, date, int]  # first, last, count
    validation_dates: tuple[date, date, int]
    train_lead_dates: int
    validation_lead_dates: int
    validation_conversions: int
    current_validation_auc: float
    suggested_validation_auc: float
    rules: list[dict]

    def summary(self) -> str:
        (t0, t1, tn), (v0, v1, vn) = self.train_dates, self.validation_dates
        return (
            f"suggest: fitted on {tn} dates {t0}..{t1} ({self.train_lead_dates:,} lead-dates), "
            f"validated on {vn} dates {v0}..{v1} ({self.validation_lead_dates:,} lead-dates, "
            f"{self.validation_conversions:,} converted): validation AUC {self.sheet_id} "
            f"{self.current_validation_auc:.3f}, {self.suggested_sheet_id} "
            f"{self.suggested_validation_auc:.3f}"
        )


@dataclass
class _Rule:
    kind: str
    rule_id: str
    points: float
    weight: float


def suggest(
    project_dir: Path, sheet_id: str, engine: warehouse.Engine, strength: float = STRENGTH
) -> Suggestion:
    """Fit the sheet's rules against conversions on the recorded dates."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    window = sheets.conversion_window_days(project_dir)
    sheet = _sheet_row(project_dir, sheet_id)
    rules = _rules(project_dir, sheet)
    dates, current, converted, features = _observations(engine, sheet_id, rules)
    train, validation = _time_split(dates, window)
    if converted[train].sum() < MIN_CONVERSIONS or (~converted[train]).sum() < MIN_CONVERSIONS:
        raise SuggestionError(
            f"the training dates ({_span_text(dates[train])}) have "
            f"{int(converted[train].sum())} converted lead-dates of {int(train.sum())}: too few "
            "to fit. Backtest a longer range of earlier dates."
        )
    if converted[validation].all() or not converted[validation].any():
        raise SuggestionError(
            f"the validation dates ({_span_text(dates[validation])}) need converted and "
            "unconverted lead-dates to compare the sheets: backtest a longer range."
        )
    weights = np.array([rule.weight for rule in rules])
    current_points = np.array([rule.points for rule in rules])
    # the current sheet in the model's units: its total score's coefficient, spread over rules
    calibration = LogisticRegression(C=1e6).fit(current[train][:, None], converted[train])
    prior = calibration.coef_[0][0] * weights * current_points
    coefficients = _fit_toward(
        features[train], converted[train], prior, calibration.intercept_[0], strength
    )

    # the scale: as many training lead-dates at or above the threshold as now
    threshold = float(sheet["mql_threshold"] or 0)
    linear = features[train] @ coefficients
    mqls_now = int((current[train] >= threshold).sum())
    ranked = np.sort(linear)[::-1]
    if mqls_now > 0 and ranked[mqls_now - 1] > 0 and threshold > 0:
        scale = threshold / ranked[mqls_now - 1]
    else:
        scale = np.abs(current[train]).sum() / max(np.abs(linear).sum(), 1e-9)
    suggested_points = [
        float(round(scale * coefficients[j] / rule.weight)) if rule.weight else rule.points
        for j, rule in enumerate(rules)
    ]
    support = (features[train] != 0).sum(axis=0)
    suggested_scores = features @ (np.array(suggested_points) * weights)

    suggested_id = f"{sheet_id}_suggested"
    return Suggestion(
        sheet_id=sheet_id,
        suggested_sheet_id=suggested_id,
        train_dates=_span(dates[train]),
        validation_dates=_span(dates[validation]),
        train_lead_dates=int(train.sum()),
        validation_lead_dates=int(validation.sum()),
        validation_conversions=int(converted[validation].sum()),
        current_validation_auc=float(roc_auc_score(converted[validation], current[validation])),
        suggested_validation_auc=float(
            roc_auc_score(converted[validation], suggested_scores[validation])
        ),
        rules=[
            {
                "sheet_id": sheet_id,
                "rule_kind": rule.kind,
                "rule_id": rule.rule_id,
                "current_points": rule.points,
                "suggested_points": suggested_points[j],
                "coefficient": round(float(coefficients[j]), 6),
                "support": int(support[j]),
                "suggested_sheet_id": suggested_id,
            }
            for j, rule in enumerate(rules)
        ],
    )


def _observations(
    engine: warehouse.Engine, sheet_id: str, rules: list[_Rule]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per evaluated lead-date with recorded rule points: its date, the sheet's total score
    then, whether it converted, and what each rule counted (points / rule_points)."""
    outcomes = engine.fetchall(OUTCOMES_SQL, [sheet_id, sheet_id])
    if not outcomes:
        raise SuggestionError(
            f"no scored dates of sheet {sheet_id} with their conversions known: run "
            "`leadscore backtest --from D1 --to D2` first (it records what each rule counted)"
        )
    index = {(str(d), lead): i for i, (d, lead, _, _) in enumerate(outcomes)}
    columns = {(rule.kind, rule.rule_id): j for j, rule in enumerate(rules)}
    features = np.zeros((len(outcomes), len(rules)))
    for score_date, lead, kind, rule_id, points, rule_points in engine.fetchall(
        FEATURES_SQL, [sheet_id]
    ):
        row, column = index.get((str(score_date), lead)), columns.get((kind, rule_id))
        if row is not None and column is not None:
            features[row, column] = float(points) / float(rule_points)
    dates = np.array([date.fromisoformat(str(d)) for d, _, _, _ in outcomes])
    current = np.array([float(total) for _, _, total, _ in outcomes])
    converted = np.array([bool(c) for _, _, _, c in outcomes])
    return dates, current, converted, features


def _fit_toward(
    x: np.ndarray, y: np.ndarray, prior: np.ndarray, intercept: float, strength: float
) -> np.ndarray:
    """Logistic regression whose L2 penalty pulls the coefficients toward `prior` (the current
    sheet) rather than toward 0: a rule moves as far as the evidence carries it."""
    from scipy.optimize import minimize

    target = y.astype(float)
    n = len(target)

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = theta[0] + x @ theta[1:]
        residual = (1 / (1 + np.exp(-z)) - target) / n
        gap = theta[1:] - prior
        loss = np.sum(np.logaddexp(0, z) - target * z) / n + strength / 2 * gap @ gap
        return loss, np.concatenate([[residual.sum()], x.T @ residual + strength * gap])

    start = np.concatenate([[intercept], prior])
    result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B")
    return result.x[1:]


def _time_split(dates: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Validation: the last third of the span of dates. Training: dates whose conversion
    window closed before validation starts."""
    first, last = dates.min(), dates.max()
    validation_start = last - timedelta(days=int((last - first).days * VALIDATION_SHARE))
    validation = dates >= validation_start
    train = dates <= validation_start - timedelta(days=window)
    if not train.any():
        raise SuggestionError(
            f"the scored dates span {first}..{last}: too short for a time split with a "
            f"{window}-day conversion window between training and validation. Backtest a range "
            f"of at least {int(window / (1 - VALIDATION_SHARE)) + 14} days."
        )
    return train, validation


def _span(dates: np.ndarray) -> tuple[date, date, int]:
    return dates.min(), dates.max(), len(set(dates.tolist()))


def _span_text(dates: np.ndarray) -> str:
    first, last, count = _span(dates)
    return f"{count} dates {first}..{last}"


def _sheet_row(project_dir: Path, sheet_id: str) -> dict[str, str]:
    for row in sheets.read_seed(project_dir, "score_sheets")[1]:
        if row["sheet_id"] == sheet_id:
            return row
    raise SuggestionError(
        f"no sheet {sheet_id} in seeds/score_sheets.csv "
        f"(the sheets are {', '.join(sheets.sheet_ids(project_dir))})"
    )


def _rules(project_dir: Path, sheet: dict[str, str]) -> list[_Rule]:
    weights = {
        "behavior": float(sheet["behavior_weight"] or 0),
        "profile": float(sheet["profile_weight"] or 0),
    }
    return [
        _Rule(kind, row["rule_id"], float(row["points"]), weights[kind])
        for kind in ("behavior", "profile")
        for row in sheets.read_seed(project_dir, f"{kind}_rules")[1]
        if row["sheet_id"] == sheet["sheet_id"]
    ]


def challenger_seeds(project_dir: Path, suggestion: Suggestion) -> dict[str, list[dict]]:
    """The suggested sheet as rows for each seed file, with the seeds' own columns: the sheet,
    its rules with the suggested points (no groups; rule caps scaled with the points) and a
    copy of its bands."""
    new_id, old_id = suggestion.suggested_sheet_id, suggestion.sheet_id
    points = {(rule["rule_kind"], rule["rule_id"]): rule for rule in suggestion.rules}
    (t0, t1, _) = suggestion.train_dates
    rows: dict[str, list[dict]] = {}
    for name in ("score_sheets", "behavior_rules", "profile_rules", "score_bands"):
        rows[name] = []
        for row in sheets.read_seed(project_dir, name)[1]:
            if row["sheet_id"] != old_id:
                continue
            row = {**row, "sheet_id": new_id}
            if name == "score_sheets":
                row["description"] = f"Suggested from {old_id}: logistic regression on {t0}..{t1}"
                row["is_primary"] = "false"
            elif name.endswith("_rules"):
                rule = points[(name.removesuffix("_rules"), row["rule_id"])]
                row["points"] = _number(rule["suggested_points"])
                if name == "behavior_rules":
                    row["group_id"] = ""
                    if row["max_points"] and rule["current_points"]:
                        ratio = abs(rule["suggested_points"] / rule["current_points"])
                        row["max_points"] = _number(round(float(row["max_points"]) * ratio, 2))
            rows[name].append(row)
    return rows


def _number(value: float) -> str:
    return str(Decimal(str(value)).normalize()) if value % 1 else str(int(value))


def write_outputs(
    project_dir: Path, suggestion: Suggestion, out_dir: Path, engine: warehouse.Engine
) -> Path:
    """suggestions.suggested_points (which dbt publishes as marts.suggested_rules), and in
    out_dir/<suggested sheet>/: suggested_rules.csv, the challenger's rows for each seed file,
    and summary.json. Returns that folder."""
    folder = out_dir / suggestion.suggested_sheet_id
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "suggested_rules.csv", list(SUGGESTED_RULES_COLUMNS), suggestion.rules)
    for name, rows in challenger_seeds(project_dir, suggestion).items():
        _write_csv(folder / f"{name}.csv", sheets.read_seed(project_dir, name)[0], rows)
    summary = {key: value for key, value in asdict(suggestion).items() if key != "rules"}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    _replace_table(engine, SUGGESTED_POINTS_TABLE, suggestion.rules)
    return folder


def apply_to_seeds(project_dir: Path, folder: Path) -> None:
    """Put the challenger's rows into seeds/, replacing an earlier version of that sheet."""
    for seed_file in sorted(folder.glob("*.csv")):
        if seed_file.name == "suggested_rules.csv":
            continue
        name = seed_file.stem
        header, current = sheets.read_seed(project_dir, name)
        with seed_file.open(newline="") as file:
            new_rows = list(csv.DictReader(file))
        new_ids = {row["sheet_id"] for row in new_rows}
        kept = [row for row in current if row["sheet_id"] not in new_ids]
        _write_csv(sheets.seeds_dir(project_dir) / f"{name}.csv", header, kept + new_rows)


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _replace_table(engine: warehouse.Engine, table: str, rows: list[dict]) -> None:
    engine.execute(f"create schema if not exists {table.split('.')[0]}")
    engine.create_table(table, SUGGESTED_RULES_COLUMNS, replace=True)
    if rows:  # one statement: a Spark statement is a job
        row_marks = "(" + ", ".join("?" for _ in SUGGESTED_RULES_COLUMNS) + ")"
        engine.execute(
            f"insert into {table} values {', '.join(row_marks for _ in rows)}",
            [row[name] for row in rows for name in SUGGESTED_RULES_COLUMNS],
        )
