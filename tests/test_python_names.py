"""What the Python side names in the dbt project exists there, and every model it reads is
declared by an exposure: a renamed model, tag, selector or var fails here in a second, not in a
slow integration test (contract §2, §7)."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.dbt.args import RUN_VARS
from orchestration.evaluation.backtest import HISTORY_SELECTOR, BacktestPlan
from orchestration.predictive.training_set import SELECTOR as TRAINING_SELECTOR

PACKAGE = Path(settings.__file__).parent
# the forms a relation takes in the Python side: in SQL text, and handed to the helpers that
# qualify a name (explain's rows(), diff's both() and relation())
RELATION_FORMS = [
    re.compile(r"\b(?:marts|intermediate|staging)\.([a-z_]+)\b"),
    re.compile(r"""\b(?:rows|both)\(\s*["']([a-z_]+)["']"""),
    re.compile(r"""\brelation\(\s*["']marts["'],\s*["']([a-z_]+)["']"""),
    re.compile(r"""\bmodel_key\(\s*["']([a-z_]+)["']"""),
]
TAG = re.compile(r"\btag:([a-z_]+)")
# a selector handed to build_args or dbt_assets, or kept in a constant
SELECTOR_FORMS = [
    re.compile(r"""\bselector=["']([a-z_]+)["']"""),
    re.compile(r"""\b[A-Z_]*SELECTOR\s*=\s*["']([a-z_]+)["']"""),
]


@cache
def manifest() -> dict:
    return json.loads((settings.DBT_PROJECT_DIR / "target" / "manifest.json").read_text())


def named_in_python(pattern: re.Pattern) -> dict[str, set[str]]:
    """name -> the modules of orchestration/ that name it."""
    names: dict[str, set[str]] = {}
    for module in PACKAGE.rglob("*.py"):
        for match in pattern.finditer(module.read_text()):
            names.setdefault(match.group(1), set()).add(str(module.relative_to(PACKAGE)))
    return names


def models() -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "model"
    }


def test_every_relation_python_reads_is_a_model_an_exposure_declares() -> None:
    read: dict[str, set[str]] = {}
    for form in RELATION_FORMS:
        for name, modules in named_in_python(form).items():
            read.setdefault(name, set()).update(modules)
    assert len(read) > 40  # the forms above still find what the Python side reads

    unknown = {name: sorted(where) for name, where in read.items() if name not in models()}
    assert not unknown, f"named in Python, not a model of the dbt project: {unknown}"

    declared = {
        dependency.split(".")[-1]
        for exposure in manifest()["exposures"].values()
        for dependency in exposure["depends_on"]["nodes"]
    }
    undeclared = {name: sorted(where) for name, where in read.items() if name not in declared}
    assert not undeclared, (
        f"read by Python but declared by no exposure (dbt_project/models/_exposures.yml):"
        f" {undeclared}"
    )


def test_every_selection_python_runs_is_a_selector_of_the_project() -> None:
    # no tag: selection spelled in Python: the selections are data, in selectors.yml
    assert not named_in_python(TAG), named_in_python(TAG)

    text = (settings.DBT_PROJECT_DIR / "selectors.yml").read_text()
    names = {selector["name"] for selector in yaml.safe_load(text)["selectors"]}
    assert set(manifest()["selectors"]) == names  # the manifest was parsed from this file
    named: dict[str, set[str]] = {}
    for form in SELECTOR_FORMS:
        named.update(named_in_python(form))
    # the Dagster assets', the backtest's, the diff's and the training set's at least
    assert {HISTORY_SELECTOR, TRAINING_SELECTOR, "daily_models", "latest_date_marts"} <= set(named)
    missing = {name: sorted(where) for name, where in named.items() if name not in names}
    assert not missing, f"selectors named in Python, not in selectors.yml: {missing}"

    # and what the selectors name exists: a tag no model carries selects nothing, silently
    tags = {tag for node in models().values() for tag in node["tags"]}
    in_selectors = set(re.findall(r"method: tag\s+value: ([a-z_]+)", text))
    assert {"daily", "backtest", "evaluation"} <= in_selectors
    assert in_selectors <= tags, in_selectors - tags
    fqns = set(re.findall(r"method: fqn\s+value: ([a-z_]+)", text))
    assert fqns <= models().keys(), fqns - models().keys()


def test_every_var_python_passes_is_read_by_the_project() -> None:
    """A var the project no longer reads would be passed in silence: each one Python sets (the
    run's own vars, a backtest's, the scratch schemas' prefix) is named in a model, macro or
    YAML file of the project."""
    plan = BacktestPlan(date(2026, 1, 5), date(2026, 2, 2), 7, (), date(2026, 6, 1), 90)
    assert set(plan.evaluation_vars) <= set(RUN_VARS)
    project = "\n".join(
        path.read_text()
        for folder in ("models", "macros")
        for path in (settings.DBT_PROJECT_DIR / folder).rglob("*")
        if path.suffix in (".sql", ".yml")
    )
    unread = [
        name
        for name in (*RUN_VARS, "schema_prefix")
        if not re.search(rf"""["']{name}["']""", project)
    ]
    assert not unread, f"vars Python passes that no model or macro reads: {unread}"
