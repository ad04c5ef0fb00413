"""Benchmark results: benchmarks/results/latest-<scale>.json, and the table of them in
docs/performance.md (between the markers, so the prose around it is kept)."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

import duckdb

START, END = "<!-- results:start -->", "<!-- results:end -->"
# every result has these (pandas_s and its ratio are null where pandas is not run)
RESULT_KEYS = [
    "full_build_s",
    "dbt_startup_s",
    "incremental_s",
    "incremental_year_history_s",
    "floor_sql_s",
    "pandas_s",
    "peak_rss_mb",
    "peak_rss_by_step_mb",
    "memory_budget_mb",
    "activities",
    "leads",
    "ratio_full_to_floor",
    "ratio_incremental_to_full",
    "ratio_pandas_to_full",
    "ratio_year_history",
    "date_counts_s",
    "date_fingerprints_s",
    "fingerprint_cost_s",
    "backtest_s",
    "predictive_training_s",
    "predictive_added_s",
    "ratio_predictive_to_incremental",
]
COLUMNS = [
    ("scale", "scale"),
    ("leads", "leads"),
    ("activities", "activities"),
    ("full_build_s", "(a) full build, s"),
    ("dbt_startup_s", "dbt start-up, s"),
    ("incremental_s", "(b) incremental, s"),
    ("floor_sql_s", "(c) floor SQL, s"),
    ("pandas_s", "(d) pandas, s"),
    ("tests_s", "data tests, s"),
    ("ratio_full_to_floor", "(a − start-up) / (c)"),
    ("ratio_incremental_to_full", "(b) / (a)"),
    ("ratio_pandas_to_full", "(d) / (a)"),
    ("incremental_year_history_s", "(f) (b) with a year of history, s"),
    ("ratio_year_history", "(f) / (b)"),
    ("fingerprint_cost_s", "(e) fingerprints' cost, s"),
    ("backtest_s", "(g) 43-date backtest, s"),
    ("predictive_training_s", "(h) training, s"),
    ("predictive_added_s", "(h) the model's added run time, s"),
    ("ratio_predictive_to_incremental", "(h) added / (b)"),
    ("peak_rss_mb", "peak RSS, MB"),
]


def steps_over_budget(result: dict) -> dict[str, int]:
    """The steps whose peak memory passed the scale's budget: step -> peak MB."""
    return {
        step: peak
        for step, peak in result["peak_rss_by_step_mb"].items()
        if peak > result["memory_budget_mb"]
    }


def machine() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def write_results(result: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"latest-{result['scale']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


def _cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else str(value)


def results_table(results_dir: Path) -> str:
    """A markdown table of every latest-<scale>.json, S to L, with the machine of each."""
    order = {"S": 0, "M": 1, "L": 2}
    results = sorted(
        (json.loads(p.read_text()) for p in results_dir.glob("latest-*.json")),
        key=lambda r: order.get(r["scale"], 9),
    )
    lines = [
        "| " + " | ".join(title for _, title in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(r.get(key)) for key, _ in COLUMNS) + " |" for r in results]
    lines.append("")
    for r in results:
        m, s = r["machine"], r["settings"]
        lines.append(
            f"- {r['scale']}: measured {r['measured_at']} on {m['cpu']}, {m['cores']} cores, "
            f"{m['memory_gb']} GB, DuckDB {m['duckdb']}; DuckDB memory_limit "
            f"{s['duckdb_memory_limit']}, {s['duckdb_threads']} DuckDB threads, "
            f"{s['dbt_threads']} dbt threads; median of {len(r['runs']['full_build_s'])} runs."
        )
        for run, slowest in r.get("slowest_models", {}).items():  # (results since it was added)
            title = {"full_build": "(a)", "incremental": "(b)", "incremental_year_history": "(f)"}[
                run
            ]
            models = ", ".join(f"{name} {seconds}s" for name, seconds in slowest)
            lines.append(f"  Slowest models of the last {title}: {models}.")
    return "\n".join(lines)


def update_performance_doc(results_dir: Path, doc: Path) -> None:
    """Replace the table between the markers of `doc` with the current results."""
    text = doc.read_text()
    if START not in text or END not in text:
        raise ValueError(f"{doc} has no {START} ... {END} markers for the results table")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    doc.write_text(f"{before}{START}\n{results_table(results_dir)}\n{END}{after}")
