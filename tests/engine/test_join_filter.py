"""The join filter: a fact of a type whose patterns are joined to facts given before the
first pass is left out when no such fact could pair with it, and that changes no result."""

from __future__ import annotations

from typing import Any

import pytest

from familycase.engine import run_reference
from familycase.engine.analysis import analyse, join_filter, masks_of
from familycase.engine.ir import CompiledRulebook, Derive, Ref

from ._ir import ENGINES, book, neg, pos, rule, typed

PERSONS = [
    {"type": "person", "fid": "pa", "pid": "a", "age": 40},
    {"type": "person", "fid": "pb", "pid": "b", "age": 9},
    {"type": "person", "fid": "pc", "pid": "c", "age": 30},  # in no relation
]
RELATIONS = [
    {"type": "relation", "fid": f"r{i}", "from": x, "to": y}
    for i, (x, y) in enumerate([("a", "b"), ("b", "a"), ("x", "y"), ("a", "y")])
]
ADULT = typed("person", {"$gte": {"age": 18}})
CLOSE = rule(
    "close",
    pos("p", ADULT),
    pos("q", typed("person")),
    pos("r", typed("relation", {"from": {"p": "pid"}}, {"to": {"q": "pid"}})),
)
ALONE = rule(
    "alone", pos("p", typed("person")), neg("r", typed("relation", {"from": {"p": "pid"}}))
)


def admitted(rulebook: CompiledRulebook, facts: list[dict[str, Any]]) -> set[str]:
    analysis = analyse(rulebook)
    found = join_filter(analysis)
    assert found is not None
    masks, _ = masks_of(analysis.relevance, facts)
    admits = found.admitting(facts, masks)["relation"]
    return {
        str(f["fid"])
        for f, mask in zip(facts, masks, strict=True)
        if f["type"] == "relation" and admits(f, mask)
    }


def test_a_fact_no_candidate_could_pair_with_is_left_out() -> None:
    # from: an adult (a or c); to: any person
    assert admitted(book(CLOSE), PERSONS + RELATIONS) == {"r0"}


def test_a_negated_pattern_keeps_every_fact_that_could_block() -> None:
    assert admitted(book(ALONE), PERSONS + RELATIONS) == {"r0", "r1", "r3"}
    # the patterns of a type are alternatives: a fact either could pair with passes
    assert admitted(book(CLOSE, ALONE), PERSONS + RELATIONS) == {"r0", "r1", "r3"}


def test_joins_to_derived_types_and_types_with_unfiltered_patterns_filter_nothing() -> None:
    marked = rule("mark", pos("p", ADULT), derive=Derive("marked", (("pid", Ref("p", "pid")),)))
    later = rule(
        "later",
        pos("m", typed("marked")),
        pos("r", typed("relation", {"from": {"m": "pid"}})),
        stratum=1,
    )
    # the only pattern of relation joins a derived type: nothing to filter on
    assert join_filter(analyse(book(marked, later))) is None
    bare = rule("bare", pos("r", typed("relation")))
    assert join_filter(analyse(book(CLOSE, bare))) is None  # bare keeps every relation


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("rules", [(CLOSE,), (ALONE,), (CLOSE, ALONE)], ids=["pos", "neg", "both"])
def test_the_engines_fire_as_the_reference_does(engine: str, rules: tuple[Any, ...]) -> None:
    rulebook = book(*rules)
    facts = PERSONS + RELATIONS
    expected = run_reference(rulebook, facts, as_of="2024-01-01")
    assert ENGINES[engine](rulebook, facts, as_of="2024-01-01") == expected
    assert expected.firings  # the rules fire on these facts
