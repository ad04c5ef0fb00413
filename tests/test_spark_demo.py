"""`leadscore --target spark demo` on the Spark server of the test session (dbt by the thrift
method, the demo loader, Dagster's checks and the alert queue by Spark Connect), apart from
tests/test_spark.py so that the two, each minutes long, run on different workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.warehouse.spark_server import SparkServer
from tests.support.harness import leadscore_demo
from tests.support.spark_server import project_on_server

pytestmark = pytest.mark.spark


def test_leadscore_demo_runs_on_the_spark_server(spark_server: SparkServer, tmp_path: Path) -> None:
    """The demo world written through the server, the Dagster graph (dbt's events read from
    its output, the checks, the alert queue), the top leads."""
    from orchestration.alerting.store import AlertStore

    project_on_server(spark_server, tmp_path / "emptied")  # the server's last project dropped
    # without the evaluation loop's 43 backtested dates (the loop is tested on DuckDB)
    result = leadscore_demo("spark", tmp_path, 300, spark_server.environment(), "--no-evaluation")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Skipping step" not in output, output[-4000:]  # every dbt event reached Dagster
    assert "Top 10 leads on sheet" in result.stdout
    assert "Marts are in the spark warehouse" in result.stdout
    assert AlertStore(tmp_path / "alerts.sqlite").max_seq() > 0
    assert not (tmp_path / "unused.duckdb").exists()
    assert not list(tmp_path.glob("**/metastore_db"))  # no Spark of its own: the server's
