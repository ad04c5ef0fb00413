"""A predictive model's point-in-time training set (SPEC §9): weekly dates whose horizon has
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
FEATURES_SQL = (
    "select score_date, lead_id, feature, feature_value"
    " from intermediate.int_predictive_features where model_id = ?"
)
ROWS_SQL = (
    "select score_date, lead_id, converted, rules_score"
    " from intermediate.int_predictive_training_rows where model_id = ?"
)
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
    features: list[tuple] = []
    rows: list[tuple] = []
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
            features += engine.fetchall(FEATURES_SQL, [model.model_id])
            rows += engine.fetchall(ROWS_SQL, [model.model_id])
    return training_set(model, rows, features)


def training_set(model: PredictiveModel, rows: list[tuple], features: list[tuple]) -> TrainingSet:
    """The rows (date, lead, converted, rules' score) with their features (date, lead, feature,
    value) as arrays; a feature absent on a lead-date is 0."""
    index = {(str(day), lead): i for i, (day, lead, _, _) in enumerate(rows)}
    names = sorted({feature for _, _, feature, _ in features})
    column = {name: j for j, name in enumerate(names)}
    values = np.zeros((len(rows), len(names)))
    for day, lead, feature, value in features:
        i = index.get((str(day), lead))
        if i is not None:  # a lead-date left out of the rows (converted before) has no label
            values[i, column[feature]] = value
    return TrainingSet(
        model_id=model.model_id,
        horizon_days=model.horizon_days,
        min_conversions=model.min_conversions,
        dates=np.array([str(day) for day, _, _, _ in rows], dtype="datetime64[D]"),
        features=names,
        values=values,
        converted=np.array([bool(converted) for _, _, converted, _ in rows]),
        rules_score=np.array([float(score or 0) for _, _, _, score in rows]),
    )
