"""The semantics of compiled rules, on examples small enough to check by hand.

Every example runs on the reference evaluator and on durable_rules: the reference states
what a rule means, and durable must agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from familycase.engine import run_reference
from familycase.engine.ir import (
    CompiledRule,
    Derive,
    EngineResult,
    Pattern,
    Ref,
)
from familycase.errors import EvaluationError

from ._ir import ENGINES, book, typed

Run = Callable[..., EngineResult]


@pytest.fixture(params=[run_reference, *ENGINES.values()], ids=["reference", *ENGINES])
def run(request: pytest.FixtureRequest) -> Run:
    evaluator: Run = request.param
    return evaluator


def bindings(result: EngineResult, rule_id: str) -> set[tuple[str, ...]]:
    return {tuple(fid for _, fid in f.bindings) for f in result.firings if f.rule_id == rule_id}


def p(fid: str, **fields: Any) -> dict[str, Any]:
    return {"type": "p", "fid": fid, **fields}


PEOPLE = [p("a", x=1, s="ab"), p("b", x=2, s="b"), p("c", x=1, s="a~")]


def test_positive_patterns_bind_distinct_facts_in_every_order(run: Run) -> None:
    rulebook = book(CompiledRule("pair", (Pattern("a", typed("p")), Pattern("b", typed("p")))))
    result = run(rulebook, PEOPLE, as_of="2024-01-01")
    assert bindings(result, "pair") == {
        (x, y) for x in "abc" for y in "abc" if x != y
    }  # (a, b) and (b, a) are two firings; (a, a) is none


def test_joins_compare_with_fields_bound_before(run: Run) -> None:
    rulebook = book(
        CompiledRule(
            "same_x", (Pattern("a", typed("p")), Pattern("b", typed("p", {"x": {"a": "x"}})))
        ),
        CompiledRule(
            "greater",
            (Pattern("a", typed("p")), Pattern("b", typed("p", {"$gt": {"x": {"a": "x"}}}))),
        ),
        CompiledRule(
            "either",
            (
                Pattern("a", typed("p", {"x": 2})),
                Pattern("b", typed("p", {"$or": [{"$lt": {"s": {"a": "s"}}}, {"x": {"a": "x"}}]})),
            ),
        ),
    )
    result = run(rulebook, PEOPLE, as_of="2024-01-01")
    assert bindings(result, "same_x") == {("a", "c"), ("c", "a")}
    assert bindings(result, "greater") == {("a", "b"), ("c", "b")}
    assert bindings(result, "either") == {("b", "a"), ("b", "c")}  # "ab" and "a~" < "b"


def test_a_negated_pattern_ignores_facts_already_bound(run: Run) -> None:
    # "no OTHER p with the same x": durable never matches a fact already in the rule's frame
    rulebook = book(
        CompiledRule(
            "alone",
            (Pattern("a", typed("p")), Pattern("n", typed("p", {"x": {"a": "x"}}), negated=True)),
        ),
        CompiledRule("no_p_at_all", (Pattern("n", typed("p", {"x": 2}), negated=True),)),
        CompiledRule(
            "nothing_else",
            (Pattern("a", typed("p", {"x": 2})), Pattern("n", typed("p", {"x": 2}), negated=True)),
        ),
    )
    result = run(rulebook, PEOPLE, as_of="2024-01-01")
    assert bindings(result, "alone") == {("b",)}
    assert bindings(result, "no_p_at_all") == set()
    assert bindings(result, "nothing_else") == {("b",)}


def test_a_negated_pattern_sees_only_aliases_bound_before_it(run: Run) -> None:
    rulebook = book(
        CompiledRule(
            "first_then_not",
            (
                Pattern("a", typed("p", {"x": 1})),
                Pattern("n", typed("q", {"x": {"a": "x"}}), negated=True),
                Pattern("b", typed("p", {"$neq": {"x": {"a": "x"}}})),
            ),
        ),
    )
    facts = [*PEOPLE, {"type": "q", "fid": "q1", "x": 1}]
    assert bindings(run(rulebook, facts, as_of="2024-01-01"), "first_then_not") == set()
    facts = [*PEOPLE, {"type": "q", "fid": "q1", "x": 2}]
    assert bindings(run(rulebook, facts, as_of="2024-01-01"), "first_then_not") == {
        ("a", "b"),
        ("c", "b"),
    }


def test_derived_facts_are_visible_from_the_next_stratum(run: Run) -> None:
    copy_x = Derive("seen", (("x", Ref("a", "x")), ("note", "é")))
    rulebook = book(
        CompiledRule("derive", (Pattern("a", typed("p")),), derive=copy_x),
        CompiledRule("use", (Pattern("d", typed("seen", {"x": 1})),), stratum=1),
        CompiledRule(
            "none_for_3", (Pattern("n", typed("seen", {"x": 3}), negated=True),), stratum=2
        ),
    )
    result = run(rulebook, PEOPLE, as_of="2024-01-01")
    assert len(result.derived) == 2  # a and c derive the same fact
    assert {f["x"] for f in result.derived.values()} == {1, 2}
    assert all(fid.startswith("d") and f["fid"] == fid for fid, f in result.derived.items())
    assert len(bindings(result, "use")) == 1
    assert bindings(result, "none_for_3") == {()}


def test_a_derived_fact_equal_to_a_base_fact_is_not_derived_again(run: Run) -> None:
    derive = Derive("seen", (("x", 1),))
    rulebook = book(
        CompiledRule("derive", (Pattern("a", typed("p")),), derive=derive),
        CompiledRule("use", (Pattern("d", typed("seen")),), stratum=1),
    )
    fid = next(iter(run_reference(rulebook, PEOPLE, as_of="2024-01-01").derived))
    base = {"type": "seen", "fid": fid, "x": 1}
    result = run(rulebook, [*PEOPLE, base], as_of="2024-01-01")
    assert result.derived == {}
    assert bindings(result, "use") == {(fid,)}


def test_strings_ints_and_bools_compare_by_kind(run: Run) -> None:
    rulebook = book(
        CompiledRule("text", (Pattern("a", typed("v", {"$gte": {"s": "b"}})),)),
        CompiledRule("number", (Pattern("a", typed("v", {"$lt": {"n": 10}})),)),
        CompiledRule("flag", (Pattern("a", typed("v", {"$gt": {"f": False}})),)),
        CompiledRule("unicode", (Pattern("a", typed("v", {"$gt": {"s": "z"}})),)),
    )
    facts = [
        {"type": "v", "fid": "1", "s": "a", "n": 9, "f": True},
        {"type": "v", "fid": "2", "s": "ba", "n": 10, "f": False},
        {"type": "v", "fid": "3", "s": "æ", "n": -(2**53), "f": True},
    ]
    result = run(rulebook, facts, as_of="2024-01-01")
    assert bindings(result, "text") == {("2",), ("3",)}
    assert bindings(result, "number") == {("1",), ("3",)}
    assert bindings(result, "flag") == {("1",), ("3",)}
    assert bindings(result, "unicode") == {("3",)}  # code point order: "æ" > "z"


@pytest.mark.parametrize(
    ("test", "facts", "message"),
    [
        # durable would compare "1" and 1 (and True and 1) loosely: refused instead
        ({"n": "1"}, [{"type": "v", "fid": "1", "n": 1}], "compares v.n (int) with a str"),
        ({"n": True}, [{"type": "v", "fid": "1", "n": 1}], "compares v.n (int) with a bool"),
        ({"n": 1}, [{"type": "v", "fid": "1", "m": 1}], "uses field 'n'"),
        # durable orders the JSON text: "a b" < "a" there
        ({"$gt": {"s": "a"}}, [{"type": "v", "fid": "1", "s": "a b"}], "orders v.s"),
    ],
)
def test_comparisons_durable_would_get_wrong_are_refused(
    run: Run, test: dict[str, Any], facts: list[dict[str, Any]], message: str
) -> None:
    rulebook = book(CompiledRule("r", (Pattern("a", typed("v", test)),)))
    with pytest.raises(EvaluationError, match=re.escape(message)):
        run(rulebook, facts, as_of="2024-01-01")


def test_joins_of_different_kinds_are_refused(run: Run) -> None:
    rulebook = book(
        CompiledRule("r", (Pattern("a", typed("v")), Pattern("b", typed("w", {"n": {"a": "n"}}))))
    )
    facts = [{"type": "v", "fid": "1", "n": 1}, {"type": "w", "fid": "2", "n": "1"}]
    with pytest.raises(EvaluationError, match=re.escape("joins w.n (str) with v.n (int)")):
        run(rulebook, facts, as_of="2024-01-01")
    # with no fact of one side, nothing is compared, so nothing is refused
    assert run(rulebook, facts[:1], as_of="2024-01-01").firings == ()


def test_equality_of_any_strings_is_exact(run: Run) -> None:
    odd = ['a"b', "a\\b", "a\nb", "a b", "", " ", "Æ", "æ", "a\u0000"]
    rulebook = book(
        CompiledRule(
            "same", (Pattern("a", typed("v")), Pattern("b", typed("v", {"s": {"a": "s"}})))
        ),
        *(
            CompiledRule(f"is{i}", (Pattern("a", typed("v", {"s": value})),))
            for i, value in enumerate(odd)
        ),
    )
    facts = [{"type": "v", "fid": f"{i}", "s": value} for i, value in enumerate(odd + odd[:2])]
    result = run(rulebook, facts, as_of="2024-01-01")
    assert bindings(result, "same") == {("0", "9"), ("9", "0"), ("1", "10"), ("10", "1")}
    for i in range(len(odd)):
        expected = {(str(i),)} | ({(str(i + len(odd)),)} if i < 2 else set())
        assert bindings(result, f"is{i}") == expected


def test_texts_that_need_escaping_in_a_later_pass_keep_their_place(run: Run) -> None:
    # CLIPS writes a pass's facts without escapes, then writes the whole pass again, value
    # by value, when a text holds a double quote, backslash, NUL or SOH: here only the
    # facts derived for the second pass do, and they must keep their numbers after the
    # base facts (a firing names its facts by number)
    odd = ['q"', "b\\", "n\u0000", "s\u0001", "s\u0001\u0002"]
    facts = [{"type": "v", "fid": f"v{i}", "s": value} for i, value in enumerate(odd)]
    facts += [{"type": "w", "fid": f"w{i}", "s": value} for i, value in enumerate(["a", "b"])]
    rulebook = book(
        CompiledRule(
            "copy", (Pattern("a", typed("v")),), derive=Derive("c", (("s", Ref("a", "s")),))
        ),
        *(
            CompiledRule(
                f"is{i}",
                (Pattern("w", typed("w", {"s": "b"})), Pattern("c", typed("c", {"s": value}))),
                stratum=1,
            )
            for i, value in enumerate(odd)
        ),
    )
    result = run(rulebook, facts, as_of="2024-01-01")
    by_text = {str(f["s"]): fid for fid, f in result.derived.items()}
    assert sorted(by_text) == sorted(odd)
    for i, value in enumerate(odd):
        assert bindings(result, f"is{i}") == {("w1", by_text[value])}


def test_nested_groups_of_literal_tests(run: Run) -> None:
    test = typed(
        "p",
        {"$or": [{"x": 2}, {"$and": [{"x": 1}, {"$or": [{"s": "a~"}, {"s": "zz"}]}]}]},
        {"$neq": {"s": "zz"}},
    )
    rulebook = book(CompiledRule("r", (Pattern("a", test),)))
    assert bindings(run(rulebook, PEOPLE, as_of="2024-01-01"), "r") == {("b",), ("c",)}
