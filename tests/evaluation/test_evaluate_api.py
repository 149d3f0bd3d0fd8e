"""``evaluate``'s arguments: another evaluation date, a wrong rulebook, an unvalidated case."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import familycase
from familycase import CaseError, UsageError, evaluate
from familycase.case.model import Case, Person


def _family() -> dict[str, Any]:
    return {
        "as_of": "2025-03-01",
        "persons": [
            {"id": "mother", "name": "Kari", "age": 34},
            {"id": "child", "name": "Ola", "age": 17},
            {"id": "baby", "name": "Per", "birth_date": "2024-05-05"},
        ],
        "relations": [
            {"kind": "parent", "from": "mother", "to": "child"},
            {"kind": "parent", "from": "mother", "to": "baby"},
        ],
    }


def _ages(assessment: familycase.Assessment) -> dict[str, tuple[int | None, str]]:
    return {p.person: (p.age, p.age_group) for p in assessment.persons}


@pytest.mark.parametrize(
    ("on", "ages"),
    [
        ("2025-03-01", {"mother": (34, "adult"), "child": (17, "child"), "baby": (0, "child")}),
        ("2026-03-01", {"mother": (35, "adult"), "child": (18, "young_adult")}),
        ("2026-02-28", {"mother": (34, "adult"), "child": (17, "child")}),
        ("2040-01-01", {"mother": (48, "adult"), "child": (31, "adult"), "baby": (15, "child")}),
        ("2025-01-01", {"mother": (33, "adult"), "child": (16, "child")}),
    ],
)
def test_ages_given_without_a_birth_date_follow_another_evaluation_date(
    on: str, ages: dict[str, tuple[int, str]]
) -> None:
    # an age without age_on holds on the case's own date; on another date people are older
    # (or younger), as with a birth date
    found = _ages(evaluate(_family(), as_of=on))
    assert {pid: found[pid] for pid in ages} == ages
    assert _ages(evaluate(familycase.case_from_data(_family()), as_of=on)) == found


def test_a_scenario_case_can_be_evaluated_on_an_earlier_date() -> None:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    case = scenario.case_at("phase1")  # ages stated on the phase's date (age_on)
    earlier = evaluate(case, as_of="2018-06-01")
    ages = _ages(earlier)
    assert ages["jon"] == (7, "child")
    assert ages["maria"] == (39, "adult")
    assert earlier.as_of == date(2018, 6, 1)
    assert [s.measure for s in earlier.duties] == [s.measure for s in evaluate(case).duties]


def test_someone_not_born_yet_on_the_evaluation_date_is_refused_by_id() -> None:
    with pytest.raises(CaseError) as caught:
        evaluate(_family() | {"as_of": "2025-03-01"}, as_of="2000-01-01")
    problems = {p.path: p for p in caught.value.problems}
    # the child (17 in 2025) and the baby (born 2024), in one go; the mother was 9
    assert set(problems) == {"persons[1].age", "persons[2].birth_date"}
    assert {p.code for p in problems.values()} == {"FC308"}
    assert "'child'" in str(caught.value)
    assert "Ola" not in str(caught.value)


@pytest.mark.parametrize("rulebook", ["rules", Path("rules")])
def test_a_path_as_rulebook_gets_a_usage_error_that_says_what_to_do(rulebook: Any) -> None:
    with pytest.raises(UsageError, match=r"familycase\.load_rulebook\(path\)"):
        evaluate(_family(), rulebook=rulebook)


def test_a_case_built_without_validation_fails_as_a_case_error_naming_the_field() -> None:
    person = Person.model_construct(
        id="a", name="K", age="Kari Nordmann secret", birth_date=None, age_on=None
    )
    case = Case.model_construct(
        id="x", as_of=date(2025, 3, 1), persons=[person], relations=[], households=[],
        concerns=[], services=[], consents=[],
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic's serialization warning shows the value
        with pytest.raises(CaseError) as caught:
            evaluate(case)
        results = list(familycase.evaluate_many([case], workers=0))
    assert [p.path for p in caught.value.problems] == ["persons[0].age"]
    assert "Kari" not in str(caught.value)
    assert results[0].error is not None
    assert results[0].error.type == "CaseError"


def test_load_scenario_refuses_what_is_not_a_path_and_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="takes a file path"):
        familycase.load_scenario(5)  # type: ignore[arg-type]
    case = tmp_path / "case.yaml"
    case.write_text(
        "as_of: 2025-03-01\npersons: [{id: a, name: Kari Nordmann, age: 34}]\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="is a case file, not a scenario") as caught:
        familycase.load_scenario(case)
    assert "Kari" not in str(caught.value)


@pytest.mark.parametrize("name", ["../rules/duties/child_welfare", "/etc/passwd", "", "x y"])
def test_scenario_path_names_only_shipped_scenarios(name: str) -> None:
    with pytest.raises(UsageError, match="No shipped scenario"):
        familycase.scenario_path(name)


@pytest.mark.parametrize("on", [datetime(2025, 6, 1, 12, 0), 1748736000, "2025-06-01T00:00:00"])
def test_another_evaluation_date_must_be_a_date(on: Any) -> None:
    with pytest.raises(CaseError) as caught:
        evaluate(_family(), as_of=on)
    assert [p.path for p in caught.value.problems] == ["as_of"]


def test_a_phase_date_must_be_a_date(tmp_path: Path) -> None:
    source = familycase.scenario_path("maria_and_david").read_text(encoding="utf-8")
    broken = tmp_path / "s.yaml"
    broken.write_text(source.replace("date: 2018-10-01", "date: 1538352000", 1), encoding="utf-8")
    with pytest.raises(familycase.ContentError) as caught:
        familycase.load_scenario(broken)
    assert [p.path for p in caught.value.problems] == ["phases[0].date"]


@pytest.mark.parametrize("data", [None, "x", 5, ["a"]])
def test_case_data_that_is_not_a_mapping_is_a_usage_error(data: Any) -> None:
    with pytest.raises(UsageError, match=r"A case is a familycase\.Case or a mapping"):
        familycase.case_from_data(data)


def test_load_rulebook_refuses_what_is_not_a_path() -> None:
    with pytest.raises(UsageError, match="takes a rules folder or file path"):
        familycase.load_rulebook(1)  # type: ignore[arg-type]
