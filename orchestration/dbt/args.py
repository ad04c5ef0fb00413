"""The one place dbt command lines are built (pure functions, tested directly).

A run's own vars (the score dates, a backtest's range) reach dbt in the environment
(RUN_VARS_ENV, read by dbt_project/macros/run_vars.sql when the run executes), not as
`--vars`: a change of `--vars` makes dbt parse the whole project again, about 6 s a run, and
nothing that parsing produces depends on them. `invocation` moves them there; every runner
(dbt/runner.py, the Dagster dbt assets) calls it."""

from __future__ import annotations

import json
from datetime import date

import yaml

# the vars that only the run's SQL reads (dbt_project/macros/run_vars.sql)
RUN_VARS = (
    "score_date",
    "score_dates",
    "record_rule_points",
    "evaluate_from",
    "evaluate_to",
    "evaluate_every_days",
    "backtest_sheets",
)
RUN_VARS_ENV = "LEADSCORE_RUN_VARS"
# what a pipeline's `dbt build` leaves out unless told otherwise: the unit tests' inputs are
# fixed, so a scheduled run would only repeat them (dbt's own advice); `make test` runs them
PIPELINE_EXCLUDED = ("--exclude-resource-type", "unit_test")


def dbt_vars(score_date: date | None = None, **extra: object) -> dict[str, object]:
    """dbt vars for a run; the score date as YYYY-MM-DD when given."""
    values: dict[str, object] = dict(extra)
    if score_date is not None:
        values["score_date"] = score_date.isoformat()
    return values


def build_args(
    *,
    score_date: date | None = None,
    select: str | None = None,
    exclude: str | None = None,
    selector: str | None = None,
    full_refresh: bool = False,
    extra_vars: dict[str, object] | None = None,
    command: str = "build",
) -> list[str]:
    """Arguments after `dbt` for a build (or another `command`) as of `score_date` (today in
    UTC when None); `selector` names one of dbt_project/selectors.yml, as every selection
    the pipeline runs is named there; `select` and `exclude` are for a person's ad hoc call."""
    args = [command]
    if select:
        args += ["--select", select]
    if selector:
        args += ["--selector", selector]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    variables = dbt_vars(score_date, **(extra_vars or {}))
    if variables:
        args += ["--vars", json.dumps(variables, sort_keys=True)]
    return args


def with_target(args: list[str], target: str) -> list[str]:
    """`args` naming the profile's target, as Dagster's dbt resource and `make manifest` name
    it: dbt's saved parse is kept per `--target` flag, so a call without it would make the
    next call with it parse the whole project again, and the other way round."""
    return args if "--target" in args or "-t" in args else [*args, "--target", target]


def invocation(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """`args` as dbt is started with them, and the environment it needs beside: the run vars
    of `--vars` moved into RUN_VARS_ENV (always set, so none is left from another run). Other
    vars stay in `--vars`; with them, dbt parses the project anew, and `--no-partial-parse`
    spares the notice that says so. A build that names no resource types leaves out the unit
    tests (PIPELINE_EXCLUDED)."""
    args = list(args)
    if args[:1] == ["build"] and not {"--resource-type", "--exclude-resource-type"} & set(args):
        args += PIPELINE_EXCLUDED
    run_vars: dict[str, object] = {}
    if "--vars" in args:
        at = args.index("--vars")
        given = yaml.safe_load(args[at + 1]) or {}
        run_vars = {name: value for name, value in given.items() if name in RUN_VARS}
        others = {name: value for name, value in given.items() if name not in RUN_VARS}
        if others:
            args[at + 1] = json.dumps(others, sort_keys=True, default=str)
            args.append("--no-partial-parse")
        else:
            del args[at : at + 2]
    env = {RUN_VARS_ENV: json.dumps(run_vars, sort_keys=True, default=str)}
    return args, env
