"""The case model's own checks: dates in order, possible ages, households listed once.

Each problem has its code, the path of the field, a message that names ids only and a
suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _case_problems import one_problem

from familycase.case.model import MAX_AGE, case_from_data
from familycase.errors import CaseError

Make = Callable[..., dict[str, Any]]

_TWO = [{"id": "anna", "name": "Anna", "age": 35}, {"id": "bo", "name": "Bo", "age": 5}]


_one = one_problem


# -- date order ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lists", "path", "message"),
    [
        (
            {
                "persons": _TWO,
                "relations": [
                    {
                        "kind": "parent",
                        "from": "anna",
                        "to": "bo",
                        "since": "2020-01-01",
                        "until": "2019-12-31",
                    }
                ],
            },
            "relations[0].until",
            "'until' is before 'since'.",
        ),
        (
            {
                "concerns": [
                    {
                        "id": "c",
                        "kind": "depression",
                        "about": ["anna"],
                        "since": "2020-01-01",
                        "until": "2019-12-31",
                    }
                ]
            },
            "concerns[0].until",
            "'until' is before 'since'.",
        ),
        (
            {
                "services": [
                    {
                        "service": "gp",
                        "person": "anna",
                        "since": "2020-01-01",
                        "until": "2019-12-31",
                    }
                ]
            },
            "services[0].until",
            "'until' is before 'since'.",
        ),
        (
            {
                "consents": [
                    {
                        "given_by": "anna",
                        "share_with": ["gp"],
                        "given_on": "2020-01-01",
                        "withdrawn_on": "2019-12-31",
                    }
                ]
            },
            "consents[0].withdrawn_on",
            "'withdrawn_on' is before 'given_on'.",
        ),
    ],
    ids=["relation", "concern", "service", "consent"],
)
def test_an_end_before_its_start_is_refused(
    minimal: Make, lists: dict[str, Any], path: str, message: str
) -> None:
    problem = _one(minimal(**lists), "FC308", path)
    assert problem.message == message
    assert problem.suggestion is not None
    assert problem.suggestion.startswith("Check the dates")


def test_an_end_on_its_start_is_accepted(minimal: Make) -> None:
    day = "2020-01-01"
    data = minimal(
        persons=_TWO,
        relations=[{"kind": "parent", "from": "anna", "to": "bo", "since": day, "until": day}],
        concerns=[{"id": "c", "kind": "depression", "about": ["anna"], "since": day, "until": day}],
        services=[{"service": "gp", "person": "anna", "since": day, "until": day}],
        consents=[{"given_by": "anna", "share_with": ["gp"], "given_on": day, "withdrawn_on": day}],
    )
    case_from_data(data)


@pytest.mark.parametrize("field", ["since", "noted_on", "last_incident"])
def test_a_concern_cannot_begin_after_the_evaluation_date(minimal: Make, field: str) -> None:
    concern = {"id": "c1", "kind": "depression", "about": ["anna"], field: "2024-06-02"}
    problem = _one(minimal(concerns=[concern]), "FC308", f"concerns[0].{field}")
    assert problem.message == f"Concern 'c1': '{field}' is after the evaluation date 2024-06-01."
    assert problem.suggestion is not None
    assert "as_of" in problem.suggestion


def test_a_concern_beginning_on_the_evaluation_date_is_accepted(minimal: Make) -> None:
    concern = {
        "id": "c1",
        "kind": "depression",
        "about": ["anna"],
        "since": "2024-06-01",
        "noted_on": "2024-06-01",
        "last_incident": "2024-06-01",
    }
    case_from_data(minimal(concerns=[concern]))


def test_a_last_incident_after_the_evaluation_date_says_where_a_planned_date_goes(
    minimal: Make,
) -> None:
    concern = {"id": "c1", "kind": "partner_violence", "about": ["anna"]}
    concern["last_incident"] = "2024-07-01"
    problem = _one(minimal(concerns=[concern]), "FC308", "concerns[0].last_incident")
    assert problem.suggestion is not None
    assert "'events'" in problem.suggestion


# -- dated events ---------------------------------------------------------------------


def _event(**fields: Any) -> dict[str, Any]:
    return {"id": "e1", "kind": "eviction", "persons": ["anna"], "on": "2024-06-10", **fields}


def test_an_event_before_after_or_on_the_evaluation_date_is_accepted(minimal: Make) -> None:
    days = ("2024-05-01", "2024-06-01", "2025-01-01")
    events = [_event(id=f"e{n}", on=day, note="free text") for n, day in enumerate(days)]
    case = case_from_data(minimal(events=events))
    assert [e.on.isoformat() for e in case.events] == list(days)


def test_an_unknown_event_kind_is_refused_with_the_closest(minimal: Make) -> None:
    problem = _one(minimal(events=[_event(kind="evicton")]), "FC305", "events[0].kind")
    assert problem.message == "Unknown event kind 'evicton'."
    assert problem.suggestion is not None
    assert "Did you mean 'eviction'" in problem.suggestion


def test_an_event_naming_an_unknown_person_is_refused(minimal: Make) -> None:
    problem = _one(
        minimal(events=[_event(persons=["anna", "ana"])]), "FC304", "events[0].persons[1]"
    )
    assert problem.message == "Unknown person id 'ana'."
    assert problem.suggestion == "Did you mean 'anna'?"


def test_an_event_needs_a_person_and_a_date(minimal: Make) -> None:
    _one(minimal(events=[_event(persons=[])]), "FC303", "events[0].persons")
    event = _event()
    del event["on"]
    _one(minimal(events=[event]), "FC301", "events[0].on")


def test_events_with_one_id_or_a_person_twice_are_refused(minimal: Make) -> None:
    _one(minimal(events=[_event(), _event()]), "FC306", "events[1].id")
    _one(minimal(events=[_event(persons=["anna", "anna"])]), "FC306", "events[0].persons[1]")


def test_an_unknown_event_field_is_refused_with_the_closest(minimal: Make) -> None:
    event = _event()
    event["date"] = event.pop("on")
    with pytest.raises(CaseError) as info:
        case_from_data(minimal(events=[event]))
    codes = {(p.code, p.path) for p in info.value.problems}
    assert ("FC302", "events[0].date") in codes
    assert ("FC301", "events[0].on") in codes


# -- ages ----------------------------------------------------------------------------------------


def test_an_age_stated_long_ago_cannot_make_a_person_older_than_max_age(minimal: Make) -> None:
    person = {"id": "anna", "name": "Anna", "age": 34, "age_on": "1900-01-01"}
    problem = _one(minimal(persons=[person]), "FC308", "persons[0].age_on")
    assert problem.message.startswith(f"Person 'anna' would be older than {MAX_AGE}")
    assert "Anna" not in problem.message
    assert problem.suggestion is not None
    assert "age_on" in problem.suggestion


def test_an_age_stated_long_ago_reaching_exactly_max_age_is_accepted(minimal: Make) -> None:
    person = {"id": "anna", "name": "Anna", "age": MAX_AGE - 24, "age_on": "2000-06-01"}
    case = case_from_data(minimal(persons=[person]))
    assert case.persons[0].age_at(case.as_of) == MAX_AGE


# -- households ----------------------------------------------------------------------------------


def test_a_person_listed_twice_in_one_household(minimal: Make) -> None:
    data = minimal(persons=_TWO, households=[{"id": "home", "members": ["anna", "bo", "anna"]}])
    problem = _one(data, "FC306", "households[0].members[2]")
    assert problem.message == "Person 'anna' is listed twice in household 'home'."
    assert problem.suggestion is not None
    assert "once" in problem.suggestion


def test_a_person_listed_twice_in_a_second_household(minimal: Make) -> None:
    data = minimal(
        persons=_TWO,
        households=[{"id": "h1", "members": ["anna"]}, {"id": "h2", "members": ["anna", "anna"]}],
    )
    with pytest.raises(CaseError) as info:
        case_from_data(data)
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("FC310", "households[1].members[0]"),
        ("FC306", "households[1].members[1]"),
    ]


# -- every problem of the model's own checks says how to fix it -----------------------------------


@pytest.mark.parametrize(
    ("lists", "code", "path", "suggestion"),
    [
        (
            {"persons": [{"id": "anna", "name": "Anna", "birth_date": "1890-01-01"}]},
            "FC308",
            "persons[0].birth_date",
            "Check the birth date or as_of.",
        ),
        (
            {"persons": [{"id": "anna", "name": "Anna", "age": 10, "age_on": "2024-06-02"}]},
            "FC308",
            "persons[0].age_on",
            "Check the age_on date or as_of",
        ),
        (
            {"persons": [{"id": "anna", "name": "An\nna"}]},
            "FC303",
            "persons[0].name",
            "Remove it.",
        ),
        (
            {"persons": [{"id": "anna", "name": "An\x1b[2Jna"}]},
            "FC303",
            "persons[0].name",
            "Remove the character",
        ),
        (
            {"households": [{"id": "h", "members": ["anna"], "note": "bell\x07"}]},
            "FC303",
            "households[0].note",
            "Remove the character",
        ),
    ],
    ids=["older-than-max", "age-on-after-as-of", "line-break-in-name", "escape", "note"],
)
def test_the_model_s_own_problems_have_suggestions(
    minimal: Make, lists: dict[str, Any], code: str, path: str, suggestion: str
) -> None:
    problem = _one(minimal(**lists), code, path)
    assert problem.suggestion is not None
    assert problem.suggestion.startswith(suggestion)
    assert not problem.message.endswith(problem.suggestion)
    assert "Anna" not in problem.message + problem.suggestion


def test_every_problem_of_a_bad_case_has_a_suggestion(family: dict[str, Any]) -> None:
    # the checks across the case (field values are valid, so they all run)
    family["as_of"] = "2024-06-01"
    family["persons"][0]["age_on"] = "2025-01-01"
    family["persons"][2]["birth_date"] = "1800-01-01"
    family["persons"][3]["birth_date"] = "2030-01-01"
    family["persons"][4].update(age=40, birth_date="2000-01-01")
    family["relations"][0].update(since="2020-01-01", until="2019-01-01")
    family["relations"][1].update(to="anna")
    family["households"][0]["members"].append("eva")
    family["households"][0]["members"].append("anna")
    family["concerns"][0].update(since="2025-01-01", until="2019-01-01", kind="depresion")
    family["concerns"][1].update(reported_by="zzzz", noted_on="2024-07-01")
    family["services"][0].update(since="2024-01-01", until="2023-01-01", service="zzzz")
    family["consents"][0].update(given_on="2024-01-01", withdrawn_on="2023-01-01")
    family["consents"][0]["share_with"].append("zzzz")
    family["consents"].append(family["consents"][0])
    with pytest.raises(CaseError) as info:
        case_from_data(family)
    problems = info.value.problems
    assert len(problems) >= 18
    assert {p.code for p in problems} == {"FC304", "FC305", "FC306", "FC307", "FC308", "FC310"}
    for problem in problems:
        assert problem.suggestion, problem
        for name in ("Anna", "Ben", "Cara", "Dan", "Eva"):
            assert name not in problem.message + problem.suggestion, problem


def test_a_parent_as_old_as_or_younger_than_the_child_is_refused() -> None:
    data = {
        "as_of": "2025-03-01",
        "persons": [
            {"id": "mother", "name": "Kari", "age": 10},
            {"id": "son", "name": "Ola", "age": 34},
        ],
        "relations": [{"kind": "parent", "from": "mother", "to": "son"}],
    }
    with pytest.raises(CaseError) as caught:
        case_from_data(data)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("FC308", "relations[0].from")
    assert problem.suggestion is not None
    assert "Kari" not in str(caught.value)
    data["relations"] = [{"kind": "parent", "from": "son", "to": "mother"}]  # the right way
    assert case_from_data(data).relations[0].from_ == "son"
