"""The evaluation loop on a small demo world: `leadscore backtest`, the suggestion asset, the
HTML report in headless Chromium, and a challenger edited in seeds/ and backtested again."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from dagster import DagsterInstance

from orchestration import settings, warehouse
from orchestration.evaluation import sheets
from orchestration.evaluation.suggest import apply_to_seeds
from orchestration.loading.demo.loader import write_demo_data
from tests.support.harness import Project, copy_project

END = "2026-06-30"
# 15 dates, two weeks apart: validation is the last third of the span, training the dates a
# 90-day window before it
FROM, TO, EVERY = "2025-09-01", "2026-03-16", "14"


def leadscore(
    project: Project, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "leadscore"), *args]
    if args[0] in ("backtest", "suggest"):  # the commands that read the sheets
        command += ["--project-dir", str(project.dbt_dir)]
    return subprocess.run(
        command,
        env={**project.env, **(env or {})},
        capture_output=True,
        text=True,
    )


def backtest(
    project: Project, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return leadscore(
        project,
        *("backtest", "--from", FROM, "--to", TO, "--every", EVERY, "--as-of", END, *extra),
        env=env,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """1,500 demo leads, scored on END, then backtested: its 15 dates in two passes of at most
    8 (the activity-dates a pass allows), as a backtest too large for one pass runs."""
    project = copy_project(tmp_path_factory.mktemp("evaluation"))
    write_demo_data(project.db, n_leads=1500, seed=7, end_date=date.fromisoformat(END))
    project.build(END)
    project.scores_before_backtest = current_scores(project)  # type: ignore[attr-defined]
    ((activities,),) = project.query("select count(*) from raw.activities")
    result = backtest(project, env={"LEADSCORE_ACTIVITY_DATES_PER_PASS": str(8 * activities)})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    for label in ["8 date(s), 2025-09-01 to 2025-12-08 (pass 1/2)", "7 date(s), 2025-12-22"]:
        assert f"backtest: scoring {label}" in result.stdout, result.stdout[-4000:]
    project.backtest_output = result.stdout  # type: ignore[attr-defined]
    return project


def current_scores(project: Project) -> list[tuple]:
    return project.query("select * from marts.lead_scores order by sheet_id, lead_id")


def test_backtest_scores_each_date_and_compares_every_sheet(world: Project):
    dates = world.query(
        "select distinct score_date from marts.lead_score_history order by score_date"
    )
    first, last = date.fromisoformat(FROM), date.fromisoformat(TO)
    expected = [first + timedelta(days=14 * i) for i in range((last - first).days // 14 + 1)]
    assert [d for (d,) in dates] == [*expected, date.fromisoformat(END)]
    # the backtest wrote history for earlier dates: the current marts still show END
    assert current_scores(world) == world.scores_before_backtest  # type: ignore[attr-defined]
    recorded = world.query("select count(distinct score_date) from marts.rule_points_history")
    assert recorded == [(15,)]  # END was a daily build: nothing recorded

    rows = world.query(
        "select sheet_id, role, mqls, roc_auc, precision_at_mql, recall_at_mql, leads,"
        " score_dates, every_days from marts.scoring_backtest order by sheet_id"
    )
    assert [(sheet, role) for sheet, role, *_ in rows] == [
        ("b2b_7day", "challenger"),
        ("b2b_default", "champion"),
        ("challenger", "challenger"),
    ]
    for _, _, mqls, auc, precision, recall, leads, score_dates, every in rows:
        assert (score_dates, every) == (15, 14)
        assert mqls > 0 and leads > 1000
        assert 0.6 < auc < 1 and 0 < precision <= 1 and 0 < recall <= 1
    # the mart's figures are scoring_performance's, per sheet
    performance = world.query(
        "select distinct sheet_id, roc_auc, sheet_leads from marts.scoring_performance"
        " order by sheet_id"
    )
    assert [(s, a, n) for s, _, _, a, _, _, n, _, _ in rows] == performance

    # printed, champion first, and written as CSV with the same figures
    output = world.backtest_output  # type: ignore[attr-defined]
    table = output[output.index("\nsheet ") + 1 :].splitlines()
    assert table[1].split()[:2] == ["b2b_default", "champion"]
    csv_path = world.root / f"backtests/backtest_{FROM}_{TO}_every{EVERY}.csv"
    written = {row["sheet_id"]: row for row in csv.DictReader(io.StringIO(csv_path.read_text()))}
    assert set(written) == {"b2b_7day", "b2b_default", "challenger"}
    for sheet, _, mqls, auc, *_ in rows:
        assert int(written[sheet]["mqls"]) == mqls
        assert float(written[sheet]["roc_auc"]) == pytest.approx(auc)


def test_backtest_refuses_what_it_cannot_evaluate(world: Project):
    too_recent = leadscore(
        world, "backtest", "--from", "2026-03-01", "--to", "2026-05-01", "--as-of", END
    )
    assert too_recent.returncode == 2
    assert "conversion window closes on 2026-07-30" in too_recent.stdout
    assert "Use --to 2026-04-01 or earlier" in too_recent.stdout
    unknown = leadscore(
        world,
        "backtest",
        "--from",
        FROM,
        "--to",
        TO,
        "--as-of",
        END,
        "--sheets",
        "b2b_default,nope",
    )
    assert unknown.returncode == 2
    assert "no sheet nope in seeds/score_sheets.csv" in unknown.stdout


def test_the_backtest_asset_writes_the_same_marts_through_dagster(
    world: Project, monkeypatch: pytest.MonkeyPatch
):
    """The job `backtest` (the asset lead_scoring_backtest, as the demo and the quarterly review
    run it) on the dates `leadscore backtest` scored: the same figures, and each of the five
    marts materialised as an asset of its own."""
    from orchestration.evaluation.backtest import plan_backtest
    from orchestration.location.runs import run_backtest

    for key in ("LEADSCORE_DUCKDB_PATH", "DBT_TARGET"):
        monkeypatch.setenv(key, world.env[key])
    query = "select * from marts.scoring_backtest order by sheet_id"
    before = world.query(query)
    plan = plan_backtest(
        settings.DBT_PROJECT_DIR,
        date.fromisoformat(FROM),
        date.fromisoformat(TO),
        every_days=int(EVERY),
        as_of=date.fromisoformat(END),
    )
    result = run_backtest(plan, DagsterInstance.ephemeral(), with_static=False, quiet=True)
    assert result.success
    materialized = {
        event.asset_key.path[-1]
        for event in result.get_asset_materialization_events()
        if event.asset_key
    }
    assert {
        "scoring_backtest",
        "scoring_thresholds",
        "scoring_calibration",
        "scoring_quarters",
        "scoring_rule_activity",
    } <= materialized
    assert world.query(query) == before


def test_suggestion_asset_fits_on_the_backtested_dates(
    world: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """Through Dagster, on the shipped sheets (the same as the copy's)."""
    from orchestration.definitions import defs

    for key in ("LEADSCORE_DUCKDB_PATH", "DBT_TARGET"):
        monkeypatch.setenv(key, world.env[key])
    job = defs.resolve_job_def("evaluation")
    result = job.execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    [materialization] = result.asset_materializations_for_node("suggestions__suggested_points")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["suggested_sheet"] == "b2b_default_suggested"
    assert metadata["validation_auc_current"] > 0.6
    assert metadata["validation_auc_suggested"] > 0.6

    rules = world.query(
        "select rule_kind, rule_id, current_points, suggested_points, support"
        " from marts.suggested_rules order by rule_kind, rule_id"
    )
    shipped = {
        (kind, row["rule_id"]): float(row["points"])
        for kind in ("behavior", "profile")
        for row in sheets.read_seed(settings.DBT_PROJECT_DIR, f"{kind}_rules")[1]
        if row["sheet_id"] == "b2b_default"
    }
    assert {(kind, rule): current for kind, rule, current, _, _ in rules} == shipped
    # support: training lead-dates (the dates a 90-day window before validation) on which the
    # rule counted. The span is 196 days: validation is its last 65, from 2026-01-10 (dates
    # 01-19 on), training the dates up to 90 days before that: 2025-09-01, 09-15 and 09-29
    [(pricing_support,)] = world.query(
        "select count(*) from marts.rule_points_history as points"
        " inner join marts.score_outcomes as outcomes"
        " on points.score_date = outcomes.score_date and points.sheet_id = outcomes.sheet_id"
        " and points.lead_id = outcomes.lead_id"
        " where points.sheet_id = 'b2b_default' and points.rule_id = 'pricing_page'"
        " and points.points <> 0 and points.score_date <= date '2025-09-29'"
    )
    assert ("behavior", "pricing_page", pricing_support) in {(k, r, s) for k, r, _, _, s in rules}

    # the challenger's seed rows load: applied to a copy of the seeds, dbt builds with them
    folder = world.root / "suggestions" / "b2b_default_suggested"
    trial = copy_project(tmp_path / "trial")
    apply_to_seeds(trial.dbt_dir, folder)
    assert "b2b_default_suggested" in sheets.sheet_ids(trial.dbt_dir)
    seeded = trial.dbt("seed")
    assert seeded.success, seeded.output[-3000:]
    [materialization] = result.asset_materializations_for_node("scoring_report")
    assert Path(materialization.metadata["path"].value) == world.root / "report.html"


@pytest.mark.browser
def test_report_renders_in_headless_chromium(world: Project, tmp_path: Path):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    report = leadscore(world, "report", "--out", str(tmp_path / "report.html"))
    assert report.returncode == 0, report.stderr[-3000:]
    html = (tmp_path / "report.html").read_text()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html  # nothing to fetch, nothing to run
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            # the machine's network is closed: no background connections
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((tmp_path / "report.html").as_uri())
        charts = page.locator("svg.chart")
        assert charts.count() == 4  # distribution, conversion by tier, ROC, MQLs per week
        for i in range(4):
            chart = charts.nth(i)
            box = chart.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            assert chart.locator("rect, polyline").count() > 3
            titles = chart.locator(".axis-title").all_text_contents()
            assert len(titles) == 2 and all(titles)  # both axes titled
            legend = [item.bounding_box() for item in chart.locator(".legend-item").all()]
            for n, one in enumerate(legend):  # no two legend entries overlap, none spills out
                assert box["x"] <= one["x"] and one["x"] + one["width"] <= box["x"] + box["width"]
                for other in legend[n + 1 :]:
                    apart = (
                        one["x"] + one["width"] <= other["x"]
                        or other["x"] + other["width"] <= one["x"]
                        or one["y"] + one["height"] <= other["y"]
                        or other["y"] + other["height"] <= one["y"]
                    )
                    assert apart, (i, one, other)
        # tiers in the colours people read them by; the MQL threshold drawn over the scores
        distribution, by_tier = charts.nth(0), charts.nth(1)
        for tier, colour in (("cold", "#2563eb"), ("warm", "#d97706"), ("hot", "#dc2626")):
            assert distribution.locator(f'rect[fill="{colour}"]').count() > 0, tier
        assert distribution.locator("line.marker").count() == 1
        assert "MQL at 100" in (distribution.text_content() or "")
        # sheets in colours of their own, never a tier's
        sheet_fills = {r.get_attribute("fill") for r in by_tier.locator("rect[fill]").all()}
        assert sheet_fills and not sheet_fills & {"#2563eb", "#d97706", "#dc2626"}
        sections = page.locator("h2").all_inner_texts()
        for title in (
            "Top leads",
            "Conversion by matrix cell",
            "Backtest: champion and challengers",
            "Data quality",
            "Clean signals: bots and duplicate leads",
        ):
            assert title in sections
        top = page.locator("section", has=page.locator("h2", has_text="Top leads"))
        first = top.locator("tbody tr").first.locator("td").all_inner_texts()
        assert "@" in first[0] and first[2] != "–" and "+" in first[7]  # who, company, why
        # the accounts: the best first with their buying group, then the backtest's figures
        accounts = page.locator(
            "section", has=page.locator("h2", has_text="Accounts: buying groups and MQAs")
        )
        best = accounts.locator("tbody tr").first.locator("td").all_inner_texts()
        assert best[0] and best[5].endswith("%") and best[6] in ("yes", "no")
        assert accounts.locator("table").count() == 3  # top accounts, backtest, coverage
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        # a phone: the page does not scroll sideways (wide tables scroll in their box)
        narrow = browser.new_page(viewport={"width": 390, "height": 800})
        narrow.goto((tmp_path / "report.html").as_uri())
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
        browser.close()
    assert errors == []
    image = Image.open(tmp_path / "report.png").convert("RGB")
    colors = image.getcolors(maxcolors=1 << 20) or []
    assert len(colors) > 50  # text, lines and bars in several colours, not a blank page
    assert image.height > 2000


def test_the_primary_sheet_backtested_without_the_bot_rules(world: Project, tmp_path: Path):
    """The backtest again with an empty bot_rules.csv, on copies: the primary sheet's AUC with
    and without filtering on the same lead-dates; the warehouse keeps its flags and its
    backtest."""
    from orchestration import workflows

    project = world.copy(tmp_path / "copy")
    backtest_sql = "select sheet_id, roc_auc, leads from marts.scoring_backtest order by 1"
    bots_sql = "select count(*) from marts.rejected_records where reason = 'bot_suspected'"
    before = project.query(backtest_sql), project.query(bots_sql)
    with mock.patch.dict(os.environ, project.env):
        comparison = workflows.start_bot_filtering(
            date.fromisoformat(FROM),
            date.fromisoformat(TO),
            every=int(EVERY),
            as_of=date.fromisoformat(END),
            out_dir=tmp_path / "out",
            project_dir=project.dbt_dir,
        )
        # the warehouse is free while the comparison runs on its copy: a writer gets it at
        # once (held, it would wait for the comparison to end)
        with warehouse.open_engine() as engine:
            engine.execute("create table scratch_written_meanwhile as select 1 as x")
        assert comparison is not None and comparison.process.is_alive()
        workflows.show_bot_filtering(comparison)
    assert not comparison.scratch.exists()  # the copies are gone
    result = json.loads((tmp_path / "out" / "bot_filtering.json").read_text())
    champion = {sheet: (auc, leads) for sheet, auc, leads in before[0]}["b2b_default"]
    assert result["sheet_id"] == "b2b_default"
    assert (result["with_filtering"], result["lead_dates"]) == champion
    # the bots' clicks and crawls scored again: the same lead-dates, other scores
    assert 0.5 < result["without_filtering"] < 1
    assert result["without_filtering"] != result["with_filtering"]
    assert (project.query(backtest_sql), project.query(bots_sql)) == before
    assert before[1][0][0] > 0


def test_an_edited_challenger_backtests_before_it_goes_live(world: Project):
    """The challenger's MQL threshold raised out of reach: it hands over no MQLs. The champion
    is the same as before; only the compared sheets are in the table."""
    [before] = world.query(
        "select mqls, roc_auc from marts.scoring_backtest where sheet_id = 'b2b_default'"
    )
    world.edit_seed("score_sheets", "1.2,0.8,90,100,false", "1.2,0.8,90,100000,false")
    result = backtest(world, "--sheets", "b2b_default,challenger")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    rows = dict(
        (sheet, (mqls, auc, precision, recall))
        for sheet, mqls, auc, precision, recall in world.query(
            "select sheet_id, mqls, roc_auc, precision_at_mql, recall_at_mql"
            " from marts.scoring_backtest"
        )
    )
    assert set(rows) == {"b2b_default", "challenger"}
    assert rows["b2b_default"][:2] == before
    mqls, auc, precision, recall = rows["challenger"]
    assert (mqls, precision, recall) == (0, None, 0)
    assert 0.6 < auc < 1  # the ranking does not depend on the threshold
