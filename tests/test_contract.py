"""docs/contract.md is kept true: every mart the project builds is named in it, the marts it
tables have no column it leaves out, and every `contract §n` cited in code and docs names one
of its sections."""

from __future__ import annotations

import json
import re
import subprocess

from orchestration import settings

CONTRACT = settings.REPO_ROOT / "docs" / "contract.md"


def _marts() -> dict[str, list[str]]:
    """Every model of schema marts in the shipped project's manifest, with its columns."""
    manifest = json.loads((settings.DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    return {
        node["name"]: list(node["columns"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }


def test_every_mart_is_in_the_contract_with_every_column_it_tables() -> None:
    text = CONTRACT.read_text()
    named = set(re.findall(r"`([a-z_]+)`", text))
    marts = _marts()
    assert sorted(set(marts) - named) == []

    tabled: dict[str, set[str]] = {}
    for line in text.splitlines():
        row = re.match(r"^\| `([a-z_]+)` \|[^|]*\|(.*)\|$", line)
        if row and row[1] in marts:
            tabled.setdefault(row[1], set()).update(re.findall(r"`([a-z_]+)`", row[2]))
    assert {"lead_scores", "account_scores", "predictive_scores", "mqa_events"} <= set(tabled)
    left_out = {
        mart: [column for column in marts[mart] if column not in columns]
        for mart, columns in tabled.items()
    }
    assert {mart: columns for mart, columns in left_out.items() if columns} == {}


def test_every_cited_section_exists() -> None:
    sections = set(re.findall(r"^## §(\d+) ", CONTRACT.read_text(), flags=re.MULTILINE))
    assert sections == {str(n) for n in range(1, 11)}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=settings.REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    cited: dict[str, set[str]] = {}
    for name in tracked:
        path = settings.REPO_ROOT / name
        if path.suffix not in {".py", ".sql", ".yml", ".md", ".csv", ".toml"} or not path.exists():
            continue
        text = path.read_text()
        assert not re.search(r"\bSPEC\s+§", text), f"{name} cites a contract outside the repository"
        for section in re.findall(r"contract §(\d+)", text):
            cited.setdefault(section, set()).add(name)
    assert len(cited) >= 8
    assert {section: files for section, files in cited.items() if section not in sections} == {}
