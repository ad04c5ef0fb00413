"""The benchmark's worlds: a demo world per scale, generated once and kept, whose last day of
activities is held back in a Parquet file so that a run can append it as a new day."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from orchestration.loading.demo import loader

END_DATE = date(2026, 6, 30)  # the last day of every benchmark world: results are comparable
# the span the committed results were measured on (the demo world is longer: demo_data.generator)
BENCHMARK_HISTORY_DAYS = 240


@dataclass(frozen=True)
class Scale:
    name: str
    leads: int
    activities: int
    repeats: int  # runs of each measurement; the median is reported
    with_pandas: bool
    memory_budget_mb: int  # the peak memory of any of its runs, enforced by the benchmark
    # (f): the days of score history the run of (b) finds (a year); (g): the backtest's dates
    score_history_days: int = 365
    backtest_dates: int = 43


SCALES = {
    "S": Scale("S", 10_000, 1_000_000, repeats=5, with_pandas=True, memory_budget_mb=2_048),
    "M": Scale("M", 100_000, 10_000_000, repeats=3, with_pandas=True, memory_budget_mb=6_144),
    "L": Scale("L", 1_000_000, 100_000_000, repeats=3, with_pandas=False, memory_budget_mb=8_192),
}


@dataclass(frozen=True)
class World:
    db: Path  # raw tables up to the day before END_DATE (and nothing built)
    held_day: Path  # END_DATE's activities, as Parquet

    @property
    def first_score_date(self) -> date:
        return END_DATE - timedelta(days=1)

    @property
    def next_score_date(self) -> date:
        return END_DATE

    def append_held_day(self, db: Path) -> int:
        """Append the held-back day to raw.activities of `db`, as a daily load would."""
        with duckdb.connect(str(db)) as con:
            con.execute(f"insert into raw.activities select * from read_parquet('{self.held_day}')")
            return con.execute(f"select count(*) from read_parquet('{self.held_day}')").fetchone()[
                0
            ]


def prepare_world(scale: Scale, folder: Path, say) -> World:
    """The world of `scale` in `folder`, generated unless an identical one is there."""
    folder.mkdir(parents=True, exist_ok=True)
    world = World(folder / "world.duckdb", folder / "held_day.parquet")
    spec_file = folder / "world.json"
    spec = {
        **asdict(scale),
        "end_date": END_DATE.isoformat(),
        "seed": 42,
        "generator": _generator_digest(),
    }
    spec.pop("repeats"), spec.pop("with_pandas"), spec.pop("memory_budget_mb")
    if world.db.exists() and spec_file.exists() and json.loads(spec_file.read_text()) == spec:
        say(f"reusing the world in {world.db}")
        return world
    spec_file.unlink(missing_ok=True)
    say(f"generating {scale.leads:,} leads and about {scale.activities:,} activities")
    loader.write_demo_data(
        world.db,
        n_leads=scale.leads,
        seed=42,
        end_date=END_DATE,
        activities=scale.activities,
        history_days=BENCHMARK_HISTORY_DAYS,
        # the floor SQL and the pandas scoring know no custom attribute (contract §10)
        technographics=False,
        progress=lambda leads, activities: None,
    )
    with duckdb.connect(str(world.db)) as con:
        last_day = "cast(occurred_at as date) = ?"
        con.execute(
            f"copy (select * from raw.activities where {last_day}) to '{world.held_day}'"
            " (format parquet)",
            [END_DATE],
        )
        con.execute(f"delete from raw.activities where {last_day}", [END_DATE])
        con.execute("checkpoint")
    spec_file.write_text(json.dumps(spec))
    return world


def _generator_digest() -> str:
    """A digest of the code the demo rows are made by (not how they are written): a world
    made by other code is made again."""
    digest = hashlib.sha256()
    for module in ("catalog.py", "generator.py"):
        digest.update((Path(loader.__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]
