"""What bot filtering is worth: the backtest AUC of the primary sheet with the bot rules, and
without them (an empty bot_rules.csv), on the same dates and the same leads. The second
backtest runs on a copy of the DuckDB warehouse and of the dbt project, so the warehouse and
its marts are left as they were; the result is written beside the backtests as JSON, where
the report reads it."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import settings, warehouse
from .backtest import BacktestPlan, run_backtest

RESULT_FILE = "bot_filtering.json"
# the champion of a backtest is the primary sheet
PRIMARY_AUC = "select sheet_id, roc_auc, leads from marts.scoring_backtest where role = 'champion'"


def compare(
    plan: BacktestPlan, project_dir: Path, out_dir: Path, say: Callable[[str], None]
) -> dict:
    """Run `plan` again without bot rules, on copies; {sheet_id, with_filtering,
    without_filtering, lead_dates}, also written to `out_dir`/bot_filtering.json. The
    backtest with the rules must have run."""
    with warehouse.open_engine(read_only=True) as engine:
        ((sheet_id, with_auc, lead_dates),) = engine.fetchall(PRIMARY_AUC)
    db = settings.duckdb_path()
    with tempfile.TemporaryDirectory(dir=db.parent) as scratch:
        copy = Path(scratch)
        project = copy / "dbt_project"
        shutil.copytree(
            project_dir, project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml")
        )
        # the project reads its sheets from ../seeds (dbt_project.yml)
        shutil.copytree(project_dir.parent / "seeds", copy / "seeds")
        header = (copy / "seeds" / "bot_rules.csv").read_text().splitlines()[0]
        (copy / "seeds" / "bot_rules.csv").write_text(header + "\n")
        shutil.copy(db, copy / db.name)
        say("backtest without the bot rules, on a copy of the warehouse")
        with settings.environment(LEADSCORE_DUCKDB_PATH=str(copy / db.name)):
            run_backtest(plan, project, copy / "backtests", say)
            with warehouse.open_engine(read_only=True) as engine:
                ((_, without_auc, _),) = engine.fetchall(PRIMARY_AUC)
    result = {
        "sheet_id": sheet_id,
        "with_filtering": with_auc,
        "without_filtering": without_auc,
        "lead_dates": lead_dates,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RESULT_FILE).write_text(json.dumps(result, indent=2) + "\n")
    return result


def read(out_dir: Path) -> dict | None:
    """The last comparison written to `out_dir`, if any."""
    path = out_dir / RESULT_FILE
    return json.loads(path.read_text()) if path.exists() else None
