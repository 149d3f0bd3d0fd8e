"""The family graph: ages and age groups, caregivers, households, exposure, services."""

from __future__ import annotations

from typing import Any

import pytest

from familycase.case.canonical import item_key
from familycase.case.graph import Caregiver, CaseGraph
from familycase.case.model import case_from_data


def _graph(data: dict[str, Any]) -> CaseGraph:
    return CaseGraph(case_from_data(data))


def _person(pid: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid.title(), **fields}


# -- ages and age groups -----------------------------------------------------------------------


@pytest.fixture
def ages() -> CaseGraph:
    return _graph(
        {
            "as_of": "2026-05-10",
            "persons": [
                _person("turns18today", birth_date="2008-05-10"),
                _person("turns18tomorrow", birth_date="2008-05-11"),
                _person("turns26today", birth_date="2000-05-10"),
                _person("turns26tomorrow", birth_date="2000-05-11"),
                _person("newborn", birth_date="2026-05-10"),
                _person("stated17", age=17, age_on="2025-05-10"),
                _person("stated17now", age=17),
                _person("grownup", age=40),
                _person("unknown"),
            ],
        }
    )


def test_ages_on_as_of(ages: CaseGraph) -> None:
    assert ages.age("turns18today") == 18
    assert ages.age("turns18tomorrow") == 17
    assert ages.age("turns26today") == 26
    assert ages.age("turns26tomorrow") == 25
    assert ages.age("newborn") == 0
    assert ages.age("stated17") == 18
    assert ages.age("stated17now") == 17
    assert ages.age("unknown") is None


def test_children_are_under_18_on_as_of(ages: CaseGraph) -> None:
    assert ages.children == ["turns18tomorrow", "newborn", "stated17now"]


def test_young_adults_are_18_to_25(ages: CaseGraph) -> None:
    assert ages.young_adults == ["turns18today", "turns26tomorrow", "stated17"]


def test_age_groups(ages: CaseGraph) -> None:
    assert ages.age_group("turns18today") == "young_adult"
    assert ages.age_group("turns18tomorrow") == "child"
    assert ages.age_group("turns26today") == "adult"
    assert ages.age_group("turns26tomorrow") == "young_adult"
    assert ages.age_group("grownup") == "adult"
    assert ages.age_group("unknown") == "unknown"
    assert "unknown" not in ages.children
    assert "unknown" not in ages.young_adults


# -- caregivers --------------------------------------------------------------------------------


def test_parents_and_step_parent_are_caregivers(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert graph.children == ["cara", "dan"]
    assert graph.caregivers("cara") == [
        Caregiver("cara", "anna", "parent", True, False, "relation:r_anna_cara", daily_care=True),
        Caregiver(
            "cara", "ben", "step_parent", True, False, "relation:r_ben_cara", daily_care=True
        ),
    ]
    assert [(c.carer, c.relation) for c in graph.caregivers("dan")] == [
        ("anna", "parent"),
        ("ben", "parent"),
    ]


def test_adult_without_caregiving_relation_is_not_a_carer_unless_living_with_child(
    family: dict[str, Any],
) -> None:
    graph = _graph(family)
    assert "eva" not in {c.carer for c in graph.caregivers("cara")}  # aunt living elsewhere


def _relatives_family() -> dict[str, Any]:
    """A child living with her aunt and uncle; mother and father live elsewhere."""
    return {
        "as_of": "2024-06-01",
        "persons": [
            _person("mum", age=30),
            _person("dad", age=33),
            _person("lisa", age=9),
            _person("aunt", age=45),
            _person("uncle", age=47),
            _person("cousin", age=17),
            _person("gran", age=70),
        ],
        "relations": [
            {"id": "r_mum_lisa", "kind": "parent", "from": "mum", "to": "lisa"},
            {"id": "r_dad_lisa", "kind": "parent", "from": "dad", "to": "lisa"},
            {"id": "r_aunt_lisa", "kind": "aunt_uncle", "from": "aunt", "to": "lisa"},
            {"id": "r_aunt_uncle", "kind": "partner", "from": "aunt", "to": "uncle"},
            {"id": "r_cousin", "kind": "extended_family", "from": "cousin", "to": "lisa"},
            {"id": "r_gran_lisa", "kind": "grandparent", "from": "gran", "to": "lisa"},
            {
                "id": "r_mum_dad",
                "kind": "partner",
                "from": "mum",
                "to": "dad",
                "until": "2023-01-01",
            },
            {"id": "r_mum_dad_former", "kind": "former_partner", "from": "dad", "to": "mum"},
            {
                "id": "r_old_foster",
                "kind": "foster_parent",
                "from": "gran",
                "to": "lisa",
                "until": "2022-08-01",
            },
            {
                "id": "r_future",
                "kind": "temporary_carer",
                "from": "mum",
                "to": "cousin",
                "since": "2025-01-01",
            },
        ],
        "households": [
            {"id": "relatives", "members": ["aunt", "uncle", "lisa", "cousin"]},
            {"id": "mum_flat", "members": ["mum"]},
        ],
    }


def test_relatives_in_the_household_are_de_facto_carers() -> None:
    graph = _graph(_relatives_family())
    assert graph.caregivers("lisa") == [
        Caregiver("lisa", "dad", "parent", False, False, "relation:r_dad_lisa"),
        Caregiver("lisa", "mum", "parent", False, False, "relation:r_mum_lisa"),
        Caregiver("lisa", "aunt", "household", True, True, "household:relatives", daily_care=True),
        Caregiver("lisa", "uncle", "household", True, True, "household:relatives", daily_care=True),
    ]


def test_a_minor_in_the_household_is_not_a_carer() -> None:
    graph = _graph(_relatives_family())
    assert "cousin" not in {c.carer for c in graph.caregivers("lisa")}


def test_ended_and_future_caregiving_relations_do_not_count() -> None:
    graph = _graph(_relatives_family())
    assert "gran" not in {c.carer for c in graph.caregivers("lisa")}  # foster care ended
    assert "mum" not in {c.carer for c in graph.caregivers("cousin")}  # not started yet


def test_temporary_carer_relation() -> None:
    data = _relatives_family()
    data["relations"].append(
        {"id": "r_aunt_carer", "kind": "temporary_carer", "from": "aunt", "to": "lisa"}
    )
    graph = _graph(data)
    aunt = next(c for c in graph.caregivers("lisa") if c.carer == "aunt")
    assert aunt == Caregiver(
        "lisa", "aunt", "temporary_carer", True, False, "relation:r_aunt_carer", daily_care=True
    )
    assert [c.carer for c in graph.caregivers("lisa")] == ["aunt", "dad", "mum", "uncle"]


def test_relation_without_id_is_sourced_by_its_content(family: dict[str, Any]) -> None:
    del family["relations"][3]["id"]  # ben step_parent of cara
    graph = _graph(family)
    ben = next(c for c in graph.caregivers("cara") if c.carer == "ben")
    assert ben.source == f"relation:{item_key(graph.case.relations[3])}"
    assert ben.source.startswith("relation:~")
    # the key follows the content, not the position: moved to the front, the same key
    family["relations"].insert(0, family["relations"].pop(3))
    moved = _graph(family)
    assert next(c for c in moved.caregivers("cara") if c.carer == "ben").source == ben.source


def test_parent_who_moved_out_is_still_a_parent_but_not_living_with_child(
    family: dict[str, Any],
) -> None:
    family["households"][0]["members"] = ["anna", "cara", "dan"]
    family["households"].append({"id": "ben_flat", "members": ["ben"]})
    family["relations"][2]["until"] = "2024-03-01"  # anna and ben separated
    graph = _graph(family)
    ben = next(c for c in graph.caregivers("dan") if c.carer == "ben")
    assert (ben.relation, ben.lives_with, ben.de_facto) == ("parent", False, False)
    anna = next(c for c in graph.caregivers("dan") if c.carer == "anna")
    assert anna.lives_with is True
    assert graph.relations_from("anna", "partner") == []
    assert graph.relations_from("ben", "partner") == []
    assert ("ben", "partner") not in graph.relations_from("anna")


# -- relations ---------------------------------------------------------------------------------


def test_symmetric_relations_hold_both_ways(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert ("ben", "partner") in graph.relations_from("anna")
    assert ("anna", "partner") in graph.relations_from("ben")
    assert ("anna", "sibling") in graph.relations_from("eva")
    assert ("eva", "sibling") in graph.relations_from("anna")
    assert graph.relations_from("cara", "half_sibling") == [("dan", "half_sibling")]
    assert graph.relations_from("dan", "half_sibling") == [("cara", "half_sibling")]


def test_directed_relations_hold_one_way(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert graph.relations_from("anna", "parent") == [("cara", "parent"), ("dan", "parent")]
    assert graph.relations_from("cara", "parent") == []
    assert graph.relations_from("ben") == [
        ("anna", "partner"),
        ("cara", "step_parent"),
        ("dan", "parent"),
    ]


def test_former_partner_is_symmetric() -> None:
    graph = _graph(_relatives_family())
    assert graph.relations_from("mum", "former_partner") == [("dad", "former_partner")]
    assert graph.relations_from("dad", "former_partner") == [("mum", "former_partner")]
    assert graph.relations_from("mum", "partner") == []  # ended in 2023


# -- households --------------------------------------------------------------------------------


def test_household_members(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert graph.household_of("cara") == "home"
    assert graph.household_members("cara") == {"anna", "ben", "cara", "dan"}
    assert graph.household_members("eva") == {"eva"}
    assert graph.household_of("eva") == "eva_flat"


def test_person_without_household() -> None:
    graph = _graph(_relatives_family())
    assert graph.household_of("dad") is None
    assert graph.household_members("dad") == {"dad"}
    assert graph.household_members("lisa") == {"aunt", "uncle", "lisa", "cousin"}


def test_child_without_household_has_only_relation_carers() -> None:
    data = _relatives_family()
    data["households"] = []
    graph = _graph(data)
    assert [(c.carer, c.de_facto) for c in graph.caregivers("lisa")] == [
        ("dad", False),
        ("mum", False),
    ]


# -- concerns and exposure ---------------------------------------------------------------------


def test_exposure_queries(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert [c.id for c in graph.concerns_about("ben")] == ["c_conflict", "c_ben_job_loss"]
    assert [c.id for c in graph.concerns_about("anna")] == ["c_conflict"]
    assert graph.concerns_about("cara") == []
    assert [c.id for c in graph.concerns_exposing("cara")] == ["c_conflict"]
    assert graph.concerns_exposing("anna") == []
    assert graph.exposed_to("c_conflict") == ["cara", "dan"]
    assert graph.exposed_to("c_ben_job_loss") == []


def test_graph_nodes_and_edges(family: dict[str, Any]) -> None:
    graph = _graph(family)
    g = graph.graph
    assert ("concern", "c_conflict") in g
    assert ("household", "home") in g
    assert ("service", "school") in g
    about = {
        t[1]
        for _, t, d in g.out_edges(("concern", "c_conflict"), data=True)
        if d["role"] == "about"
    }
    assert about == {"anna", "ben"}
    assert "test_family" in repr(graph)
    assert "Anna" not in repr(graph)


# -- services ----------------------------------------------------------------------------------


def test_services_of_a_person(family: dict[str, Any]) -> None:
    family["services"].append(
        {"id": "s_anna_gp", "service": "gp", "person": "anna", "status": "waiting"}
    )
    graph = _graph(family)
    assert [s.id for s in graph.services_of("anna")] == ["s_anna_nav", "s_anna_gp"]
    assert graph.services_of("ben") == []  # the GP involvement ended
    assert [s.id for s in graph.services_of("ben", active_only=False)] == ["s_ben_gp"]
    assert [s.service for s in graph.services_of("cara")] == ["school"]


def test_persons_without_services_and_active_services(family: dict[str, Any]) -> None:
    graph = _graph(family)
    assert graph.persons_without_services() == ["ben", "dan", "eva"]
    assert graph.active_services() == ["nav_office", "school"]


# -- exposure the case does not list ----------------------------------------------------------


def _home(**extra: Any) -> dict[str, Any]:
    """Mother and father with Ida (10) at home; Per (8) lives with his grandmother."""
    data: dict[str, Any] = {
        "as_of": "2025-06-01",
        "persons": [
            _person("mother", age=40),
            _person("father", age=42),
            _person("ida", age=10),
            _person("per", age=8),
            _person("gran", age=70),
        ],
        "relations": [
            {"kind": "parent", "from": "mother", "to": "ida"},
            {"kind": "parent", "from": "father", "to": "ida"},
            {"kind": "parent", "from": "mother", "to": "per"},
        ],
        "households": [
            {"id": "home", "members": ["mother", "father", "ida"]},
            {"id": "gran_home", "members": ["gran", "per"]},
        ],
        "concerns": [],
    }
    data.update(extra)
    return data


def _concern(cid: str, kind: str, about: list[str], exposed: list[str], **f: Any) -> Any:
    return {"id": cid, "kind": kind, "about": about, "exposed": exposed, **f}


def test_violence_between_adults_exposes_the_children_of_their_household() -> None:
    graph = _graph(_home(concerns=[_concern("c1", "partner_violence", ["father"], ["mother"])]))
    found = [(e.child, e.via, e.basis, e.concern.id) for e in graph.inferred_exposures()]
    assert found == [("ida", "father", "household", "c1")]  # not Per, who lives elsewhere


def test_a_child_the_case_lists_with_the_same_adult_is_not_inferred_again() -> None:
    graph = _graph(
        _home(
            concerns=[
                _concern("c1", "partner_violence", ["father"], ["mother"]),
                _concern("c2", "child_witnessed_violence", ["father"], ["ida"]),
            ]
        )
    )
    assert graph.inferred_exposures() == []


def test_a_carers_substance_use_exposes_the_children_in_their_daily_care() -> None:
    graph = _graph(_home(concerns=[_concern("c1", "substance_problem", ["mother"], [])]))
    found = [(e.child, e.via, e.basis) for e in graph.inferred_exposures()]
    assert found == [("ida", "mother", "daily_care")]  # Per does not live with her


def test_past_concerns_and_kinds_that_expose_no_one_infer_nothing() -> None:
    graph = _graph(
        _home(
            concerns=[
                _concern("c1", "substance_problem", ["mother"], [], status="past"),
                _concern("c2", "financial_difficulty", ["mother"], []),
            ]
        )
    )
    assert graph.inferred_exposures() == []


def test_a_carer_is_burdened_only_by_a_serious_or_repeated_concern_with_reason_to_believe() -> None:
    def burdened(**fields: Any) -> bool:
        concern = _concern("c1", "substance_problem", ["mother"], [], **fields)
        return _graph(_home(concerns=[concern])).burdened("mother")

    assert burdened(severity="serious")
    assert burdened(repeated=True)
    assert not burdened()
    assert not burdened(severity="serious", certainty="suspected")
    assert burdened(severity="serious", certainty="concrete_indications")
    assert not burdened(severity="serious", status="past")
