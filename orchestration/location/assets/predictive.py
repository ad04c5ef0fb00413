"""The predictive model's training (contract §9) as a Dagster asset on a monthly schedule, and its
drift check. Training writes the warehouse schema `predictive`, which dbt reads as the source
`predictive` (the marts predictive_model_versions, predictive_factors, predictive_scores): the
asset's keys are that source's tables, so the lineage shows what the daily run scores with."""

from datetime import UTC, date, datetime

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    MaterializeResult,
    multi_asset,
)

from ... import settings
from ...predictive import drift, train, training_set, versions
from ..owners import ANALYTICS_ENGINEERING
from ..resources import Warehouse
from .dbt import model_key

KEYS = [AssetKey([versions.SCHEMA, table.split(".")[1]]) for table in versions.TABLES]
DRIFT_CHECK = "predictive_model_drift"


class TrainingConfig(Config):
    model: str = ""  # blank: every model of seeds/predictive_models.csv
    as_of: str = ""  # YYYY-MM-DD: horizons closed by then; blank: today (UTC)


@multi_asset(
    name="predictive_training",
    specs=[
        AssetSpec(
            key,
            group_name="predictive",
            owners=ANALYTICS_ENGINEERING,
            deps=[model_key("lead_score_history")],
        )
        for key in KEYS
    ],
    check_specs=[AssetCheckSpec(DRIFT_CHECK, asset=KEYS[0])],
    pool=settings.WAREHOUSE_POOL,
)
def predictive_training(
    context: AssetExecutionContext, config: TrainingConfig, warehouse: Warehouse
):
    """Trains each predictive model on its point-in-time training set of weekly dates whose
    horizon closed (as `leadscore train`), keeps a version, and makes it active unless it is a
    likely leak; a model with too few conversions is not trained and its active version stays.
    Then checks the active version's drift: its AUC and calibration error on the latest closed
    horizons since its validation against its validation figures (warns beyond
    LEADSCORE_DRIFT_AUC_DROP or LEADSCORE_DRIFT_CALIBRATION_RISE)."""
    as_of = date.fromisoformat(config.as_of) if config.as_of else datetime.now(UTC).date()
    project_dir = settings.DBT_PROJECT_DIR
    with warehouse.in_use():
        results = train.train(config.model or None, as_of, project_dir, context.log.info)
    for result in results:
        context.log.info(train.describe(result))
    trained = {r.model_id: r.version for r in results if r.version is not None}
    refused = [r.refusal for r in results if r.refusal]
    for key in KEYS:
        yield MaterializeResult(
            asset_key=key,
            metadata={
                "as_of": as_of.isoformat(),
                "versions_trained": str(trained),
                "refused": refused,
            },
        )
    with warehouse.in_use():
        yield drift_check(as_of, config.model or None, context)


def drift_check(as_of: date, chosen: str | None, context) -> AssetCheckResult:
    auc_drop, calibration_rise = settings.drift_auc_drop(), settings.drift_calibration_rise()
    measured = [
        found
        for model in training_set.models(chosen)
        if (found := drift.measure(model, as_of, settings.DBT_PROJECT_DIR)) is not None
    ]
    drifted = [m for m in measured if m.drifted(auc_drop, calibration_rise)]
    for m in measured:
        context.log.info(f"drift: {m.summary()}")
    return AssetCheckResult(
        check_name=DRIFT_CHECK,
        asset_key=KEYS[0],
        passed=not drifted,
        severity=AssetCheckSeverity.WARN,
        description="; ".join(m.summary() for m in drifted)
        or f"no active model drifted past AUC -{auc_drop} or calibration error +"
        f"{calibration_rise} as of {as_of}",
        metadata={
            "as_of": as_of.isoformat(),
            "measured": [m.summary() for m in measured],
            "drifted": [m.model_id for m in drifted],
        },
    )
