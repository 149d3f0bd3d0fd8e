"""Pydantic's own wording never reaches a rule author or a caller: every common error type
gets a plain message and a concrete suggestion, and case values are never repeated.

The fixtures in ``tests/fixtures/rules/FC303_*.yaml`` check the located problems; this file
checks the wording for each kind of mistake, in rule files and in case data.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from familycase._yaml import parse_yaml
from familycase.case.model import case_from_data, load_case
from familycase.errors import CaseError, ContentError, Problem
from familycase.rules.provisions import load_provisions
from familycase.rules.rulebook import _rule_specs
from familycase.rules.vocabulary import load_vocabularies

_RULE: dict[str, Any] = {
    "id": "fx_plain",
    "title": {"nb": "x", "nn": "x", "en": "x"},
    "reason": {"nb": "x", "nn": "x", "en": "x"},
    "when": [{"family": {}}],
    "then": {
        "suggest": {
            "measure": "network_support",
            "obligation": "recommendation",
            "responsible": "nav_office",
            "urgency": "soon",
        }
    },
}

Edit = Callable[[dict[str, Any]], None]


def _suggest(**values: object) -> Edit:
    return lambda rule: rule["then"]["suggest"].update(values)


def _rule(**values: object) -> Edit:
    return lambda rule: rule.update(values)


def _rule_problems(edit: Edit) -> list[Problem]:
    rule = copy.deepcopy(_RULE)
    edit(rule)
    doc = parse_yaml(json.dumps({"rules": [rule]}, ensure_ascii=False), "rule.yaml")
    problems: list[Problem] = []
    specs = _rule_specs(doc, problems, load_vocabularies())
    assert not specs
    return problems


_PYDANTIC_WORDS = ("Input should", "String should", "List should", "Value error", "a valid ")


@pytest.mark.parametrize(
    ("edit", "message", "suggestion"),
    [
        pytest.param(
            _suggest(persons="$y.pid"),
            "'persons' is a list.",
            "[$y.pid]",
            id="list_type",
        ),
        pytest.param(
            _suggest(requires_consent="nei"),
            "'requires_consent' is true or false.",
            "true or false",
            id="bool_parsing",
        ),
        pytest.param(
            _suggest(requires_consent=[True]),
            "'requires_consent' is true or false.",
            "true or false",
            id="bool_type",
        ),
        pytest.param(
            _rule(valid_from="1.1.2024"),
            "'valid_from' must be a date written YYYY-MM-DD.",
            "write the date as YYYY-MM-DD, e.g. 2025-03-01",
            id="date_parsing",
        ),
        pytest.param(
            _rule(valid_from="2024-13-01"),
            "'valid_from' is not a real date",
            "YYYY-MM-DD",
            id="date_out_of_range",
        ),
        pytest.param(
            _rule(valid_from=["2024-01-01"]),
            "'valid_from' must be a date written YYYY-MM-DD.",
            "YYYY-MM-DD",
            id="date_type",
        ),
        pytest.param(
            _rule(valid_from=1704067200),
            "'valid_from' must be a date written YYYY-MM-DD.",
            "YYYY-MM-DD",
            id="date_unix_time",
        ),
        pytest.param(
            _rule(valid_until="2024-01-01T00:00:00Z"),
            "'valid_until' must be a date written YYYY-MM-DD.",
            "YYYY-MM-DD",
            id="date_with_time",
        ),
        pytest.param(
            _suggest(obligation="anbefaling"),
            "'obligation' must be one of: duty, recommendation.",
            "Did you mean 'recommendation'?",
            id="literal_norwegian_nb",
        ),
        pytest.param(
            _suggest(obligation="plikt"),
            "'obligation' must be one of: duty, recommendation.",
            "Did you mean 'duty'?",
            id="literal_norwegian_duty",
        ),
        pytest.param(
            _suggest(urgency="straks"),
            "'urgency' must be one of: immediate, soon, planned.",
            "Did you mean 'immediate'?",
            id="literal_norwegian_urgency",
        ),
        pytest.param(
            _suggest(obligation="Recomendation"),
            "'obligation' must be one of",
            "Did you mean 'recommendation'?",
            id="literal_typo",
        ),
        pytest.param(
            _suggest(obligation="must"),
            "'obligation' must be one of",
            "Write one of: duty, recommendation.",
            id="literal_far",
        ),
        pytest.param(
            _suggest(measure=12),
            "'measure' is a text.",
            "quotes",
            id="string_type",
        ),
        pytest.param(
            _suggest(measure=None),
            "'measure' is a text.",
            "after the colon",
            id="string_type_empty",
        ),
        pytest.param(
            _rule(title="Kartlegg"),
            "'title' is a text in bokmål, nynorsk and English.",
            "'nb: ...', 'nn: ...' and 'en: ...'",
            id="model_type_text",
        ),
        pytest.param(
            _rule(then="suggest"),
            "'then' is a group of fields.",
            "'name: value'",
            id="model_type",
        ),
        pytest.param(
            _rule(when=["person"]),
            "'when[0]' is a group of fields.",
            "'name: value'",
            id="dict_type",
        ),
        pytest.param(
            _rule(when=[]),
            "'when' needs at least 1 item.",
            "Add",
            id="too_short",
        ),
        pytest.param(
            _rule(id="Big Rule"),
            "'id' must be an id in snake_case.",
            "lowercase letters",
            id="string_pattern_mismatch",
        ),
        pytest.param(
            _rule(id="r" * 90),
            "'id' is too long (at most 80 characters).",
            "Shorten",
            id="string_too_long",
        ),
        pytest.param(
            _rule(title={"nb": "", "nn": "x", "en": "x"}),
            "'nb' is empty.",
            "Write the text.",
            id="string_too_short",
        ),
    ],
)
def test_rule_file_mistake_is_said_plainly(edit: Edit, message: str, suggestion: str) -> None:
    problems = _rule_problems(edit)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.code == ("FC309" if "too long" in message else "FC303")
    assert message in problem.message
    assert problem.suggestion is not None
    assert suggestion in problem.suggestion
    for words in _PYDANTIC_WORDS:
        assert words not in problem.message + problem.suggestion


def test_provisions_mistakes_have_a_suggestion(tmp_path: Path) -> None:
    law = tmp_path / "provisions.yaml"
    law.write_text(
        "provisions:\n"
        "  p1: {law: sosialtjenesteloven, section: '45', paragraph: nine, letter: AB,\n"
        "       verification: maybe, title: {nb: x, nn: x, en: x}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_provisions(law)
    assert info.value.problems
    for problem in info.value.problems:
        assert problem.suggestion, problem
        assert "should" not in problem.message, problem


# -- case data: the same plain words, and no value of the case repeated ---------------------
_SECRET = "Kari Nordmann"


def _case_problems(**changes: Any) -> list[Problem]:
    data: dict[str, Any] = {
        "as_of": "2025-03-01",
        "persons": [{"id": "anna", "name": "Anna", "age": 35}],
    }
    data.update(changes)
    with pytest.raises(CaseError) as info:
        case_from_data(data)
    return list(info.value.problems)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"persons": _SECRET}, "'persons' is a list.", id="list_type"),
        pytest.param(
            {"relations": [{"kind": "partner", "from": "anna", "to": "anna", "quality": _SECRET}]},
            "'quality' must be one of",
            id="literal_error",
        ),
        pytest.param({"id": _SECRET}, "'id' must be an id: letters A-Z or a-z", id="pattern"),
        pytest.param({"persons": [_SECRET]}, "'persons[0]' is a group of fields.", id="model"),
    ],
)
def test_case_mistake_is_said_plainly_without_repeating_the_value(
    changes: dict[str, Any], message: str
) -> None:
    problems = _case_problems(**changes)
    found = [p for p in problems if message in p.message]
    assert found, problems
    for problem in problems:
        assert problem.suggestion, problem
        text = problem.format()
        assert "Kari" not in text, text
        assert "Nordmann" not in text, text
        for words in _PYDANTIC_WORDS:
            assert words not in text, text


def test_case_literal_gets_did_you_mean_without_the_value() -> None:
    problems = _case_problems(
        persons=[{"id": "anna", "name": "Anna", "age": 35}, {"id": "bo", "name": "Bo", "age": 5}],
        relations=[{"kind": "parent", "from": "anna", "to": "bo", "quality": "Supportiv"}],
    )
    assert [p.code for p in problems] == ["FC303"]
    assert problems[0].suggestion is not None
    assert "Did you mean 'supportive'?" in problems[0].suggestion
    assert "Supportiv'" not in problems[0].format()


@pytest.mark.parametrize(
    ("person", "key", "meant"),
    [
        pytest.param({"id": "anna", "nmae": "Anna", "age": 35}, "nmae", "name", id="typo"),
        pytest.param({"id": "anna", "Name": "Anna", "age": 35}, "Name", "name", id="case"),
    ],
)
def test_case_field_misspelt_is_one_problem(person: dict[str, Any], key: str, meant: str) -> None:
    problems = _case_problems(persons=[person])
    assert [(p.code, p.path) for p in problems] == [("FC302", f"persons[0].{key}")], problems
    assert problems[0].suggestion is not None
    assert f"Did you mean '{meant}'?" in problems[0].suggestion
    assert "Anna" not in problems[0].format()


def test_unknown_case_field_is_located_at_its_key(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "as_of: 2025-03-01\npersons:\n  - {id: anna, name: Anna, agge: 35}\n", encoding="utf-8"
    )
    with pytest.raises(CaseError) as info:
        load_case(path)
    [problem] = info.value.problems
    assert (problem.code, problem.line, problem.column) == ("FC302", 3, 28)
    assert problem.suggestion is not None
    assert "Did you mean 'age'?" in problem.suggestion
    assert problem.excerpt is None


# -- YAML syntax: plain words, a specific fix, the right place --------------------------------
_YAML = """rules:
  - id: r
    when:
      - person: {age_group: child}
        as: child
    then:
      suggest:
        persons: [$child.pid]
        urgency: soon
"""


@pytest.mark.parametrize(
    ("old", "new", "where", "message", "suggestion"),
    [
        pytest.param(
            "        urgency", "\turgency", (9, 1), "a tab character", "Replace the tab", id="tab"
        ),
        pytest.param(
            "        as:",
            "       as:",
            (5, 8),
            "indented differently",
            "Line it up with '- person:' on line 4: start it in column 9.",
            id="as_one_left",
        ),
        pytest.param(
            "        as:",
            "      as:",
            (5, 7),
            "indented differently",
            "Line it up with '- person:' on line 4",
            id="as_under_dash",
        ),
        pytest.param(
            "    then:",
            "   then:",
            (6, 4),
            "indented differently",
            "Line it up with 'when:' on line 3: start it in column 5.",
            id="then_three_spaces",
        ),
        pytest.param(
            "      - person", "      -person", (4, 7), "without a space", "space after", id="dash"
        ),
        pytest.param(
            "urgency: soon", "urgency: soon: now", (9, 22), "a second ':'", "quotes", id="colon"
        ),
        pytest.param(
            "[$child.pid]",
            "[$child.pid",
            (9, 16),
            "opened with '[' on line 8 is not closed",
            "Close it with ']' on line 8",
            id="bracket",
        ),
    ],
)
def test_yaml_syntax_error_in_plain_words(
    old: str, new: str, where: tuple[int, int], message: str, suggestion: str
) -> None:
    assert old in _YAML
    with pytest.raises(ContentError) as info:
        parse_yaml(_YAML.replace(old, new, 1), "r.yaml")
    [problem] = info.value.problems
    assert problem.code == "FC103"
    assert (problem.line, problem.column) == where, problem.format()
    assert problem.message.startswith("YAML syntax error: ")
    assert message in problem.message, problem.format()
    assert problem.suggestion is not None
    assert suggestion in problem.suggestion, problem.format()
    assert problem.excerpt is not None
    for words in ("expected", "found", "token", "<block", "scanning", "mapping"):
        assert words not in problem.message, problem.format()
