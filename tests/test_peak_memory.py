"""The peak memory runner.measured reports (the benchmark's memory budgets rest on it): the
command's own, whatever the size of the process that starts it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from orchestration.dbt.runner import measured

ALLOCATE_400_MB = "import numpy as np; block = np.ones(50_000_000); print(block.nbytes)"


def test_a_commands_peak_is_its_own_not_its_large_parents(tmp_path: Path) -> None:
    small = measured([sys.executable, "-c", ALLOCATE_400_MB], cwd=tmp_path, env={}, capture=True)
    assert small.success and small.output.strip() == "400000000"
    assert 400 < small.peak_rss_kb / 1024 < 600, small.peak_rss_kb

    # this process now holds 1.5 GB; a command started straight from it would report it
    resident = np.ones(1_500_000_000 // 8)
    large = measured([sys.executable, "-c", ALLOCATE_400_MB], cwd=tmp_path, env={}, capture=True)
    assert resident.sum() > 0
    assert 400 < large.peak_rss_kb / 1024 < 600, large.peak_rss_kb


def test_the_commands_exit_code_and_output_come_through(tmp_path: Path) -> None:
    failed = measured(
        [sys.executable, "-c", "import sys; print('broken'); sys.exit(3)"],
        cwd=tmp_path,
        env={},
        capture=True,
    )
    assert (failed.returncode, failed.output, failed.success) == (3, "broken\n", False)
