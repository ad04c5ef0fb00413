"""A predictive model version written by hand for the scenario (tests/support/scenario.py), its
parameters worked out in tests/test_predictive_scores.py's docstring; the engine comparisons
keep it too, so that they compare the predictive marts."""

from __future__ import annotations

from datetime import date
from unittest import mock

import numpy as np

from orchestration.predictive import versions
from orchestration.predictive.fit import FittedModel
from tests.support.harness import Project

FEATURES = ["behavior:r_pricing", "free_email", "days_since_created"]


def hand_made_version() -> FittedModel:
    return FittedModel(
        features=FEATURES,
        coefficients=np.array([2.0, -1.0, 0.5]),
        means=np.array([1.0, 0.5, 100.0]),
        scales=np.array([2.0, 0.5, 50.0]),
        intercept=-1.0,
        calibration_a=-1.0,
        calibration_b=0.0,
        train_span=(date(2026, 1, 5), date(2026, 3, 2)),
        validation_span=(date(2026, 4, 6), date(2026, 5, 25)),
        lead_dates=1000,
        positives=100,
        auc=0.8,
        in_time_auc=0.82,
        rules_auc=0.7,
        brier=0.1,
        calibration_error=0.02,
        top_decile_lift=3.0,
        rules_top_decile_lift=2.0,
        estimator=None,
    )


def keep_hand_made_version(project: Project) -> None:
    """Version 1 of the scenario's model m_main, active, in `project`'s warehouse."""
    with mock.patch.dict("os.environ", project.env):
        assert versions.save("m_main", hand_made_version()) == (1, True)
