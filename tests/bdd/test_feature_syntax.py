"""A feature file with a Gherkin syntax error: one problem in plain words, not a traceback.

Before, pytest showed pytest-bdd's parser traceback (``pytest_bdd.exceptions.TokenError``)
and ``familycase check`` a dozen FC611 problems in the parser's terms (``expected: #EOF,
#Language, #TagLine, ...``) for one missing ``# language: no`` line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from familycase.check import check, feature_syntax_problem

from ._outside import feature_folder, run_pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"


def _first_doc_example() -> str:
    blocks = re.findall(r"```gherkin\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    first = blocks[0]
    assert first.startswith("# language: no\n")
    return first


ENGLISH_UNDER_NO = """\
# language: no
Feature: Substance use

  Scenario: A
    Given the evaluation date is 2025-06-01
"""

MISSING_CELL = """\
Feature: A table

  Scenario: A
    Given the persons:
      | person | age |
      | Ola    |
"""

OUT_OF_ORDER = """\
# language: no
Egenskap: Rekkefølge
    Gitt vurderingsdatoen er 1. juni 2025
  Scenario: A
    Når saken vurderes
  Bakgrunn:
    Gitt at "Ola" er 40 år
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_language_line_is_one_problem_with_its_fix(tmp_path: Path) -> None:
    text = _first_doc_example().replace("# language: no\n", "")
    path = _write(tmp_path, "f.feature", text)
    problems = check([path])
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.code, problem.line) == ("FC611", 1)
    assert "«Egenskap» er et norsk nøkkelord" in problem.message
    assert "#EOF" not in problem.message
    assert problem.suggestion == "Skriv «# language: no» som første linje (også for nynorsk)."
    assert feature_syntax_problem(path) == problem


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (ENGLISH_UNDER_NO, 2, "Remove the '# language:' line"),
        (MISSING_CELL, 6, "leave a cell empty, not out"),
        (OUT_OF_ORDER, 6, "Egenskap/Feature comes first, then Bakgrunn/Background"),
    ],
)
def test_other_syntax_errors_are_one_problem_in_plain_words(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    problems = check([_write(tmp_path, "f.feature", text)])
    assert [(p.code, p.line) for p in problems] == [("FC611", line)]
    assert problems[0].suggestion is not None
    assert words in problems[0].suggestion
    assert "#" not in problems[0].message.replace("'# language", "")


def test_a_feature_that_parses_has_no_syntax_problem(tmp_path: Path) -> None:
    assert feature_syntax_problem(_write(tmp_path, "f.feature", _first_doc_example())) is None


def test_pytest_reports_the_problem_not_a_parser_traceback(tmp_path: Path) -> None:
    _write(
        feature_folder(tmp_path),
        "eksempel.feature",
        _first_doc_example().replace("# language: no\n", ""),
    )
    run = run_pytest(tmp_path)
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "Traceback" not in out, out
    assert "pytest_bdd" not in out.replace("plugins: bdd", ""), out
    assert "TokenError" not in out, out
    assert "eksempel.feature:1:1  [FC611]" in out, out
    assert "«Egenskap» er et norsk nøkkelord" in out, out
    assert "Skriv «# language: no» som første linje (også for nynorsk)." in out, out
