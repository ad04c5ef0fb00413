"""The tests' dbt calls fork from a process that imported dbt once (runner.keep_dbt_loaded,
set in conftest.py). A forked call must give what a `dbt` process gives: its exit code and
output, and a DuckDB file closed as dbt's own exit closes it, so that a copy of the file alone
holds what the call wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.dbt import runner
from tests.support.harness import Project, copy_project


def test_a_forked_call_fails_as_the_dbt_command_fails(project: Project) -> None:
    runner.keep_dbt_loaded()  # as conftest.py does: project.dbt() below forks
    args = ["run-operation", "no_such_macro", "--project-dir", str(project.dbt_dir)]
    args += ["--profiles-dir", str(project.dbt_dir)]
    command = runner.measured(
        [settings.dbt_executable(), *args], cwd=project.dbt_dir, env=project.env, capture=True
    )
    forked = project.dbt("run-operation", "no_such_macro")
    assert not command.success
    assert forked.returncode == command.returncode
    assert "no_such_macro" in forked.output and "no_such_macro" in command.output
    assert forked.peak_rss_kb > 50_000  # dbt and DuckDB loaded: tens of MB at least


def test_a_copy_of_the_file_alone_holds_what_a_forked_call_wrote(tmp_path: Path) -> None:
    runner.keep_dbt_loaded()
    project = copy_project(tmp_path / "project")
    seeded = project.dbt("seed", "--select", "score_bands")
    assert seeded.success, seeded.output[-3000:]
    assert not Path(f"{project.db}.wal").exists()  # checkpointed into the file as dbt exited
    copy = tmp_path / "copy.duckdb"
    shutil.copy(project.db, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        (rows,) = con.execute("select count(*) from seeds.score_bands").fetchone()
    assert rows == len((project.seeds_dir / "score_bands.csv").read_text().splitlines()) - 1
