"""The nearest miss: why a compiled rule did not fire, as the reference evaluator sees it.

A rule fires for every assignment of distinct facts to its positive patterns under which
each condition holds and each negated pattern finds no fact (``familycase.engine.reference``).
When it does not fire, ``nearest_miss`` finds the assignment that comes closest: the one
with the fewest failures, where a failure is

- ``condition``: a condition of a pattern does not hold for the fact assigned to it;
- ``missing``: no fact is assigned to a positive pattern (it counts as many failures as the
  pattern has conditions, at least one);
- ``blocked``: a negated pattern finds a fact (the first such fact is named);
- ``not_in_force``: the rule is not in force on the evaluation date.

Equality joins (``{"person": {"child": "pid"}}``) are not failures but structure: a fact
assigned to a pattern satisfies every equality join to a fact assigned before it, so that the
miss speaks of the facts that belong together (the exposure *of this child*), never of
another person's. A join to a pattern left without a fact is not tested.

``anchor`` fixes one alias to the facts whose field has a value (the person a suggestion
would concern), so a miss answers "why not for this person". Ties are broken by the order
in which candidates are tried: facts with fewer failures first, then by fid; the result is
therefore the same for the same facts. The search is exact unless it visits more than
``budget`` nodes, which ``Miss.exhaustive`` then says.

A miss with exactly one ``condition`` failure is a promise the tests check against the engine:
change that one field of that one fact so the condition holds, and the rule fires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from familycase.engine.ir import CompiledRule, Fact, Test
from familycase.engine.reference import condition_holds

__all__ = ["Condition", "Failure", "Miss", "Slot", "nearest_miss", "slots_of"]

FailureKind = Literal["condition", "missing", "blocked", "not_in_force"]


@dataclass(frozen=True)
class Condition:
    """One condition of a pattern: a label (the field it tests) and its IR test.

    ``join`` names the alias an *equality* join compares with (structure, not a failure)."""

    label: str
    test: Test
    join: str | None = None
    refs: frozenset[str] = field(init=False)  # the aliases it takes values from

    def __post_init__(self) -> None:
        object.__setattr__(self, "refs", _aliases(self.test))


@dataclass(frozen=True)
class Slot:
    """One pattern of a rule, as the search sees it."""

    alias: str
    type: str
    negated: bool
    conditions: tuple[Condition, ...]

    @property
    def cost(self) -> int:
        """What leaving this positive pattern without a fact costs."""
        return max(1, sum(1 for c in self.conditions if c.join is None))


@dataclass(frozen=True)
class Failure:
    """One reason the nearest assignment does not fire: see the module docstring."""

    pattern: int  # index into the rule's slots; -1 for not_in_force
    kind: FailureKind
    label: str | None = None  # the condition's label (kind "condition")
    fid: str | None = None  # the fact that failed it, or the fact that blocks


@dataclass(frozen=True)
class Miss:
    """The nearest assignment: the fact (or ``None``) per positive alias, and its failures."""

    rule_id: str
    bindings: tuple[tuple[str, str | None], ...]
    failures: tuple[Failure, ...]
    cost: int  # failures, a missing fact counting as many as its pattern's conditions
    exhaustive: bool = True

    @property
    def fires(self) -> bool:
        return not self.failures


def slots_of(rule: CompiledRule, conditions: Sequence[Sequence[Condition]]) -> tuple[Slot, ...]:
    """The slots of ``rule``, with the conditions of each pattern as given (in pattern order;
    the type test is left out)."""
    out: list[Slot] = []
    for pattern, conds in zip(rule.patterns, conditions, strict=True):
        out.append(Slot(pattern.alias, _type_of(pattern.test), pattern.negated, tuple(conds)))
    return tuple(out)


def _type_of(test: Test) -> str:
    if "type" in test:
        return str(test["type"])
    for item in test.get("$and", ()):
        if isinstance(item, dict) and "type" in item and not isinstance(item["type"], dict):
            return str(item["type"])
    raise ValueError("a pattern without a type test")  # the analysis refuses these


def nearest_miss(
    rule: CompiledRule,
    slots: Sequence[Slot],
    by_type: Mapping[str, Sequence[Fact]],
    *,
    as_of: str,
    anchor: tuple[str, str, object] | None = None,
    budget: int = 50_000,
    below: int | None = None,
    memo: dict[tuple[int, int], bool] | None = None,
    floors: dict[int, int] | None = None,
) -> Miss | None:
    """The assignment of facts to ``slots`` with the fewest failures (see the module).

    ``anchor`` is ``(alias, field, value)``: that alias only takes facts whose ``field`` is
    ``value``. ``by_type`` holds every fact (base and derived) by type. With ``below``, only
    an assignment of fewer failures is looked for, and ``None`` returned if there is none
    (to find the nearest of many rules without wording the far ones). ``memo`` keeps the
    answers of literal tests by (condition, fact) object ids across searches over the same
    slots and facts (both must outlive it); ``floors`` keeps, by slot object id, the least a
    pattern not anchored can fail over the same facts (see ``_floors``).
    """
    memo = {} if memo is None else memo
    least = _floors(slots, by_type, anchor, memo, {} if floors is None else floors)
    search = _Search(slots, by_type, anchor, budget, memo, least)
    base = 0
    first: list[Failure] = []
    in_force = (rule.valid_from is None or rule.valid_from <= as_of) and (
        rule.valid_until is None or as_of <= rule.valid_until
    )
    if not in_force:
        base = 1
        first.append(Failure(-1, "not_in_force"))
    if below is not None:
        if base + search.rest[0] >= below:
            return None  # no assignment can be nearer: not searched
        search.best = (below, (), ())  # a bound, not an assignment
    search.run(base)
    assert search.best is not None  # leaving every pattern without a fact always works
    cost, bindings, failures = search.best
    if below is not None and cost >= below:
        return None
    return Miss(
        rule.id,
        tuple((slots[i].alias, fid) for i, fid in bindings),
        tuple(first) + failures,
        cost,
        exhaustive=search.visited <= budget,
    )


def _floors(
    slots: Sequence[Slot],
    by_type: Mapping[str, Sequence[Fact]],
    anchor: tuple[str, str, object] | None,
    memo: dict[tuple[int, int], bool],
    cache: dict[int, int],
) -> list[int]:
    """Per pattern, the least it fails in any assignment, from its literal tests alone (joins
    left out, so over more facts than an assignment may take): a positive pattern is missing
    or takes a fact that fails at least as many literal tests as the best fact of its type;
    the anchor's pattern takes one of the anchored facts if there is one (never none then).
    A negated pattern: 0. A pattern not anchored does not depend on the person: ``cache``
    keeps it by slot."""
    out: list[int] = []
    for slot in slots:
        if slot.negated:
            out.append(0)
            continue
        facts = by_type.get(slot.type, ())
        if anchor is not None and slot.alias == anchor[0]:
            name, value = anchor[1], anchor[2]
            best = _least_failed(slot, [f for f in facts if f.get(name) == value], memo)
            out.append(slot.cost if best is None else best)
            continue
        known = cache.get(id(slot))
        if known is None:
            best = _least_failed(slot, facts, memo)
            known = cache[id(slot)] = slot.cost if best is None else min(best, slot.cost)
        out.append(known)
    return out


def _least_failed(
    slot: Slot, facts: Sequence[Fact], memo: dict[tuple[int, int], bool]
) -> int | None:
    """The fewest literal tests of ``slot`` a fact of ``facts`` fails (``None``: no fact)."""
    literal = [c for c in slot.conditions if c.join is None and not c.refs]
    best: int | None = None
    for fact in facts:
        failed = 0
        for condition in literal:
            key = (id(condition), id(fact))
            known = memo.get(key)
            if known is None:
                known = memo[key] = condition_holds(condition.test, fact, {})
            failed += not known
        if best is None or failed < best:
            best = failed
            if not best:
                break
    return best


_Best = tuple[int, tuple[tuple[int, str | None], ...], tuple[Failure, ...]]


class _Search:
    """Depth-first over the positive patterns, cheapest candidates first, bounded by the
    best assignment found so far. The anchor's pattern is searched first (the miss is about
    its fact); its conditions that take a value from a later pattern are tested when that
    pattern gets its fact."""

    def __init__(
        self,
        slots: Sequence[Slot],
        by_type: Mapping[str, Sequence[Fact]],
        anchor: tuple[str, str, object] | None,
        budget: int,
        memo: dict[tuple[int, int], bool],
        floors: Sequence[int],
    ) -> None:
        self.memo = memo
        self.slots = slots
        self.by_type = by_type
        self.anchor = anchor
        self.budget = budget
        self.visited = 0
        self.best: _Best | None = None
        self.bound: dict[str, Fact] = {}
        self.missing: set[str] = set()
        self.used: set[str] = set()
        self.bindings: list[tuple[int, str | None]] = []
        self.failures: list[Failure] = []
        first = next(
            (
                i
                for i, slot in enumerate(slots)
                if anchor is not None and slot.alias == anchor[0] and not slot.negated
            ),
            None,
        )
        self.anchor_index = first
        self.order = list(range(len(slots)))
        if first is not None:
            self.order.remove(first)
            self.order.insert(0, first)
        # rest[p]: the least the patterns from position p on can still fail
        self.rest = [0] * (len(self.order) + 1)
        for position in range(len(self.order) - 1, -1, -1):
            self.rest[position] = self.rest[position + 1] + floors[self.order[position]]

    def run(self, cost: int) -> None:
        self._extend(0, cost)

    def _ready(self, condition: Condition, alias: str) -> bool:
        """Whether every fact ``condition`` (of the pattern ``alias``) takes a value from is
        assigned or missing."""
        refs = condition.refs
        if not refs:
            return True
        return all(a in self.bound or a in self.missing or a == alias for a in refs)

    def _extend(self, position: int, cost: int) -> None:
        if self.best is not None and cost + self.rest[position] >= self.best[0]:
            return  # nothing from here on can be nearer than the best so far
        self.visited += 1
        if position == len(self.order):
            failures = tuple(sorted(self.failures, key=lambda f: f.pattern))
            self.best = (cost, tuple(sorted(self.bindings)), failures)
            return
        index = self.order[position]
        slot = self.slots[index]
        if slot.negated:
            blocking = self._blocking(slot)
            if blocking is None:
                self._extend(position + 1, cost)
            else:
                self.failures.append(Failure(index, "blocked", fid=blocking))
                self._extend(position + 1, cost + 1)
                self.failures.pop()
            return
        options: list[tuple[int, str, Fact, list[Failure]]] = []
        for fact in self.by_type.get(slot.type, ()):
            fid = str(fact["fid"])
            if fid in self.used or not self._admits(slot, fact):
                continue
            failed = [
                Failure(index, "condition", c.label, fid)
                for c in slot.conditions
                if c.join is None and self._ready(c, slot.alias) and not self._holds(c, fact)
            ]
            failed.extend(self._anchor_failures(slot, fact))
            options.append((len(failed), fid, fact, failed))
        options.sort(key=lambda o: (o[0], o[1]))
        for local, fid, fact, failed in options:
            if self.visited > self.budget and self.best is not None:
                return
            self.bound[slot.alias] = fact
            self.used.add(fid)
            self.bindings.append((index, fid))
            self.failures.extend(failed)
            self._extend(position + 1, cost + local)
            del self.failures[len(self.failures) - len(failed) :]
            self.bindings.pop()
            self.used.discard(fid)
            del self.bound[slot.alias]
        # no fact for this pattern (never for the anchor, when the anchor has its fact: the
        # miss is about that person)
        if options and index == self.anchor_index:
            return
        self.missing.add(slot.alias)
        self.bindings.append((index, None))
        self.failures.append(Failure(index, "missing"))
        self._extend(position + 1, cost + slot.cost)
        self.failures.pop()
        self.bindings.pop()
        self.missing.discard(slot.alias)

    def _anchor_conditions(self, slot: Slot) -> list[Condition]:
        """The anchor pattern's conditions that wait for ``slot``'s fact."""
        if self.anchor_index is None or slot is self.slots[self.anchor_index]:
            return []
        anchor = self.slots[self.anchor_index]
        if anchor.alias not in self.bound:
            return []
        return [c for c in anchor.conditions if slot.alias in c.refs]

    def _anchor_failures(self, slot: Slot, fact: Fact) -> list[Failure]:
        failures = []
        for condition in self._anchor_conditions(slot):
            if condition.join is None and not self._holds_with(condition, slot.alias, fact):
                assert self.anchor_index is not None
                anchor = self.slots[self.anchor_index]
                fid = str(self.bound[anchor.alias]["fid"])
                failures.append(Failure(self.anchor_index, "condition", condition.label, fid))
        return failures

    def _holds_with(self, condition: Condition, alias: str, fact: Fact) -> bool:
        """An anchor condition, with ``fact`` assigned to ``alias`` for the moment."""
        anchor = self.slots[self.anchor_index or 0]
        if not all(a in self.bound or a == alias for a in condition.refs):
            return True  # it also waits for a pattern without a fact: not tested
        bound = {**self.bound, alias: fact}
        return condition_holds(condition.test, bound[anchor.alias], bound)

    def _admits(self, slot: Slot, fact: Fact) -> bool:
        """The anchor and every equality join to a fact assigned so far hold."""
        anchor = self.anchor
        if anchor is not None and anchor[0] == slot.alias and fact.get(anchor[1]) != anchor[2]:
            return False
        for condition in slot.conditions:
            if (
                condition.join is not None
                and condition.join not in self.missing
                and condition.join in self.bound
                and not condition_holds(condition.test, fact, self.bound)
            ):
                return False
        for condition in self._anchor_conditions(slot):
            if condition.join is not None and not self._holds_with(condition, slot.alias, fact):
                return False
        return True

    def _holds(self, condition: Condition, fact: Fact) -> bool:
        if not condition.refs:  # a literal test: the same answer for a fact every time
            key = (id(condition), id(fact))
            known = self.memo.get(key)
            if known is None:
                known = self.memo[key] = condition_holds(condition.test, fact, self.bound)
            return known
        if condition.refs & self.missing:
            return True  # a condition on a pattern without a fact is not tested
        return condition_holds(condition.test, fact, self.bound)

    def _blocking(self, slot: Slot) -> str | None:
        """The first fact (by fid) a negated pattern finds, or ``None``."""
        if any(c.refs & self.missing for c in slot.conditions):
            return None  # it speaks of a fact that is missing: not tested
        found: list[str] = []
        for fact in self.by_type.get(slot.type, ()):
            fid = str(fact["fid"])
            if fid in self.used:
                continue
            if all(condition_holds(c.test, fact, self.bound) for c in slot.conditions):
                found.append(fid)
        return min(found) if found else None


def _aliases(test: object) -> frozenset[str]:
    """The aliases a test takes values from."""
    found: set[str] = set()

    def walk(node: object, key: str | None) -> None:
        if isinstance(node, dict):
            if (
                key is not None
                and not key.startswith("$")
                and len(node) == 1
                and isinstance(next(iter(node.values())), str)
            ):
                found.add(next(iter(node)))
                return
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, None)

    walk(test, None)
    return frozenset(found)
