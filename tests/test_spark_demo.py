"""`leadscore --target spark demo` (dbt-spark session mode, a local Spark in the dbt process),
apart from tests/test_spark.py so that the two, each minutes long, run on different workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.harness import leadscore_demo

pytestmark = pytest.mark.spark


def test_leadscore_demo_runs_on_spark(tmp_path: Path) -> None:
    """`leadscore --target spark demo`: the demo world written through Spark, the Dagster graph
    (dbt's events read from its output, the checks, the alert queue), the top leads."""
    from orchestration.alerting.store import AlertStore

    settings = {"LEADSCORE_SPARK_DIR": str(tmp_path / "spark")}
    # without the evaluation loop's 43 backtested dates: one date through Dagster already takes
    # about 4 minutes on local Spark with 2 cores (the loop is tested on DuckDB)
    result = leadscore_demo("spark", tmp_path, 300, settings, "--no-evaluation")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Skipping step" not in output, output[-4000:]  # every dbt event reached Dagster
    assert "Top 10 leads on sheet" in result.stdout
    assert "Marts are in the spark warehouse" in result.stdout
    assert AlertStore(tmp_path / "alerts.sqlite").max_seq() > 0
    assert not (tmp_path / "unused.duckdb").exists()
