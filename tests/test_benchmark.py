"""A tiny run of the benchmark's whole code path: world, dbt runs, floor SQL and pandas (both
checked against the mart inside the run), results file and documentation table."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from benchmarks.report import RESULT_KEYS, steps_over_budget, update_performance_doc, write_results
from benchmarks.run import run_benchmark
from benchmarks.world import Scale
from orchestration import settings


def test_a_tiny_benchmark_runs_every_measurement(tmp_path: Path) -> None:
    # a budget every dbt run passes
    tiny = Scale("S", leads=200, activities=8_000, repeats=1, with_pandas=True, memory_budget_mb=1)
    messages: list[str] = []
    result = run_benchmark(
        tiny, folder=tmp_path / "world", memory_limit="1GB", threads=1, say=messages.append
    )

    assert set(RESULT_KEYS) <= result.keys()
    # the 200 leads and a few second records of the same people (merged by e-mail)
    assert 200 < result["leads"] < 212 and 4_000 < result["activities"] < 16_000
    assert result["appended_activities"] > 0  # the last day was held back, then appended
    for key in ["full_build_s", "dbt_startup_s", "incremental_s", "floor_sql_s", "pandas_s"]:
        assert result[key] > 0
    # (e): the fingerprints' cost is the difference of the two scans' medians
    assert result["date_fingerprints_s"] > 0 and result["date_counts_s"] > 0
    cost = statistics.median(result["runs"]["date_fingerprints_s"]) - statistics.median(
        result["runs"]["date_counts_s"]
    )
    assert result["fingerprint_cost_s"] == round(cost, 3)
    # (h): the training ran (a world this small has too few conversions to fit, and says so);
    # what the model adds is the difference of the medians of the runs with and without it
    assert result["predictive_training_s"] > 0 and result["predictive_models_s"] > 0
    assert result["predictive_trained"] is False
    assert any("fewer than its min_conversions" in message for message in messages), messages
    added = statistics.median(result["runs"]["incremental_with_model_s"]) - statistics.median(
        result["runs"]["incremental_without_model_s"]
    )
    assert result["predictive_added_s"] == round(added, 2)
    assert result["ratio_predictive_to_incremental"] == round(
        added / statistics.median(result["runs"]["incremental_s"]), 3
    )
    # the ratios of the targets, from the medians of the recorded runs
    median = {key: statistics.median(runs) for key, runs in result["runs"].items() if runs}
    full_less_startup = median["full_build_s"] - median["dbt_startup_s"]
    assert result["ratio_full_to_floor"] == round(full_less_startup / median["floor_sql_s"], 2)
    ratio = median["incremental_s"] / median["full_build_s"]
    assert result["ratio_incremental_to_full"] == round(ratio, 3)
    # (f): the same run with a year of history, against (b)
    year_ratio = median["incremental_year_history_s"] / median["incremental_s"]
    assert result["ratio_year_history"] == round(year_ratio, 2)
    assert result["year_history_dates"] == 366  # a year before the next day, and the next day
    # (g): a backtest of 43 dates, its median
    assert result["backtest_dates"] == 43 and result["backtest_s"] > 0
    assert result["backtest_s"] == round(median["backtest_s"], 2)
    # the peak memory of each step's processes, the training's included; all over the budget
    peaks = result["peak_rss_by_step_mb"]
    assert {"(a) full build", "(b) incremental run after one more day", "(h) training"} <= set(
        peaks
    )
    assert result["peak_rss_mb"] == max(peaks.values()) and min(peaks.values()) > 50
    assert steps_over_budget(result) == peaks
    assert steps_over_budget({**result, "memory_budget_mb": max(peaks.values())}) == {}
    assert any(message.startswith("(c) floor SQL") for message in messages)
    # the profile: models of the project, slowest first
    models = {path.stem for path in settings.DBT_PROJECT_DIR.glob("models/**/*.sql")}
    for run in ("full_build", "incremental", "incremental_year_history"):
        slowest = result["slowest_models"][run]
        assert len(slowest) == 6 and {name for name, _ in slowest} <= models
        assert [seconds for _, seconds in slowest] == sorted((s for _, s in slowest), reverse=True)

    path = write_results(result, tmp_path / "results")
    assert json.loads(path.read_text())["incremental_s"] == result["incremental_s"]
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n<!-- results:start -->\nold\n<!-- results:end -->\n\nNotes.\n")
    update_performance_doc(path.parent, doc)
    text = doc.read_text()
    assert "old" not in text and text.endswith("Notes.\n")
    assert (
        f"| S | {result['leads']} | {result['activities']:,} | {result['full_build_s']} |" in text
    )
    assert "Slowest models of the last (b): " in text
