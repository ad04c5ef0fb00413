"""Drift of an active predictive model (contract §9): its AUC and calibration error on the latest
weekly dates whose horizon has closed since its validation, against the figures it was
validated with. The Dagster check predictive_model_drift warns when the AUC drops, or the
calibration error rises, by more than LEADSCORE_DRIFT_AUC_DROP or
LEADSCORE_DRIFT_CALIBRATION_RISE (0.05 each by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from . import training_set, versions
from .fit import TrainingSet, expected_calibration_error

DATES = 4  # weekly dates measured: the latest four whose horizon closed


@dataclass(frozen=True)
class Drift:
    model_id: str
    version: int
    dates: list[date]  # measured; empty: no horizon closed since the version's validation
    lead_dates: int = 0
    positives: int = 0
    validation_auc: float = 0.0
    validation_calibration_error: float = 0.0
    auc: float | None = None  # None: one outcome only, no AUC
    calibration_error: float | None = None

    @property
    def auc_drop(self) -> float:
        return 0.0 if self.auc is None else self.validation_auc - self.auc

    @property
    def calibration_rise(self) -> float:
        if self.calibration_error is None:
            return 0.0
        return self.calibration_error - self.validation_calibration_error

    def drifted(self, auc_drop: float, calibration_rise: float) -> bool:
        return self.auc_drop > auc_drop or self.calibration_rise > calibration_rise

    def summary(self) -> str:
        head = f"model {self.model_id} version {self.version}"
        if not self.dates:
            return f"{head}: no weekly date's horizon has closed since its validation yet"
        auc = "no AUC (one outcome only)" if self.auc is None else f"AUC {self.auc:.3f}"
        return (
            f"{head} on {len(self.dates)} date(s) to {self.dates[-1]} ({self.lead_dates:,}"
            f" lead-dates, {self.positives:,} converted): {auc} against"
            f" {self.validation_auc:.3f} at validation, calibration error"
            f" {self.calibration_error:.3f} against {self.validation_calibration_error:.3f}"
        )


def measure(model: training_set.PredictiveModel, as_of: date, project_dir: Path) -> Drift | None:
    """The active version's drift as of `as_of` (after training_set.stage); None without an
    active version."""
    kept = versions.active(model.model_id)
    if kept is None:
        return None
    latest = training_set.training_dates(as_of, model.horizon_days, None)
    dates = [day for day in latest[-DATES:] if day > kept.validation_end]
    if not dates:
        return Drift(model.model_id, kept.version, [])
    data = training_set.collect(model, dates, project_dir)
    predicted = kept.parameters.probability(aligned(data, kept.features))
    outcome = data.converted
    auc = None
    if len(set(outcome)) == 2:
        from sklearn.metrics import roc_auc_score

        auc = float(roc_auc_score(outcome, predicted))
    return Drift(
        model_id=model.model_id,
        version=kept.version,
        dates=dates,
        lead_dates=len(outcome),
        positives=int(outcome.sum()),
        validation_auc=kept.auc,
        validation_calibration_error=kept.calibration_error,
        auc=auc,
        calibration_error=expected_calibration_error(outcome, predicted) if len(outcome) else None,
    )


def aligned(data: TrainingSet, features: list[str]) -> np.ndarray:
    """The training set's values in the order of `features`; a feature it lacks is 0."""
    column = {name: j for j, name in enumerate(data.features)}
    values = np.zeros((len(data.converted), len(features)))
    for i, name in enumerate(features):
        if name in column:
            values[:, i] = data.values[:, column[name]]
    return values
