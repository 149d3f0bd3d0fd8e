"""Engine facts: fixed fields per type, flat typed values, sources, deterministic order."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from familycase.case.canonical import item_key
from familycase.case.facts import CaseFacts, case_facts
from familycase.case.graph import CaseGraph
from familycase.case.model import Case, case_from_data
from familycase.case.scenario import load_scenario
from familycase.rules.fact_types import FACT_TYPES
from familycase.rules.vocabulary import load_vocabularies

REPO_ROOT = Path(__file__).resolve().parents[2]


def _facts(case: Case) -> CaseFacts:
    return case_facts(CaseGraph(case))


def _cases(family: dict[str, Any]) -> list[Case]:
    """The fixture family, the family with dated events, a family with recorded care and
    reports, and every phase of every shipped scenario."""
    cases = [case_from_data(family), case_from_data(_with_events(family))]
    # a report already made, a child welfare level and recorded care
    cared = copy.deepcopy(family)
    cared["reports"] = [
        {"id": "rep1", "concerning": ["cara"], "by": "nav_office", "on": "2024-05-01"}
    ]
    cared["services"].append(
        {"service": "child_welfare", "person": "cara", "level": "investigation"}
    )
    cared["relations"][0]["parental_responsibility"] = True
    cared["relations"][0]["daily_care"] = False
    cases.append(case_from_data(cared))
    for path in sorted((REPO_ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        cases.extend(scenario.case_at(p.id) for p in scenario.phases)
    return cases


def _with_events(family: dict[str, Any]) -> dict[str, Any]:
    """The family facing an eviction in nine days, with a conflict last seen a week ago."""
    dated = {**family, "concerns": [dict(c) for c in family["concerns"]]}
    dated["concerns"][0]["last_incident"] = "2024-05-25"
    dated["events"] = [
        {"id": "e_evict", "kind": "eviction", "persons": ["anna", "cara"], "on": "2024-06-10"},
        {"id": "e_trip", "kind": "travel_abroad", "persons": ["dan"], "on": "2024-05-30"},
    ]
    return dated


def test_dates_become_days_since_the_incident_and_days_until_each_event(
    family: dict[str, Any],
) -> None:
    facts = _facts(case_from_data(_with_events(family))).facts
    events = sorted(
        (str(f["eid"]), str(f["person"]), int(f["days_until"]))
        for f in facts
        if f["type"] == "event"
    )
    assert events == [("e_evict", "anna", 9), ("e_evict", "cara", 9), ("e_trip", "dan", -2)]
    since = {
        (str(f["type"]), str(f["cid"])): f["days_since_incident"]
        for f in facts
        if f["type"] in ("concern", "exposure")
    }
    assert since[("concern", "c_conflict")] == since[("exposure", "c_conflict")] == 7
    assert since[("concern", "c_ben_job_loss")] == -1  # not recorded


def _item_refs(case: Case) -> set[str]:
    """Every reference a fact source may use for an item of ``case``."""
    refs = {f"case:{case.id}"}
    refs |= {f"person:{p.id}" for p in case.persons}
    refs |= {f"household:{h.id}" for h in case.households}
    refs |= {f"concern:{c.id}" for c in case.concerns}
    refs |= {f"event:{e.id}" for e in case.events}
    for name, items in (
        ("relation", case.relations),
        ("service", case.services),
        ("consent", case.consents),
        ("report", case.reports),
    ):
        refs |= {f"{name}:{item_key(item) if name != 'report' else item.id}" for item in items}
    return refs


def test_every_fact_has_exactly_its_declared_fields(family: dict[str, Any]) -> None:
    seen: set[str] = set()
    for case in _cases(family):
        for fact in _facts(case).facts:
            kind = fact["type"]
            assert kind in FACT_TYPES, fact
            seen.add(str(kind))
            assert set(fact) == {*FACT_TYPES[str(kind)].fields, "type", "fid"}, fact
    assert seen == set(FACT_TYPES), "the test cases produce every fact type"


def test_values_are_str_int_or_bool_and_match_their_field_kind(family: dict[str, Any]) -> None:
    vocab = load_vocabularies()
    for case in _cases(family):
        pids = {p.id for p in case.persons}
        for fact in _facts(case).facts:
            for name, value in fact.items():
                assert type(value) in (str, int, bool), (fact, name)
                if name in ("type", "fid"):
                    assert type(value) is str
                    continue
                spec = FACT_TYPES[str(fact["type"])].fields[name]
                if spec.kind == "person":
                    assert value in pids, (fact, name)
                elif spec.kind == "vocab":
                    assert spec.vocabulary is not None
                    assert value in vocab.by_name(spec.vocabulary), (fact, name)
                elif spec.kind == "enum":
                    assert value in spec.values, (fact, name)
                elif spec.kind == "int":
                    assert type(value) is int, (fact, name)
                elif spec.kind == "bool":
                    assert type(value) is bool, (fact, name)
                else:
                    assert type(value) is str, (fact, name)


def test_fids_are_unique_and_every_fact_has_sources(family: dict[str, Any]) -> None:
    for case in _cases(family):
        facts = _facts(case)
        fids = [f["fid"] for f in facts.facts]
        assert len(set(fids)) == len(fids)
        assert set(facts.sources) == set(fids)
        assert facts.by_fid() == {f["fid"]: f for f in facts.facts}


def test_sources_point_back_to_case_items(family: dict[str, Any]) -> None:
    for case in _cases(family):
        refs = _item_refs(case)
        facts = _facts(case)
        for fact in facts.facts:
            sources = facts.sources[str(fact["fid"])]
            assert sources, fact
            assert len(set(sources)) == len(sources)
            assert set(sources) <= refs, (fact, sources)


def test_sources_name_the_item_the_fact_came_from(family: dict[str, Any]) -> None:
    case = case_from_data(family)
    facts = _facts(case)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for fact in facts.facts:
        by_type.setdefault(str(fact["type"]), []).append(dict(fact))
    for fact in by_type["person"]:
        assert facts.sources[fact["fid"]] == (f"person:{fact['pid']}",)
    for fact in by_type["concern"] + by_type["exposure"]:
        assert facts.sources[fact["fid"]] == (f"concern:{fact['cid']}",)
    caregiver = next(
        f for f in by_type["caregiver"] if f["carer"] == "ben" and f["child"] == "cara"
    )
    assert facts.sources[caregiver["fid"]] == ("person:cara", "person:ben", "relation:r_ben_cara")
    (family_fact,) = by_type["family"]
    assert facts.sources[family_fact["fid"]] == ("case:test_family",)


def test_same_case_twice_gives_the_same_facts(family: dict[str, Any]) -> None:
    for case in _cases(family):
        first, second = _facts(case), _facts(case)
        assert first.facts == second.facts
        assert first.sources == second.sources
        rebuilt = case_from_data(case.model_dump(by_alias=True))
        third = _facts(rebuilt)
        assert third.facts == first.facts
        assert third.sources == first.sources


def test_facts_of_the_small_family(family: dict[str, Any]) -> None:
    facts = _facts(case_from_data(family)).facts
    persons = {f["pid"]: f for f in facts if f["type"] == "person"}
    assert persons["cara"]["age"] == 10
    assert persons["cara"]["age_group"] == "child"
    assert persons["anna"]["is_carer"] is True
    assert persons["anna"]["lives_with_child"] is True
    assert persons["eva"]["is_carer"] is False
    assert persons["eva"]["lives_with_child"] is False
    assert persons["eva"]["household"] == "eva_flat"
    assert persons["anna"]["active_services"] == 1
    assert persons["ben"]["active_services"] == 0  # his GP involvement ended
    relations = {(f["from"], f["to"], f["kind"]) for f in facts if f["type"] == "relation"}
    assert ("anna", "ben", "partner") in relations
    assert ("ben", "anna", "partner") in relations
    assert ("cara", "anna", "parent") not in relations
    quality = {f["quality"] for f in facts if f["type"] == "relation"}
    assert quality == {"unknown"}
    concerns = [f for f in facts if f["type"] == "concern" and f["cid"] == "c_conflict"]
    assert sorted(f["person"] for f in concerns) == ["anna", "ben"]
    assert {f["repeated"] for f in concerns} == {"yes"}
    job = next(f for f in facts if f["type"] == "concern" and f["cid"] == "c_ben_job_loss")
    assert job["repeated"] == "unknown"
    assert job["category"] == "work"
    consents = {
        (f["person"], f["service"], f["concerning"]) for f in facts if f["type"] == "consent"
    }
    assert consents == {("anna", "school", "cara"), ("anna", "child_welfare", "cara")}
    (fam,) = [f for f in facts if f["type"] == "family"]
    assert fam == {
        "type": "family",
        "children": 2,
        "young_adults": 0,
        "services": 2,
        "specialised_services": 0,  # the Nav office and a school are universal
        "has_coordinator": True,
        "fid": fam["fid"],
    }


def test_specialised_services_are_counted_apart(family: dict[str, Any]) -> None:
    family["services"] += [
        {"id": "s_anna_dps", "service": "dps", "person": "anna"},
        {"id": "s_cara_cw", "service": "child_welfare", "person": "cara", "status": "waiting"},
        {"id": "s_cara_cw2", "service": "child_welfare", "person": "cara"},
        {
            "id": "s_anna_tsb",
            "service": "specialised_substance_treatment",
            "person": "anna",
            "status": "ended",
        },
    ]
    facts = _facts(case_from_data(family)).facts
    (fam,) = [f for f in facts if f["type"] == "family"]
    assert (fam["services"], fam["specialised_services"]) == (4, 2)
    persons = {f["pid"]: f for f in facts if f["type"] == "person"}
    assert persons["anna"]["specialised_services"] == 1  # DPS; TSB ended; Nav is universal
    assert persons["cara"]["specialised_services"] == 1  # child welfare, counted once
    assert persons["cara"]["active_services"] == 3
    specialised = {f["service"]: f["specialised"] for f in facts if f["type"] == "service"}
    assert specialised["dps"] is True
    assert specialised["nav_office"] is False
    assert specialised["school"] is False


def test_unknown_age_is_minus_one(minimal: Any) -> None:
    case = case_from_data(minimal(persons=[{"id": "x", "name": "X"}]))
    (person,) = [f for f in _facts(case).facts if f["type"] == "person"]
    assert person["age"] == -1
    assert person["age_group"] == "unknown"
    assert person["household"] == ""


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        # a consent not limited to persons covers everyone in the case
        ({}, {("anna", "gp", "anna")}),
        ({"withdrawn_on": "2024-06-01"}, set()),
        ({"withdrawn_on": "2024-06-02"}, {("anna", "gp", "anna")}),
        ({"given_on": "2024-06-02"}, set()),
        ({"given_on": "2024-06-01"}, {("anna", "gp", "anna")}),
    ],
    ids=["open", "withdrawn-today", "withdrawn-later", "given-later", "given-today"],
)
def test_consent_facts_respect_dates(
    minimal: Any, consent: dict[str, Any], expected: set[tuple[str, str, str]]
) -> None:
    data = minimal(consents=[{"given_by": "anna", "share_with": ["gp"], **consent}])
    facts = _facts(case_from_data(data)).facts
    got = {(f["person"], f["service"], f["concerning"]) for f in facts if f["type"] == "consent"}
    assert got == expected
