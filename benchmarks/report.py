"""Benchmark results: benchmarks/results/latest-<scale>.json, and the table of them in
docs/performance.md (between the markers, so the prose around it is kept)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

import duckdb

START, END = "<!-- results:start -->", "<!-- results:end -->"
TARGETS_START, TARGETS_END = "<!-- targets:start -->", "<!-- targets:end -->"
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
        "commit": _source_commit(),
    }


def _source_commit() -> str:
    """The commit the measured code is at, marked when the work tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=Path(__file__).parent, capture_output=True, text=True
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} with uncommitted changes" if git("status", "--porcelain") else commit


def write_results(result: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"latest-{result['scale']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


def write_target_results(result: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"target-{result['scale']}-{result['target']}.json"
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
    lines = _table(COLUMNS, results)
    for r in results:
        m, s = r["machine"], r["settings"]
        lines.append(
            f"- {r['scale']}: measured {r['measured_at']}{_commit(m)} on {m['cpu']},"
            f" {m['cores']} cores, "
            f"{m['memory_gb']} GB, DuckDB {m['duckdb']}; DuckDB memory_limit "
            f"{s['duckdb_memory_limit']}, {s['duckdb_threads']} DuckDB threads, "
            f"{s['dbt_threads']} dbt threads; median of {len(r['runs']['full_build_s'])} runs."
        )
        lines += _slowest_models(r, "the last ")
    return "\n".join(lines)


def _slowest_models(result: dict, which: str) -> list[str]:
    """A line per profiled run of `result`: its slowest models."""
    lines = []
    for run, slowest in result.get("slowest_models", {}).items():  # (since it was added)
        title = {"full_build": "(a)", "incremental": "(b)", "incremental_year_history": "(f)"}
        models = ", ".join(f"{name} {seconds}s" for name, seconds in slowest)
        lines.append(f"  Slowest models of {which}{title[run]}: {models}.")
    return lines


def _commit(machine: dict) -> str:
    return f" at commit {machine['commit']}" if "commit" in machine else ""


def _table(columns: list[tuple[str, str]], results: list[dict]) -> list[str]:
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(_cell(r.get(key)) for key, _ in columns) + " |" for r in results]
    return [*lines, ""]


TARGET_COLUMNS = [
    ("target", "target"),
    ("scale", "scale"),
    ("load_s", "raw tables loaded, s"),
    ("dbt_startup_s", "dbt start-up, s"),
    ("full_build_s", "(a) full build, s"),
    ("incremental_s", "(b) incremental, s"),
    ("ratio_incremental_to_full", "(b) / (a)"),
    ("incremental_year_history_s", "(f) (b) with a year of history, s"),
    ("ratio_year_history", "(f) / (b)"),
    ("lead_scores_rows", "lead_scores rows equal to DuckDB's"),
    ("server_peak_rss_mb", "server peak RSS, MB"),
]


def targets_table(results_dir: Path) -> str:
    """A markdown table of every target-<scale>-<target>.json, with how each was measured."""
    results = sorted(
        (json.loads(p.read_text()) for p in results_dir.glob("target-*.json")),
        key=lambda r: (r["scale"], r["target"]),
    )
    lines = _table(TARGET_COLUMNS, results)
    for r in results:
        m = r["machine"]
        server = ", ".join(f"{name} {value}" for name, value in r["settings"].items())
        lines.append(
            f"- {r['target']} at {r['scale']}: measured {r['measured_at']}{_commit(m)} on"
            f" {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {server}; one run of each"
            f" step, (a) the median of {len(r['runs']['full_build_s'])}."
        )
        lines += _slowest_models(r, "")
        if r.get("partitions_written_by_incremental"):
            written = ", ".join(
                f"{table.split('.')[1]} {touched} of {total}"
                for table, (touched, total) in r["partitions_written_by_incremental"].items()
            )
            lines.append(f"  Partitions (b) wrote: {written}.")
    return "\n".join(lines)


def _replace_between(doc: Path, start: str, end: str, table: str) -> None:
    text = doc.read_text()
    if start not in text or end not in text:
        raise ValueError(f"{doc} has no {start} ... {end} markers for a results table")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    doc.write_text(f"{before}{start}\n{table}\n{end}{after}")


def update_performance_doc(results_dir: Path, doc: Path) -> None:
    """Replace the table between the markers of `doc` with the current results."""
    _replace_between(doc, START, END, results_table(results_dir))


def update_targets_doc(results_dir: Path, doc: Path) -> None:
    """Replace the targets' table between its markers of `doc` with the current results."""
    _replace_between(doc, TARGETS_START, TARGETS_END, targets_table(results_dir))
