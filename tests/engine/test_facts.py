"""Fact preparation: the shortcut for facts of a known shape accepts, normalises and refuses
exactly what the full checks do, with the same errors in the same order."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from familycase.engine import fact_checks
from familycase.engine.analysis import analyse
from familycase.engine.fact_checks import Prepared, prepare_facts
from familycase.engine.ir import CompiledRule, CompiledRulebook, Pattern, rulebook_hash
from familycase.errors import EvaluationError

RULES = (
    CompiledRule("adult", (Pattern("p", {"$and": [{"type": "person"}, {"$gte": {"age": 18}}]}),)),
    CompiledRule("named", (Pattern("p", {"$and": [{"type": "person"}, {"$gt": {"pid": "A"}}]}),)),
)
ANALYSIS = analyse(CompiledRulebook(RULES, rulebook_hash(RULES)))


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def person(fid: str, pid: str = "A", age: int = 40, **more: Any) -> dict[str, Any]:
    return {"type": "person", "fid": fid, "pid": pid, "age": age, "ok": True, **more}


class Frozen(Mapping[str, Any]):
    """A fact that is a mapping but not a dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


GOOD = [person("f1"), person("f2", "B", 10), {"type": "income", "fid": "f3", "person": "A"}]

# each list is evaluated after GOOD, so most facts have a shape seen before
CASES: list[list[Any]] = [
    [person("x1", "Ren\u0065\u0301")],  # not NFC: normalised
    [person("x1", "Åse")],  # not ASCII, NFC already
    [person("x1", "Kari \ud800")],  # not Unicode
    [person("x1", age=2**53)],
    [person("x1", age=2**53 + 1)],
    [person("x1", age=-(2**53) - 1)],
    [person("x1", age=True)],
    [person("")],  # empty fid
    [{**person("x1"), "type": "per son"}],
    [{**person("x1"), "type": "$eval"}],
    [{**person("x1"), "type": "Åse"}],
    [{**person("x1"), "type": "other"}],  # a valid new type with a known shape
    [{**person("x1"), "fid": 7}],
    [{**person("x1"), "fid": None}],
    [person("f1")],  # fid used twice
    [{"fid": "x1", "type": "person", "pid": "A", "age": 1, "ok": False}],  # other field order
    [person("x1", "A", 1, extra=1)],  # other fields
    [person("x1", "A", Level.HIGH)],
    [person("x1", Colour.RED)],
    [{**person("x1"), "type": Colour.RED}],
    [Frozen(person("x1"))],
    [Frozen(person("x1", "Kari \ud800"))],
    [person("x1", "A B")],  # unorderable
    [person("x1", id=1)],
    [person("x1", **{"a.b": 1})],
    [person("x1", note=1.5)],
    [person("x1", note=None)],
    [["type", "person"]],
    [person("x1"), person("x2", "Ren\u0065\u0301"), person("x3", age=2**60)],
]


def outcome(facts: list[Any]) -> tuple[str, Any]:
    try:
        prepared = prepare_facts(ANALYSIS, [*GOOD, *facts])
    except EvaluationError as exc:
        return "error", str(exc)
    return "ok", described(prepared)


def described(prepared: Prepared) -> Any:
    facts = [[(k, type(k), v, type(v)) for k, v in fact.items()] for fact in prepared.facts]
    schema = prepared.schema
    return facts, sorted(prepared.fids), schema.kinds, sorted(schema.unorderable)


def cold() -> None:
    fact_checks._SHAPES.clear()
    fact_checks._GOOD_TYPES.clear()


@pytest.mark.parametrize("facts", CASES)
def test_a_known_shape_changes_no_outcome(facts: list[Any]) -> None:
    cold()
    first = outcome(facts)  # every shape new (the full checks)
    assert outcome(facts) == first  # shapes known
    prepare_facts(ANALYSIS, GOOD)
    assert outcome(facts) == first


def test_the_shortcut_is_taken_for_known_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    prepare_facts(ANALYSIS, GOOD)
    calls: list[int] = []
    full = fact_checks._fact

    def counted(index: int, raw: object) -> Any:
        calls.append(index)
        return full(index, raw)

    monkeypatch.setattr(fact_checks, "_fact", counted)
    prepared = prepare_facts(ANALYSIS, [*GOOD, person("x1", "Åse"), person("x2", "B")])
    assert calls == [3]  # only the fact whose text is not ASCII
    assert prepared.facts[4] == person("x2", "B")
    assert prepared.facts[4] is not GOOD[0]


def test_the_shape_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fact_checks, "_MAX_SHAPES", 3)
    cold()
    for n in range(10):
        prepare_facts(ANALYSIS, [{"type": "t", "fid": "f", f"x{n}": n}])
        assert len(fact_checks._SHAPES) <= 3


def test_a_check_sees_the_types_added_since_the_last_one() -> None:
    rules = (
        *RULES,
        CompiledRule("tagged", (Pattern("t", {"$and": [{"type": "tag"}, {"level": 1}]}),), 1),
    )
    analysis = analyse(CompiledRulebook(rules, rulebook_hash(rules)))
    for _ in range(2):  # the second time, the first checks are remembered as passed
        prepared = prepare_facts(analysis, GOOD)
        prepared.schema.check(analysis, prepared.schema.kinds)
        prepared.schema.check(analysis, {"tag"})  # no tag yet: passes
        prepared.schema.add({"type": "tag", "fid": "d1", "level": "high"})
        with pytest.raises(EvaluationError, match=r"tag\.level"):
            prepared.schema.check(analysis, {"tag"})
        prepared.schema.check(analysis, {"person"})  # passed before: still passes
