"""familycase's own facts keep their declaration (``familycase.case.facts.DECLARED``), so
``evaluate`` may give it to the engine: the facts are then not checked one by one.

- the full checks prepare ``case_facts``' output exactly as the declared path does, on
  every shipped scenario phase and hundreds of synthetic families;
- ``case_facts`` makes exactly the declared fields with the declared kinds (a field added
  to the facts and not to ``FACT_TYPES`` fails here), and plain ASCII ids as texts;
- ``evaluate`` gives the same assessment with and without the declaration on every engine,
  for synthetic families and for cases with odd but valid ids.

The declaration's own checks are tested in ``tests/engine/test_declared.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycase
from familycase.assess import evaluation
from familycase.case.canonical import canonical
from familycase.case.facts import DECLARED, case_facts
from familycase.case.graph import CaseGraph
from familycase.case.model import MAX_ID_LENGTH, Case, case_from_data
from familycase.case.synthetic import synthetic_case, synthetic_cases
from familycase.engine import available, fact_checks
from familycase.engine.analysis import MAX_INT, analyse
from familycase.engine.fact_checks import Prepared, check_declared, prepare_facts
from familycase.engine.ir import Fact
from familycase.rules.fact_types import FACT_TYPES
from familycase.rules.rulebook import load_rulebook

ENGINES = [name for name in ("durable", "clips", "reference") if available(name)]
SYNTHETIC = 400
# the texts case_facts makes: caller ids (familycase._validation.CALLER_ID), vocabulary ids,
# enum values, ISO dates, or "" (not recorded)
PLAIN = re.compile(r"[A-Za-z0-9._:-]*")
_KIND_OF = {str: "str", int: "int", bool: "bool"}


def _shipped_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(familycase.scenario_path("maria_and_david").parent.glob("*.yaml")):
        scenario = familycase.load_scenario(path)
        cases.extend(scenario.case_at(phase.id) for phase in scenario.phases)
    return cases


def _facts(case: Case) -> list[Fact]:
    """The facts ``evaluate`` gives the engine for ``case`` (shipped rules)."""
    return case_facts(CaseGraph(canonical(case), load_rulebook().vocabularies)).facts


def _cases() -> Iterator[Case]:
    yield from _shipped_cases()
    yield from synthetic_cases(SYNTHETIC, seed=16)
    yield _odd_ids(_shipped_cases()[2])


def _described(prepared: Prepared) -> Any:
    facts = [[(k, v, type(v)) for k, v in fact.items()] for fact in prepared.facts]
    schema = prepared.schema
    return (
        facts,
        prepared.fids,
        schema.kinds,
        list(schema.kinds),
        schema._frozen,
        schema._ordered_texts,
        schema.unorderable,
    )


# -- (a) the declared path prepares what the full checks prepare ---------------------------
def test_the_declared_path_prepares_case_facts_as_the_full_checks_do() -> None:
    analysis = analyse(load_rulebook().compiled)
    check_declared(analysis, DECLARED)  # the shipped rules pass against the declaration
    count = 0
    for case in _cases():
        facts = _facts(case)
        full = prepare_facts(analysis, facts)
        declared = fact_checks._prepare_declared(analysis, facts, DECLARED)
        assert declared is not None, case.id  # taken, not fallen back from
        assert _described(declared) == _described(full), case.id
        assert not full.schema.unorderable, case.id
        count += 1
    assert count > SYNTHETIC


# -- (b) case_facts makes exactly what it declares -----------------------------------------
def test_the_declaration_is_fact_types_with_engine_kinds() -> None:
    engine_kind = {"person": "str", "vocab": "str", "enum": "str", "str": "str"}
    assert {t: dict(fields) for t, fields in DECLARED.types.items()} == {
        name: {f: engine_kind.get(spec.kind, spec.kind) for f, spec in ft.fields.items()}
        for name, ft in FACT_TYPES.items()
    }


def test_case_facts_makes_exactly_the_declared_fields_kinds_and_plain_texts() -> None:
    seen: set[str] = set()
    for case in _cases():
        facts = _facts(case)
        assert type(facts) is list
        fids = [fact["fid"] for fact in facts]
        assert len(set(fids)) == len(fids), case.id
        for fact in facts:
            assert type(fact) is dict
            type_name = fact["type"]
            assert type(type_name) is str, case.id
            assert type_name in DECLARED.types, case.id
            seen.add(type_name)
            kinds = {"type": "str", **DECLARED.types[type_name], "fid": "str"}
            assert {name: _KIND_OF[type(value)] for name, value in fact.items()} == kinds, (
                case.id,
                type_name,
            )
            for name, value in fact.items():
                if type(value) is str:
                    assert PLAIN.fullmatch(value), (case.id, type_name, name)  # ids only
                elif type(value) is int:
                    assert -MAX_INT <= value <= MAX_INT, (case.id, type_name, name)
            assert fact["fid"], case.id
    assert seen == set(DECLARED.types), "the cases make every declared fact type"


# -- (d) evaluate: the same assessment with and without the declaration ----------------------
def _undeclared() -> Any:
    """``evaluate`` as before the declaration: every fact checked."""
    return mock.patch.object(evaluation, "DECLARED", None)


def _same_with_and_without(case: Case | dict[str, Any], **kwargs: Any) -> None:
    for engine in ENGINES:
        declared = familycase.evaluate(case, engine=engine, **kwargs).model_dump_json()  # type: ignore[arg-type]
        with _undeclared():
            full = familycase.evaluate(case, engine=engine, **kwargs).model_dump_json()  # type: ignore[arg-type]
        assert declared == full, engine


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    index=st.integers(0, 10_000),
    ids_only=st.booleans(),
)
def test_evaluate_gives_the_same_assessment_with_and_without_the_declaration(
    seed: int, index: int, ids_only: bool
) -> None:
    _same_with_and_without(synthetic_case(index, seed=seed), ids_only=ids_only)


def test_the_declaration_is_used_by_evaluate(monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[object] = []
    full = fact_checks._prepare_declared

    def spy(analysis: Any, facts: Any, declared: Any) -> Prepared | None:
        prepared = full(analysis, facts, declared)
        given.append(prepared is not None)
        return prepared

    monkeypatch.setattr(fact_checks, "_prepare_declared", spy)
    for engine in ENGINES:
        familycase.evaluate(_shipped_cases()[0], engine=engine)  # type: ignore[arg-type]
    assert given == [True] * len(ENGINES)
    with _undeclared():  # what the comparisons above compare with: no declaration at all
        familycase.evaluate(_shipped_cases()[0], engine=ENGINES[0])  # type: ignore[arg-type]
    assert given == [True] * len(ENGINES)


# -- odd but valid ids -----------------------------------------------------------------------
_ODD = [
    "a.b:c-1" + "x" * (MAX_ID_LENGTH - 7),
    "a.b:c-1",
    "0",
    "9.9",
    "X:Y",
    "A_B.C:D-E",
    "Z-" + "z" * (MAX_ID_LENGTH - 2),
    "1" * MAX_ID_LENGTH,
    "q." + ".:-_" * 15,
]


def _odd_ids(case: Case) -> Case:
    """``case`` with every person and item id replaced by an odd but valid one (dots,
    colons, dashes, digits first, the longest allowed)."""
    data = case.model_dump(by_alias=True, mode="json")
    persons = {p["id"]: _odd(i) for i, p in enumerate(data["persons"])}
    items = iter(range(100, 10_000))

    def person(pid: str) -> str:
        return persons.get(pid, pid)  # a service id stays as it is

    def item_id(item: dict[str, Any]) -> None:
        if item.get("id") is not None:
            item["id"] = _odd(next(items))

    data["id"] = _odd(99)
    for p in data["persons"]:
        p["id"] = person(p["id"])
    for rel in data["relations"]:
        item_id(rel)
        rel["from"], rel["to"] = person(rel["from"]), person(rel["to"])
    for household in data["households"]:
        item_id(household)
        household["members"] = [person(m) for m in household["members"]]
    for concern in data["concerns"]:
        item_id(concern)
        concern["about"] = [person(m) for m in concern["about"]]
        concern["exposed"] = [person(m) for m in concern["exposed"]]
        if concern.get("reported_by") is not None:
            concern["reported_by"] = person(concern["reported_by"])
    for service in data["services"]:
        item_id(service)
        service["person"] = person(service["person"])
    for consent in data["consents"]:
        item_id(consent)
        consent["given_by"] = person(consent["given_by"])
        consent["concerning"] = [person(m) for m in consent["concerning"]]
    for report in data["reports"]:
        item_id(report)
        report["concerning"] = [person(m) for m in report["concerning"]]
        report["by"] = person(report["by"])
    for event in data["events"]:
        item_id(event)
        event["persons"] = [person(m) for m in event["persons"]]
    return case_from_data(data)


def _odd(n: int) -> str:
    base = _ODD[n % len(_ODD)]
    text = base if n < len(_ODD) else f"{n}.{base}"
    return text[:MAX_ID_LENGTH]


@pytest.mark.parametrize("index", range(len(_shipped_cases())))
def test_cases_with_odd_ids_evaluate_alike_with_and_without_the_declaration(index: int) -> None:
    case = _odd_ids(_shipped_cases()[index])
    assert any(len(p.id) == MAX_ID_LENGTH for p in case.persons)
    assert any(":" in p.id and "." in p.id and "-" in p.id for p in case.persons)
    _same_with_and_without(case)
    analysis = analyse(load_rulebook().compiled)
    facts = _facts(case)
    declared = fact_checks._prepare_declared(analysis, facts, DECLARED)
    assert declared is not None
    assert _described(declared) == _described(prepare_facts(analysis, facts))
