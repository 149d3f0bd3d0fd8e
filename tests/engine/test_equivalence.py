"""durable_rules, CLIPS and the reference evaluator agree on generated rulebooks and facts.

durable_rules is compared where it imports (Python 3.11 and 3.12); CLIPS everywhere.

Each distinct rulebook becomes a durable ruleset that is never freed (about 0.5 MB), so the
tests generate few rulebooks (about 130 in all) and many fact sets for each.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familycase.engine import run_reference
from familycase.engine.ir import (
    CompiledRule,
    CompiledRulebook,
    Derive,
    EngineResult,
    FactValue,
    Pattern,
    Ref,
    rulebook_hash,
)
from familycase.errors import EvaluationError

from ._ir import ENGINES

Kinds = dict[str, str]

STRINGS = ["", "a", "b", "ab", "ba", "B", "æ", "é", "a~", "ø1"]
UNORDERABLE = ["a b", "a!", 'a"', "a\\", "a\n", " "]
INTS = [-2, -1, 0, 1, 2, 3, 2**53]
OPS = ["$eq", "$eq", "$eq", "$neq", "$gt", "$gte", "$lt", "$lte"]
WINDOWS: list[tuple[str | None, str | None]] = [
    (None, None),
    (None, None),
    ("2020-01-01", None),
    (None, "2022-12-31"),
    ("2019-01-01", "2023-06-30"),
]
DATES = ["2018-05-01", "2021-03-03", "2025-01-01"]
DERIVED: dict[str, Kinds] = {"d0": {"v": "str", "w": "int"}, "d1": {"v": "bool"}}


@dataclass
class World:
    """A generated rulebook and the schema of the base facts it runs on."""

    types: dict[str, Kinds]
    rulebook: CompiledRulebook


def _value(rnd: random.Random, kind: str, *, ordered: bool = False) -> FactValue:
    if kind == "int":
        return rnd.choice(INTS)
    if kind == "bool":
        return rnd.random() < 0.5
    if not ordered and rnd.random() < 0.003:
        return rnd.choice(UNORDERABLE)
    return rnd.choice(STRINGS)


class _RuleMaker:
    def __init__(self, rnd: random.Random, schemas: Mapping[str, Kinds], *, mistakes: bool) -> None:
        self.rnd = rnd
        self.schemas = schemas
        self.mistakes = 0.01 if mistakes else 0.0

    def literal(self, type_name: str) -> dict[str, Any]:
        rnd = self.rnd
        fields = self.schemas[type_name]
        name = rnd.choice([*fields, "fid"])
        kind = fields.get(name, "str")
        if rnd.random() < self.mistakes:
            kind = rnd.choice(["str", "int", "bool"])  # usually a kind mismatch: an error
        if rnd.random() < self.mistakes / 2:
            name = "missing"
        op = rnd.choice(OPS)
        value = _value(rnd, kind, ordered=op not in {"$eq", "$neq"})
        return {name: value} if op == "$eq" else {op: {name: value}}

    def join(self, type_name: str, bound: Sequence[tuple[str, str]]) -> dict[str, Any] | None:
        rnd = self.rnd
        fields = self.schemas[type_name]
        pairs = [
            (name, alias, other)
            for name, kind in fields.items()
            for alias, other_type in bound
            for other, other_kind in self.schemas[other_type].items()
            if other_kind == kind or rnd.random() < self.mistakes  # a kind mismatch: an error
        ]
        if not pairs:
            return None
        name, alias, other = rnd.choice(pairs)
        op = rnd.choice(OPS)
        operand = {alias: other}
        return {name: operand} if op == "$eq" else {op: {name: operand}}

    def test(
        self, type_name: str, bound: Sequence[tuple[str, str]], *, simple: bool = False
    ) -> dict[str, Any]:
        rnd = self.rnd
        items: list[dict[str, Any]] = [{"type": type_name}]
        join_or = False
        for _ in range(rnd.choice([0, 1] if simple else [0, 1, 1, 2, 2, 3])):
            r = rnd.random()
            join = self.join(type_name, bound) if r >= 0.35 else None
            if join is None or r < 0.35:
                items.append(self.literal(type_name))
            elif r < 0.65:
                items.append(join)
            elif r < 0.8:
                branches: list[dict[str, Any]] = [self.literal(type_name) for _ in range(2)]
                if rnd.random() < 0.3:
                    branches.append({"$and": [self.literal(type_name), self.literal(type_name)]})
                items.append({"$or": branches})
            elif r < 0.9 and not join_or:
                join_or = True
                other = self.join(type_name, bound)
                items.append({"$or": [join, other or join]})
            else:
                items.append({"$and": [self.literal(type_name), join]})
        rnd.shuffle(items)
        return items[0] if len(items) == 1 else {"$and": items}

    def derive(self, target: str, bound: Sequence[tuple[str, str]]) -> Derive:
        rnd = self.rnd
        fields: list[tuple[str, FactValue | Ref]] = []
        for name, kind in DERIVED[target].items():
            sources = [
                (alias, f)
                for alias, t in bound
                for f, k in self.schemas[t].items()
                if k == kind or rnd.random() < self.mistakes
            ]
            if sources and rnd.random() < 0.8:
                alias, source = rnd.choice(sources)
                fields.append((name, Ref(alias, source)))
            else:
                fields.append((name, _value(rnd, kind, ordered=True)))
        return Derive(target, tuple(fields))

    def rule(
        self,
        rule_id: str,
        stratum: int,
        types: Sequence[str],
        derives: str | None,
        first: str | None = None,
        *,
        simple: bool = False,
    ) -> CompiledRule:
        rnd = self.rnd
        if simple:
            slots = ["pos"] * rnd.randint(1, 2) + ["neg"] * rnd.choice([0, 0, 1])
        else:
            slots = ["pos"] * rnd.randint(1, 3) + ["neg"] * rnd.choice([0, 0, 1, 1, 2])
        rnd.shuffle(slots)
        if first is not None:
            slots.insert(0, "first")
        bound: list[tuple[str, str]] = []
        patterns = []
        for i, slot in enumerate(slots):
            type_name = first if slot == "first" and first else rnd.choice(types)
            test = self.test(type_name, bound, simple=simple)
            if slot == "neg":
                patterns.append(Pattern(f"_n{i}", test, negated=True))
            else:
                patterns.append(Pattern(f"a{i}", test))
                bound.append((f"a{i}", type_name))
        valid_from, valid_until = rnd.choice(WINDOWS)
        derive = self.derive(derives, bound) if derives else None
        return CompiledRule(rule_id, tuple(patterns), stratum, derive, valid_from, valid_until)


def make_world(rnd: random.Random, *, mistakes: bool = False) -> World:
    """A random rulebook over 2-4 fact types, in three strata.

    Each stratum's first rule is simpler and feeds the next stratum (d0, then d1), so
    derived facts and their negation are common. ``mistakes`` adds rare tests with a
    literal of the wrong kind, joins of different kinds and unknown fields (errors).
    """
    types: dict[str, Kinds] = {}
    for i in range(rnd.randint(2, 4)):
        names = [f"f{j}" for j in range(rnd.randint(1, 3))]
        types[f"t{i}"] = {n: rnd.choice(["str", "str", "int", "int", "bool"]) for n in names}
    maker = _RuleMaker(rnd, {**types, **DERIVED}, mistakes=mistakes)
    base = list(types)
    rules: list[CompiledRule] = []
    for i in range(rnd.randint(2, 5)):
        derives = "d0" if i == 0 or rnd.random() < 0.3 else None
        rules.append(maker.rule(f"r0_{i}", 0, base, derives, simple=i == 0))
    for i in range(rnd.randint(1, 3)):
        derives = "d1" if i == 0 or rnd.random() < 0.3 else None
        first = "d0" if i == 0 else None
        rules.append(maker.rule(f"r1_{i}", 1, [*base, "d0", "d0"], derives, first, simple=i == 0))
    for i in range(rnd.randint(1, 2)):
        first = "d1" if i == 0 else None
        rules.append(
            maker.rule(f"r2_{i}", 2, [*base, "d0", "d1", "d1"], None, first, simple=i == 0)
        )
    rnd.shuffle(rules)
    return World(types, CompiledRulebook(tuple(rules), rulebook_hash(tuple(rules))))


def make_facts(rnd: random.Random, world: World) -> list[dict[str, Any]]:
    """0-25 facts of the world's base types (rarely one that must be refused)."""
    facts: list[dict[str, Any]] = []
    for i in range(rnd.randint(0, 25)):
        type_name = rnd.choice(list(world.types))
        fact: dict[str, Any] = {"type": type_name, "fid": f"f{i}"}
        for name, kind in world.types[type_name].items():
            fact[name] = _value(rnd, kind)
        facts.append(fact)
    if facts and rnd.random() < 0.01:
        victim = rnd.choice(facts)
        victim[rnd.choice(list(world.types[victim["type"]]))] = rnd.choice([1.5, None, "x"])
    rnd.shuffle(facts)
    return facts


Outcome = tuple[str, EngineResult | str]


def outcome(
    run: Callable[..., EngineResult], world: World, facts: list[dict[str, Any]], as_of: str
) -> Outcome:
    """The result, or the error message (both evaluators share the checks)."""
    try:
        return "ok", run(world.rulebook, facts, as_of=as_of)
    except EvaluationError as exc:
        return "error", str(exc)


def _tests_derived(test: Mapping[str, Any]) -> bool:
    return any(t in str(test) for t in ("'d0'", "'d1'"))


def check(world: World, facts: list[dict[str, Any]], as_of: str, stats: Counter[str]) -> None:
    """Assert every engine agrees with the reference, and count what the case exercised."""
    reference = outcome(run_reference, world, facts, as_of)
    for name, run in ENGINES.items():
        assert outcome(run, world, facts, as_of) == reference, (name, world.rulebook, facts, as_of)
    stats["cases"] += 1
    if reference[0] == "error":
        stats["errors"] += 1
        return
    result = reference[1]
    assert isinstance(result, EngineResult)
    rules = world.rulebook.rules
    negating = {r.id for r in rules if any(p.negated for p in r.patterns)}
    negating_derived = {
        r.id for r in rules if any(p.negated and _tests_derived(p.test) for p in r.patterns)
    }
    fired = {f.rule_id for f in result.firings}
    stats["firings"] += bool(fired)
    stats["derived"] += bool(result.derived)
    stats["negation"] += bool(fired & negating)
    stats["negated_derived"] += bool(fired & negating_derived)
    stats["stratum2"] += any(r.startswith("r2") for r in fired)


SEEDS = [int(s) for s in os.environ.get("FC_SEEDS", "1 2 3 5 12 24").split()]


def test_seeded_rulebooks_agree_on_many_fact_sets() -> None:
    stats: Counter[str] = Counter()
    for seed in SEEDS:
        rnd = random.Random(seed)
        world = make_world(rnd)
        for _ in range(500):
            check(world, make_facts(rnd, world), rnd.choice(DATES), stats)
    assert stats["cases"] == 500 * len(SEEDS)
    assert stats["errors"] < 600
    assert min(stats["firings"], stats["derived"], stats["negation"]) > 1000, stats
    assert min(stats["stratum2"], stats["negated_derived"]) > 200, stats


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(0, 2**32))
def test_generated_rulebooks_agree(rnd: random.Random, seed: int) -> None:
    world = make_world(rnd, mistakes=True)  # hypothesis shrinks the rules...
    facts_rnd = random.Random(seed)  # ...and draws many fact sets cheaply
    stats: Counter[str] = Counter()
    for _ in range(12):
        check(world, make_facts(facts_rnd, world), facts_rnd.choice(DATES), stats)


if __name__ == "__main__":  # print what the seeded loop exercises
    totals: Counter[str] = Counter()
    for seed in SEEDS:
        rnd = random.Random(seed)
        world = make_world(rnd)
        for _ in range(500):
            check(world, make_facts(rnd, world), rnd.choice(DATES), totals)
    print(totals)
