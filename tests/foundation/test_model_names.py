"""Names are one line of visible text, without characters that reorder what is shown.

A refused name is never repeated in the problem.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from familycase.case.model import case_from_data
from familycase.errors import CaseError, Problem

Make = Callable[..., dict[str, Any]]

_BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def _name_problem(minimal: Make, name: str) -> Problem:
    with pytest.raises(CaseError) as info:
        case_from_data(minimal(persons=[{"id": "anna", "name": name, "age": 35}]))
    problems = info.value.problems
    assert [(p.code, p.path) for p in problems] == [("FC303", "persons[0].name")], problems
    problem = problems[0]
    assert problem.suggestion, problem
    shown = problem.message + problem.suggestion
    for part in name.split():
        if len(part) > 1:
            assert part not in shown
    return problem


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\u2029", "\n", "\r", "\t"],
    ids=["line-separator", "paragraph-separator", "lf", "cr", "tab"],
)
def test_a_name_is_one_line(minimal: Make, separator: str) -> None:
    problem = _name_problem(minimal, f"Kari{separator}Nordmann")
    assert problem.message.startswith("A name is one line")
    assert problem.suggestion == "Remove it."


@pytest.mark.parametrize("control", _BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in _BIDI_CONTROLS])
def test_bidi_embedding_override_and_isolate_controls_are_refused(
    minimal: Make, control: str
) -> None:
    problem = _name_problem(minimal, f"Kari {control}nnamdroN{control} Ola")
    assert "text-direction control" in problem.message
    note = minimal(households=[{"id": "h", "members": ["anna"], "note": f"x {control}y"}])
    with pytest.raises(CaseError) as info:
        case_from_data(note)
    assert [(p.code, p.path) for p in info.value.problems] == [("FC303", "households[0].note")]


@pytest.mark.parametrize(
    "name",
    [
        "\u200b",
        "\u200b\u200b\u200b",
        "\u200e\u200f",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\u200d",
        "\u0301",
        "\u3164",
        "\u2800",
        "\u200b \u200b",
    ],
    ids=[
        "zero-width-space",
        "three-zero-width-spaces",
        "direction-marks",
        "word-joiner",
        "bom",
        "soft-hyphen",
        "zero-width-joiner",
        "combining-accent",
        "hangul-filler",
        "braille-blank",
        "spaces-and-zero-width",
    ],
)
def test_a_name_needs_a_visible_character(minimal: Make, name: str) -> None:
    problem = _name_problem(minimal, name)
    assert problem.message.startswith("The name has no visible character")
    assert problem.suggestion is not None
    assert problem.suggestion.startswith("Check the name")


@pytest.mark.parametrize("name", [" ", "\u00a0", "\u3000", " \u00a0 "])
def test_a_name_of_spaces_is_refused(minimal: Make, name: str) -> None:
    _name_problem(minimal, name)


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u0631\u064a\u0645",  # Arabic
        "\u200f\u0645\u0631\u064a\u0645 \u0627\u0644\u0639\u0644\u064a",  # with RLM
        "\u05d3\u05d5\u05d3",  # Hebrew
        "\u05d3\u05d5\u05d3\u200e (David)",  # with LRM
        "\u0645\u0631\u064a\u0645\u061c",  # Arabic letter mark
        "Zo\u00eb \u00c6r\u00f8",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with ZWNJ
        "O'Brien-Nilsen",
        "X",
        "7",
    ],
)
def test_names_in_any_script_are_accepted(minimal: Make, name: str) -> None:
    case = case_from_data(minimal(persons=[{"id": "anna", "name": name, "age": 35}]))
    assert case.persons[0].name == name.strip()


def test_a_note_may_hold_several_lines(minimal: Make) -> None:
    note = "first line\nsecond line\u2028third\tcolumn"
    data = minimal(households=[{"id": "h", "members": ["anna"], "note": note}])
    assert case_from_data(data).households[0].note == note


_LINE_BREAKS = set("\t\n\r\u2028\u2029")
_BIDI = set(_BIDI_CONTROLS)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_any_name_is_accepted_or_refused_without_being_shown(name: str) -> None:
    data = {"as_of": "2024-06-01", "persons": [{"id": "anna", "name": name, "age": 35}]}
    try:
        case = case_from_data(data)
    except CaseError as exc:
        for problem in exc.problems:
            assert problem.code in ("FC303", "FC309"), problem
            assert problem.suggestion, problem
            if len(name.strip()) > 3:
                assert name.strip() not in problem.message + problem.suggestion
        return
    accepted = case.persons[0].name
    assert not (set(accepted) & (_LINE_BREAKS | _BIDI))
    assert any(unicodedata.category(ch)[0] in "LNPS" for ch in accepted)
