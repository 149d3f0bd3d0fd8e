"""FC302: an unknown field's "did you mean" comes from the fields of the model at its place,
and never names the rejected field itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from familycase import CaseError, evaluate
from familycase._validation import model_at
from familycase.case.model import Case, Concern, Person, Relation, case_from_data
from familycase.errors import ContentError
from familycase.rules.rulebook import RuleFileSpec, RuleSpec, SuggestSpec, load_rulebook


@pytest.mark.parametrize(
    ("where", "field", "fields"),
    [
        (
            ("persons", 0),
            "kind",
            "age, age_on, applies_for, birth_date, id, name, pregnant_due, view",
        ),
        (("concerns", 0), "name", None),
        (
            (),
            "name",
            "as_of, concerns, consents, events, households, id, persons, relations, reports, "
            "services",
        ),
    ],
)
def test_an_unknown_case_field_is_never_suggested_as_itself(
    family: dict[str, Any], where: tuple[str | int, ...], field: str, fields: str | None
) -> None:
    target = family
    for part in where:
        target = target[part]
    target[field] = "x"
    with pytest.raises(CaseError) as info:
        evaluate(family)
    (problem,) = info.value.problems
    assert problem.code == "FC302"
    assert problem.suggestion is not None
    assert f"'{field}'?" not in problem.suggestion
    if fields is not None:
        assert fields in problem.suggestion


@pytest.mark.parametrize(
    ("where", "field", "meant"),
    [
        (("persons", 0), "nmae", "name"),
        (("relations", 0), "fro", "from"),
        (("concerns", 0), "abut", "about"),
    ],
)
def test_a_misspelt_case_field_suggests_the_field_of_its_model(
    family: dict[str, Any], where: tuple[str | int, ...], field: str, meant: str
) -> None:
    target = family
    for part in where:
        target = target[part]
    target[field] = target.pop(meant, "x")
    with pytest.raises(CaseError) as info:
        evaluate(family)
    (problem,) = info.value.problems
    assert (problem.code, problem.suggestion) == ("FC302", f"Did you mean '{meant}'?")


def test_a_rule_file_with_case_keys_is_not_told_to_use_them(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        """id: x
rules:
  - id: r1
    persons: [a]
    title: {nb: a, nn: a, en: a}
    reason: {nb: a, nn: a, en: a}
    when: [{person: {age_group: child}}]
    then: {suggest: {measure: network_support, obligation: recommendation,
                     responsible: nav_office, urgency: soon}}
""",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_rulebook(path)
    found = {(p.path, p.suggestion) for p in info.value.problems}
    assert found == {
        ("id", "Remove it. The fields here are: description, rules."),
        (
            "rules[0].persons",
            "Remove it. The fields here are: explain, id, legal_basis, note, reason, then, "
            "title, unless, valid_from, valid_until, when.",
        ),
    }


def test_model_at_follows_fields_lists_and_optional_values() -> None:
    assert model_at(Case, ("persons", 3)) is Person
    assert model_at(Case, ("relations", 0)) is Relation
    assert model_at(Case, ("concerns", 1)) is Concern
    assert model_at(Case, ()) is Case
    assert model_at(Case, ("persons", 0, "name")) is None
    assert model_at(Case, ("nothing",)) is None
    assert model_at(RuleFileSpec, ("rules", 0)) is RuleSpec
    assert model_at(RuleSpec, ("then", "suggest")) is SuggestSpec


def test_an_unknown_key_that_is_no_field_name_is_not_repeated() -> None:
    # a caseworker system may send a map keyed by names: the key is personal data
    data = {
        "as_of": "2025-03-01",
        "persons": [{"id": "a", "name": "A", "age": 3, "Kari Nordmann": 1}],
        "Ola Hansen": 2,
        "nmae": 3,  # a field name, misspelt: shown, as it helps
    }
    with pytest.raises(CaseError) as caught:
        case_from_data(data)
    text = str(caught.value)
    assert "Kari" not in text
    assert "Ola" not in text
    paths = sorted(p.path or "" for p in caught.value.problems)
    assert paths == ["?", "nmae", "persons[0].?"]
    hidden = next(p for p in caught.value.problems if p.path == "persons[0].?")
    assert hidden.code == "FC302"
    assert hidden.suggestion is not None
    assert "age, age_on, applies_for, birth_date, id, name, pregnant_due, view" in hidden.suggestion
