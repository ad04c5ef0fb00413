"""The predictive model's fit (orchestration/predictive/fit.py, contract §9), on training sets made
here: the split by time, a planted signal found and scored as SQL will score it, the refusal
for too few conversions, and the validation figures worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from orchestration.predictive.fit import (
    TrainingRefused,
    TrainingSet,
    expected_calibration_error,
    fit,
    split_by_time,
    top_decile_lift,
)

WEEKS = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(9)]


def test_the_last_third_validates_and_training_horizons_close_before_it() -> None:
    training, validation = split_by_time(WEEKS, horizon_days=14)
    # 9 dates: the last 3 validate (from 02-16); 01-26 + 14 days = 02-09 < 02-16, but
    # 02-02 + 14 = 02-16 is not before it
    assert validation == WEEKS[6:]
    assert training == WEEKS[:4]
    assert split_by_time(WEEKS, horizon_days=0)[0] == WEEKS[:6]


def planted(
    min_conversions: int = 50, leads: int = 400, weeks: int = 30, drift: float = 0.0
) -> TrainingSet:
    """Leads on weekly dates with three features: webinar visits, which the rules ignore and
    which drive conversion; page views, which the rules count and which barely matter; noise.
    `drift`: the log-odds of converting fall by that much a week, as no feature says."""
    rng = np.random.default_rng(7)
    rows = leads * weeks
    webinar = rng.poisson(0.6, rows).astype(float)
    pages = rng.poisson(3.0, rows).astype(float)
    noise = rng.normal(0, 1, rows)
    week = np.repeat(np.arange(weeks), leads)
    logit = -3.2 + 1.4 * webinar + 0.05 * pages - drift * week
    converted = rng.random(rows) < 1 / (1 + np.exp(-logit))
    dates = np.repeat(
        np.array([WEEKS[0] + timedelta(weeks=i) for i in range(weeks)], dtype="datetime64[D]"),
        leads,
    )
    return TrainingSet(
        model_id="m_planted",
        horizon_days=30,
        min_conversions=min_conversions,
        dates=dates,
        features=["content_webinar_30d", "page_view_30d", "noise"],
        values=np.column_stack([webinar, pages, noise]),
        converted=converted,
        rules_score=10 * pages + noise,
    )


def test_a_planted_signal_is_the_largest_factor_and_beats_the_rules() -> None:
    data = planted()
    model = fit(data)
    largest = int(np.argmax(np.abs(model.coefficients)))
    assert model.features[largest] == "content_webinar_30d"
    assert model.auc > model.rules_auc + 0.1, (model.auc, model.rules_auc)
    assert model.top_decile_lift > model.rules_top_decile_lift
    assert model.calibration_error < 0.05
    assert not model.likely_leak
    # 30 dates: 10 validate (from week 20); training dates end 30 days before it (week 15)
    assert model.validation_span == (WEEKS[0] + timedelta(weeks=20), WEEKS[0] + timedelta(weeks=29))
    assert model.train_span == (WEEKS[0], WEEKS[0] + timedelta(weeks=15))
    assert model.lead_dates == 16 * 400
    # calibrated on the dates between: 16 to 19 (19 + 30 days closes inside validation)
    assert model.calibration_span == (
        WEEKS[0] + timedelta(weeks=16),
        WEEKS[0] + timedelta(weeks=19),
    )


def test_conversion_falling_with_time_is_calibrated_on_the_latest_dates_before_validation() -> None:
    """The odds fall by a tenth a week, which no feature shows: a calibration on the training
    dates (weeks 0-15) would overstate validation's rate; the dates between (16-19) are
    nearer it. Their rate is still above validation's (weeks 20-29), so the error is not 0."""
    data = planted(drift=0.1)
    model = fit(data)
    validation = data.dates >= np.datetime64(WEEKS[0] + timedelta(weeks=20))
    predicted = model.probability(data.values[validation])
    assert model.calibration_error < 0.025, model.calibration_error  # 0.032 on weeks 12-15
    # the mean probability is nearer validation's rate than the training dates' rate
    training = data.dates <= np.datetime64(WEEKS[0] + timedelta(weeks=15))
    observed, trained = data.converted[validation].mean(), data.converted[training].mean()
    assert abs(predicted.mean() - observed) < abs(predicted.mean() - trained) / 2


def test_the_kept_parameters_give_scikit_learns_probability() -> None:
    data = planted()
    model = fit(data)
    expected = model.estimator.predict_proba(data.values)[:, 1]
    assert np.max(np.abs(model.probability(data.values) - expected)) < 1e-9


def test_a_feature_that_knows_the_outcome_until_validation_is_a_likely_leak() -> None:
    """A column copied from the outcome on the training dates (as a feature read after its
    date would be) and noise later: the in-time AUC (the last quarter of the training dates,
    unseen by a fit on the first three) beats the validation AUC by far more than 0.05."""
    data = planted()
    rng = np.random.default_rng(3)
    before_validation = data.dates < np.datetime64(WEEKS[0] + timedelta(weeks=20))
    leaked = np.where(before_validation, data.converted.astype(float), rng.random(len(data.dates)))
    leaky = TrainingSet(
        **{
            **data.__dict__,
            "features": [*data.features, "leaked"],
            "values": np.column_stack([data.values, leaked]),
        }
    )
    model = fit(leaky)
    assert model.in_time_auc > 0.99
    assert model.likely_leak, (model.in_time_auc, model.auc)


def test_too_few_conversions_refuse_naming_the_model_the_count_and_the_minimum() -> None:
    data = planted(min_conversions=100_000)
    with pytest.raises(TrainingRefused) as refused:
        fit(data)
    last_training_date = np.datetime64(WEEKS[0] + timedelta(weeks=15))
    positives = int(data.converted[data.dates <= last_training_date].sum())
    message = str(refused.value)
    assert f"model m_planted: {positives} converted training lead-dates" in message
    assert "min_conversions (100000)" in message


def test_a_history_shorter_than_the_horizon_refuses_naming_the_dates() -> None:
    # 6 weekly dates: the last 2 validate (from week 4, day 28); no date + 30 days is before it
    with pytest.raises(TrainingRefused, match="model m_planted: 0 training date"):
        fit(planted(weeks=6))


def test_calibration_error_and_lift_worked_out_by_hand() -> None:
    # 20 lead-dates, 4 converted (rows 0, 2, 4, 6), every prediction 0.2: the equal-count bins
    # are rows (0, 1), (2, 3), ...; four bins observe 0.5 (|0.2 - 0.5| = 0.3), six observe 0
    # (0.2): (4 x 2 x 0.3 + 6 x 2 x 0.2) / 20 = 0.24
    outcome = np.zeros(20, dtype=bool)
    outcome[[0, 2, 4, 6]] = True
    assert expected_calibration_error(outcome, np.full(20, 0.2)) == pytest.approx(0.24)
    # scores 20 down to 1: the top tenth is rows 0 and 1, one converted: 0.5 / 0.2 = 2.5
    assert top_decile_lift(outcome, np.arange(20, 0, -1).astype(float)) == pytest.approx(2.5)
