"""A tiny run of the benchmark's whole code path: world, dbt runs, floor SQL and pandas (both
checked against the mart inside the run), results file and documentation table."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from benchmarks.report import RESULT_KEYS, steps_over_budget, update_performance_doc, write_results
from benchmarks.run import BenchmarkMismatch, assert_same_lead_scores, run_benchmark
from orchestration import settings
from tests.support.tiny_scale import TINY


def test_a_tiny_benchmark_runs_every_measurement(tmp_path: Path) -> None:
    messages: list[str] = []
    result = run_benchmark(
        TINY, folder=tmp_path / "world", memory_limit="1GB", threads=1, say=messages.append
    )

    assert set(RESULT_KEYS) <= result.keys()
    # the 200 leads and a few second records of the same people (merged by e-mail)
    assert 200 < result["leads"] < 212 and 4_000 < result["activities"] < 16_000
    assert result["appended_activities"] > 0  # the last day was held back, then appended
    # every measurement ran its repeats and took time; each figure reported is one of its runs
    # (a median of one), and every ratio of the targets was worked out
    for key, runs in result["runs"].items():
        assert len(runs) == TINY.repeats and min(runs) > 0, key
    for key in ["full_build_s", "incremental_s", "floor_sql_s", "pandas_s", "backtest_s"]:
        assert result[key] == round(result["runs"][key][0], 2), key
    for key in ["ratio_full_to_floor", "ratio_incremental_to_full", "ratio_year_history"]:
        assert result[key] > 0, key
    assert result["year_history_dates"] == 32  # 31 days before the next day, and the next day
    assert result["backtest_dates"] == 6
    # (h): the training ran (a world this small has too few conversions to fit, and says so)
    assert result["predictive_training_s"] > 0 and result["predictive_models_s"] > 0
    assert result["predictive_trained"] is False
    assert any("fewer than its min_conversions" in message for message in messages), messages
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

    # the floor SQL and pandas were checked against the mart inside the run: that check
    # catches a single score that differs
    with duckdb.connect(str(tmp_path / "world" / "work.duckdb")) as con:
        con.execute("create temp table same as select * from marts.lead_scores")
        assert con.execute("select count(*) from same").fetchone()[0] > 200
        assert_same_lead_scores(con, "same", "a copy")
        con.execute(
            "create temp table changed as select * replace"
            " (case when score_rank = 1 then total_score + 1 else total_score end as total_score)"
            " from marts.lead_scores"
        )
        with pytest.raises(BenchmarkMismatch, match="a changed copy: rows only in changed"):
            assert_same_lead_scores(con, "changed", "a changed copy")
