"""The dbt project as Dagster sees it. Its manifest is prepared ahead (`make manifest`, i.e.
`dagster-dbt project prepare-and-package --file orchestration/dbt/project.py`), never at
import."""

from __future__ import annotations

from dagster_dbt import DbtCliResource, DbtProject

from orchestration import settings

dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR,
    profiles_dir=settings.DBT_PROJECT_DIR,
    # prepare and run with the same target, or dbt re-parses on every call
    target=settings.target(),
)
dbt_project.prepare_if_dev()


def require_manifest() -> None:
    if not dbt_project.manifest_path.exists():
        raise FileNotFoundError(
            f"The dbt manifest {dbt_project.manifest_path} is missing. Prepare it with "
            "`make manifest` (or: dagster-dbt project prepare-and-package "
            "--file orchestration/dbt/project.py) and load the definitions again."
        )


def cli_resource() -> DbtCliResource:
    """Dagster's dbt resource: the same project, target and executable as runner.run."""
    return DbtCliResource(project_dir=dbt_project, dbt_executable=settings.dbt_executable())
