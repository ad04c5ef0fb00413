"""Every trained version of a predictive model, kept in the warehouse (schema `predictive`):
its validation figures (`model_versions`, and by tenth of the validation lead-dates in
`model_deciles`, which the report charts), each feature's coefficient and standardisation
(`model_factors`), and when each version was made active (`model_activations`: the latest is
active; rows are only ever appended, which every engine does alike). dbt publishes them as
the marts predictive_model_versions and predictive_factors and scores with the active version
in SQL.
A new version becomes the active one unless it looks like a leak; any earlier version can be
made active again (`leadscore train --activate VERSION`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from .. import warehouse
from .fit import FittedModel

SCHEMA = "predictive"
VERSIONS = f"{SCHEMA}.model_versions"
FACTORS = f"{SCHEMA}.model_factors"
ACTIVATIONS = f"{SCHEMA}.model_activations"
DECILES = f"{SCHEMA}.model_deciles"
TABLES = {
    VERSIONS: {
        "model_id": "varchar",
        "model_version": "integer",
        "trained_at": "timestamp",
        "train_start": "date",
        "train_end": "date",
        "validation_start": "date",
        "validation_end": "date",
        "lead_dates": "bigint",
        "positives": "bigint",
        "auc": "double",
        "in_time_auc": "double",
        "rules_auc": "double",
        "brier": "double",
        "calibration_error": "double",
        "top_decile_lift": "double",
        "rules_top_decile_lift": "double",
        "likely_leak": "boolean",
        "intercept": "double",
        "calibration_a": "double",
        "calibration_b": "double",
    },
    FACTORS: {
        "model_id": "varchar",
        "model_version": "integer",
        "feature": "varchar",
        "coefficient": "double",
        "mean": "double",
        "scale": "double",
    },
    ACTIVATIONS: {
        "model_id": "varchar",
        "model_version": "integer",
        "activated_at": "timestamp",
    },
    DECILES: {
        "model_id": "varchar",
        "model_version": "integer",
        "decile": "integer",
        "lead_dates": "bigint",
        "mean_probability": "double",
        "conversions": "bigint",
        "rules_conversions": "bigint",
    },
}


class UnknownVersion(ValueError):
    """An --activate of a version that was never trained."""


def _create(engine: warehouse.Engine) -> None:
    engine.execute(f"create schema if not exists {SCHEMA}")
    for table, columns in TABLES.items():
        engine.create_table(table, columns, replace=False)


def _insert(engine: warehouse.Engine, table: str, rows: list[tuple]) -> None:
    marks = "(" + ", ".join("?" for _ in TABLES[table]) + ")"
    for start in range(0, len(rows), 200):  # one statement per 200 rows
        chunk = rows[start : start + 200]
        values = [value for row in chunk for value in row]
        engine.execute(f"insert into {table} values {', '.join(marks for _ in chunk)}", values)


def save(model_id: str, fitted: FittedModel) -> tuple[int, bool]:
    """Keep `fitted` as the model's next version; active unless it is a likely leak. The
    version number, and whether it became active."""
    with warehouse.open_engine() as engine:
        _create(engine)
        [(latest,)] = engine.fetchall(
            f"select max(model_version) from {VERSIONS} where model_id = ?", [model_id]
        )
        version = (latest or 0) + 1
        _insert(engine, VERSIONS, [_version_row(model_id, version, fitted)])
        _insert(
            engine,
            FACTORS,
            [
                (model_id, version, feature, float(c), float(m), float(s))
                for feature, c, m, s in zip(
                    fitted.features,
                    fitted.coefficients,
                    fitted.means,
                    fitted.scales,
                    strict=True,
                )
            ],
        )
        _insert(engine, DECILES, [(model_id, version, *tenth) for tenth in fitted.deciles])
        active = not fitted.likely_leak
        if active:
            _insert(engine, ACTIVATIONS, [(model_id, version, _now())])
    return version, active


def activate(model_id: str, version: int) -> None:
    """Make `version` the model's active one (a rollback, or a version kept as a leak)."""
    with warehouse.open_engine() as engine:
        _create(engine)
        known = [
            row[0]
            for row in engine.fetchall(
                f"select model_version from {VERSIONS} where model_id = ? order by 1", [model_id]
            )
        ]
        if version not in known:
            listed = ", ".join(str(v) for v in known) or "none yet"
            raise UnknownVersion(
                f"model {model_id} has no version {version} (its versions: {listed}); "
                f"`leadscore train --model {model_id}` trains a new one"
            )
        _insert(engine, ACTIVATIONS, [(model_id, version, _now())])


@dataclass(frozen=True)
class KeptVersion:
    """The active version as kept: its number, validation figures and parameters."""

    model_id: str
    version: int
    validation_end: date
    auc: float
    calibration_error: float
    features: list[str]
    parameters: FittedModel  # probability() from the kept parameters; estimator None


def active(model_id: str) -> KeptVersion | None:
    """The model's active version (its latest activation), or None before any."""
    with warehouse.open_engine(read_only=True) as engine:
        if not engine.relation_exists(SCHEMA, "model_activations"):
            return None
        found = engine.records(
            f"select versions.* from {VERSIONS} as versions"
            f" inner join {ACTIVATIONS} as activations"
            " on versions.model_id = activations.model_id"
            " and versions.model_version = activations.model_version"
            " where versions.model_id = ? order by activations.activated_at desc limit 1",
            [model_id],
        )
        if not found:
            return None
        kept = found[0]
        factors = engine.fetchall(
            f"select feature, coefficient, mean, scale from {FACTORS}"
            " where model_id = ? and model_version = ? order by feature",
            [model_id, kept["model_version"]],
        )
    features = [feature for feature, _, _, _ in factors]
    columns = np.array([row[1:] for row in factors], dtype=float).reshape(-1, 3)
    parameters = FittedModel(
        features=features,
        coefficients=columns[:, 0],
        means=columns[:, 1],
        scales=columns[:, 2],
        intercept=kept["intercept"],
        calibration_a=kept["calibration_a"],
        calibration_b=kept["calibration_b"],
        train_span=(kept["train_start"], kept["train_end"]),
        validation_span=(kept["validation_start"], kept["validation_end"]),
        lead_dates=kept["lead_dates"],
        positives=kept["positives"],
        auc=kept["auc"],
        in_time_auc=kept["in_time_auc"],
        rules_auc=kept["rules_auc"],
        brier=kept["brier"],
        calibration_error=kept["calibration_error"],
        top_decile_lift=kept["top_decile_lift"],
        rules_top_decile_lift=kept["rules_top_decile_lift"],
        estimator=None,
    )
    return KeptVersion(
        model_id=model_id,
        version=kept["model_version"],
        validation_end=kept["validation_end"],
        auc=kept["auc"],
        calibration_error=kept["calibration_error"],
        features=features,
        parameters=parameters,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _version_row(model_id: str, version: int, fitted: FittedModel) -> tuple:
    return (
        model_id,
        version,
        _now(),
        *fitted.train_span,
        *fitted.validation_span,
        fitted.lead_dates,
        fitted.positives,
        fitted.auc,
        fitted.in_time_auc,
        fitted.rules_auc,
        fitted.brier,
        fitted.calibration_error,
        fitted.top_decile_lift,
        fitted.rules_top_decile_lift,
        fitted.likely_leak,
        fitted.intercept,
        fitted.calibration_a,
        fitted.calibration_b,
    )
