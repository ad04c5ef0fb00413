"""The dbt project as Dagster sees it. Its manifest is prepared ahead (`make manifest`, i.e.
`python -m orchestration.dbt.manifest`: Dagster's preparation and a parse in place), never at
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
            "`make manifest` (or: python -m orchestration.dbt.manifest) and load the "
            "definitions again."
        )


class LeadScoringDbtCli(DbtCliResource):
    """Dagster's dbt resource without the dbt adapter it opens in Dagster's process before each
    call (about 5 s: it loads every macro of the project) for `fetch_row_counts` and
    `fetch_column_metadata`, which these assets never call."""

    def _initialize_dbt_core_adapter(self, args):  # dagster-dbt's hook, pinned in the lock
        return None


def cli_resource() -> DbtCliResource:
    """Dagster's dbt resource: the same project, target and executable as runner.run."""
    return LeadScoringDbtCli(project_dir=dbt_project, dbt_executable=settings.dbt_executable())
