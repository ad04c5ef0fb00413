"""The dbt manifest Dagster loads (dbt_project/target/manifest.json), prepared when it is
missing or older than what it is parsed from: every `leadscore` command checks it first, so
none fails for want of `make manifest`. The check reads file times only; preparing (a `dbt
parse`, about 10 s) happens only when something changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .. import settings
from . import runner

# what the manifest is parsed from (the Makefile's DBT_SOURCES)
_SOURCE_FOLDERS = ("models", "macros", "tests")
_SOURCE_FILES = ("dbt_project.yml", "profiles.yml", "selectors.yml")


def manifest_path() -> Path:
    return settings.DBT_PROJECT_DIR / "target" / "manifest.json"


def _sources() -> Iterator[Path]:
    for folder in (
        *(settings.DBT_PROJECT_DIR / name for name in _SOURCE_FOLDERS),
        settings.SEEDS_DIR,
    ):
        if folder.is_dir():
            yield folder  # a removed file changes its folder's time
            yield from folder.rglob("*")
    for name in _SOURCE_FILES:
        yield settings.DBT_PROJECT_DIR / name


def is_current() -> bool:
    """True when the manifest exists and nothing it is parsed from changed after it."""
    path = manifest_path()
    if not path.exists():
        return False
    written = path.stat().st_mtime
    return all(source.stat().st_mtime <= written for source in _sources() if source.exists())


def prepare() -> None:
    """Prepare the manifest (`make manifest`): Dagster's preparation, then dbt's parse again in
    place. The preparation marks the seeds changed in dbt's saved parse, for a deployment that
    moves the project; parsed again here, each Dagster dbt call spares parsing them (about 2 s)."""
    from .project import dbt_project

    with settings.environment(**settings.dbt_environment(settings.DBT_PROJECT_DIR)):
        dbt_project.preparer.prepare(dbt_project)
    parsed = runner.run(["parse", "--quiet"])
    if not parsed.success:
        raise runner.DbtRunError("dbt parse failed: its error is printed above")


def prepare_if_stale(say: Callable[[str], None]) -> None:
    """Prepare the manifest as `make manifest` does, when it is missing or stale."""
    if is_current():
        return
    say("preparing the dbt manifest (dbt parse): the project changed since it was last prepared")
    prepare()


if __name__ == "__main__":
    prepare()
