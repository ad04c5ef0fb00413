"""`leadscore train` on the scenario (tests/support/scenario.py), which has no opportunity: it
scores the weekly training dates, refuses to fit with a message naming the model, the count and
min_conversions, keeps no version, and `--activate` of a version never trained says so."""

from __future__ import annotations

from tests.support.harness import Project
from tests.support.scenario import D, prepare_scenario


def test_too_few_conversions_train_nothing_and_say_why(project: Project) -> None:
    prepare_scenario(project)
    project.score(D)
    # as of 12-31 with a 30-day horizon: weekly dates from 12-01 back to the first activity
    # (05-31), 27 of them; no opportunity, so 0 converted training lead-dates
    result = project.leadscore(
        "train", "--as-of", "2026-12-31", "--project-dir", str(project.dbt_dir)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "train m_main: 27 weekly dates, 2026-06-02 to 2026-12-01" in output
    assert "model m_main: 0 converted training lead-dates, fewer than its min_conversions (50)" in (
        output
    )
    assert "the active version stays in use" in output
    assert project.query("select count(*) from marts.predictive_scores") == [(0,)]

    rollback = project.leadscore("train", "--model", "m_main", "--activate", "3")
    assert rollback.returncode == 2
    assert "model m_main has no version 3 (its versions: none yet)" in rollback.stdout + (
        rollback.stderr
    )
