"""One writer at a time across processes (orchestration/warehouse/lock.py): what a writer holds,
another process waits for, whether it is a dbt run (the runner, the backtest) or an engine."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from orchestration import warehouse
from orchestration.dbt import runner

HOLD_SECONDS = 8  # longer than the dbt run below takes on its own, so it cannot finish first


def hold_lock(folder: str, marker: str, ready: str) -> None:
    """Another process: take the writer lock, say so, hold it a while, and write the marker
    just before letting go."""
    with warehouse.warehouse_lock(folder=Path(folder)):
        Path(ready).touch()
        time.sleep(HOLD_SECONDS)
        Path(marker).write_text("released")


@pytest.fixture
def holder(tmp_path: Path):
    """A process holding the writer lock of tmp_path; yields the marker it writes on release."""
    marker, ready = tmp_path / "released", tmp_path / "ready"
    process = multiprocessing.get_context("spawn").Process(
        target=hold_lock, args=(str(tmp_path), str(marker), str(ready))
    )
    process.start()
    while not ready.exists():
        time.sleep(0.05)
    yield marker
    process.join(timeout=30)
    assert process.exitcode == 0


def test_an_engine_waits_for_the_writer_of_another_process(
    holder: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DBT_TARGET", "duckdb")
    with warehouse.open_engine(duckdb_path=tmp_path / "warehouse.duckdb") as engine:
        # it could open only once the other process had let go
        assert holder.read_text() == "released"
        engine.execute("create table t as select 1 as x")


def test_a_dbt_run_waits_for_the_writer_of_another_process(holder: Path, tmp_path: Path) -> None:
    """runner.run, which `leadscore build`, `suggest`, the benchmark and the tests use (and
    run_steps, the backtest's, takes the same lock). Had it not waited, it would have finished
    (in about 4 s) before the marker was written."""
    env = {"LEADSCORE_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb")}
    result = runner.run(["run", "--select", "tag:none_such_tag"], env=env, capture=True)
    assert result.success, result.output[-2000:]
    assert holder.read_text() == "released"


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    with warehouse.warehouse_lock(folder=tmp_path), warehouse.warehouse_lock(folder=tmp_path):
        pass  # a writer that also reads waits for nobody, not for itself
