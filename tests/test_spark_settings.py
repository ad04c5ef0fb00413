"""Where the Spark target connects (docs/spark.md): the `spark` output of profiles.yml as dbt
renders it, and the Spark Connect address of the Python side, in session mode and with a
server; an address where no server answers. No Spark runs here."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration import settings, warehouse
from orchestration.warehouse.ports import free_port
from orchestration.warehouse.profile import profile_output

SPARK_SETTINGS = (
    "LEADSCORE_SPARK_METHOD",
    "LEADSCORE_SPARK_HOST",
    "LEADSCORE_SPARK_PORT",
    "LEADSCORE_SPARK_THREADS",
    "LEADSCORE_SPARK_CONNECT_URL",
)


@pytest.fixture(autouse=True)
def no_spark_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SPARK_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_session_mode_by_default_one_thread_and_no_server() -> None:
    output = profile_output("spark")
    assert (output["method"], output["threads"]) == ("session", "1")
    assert settings.spark_connect_url() is None


def test_a_thrift_server_two_threads_and_spark_connect_on_the_same_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADSCORE_SPARK_METHOD", "thrift")
    monkeypatch.setenv("LEADSCORE_SPARK_HOST", "spark.internal")
    monkeypatch.setenv("LEADSCORE_SPARK_PORT", "10001")
    output = profile_output("spark")
    assert (output["method"], output["host"], output["port"]) == (
        "thrift",
        "spark.internal",
        "10001",
    )
    assert output["threads"] == "2"
    assert settings.spark_connect_url() == "sc://spark.internal:15002"

    monkeypatch.setenv("LEADSCORE_SPARK_THREADS", "4")
    monkeypatch.setenv("LEADSCORE_SPARK_CONNECT_URL", "sc://connect.internal:443/;token=t")
    assert profile_output("spark")["threads"] == "4"
    assert settings.spark_connect_url() == "sc://connect.internal:443/;token=t"


def test_no_server_at_the_address_is_said_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Spark Connect would retry for minutes; the engine names the address and what to do."""
    monkeypatch.setenv("LEADSCORE_SPARK_CONNECT_URL", f"sc://127.0.0.1:{free_port()}")
    with pytest.raises(
        RuntimeError, match="no Spark server answers at sc://127.0.0.1:.*spark-server"
    ):
        warehouse.open_engine("spark", duckdb_path=tmp_path / "unused.duckdb")
