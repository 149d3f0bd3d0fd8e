"""The case model: validation errors with codes and paths, ages, schema and privacy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from familycase.case.model import (
    MAX_AGE,
    Case,
    Concern,
    Household,
    Person,
    Relation,
    case_from_data,
)
from familycase.errors import CaseError, Problem
from familycase.rules.vocabulary import load_vocabularies

REPO_ROOT = Path(__file__).resolve().parents[2]

Make = Callable[..., dict[str, Any]]


def _errors(data: object, **kwargs: Any) -> tuple[Problem, ...]:
    with pytest.raises(CaseError) as info:
        case_from_data(data, **kwargs)
    assert str(info.value).startswith("The case is invalid:")
    return info.value.problems


def _one(data: object, code: str, path: str) -> Problem:
    """The problems of ``data`` are exactly one, with ``code`` at ``path``."""
    problems = _errors(data)
    assert [(p.code, p.path) for p in problems] == [(code, path)], problems
    return problems[0]


# -- valid cases ---------------------------------------------------------------------------------


def test_minimal_case(minimal: Make) -> None:
    case = case_from_data(minimal())
    assert case.id == "case"
    assert case.as_of == date(2024, 6, 1)
    assert [p.id for p in case.persons] == ["anna"]
    assert case.relations == case.households == case.concerns == []
    assert case.services == case.consents == []
    assert case.person("anna").age_at(case.as_of) == 35
    with pytest.raises(KeyError):
        case.person("nobody")


def test_full_family_case(family: dict[str, Any]) -> None:
    case = case_from_data(family)
    assert case.id == "test_family"
    assert case.relations[0].from_ == "anna"
    assert case.concerns[1].reported_by == "nav_office"  # a service id is a valid reporter
    assert case.concerns[1].certainty == "reported"  # the default
    assert case.services[0].coordinator is True
    assert case.consents[0].share_with == ["school", "child_welfare"]


def test_case_is_returned_as_is_and_revalidated_with_vocabularies(
    family: dict[str, Any],
) -> None:
    case = case_from_data(family)
    assert case_from_data(case) is case
    assert case_from_data(case, vocabularies=load_vocabularies()) is case  # the same ones
    other = load_vocabularies(REPO_ROOT / "rules" / "vocabulary")  # equal, but another object
    again = case_from_data(case, vocabularies=other)
    assert again == case
    assert again is not case
    assert case_from_data(again, vocabularies=other) is again


def test_a_case_copied_or_made_without_validation_is_validated(family: dict[str, Any]) -> None:
    case = case_from_data(family)
    twice = case.model_copy(update={"persons": [*case.persons, case.persons[0]]})
    with pytest.raises(CaseError) as caught:
        case_from_data(twice)
    assert [p.code for p in caught.value.problems] == ["FC306"]
    fine = case.model_copy(update={"id": "other_id"})
    assert case_from_data(fine) is not fine
    assert case_from_data(fine) == fine
    built = Case.model_construct(**dict(case))
    assert case_from_data(built) == case
    assert case_from_data(built) is not built


def test_case_is_frozen(minimal: Make) -> None:
    case = case_from_data(minimal())
    with pytest.raises(ValueError, match="frozen"):
        case.id = "other"  # type: ignore[misc]


def test_custom_vocabularies_are_used_for_validation(tmp_path: Path, minimal: Make) -> None:
    directory = tmp_path / "vocabulary"
    shutil.copytree(REPO_ROOT / "rules" / "vocabulary", directory)
    kinds = directory / "concern_kinds.yaml"
    kinds.write_text(
        kinds.read_text(encoding="utf-8")
        + "  gambling: {nb: pengespill, nn: pengespel, en: gambling, category: economy}\n",
        encoding="utf-8",
    )
    data = minimal(concerns=[{"id": "c1", "kind": "gambling", "about": ["anna"]}])
    _one(data, "FC305", "concerns[0].kind")
    case = case_from_data(data, vocabularies=load_vocabularies(directory))
    assert case.concerns[0].kind == "gambling"


# -- one test per error kind -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lists", "path"),
    [
        ({"relations": [{"kind": "parent", "from": "ana", "to": "anna"}]}, "relations[0].from"),
        ({"relations": [{"kind": "sibling", "from": "anna", "to": "ana"}]}, "relations[0].to"),
        (
            {"concerns": [{"id": "c", "kind": "depression", "about": ["ana"]}]},
            "concerns[0].about[0]",
        ),
        (
            {
                "concerns": [
                    {"id": "c", "kind": "depression", "about": ["anna"], "exposed": ["ana"]}
                ]
            },
            "concerns[0].exposed[0]",
        ),
        ({"households": [{"id": "h", "members": ["anna", "ana"]}]}, "households[0].members[1]"),
        ({"services": [{"service": "gp", "person": "ana"}]}, "services[0].person"),
        ({"consents": [{"given_by": "ana", "share_with": ["gp"]}]}, "consents[0].given_by"),
        (
            {"consents": [{"given_by": "anna", "share_with": ["gp"], "concerning": ["ana"]}]},
            "consents[0].concerning[0]",
        ),
    ],
)
def test_unknown_person_id(minimal: Make, lists: dict[str, Any], path: str) -> None:
    problem = _one(minimal(**lists), "FC304", path)
    assert problem.message == "Unknown person id 'ana'."
    assert problem.suggestion == "Did you mean 'anna'?"


def test_unknown_person_without_close_match_suggests_adding_it(minimal: Make) -> None:
    data = minimal(services=[{"service": "gp", "person": "zzz"}])
    problem = _one(data, "FC304", "services[0].person")
    assert problem.suggestion is not None
    assert "Add the person" in problem.suggestion


def _reported_by(minimal: Make, reporter: str) -> Problem:
    data = minimal(
        concerns=[{"id": "c", "kind": "depression", "about": ["anna"], "reported_by": reporter}]
    )
    return _one(data, "FC304", "concerns[0].reported_by")


def test_unknown_reporter(minimal: Make) -> None:
    problem = _reported_by(minimal, "scool")
    assert problem.message == "'scool' is neither a person id nor a service id."
    assert problem.suggestion == "Did you mean 'school'?"
    assert _reported_by(minimal, "ana").suggestion == "Did you mean 'anna'?"


def test_unknown_reporter_given_as_a_label_gets_a_suggestion(minimal: Make) -> None:
    problem = _reported_by(minimal, "skole")
    assert problem.suggestion is not None
    assert "'school'" in problem.suggestion


def test_self_relation(minimal: Make) -> None:
    data = minimal(relations=[{"kind": "sibling", "from": "anna", "to": "anna"}])
    problem = _one(data, "FC307", "relations[0].to")
    assert "'anna'" in problem.message


@pytest.mark.parametrize(
    ("lists", "path"),
    [
        ({"persons": [{"id": "anna", "name": "A"}, {"id": "anna", "name": "B"}]}, "persons[1].id"),
        (
            {
                "concerns": [
                    {"id": "c", "kind": "depression", "about": ["anna"]},
                    {"id": "c", "kind": "job_loss", "about": ["anna"]},
                ]
            },
            "concerns[1].id",
        ),
        (
            {"households": [{"id": "h", "members": ["anna"]}, {"id": "h", "members": ["bo"]}]},
            "households[1].id",
        ),
        (
            {
                "services": [
                    {"id": "s", "service": "gp", "person": "anna"},
                    {"id": "s", "service": "school", "person": "bo"},
                ]
            },
            "services[1].id",
        ),
        (
            {
                "relations": [
                    {"id": "r", "kind": "parent", "from": "anna", "to": "bo"},
                    {"id": "r", "kind": "sibling", "from": "anna", "to": "bo"},
                ]
            },
            "relations[1].id",
        ),
        (
            {
                "consents": [
                    {"id": "k", "given_by": "anna", "share_with": ["gp"]},
                    {"id": "k", "given_by": "anna", "share_with": ["school"]},
                ]
            },
            "consents[1].id",
        ),
    ],
)
def test_duplicate_ids(minimal: Make, lists: dict[str, Any], path: str) -> None:
    lists.setdefault(
        "persons", [{"id": "anna", "name": "Anna", "age": 35}, {"id": "bo", "name": "Bo", "age": 5}]
    )
    problem = _one(minimal(**lists), "FC306", path)
    assert "Duplicate id" in problem.message


def test_three_duplicates_give_two_problems(minimal: Make) -> None:
    persons = [{"id": "anna", "name": n} for n in ("A", "B", "C")]
    problems = _errors(minimal(persons=persons))
    assert [(p.code, p.path) for p in problems] == [
        ("FC306", "persons[1].id"),
        ("FC306", "persons[2].id"),
    ]


@pytest.mark.parametrize(
    ("person", "code", "path"),
    [
        ({"birth_date": "2024-06-02"}, "FC308", "persons[0].birth_date"),
        ({"birth_date": "1890-01-01"}, "FC308", "persons[0].birth_date"),
        ({"age": MAX_AGE + 1}, "FC303", "persons[0].age"),
        ({"age": -1}, "FC303", "persons[0].age"),
        ({"birth_date": "2010-01-01", "age": 10}, "FC308", "persons[0].age"),
        ({"age": 10, "age_on": "2024-06-02"}, "FC308", "persons[0].age_on"),
        ({"birth_date": "2024-13-01"}, "FC303", "persons[0].birth_date"),
    ],
    ids=[
        "born-after-as-of",
        "older-than-max",
        "age-over-max",
        "negative-age",
        "age-disagrees-with-birth-date",
        "age-on-after-as-of",
        "not-a-date",
    ],
)
def test_impossible_ages(minimal: Make, person: dict[str, Any], code: str, path: str) -> None:
    data = minimal(persons=[{"id": "anna", "name": "Anna", **person}])
    _one(data, code, path)


def test_age_agreeing_with_birth_date_is_accepted(minimal: Make) -> None:
    persons = [
        {"id": "anna", "name": "Anna", "birth_date": "2010-06-01", "age": 14},
        {"id": "bo", "name": "Bo", "birth_date": "2010-06-02", "age": 13},
        {"id": "cy", "name": "Cy", "birth_date": "2010-06-02", "age": 12, "age_on": "2023-06-01"},
    ]
    case = case_from_data(minimal(persons=persons))
    assert [p.age_at(case.as_of) for p in case.persons] == [14, 13, 13]


def test_an_age_of_max_age_is_accepted(minimal: Make) -> None:
    case = case_from_data(minimal(persons=[{"id": "anna", "name": "Anna", "age": MAX_AGE}]))
    assert case.persons[0].age_at(case.as_of) == MAX_AGE


def test_a_birth_date_giving_max_age_is_accepted(minimal: Make) -> None:
    data = minimal(
        as_of="2026-01-01", persons=[{"id": "anna", "name": "Anna", "birth_date": "1900-12-31"}]
    )
    case = case_from_data(data)
    assert case.persons[0].age_at(case.as_of) == MAX_AGE


@pytest.mark.parametrize(
    ("lists", "path", "message", "suggestion"),
    [
        (
            {"concerns": [{"id": "c", "kind": "child_distres", "about": ["anna"]}]},
            "concerns[0].kind",
            "Unknown concern kind 'child_distres'.",
            "Did you mean 'child_distress'",
        ),
        (
            {"relations": [{"kind": "paren", "from": "anna", "to": "bo"}]},
            "relations[0].kind",
            "Unknown relation kind 'paren'.",
            "Did you mean 'parent'",
        ),
        (
            {"services": [{"service": "scool", "person": "anna"}]},
            "services[0].service",
            "Unknown service 'scool'.",
            "Did you mean 'school'",
        ),
        (
            {"consents": [{"given_by": "anna", "share_with": ["barnevernstjenesten"]}]},
            "consents[0].share_with[0]",
            "Unknown service 'barnevernstjenesten'.",
            "Did you mean 'child_welfare'",
        ),
    ],
)
def test_unknown_vocabulary(
    minimal: Make, lists: dict[str, Any], path: str, message: str, suggestion: str
) -> None:
    lists["persons"] = [
        {"id": "anna", "name": "Anna", "age": 35},
        {"id": "bo", "name": "Bo", "age": 5},
    ]
    problem = _one(minimal(**lists), "FC305", path)
    assert problem.message == message
    assert problem.suggestion is not None
    assert problem.suggestion.startswith(suggestion)


def test_person_in_two_households(minimal: Make) -> None:
    data = minimal(
        persons=[{"id": "anna", "name": "Anna"}, {"id": "bo", "name": "Bo"}],
        households=[{"id": "h1", "members": ["anna", "bo"]}, {"id": "h2", "members": ["bo"]}],
    )
    problem = _one(data, "FC310", "households[1].members[0]")
    assert "'bo'" in problem.message
    assert "'h1'" in problem.message
    assert "'h2'" in problem.message


@pytest.mark.parametrize(
    ("mutate", "path", "suggestion"),
    [
        (lambda d: d["persons"][0].update(nmae="x"), "persons[0].nmae", "Did you mean 'name'?"),
        (
            lambda d: d["concerns"][0].update(exposure=["cara"]),
            "concerns[0].exposure",
            "Did you mean 'exposed'?",
        ),
        (lambda d: d.update(asof="2024-01-01"), "asof", "Did you mean 'as_of'?"),
        (lambda d: d["relations"][0].update(from_="anna"), "relations[0].from_", None),
    ],
    ids=["nmae", "exposure", "asof", "from_"],
)
def test_unknown_field(
    family: dict[str, Any], mutate: Callable[[dict[str, Any]], None], path: str, suggestion: str
) -> None:
    mutate(family)
    problem = _one(family, "FC302", path)
    assert problem.message.startswith("Unknown field")
    if suggestion is not None:
        assert problem.suggestion == suggestion
    else:
        assert problem.suggestion


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.pop("as_of"), "as_of"),
        (lambda d: d["persons"][1].pop("name"), "persons[1].name"),
        (lambda d: d["concerns"][0].pop("about"), "concerns[0].about"),
        (lambda d: d["relations"][2].pop("from"), "relations[2].from"),
        (lambda d: d["services"][0].pop("service"), "services[0].service"),
    ],
    ids=["as_of", "name", "about", "from", "service"],
)
def test_missing_field(
    family: dict[str, Any], mutate: Callable[[dict[str, Any]], None], path: str
) -> None:
    mutate(family)
    problem = _one(family, "FC301", path)
    assert problem.message == "This field is required."
    assert problem.suggestion == f"Add '{path.rsplit('.', 1)[-1]}'."


def test_every_problem_is_reported_at_once(family: dict[str, Any]) -> None:
    family["relations"][0]["to"] = "carra"
    family["services"][1]["service"] = "scool"
    family["households"][1]["members"].append("anna")
    problems = _errors(family)
    assert sorted((p.code, p.path) for p in problems) == [
        ("FC304", "relations[0].to"),
        ("FC305", "services[1].service"),
        ("FC310", "households[1].members[1]"),
    ]


def test_source_names_the_input_in_problems(minimal: Make) -> None:
    with pytest.raises(CaseError) as info:
        case_from_data(minimal(persons=[]), source="request-42")
    problem = info.value.problems[0]
    assert problem.file == "request-42"
    assert problem.path == "persons"
    assert "request-42  persons  [FC303]" in str(info.value)


def test_bad_id_pattern(minimal: Make) -> None:
    data = minimal(persons=[{"id": "Anna Smith", "name": "Anna"}])
    _one(data, "FC303", "persons[0].id")


def test_dates_out_of_order(minimal: Make) -> None:
    data = minimal(
        persons=[{"id": "anna", "name": "A"}, {"id": "bo", "name": "B"}],
        relations=[
            {
                "kind": "partner",
                "from": "anna",
                "to": "bo",
                "since": "2020-01-01",
                "until": "2019-01-01",
            },
        ],
    )
    _one(data, "FC308", "relations[0].until")


# -- ages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2010-03-15", "2028-03-14", 17),
        ("2010-03-15", "2028-03-15", 18),
        ("2010-03-15", "2028-03-16", 18),
        ("2010-03-15", "2010-03-15", 0),
        ("2010-12-31", "2011-12-30", 0),
        ("2010-12-31", "2011-12-31", 1),
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-29", 20),
    ],
)
def test_age_at_with_birth_date_around_birthdays(born: str, on: str, age: int) -> None:
    person = Person(id="p", name="P", birth_date=date.fromisoformat(born))
    assert person.age_at(date.fromisoformat(on)) == age


@pytest.mark.parametrize(
    ("on", "age"),
    [
        ("2018-10-01", 8),
        ("2019-09-30", 8),
        ("2019-10-01", 9),
        ("2019-10-15", 9),
        ("2028-10-01", 18),
    ],
)
def test_stated_age_grows_by_whole_years(on: str, age: int) -> None:
    person = Person(id="jon", name="Jon", age=8, age_on=date(2018, 10, 1))
    assert person.age_at(date.fromisoformat(on)) == age


def test_stated_age_without_age_on_is_the_age_on_as_of(minimal: Make) -> None:
    person = Person(id="p", name="P", age=30)
    assert person.age_at(date(2030, 1, 1)) == 30
    assert Person(id="q", name="Q").age_at(date(2030, 1, 1)) is None


def test_relation_current_boundaries() -> None:
    rel = Relation.model_validate(
        {"kind": "partner", "from": "a", "to": "b", "since": "2020-01-01", "until": "2022-01-01"}
    )
    assert not rel.current(date(2019, 12, 31))
    assert rel.current(date(2020, 1, 1))
    assert rel.current(date(2021, 12, 31))
    assert not rel.current(date(2022, 1, 1))  # ended on that day
    assert Relation.model_validate({"kind": "parent", "from": "a", "to": "b"}).current(
        date(1900, 1, 1)
    )


# -- schema and privacy -------------------------------------------------------------------------


def test_json_schema_has_the_main_fields() -> None:
    schema = Case.model_json_schema()
    assert isinstance(schema, dict)
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"as_of", "persons"}
    assert {
        "id",
        "as_of",
        "persons",
        "relations",
        "households",
        "concerns",
        "services",
        "consents",
    } <= set(schema["properties"])
    assert schema.get("additionalProperties") is False
    defs = schema["$defs"]
    assert {"Person", "Relation", "Household", "Concern", "ServiceInvolvement", "Consent"} <= set(
        defs
    )
    assert "from" in defs["Relation"]["properties"]
    assert "from_" not in defs["Relation"]["properties"]
    assert {"id", "name"} <= set(defs["Person"]["required"])
    assert schema["properties"]["as_of"]["format"] == "date"


SECRET_NAME = "Hemmelig Navnesen"
SECRET_NOTE = "fortrolig notat om familien"


def test_repr_and_str_show_ids_but_never_names_or_notes(family: dict[str, Any]) -> None:
    family["persons"][0]["name"] = SECRET_NAME
    family["concerns"][0]["note"] = SECRET_NOTE
    family["households"][0]["note"] = SECRET_NOTE
    case = case_from_data(family)
    person, concern, household = case.persons[0], case.concerns[0], case.households[0]
    assert isinstance(person, Person)
    assert isinstance(concern, Concern)
    assert isinstance(household, Household)
    for obj, ident in [
        (case, "test_family"),
        (person, "anna"),
        (concern, "c_conflict"),
        (household, "home"),
    ]:
        for text in (repr(obj), str(obj), f"{obj}", f"{obj!r}"):
            assert ident in text
            assert SECRET_NAME not in text
            assert SECRET_NOTE not in text
            assert "Anna" not in text
    assert SECRET_NAME not in repr(case.persons)
    assert SECRET_NOTE not in repr(case.concerns)
    assert repr(case.relations[0]) == "Relation(id='r_anna_cara')"


def test_case_errors_never_repeat_names_or_notes(family: dict[str, Any]) -> None:
    family["persons"][0]["name"] = SECRET_NAME
    family["persons"][0]["age"] = 300
    family["persons"][1]["name"] = SECRET_NAME * 20  # too long
    family["concerns"][0]["note"] = SECRET_NOTE * 200  # too long
    family["households"][0]["note"] = 12345
    problems = _errors(family)
    assert {p.path for p in problems} == {
        "persons[0].age",
        "persons[1].name",
        "concerns[0].note",
        "households[0].note",
    }
    assert {p.code for p in problems if p.path != "persons[0].age"} <= {"FC303", "FC309"}
    text = "\n".join(p.format() for p in problems)
    assert SECRET_NAME not in text
    assert SECRET_NOTE[:20] not in text
    assert "12345" not in text
