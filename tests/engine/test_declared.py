"""Declared facts: a declaration is checked when it is made, the rules against it once per
rulebook, and an evaluation given one has the outcome of the full checks, on every engine.

That familycase's own facts keep their declaration is checked in
``tests/evaluation/test_declared_facts.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from familycase.engine import fact_checks, run_reference
from familycase.engine.analysis import _fnv1a32, analyse
from familycase.engine.fact_checks import (
    DeclaredFacts,
    Prepared,
    check_declared,
    prepare_facts,
)
from familycase.engine.ir import (
    CompiledRule,
    CompiledRulebook,
    Derive,
    EngineResult,
    Pattern,
    Ref,
)
from familycase.errors import EvaluationError, UsageError

from ._ir import ENGINES, book, typed

Run = Callable[..., EngineResult]

DECLARED = DeclaredFacts(
    {
        "p": {"x": "int", "s": "str", "ok": "bool"},
        "q": {"owner": "str", "n": "int"},
        "r": {"s": "str"},  # declared, absent from FACTS
    },
    plain_texts=True,
)


def p(fid: str, x: int, s: str, ok: bool = True) -> dict[str, Any]:
    return {"type": "p", "x": x, "s": s, "ok": ok, "fid": fid}


def q(fid: str, owner: str, n: int) -> dict[str, Any]:
    return {"type": "q", "owner": owner, "n": n, "fid": fid}


FACTS = [p("a", 1, "ab"), p("b", 2, "b", False), q("c", "ab", 3), p("d", 1, "a~"), q("e", "b", 0)]

# tests, joins, an ordered str field, negation and a derived fact of a declared type that
# no base fact has (its kinds come from the derived facts, as without a declaration)
RULEBOOK = book(
    CompiledRule(
        "pair",
        (
            Pattern("a", typed("p", {"ok": True})),
            Pattern("b", typed("p", {"$gt": {"s": {"a": "s"}}})),
        ),
    ),
    CompiledRule(
        "owned",
        (
            Pattern("a", typed("p", {"$gte": {"x": 1}})),
            Pattern("o", typed("q", {"owner": {"a": "s"}})),
        ),
        derive=Derive("r", (("s", Ref("a", "s")),)),
    ),
    CompiledRule(
        "lonely",
        (Pattern("a", typed("p")), Pattern("o", typed("q", {"owner": {"a": "s"}}), negated=True)),
    ),
    CompiledRule("after", (Pattern("d", typed("r", {"$lt": {"s": "b"}})),), stratum=1),
)


@pytest.fixture(params=[run_reference, *ENGINES.values()], ids=["reference", *ENGINES])
def run(request: pytest.FixtureRequest) -> Run:
    evaluator: Run = request.param
    return evaluator


def described(prepared: Prepared) -> Any:
    """What an evaluator is given: facts (with the exact type of every value), fids and the
    schema as far as it decides anything."""
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


def outcome(run: Run, rulebook: CompiledRulebook, facts: Any, **kwargs: Any) -> Any:
    try:
        return run(rulebook, facts, as_of="2024-01-01", **kwargs)
    except EvaluationError as exc:
        return "error", str(exc)


# -- the declaration -----------------------------------------------------------------------
def test_a_declaration_keeps_what_it_was_given_and_adds_type_and_fid() -> None:
    assert DECLARED.types == {
        "p": {"x": "int", "s": "str", "ok": "bool"},
        "q": {"owner": "str", "n": "int"},
        "r": {"s": "str"},
    }
    assert DECLARED._kinds["q"] == {"type": "str", "owner": "str", "n": "int", "fid": "str"}
    with pytest.raises(TypeError):
        DECLARED.types["p"]["x"] = "str"  # type: ignore[index]
    assert repr(DECLARED) == "DeclaredFacts(['p', 'q', 'r'])"


@pytest.mark.parametrize(
    ("types", "message"),
    [
        ({"p": {"a.b": "int"}}, "invalid field name 'a.b'"),
        ({"p": {"Åse": "int"}}, "invalid field name 'Åse'"),
        ({"p": {1: "int"}}, "invalid field name '1'"),
        ({"p": {"id": "int"}}, "the field name 'id' is reserved"),
        ({"p": {"sid": "str"}}, "the field name 'sid' is reserved"),
        ({"p": {"fid": "str"}}, "the field name 'fid' is reserved"),
        ({"p": {"type": "str"}}, "the field name 'type' is reserved"),
        ({"p": {"f6059": "int", "f264602": "int"}}, "same 32-bit hash"),
        ({"p": {"x": "float"}}, "kinds are str, int or bool"),
        ({"p": {"x": None}}, "kinds are str, int or bool"),
        ({"$eval": {"x": "int"}}, "not a valid type name"),
        ({"per son": {}}, "not a valid type name"),
        ({"p": ["x"]}, "needs a mapping"),
        ({"p": {f"x{n}": "int" for n in range(249)}}, "at most 248 fields"),
        ({}, "a mapping of fact types"),
    ],
)
def test_a_bad_declaration_is_refused(types: Any, message: str) -> None:
    assert _fnv1a32("f6059") == _fnv1a32("f264602")  # durable's hash: the names collide
    with pytest.raises(UsageError, match=message.replace("*", r"\*").replace("$", r"\$")):
        DeclaredFacts(types, plain_texts=True)


def test_a_declaration_must_promise_plain_texts() -> None:
    with pytest.raises(UsageError, match="plain texts"):
        DeclaredFacts({"p": {"x": "int"}}, plain_texts=False)  # type: ignore[arg-type]


def test_declared_must_be_a_declaration(run: Run) -> None:
    with pytest.raises(UsageError, match="declared must be a DeclaredFacts"):
        run(RULEBOOK, FACTS, as_of="2024-01-01", declared={"p": {"x": "int"}})


# -- the rules against a declaration -------------------------------------------------------
REFUSED = [
    # a field the declaration lacks
    CompiledRule("missing", (Pattern("a", typed("p", {"y": 1})),)),
    # a literal of another kind
    CompiledRule("kind", (Pattern("a", typed("p", {"x": "1"})),)),
    CompiledRule("bool", (Pattern("a", typed("p", {"ok": 1})),)),
    # a join of two kinds
    CompiledRule("join", (Pattern("a", typed("p")), Pattern("o", typed("q", {"n": {"a": "s"}})))),
    # a field copied into a derived fact that the declaration lacks
    CompiledRule("copy", (Pattern("a", typed("p")),), derive=Derive("z", (("v", Ref("a", "v")),))),
]


@pytest.mark.parametrize("rule", REFUSED, ids=lambda r: r.id)
def test_the_rules_are_refused_against_a_declaration_as_against_facts(rule: CompiledRule) -> None:
    rulebook = book(rule)
    with pytest.raises(EvaluationError) as per_fact:
        run_reference(rulebook, FACTS, as_of="2024-01-01")
    analysis = analyse(rulebook)
    for _ in range(2):  # refused once, then remembered: the same error again
        with pytest.raises(EvaluationError) as declared:
            check_declared(analysis, DECLARED)
        assert str(declared.value) == str(per_fact.value)


def test_a_refused_rulebook_is_evaluated_with_the_full_checks(run: Run) -> None:
    """A declaration changes no outcome: against a rulebook it does not pass, the facts are
    checked one by one, which refuse them (with the same error) or accept them when no fact
    of the type in question is present."""
    for rule in REFUSED:
        rulebook = book(rule)
        for facts in (FACTS, [f for f in FACTS if f["type"] == "q"], []):
            assert outcome(run, rulebook, facts, declared=DECLARED) == outcome(
                run, rulebook, facts
            ), (rule.id, len(facts))


def test_a_rulebook_passing_the_full_checks_passes_against_the_declaration() -> None:
    analysis = analyse(RULEBOOK)
    check_declared(analysis, DECLARED)
    prepared = prepare_facts(analysis, FACTS)
    prepared.schema.check(analysis, prepared.schema.kinds)


def test_the_rules_are_checked_once_per_rulebook_and_declaration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = book(CompiledRule("once", (Pattern("a", typed("p", {"x": 7})),)))
    analysis = analyse(rulebook)
    calls: list[object] = []
    full = fact_checks.Schema._check

    def counted(self: fact_checks.Schema, analysis: Any, types: Any) -> None:
        calls.append(types)
        full(self, analysis, types)

    monkeypatch.setattr(fact_checks.Schema, "_check", counted)
    for _ in range(3):
        prepare_facts(analysis, FACTS, DECLARED)
    assert len(calls) == 1
    other = DeclaredFacts(DECLARED.types, plain_texts=True)  # another declaration: checked again
    prepare_facts(analysis, FACTS, other)
    assert len(calls) == 2


# -- evaluations -----------------------------------------------------------------------------
def test_declared_facts_are_prepared_as_the_full_checks_prepare_them() -> None:
    analysis = analyse(RULEBOOK)
    full = prepare_facts(analysis, FACTS)
    declared = fact_checks._prepare_declared(analysis, FACTS, DECLARED)
    assert declared is not None  # the declared path, not the fall-back
    assert described(declared) == described(full)
    assert declared.facts is FACTS  # neither checked nor copied
    assert full.facts[0] is not FACTS[0]


def test_declared_facts_evaluate_as_without_the_declaration(run: Run) -> None:
    before = [dict(f) for f in FACTS]
    result = run(RULEBOOK, FACTS, as_of="2024-01-01", declared=DECLARED)
    assert result == run(RULEBOOK, FACTS, as_of="2024-01-01")
    assert result == run_reference(RULEBOOK, FACTS, as_of="2024-01-01")
    assert {f.rule_id for f in result.firings} == {"pair", "owned", "lonely", "after"}
    assert before == FACTS  # the evaluators never change the facts they are given


UNLIKE: dict[str, Callable[[], Any]] = {
    "fid twice": lambda: [*FACTS, p("a", 5, "z")],
    "other type": lambda: [*FACTS, {"type": "other", "fid": "o", "x": 1}],
    "tuple": lambda: tuple(FACTS),
    "iterator": lambda: iter(FACTS),
    "no type": lambda: [*FACTS, {"fid": "t", "x": 1}],
    "no fid": lambda: [*FACTS, {"type": "p", "x": 1}],
    "not a mapping": lambda: [*FACTS, ["type", "p"]],
    "a str": lambda: [*FACTS, "p"],
    "a mapping": lambda: {"type": "p"},
}


@pytest.mark.parametrize("make", UNLIKE.values(), ids=UNLIKE)
def test_facts_unlike_their_declaration_get_the_full_checks(
    run: Run, make: Callable[[], Any]
) -> None:
    assert outcome(run, RULEBOOK, make(), declared=DECLARED) == outcome(run, RULEBOOK, make())


def test_no_facts_with_a_declaration() -> None:
    analysis = analyse(RULEBOOK)
    assert described(prepare_facts(analysis, [], DECLARED)) == described(
        prepare_facts(analysis, [])
    )
