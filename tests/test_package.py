"""The package as a team installs it: `pip install` of the project into a fresh virtual
environment gives a `leadscore` that builds, ranks, explains and syncs with a relative `--db`
from a folder of the caller's, and a code location Dagster loads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from setuptools import find_packages

from orchestration import settings

PYPROJECT = tomllib.loads((settings.REPO_ROOT / "pyproject.toml").read_text())


def test_the_package_lists_every_folder_of_orchestration() -> None:
    listed = PYPROJECT["tool"]["setuptools"]["packages"]
    found = find_packages(str(settings.REPO_ROOT), include=["orchestration", "orchestration.*"])
    assert sorted(listed) == sorted([*found, "orchestration.bundled"])


def test_the_lock_pins_every_dependency_of_the_package() -> None:
    """`make install` installs requirements.lock: it holds every requirement of pyproject.toml,
    extras included, at a version the requirement accepts."""
    from packaging.requirements import Requirement

    pinned = {}
    for line in (settings.REPO_ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith(" "):
            name, version = line.split("==")
            pinned[name.lower().replace("_", "-")] = version.strip()
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    for text in wanted:
        requirement = Requirement(text)
        name = requirement.name.lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pinned[name]), f"{text} against {pinned[name]}"


def _tracked_copy(destination: Path) -> Path:
    """The files git tracks (as a clone holds them, with this checkout's edits): the build
    writes its own folders into the source it builds."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=settings.REPO_ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = settings.REPO_ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def test_pip_install_gives_a_working_leadscore_and_code_location(tmp_path: Path) -> None:
    source = _tracked_copy(tmp_path / "source")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # uv's pip, as `make install` uses it, held to the lock's versions (its cache has them)
    uv = Path(sys.executable).parent / "uv"
    installed = subprocess.run(
        [str(uv), "pip", "install", "--quiet", "--python", str(python), str(source)]
        + ["--constraint", str(source / "requirements.lock")],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    site = subprocess.run(
        [str(python), "-c", "import orchestration, sys; print(orchestration.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert str(venv) in site  # the installed copy, not this checkout

    work = tmp_path / "elsewhere"
    (work / "out").mkdir(parents=True)
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("LEADSCORE_", "DBT_", "DAGSTER_", "VIRTUAL_ENV", "PYTHON"))
    }
    environment |= {
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "DAGSTER_HOME": str(work),
        "LEADSCORE_CRM_FORMAT": "hubspot",
        "LEADSCORE_CRM_URL": "http://127.0.0.1:9",
        "TZ": "UTC",
    }

    def leadscore(*args: str, **env: str) -> str:
        done = subprocess.run(
            [str(venv / "bin" / "leadscore"), *args],
            cwd=work,
            env={**environment, **env},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    db = "out/warehouse.duckdb"  # relative to `work`, the caller's folder
    leadscore("demo-data", "--leads", "40", "--end-date", "2026-06-30", "--db", db)
    leadscore("build", "--score-date", "2026-06-30", "--db", db)
    assert (work / db).is_file()
    ranked = [
        line for line in leadscore("top", "--db", db).splitlines() if line[:4].strip().isdigit()
    ]
    assert len(ranked) == 10
    lead = ranked[0].split()[1]
    explained = leadscore("explain", lead, LEADSCORE_DUCKDB_PATH=db)
    assert explained.startswith(f"Lead {lead} on sheet b2b_default (primary), as of 2026-06-30")
    leadscore(
        "sync",
        "--dry-run",
        "out/sync.jsonl",
        LEADSCORE_DUCKDB_PATH=db,
        LEADSCORE_CRM_STORE="out/crm.sqlite",
    )
    batches = [json.loads(line) for line in (work / "out" / "sync.jsonl").read_text().splitlines()]
    assert sum(len(batch["body"]["inputs"]) for batch in batches) > 0
    # nothing of the warehouse landed in the installed package or in this checkout
    bundled = Path(site).parent / "bundled"
    assert not (bundled / "data").exists() and not (bundled / "dbt_project" / "out").exists()

    validated = subprocess.run(
        [
            str(venv / "bin" / "dagster"),
            "definitions",
            "validate",
            "-m",
            "orchestration.definitions",
        ],
        cwd=work,
        env={**environment, "LEADSCORE_DUCKDB_PATH": db, "PYTHONWARNINGS": "ignore::FutureWarning"},
        capture_output=True,
        text=True,
    )
    assert validated.returncode == 0, validated.stdout[-3000:] + validated.stderr[-3000:]
