"""`python -m benchmarks --scale S|M|L [--target postgres|spark]` (what `make bench SCALE=...
TARGET=...` runs): full and incremental builds against the floor SQL and pandas on DuckDB, or
on a server of another target; results in benchmarks/results and docs/performance.md."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from orchestration import settings

from .report import (
    steps_over_budget,
    update_performance_doc,
    update_targets_doc,
    write_results,
    write_target_results,
)
from .run import run_benchmark
from .targets import TARGETS, run_target_benchmark
from .world import SCALES


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument(
        "--workdir", default=str(settings.REPO_ROOT / "data" / "bench"), help="(data/bench)"
    )
    parser.add_argument("--memory-limit", default="6GB", help="DuckDB memory_limit (6GB)")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (2)")
    parser.add_argument("--target", choices=["duckdb", *TARGETS], default="duckdb")
    args = parser.parse_args(argv)

    scale = SCALES[args.scale]
    started = time.monotonic()
    if args.target != "duckdb":
        return _target(scale, args.target, Path(args.workdir) / scale.name, started)
    result = run_benchmark(
        scale,
        folder=Path(args.workdir) / scale.name,
        memory_limit=args.memory_limit,
        threads=args.threads,
        say=lambda message: say(f"{scale.name}: {message}"),
    )
    path = write_results(result, Path(__file__).parent / "results")
    update_performance_doc(path.parent, settings.REPO_ROOT / "docs" / "performance.md")
    say(
        f"{scale.name}: (a) {result['full_build_s']}s, (b) {result['incremental_s']}s, "
        f"(c) {result['floor_sql_s']}s, (d) {result['pandas_s']}s, "
        f"peak {result['peak_rss_mb']} MB; written to {path} and docs/performance.md "
        f"({time.monotonic() - started:.0f}s)"
    )
    over = steps_over_budget(result)
    if over:
        steps = ", ".join(f"{step} {peak:,} MB" for step, peak in over.items())
        say(
            f"{scale.name}: over its memory budget of {scale.memory_budget_mb:,} MB: {steps}. "
            "docs/performance.md (Memory) says how to find what holds it."
        )
        return 1
    return 0


def _target(scale, target: str, folder: Path, started: float) -> int:
    result = run_target_benchmark(
        scale, target, folder=folder, say=lambda message: say(f"{scale.name} {target}: {message}")
    )
    path = write_target_results(result, Path(__file__).parent / "results")
    update_targets_doc(path.parent, settings.REPO_ROOT / "docs" / "performance.md")
    say(
        f"{scale.name} {target}: (a) {result['full_build_s']}s, (b) {result['incremental_s']}s,"
        f" (f) {result['incremental_year_history_s']}s; lead_scores equal DuckDB's; written to"
        f" {path} and docs/performance.md ({time.monotonic() - started:.0f}s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
