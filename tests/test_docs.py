"""Generated documentation stays in sync with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

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


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_the_rule_example_in_rules_doc_is_the_shipped_rule() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    example = yaml.safe_load(_yaml_blocks(docs)[0])["rules"][0]
    shipped = yaml.safe_load(
        (ROOT / "rules" / "duties" / "child_welfare.yaml").read_text(encoding="utf-8")
    )
    rule = next(r for r in shipped["rules"] if r["id"] == example["id"])
    for key in ("title", "legal_basis", "when"):
        assert example[key] == rule[key], key
    assert "unless" not in example
    assert "unless" not in rule
    suggest = {**example["then"]["suggest"]}
    assert suggest.pop("requires_consent") is False  # written out in the example
    assert suggest == rule["then"]["suggest"]
    for lang, text in example["reason"].items():
        assert rule["reason"][lang].startswith(text), lang  # the example shortens them


def test_the_unless_example_in_rules_doc_is_the_shipped_rule() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    example = yaml.safe_load(_yaml_blocks(docs)[1])
    shipped = yaml.safe_load(
        (ROOT / "rules" / "practice" / "work_economy.yaml").read_text(encoding="utf-8")
    )
    rule = next(r for r in shipped["rules"] if r["id"] == "work_followup_when_stable")
    assert example["unless"] == rule["unless"]
    assert example["when"][0] == rule["when"][0]
    assert example["when"][1]["concern"] == rule["when"][1]["concern"]


def test_the_provision_example_in_rules_doc_is_the_shipped_provision() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    examples = [yaml.safe_load(block) for block in _yaml_blocks(docs)]
    example = next(e for e in examples if isinstance(e, dict) and "sotjl_45" in e)["sotjl_45"]
    shipped = yaml.safe_load(
        (ROOT / "rules" / "law" / "provisions.yaml").read_text(encoding="utf-8")
    )["provisions"]["sotjl_45"]
    assert {key: shipped[key] for key in example} == example
