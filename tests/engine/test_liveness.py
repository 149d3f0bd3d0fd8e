"""Liveness: a rule none of whose positive patterns' facts are all there, or that is not in
force on the evaluation's date, cannot fire and is left out, with the facts only such rules
could use; the engines give the reference evaluator's results all the same."""

from __future__ import annotations

from typing import Any

import pytest

from familycase.engine import run_reference
from familycase.engine.analysis import Analysis, analyse, liveness, masks_of
from familycase.engine.ir import CompiledRulebook, Derive, Ref

from ._ir import ENGINES, book, neg, pos, rule, typed

ADULT = typed("person", {"$gte": {"age": 18}})
CHILD = typed("person", {"$lt": {"age": 18}})
PARENT = rule("parent", pos("a", ADULT), pos("c", CHILD))
ALONE = rule("alone", pos("a", ADULT), neg("r", typed("relation", {"kind": "partner"})))
FROM_2024 = rule("from_2024", pos("a", ADULT), valid_from="2024-01-01")
MARK = rule("mark", pos("c", CHILD), derive=Derive("marked", (("pid", Ref("c", "pid")),)))
MARKED = rule("marked", pos("m", typed("marked")), pos("a", ADULT), stratum=1)
RULES = book(PARENT, ALONE, FROM_2024, MARK, MARKED)

ANNE = {"type": "person", "fid": "pa", "pid": "a", "age": 40}
BO = {"type": "person", "fid": "pb", "pid": "b", "age": 9}
PARTNER = {"type": "relation", "fid": "r0", "kind": "partner"}
COLLEAGUE = {"type": "relation", "fid": "r1", "kind": "colleague"}


def live_ids(analysis: Analysis, stratum: int, facts: list[dict[str, Any]], on: str) -> set[str]:
    _, total = masks_of(analysis.relevance, facts)
    return {analysis.infos[i].rule.id for i in liveness(analysis).live(stratum, total, on)}


def test_a_rule_is_live_only_when_each_positive_pattern_may_match_a_fact() -> None:
    analysis = analyse(RULES)
    assert live_ids(analysis, 0, [ANNE, BO], "2025-01-01") == {
        "parent",
        "alone",
        "from_2024",
        "mark",
    }
    # no child: neither the rule joining an adult to a child nor the one deriving from a child
    assert live_ids(analysis, 0, [ANNE], "2025-01-01") == {"alone", "from_2024"}
    # a negated pattern needs no fact: its facts only block
    assert "alone" in live_ids(analysis, 0, [ANNE, PARTNER], "2025-01-01")
    assert live_ids(analysis, 0, [BO], "2025-01-01") == {"mark"}


def test_a_rule_not_in_force_on_the_date_is_not_live() -> None:
    analysis = analyse(RULES)
    assert "from_2024" in live_ids(analysis, 0, [ANNE], "2024-01-01")
    assert "from_2024" not in live_ids(analysis, 0, [ANNE], "2023-12-31")


def test_a_rule_on_a_derived_type_is_live_once_the_fact_is_derived() -> None:
    analysis = analyse(RULES)
    marked = {"type": "marked", "fid": "m0", "pid": "b"}
    assert "marked" not in live_ids(analysis, 1, [ANNE, BO], "2025-01-01")
    assert "marked" in live_ids(analysis, 1, [ANNE, BO, marked], "2025-01-01")


def test_only_facts_a_rule_that_may_be_live_could_use_are_useful() -> None:
    analysis = analyse(RULES)
    masks, union = masks_of(analysis.relevance, [ANNE, PARTNER, COLLEAGUE])
    useful = liveness(analysis).useful(union, "2025-01-01")
    # the partner relation could block "alone", which may fire: kept; a colleague relation
    # matches no pattern at all
    assert masks[1] & useful
    assert not masks[2]
    # without an adult, no rule that a partner relation could block may fire
    masks, union = masks_of(analysis.relevance, [BO, PARTNER])
    useful = liveness(analysis).useful(union, "2025-01-01")
    assert masks[0] & useful  # the child: "mark" may fire, and "marked" after it
    assert not masks[1] & useful


def test_a_rule_on_a_derived_type_keeps_the_base_facts_it_joins_useful() -> None:
    # "marked" needs an adult besides the derived fact: before any fact is derived, the
    # adult is kept for it (every derived type counts as present)
    analysis = analyse(book(MARK, MARKED))
    masks, union = masks_of(analysis.relevance, [ANNE, BO])
    useful = liveness(analysis).useful(union, "2025-01-01")
    assert masks[0] & useful
    assert masks[1] & useful


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(
    "facts",
    [
        [ANNE, BO],
        [ANNE],
        [BO],
        [ANNE, PARTNER],
        [ANNE, BO, PARTNER, COLLEAGUE],
        [],
    ],
    ids=["adult+child", "adult", "child", "adult+partner", "all", "none"],
)
@pytest.mark.parametrize("on", ["2023-06-01", "2025-01-01"])
def test_engines_leaving_out_what_cannot_fire_agree_with_the_reference(
    engine: str, facts: list[dict[str, Any]], on: str
) -> None:
    rulebook: CompiledRulebook = RULES
    expected = run_reference(rulebook, facts, as_of=on)
    assert ENGINES[engine](rulebook, facts, as_of=on) == expected
    if facts == [ANNE, BO] and on == "2025-01-01":  # the rules fire at all
        fired = {f.rule_id for f in expected.firings}
        assert fired == {"parent", "alone", "from_2024", "mark", "marked"}
