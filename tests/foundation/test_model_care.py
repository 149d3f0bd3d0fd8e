"""Issue 12: parental responsibility, daily care, child welfare levels and reports made are
checked with located errors; old cases (without them) stay valid."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from familycase import CaseError, case_from_data
from familycase.case.graph import CaseGraph
from familycase.case.model import ChildWelfareLevel
from familycase.rules.fact_types import CHILD_WELFARE_LEVELS
from familycase.rules.vocabulary import load_vocabularies


def _problems(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(CaseError) as exc:
        case_from_data(data)
    return [(p.path, p.code, p.suggestion or "") for p in exc.value.problems]


def test_the_levels_are_one_list_in_model_facts_and_terms() -> None:
    assert get_args(ChildWelfareLevel) == CHILD_WELFARE_LEVELS
    assert tuple(load_vocabularies().terms["child_welfare_level"]) == CHILD_WELFARE_LEVELS


def test_an_unknown_level_is_refused_with_did_you_mean(family: dict[str, Any]) -> None:
    family["services"].append({"service": "child_welfare", "person": "cara", "level": "aftercar"})
    ((path, code, hint),) = _problems(family)
    assert (path, code) == ("services[3].level", "FC303")
    assert "Did you mean 'aftercare'" in hint


def test_a_level_on_another_service_is_refused(family: dict[str, Any]) -> None:
    family["services"][1]["level"] = "investigation"  # school
    assert [p[0] for p in _problems(family)] == ["services[1].level"]


def test_care_fields_on_a_relation_that_is_not_caregiving_are_refused(
    family: dict[str, Any],
) -> None:
    family["relations"][2]["parental_responsibility"] = True  # partner
    family["relations"][6]["daily_care"] = False  # sibling
    paths = [p[0] for p in _problems(family)]
    assert paths == ["relations[2].parental_responsibility", "relations[6].daily_care"]


def test_care_fields_must_be_bools(family: dict[str, Any]) -> None:
    family["relations"][0]["parental_responsibility"] = "yes"
    ((path, code, _),) = _problems(family)
    assert (path, code) == ("relations[0].parental_responsibility", "FC303")


def test_a_report_field_typo_gets_did_you_mean(family: dict[str, Any]) -> None:
    family["reports"] = [
        {"id": "r1", "concerning": ["cara"], "by": "nav_office", "onn": "2024-01-01"}
    ]
    problems = _problems(family)
    assert ("reports[0].onn", "FC302") in [p[:2] for p in problems]
    assert any("'on'" in p[2] for p in problems)


@pytest.mark.parametrize(
    ("report", "path", "code"),
    [
        (
            {"concerning": ["carra"], "by": "nav_office", "on": "2024-01-01"},
            "reports[0].concerning[0]",
            "FC304",
        ),
        (
            {"concerning": ["anna"], "by": "nav_office", "on": "2024-01-01"},
            "reports[0].concerning[0]",
            "FC308",
        ),
        ({"concerning": ["cara"], "by": "nav_ofice", "on": "2024-01-01"}, "reports[0].by", None),
        (
            {"concerning": ["cara"], "by": "nav_office", "on": "2024-07-01"},
            "reports[0].on",
            "FC308",
        ),
        ({"concerning": ["cara"], "by": "nav_office", "on": "2024-1-1"}, "reports[0].on", "FC303"),
    ],
)
def test_a_bad_report_is_located(
    family: dict[str, Any], report: dict[str, Any], path: str, code: str | None
) -> None:
    family["reports"] = [{"id": "r1", **report}]
    problems = _problems(family)
    assert [p[0] for p in problems] == [path]
    if code is not None:
        assert problems[0][1] == code


def test_a_child_of_17_stated_today_is_not_refused_for_a_report_last_year(
    family: dict[str, Any],
) -> None:
    family["persons"].append({"id": "teen", "name": "Teen", "age": 18})
    family["reports"] = [{"id": "r1", "concerning": ["teen"], "by": "anna", "on": "2024-01-01"}]
    case_from_data(family)  # 18 today, possibly 17 in January: not refused


def test_recorded_daily_care_decides_who_cares_day_to_day(family: dict[str, Any]) -> None:
    # anna lives with cara but is recorded without daily care; ben is not her parent
    family["relations"][0]["daily_care"] = False
    graph = CaseGraph(case_from_data(family))
    anna = next(c for c in graph.caregivers("cara") if c.carer == "anna")
    assert anna.lives_with
    assert not anna.daily_care
    # eva, living elsewhere, recorded with daily care of cara as a temporary carer
    family["relations"].append(
        {"kind": "temporary_carer", "from": "eva", "to": "cara", "daily_care": True}
    )
    graph = CaseGraph(case_from_data(family))
    eva = next(c for c in graph.caregivers("cara") if c.carer == "eva")
    assert not eva.lives_with
    assert eva.daily_care


def test_old_cases_without_the_new_fields_keep_working(family: dict[str, Any]) -> None:
    case = case_from_data(family)
    assert case.reports == []
    assert all(r.parental_responsibility is None for r in case.relations)
