"""A case file given where rule files are expected says so, and never shows a line of it
(a case's lines hold names and health data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from familycase.cli import main
from familycase.errors import ContentError
from familycase.rules.rulebook import load_rulebook

NAME = "Kari Nordmann"
CASE_YAML = f"id: case_1\nas_of: 2025-03-01\npersons: [{{id: a, name: {NAME}, age: 34}}]\n"
CASE = {"id": "case_1", "as_of": "2025-03-01", "persons": [{"id": "a", "name": NAME, "age": 34}]}


def _case_file(directory: Path, suffix: str) -> Path:
    path = directory / f"case{suffix}"
    text = CASE_YAML if suffix == ".yaml" else json.dumps(CASE, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_case_file_loaded_as_rules_is_one_plain_problem(tmp_path: Path, suffix: str) -> None:
    path = _case_file(tmp_path, suffix)
    with pytest.raises(ContentError) as info:
        load_rulebook(path)
    (problem,) = info.value.problems
    assert problem.code == "FC109"
    assert "this is a case file, not a rule file" in problem.message.lower()
    assert problem.excerpt is None
    assert NAME not in str(info.value)


def test_a_rules_folder_holding_a_case_file_shows_no_line_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    _case_file(rules, ".yaml")
    case = _case_file(tmp_path, ".yaml")
    code = main(["evaluate", str(case), "--rules", str(rules)])
    out, err = capsys.readouterr()
    assert code != 0
    assert "case file, not a rule file" in out + err
    assert NAME not in out + err
