"""What one evaluation derived is remembered for the next (``ir._MADE``), and how a derived
fact's shape was read (``fact_checks._ADDED``): the results and the errors must be the same
as without them, and no evaluation may see another's facts."""

from __future__ import annotations

import pytest

from familycase.engine import ir, run_reference
from familycase.engine.ir import (
    CompiledRule,
    Derivations,
    Derive,
    Fact,
    FactValue,
    Firing,
    Ref,
    _made,
)
from familycase.errors import EvaluationError

from ._ir import ENGINES, book, pos, typed

TAG = Derive("tag", (("who", Ref("p", "pid")), ("adult", True)))
TAGGED = book(CompiledRule("tag_everyone", (pos("p", typed("person")),), derive=TAG))
PEOPLE = [
    {"type": "person", "fid": "p1", "pid": "A", "age": 40},
    {"type": "person", "fid": "p2", "pid": "B", "age": 9},
]
RUNS = {"reference": run_reference, **ENGINES}


def derived(derivations: Derivations, firing: Firing, values: list[FactValue]) -> Fact:
    derivations.add(firing, TAG, values)
    return derivations.facts[derivations.by[firing]]


def test_a_remembered_fact_is_the_one_made_and_each_evaluation_gets_its_own() -> None:
    firing = Firing("tag_everyone", (("p", "p1"),))
    first = derived(Derivations(set()), firing, ["A", True])
    second = derived(Derivations(set()), firing, ["A", True])
    assert first == second == _made(TAG, ["A", True])
    assert first is not second
    first["who"] = "changed by a caller"
    assert derived(Derivations(set()), firing, ["A", True]) == _made(TAG, ["A", True])


def test_true_and_1_are_different_contents() -> None:
    firing = Firing("tag_everyone", (("p", "p1"),))
    with_true = derived(Derivations(set()), firing, ["A", True])
    with_one = derived(Derivations(set()), firing, ["A", 1])
    assert with_true["adult"] is True
    assert with_one["adult"] == 1
    assert with_one["adult"] is not True
    assert with_true["fid"] != with_one["fid"]


def test_a_remembered_fact_is_used_only_for_the_derive_it_was_made_by() -> None:
    # an id can be reused by another object once the first is gone: the memo holds its
    # Derive and checks that it is the one asking
    other = Derive("other", TAG.fields)
    key = (id(other), "A", True, str, bool)
    ir._MADE[key] = (TAG, _made(TAG, ["A", True]))
    try:
        fact = derived_by(other, ["A", True])
        assert fact["type"] == "other"
        assert fact == _made(other, ["A", True])
    finally:
        ir._MADE.pop(key, None)


def derived_by(derive: Derive, values: list[FactValue]) -> Fact:
    derivations = Derivations(set())
    firing = Firing("r", (("p", "p1"),))
    derivations.add(firing, derive, values)
    return derivations.facts[derivations.by[firing]]


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ir, "_MAX_MADE", 8)
    monkeypatch.setattr(ir, "_MADE", {})
    for n in range(50):
        derived_by(TAG, [f"p{n}", True])
        assert len(ir._MADE) <= 8
    assert derived_by(TAG, ["p3", True]) == _made(TAG, ["p3", True])


@pytest.mark.parametrize("engine", sorted(RUNS))
def test_evaluations_in_a_row_derive_the_same(engine: str) -> None:
    run = RUNS[engine]
    first = run(TAGGED, PEOPLE, as_of="2021-01-01")
    assert sorted(f["who"] for f in first.derived.values()) == ["A", "B"]
    assert run(TAGGED, PEOPLE, as_of="2021-01-01") == first
    assert run(TAGGED, PEOPLE[:1], as_of="2021-01-01").derived == {
        fid: fact for fid, fact in first.derived.items() if fact["who"] == "A"
    }


@pytest.mark.parametrize("engine", sorted(RUNS))
def test_a_type_derived_with_other_kinds_is_refused_every_time(engine: str) -> None:
    # the second evaluation finds both shapes remembered: it must still refuse them
    by_name = Derive("tag", (("who", Ref("p", "pid")),))
    by_age = Derive("tag", (("who", Ref("p", "age")),))
    rulebook = book(
        CompiledRule("tag_by_name", (pos("p", typed("person")),), derive=by_name),
        CompiledRule("tag_by_age", (pos("p", typed("person")),), derive=by_age),
        CompiledRule("tagged", (pos("t", typed("tag")),), stratum=1),
    )
    for _ in range(2):
        with pytest.raises(EvaluationError, match="other fields or kinds"):
            RUNS[engine](rulebook, PEOPLE, as_of="2021-01-01")
