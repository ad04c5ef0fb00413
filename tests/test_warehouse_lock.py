"""One writer at a time across processes (orchestration/warehouse/lock.py): what a writer holds,
another process waits for, whether it is a dbt run (the runner, the backtest) or an engine.

No test here depends on timing: the holder lets go only when told, and it is told only once
the waiter has said it is waiting (the lock's wait message, shown at once in these tests)."""

from __future__ import annotations

import io
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration import warehouse
from orchestration.dbt import runner
from orchestration.warehouse import lock

WAIT_MESSAGE = "waiting for the warehouse"


def hold_lock(folder: str, ready: str, release: str, marker: str) -> None:
    """Another process: take the writer lock, say so, hold it until told to let go, and write
    the marker just before letting go (a waiter that got in early would read no marker)."""
    with warehouse.warehouse_lock(folder=Path(folder)):
        Path(ready).touch()
        deadline = time.monotonic() + 120
        while not Path(release).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        Path(marker).write_text("released")


class ReleaseOnWaitMessage(io.StringIO):
    """The test process's stderr: once the lock says it is waiting, tell the holder to let go."""

    def __init__(self, release: Path) -> None:
        super().__init__()
        self.release = release

    def write(self, text: str) -> int:
        if WAIT_MESSAGE in text:
            self.release.touch()
        return super().write(text)


@pytest.fixture
def holder(tmp_path: Path, monkeypatch):
    """A process holding the writer lock of tmp_path until this process waits for it; yields
    the marker the holder writes on release and the stderr to watch for the wait (a test puts
    it in place itself: pytest sets its own stderr again between set-up and the test)."""
    ready, release, marker = tmp_path / "ready", tmp_path / "release", tmp_path / "released"
    process = multiprocessing.get_context("spawn").Process(
        target=hold_lock, args=(str(tmp_path), str(ready), str(release), str(marker))
    )
    process.start()
    while not ready.exists():
        assert process.is_alive(), "the holder died before taking the lock"
        time.sleep(0.05)
    monkeypatch.setattr(lock, "WAIT_MESSAGE_AFTER_SECONDS", 0.0)
    yield marker, ReleaseOnWaitMessage(release)
    process.join(timeout=30)
    assert process.exitcode == 0


@pytest.mark.timeout(120)
def test_an_engine_waits_for_the_writer_of_another_process(
    holder: tuple[Path, io.StringIO], tmp_path: Path, monkeypatch
) -> None:
    marker, stderr = holder
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setenv("DBT_TARGET", "duckdb")
    with warehouse.open_engine(duckdb_path=tmp_path / "warehouse.duckdb") as engine:
        # it said it was waiting, and it could open only once the other process had let go
        assert WAIT_MESSAGE in stderr.getvalue()
        assert marker.read_text() == "released"
        engine.execute("create table t as select 1 as x")


@pytest.mark.timeout(300)
def test_a_dbt_run_waits_for_the_writer_of_another_process(
    holder: tuple[Path, io.StringIO], tmp_path: Path, monkeypatch
) -> None:
    """runner.run, which `leadscore build`, `suggest`, the benchmark and the tests use (and
    run_steps, the backtest's, takes the same lock)."""
    marker, stderr = holder
    monkeypatch.setattr(sys, "stderr", stderr)
    env = {"LEADSCORE_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb")}
    result = runner.run(["run", "--select", "tag:none_such_tag"], env=env, capture=True)
    assert result.success, result.output[-2000:]
    assert WAIT_MESSAGE in stderr.getvalue()
    assert marker.read_text() == "released"


def another_process_can_lock(folder: Path) -> bool:
    """Whether a fresh process could take the writer lock of `folder` right now."""
    probe = (
        "import fcntl, sys\n"
        "handle = open(sys.argv[1], 'a')\n"
        "try:\n"
        "    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    sys.exit(1)\n"
    )
    lock_file = folder / ".warehouse.lock"
    return subprocess.run([sys.executable, "-c", probe, str(lock_file)]).returncode == 0


@pytest.mark.timeout(60)
def test_the_lock_is_reentrant_within_a_process_and_held_until_the_outermost_lets_go(
    tmp_path: Path,
) -> None:
    with warehouse.warehouse_lock(folder=tmp_path):
        # a writer that also reads waits for nobody, not for itself (a hang fails on time-out)
        with warehouse.warehouse_lock(write=False, folder=tmp_path):
            assert not another_process_can_lock(tmp_path)
        # leaving the inner hold does not let go of the outer one
        assert not another_process_can_lock(tmp_path)
    assert another_process_can_lock(tmp_path)
