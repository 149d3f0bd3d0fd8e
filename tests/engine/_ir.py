"""Small builders of compiled rules for the engine tests."""

from __future__ import annotations

from typing import Any

from familycase.engine import available, runner
from familycase.engine.ir import CompiledRule, CompiledRulebook, Pattern, rulebook_hash

#: the engines to compare with the reference evaluator here (durable where it imports)
ENGINES = {name: runner(name) for name in ("durable", "clips") if available(name)}


def book(*rules: CompiledRule) -> CompiledRulebook:
    """A compiled rulebook of ``rules``, with its content hash."""
    return CompiledRulebook(rules, rulebook_hash(rules))


def typed(type_name: str, *tests: dict[str, Any]) -> dict[str, Any]:
    """A test of a fact's type, and of ``tests`` too."""
    return {"$and": [{"type": type_name}, *tests]} if tests else {"type": type_name}


def rule(rule_id: str, *patterns: Pattern, **kwargs: Any) -> CompiledRule:
    return CompiledRule(rule_id, patterns, **kwargs)


def pos(alias: str, test: dict[str, Any]) -> Pattern:
    return Pattern(alias, test)


def neg(alias: str, test: dict[str, Any]) -> Pattern:
    return Pattern(alias, test, negated=True)
