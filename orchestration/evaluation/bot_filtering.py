"""What bot filtering is worth: the backtest AUC of the primary sheet with the bot rules, and
without them (an empty bot_rules.csv), on the same dates and the same leads. The second
backtest runs on a copy of the DuckDB warehouse and of the dbt project, so the warehouse and
its marts are left as they were; the result is written beside the backtests as JSON, where
the report reads it.

The copies are taken at once and the backtest runs in a child process (`start`), so that the
caller can go on with its warehouse meanwhile: the demo trains its model beside it."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from .. import settings, warehouse
from .backtest import BacktestPlan, run_backtest

RESULT_FILE = "bot_filtering.json"
# the champion of a backtest is the primary sheet
PRIMARY_AUC = "select sheet_id, roc_auc, leads from marts.scoring_backtest where role = 'champion'"


class BotFilteringError(RuntimeError):
    pass


@dataclass
class BotFilteringRun:
    """The backtest without bot rules, running on copies in a child process."""

    process: BaseProcess
    scratch: Path  # the copies, removed when the run is waited for
    out_dir: Path
    log: Path

    def wait(self) -> dict:
        """{sheet_id, with_filtering, without_filtering, lead_dates}, once the child is done;
        also written to out_dir/bot_filtering.json."""
        self.process.join()
        shutil.rmtree(self.scratch, ignore_errors=True)
        result = read(self.out_dir) if self.process.exitcode == 0 else None
        if result is None:
            raise BotFilteringError(
                f"the backtest without the bot rules failed: its output is in {self.log}"
            )
        return result


def start(plan: BacktestPlan, project_dir: Path, out_dir: Path, log: Path) -> BotFilteringRun:
    """Copy the project, its sheets (bot_rules.csv emptied) and the warehouse now, then run
    `plan` on the copies in a child process whose output goes to `log`. The backtest with
    the rules must have run."""
    with warehouse.open_engine(read_only=True) as engine:
        ((sheet_id, with_auc, lead_dates),) = engine.fetchall(PRIMARY_AUC)
    db = settings.duckdb_path()
    scratch = Path(tempfile.mkdtemp(dir=db.parent, prefix=".bot_filtering-"))
    project = scratch / "dbt_project"
    shutil.copytree(
        project_dir, project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml")
    )
    # the project reads its sheets from ../seeds (dbt_project.yml)
    shutil.copytree(project_dir.parent / "seeds", scratch / "seeds")
    header = (scratch / "seeds" / "bot_rules.csv").read_text().splitlines()[0]
    (scratch / "seeds" / "bot_rules.csv").write_text(header + "\n")
    shutil.copy(db, scratch / db.name)
    (out_dir / RESULT_FILE).unlink(missing_ok=True)
    with_filtering = {"sheet_id": sheet_id, "with_filtering": with_auc, "lead_dates": lead_dates}
    log.parent.mkdir(parents=True, exist_ok=True)
    # spawn, not fork: the caller may hold DuckDB connections and Dagster's threads
    process = multiprocessing.get_context("spawn").Process(
        target=_backtest_copy,
        args=(plan, project, scratch / db.name, out_dir, log, with_filtering),
    )
    process.start()
    return BotFilteringRun(process, scratch, out_dir, log)


def _backtest_copy(
    plan: BacktestPlan, project: Path, db: Path, out_dir: Path, log: Path, result: dict
) -> None:
    """In the child: the backtest on the copies, its output (and dbt's, in its own children)
    to `log`; the result JSON written last."""
    with log.open("w") as output:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
            os.dup2(output.fileno(), stream.fileno())
    os.environ["LEADSCORE_DUCKDB_PATH"] = str(db)

    def say(message: str) -> None:
        print(f"[leadscore] {message}", flush=True)

    say("backtest without the bot rules, on a copy of the warehouse")
    run_backtest(plan, project, db.parent / "backtests", say)
    with warehouse.open_engine(read_only=True) as engine:
        ((_, without_auc, _),) = engine.fetchall(PRIMARY_AUC)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RESULT_FILE).write_text(
        json.dumps({**result, "without_filtering": without_auc}, indent=2) + "\n"
    )


def read(out_dir: Path) -> dict | None:
    """The last comparison written to `out_dir`, if any."""
    path = out_dir / RESULT_FILE
    return json.loads(path.read_text()) if path.exists() else None
