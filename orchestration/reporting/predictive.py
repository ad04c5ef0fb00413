"""The report's section on the predictive model beside the rules (contract §9): per active version,
both AUCs on the same validation lead-dates, Brier score and calibration error, lift by tenth
of the lead-dates for the model and for the rules, a calibration plot, and where the model
disagrees with its feature sheet."""

from __future__ import annotations

from html import escape

from .. import warehouse
from ..predictive import versions
from ..predictive.disagreements import disagreements
from ..predictive.train import ACTIVE_SQL
from . import charts
from .html import empty, percent, table

DECILES_SQL = (
    f"select * from {versions.DECILES} where model_id = ? and model_version = ? order by decile"
)


def section(engine: warehouse.Engine) -> str:
    if not engine.relation_exists("marts", "predictive_model_versions"):
        return empty("No predictive model: seeds/predictive_models.csv lists none.")
    active = engine.records(ACTIVE_SQL)
    if not active:
        return empty("No predictive model is trained yet: run `leadscore train`.")
    found = {(d.model_id, d.version): d for d in disagreements(engine)}
    return "".join(
        _model(engine, row, found.get((row["model_id"], row["model_version"]))) for row in active
    )


def _model(engine: warehouse.Engine, version: dict, disagreement) -> str:
    name = f"{version['model_id']} version {version['model_version']}"
    head = (
        f"<h3>Model {escape(name)}</h3><p>Validated on {version['validation_start']} to "
        f"{version['validation_end']}, trained on {version['train_start']} to "
        f"{version['train_end']} ({version['lead_dates']:,} lead-dates, "
        f"{version['positives']:,} converted).</p>"
        + table(
            ["on the same validation lead-dates", "AUC", "top-tenth lift"],
            [
                ["the model", f"{version['auc']:.3f}", f"{version['top_decile_lift']:.1f}×"],
                [
                    "the rules (feature sheet's total score)",
                    f"{version['rules_auc']:.3f}",
                    f"{version['rules_top_decile_lift']:.1f}×",
                ],
            ],
            numeric={1, 2},
        )
        + f"<p>Brier score {version['brier']:.3f}; calibration error "
        f"{version['calibration_error']:.3f} (10 equal-count bins).</p>"
    )
    rows = (
        engine.records(DECILES_SQL, [version["model_id"], version["model_version"]])
        if engine.relation_exists(versions.SCHEMA, "model_deciles")
        else []
    )
    if disagreement is not None:
        head += (
            "<p><b>Where it disagrees with the sheet:</b></p><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in disagreement.lines())
            + "</ul>"
        )
    if not rows:
        return head
    return head + _lift(rows) + _calibration(rows)


def _lift(rows: list[dict]) -> str:
    size = sum(row["lead_dates"] for row in rows)
    base = sum(row["conversions"] for row in rows) / size if size else 0
    if not base:
        return empty("No conversion on the validation lead-dates: no lift to show.")

    def lift(conversions: int, lead_dates: int) -> float:
        return conversions / lead_dates / base if lead_dates else 0.0

    return charts.bars(
        [str(row["decile"]) for row in rows],
        {
            "model": [lift(row["conversions"], row["lead_dates"]) for row in rows],
            "rules": [lift(row["rules_conversions"], row["lead_dates"]) for row in rows],
        },
        title="Lift by tenth of the validation lead-dates (1: the most likely)",
        x_title="Tenth, by the model's probability or by the rules' score",
        y_title="Conversion over the base rate",
        colors_by_series=charts.colors(["model", "rules"]),
        y_format="{:.1f}",
    ) + table(
        ["tenth", "lead-dates", "model: conversion", "rules: conversion", "mean probability"],
        [
            [
                row["decile"],
                f"{row['lead_dates']:,}",
                percent(row["conversions"] / row["lead_dates"] if row["lead_dates"] else None),
                percent(
                    row["rules_conversions"] / row["lead_dates"] if row["lead_dates"] else None
                ),
                percent(row["mean_probability"]),
            ]
            for row in rows
        ],
    )


def _calibration(rows: list[dict]) -> str:
    """Observed conversion against the mean probability of each tenth: on the diagonal, the
    probability means what it says."""
    points = sorted(
        (row["mean_probability"], row["conversions"] / row["lead_dates"])
        for row in rows
        if row["lead_dates"]
    )
    top = max([p for p, _ in points] + [o for _, o in points] + [0.01]) * 1.1
    return charts.lines(
        {"model": [(p / top, observed) for p, observed in points]},
        title="Calibration: observed conversion by predicted probability",
        x_title="Mean predicted probability of the tenth",
        y_title="Observed conversion",
        x_labels=[(i / 4, f"{top * i / 4:.0%}") for i in range(5)],
        y_max=top,
        y_format="{:.0%}",
        diagonal=True,
    )
