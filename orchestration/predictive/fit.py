"""The predictive model of contract §9, fitted on a point-in-time training set.

A row of the training set is a lead on a date: its features as known on that date and whether
its person converted within the model's horizon after it. The dates are split by time: the
last third validates; the training dates are those whose horizon closed before validation
starts, so no outcome of the validation period reaches the coefficients. They fit a
standardised, L2-regularised logistic regression. The dates between the last training date and
validation (those whose horizon closes during it) calibrate the fit (Platt scaling,
scikit-learn's CalibratedClassifierCV on the frozen fit): they are the latest dates with a
known outcome before validation, and conversion rates drift as a lead base ages, so the
calibration reads the rate nearest the dates scored. Their outcomes overlap the validation
period's first horizon, but only through the calibration's two numbers. Where the horizon is
shorter than a week there are no such dates, and the last quarter of the training dates
calibrates instead. The in-time AUC, which flags a likely leak, is measured on the last quarter
of the training dates by a fit on the first three quarters. What is kept is what SQL needs to
give the same probability:

    z = intercept + sum(coefficient * (value - mean) / scale)    (absent feature: value 0)
    probability = 1 / (1 + exp(calibration_a * z + calibration_b))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

VALIDATION_SHARE = 1 / 3  # of the dates, at the end
IN_TIME_SHARE = 1 / 4  # of the training dates, at their end: the in-time AUC's
LEAK_MARGIN = 0.05  # in-time AUC above out-of-time (validation) AUC by more: a likely leak
REGULARISATION_C = 1.0  # scikit-learn's inverse L2 strength, on standardised features
BINS = 10  # equal-count bins of the expected calibration error


class TrainingRefused(ValueError):
    """Not trained; the message names the model and what it lacked."""


@dataclass(frozen=True)
class TrainingSet:
    model_id: str
    horizon_days: int
    min_conversions: int
    dates: np.ndarray  # datetime64[D], one per lead-date
    features: list[str]
    values: np.ndarray  # lead-dates x features, 0 where a feature is absent
    converted: np.ndarray  # bool, one per lead-date
    rules_score: np.ndarray  # the feature sheet's total_score on the same lead-date


@dataclass(frozen=True)
class FittedModel:
    features: list[str]
    coefficients: np.ndarray
    means: np.ndarray
    scales: np.ndarray
    intercept: float
    calibration_a: float
    calibration_b: float
    train_span: tuple[date, date]
    validation_span: tuple[date, date]
    lead_dates: int
    positives: int
    auc: float
    in_time_auc: float
    rules_auc: float
    brier: float
    calibration_error: float
    top_decile_lift: float
    rules_top_decile_lift: float
    estimator: object  # the calibrated scikit-learn classifier, for checks
    # validation by tenth, most likely first: (decile, lead-dates, the model's mean probability,
    # conversions of the model's tenth, conversions of the rules' tenth by total_score)
    deciles: tuple[tuple[int, int, float, int, int], ...] = ()
    calibration_span: tuple[date, date] | None = None  # as fitted (versions keep no span)

    @property
    def likely_leak(self) -> bool:
        return self.in_time_auc - self.auc > LEAK_MARGIN

    def probability(self, values: np.ndarray) -> np.ndarray:
        """The probability as the SQL computes it, from the kept parameters alone."""
        z = self.intercept + ((values - self.means) / self.scales) @ self.coefficients
        return 1 / (1 + np.exp(self.calibration_a * z + self.calibration_b))


def split_by_time(dates: list[date], horizon_days: int) -> tuple[list[date], list[date]]:
    """Training and validation dates: the last third validates; a training date's horizon
    closes before the first validation date."""
    ordered = sorted(set(dates))
    validation = ordered[len(ordered) - max(1, round(len(ordered) * VALIDATION_SHARE)) :]
    training = [d for d in ordered if d + timedelta(days=horizon_days) < validation[0]]
    return training, validation


def fit(data: TrainingSet) -> FittedModel:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator
    from sklearn.metrics import brier_score_loss, roc_auc_score

    days = [date.fromisoformat(str(d)) for d in np.unique(data.dates)]
    training, validation = split_by_time(days, data.horizon_days)
    if len(training) < 2:
        raise TrainingRefused(
            f"model {data.model_id}: {len(training)} training date(s) whose "
            f"{data.horizon_days}-day horizon closed before validation; two are needed (one "
            "to fit, one to measure the fit in time). Score a longer range of weekly dates."
        )
    # the in-time check: a fit on the first three quarters, measured on the last
    cut = min(len(training) - 1, max(1, round(len(training) * (1 - IN_TIME_SHARE))))
    between = [day for day in days if training[-1] < day < validation[0]]
    fitting_days, calibration_days = (
        (training, between) if between else (training[:cut], training[cut:])
    )
    fitting = _on(data.dates, fitting_days)
    calibrating = _on(data.dates, calibration_days)
    in_time = _on(data.dates, training[cut:])
    checking = _on(data.dates, validation)
    positives = int(data.converted[fitting].sum())
    if positives < data.min_conversions:
        raise TrainingRefused(
            f"model {data.model_id}: {positives} converted training lead-dates, fewer than its "
            f"min_conversions ({data.min_conversions}) in seeds/predictive_models.csv, over "
            f"{len(fitting_days)} training date(s) whose {data.horizon_days}-day horizon "
            "closed before validation. Not trained; the active version stays in use. Score "
            "more history (leadscore backtest) or lower min_conversions."
        )
    for name, rows in [("validation", checking), ("calibration", calibrating)]:
        if len(set(data.converted[rows])) < 2:
            raise TrainingRefused(
                f"model {data.model_id}: the {name} dates hold only one outcome; "
                "score more history before training."
            )
    pipeline = _regression().fit(data.values[fitting], data.converted[fitting])
    calibrated = CalibratedClassifierCV(FrozenEstimator(pipeline), method="sigmoid")
    calibrated.fit(data.values[calibrating], data.converted[calibrating])
    scaler, regression = pipeline[0], pipeline[1]
    calibrator = calibrated.calibrated_classifiers_[0].calibrators[0]
    predicted = calibrated.predict_proba(data.values[checking])[:, 1]
    outcome = data.converted[checking]
    return FittedModel(
        features=list(data.features),
        coefficients=regression.coef_[0].copy(),
        means=scaler.mean_.copy(),
        scales=scaler.scale_.copy(),
        intercept=float(regression.intercept_[0]),
        calibration_a=float(calibrator.a_),
        calibration_b=float(calibrator.b_),
        train_span=(fitting_days[0], fitting_days[-1]),
        calibration_span=(calibration_days[0], calibration_days[-1]),
        validation_span=(validation[0], validation[-1]),
        lead_dates=int(fitting.sum()),
        positives=positives,
        auc=float(roc_auc_score(outcome, predicted)),
        in_time_auc=_in_time_auc(data, _on(data.dates, training[:cut]), in_time),
        rules_auc=float(roc_auc_score(outcome, data.rules_score[checking])),
        brier=float(brier_score_loss(outcome, predicted)),
        calibration_error=expected_calibration_error(outcome, predicted),
        top_decile_lift=top_decile_lift(outcome, predicted),
        rules_top_decile_lift=top_decile_lift(outcome, data.rules_score[checking]),
        estimator=calibrated,
        deciles=deciles(outcome, predicted, data.rules_score[checking]),
    )


def _regression():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=REGULARISATION_C, max_iter=5000))


def _in_time_auc(data: TrainingSet, fitting: np.ndarray, measured: np.ndarray) -> float:
    """The AUC on training dates unseen by a fit on earlier ones (the fitted rows themselves
    would flatter any model with many features); against the validation AUC it shows a
    feature that knew the outcome until validation."""
    from sklearn.metrics import roc_auc_score

    if len(set(data.converted[measured])) < 2:
        return float("nan")  # one outcome only: no AUC, and no sign of a leak
    check = _regression().fit(data.values[fitting], data.converted[fitting])
    return float(
        roc_auc_score(data.converted[measured], check.decision_function(data.values[measured]))
    )


def _on(dates: np.ndarray, days: list[date]) -> np.ndarray:
    """The lead-dates on any of `days`."""
    return np.isin(dates, np.array(days, dtype="datetime64[D]"))


def expected_calibration_error(outcome: np.ndarray, predicted: np.ndarray) -> float:
    """Mean |predicted - observed| over BINS equal-count bins, weighted by their size."""
    order = np.argsort(predicted, kind="stable")
    error = 0.0
    for rows in np.array_split(order, BINS):
        if len(rows):
            error += len(rows) * abs(predicted[rows].mean() - outcome[rows].mean())
    return float(error / len(predicted))


def deciles(
    outcome: np.ndarray, predicted: np.ndarray, rules_score: np.ndarray
) -> tuple[tuple[int, int, float, int, int], ...]:
    """Ten equal-count groups of the lead-dates by the model's probability and, apart, by the
    rules' score, highest first (ties by row order): per tenth, its size, the model's mean
    probability and conversions, and the conversions of the rules' tenth of the same rank."""
    by_model = np.array_split(np.argsort(-predicted, kind="stable"), BINS)
    by_rules = np.array_split(np.argsort(-rules_score, kind="stable"), BINS)
    return tuple(
        (
            tenth + 1,
            len(model_rows),
            float(predicted[model_rows].mean()) if len(model_rows) else 0.0,
            int(outcome[model_rows].sum()),
            int(outcome[rules_rows].sum()),
        )
        for tenth, (model_rows, rules_rows) in enumerate(zip(by_model, by_rules, strict=True))
    )


def top_decile_lift(outcome: np.ndarray, score: np.ndarray) -> float:
    """Conversion of the tenth with the highest scores, over the conversion of all (ties at
    the boundary broken by row order)."""
    top = np.argsort(-score, kind="stable")[: max(1, len(score) // 10)]
    base = outcome.mean()
    return float(outcome[top].mean() / base) if base else 0.0
