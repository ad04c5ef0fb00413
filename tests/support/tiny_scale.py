"""The benchmark's tiny scale: its whole code path in minutes, for the tests."""

from __future__ import annotations

from benchmarks.world import Scale

# 200 leads, each measurement once; a memory budget of 1 MB, which every step passes; a month
# of score history (one chunk of the evaluation the year's copy runs) and a backtest of 6 dates
TINY = Scale(
    "S",
    leads=200,
    activities=8_000,
    repeats=1,
    with_pandas=True,
    memory_budget_mb=1,
    score_history_days=31,
    backtest_dates=6,
)
