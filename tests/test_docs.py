"""Generated documentation stays in sync with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from familycase._docs import GENERATED, fact_catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted(GENERATED))
def test_generated_schema_is_current(path: str) -> None:
    assert (ROOT / path).read_text(encoding="utf-8") == GENERATED[path](), (
        f"{path} is out of date: regenerate it with "
        'python -c "from familycase._docs import GENERATED as G; '
        "[open(k, 'w').write(f()) for k, f in G.items()]\""
    )


def test_fact_catalogue_in_rules_doc_is_current() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- facts:begin -->\n(.*)<!-- facts:end -->", text, re.S)
    assert match is not None
    assert match.group(1) == fact_catalogue()


def test_readme_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines[:20] if line.startswith("python3 -m venv .venv")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/familycase evaluate "
        "scenarios/maria_and_david.yaml --phase phase1 --lang nn",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
