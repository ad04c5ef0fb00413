"""The predictive model trained on the demo world (orchestration/loading/demo), which plants
a signal the shipped sheets miss: leads who read the integration docs (content category
documentation, which no sheet scores) convert far more often than their points say.

Trained as of END (weekly dates whose 90-day horizon closed by then), the model must find the
signal (a strong positive documentation factor, named among the factors no rule counts) and
beat the rules' AUC on its validation lead-dates; scored in SQL on END, its probability must
equal scikit-learn's predict_proba for the same rows. Its drift: as of END no horizon has
closed since its validation; eight weeks later four have, and since the world ends at END, the
conversions their horizons miss make the probability too high: the AUC holds, the calibration
error rises, and a tolerance below the rise warns.
"""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import numpy as np
import pytest

from orchestration import warehouse
from orchestration.loading.demo.loader import write_demo_data
from orchestration.predictive import drift, train, training_set
from orchestration.predictive.disagreements import disagreements
from tests.support.harness import copy_project

END = date(2026, 12, 5)  # the demo world of the README's figures


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("predictive_world"))
    write_demo_data(project.db, n_leads=3_000, seed=42, end_date=END)
    with mock.patch.dict("os.environ", project.env):
        (trained,) = train.train(None, END, project.dbt_dir, print)
        project.score(END.isoformat())
        yield project, trained


def test_the_model_finds_the_planted_signal_and_beats_the_rules(world) -> None:
    project, trained = world
    fitted = trained.fitted
    assert trained.version == 1 and trained.active, trained.refusal
    assert fitted.auc > fitted.rules_auc + 0.03, (fitted.auc, fitted.rules_auc)
    assert fitted.calibration_error < 0.05
    documentation = {
        feature: coefficient
        for feature, coefficient in zip(fitted.features, fitted.coefficients, strict=True)
        if feature.startswith("category:documentation:")
    }
    assert max(documentation.values()) >= 0.25, documentation
    with warehouse.open_engine(read_only=True) as engine:
        (found,) = disagreements(engine)
    uncounted = [feature for feature, _ in found.uncounted_factors]
    assert any(feature.startswith("category:documentation:") for feature in uncounted), uncounted


def test_sql_probability_is_scikit_learns_predict_proba(world) -> None:
    project, trained = world
    scores = dict(
        project.query(
            "select lead_id, probability from marts.predictive_scores where score_date = ?",
            [END],
        )
    )
    assert len(scores) > 2_000
    leads = sorted(scores)
    row = {lead: i for i, lead in enumerate(leads)}
    column = {feature: j for j, feature in enumerate(trained.fitted.features)}
    values = np.zeros((len(leads), len(column)))
    for lead, feature, value in project.query(
        "select lead_id, feature, feature_value from intermediate.int_predictive_features"
        " where score_date = ?",
        [END],
    ):
        if feature in column:  # a feature the training set never saw has no coefficient
            values[row[lead], column[feature]] = value
    expected = trained.fitted.estimator.predict_proba(values)[:, 1]
    assert np.max(np.abs(np.array([scores[lead] for lead in leads]) - expected)) < 1e-9


def test_drift_is_measured_on_the_horizons_closed_since_validation(world) -> None:
    project, trained = world
    later = END + timedelta(weeks=8)
    with mock.patch.dict("os.environ", project.env):
        (model,) = training_set.models(None)
        assert drift.measure(model, END, project.dbt_dir).dates == []
        measured = drift.measure(model, later, project.dbt_dir)
    latest = later - timedelta(days=90)
    assert measured.version == 1
    assert measured.dates == [latest - timedelta(weeks=w) for w in (3, 2, 1, 0)]
    assert min(measured.dates) > trained.fitted.validation_span[1]
    assert measured.lead_dates > 1_000 and measured.positives > 50
    assert abs(measured.auc_drop) < 0.05, measured.summary()
    assert measured.calibration_rise > 0.01, measured.summary()
    assert measured.drifted(0.05, measured.calibration_rise - 0.01)
    assert not measured.drifted(0.05, measured.calibration_rise + 0.01)
