"""Versions of the scoring sheets to compare: the working seeds/ folder, the seeds of a git
revision, or another folder of seed CSVs."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class VersionError(ValueError):
    """A version of the sheets that cannot be read; the message says what to do."""


@dataclass(frozen=True)
class SheetsVersion:
    label: str  # how reports name it: a git revision, a folder, "working"
    seeds: Path  # the folder of seed CSVs


def working(seeds_dir: Path) -> SheetsVersion:
    return SheetsVersion("working", seeds_dir)


def from_folder(folder: Path, seeds_dir: Path, into: Path) -> SheetsVersion:
    """The CSVs of `folder`; a seed it lacks is taken from the working `seeds_dir`."""
    if not folder.is_dir():
        raise VersionError(f"--seeds {folder}: no such folder of seed CSVs")
    return _completed(
        str(folder),
        {path.name: path.read_bytes() for path in folder.glob("*.csv")},
        seeds_dir,
        into,
    )


def from_git(revision: str, seeds_dir: Path, into: Path) -> SheetsVersion:
    """The seeds/ folder as committed at `revision`; a seed it lacks is taken from the working
    `seeds_dir` (a file added since)."""
    top = Path(_git(seeds_dir, "rev-parse", "--show-toplevel").strip()).resolve()
    folder = seeds_dir.resolve().relative_to(top).as_posix()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except VersionError:
        raise VersionError(
            f"--against {revision}: no such commit here; fetch it first (e.g. `git fetch origin "
            f"main`) or name a branch, tag or commit that exists"
        ) from None
    commit = commit.strip()
    names = _git(top, "ls-tree", "--name-only", commit, f"{folder}/").splitlines()
    files = {
        Path(name).name: _git_bytes(top, "show", f"{commit}:{name}")
        for name in names
        if name.endswith(".csv")
    }
    return _completed(f"{revision} ({commit[:10]})", files, seeds_dir, into)


def _completed(label: str, files: dict[str, bytes], seeds_dir: Path, into: Path) -> SheetsVersion:
    into.mkdir(parents=True, exist_ok=True)
    for path in seeds_dir.glob("*.csv"):
        if path.name not in files:
            shutil.copy(path, into / path.name)
    for name, content in files.items():
        (into / name).write_bytes(content)
    return SheetsVersion(label, into)


def _git_bytes(cwd: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise VersionError(f"git {' '.join(args)}: {done.stderr.decode().strip()}")
    return done.stdout


def _git(cwd: Path, *args: str) -> str:
    return _git_bytes(cwd, *args).decode()
