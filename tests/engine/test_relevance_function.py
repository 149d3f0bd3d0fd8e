"""A type's relevance mask is worked out by one function made from its literal parts
(``analysis._mask_function``): it gives the bits ``_may_hold`` gives, part by part, for any
fact, whatever its values, their kinds, or missing fields. No engine is needed here."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from familycase.engine.analysis import (
    Cmp,
    Group,
    Node,
    Relevance,
    _mask_function,
    _may_hold,
)
from familycase.engine.ir import Ref

FIELDS = ("kind", "n", "flag", "name")
LITERALS = st.one_of(
    st.sampled_from(["a", "b", "", "Ø"]),
    st.integers(-3, 3),
    st.booleans(),
)
OPS = st.sampled_from(["$eq", "$neq", "$gt", "$gte", "$lt", "$lte"])


def _cmp(field: str, op: str, literal: object) -> Cmp:
    return Cmp(field, op, literal)  # type: ignore[arg-type]


comparisons = st.builds(_cmp, st.sampled_from(FIELDS), OPS, LITERALS)
nodes: st.SearchStrategy[Node] = st.recursive(
    comparisons,
    lambda inner: st.builds(
        Group, st.sampled_from(["$and", "$or"]), st.lists(inner, max_size=3).map(tuple)
    ),
    max_leaves=6,
)
facts = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(LITERALS, st.integers(-5, 5)),
).map(lambda values: {"type": "t", "fid": "f", **values})


def expected(parts: list[tuple[Node, int]], base: int, fact: dict[str, Any]) -> int:
    mask = base
    for part, bit in parts:
        if _may_hold(part, fact):
            mask |= bit
    return mask


@settings(max_examples=300, deadline=None)
@given(
    st.lists(nodes, min_size=1, max_size=6),
    st.sampled_from([0, 1 << 20]),
    st.lists(facts, min_size=1, max_size=5),
)
def test_the_function_gives_what_each_part_gives(
    tree: list[Node], base: int, some: list[dict[str, Any]]
) -> None:
    parts = [(node, 1 << i) for i, node in enumerate(tree)]
    function = _mask_function(parts, base)
    for fact in some:
        assert function(fact) == expected(parts, base, fact)


def test_kinds_are_told_apart_and_what_cannot_be_told_may_hold() -> None:
    parts: list[tuple[Node, int]] = [
        (Cmp("n", "$gt", 1), 1),
        (Cmp("flag", "$eq", True), 2),
        (Cmp("name", "$lt", "m"), 4),  # a str ordering: may hold
        (Cmp("n", "$eq", Ref("p", "n")), 8),  # a join: may hold
        (Group("$or", ()), 16),  # any(()): never
        (Group("$and", ()), 32),  # all(()): always
    ]
    function = _mask_function(parts, 0)
    assert function({"n": 2, "flag": True, "name": "z"}) == 1 | 2 | 4 | 8 | 32
    assert function({"n": 1, "flag": 1, "name": "a"}) == 2 | 4 | 8 | 32  # 1 is not True here
    assert function({"n": True, "flag": False}) == 1 | 4 | 8 | 32  # True is not an int here
    assert function({}) == 1 | 2 | 4 | 8 | 32  # missing: the fact checks refuse it


def test_no_literal_is_written_into_the_functions_text() -> None:
    hostile = "x') or __import__('os').system('false') or ('"
    function = _mask_function([(Cmp(hostile, "$eq", hostile), 1)], 0)
    assert function({hostile: hostile}) == 1
    assert function({hostile: "y"}) == 0


def test_a_relevance_travels_to_a_worker_process_and_answers_alike() -> None:
    part = Group("$and", (Cmp("kind", "$eq", "a"), Cmp("n", "$gt", 0)))
    relevance = Relevance.of("t", [part, None])
    copy = pickle.loads(pickle.dumps(relevance))
    for fact in ({"kind": "a", "n": 1}, {"kind": "a", "n": 0}, {"kind": "b", "n": 5}):
        assert copy.mask(fact) == relevance.mask(fact)
    assert copy.bits == relevance.bits
    assert copy.fields == relevance.fields
