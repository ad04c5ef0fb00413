"""The scoring sheets as the analytics engineer edits them: the seed CSVs beside the dbt
project (seed-paths ../seeds), and the project's vars."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml


def seeds_dir(project_dir: Path) -> Path:
    return project_dir.parent / "seeds"


def read_seed(project_dir: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of seeds/<name>.csv."""
    with (seeds_dir(project_dir) / f"{name}.csv").open(newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def sheet_ids(project_dir: Path) -> list[str]:
    return [row["sheet_id"] for row in read_seed(project_dir, "score_sheets")[1]]


def primary_sheet(project_dir: Path) -> str:
    primary = [
        row["sheet_id"]
        for row in read_seed(project_dir, "score_sheets")[1]
        if row["is_primary"].strip().lower() == "true"
    ]
    if len(primary) != 1:
        raise ValueError(f"seeds/score_sheets.csv must have exactly one primary sheet: {primary}")
    return primary[0]


def project_var(project_dir: Path, name: str, default: object) -> object:
    """A var of dbt_project.yml."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    return (project.get("vars") or {}).get(name, default)


def conversion_window_days(project_dir: Path) -> int:
    return int(project_var(project_dir, "conversion_window_days", 90))
