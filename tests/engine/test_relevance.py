"""The relevance filter: durable_rules is only given facts that some pattern may match, and
that never changes a result (the reference evaluator asserts nothing and filters nothing)."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("durable_rules_engine")

from familycase.engine import durable, run_reference
from familycase.engine.analysis import Relevance, analyse
from familycase.engine.durable import run_durable
from familycase.engine.ir import (
    CompiledRule,
    Derive,
    EngineResult,
    Pattern,
    Ref,
)
from familycase.errors import EvaluationError

from ._ir import book, neg, pos, typed


def relevance(*tests: dict[str, Any], negated: bool = False) -> Relevance:
    rules = tuple(
        CompiledRule(
            f"r{i}",
            (pos("p", typed("person")), Pattern("q", typed("t", test), negated=negated)),
        )
        for i, test in enumerate(tests)
    )
    return analyse(book(*rules)).relevance["t"]


def t(**fields: Any) -> dict[str, Any]:
    return {"type": "t", "fid": "f", **fields}


# -- what a fact may match ---------------------------------------------------------------
@pytest.mark.parametrize("negated", [False, True])
def test_equality_and_int_orderings_are_exact(negated: bool) -> None:
    r = relevance({"kind": "a"}, {"$neq": {"kind": "b"}}, {"$gt": {"n": 3}}, negated=negated)
    assert r.admits(t(kind="a", n=0))
    assert r.admits(t(kind="c", n=0))  # kind != "b"
    assert not r.admits(t(kind="b", n=3))
    assert r.admits(t(kind="b", n=4))
    r = relevance({"$and": [{"$gte": {"n": 2}}, {"$lte": {"n": 4}}, {"$lt": {"m": 0}}]})
    assert [n for n in range(6) if r.admits(t(n=n, m=-1))] == [2, 3, 4]
    assert not r.admits(t(n=3, m=0))


def test_orderings_of_text_and_bools_may_match() -> None:
    r = relevance({"$gt": {"name": "m"}}, {"$lt": {"flag": True}})
    assert r.admits(t(name="a", flag=True))
    r = relevance({"$and": [{"kind": "a"}, {"$gt": {"name": "m"}}]})
    assert r.admits(t(kind="a", name="a"))
    assert not r.admits(t(kind="b", name="z"))


def test_groups_of_literal_tests() -> None:
    r = relevance({"$or": [{"kind": "a"}, {"$and": [{"kind": "b"}, {"level": 2}]}]})
    assert r.admits(t(kind="a", level=0))
    assert r.admits(t(kind="b", level=2))
    assert not r.admits(t(kind="b", level=1))
    assert not r.admits(t(kind="c", level=2))


def test_joins_are_dropped_and_a_pattern_without_literals_admits_everything() -> None:
    joined = relevance({"$and": [{"kind": "a"}, {"owner": {"p": "pid"}}]})
    assert joined.fields == ("kind",)
    assert not joined.admits(t(kind="b", owner="x"))
    either = relevance({"$or": [{"owner": {"p": "pid"}}, {"other": {"p": "pid"}}]})
    assert either.always
    assert either.admits(t(kind="b"))
    mixed = relevance({"kind": "a"}, {"owner": {"p": "pid"}})
    assert mixed.always


def test_a_missing_field_or_another_kind_may_match() -> None:
    r = relevance({"kind": "a"}, {"$gt": {"n": 3}})
    assert r.admits({"type": "t", "fid": "f", "n": 0})  # no kind: the checks refuse it
    assert r.admits(t(kind=1, n=0))
    assert r.admits(t(kind="b", n="9"))
    assert r.admits(t(kind="b", n=True))


def test_answers_are_remembered_by_the_values_tested() -> None:
    r = relevance({"kind": "a"})
    assert not r.admits(t(kind="b", other=1))
    assert not r.admits(t(kind="b", other=2))
    assert len(r._known) == 1


# -- evaluations ---------------------------------------------------------------------------
def asserted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """What is given to durable_rules: ("batch", facts) and ("fact", a derived fact)."""
    given: list[tuple[str, Any]] = []
    real = durable._dre

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def assert_facts(handle: int, payload: str) -> Any:
            given.append(("batch", json.loads(payload)))
            return real.assert_facts(handle, payload)

        @staticmethod
        def assert_fact(handle: int, payload: str) -> Any:
            given.append(("fact", json.loads(payload)))
            return real.assert_fact(handle, payload)

    monkeypatch.setattr(durable, "_dre", Recording())
    return given


NO_BIG_INCOME = book(
    CompiledRule(
        "no_big_income",
        (
            pos("p", typed("person", {"$gte": {"age": 18}})),
            neg("i", typed("income", {"person": {"p": "pid"}}, {"$gt": {"amount": 100}})),
        ),
    ),
    CompiledRule(
        "partner",
        (
            pos("p", typed("person")),
            pos("r", typed("relation", {"kind": "partner"}, {"from": {"p": "pid"}})),
        ),
    ),
)


def person(fid: str, pid: str, age: int) -> dict[str, Any]:
    return {"type": "person", "fid": fid, "pid": pid, "age": age}


def income(fid: str, pid: str, amount: int) -> dict[str, Any]:
    return {"type": "income", "fid": fid, "person": pid, "amount": amount}


def relation(fid: str, source: str, kind: str) -> dict[str, Any]:
    return {"type": "relation", "fid": fid, "from": source, "to": "x", "kind": kind}


FACTS = [
    person("p1", "A", 40),
    person("p2", "B", 30),
    person("p3", "C", 10),
    income("i1", "A", 500),  # blocks A
    income("i2", "B", 50),  # can block no one: filtered
    income("i3", "C", 500),
    relation("r1", "A", "partner"),
    relation("r2", "A", "parent"),  # filtered
    relation("r3", "B", "sibling"),  # filtered
    {"type": "note", "fid": "n1", "text": "no rule reads notes"},  # filtered
]


def test_filtered_facts_are_not_asserted_and_change_no_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = run_reference(NO_BIG_INCOME, FACTS, as_of="2021-01-01")
    assert {(f.rule_id, f.bindings[0][1]) for f in expected.firings} == {
        ("no_big_income", "p2"),
        ("partner", "p1"),
    }
    run_durable(NO_BIG_INCOME, [], as_of="2021-01-01")  # registered
    given = asserted(monkeypatch)
    for facts in (FACTS, FACTS[::-1]):
        given.clear()
        assert run_durable(NO_BIG_INCOME, facts, as_of="2021-01-01") == expected
        ((what, batch),) = given
        assert what == "batch"
        # i1, i3, p1, p2, p3, r1 and the sentinel, with the fields the rules test
        assert sorted((f["type"], f.get("pid", f.get("person", f.get("from")))) for f in batch) == [
            ("$eval", None),
            ("income", "A"),
            ("income", "C"),
            ("person", "A"),
            ("person", "B"),
            ("person", "C"),
            ("relation", "A"),
        ]


def test_filtered_derived_facts_are_still_derived(monkeypatch: pytest.MonkeyPatch) -> None:
    tag = Derive("tag", (("pid", Ref("p", "pid")), ("age", Ref("p", "age"))))
    rulebook = book(
        CompiledRule("tag_everyone", (pos("p", typed("person")),), derive=tag),
        CompiledRule(
            "untagged_adult",
            (
                pos("p", typed("person")),
                neg("t", typed("tag", {"pid": {"p": "pid"}}, {"$gte": {"age": 18}})),
            ),
            stratum=1,
        ),
    )
    facts = FACTS[:3]
    expected = run_reference(rulebook, facts, as_of="2021-01-01")
    assert len(expected.derived) == 3
    run_durable(rulebook, [], as_of="2021-01-01")
    given = asserted(monkeypatch)
    assert run_durable(rulebook, facts, as_of="2021-01-01") == expected
    assert [what for what, _ in given] == ["batch", "batch"]  # derived: with the next pass
    derived = sorted(fact["pid"] for _, batch in given for fact in batch if fact["type"] == "tag")
    assert derived == ["A", "B"]  # C's tag (age 10) can block no one


def test_the_checks_still_refuse_facts_the_filter_would_drop() -> None:
    bad = [*FACTS, {"type": "relation", "fid": "r9", "from": "A", "to": "x", "kind": 1}]
    for run in (run_durable, run_reference):
        with pytest.raises(EvaluationError, match="other fields or kinds"):
            run(NO_BIG_INCOME, bad, as_of="2021-01-01")
    bad = [person("p1", "A", 40), {"type": "relation", "fid": "r9", "kind": "parent"}]
    for run in (run_durable, run_reference):
        with pytest.raises(EvaluationError, match="'from'"):
            run(NO_BIG_INCOME, bad, as_of="2021-01-01")


def test_a_fact_no_pattern_can_match_never_reaches_durables_limits() -> None:
    # durable fails (error 303) when one fact passes more than 64 conditions, even if the
    # fact then fails a later condition of every pattern; it is not asserted any more
    rules = tuple(
        CompiledRule(f"many{i}", (pos("p", typed("person", {"$neq": {"pid": f"k{i}"}}, {"x": 1})),))
        for i in range(70)
    )
    rulebook = book(*rules)
    facts = [{**person("p1", "A", 40), "x": 2}]
    assert run_durable(rulebook, facts, as_of="2021-01-01") == EngineResult(())
    assert run_reference(rulebook, facts, as_of="2021-01-01") == EngineResult(())
    with pytest.raises(EvaluationError, match="error code 303"):
        run_durable(rulebook, [{**person("p1", "A", 40), "x": 1}], as_of="2021-01-01")
