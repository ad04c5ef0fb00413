"""A version of the scoring sheets scored beside the live marts: a copy of the dbt project
reading that version's seeds, built with var schema_prefix into `<prefix>seeds`,
`<prefix>marts` and so on, from the same raw tables. The live schemas are not touched; the
scratch schemas are dropped afterwards."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import settings, warehouse
from ..dbt.runner import run_steps
from ..evaluation.backtest import (
    BacktestPlan,
    evaluation_step,
    scoring_step,
    scoring_steps,
    staging_step,
)
from .seeds import SheetsVersion

# every schema a build writes, as generate_schema_name names them
SCHEMAS = ("seeds", "staging", "intermediate", "marts", "evaluation", "suggestions")
# the latest date's marts that a diff compares (dbt_project/selectors.yml)
LATEST_SELECTOR = "latest_date_marts"


@dataclass(frozen=True)
class ScoredVersion:
    version: SheetsVersion
    prefix: str  # its schemas are <prefix>marts, ...

    def relation(self, schema: str, name: str) -> str:
        return f"{self.prefix}{schema}.{name}"


def score_version(
    version: SheetsVersion,
    prefix: str,
    project_dir: Path,
    workdir: Path,
    score_date: date,
    backtest: BacktestPlan | None = None,
) -> ScoredVersion:
    """Build `version` into the `prefix` schemas: its sheets on the backtest's dates and their
    evaluation (when `backtest` is given), then as of `score_date`, the latest date."""
    project = workdir / prefix / "dbt_project"
    shutil.copytree(
        project_dir, project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml")
    )
    shutil.copytree(version.seeds, project.parent / "seeds")  # seed-paths: ../seeds
    scratch = {"schema_prefix": prefix}
    steps = [staging_step(scratch)]
    if backtest:
        steps += scoring_steps(backtest.score_dates, version.label, scratch)
        steps.append(evaluation_step(backtest, scratch))
    steps.append(
        scoring_step(score_date, f"{version.label}: scoring {score_date}", scratch, LATEST_SELECTOR)
    )
    # the profile's relative paths (Spark's files) are relative to the project it sits in: the
    # copy must find the warehouse where the project does
    spark_dir = (project_dir / os.environ.get("LEADSCORE_SPARK_DIR", "../data/spark")).resolve()
    with settings.environment(LEADSCORE_SPARK_DIR=str(spark_dir)):
        run_steps(steps, project)
    return ScoredVersion(version, prefix)


def drop_schemas(prefix: str) -> None:
    with warehouse.open_engine() as engine:
        for schema in SCHEMAS:
            engine.drop_schema(f"{prefix}{schema}")


@contextmanager
def scratch_schemas(*prefixes: str) -> Iterator[None]:
    """Drop the scratch schemas of `prefixes` before (a run stopped earlier may have left
    them) and after."""
    for prefix in prefixes:
        drop_schemas(prefix)
    try:
        yield
    finally:
        for prefix in prefixes:
            drop_schemas(prefix)
