"""A predictive model's point-in-time training set (contract §9): weekly dates whose horizon has
closed, scored set-based by dbt (selector predictive_training, var score_dates) as many dates a
pass as dates_per_pass() allows, and read back after each pass: the features of
int_predictive_features and the labels and rules' scores of int_predictive_training_rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from .. import warehouse
from ..dbt.args import build_args
from ..dbt.runner import run_steps
from ..evaluation.backtest import dates_per_pass, staging_step
from .fit import TrainingSet

SELECTOR = "predictive_training"
WEEKS = 52  # weekly training dates, the latest first, when the history reaches that far back
# the pass's rows, in the order of their positions in FEATURES_SQL
ROWS_SQL = (
    "select score_date, converted, coalesce(rules_score, 0) as rules_score"
    " from intermediate.int_predictive_training_rows where model_id = ?"
    " order by score_date, lead_id"
)
# the features of the pass's rows, each with its row's position (a lead-date left out of the
# rows, converted before, has no label and no use)
FEATURES_SQL = """
select labelled.position, features.feature, features.feature_value
from intermediate.int_predictive_features as features
inner join (
    select
        score_date,
        lead_id,
        row_number() over (order by score_date, lead_id) - 1 as position
    from intermediate.int_predictive_training_rows
    where model_id = ?
) as labelled
    on features.score_date = labelled.score_date and features.lead_id = labelled.lead_id
where features.model_id = ?
"""
MODELS_SQL = (
    "select model_id, horizon_days, min_conversions"
    " from staging.stg_seeds__predictive_models order by model_id"
)
FIRST_ACTIVITY_SQL = "select min(cast(occurred_at as date)) from staging.stg_raw__activities"


@dataclass(frozen=True)
class PredictiveModel:
    model_id: str
    horizon_days: int
    min_conversions: int


def models(chosen: str | None) -> list[PredictiveModel]:
    """The models of seeds/predictive_models.csv as staged (all, or the one `chosen`)."""
    with warehouse.open_engine(read_only=True) as engine:
        found = [PredictiveModel(*row) for row in engine.fetchall(MODELS_SQL)]
    if chosen is None:
        return found
    picked = [model for model in found if model.model_id == chosen]
    if not picked:
        names = ", ".join(model.model_id for model in found) or "none"
        raise ValueError(
            f"--model {chosen}: no such model in seeds/predictive_models.csv (it lists {names})"
        )
    return picked


def training_dates(as_of: date, horizon_days: int, first_activity: date | None) -> list[date]:
    """Weekly dates, the latest the last whose horizon closed by `as_of`, back to the first
    activity (at most WEEKS of them), oldest first."""
    latest = as_of - timedelta(days=horizon_days)
    dates = [latest - timedelta(weeks=week) for week in range(WEEKS)]
    return sorted(d for d in dates if first_activity is None or d >= first_activity)


def first_activity_date() -> date | None:
    with warehouse.open_engine(read_only=True) as engine:
        return engine.fetchall(FIRST_ACTIVITY_SQL)[0][0]


def stage(project_dir: Path) -> None:
    """Load the sheets and stage the raw tables, before `models` and `collect`."""
    run_steps([staging_step()], project_dir)


def collect(model: PredictiveModel, dates: list[date], project_dir: Path) -> TrainingSet:
    """Score `dates` pass by pass (after `stage`) and gather the model's training set from
    each pass."""
    size = dates_per_pass()
    passes = [dates[start : start + size] for start in range(0, len(dates), size)]
    assembly = Assembly()
    for number, chunk in enumerate(passes, start=1):
        label = (
            f"training {model.model_id}: scoring {len(chunk)} date(s), {chunk[0]} to {chunk[-1]}"
        )
        if len(passes) > 1:
            label += f" (pass {number}/{len(passes)})"
        scoring = build_args(
            command="run",
            selector=SELECTOR,
            extra_vars={"score_dates": [d.isoformat() for d in chunk]},
        )
        run_steps([(label, scoring)], project_dir)
        with warehouse.open_engine(read_only=True) as engine:
            assembly.add(
                engine.columns(ROWS_SQL, [model.model_id]),
                engine.columns(FEATURES_SQL, [model.model_id, model.model_id]),
            )
    return assembly.training_set(model)


class Assembly:
    """The passes' rows and features, gathered as arrays: a training set holds millions of
    features, too many for a row of Python objects each."""

    def __init__(self) -> None:
        self.rows: list[dict[str, np.ndarray]] = []
        self.cells: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # row, column, value
        self.columns: dict[str, int] = {}  # feature: column, in the order first met
        self.row_count = 0

    def add(self, rows: dict[str, np.ndarray], features: dict[str, np.ndarray]) -> None:
        """One pass: its rows (score_date, converted, rules_score) in the order of the
        positions its features (position, feature, feature_value) name."""
        column = self.columns
        codes = np.fromiter(
            (column.setdefault(name, len(column)) for name in features["feature"]),
            dtype=np.int64,
            count=len(features["feature"]),
        )
        positions = np.asarray(features["position"], dtype=np.int64) + self.row_count
        self.cells.append((positions, codes, np.asarray(features["feature_value"], dtype=float)))
        self.rows.append(rows)
        self.row_count += len(rows["score_date"])

    def training_set(self, model: PredictiveModel) -> TrainingSet:
        """The rows with their features as one matrix, features by name; an absent feature
        is 0."""
        names = sorted(self.columns)
        sorted_column = np.empty(len(names), dtype=np.int64)  # by the order first met
        sorted_column[[self.columns[name] for name in names]] = np.arange(len(names))
        values = np.zeros((self.row_count, len(names)))
        for positions, codes, cell_values in self.cells:
            values[positions, sorted_column[codes]] = cell_values

        def joined(name: str, dtype: type | str) -> np.ndarray:
            return np.concatenate([np.asarray(rows[name]).astype(dtype) for rows in self.rows])

        return TrainingSet(
            model_id=model.model_id,
            horizon_days=model.horizon_days,
            min_conversions=model.min_conversions,
            dates=joined("score_date", "datetime64[D]"),
            features=names,
            values=values,
            converted=joined("converted", bool),
            rules_score=joined("rules_score", float),
        )
