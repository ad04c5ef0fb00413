"""`leadscore train`: each predictive model (or the one asked for) trained on its point-in-time
training set and kept as a new version, active unless it looks like a leak; with too few
conversions it is not trained and the active version stays. `--activate` makes an earlier
version active again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import warehouse
from . import training_set, versions
from .fit import FittedModel, TrainingRefused, fit


@dataclass(frozen=True)
class Trained:
    model_id: str
    version: int | None  # None: not trained
    active: bool
    fitted: FittedModel | None
    refusal: str | None


def train(
    chosen: str | None, as_of: date, project_dir: Path, say: Callable[[str], None]
) -> list[Trained]:
    training_set.stage(project_dir)
    results = []
    for model in training_set.models(chosen):
        dates = training_set.training_dates(
            as_of, model.horizon_days, training_set.first_activity_date()
        )
        if not dates:
            refusal = (
                f"model {model.model_id}: no weekly date before {as_of} has its "
                f"{model.horizon_days}-day horizon closed after the first activity; load more "
                "history. Not trained; the active version stays in use."
            )
            results.append(Trained(model.model_id, None, False, None, refusal))
            continue
        say(
            f"train {model.model_id}: {len(dates)} weekly dates, {dates[0]} to {dates[-1]}, "
            f"conversions within {model.horizon_days} days"
        )
        data = training_set.collect(model, dates, project_dir)
        try:
            fitted = fit(data)
        except TrainingRefused as refused:
            results.append(Trained(model.model_id, None, False, None, str(refused)))
            continue
        version, active = versions.save(model.model_id, fitted)
        results.append(Trained(model.model_id, version, active, fitted, None))
    return results


def describe(result: Trained) -> str:
    """What training did, in plain words."""
    if result.fitted is None:
        return f"train: {result.refusal}"
    fitted = result.fitted
    lines = [
        f"train {result.model_id}: version {result.version}"
        + (" (active)" if result.active else " (kept, not active: a likely leak)"),
        f"  trained on {fitted.train_span[0]} to {fitted.train_span[1]}: "
        f"{fitted.lead_dates:,} lead-dates, {fitted.positives:,} converted; calibrated on "
        f"{fitted.calibration_span[0]} to {fitted.calibration_span[1]}",
        f"  validated on {fitted.validation_span[0]} to {fitted.validation_span[1]}: "
        f"AUC {fitted.auc:.3f} (the rules {fitted.rules_auc:.3f} on the same lead-dates), "
        f"in time {fitted.in_time_auc:.3f}",
        f"  calibration error {fitted.calibration_error:.3f}, Brier {fitted.brier:.3f}, "
        f"top-decile lift {fitted.top_decile_lift:.1f}x (the rules "
        f"{fitted.rules_top_decile_lift:.1f}x)",
    ]
    if fitted.likely_leak:
        lines.append(
            f"  in-time AUC beats out-of-time AUC by {fitted.in_time_auc - fitted.auc:.3f}, more"
            " than 0.05: a feature may know the future. `leadscore train --activate "
            f"{result.version} --model {result.model_id}` uses it anyway."
        )
    order = sorted(range(len(fitted.features)), key=lambda i: -abs(fitted.coefficients[i]))
    strongest = ", ".join(f"{fitted.features[i]} {fitted.coefficients[i]:+.2f}" for i in order[:5])
    lines.append(f"  strongest factors (per standard deviation): {strongest}")
    return "\n".join(lines)


ACTIVE_SQL = "select * from marts.predictive_model_versions where is_active order by model_id"


def versions_summary(engine: warehouse.Engine) -> list[str]:
    """A line per active model version: the model beside the rules on its validation dates."""
    if not engine.relation_exists("marts", "predictive_model_versions"):
        return []
    return [
        f"predictive model {row['model_id']} version {row['model_version']}, validated on "
        f"{row['validation_start']} to {row['validation_end']}: AUC {row['auc']:.3f} against the "
        f"rules' {row['rules_auc']:.3f} on the same lead-dates, top-tenth lift "
        f"{row['top_decile_lift']:.1f}x against {row['rules_top_decile_lift']:.1f}x, "
        f"calibration error {row['calibration_error']:.3f} (marts.predictive_scores)"
        for row in engine.records(ACTIVE_SQL)
    ]
