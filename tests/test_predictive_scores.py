"""The predictive score in SQL (marts.predictive_scores, contract §9) from a version kept by
orchestration/predictive/versions.py, on the scenario (tests/support/scenario.py) scored on D.

A version is written by hand: intercept -1, calibration a = -1, b = 0 (so the probability is
1 / (1 + exp(-z))), three features:
- behavior:r_pricing, coefficient 2, mean 1, scale 2: weight 1 per occurrence, absent -1;
- free_email, coefficient -1, mean 0.5, scale 0.5: present -1, absent +1;
- days_since_created, coefficient 0.5, mean 100, scale 50: (days - 100) / 100.
L2 (pricing 1 occurrence, free e-mail, 149 days): z = -1 + 0 - 1 + 0.49 = -1.51.
L3 (no pricing, no free e-mail, 60 days): z = -1 - 1 + 1 - 0.4 = -1.4.
L1 (3 pricing occurrences, corporate e-mail, 180 days): z = -1 + 2 + 1 + 0.8 = 2.8.
Percentiles among the three: L2 0, L3 50, L1 100. L1's top factors: behavior:r_pricing +2.00,
free_email +1.00, days_since_created +0.80.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from orchestration.predictive import versions
from orchestration.predictive.fit import FittedModel
from tests.support.harness import Project
from tests.support.predictive import FEATURES, hand_made_version, keep_hand_made_version
from tests.support.scenario import D, prepare_scenario


def test_sql_scores_with_the_active_versions_parameters(project: Project, tmp_path: Path) -> None:
    prepare_scenario(project)
    keep_hand_made_version(project)
    project.build(D)
    scores = project.query(
        "select lead_id, model_version, probability, percentile, top_factors"
        " from marts.predictive_scores order by lead_id"
    )
    expected_z = {"L1": 2.8, "L2": -1.51, "L3": -1.4}
    assert [row[0] for row in scores] == ["L1", "L2", "L3"]
    for lead, version, probability, _, _ in scores:
        assert version == 1
        assert probability == pytest.approx(1 / (1 + math.exp(-expected_z[lead])), abs=1e-12)
    assert {lead: float(percentile) for lead, _, _, percentile, _ in scores} == {
        "L1": 100.0,
        "L2": 0.0,
        "L3": 50.0,
    }
    assert scores[0][4] == "behavior:r_pricing +2.00; free_email +1.00; days_since_created +0.80"
    # the same parameters in Python give the same probability from the same features
    fitted = hand_made_version()
    values = dict(
        project.query(
            "select feature, feature_value from intermediate.int_predictive_features"
            " where lead_id = 'L2' and model_id = 'm_main'"
        )
    )
    row = np.array([[values.get(feature, 0.0) for feature in FEATURES]])
    assert abs(fitted.probability(row)[0] - scores[1][2]) < 1e-9
    versions_mart = project.query(
        "select model_version, auc, rules_auc, is_active from marts.predictive_model_versions"
    )
    assert versions_mart == [(1, 0.8, 0.7, True)]
    # m_main's feature sheet is the primary sheet: lead_profiles and the CRM sync carry it
    probabilities = {lead: probability for lead, _, probability, _, _ in scores}
    assert dict(
        project.query("select lead_id, conversion_probability from marts.lead_profiles")
    ) == pytest.approx(probabilities, abs=1e-12)
    explained = project.leadscore("explain", "L1")
    assert explained.returncode == 0, explained.stdout + explained.stderr
    assert f"Lead L1 by predictive model m_main (version 1), as of {D}\n" in explained.stdout
    assert "probability of converting 94.3%, percentile 100.00" in explained.stdout
    assert "validation AUC 0.800; the sheet's 0.700" in explained.stdout
    assert "  behavior:r_pricing +2.00\n  free_email +1.00\n  days_since_created +0.80\n" in (
        explained.stdout
    )
    batches = tmp_path / "batches.jsonl"
    done = project.leadscore(
        "sync",
        "--dry-run",
        str(batches),
        LEADSCORE_CRM_FORMAT="salesforce",
        LEADSCORE_CRM_STORE=str(tmp_path / "crm.sqlite"),
        LEADSCORE_CRM_SEND_PROBABILITY="true",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    records = json.loads(batches.read_text())["body"]["records"]
    assert {record["id"]: record["Lead_Conversion_Probability__c"] for record in records} == {
        lead: round(probability, 4) for lead, probability in probabilities.items()
    }


def test_an_earlier_version_made_active_again_scores(project: Project) -> None:
    prepare_scenario(project)
    second = hand_made_version().__dict__ | {"intercept": 5.0}
    with mock.patch.dict("os.environ", project.env):
        versions.save("m_main", hand_made_version())
        versions.save("m_main", FittedModel(**second))
        versions.activate("m_main", 1)
        with pytest.raises(versions.UnknownVersion, match="no version 7 .*1, 2"):
            versions.activate("m_main", 7)
    project.build(D)
    assert project.query(
        "select model_version, is_active from marts.predictive_model_versions order by 1"
    ) == [(1, True), (2, False)]
    assert project.query("select distinct model_version from marts.predictive_scores") == [(1,)]
