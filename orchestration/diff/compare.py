"""`leadscore diff` end to end: which versions, which dates, both scored beside the live marts,
compared, and the scratch schemas dropped."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .. import warehouse
from ..evaluation import sheets
from ..evaluation.backtest import BacktestPlan
from ..sheet_versions import seeds
from ..sheet_versions.scratch import score_version, scratch_schemas
from . import figures

BEFORE, AFTER = "diff_before_", "diff_after_"
LATEST_DATE_SQL = "select max(score_date) from marts.lead_score_history"
BACKTEST_SQL = (
    "select first_score_date, last_score_date, every_days, evaluated_on from marts.scoring_backtest"
)


class DiffError(ValueError):
    """A diff that cannot run as asked; the message says what to do."""


@dataclass(frozen=True)
class DiffResult:
    before: str  # labels of the two versions
    after: str
    sheets: list[dict[str, Any]]


def run_diff(
    project_dir: Path,
    *,
    against: str | None,
    seeds_dir: Path | None,
    backtest_dates: int,
    say: Callable[[str], None],
) -> DiffResult:
    """Score the other version (`seeds_dir`, else the git revision `against`) and the working
    sheets on the latest scored date, and on up to `backtest_dates` dates of the last
    backtest, then compare them."""
    score_date, backtest = _dates(project_dir, backtest_dates)
    working_seeds = sheets.seeds_dir(project_dir)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if seeds_dir is not None:
            other = seeds.from_folder(seeds_dir, working_seeds, workdir / "other_seeds")
        else:
            other = seeds.from_git(against or "HEAD", working_seeds, workdir / "other_seeds")
        working = seeds.working(working_seeds)
        what = f"on {score_date}" + (
            f" and {len(backtest.score_dates)} backtested dates" if backtest else ""
        )
        with scratch_schemas(BEFORE, AFTER):
            say(f"diff: scoring the sheets of {other.label} {what}, beside the marts")
            before = score_version(other, BEFORE, project_dir, workdir, score_date, backtest)
            say(f"diff: scoring the working sheets {what}")
            after = score_version(working, AFTER, project_dir, workdir, score_date, backtest)
            return DiffResult(other.label, working.label, figures.compare(before, after))


def _dates(project_dir: Path, backtest_dates: int) -> tuple[date, BacktestPlan | None]:
    """The latest scored date, and the last backtest thinned to at most `backtest_dates`
    dates (its last date kept, spacing a multiple of its own), if there is one."""
    with warehouse.open_engine(read_only=True) as engine:
        if not engine.relation_exists("marts", "lead_score_history"):
            raise DiffError("nothing is scored yet: run `leadscore build` (or `make demo`) first")
        ((score_date,),) = engine.fetchall(LATEST_DATE_SQL)
        if score_date is None:
            raise DiffError("nothing is scored yet: run `leadscore build` (or `make demo`) first")
        last = (
            engine.fetchall(BACKTEST_SQL)
            if engine.relation_exists("marts", "scoring_backtest")
            else []
        )
    if not last or backtest_dates < 1 or last[0][0] is None:
        return score_date, None
    first, end, every, as_of = last[0]
    count = (end - first).days // every + 1
    step = -(-count // backtest_dates)  # ceiling: at most backtest_dates dates
    start = end - timedelta(days=every * step * ((count - 1) // step))
    window = sheets.conversion_window_days(project_dir)
    return score_date, BacktestPlan(start, end, every * step, (), as_of, window)
