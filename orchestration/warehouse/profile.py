"""An output of dbt_project/profiles.yml rendered as dbt renders it, so the Python side of the
pipeline connects with exactly the settings dbt uses."""

from __future__ import annotations

import os
from typing import Any

import jinja2
import yaml

from .. import settings

_MISSING = object()


def _env_var(name: str, default: Any = _MISSING) -> str:
    value = os.environ.get(name, default)
    if value is _MISSING:
        raise KeyError(f"profiles.yml needs the environment variable {name}")
    return value


def _render(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _render(value) for key, value in node.items()}
    if isinstance(node, str):
        return jinja2.Template(node).render(env_var=_env_var)
    return node


def profile_output(target: str) -> dict[str, Any]:
    """The rendered output `target` of the project's profile."""
    profiles = yaml.safe_load((settings.DBT_PROJECT_DIR / "profiles.yml").read_text())
    return _render(profiles["lead_scoring"]["outputs"][target])
