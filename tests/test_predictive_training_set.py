"""A training set gathered pass by pass (orchestration/predictive/training_set.py): each pass's
rows, and its features as (row position, feature, value), become one matrix whose rows follow
the passes and whose columns are the features by name, 0 where a feature is absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from orchestration.predictive.fit import TrainingSet
from orchestration.predictive.training_set import Assembly, PredictiveModel
from orchestration.warehouse.base import Engine
from orchestration.warehouse.duckdb_engine import DuckDBEngine

MODEL = PredictiveModel("m", horizon_days=90, min_conversions=1)
# two passes: the first of two lead-dates on 01-05, the second of one on 01-12; each names its
# features by its own rows' positions, and the second meets a feature the first never did
PASSES = [
    (
        "select * from (values (date '2026-01-05', true, 10.0), (date '2026-01-05', false, 0.0))"
        " as rows(score_date, converted, rules_score)",
        "select * from (values (0, 'type:page_view:7d', 3.0), (1, 'free_email', 1.0),"
        " (0, 'free_email', 1.0)) as features(position, feature, feature_value)",
    ),
    (
        "select * from (values (date '2026-01-12', false, 5.0))"
        " as rows(score_date, converted, rules_score)",
        "select * from (values (0, 'behavior:demo', 0.5), (0, 'type:page_view:7d', 2.0))"
        " as features(position, feature, feature_value)",
    ),
]


def assembled(columns: Callable[[str], dict[str, np.ndarray]]) -> TrainingSet:
    assembly = Assembly()
    for rows_sql, features_sql in PASSES:
        assembly.add(columns(rows_sql), columns(features_sql))
    return assembly.training_set(MODEL)


def test_passes_make_one_matrix_by_feature_name(tmp_path: Path) -> None:
    with DuckDBEngine(tmp_path / "w.duckdb") as engine:
        data = assembled(engine.columns)
    assert data.features == ["behavior:demo", "free_email", "type:page_view:7d"]
    # the second pass's position 0 is the third row
    assert data.values.tolist() == [[0.0, 1.0, 3.0], [0.0, 1.0, 0.0], [0.5, 0.0, 2.0]]
    assert data.dates.tolist() == list(
        np.array(["2026-01-05", "2026-01-05", "2026-01-12"], dtype="datetime64[D]")
    )
    assert data.converted.tolist() == [True, False, False]
    assert data.rules_score.tolist() == [10.0, 0.0, 5.0]


def test_columns_read_through_rows_give_the_same_training_set(tmp_path: Path) -> None:
    """PostgreSQL and Spark read a query's columns through its rows (Engine.columns); DuckDB
    natively: the two give the same training set."""
    with DuckDBEngine(tmp_path / "w.duckdb") as engine:
        native = assembled(engine.columns)
        through_rows = assembled(lambda sql: Engine.columns(engine, sql))
    assert through_rows.features == native.features
    for name in ["values", "dates", "converted", "rules_score"]:
        assert np.array_equal(getattr(through_rows, name), getattr(native, name)), name
