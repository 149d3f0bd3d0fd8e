"""The reference evaluator: the meaning of compiled rules in plain Python, by brute force.

It runs the same checks as the durable_rules evaluator (``familycase.engine.analysis`` and
``familycase.engine.fact_checks``) and must give exactly the same ``EngineResult``;
property-based tests compare the two. It is written to be obviously right, not fast.

Semantics
    Pass k (for k = 0, 1, ... strata - 1) runs the rules of stratum k that are in force on
    ``as_of`` (``valid_from <= as_of <= valid_until``) over the base facts and the facts
    derived in earlier passes. A rule fires once for every assignment of *distinct* facts to
    its positive patterns, in rule order, such that

    - each positive pattern's test holds for its fact, given the facts bound before it;
    - each negated pattern holds: no fact, other than those bound to the positive patterns
      before it, satisfies its test given those bindings (durable_rules never matches a fact
      already in the rule's frame, not even in a negation).

    A firing records the fid bound to each positive alias. A rule with ``derive`` then
    derives a fact (``ir.Derivations``); a fact whose fid is already known (a base fact or
    derived before) is not added again. Facts derived in pass k are visible from pass k+1.

    A comparison holds when the field exists and Python's operator says so; the checks in
    ``familycase.engine.analysis`` and ``familycase.engine.fact_checks`` guarantee that both
    sides have the same kind (str, int or bool) and that tested fields exist, so durable's
    loose equality never differs.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from familycase.engine.analysis import PatternInfo, RuleInfo, analyse, kind_of
from familycase.engine.fact_checks import DeclaredFacts, check_as_of, prepare_facts
from familycase.engine.ir import (
    CompiledRulebook,
    Derivations,
    EngineResult,
    Fact,
    FactValue,
    Firing,
    Test,
    derived_values,
    rule_is_valid,
)
from familycase.errors import EvaluationError

__all__ = ["condition_holds", "run_reference"]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": operator.eq,
    "$neq": operator.ne,
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$lt": operator.lt,
    "$lte": operator.le,
}

Bindings = dict[str, Fact]


def run_reference(
    rulebook: CompiledRulebook,
    facts: Iterable[Mapping[str, object]],
    *,
    as_of: str,
    declared: DeclaredFacts | None = None,
) -> EngineResult:
    """Evaluate facts by brute force: sorted firings and derived facts by fid.

    Accepts and refuses exactly what ``run_durable`` does, with the same errors.

    ``declared``: facts whose producer guarantees their shape (``fact_checks.DeclaredFacts``)
    are not checked one by one, with the same result; without it every fact is checked.
    """
    analysis = analyse(rulebook)
    check_as_of(as_of)
    prepared = prepare_facts(analysis, facts, declared)
    by_type: dict[str, list[Fact]] = {}
    for fact in prepared.facts:
        by_type.setdefault(str(fact["type"]), []).append(fact)
    firings: set[Firing] = set()
    derivations = Derivations(set(prepared.fids))
    prepared.schema.check(analysis, prepared.schema.kinds)
    for stratum in range(analysis.strata):
        for info in analysis.by_stratum[stratum]:
            if not rule_is_valid(info.rule, as_of):
                continue
            for bound in _bindings(info, by_type):
                firing = Firing(
                    info.rule.id, tuple((a, str(bound[a]["fid"])) for a in info.positive)
                )
                firings.add(firing)
                derive = info.rule.derive
                if derive is None:
                    continue
                derivations.add(firing, derive, derived_values(derive, bound))
        new = derivations.take()
        for fact in new:
            prepared.schema.add(fact)
            by_type.setdefault(str(fact["type"]), []).append(fact)
        prepared.schema.check(analysis, {str(f["type"]) for f in new})
    return EngineResult(
        tuple(sorted(firings)),
        dict(sorted(derivations.facts.items())),
        dict(sorted(derivations.by.items())),
    )


def _bindings(info: RuleInfo, by_type: Mapping[str, list[Fact]]) -> Iterator[Bindings]:
    """Every assignment of distinct facts to the rule's positive patterns that matches."""
    patterns = info.patterns
    bound: Bindings = {}
    used: set[str] = set()

    def extend(index: int) -> Iterator[Bindings]:
        if index == len(patterns):
            yield dict(bound)
            return
        pattern = patterns[index]
        candidates = [
            fact
            for fact in by_type.get(pattern.type, ())
            if str(fact["fid"]) not in used and _holds(pattern, fact, bound)
        ]
        if pattern.negated:
            if not candidates:
                yield from extend(index + 1)
            return
        for fact in candidates:
            fid = str(fact["fid"])
            bound[pattern.alias] = fact
            used.add(fid)
            yield from extend(index + 1)
            used.discard(fid)
            del bound[pattern.alias]

    yield from extend(0)


def _holds(pattern: PatternInfo, fact: Fact, bound: Mapping[str, Fact]) -> bool:
    """Whether a pattern's test (as written in the IR) holds for a fact."""
    return condition_holds(pattern.test, fact, bound)


def condition_holds(test: Test, fact: Fact, bound: Mapping[str, Fact]) -> bool:
    """Whether an IR test holds for ``fact``, given the facts bound so far by alias."""
    ((key, value),) = test.items()
    if key == "$and":
        return all(condition_holds(t, fact, bound) for t in value)
    if key == "$or":
        return any(condition_holds(t, fact, bound) for t in value)
    if key in _OPS:
        ((name, operand),) = value.items()
        op = key
    else:
        name, operand, op = key, value, "$eq"
    if name not in fact:
        return False
    right: FactValue
    if isinstance(operand, dict):
        ((alias, other),) = operand.items()
        if other not in bound[alias]:
            return False
        right = bound[alias][other]
    else:
        right = operand
    left = fact[name]
    if kind_of(left) != kind_of(right):  # the checks in ``run`` make this unreachable
        raise EvaluationError(f"Field {name!r} is compared with a value of another kind.")
    return _OPS[op](left, right)
