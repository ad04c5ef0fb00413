"""The one place dbt command lines are built (pure functions, tested directly)."""

from __future__ import annotations

import json
from datetime import date


def dbt_vars(score_date: date | None = None, **extra: object) -> dict[str, object]:
    """dbt vars for a run; the score date as YYYY-MM-DD when given."""
    values: dict[str, object] = dict(extra)
    if score_date is not None:
        values["score_date"] = score_date.isoformat()
    return values


def build_args(
    *,
    score_date: date | None = None,
    select: list[str] | str | None = None,
    exclude: str | None = None,
    selector: str | None = None,
    full_refresh: bool = False,
    extra_vars: dict[str, object] | None = None,
    command: str = "build",
) -> list[str]:
    """Arguments after `dbt` for a build (or another `command`) as of `score_date` (today in
    UTC when None); `select` is one selection or a list of them, `selector` the name of one
    in dbt_project/selectors.yml."""
    args = [command]
    if select:
        args += ["--select", *([select] if isinstance(select, str) else select)]
    if selector:
        args += ["--selector", selector]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    variables = dbt_vars(score_date, **(extra_vars or {}))
    if variables:
        args += ["--vars", json.dumps(variables, sort_keys=True)]
    # runs differ in their vars (and Dagster's in their target) from the parse they would
    # reuse, so dbt cannot reuse it; without the flag it says so at every run ("Unable to do
    # partial parsing"), which no user can act on
    return [*args, "--no-partial-parse"]
