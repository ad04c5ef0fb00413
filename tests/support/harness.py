"""A throwaway copy of the dbt project, its seeds and a warehouse, for one test.

Each test gets its own project copy (so it can edit the scoring sheets) and its own
warehouse: a DuckDB file (DuckDB allows one writer per file), or on the other targets a
PostgreSQL database or Spark metastore of its own. It runs the real dbt command line.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb

from orchestration import settings, warehouse
from orchestration.dbt import runner


def at(text: str) -> datetime:
    """A raw timestamp, as the tests' worlds write them: `at("2026-06-30 09:00")`."""
    return datetime.fromisoformat(text)


@dataclass
class Project:
    root: Path
    target: str = "duckdb"
    # the target's settings (LEADSCORE_PG_*) beside the environment
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def dbt_dir(self) -> Path:
        return self.root / "dbt_project"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def db(self) -> Path:
        return self.root / "warehouse.duckdb"

    def write_seed(self, name: str, text: str) -> None:
        """Replace seeds/<name>.csv with `text` (leading indentation stripped)."""
        lines = [line.strip() for line in text.strip().splitlines()]
        (self.seeds_dir / f"{name}.csv").write_text("\n".join(lines) + "\n")

    def edit_seed(self, name: str, old: str, new: str, *, every: bool = False) -> None:
        """Replace the first (or `every`) occurrence of `old` in seeds/<name>.csv."""
        path = self.seeds_dir / f"{name}.csv"
        text = path.read_text()
        assert old in text, f"{old!r} not in {path.name}"
        path.write_text(text.replace(old, new, -1 if every else 1))

    @property
    def env(self) -> dict[str, str]:
        """The environment of dbt and the warehouse connections of this project."""
        return {
            **os.environ,
            "DBT_TARGET": self.target,
            "LEADSCORE_DUCKDB_PATH": str(self.db),
            "LEADSCORE_SPARK_DIR": str(self.root / "spark"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "TZ": "UTC",
            **self.settings,
        }

    def leadscore(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """The `leadscore` command line in its own process, as a user runs it, on this
        project's warehouse (with `env` beside)."""
        command = [str(Path(sys.executable).parent / "leadscore"), *args]
        path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
        return subprocess.run(
            command,
            env={**self.env, "PATH": path, **env},
            capture_output=True,
            text=True,
            cwd=self.root,
        )

    def load_raw(self, tables: dict[str, Sequence[Sequence[Any]]]) -> None:
        """Create the raw tables and append rows (tuples in contract §3 column order)."""
        self._load(tables, append=False)

    def append_raw(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Append rows (tuples in contract §3 column order) to raw.<table>, as a loader would."""
        self._load({table: rows}, append=True)

    def _load(self, tables: dict[str, Sequence[Sequence[Any]]], *, append: bool) -> None:
        with self.engine() as engine:
            if not append:
                engine.create_raw_tables(replace=True)
            for table, rows in tables.items():
                engine.append_rows(table, rows)

    @contextmanager
    def engine(self, *, read_only: bool = False) -> Iterator[warehouse.Engine]:
        """A connection to this project's warehouse (its target, with its settings)."""
        # engines read their settings from the environment, as they do in production
        with mock.patch.dict(os.environ, self.env):
            engine = warehouse.open_engine(self.target, duckdb_path=self.db, read_only=read_only)
        try:
            yield engine
        finally:
            engine.close()

    def clone(self, destination: Path) -> Project:
        """A copy of this project's dbt project, seeds and raw tables, with nothing built."""
        _copy_tree(self.dbt_dir, self.seeds_dir, destination)
        clone = Project(destination)
        with duckdb.connect(str(clone.db)) as con:
            con.execute(f"attach '{self.db}' as source (read_only)")
            con.execute(f"create schema {warehouse.RAW_SCHEMA}")
            for table in warehouse.RAW_TABLES:
                con.execute(
                    f"create table {warehouse.RAW_SCHEMA}.{table} as"
                    f" select * from source.{warehouse.RAW_SCHEMA}.{table}"
                )
        return clone

    def copy(self, destination: Path) -> Project:
        """A copy of this DuckDB project as it stands: dbt project, seeds and warehouse, the
        built models included (a world built once, for tests that each change it)."""
        _copy_tree(self.dbt_dir, self.seeds_dir, destination)
        shutil.copy(self.db, destination / self.db.name)
        return Project(destination)

    def mf(self, *args: str) -> subprocess.CompletedProcess[str]:
        """MetricFlow's command line, from the dbt project, on this project's warehouse (which
        reads the semantic manifest a parse writes)."""
        if not (self.dbt_dir / "target" / "semantic_manifest.json").exists():
            self.manifest()
        command = [str(Path(sys.executable).parent / "mf"), *args]
        return subprocess.run(
            command, cwd=self.dbt_dir, env=self.env, capture_output=True, text=True
        )

    def dbt(self, *args: str, artifacts: bool = False) -> runner.DbtRun:
        """`dbt <args>` on this project and warehouse, through the runner users' commands use;
        its output captured. Without `artifacts`, dbt writes no manifest.json,
        semantic_manifest.json or run_results.json (about 1.5 s of every call)."""
        flags = [] if artifacts else ["--no-write-json"]
        return runner.run([*args, *flags], project_dir=self.dbt_dir, env=self.env, capture=True)

    def manifest(self) -> dict:
        """dbt's manifest of this project, as a parse writes it (semantic manifest beside)."""
        parsed = self.dbt("parse", artifacts=True)
        assert parsed.success, parsed.output[-4000:]
        return json.loads((self.dbt_dir / "target" / "manifest.json").read_text())

    def build(self, score_date: str, *extra: str) -> runner.DbtRun:
        """`dbt build` as of `score_date`: seeds, models and every data test (the unit tests
        run once, in tests/test_dbt_build.py, as a pipeline's build leaves them out)."""
        result = self.dbt("build", "--vars", f"{{score_date: '{score_date}'}}", *extra)
        assert result.success, result.output[-8000:]
        return result

    def score(self, score_date: str, *extra: str) -> runner.DbtRun:
        """`build` without dbt's data tests (about 40 % of a small world's build):
        for the builds a test checks itself, such as one side of an equality. The worlds
        worked out by hand build with them."""
        return self.build(score_date, "--exclude-resource-type", "test", "unit_test", *extra)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()

    def read(self, *queries: str) -> list[tuple[list[str], list[tuple]]]:
        """Column names and rows of each query, on this project's target."""
        with self.engine(read_only=True) as engine:
            return [engine.query(sql) for sql in queries]


@functools.cache
def _saved_parse() -> Path:
    """dbt's saved parse of the shipped project, made once per test process in a copy of its
    own, as every DuckDB copy's dbt calls see it: the same target, the same relative file. Each
    copy starts from it instead of parsing the whole project (about 7 s)."""
    folder = Path(tempfile.mkdtemp(prefix="leadscore-parse-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copytree(settings.DBT_PROJECT_DIR, folder / "dbt_project", ignore=_BUILD_OUTPUT)
    shutil.copytree(settings.SEEDS_DIR, folder / "seeds")
    target = folder / "dbt_project" / "target"
    return save_parse(folder / "dbt_project", str(folder / "warehouse.duckdb"), target)


def save_parse(
    project_dir: Path, duckdb_path: str, target_path: Path, *, moves: bool = True
) -> Path:
    """Parse `project_dir` as its dbt calls on the DuckDB file `duckdb_path` will see it (dbt
    parses the whole project again when the profile's path differs), into `target_path`; the
    saved parse (partial_parse.msgpack). When the parse `moves` to copies of the project, its
    seeds are marked changed, as Dagster's manifest preparation marks them: a seed keeps the
    absolute folder it was parsed in, and each copy must read its own sheets."""
    from dagster_dbt import DbtProject
    from dagster_dbt.dbt_project import DagsterDbtProjectPreparer

    env = {**Project(project_dir.parent).env, "LEADSCORE_DUCKDB_PATH": duckdb_path}
    parsed = runner.run(
        ["parse", "--target-path", str(target_path)], project_dir=project_dir, env=env, capture=True
    )
    assert parsed.success, parsed.output[-4000:]
    if moves:
        DagsterDbtProjectPreparer()._invalidate_seeds_in_partial_parse(
            DbtProject(project_dir=project_dir, target_path=target_path)
        )
    return target_path / "partial_parse.msgpack"


_BUILD_OUTPUT = shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml")


def _copy_tree(dbt_dir: Path, seeds_dir: Path, destination: Path) -> None:
    shutil.copytree(dbt_dir, destination / "dbt_project", ignore=_BUILD_OUTPUT)
    shutil.copytree(seeds_dir, destination / "seeds")
    (destination / "dbt_project" / "target").mkdir()
    shutil.copy(_saved_parse(), destination / "dbt_project" / "target")


def copy_project(
    destination: Path, target: str = "duckdb", target_settings: dict[str, str] | None = None
) -> Project:
    """Copy dbt_project/ (without build output) and seeds/ into `destination`."""
    _copy_tree(settings.DBT_PROJECT_DIR, settings.SEEDS_DIR, destination)
    return Project(destination, target, target_settings or {})


def leadscore_demo(
    target: str,
    folder: Path,
    leads: int,
    target_settings: dict[str, str],
    *extra: str,
) -> subprocess.CompletedProcess[str]:
    """`leadscore --target <target> demo` in its own process, as a user runs it, with a
    throwaway Dagster instance and the alert queue in `folder`; a DuckDB file there must stay
    unused on the other targets."""
    env = {
        **{key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"},
        "LEADSCORE_DUCKDB_PATH": str(folder / "unused.duckdb"),
        "LEADSCORE_ALERT_STORE": str(folder / "alerts.sqlite"),
        **target_settings,
    }
    leadscore = Path(sys.executable).parent / "leadscore"
    return subprocess.run(
        [str(leadscore), "--target", target, "demo", "--leads", str(leads)]
        + ["--end-date", "2026-06-30", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
