"""The case model reads only what the JSON contract allows, and says how to fix the rest.

Dates are a ``datetime.date`` or the text ``YYYY-MM-DD``; true/false fields are bools; ages
are whole numbers. Every problem has a code, the field's path, a message that repeats no
name or free text, and a suggestion.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from _case_problems import one_problem

from familycase.case.model import Case, case_from_data

Make = Callable[..., dict[str, Any]]

_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2025-03-01"


_one = one_problem


def _with_dates(minimal: Make, value: object) -> list[tuple[dict[str, Any], str]]:
    """A case for each date field of the model, that field set to ``value``."""
    both = [{"id": "anna", "name": "Anna", "age": 35}, {"id": "bo", "name": "Bo", "age": 5}]
    concern = {"id": "c", "kind": "depression", "about": ["anna"]}
    relation = {"kind": "parent", "from": "anna", "to": "bo"}
    service = {"service": "gp", "person": "anna"}
    consent = {"given_by": "anna", "share_with": ["gp"]}
    cases: list[tuple[dict[str, Any], str]] = []
    data = minimal()
    data["as_of"] = value
    cases.append((data, "as_of"))
    for field in ("birth_date", "age_on", "pregnant_due"):
        person = {"id": "anna", "name": "Anna", field: value}
        cases.append((minimal(persons=[person]), f"persons[0].{field}"))
    for field in ("since", "until"):
        cases.append(
            (minimal(persons=both, relations=[{**relation, field: value}]), f"relations[0].{field}")
        )
        cases.append((minimal(services=[{**service, field: value}]), f"services[0].{field}"))
    for field in ("since", "until", "noted_on", "last_incident"):
        cases.append((minimal(concerns=[{**concern, field: value}]), f"concerns[0].{field}"))
    event = {"id": "e", "kind": "eviction", "persons": ["anna"], "on": value}
    cases.append((minimal(events=[event]), "events[0].on"))
    for field in ("given_on", "withdrawn_on"):
        cases.append((minimal(consents=[{**consent, field: value}]), f"consents[0].{field}"))
    return cases


# -- dates ---------------------------------------------------------------------------------------

_NOT_DATES = [
    pytest.param(1728000000, id="unix-seconds"),
    pytest.param(1728000000000, id="unix-milliseconds"),
    pytest.param(1728000000.0, id="float"),
    pytest.param(b"2024-01-01", id="bytes"),
    pytest.param("2024-01-01T00:00:00Z", id="datetime-text"),
    pytest.param("2024-01-01T00:00:00", id="datetime-text-naive"),
    pytest.param("2024-01-01 00:00", id="datetime-text-space"),
    pytest.param(datetime(2024, 1, 1), id="datetime-object"),
    pytest.param("20240101", id="basic-format"),
    pytest.param("2024-1-1", id="no-leading-zeros"),
    pytest.param(" 2024-01-01", id="leading-space"),
    pytest.param("2024-01-01\n", id="trailing-newline"),
    pytest.param("2024-W01-1", id="iso-week"),
    pytest.param("\uff12\uff10\uff12\uff14-01-01", id="fullwidth-digits"),
    pytest.param(True, id="bool"),
    pytest.param([2024, 1, 1], id="list"),
]


@pytest.mark.parametrize("value", _NOT_DATES)
def test_a_date_is_only_a_date_or_yyyy_mm_dd(minimal: Make, value: object) -> None:
    for data, path in _with_dates(minimal, value):
        problem = _one(data, "FC303", path)
        field = path.rsplit(".", 1)[-1]
        assert problem.message == f"'{field}' must be a date written YYYY-MM-DD.", path
        assert problem.suggestion is not None
        assert _DATE_HINT in problem.suggestion


@pytest.mark.parametrize("value", ["2024-13-01", "2023-02-29", "0000-01-01"])
def test_a_date_that_does_not_exist_is_refused(minimal: Make, value: str) -> None:
    for data, path in _with_dates(minimal, value):
        problem = _one(data, "FC303", path)
        assert "not a real date" in problem.message, path
        assert problem.suggestion is not None
        assert "YYYY-MM-DD" in problem.suggestion


def test_a_unix_timestamp_does_not_change_the_evaluation_date(minimal: Make) -> None:
    data = minimal()
    data["as_of"] = 1728000000  # 2024-10-04 as a Unix timestamp: a different law may apply
    _one(data, "FC303", "as_of")


@pytest.mark.parametrize("value", ["2024-01-01", date(2024, 1, 1)], ids=["text", "date"])
def test_a_date_as_text_or_as_a_date_is_read(minimal: Make, value: object) -> None:
    for data, path in _with_dates(minimal, value):
        case = case_from_data(data)
        assert date(2024, 1, 1) in {
            case.as_of,
            *(p.birth_date for p in case.persons),
            *(p.age_on for p in case.persons),
            *(p.pregnant_due for p in case.persons),
            *(r.since for r in case.relations),
            *(r.until for r in case.relations),
            *(s.since for s in case.services),
            *(s.until for s in case.services),
            *(c.since for c in case.concerns),
            *(c.until for c in case.concerns),
            *(c.noted_on for c in case.concerns),
            *(c.last_incident for c in case.concerns),
            *(e.on for e in case.events),
            *(k.given_on for k in case.consents),
            *(k.withdrawn_on for k in case.consents),
        }, path


def test_a_case_from_json_text_reads_its_dates(family: dict[str, Any]) -> None:
    case = Case.model_validate_json(json.dumps(family))
    assert case.as_of == date(2024, 6, 1)
    assert case.person("cara").birth_date == date(2014, 2, 10)
    family["as_of"] = 1717200000
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Case.model_validate_json(json.dumps(family))


def test_a_case_dumped_and_read_again_is_the_same(family: dict[str, Any]) -> None:
    family["concerns"][0]["since"] = "2023-05-01"
    case = case_from_data(family)
    assert case_from_data(case.model_dump(by_alias=True)) == case
    assert case_from_data(case.model_dump(by_alias=True, mode="json")) == case


# -- true / false --------------------------------------------------------------------------------

_NOT_BOOLS = [
    pytest.param("yes", id="yes"),
    pytest.param("true", id="true-text"),
    pytest.param("on", id="on"),
    pytest.param(1, id="one"),
    pytest.param(0, id="zero"),
    pytest.param(1.0, id="float"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("value", _NOT_BOOLS)
def test_repeated_is_only_true_or_false(minimal: Make, value: object) -> None:
    data = minimal(
        concerns=[{"id": "c", "kind": "depression", "about": ["anna"], "repeated": value}]
    )
    problem = _one(data, "FC303", "concerns[0].repeated")
    assert problem.message == "'repeated' must be true or false."
    assert problem.suggestion is not None
    assert "write true or false" in problem.suggestion


@pytest.mark.parametrize("value", _NOT_BOOLS)
def test_coordinator_is_only_true_or_false(minimal: Make, value: object) -> None:
    data = minimal(services=[{"service": "gp", "person": "anna", "coordinator": value}])
    problem = _one(data, "FC303", "services[0].coordinator")
    assert problem.message == "'coordinator' must be true or false."
    assert problem.suggestion is not None
    assert "write true or false" in problem.suggestion


@pytest.mark.parametrize("value", [True, False])
def test_true_and_false_are_read(minimal: Make, value: bool) -> None:
    data = minimal(
        concerns=[{"id": "c", "kind": "depression", "about": ["anna"], "repeated": value}],
        services=[{"service": "gp", "person": "anna", "coordinator": value}],
    )
    case = case_from_data(data)
    assert case.concerns[0].repeated is value
    assert case.services[0].coordinator is value


def test_repeated_may_be_left_unknown(minimal: Make) -> None:
    data = minimal(
        concerns=[{"id": "c", "kind": "depression", "about": ["anna"], "repeated": None}]
    )
    assert case_from_data(data).concerns[0].repeated is None


# -- ages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(True, id="true"),
        pytest.param(False, id="false"),
        pytest.param(34.0, id="float"),
        pytest.param("34", id="text"),
    ],
)
def test_an_age_is_a_whole_number(minimal: Make, value: object) -> None:
    data = minimal(persons=[{"id": "anna", "name": "Anna", "age": value}])
    problem = _one(data, "FC303", "persons[0].age")
    assert problem.message == "'age' must be a whole number."


def test_an_age_from_json_is_read(minimal: Make) -> None:
    case = Case.model_validate_json(json.dumps(minimal()))
    assert case.persons[0].age == 35


# -- the JSON contract says the same -------------------------------------------------------------


def test_the_schema_names_the_formats() -> None:
    schema = Case.model_json_schema()
    defs = schema["$defs"]

    def field(model: str, name: str) -> dict[str, Any]:
        props: dict[str, Any] = (schema if model == "Case" else defs[model])["properties"]
        spec: dict[str, Any] = props[name]
        return spec

    assert field("Case", "as_of") == {
        "description": field("Case", "as_of")["description"],
        "format": "date",
        "title": "As Of",
        "type": "string",
    }
    for model, name in [
        ("Person", "birth_date"),
        ("Person", "age_on"),
        ("Relation", "since"),
        ("Concern", "noted_on"),
        ("Concern", "last_incident"),
        ("ServiceInvolvement", "until"),
        ("Consent", "withdrawn_on"),
    ]:
        assert {"format": "date", "type": "string"} in field(model, name)["anyOf"], name
    assert field("Event", "on")["format"] == "date"
    assert "on" in defs["Event"]["required"]
    assert {"type": "boolean"} in field("Concern", "repeated")["anyOf"]
    assert field("ServiceInvolvement", "coordinator")["type"] == "boolean"
    age = next(a for a in field("Person", "age")["anyOf"] if a.get("type") == "integer")
    assert age == {"maximum": 125, "minimum": 0, "type": "integer"}


def test_a_dump_uses_the_contracts_names() -> None:
    case = case_from_data(
        {
            "as_of": "2025-03-01",
            "persons": [{"id": "a", "name": "A", "age": 40}, {"id": "b", "name": "B", "age": 9}],
            "relations": [{"kind": "parent", "from": "a", "to": "b"}],
        }
    )
    for dumped in (case.model_dump(), json.loads(case.model_dump_json())):
        assert dumped["relations"][0]["from"] == "a"
        assert "from_" not in dumped["relations"][0]
    assert case_from_data(case.model_dump()) == case


def test_an_application_names_a_known_measure(minimal: Make) -> None:
    person = {"id": "anna", "name": "Anna", "applies_for": ["financial_asistance"]}
    problem = _one(minimal(persons=[person]), "FC305", "persons[0].applies_for[0]")
    assert "financial_asistance" in problem.message
    assert problem.suggestion is not None
    assert "financial_assistance" in problem.suggestion
