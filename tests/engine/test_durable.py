"""The durable_rules layer: the compiler (on dicts alone) and the engine's behaviour."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import durable_rules_engine
import pytest

from familycase.engine import analysis, durable, run_reference
from familycase.engine.analysis import analyse, pattern_bit
from familycase.engine.durable import compile_to_durable, run_durable
from familycase.engine.ir import (
    CompiledRule,
    CompiledRulebook,
    Derive,
    EngineResult,
    Firing,
    Pattern,
    Ref,
    rulebook_hash,
)
from familycase.errors import ContentError, EvaluationError, UsageError

from ._ir import book, neg, pos, rule, typed


def person(fid: str, pid: str, age: int, **more: Any) -> dict[str, Any]:
    return {"type": "person", "fid": fid, "pid": pid, "age": age, **more}


def fired(result: EngineResult, rule_id: str) -> list[tuple[tuple[str, str], ...]]:
    return [f.bindings for f in result.firings if f.rule_id == rule_id]


def codes(excinfo: pytest.ExceptionInfo[ContentError]) -> list[str]:
    return [p.code for p in excinfo.value.problems]


def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The facts run_durable asserts from now on, as durable receives them."""
    given: list[dict[str, Any]] = []

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(durable_rules_engine, name)

        @staticmethod
        def assert_facts(handle: int, payload: str) -> Any:
            given.extend(json.loads(payload))
            return durable_rules_engine.assert_facts(handle, payload)

    monkeypatch.setattr(durable, "_dre", Recording())
    return given


# -- compile_to_durable: a pure function on dicts ------------------------------------------
ADULT = rule("adult", pos("p", typed("person", {"$gte": {"age": 18}})))
NO_INCOME = rule(
    "no_income",
    pos("p", typed("person")),
    neg("n", typed("income", {"person": {"p": "pid"}})),
    valid_from="2020-01-01",
    valid_until="2022-12-31",
)


def test_compiles_one_named_ruleset_with_a_sentinel_first_where_a_rule_needs_one() -> None:
    rulebook = book(ADULT, NO_INCOME)
    compiled = compile_to_durable(rulebook)
    assert list(compiled) == ["fc_" + rulebook.content_hash[:16]]
    rules = compiled["fc_" + rulebook.content_hash[:16]]
    # positive and in force on every date: it may fire as soon as its facts are in; its
    # literal test is a mark the evaluator sets from the fact's mask (_marks)
    (mark,) = durable._marks(analyse(rulebook)).names["person"].values()
    assert mark.isdigit()  # never a fact field's name
    assert rules["adult"] == {
        "all": [{"p": {"$and": [{"type": "person"}, {mark: True}]}}],
        "run": "adult",
    }
    # a negation (and validity dates): it waits for its stratum's sentinel, asserted last
    assert rules["no_income"]["all"] == [
        {
            "_s": {
                "$and": [
                    {"type": "$eval"},
                    {"stratum": 0},
                    {"$gte": {"date": "2020-01-01"}},
                    {"$lte": {"date": "2022-12-31"}},
                ]
            }
        },
        {"p": {"type": "person"}},
        {
            "n$not": {
                "$and": [
                    {"type": "income"},
                    {"person": {"p": "pid"}},
                    {"$or": [{"type": "income"}]},
                ]
            }
        },
    ]
    # the one rule of the engine itself, fired once when the ruleset is registered
    assert rules["_fc_prime"]["all"] == [{"m": {"type": "$prime"}}]
    assert set(rules) == {"adult", "no_income", "_fc_prime"}


def concern_test(ordered: dict[str, Any]) -> dict[str, Any]:
    return {
        "$and": [
            {"$or": [{"kind": "a"}, {"$and": [{"kind": "b"}, {"level": 2}]}]},
            {"$or": [{"pid": {"p": "pid"}}, {"pid": {"p": "partner"}}]},
            {"$neq": {"owner": {"p": "pid"}}},
            {"type": "concern"},
            {"$and": [ordered, {"status": "current"}]},
        ]
    }


def test_orders_each_conjunction_literals_joins_or_of_joins_then_groups() -> None:
    # an ordering of strings: durable tests the literal part itself (no mark)
    test = concern_test({"$gt": {"code": "a"}})
    rulebook = book(rule("r", pos("p", typed("person")), pos("c", test)))
    compiled = compile_to_durable(rulebook)
    (rules,) = compiled.values()
    assert rules["r"]["all"][-1] == {
        "c": {
            "$and": [
                {"type": "concern"},
                {"$gt": {"code": "a"}},
                {"status": "current"},
                {"$neq": {"owner": {"p": "pid"}}},
                {"$or": [{"pid": {"p": "pid"}}, {"pid": {"p": "partner"}}]},
                {"$or": [{"kind": "a"}, {"$and": [{"kind": "b"}, {"level": 2}]}]},
                {"$or": [{"type": "concern"}]},
            ]
        }
    }


def test_an_exact_literal_part_is_one_mark_before_the_joins() -> None:
    # $eq, $neq and orderings of ints: the fact's mask says exactly whether the part holds
    rulebook = book(
        rule("r", pos("p", typed("person")), pos("c", concern_test({"$gt": {"level": 1}})))
    )
    (rules,) = compile_to_durable(rulebook).values()
    (name,) = durable._marks(analyse(rulebook)).names["concern"].values()
    assert name.isdigit()
    assert rules["r"]["all"][-1] == {
        "c": {
            "$and": [
                {"type": "concern"},
                {name: True},
                {"$neq": {"owner": {"p": "pid"}}},
                {"$or": [{"pid": {"p": "pid"}}, {"pid": {"p": "partner"}}]},
                {"$or": [{"type": "concern"}]},
            ]
        }
    }
    # a pattern with joins only keeps its test, and so does one with its type test alone
    assert rules["r"]["all"][0] == {"p": {"type": "person"}}


def test_compiling_is_pure() -> None:
    rulebook = book(ADULT, NO_INCOME)
    before = repr(rulebook)
    first = compile_to_durable(rulebook)
    first["fc_" + rulebook.content_hash[:16]]["adult"]["all"].clear()
    assert compile_to_durable(rulebook) != first
    assert repr(rulebook) == before


@pytest.mark.parametrize(
    ("patterns", "code"),
    [
        ((pos("p", typed("person", {"id": 1})),), "FC704"),
        ((pos("p", typed("person", {"sid": "x"})),), "FC704"),
        ((pos("p", typed("person", {"$foo": {"age": 1}})),), "FC703"),
        ((pos("p", typed("person", {"$gt": {"$age": 1}})),), "FC704"),
        ((pos("p", {"age": 1}),), "FC707"),
        ((pos("p", {"$or": [{"type": "a"}, {"type": "b"}]}),), "FC707"),
        ((pos("p", typed("person", {"type": "other"})),), "FC707"),
        ((pos("_s", typed("person")),), "FC702"),
        ((pos("p q", typed("person")),), "FC702"),
        ((pos("p$not", typed("person")),), "FC702"),
        ((pos("p", typed("person")), pos("p", typed("person"))), "FC702"),
        ((pos("p", typed("person", {"x": {"q": "x"}})), pos("q", typed("person"))), "FC706"),
        ((neg("n", typed("debt")), pos("p", typed("person", {"x": {"n": "x"}}))), "FC706"),
        ((pos("p", typed("person")), neg("n", typed("debt", {"x": {"q": "x"}}))), "FC706"),
        (
            (
                pos("p", typed("person")),
                pos("c", typed("c", {"$or": [{"x": 1}, {"x": {"p": "x"}}]})),
            ),
            "FC703",
        ),
        (
            (
                pos("p", typed("person")),
                pos("c", typed("c", {"$or": [{"$and": [{"x": {"p": "x"}}]}]})),
            ),
            "FC703",
        ),
        ((pos("p", typed("person", {"age": 1.5})),), "FC705"),
        ((pos("p", typed("person", {"age": None})),), "FC705"),
        ((pos("p", typed("person", {"age": 2**53 + 1})),), "FC705"),
        ((pos("p", typed("person", {"name": "e\u0301"})),), "FC705"),
        ((pos("p", typed("person", {"$gt": {"name": "Ola Nordmann"}})),), "FC705"),
        ((pos("p", typed("person", {"$and": []})),), "FC703"),
        ((pos("p", typed("person", {"a": 1, "b": 2})),), "FC703"),
        (tuple(pos(f"p{i}", typed("person")) for i in range(16)), "FC711"),
    ],
)
def test_refuses_what_durable_would_get_wrong(patterns: tuple[Pattern, ...], code: str) -> None:
    with pytest.raises(ContentError) as excinfo:
        compile_to_durable(book(rule("r", *patterns)))
    assert code in codes(excinfo)


def test_refuses_a_rule_that_consumes_a_type_derived_in_its_own_stratum() -> None:
    derive = Derive("at_risk", (("pid", Ref("p", "pid")),))
    producer = rule("producer", pos("p", typed("person")), derive=derive)
    consumer = rule("consumer", neg("r", typed("at_risk")))
    with pytest.raises(ContentError) as excinfo:
        compile_to_durable(book(producer, consumer))
    assert codes(excinfo) == ["FC708"]
    assert "consumer" in str(excinfo.value)
    compile_to_durable(book(producer, CompiledRule("consumer", consumer.patterns, stratum=1)))


@pytest.mark.parametrize(
    ("derive", "code"),
    [
        (Derive("at_risk", (("type", "x"),)), "FC709"),
        (Derive("at_risk", (("fid", "x"),)), "FC709"),
        (Derive("at_risk", (("id", "x"),)), "FC704"),
        (Derive("at_risk", (("pid", Ref("q", "pid")),)), "FC706"),
        (Derive("$at_risk", (("pid", "x"),)), "FC709"),
        (Derive("at_risk", (("score", 0.5),)), "FC705"),  # type: ignore[arg-type]
    ],
)
def test_refuses_invalid_derived_facts(derive: Derive, code: str) -> None:
    with pytest.raises(ContentError) as excinfo:
        compile_to_durable(book(rule("r", pos("p", typed("person")), derive=derive)))
    assert code in codes(excinfo)


def test_collects_every_problem_and_checks_the_content_hash() -> None:
    bad = (
        rule("a b", pos("p", typed("person"))),
        rule("dates", pos("p", typed("person")), valid_from="2024-01-01", valid_until="2023-01-01"),
        rule("when", pos("p", typed("person")), valid_from="1. januar"),
        rule("field", pos("p", typed("person", {"sid": 1}))),
    )
    with pytest.raises(ContentError) as excinfo:
        compile_to_durable(CompiledRulebook(bad, "not the hash"))
    assert sorted(codes(excinfo)) == ["FC701", "FC704", "FC710", "FC710", "FC712"]


# -- run_durable -------------------------------------------------------------------------
FAMILY = [
    person("f1", "A", 40),
    person("f2", "B", 10),
    {"type": "income", "fid": "f3", "person": "A"},
]


def test_a_batch_with_a_fact_that_reaches_no_rule_is_evaluated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # an ordering of texts: the relevance test cannot rule a fact out, so both persons are
    # asserted, and durable's own test then refuses one: it answers "not handled" (code 1)
    later = rule("later", pos("p", typed("person", {"$gt": {"pid": "m"}})))
    facts = [person("f1", "a", 30), person("f2", "z", 30)]
    answers: list[int] = []
    real = durable._dre.assert_facts

    def spy(handle: int, payload: str) -> tuple[int, int]:
        code, state = real(handle, payload)
        answers.append(code)
        return code, state

    monkeypatch.setattr(durable._dre, "assert_facts", spy)
    result = run_durable(book(later), facts, as_of="2024-01-01")
    assert 1 in answers
    assert fired(result, "later") == [(("p", "f2"),)]
    assert result == run_reference(book(later), facts, as_of="2024-01-01")


def test_fires_rules_with_joins_and_negation() -> None:
    result = run_durable(book(ADULT, NO_INCOME), FAMILY, as_of="2021-06-01")
    assert result.firings == (
        Firing("adult", (("p", "f1"),)),
        Firing("no_income", (("p", "f2"),)),
    )
    assert result.derived == {}


def test_negation_holds_whatever_the_order_of_facts_in_the_batch() -> None:
    # durable fires [p, not income(p)] as soon as the person arrives unless every rule waits
    # for the sentinel, which is asserted after all facts
    rulebook = book(NO_INCOME)
    for facts in (FAMILY, FAMILY[::-1], [FAMILY[0], FAMILY[2], FAMILY[1]]):
        assert fired(run_durable(rulebook, facts, as_of="2021-06-01"), "no_income") == [
            (("p", "f2"),)
        ]


def test_negates_facts_derived_in_an_earlier_stratum() -> None:
    at_risk = Derive("at_risk", (("pid", Ref("p", "pid")),))
    rulebook = book(
        rule("child_at_risk", pos("p", typed("person", {"$lt": {"age": 18}})), derive=at_risk),
        rule(
            "not_at_risk",
            pos("p", typed("person")),
            neg("r", typed("at_risk", {"pid": {"p": "pid"}})),
            stratum=1,
        ),
    )
    result = run_durable(rulebook, FAMILY, as_of="2025-01-01")
    assert fired(result, "not_at_risk") == [(("p", "f1"),)]
    (fact,) = result.derived.values()
    assert fact == {"type": "at_risk", "pid": "B", "fid": fact["fid"]}
    assert result == run_reference(rulebook, FAMILY, as_of="2025-01-01")


def test_a_positive_rule_fires_without_waiting_and_what_it_derives_is_negated_in_time() -> None:
    # stratum 1 is positive and undated (no sentinel: it fires as soon as a fact derived in
    # stratum 0 is in); stratum 2 negates what it derives, and waits for its sentinel
    at_risk = Derive("at_risk", (("pid", Ref("p", "pid")),))
    flagged = Derive("flagged", (("pid", Ref("r", "pid")),))
    rulebook = book(
        rule("child_at_risk", pos("p", typed("person", {"$lt": {"age": 18}})), derive=at_risk),
        rule("flag", pos("r", typed("at_risk")), derive=flagged, stratum=1),
        rule(
            "not_flagged",
            pos("p", typed("person")),
            neg("f", typed("flagged", {"pid": {"p": "pid"}})),
            stratum=2,
        ),
    )
    (rules,) = compile_to_durable(rulebook).values()
    assert [next(iter(p)) for p in rules["flag"]["all"]] == ["r"]
    assert [next(iter(p)) for p in rules["not_flagged"]["all"]] == ["_s", "p", "f$not"]
    for facts in (FAMILY, FAMILY[::-1]):
        result = run_durable(rulebook, facts, as_of="2025-01-01")
        assert fired(result, "not_flagged") == [(("p", "f1"),)]
        assert len(fired(result, "flag")) == 1
        assert result == run_reference(rulebook, facts, as_of="2025-01-01")


def _households() -> tuple[CompiledRulebook, list[dict[str, Any]]]:
    """Three children in two households: each child derives its household (twice for h1)."""
    household = Derive("household", (("id_", Ref("p", "household")), ("children", True)))
    rulebook = book(
        rule("has_children", pos("p", typed("person", {"$lt": {"age": 18}})), derive=household),
        rule("household", pos("h", typed("household")), stratum=1),
    )
    facts = [
        person("c1", "C1", 3, household="h1"),
        person("c2", "C2", 5, household="h1"),
        person("c3", "C3", 7, household="h2"),
    ]
    return rulebook, facts


def test_derived_facts_are_deduplicated() -> None:
    rulebook, facts = _households()
    result = run_durable(rulebook, facts, as_of="2025-01-01")
    assert len(fired(result, "has_children")) == 3
    assert len(result.derived) == 2
    assert sorted(b[0][1] for b in fired(result, "household")) == sorted(result.derived)


def test_each_deriving_firing_names_the_fact_it_derived() -> None:
    rulebook, facts = _households()
    result = run_durable(rulebook, facts, as_of="2025-01-01")
    assert result == run_reference(rulebook, facts, as_of="2025-01-01")
    by_child = {
        f.bindings[0][1]: result.derived[fid]["id_"] for f, fid in result.derived_by.items()
    }
    assert by_child == {"c1": "h1", "c2": "h1", "c3": "h2"}
    assert all(f.rule_id == "has_children" for f in result.derived_by)


def test_a_fact_derived_by_two_rules_with_fields_in_another_order_is_one_fact() -> None:
    first = Derive("flagged", (("pid", Ref("p", "pid")), ("young", True)))
    second = Derive("flagged", (("young", True), ("pid", Ref("q", "pid"))))
    rulebook = book(
        rule("by_age", pos("p", typed("person", {"$lt": {"age": 18}})), derive=first),
        rule("by_school", pos("q", typed("person", {"school": True})), derive=second),
        rule("flagged", pos("f", typed("flagged")), stratum=1),
    )
    facts = [person("a", "A", 7, school=True), person("b", "B", 40, school=False)]
    result = run_durable(rulebook, facts, as_of="2025-01-01")
    assert result == run_reference(rulebook, facts, as_of="2025-01-01")
    assert [dict(f, fid="") for f in result.derived.values()] == [
        {"type": "flagged", "pid": "A", "young": True, "fid": ""}
    ]
    assert len(fired(result, "flagged")) == 1


def test_validity_dates_select_the_law_in_force() -> None:
    rulebook = book(
        rule("old_act", pos("p", typed("person")), valid_until="2022-12-31"),
        rule("new_act", pos("p", typed("person")), valid_from="2023-01-01"),
    )
    facts = [person("f1", "A", 40)]
    assert {f.rule_id for f in run_durable(rulebook, facts, as_of="2018-05-01").firings} == {
        "old_act"
    }
    assert {f.rule_id for f in run_durable(rulebook, facts, as_of="2025-01-01").firings} == {
        "new_act"
    }
    for as_of in ("2022-12-31", "2023-01-01"):  # both bounds are inclusive
        assert len(run_durable(rulebook, facts, as_of=as_of).firings) == 1


def test_evaluations_are_isolated_one_after_the_other() -> None:
    rulebook = book(NO_INCOME)
    alone = [person("x1", "X", 30)]
    assert fired(run_durable(rulebook, FAMILY, as_of="2021-01-01"), "no_income") == [(("p", "f2"),)]
    # nothing of FAMILY is left: X has no income fact of its own, and A's is gone
    assert fired(run_durable(rulebook, alone, as_of="2021-01-01"), "no_income") == [(("p", "x1"),)]
    assert fired(run_durable(rulebook, [], as_of="2021-01-01"), "no_income") == []


def test_evaluations_are_isolated_between_threads() -> None:
    rulebook = book(ADULT, NO_INCOME)
    cases = [
        FAMILY,
        [person("x1", "X", 30), {"type": "income", "fid": "x2", "person": "Y"}],
    ]
    expected = [run_reference(rulebook, facts, as_of="2021-01-01") for facts in cases]
    failures: list[str] = []

    def work(index: int) -> None:
        for _ in range(150):
            if run_durable(rulebook, cases[index], as_of="2021-01-01") != expected[index]:
                failures.append(f"thread {index}")

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1, 0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_rulebook_is_registered_once_per_content_hash() -> None:
    rules = (rule("registered_once", pos("p", typed("person"))),)
    rulebook = book(*rules)
    run_durable(rulebook, FAMILY, as_of="2021-01-01")
    entry = durable._registry[rulebook.content_hash]
    names = len(durable._names)
    same = CompiledRulebook(
        (rule("registered_once", pos("p", typed("person"))),), rulebook_hash(rules)
    )
    run_durable(same, FAMILY, as_of="2021-01-01")
    assert durable._registry[rulebook.content_hash] is entry
    assert len(durable._names) == names


def session_is_empty(rulebook: CompiledRulebook) -> bool:
    ruleset = durable._registry[rulebook.content_hash].ruleset
    with pytest.raises(durable_rules_engine.error, match="309"):
        ruleset.get_state(durable.SID)
    return True


def test_an_action_failure_is_an_evaluation_error_and_the_session_is_cleaned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    derive = Derive("flag", (("pid", Ref("p", "pid")),))
    rulebook = book(rule("flagging", pos("p", typed("person")), derive=derive))

    def broken(*_: Any) -> None:
        raise RuntimeError("secret Kari Nordmann")

    with monkeypatch.context() as patch:
        patch.setattr(durable.Derivations, "add", broken)
        with pytest.raises(EvaluationError, match="'flagging'") as excinfo:
            run_durable(rulebook, FAMILY, as_of="2021-01-01")
    assert "Kari" not in str(excinfo.value)
    assert session_is_empty(rulebook)
    assert len(run_durable(rulebook, FAMILY, as_of="2021-01-01").derived) == 2


def test_a_durable_error_in_the_middle_of_a_batch_is_translated_and_cleaned() -> None:
    # 70 rules with different joins on one fact type: durable evaluates at most 64 alpha
    # nodes per fact and fails with error 303 in the middle of the batch
    rules = [
        rule(f"j{i}", pos("p", typed("person")), pos("q", typed("person", {f"x{i}": {"p": "pid"}})))
        for i in range(70)
    ]
    rulebook = book(*rules)
    facts = [{**person("f1", "A", 40), **{f"x{i}": "A" for i in range(70)}}]
    with pytest.raises(EvaluationError, match="error code 303"):
        run_durable(rulebook, facts, as_of="2021-01-01")
    assert session_is_empty(rulebook)
    assert run_durable(rulebook, [], as_of="2021-01-01") == EngineResult(())
    # the process survived: a normal evaluation on another ruleset still works
    assert fired(run_durable(book(ADULT), FAMILY, as_of="2021-01-01"), "adult")


def test_an_error_between_passes_cleans_the_session() -> None:
    # pass 0 asserts the facts; the derived facts of pass 0 then clash with the base facts
    # of the same type before pass 1
    derive = Derive("income", (("person", Ref("p", "pid")), ("extra", 1)))
    rulebook = book(
        rule("derive_income", pos("p", typed("person")), derive=derive),
        rule("use_income", pos("i", typed("income")), stratum=1),
    )
    facts = [person("f1", "A", 40), {"type": "income", "fid": "f3", "person": "A"}]
    with pytest.raises(EvaluationError, match="other fields"):
        run_durable(rulebook, facts, as_of="2021-01-01")
    assert session_is_empty(rulebook)
    with pytest.raises(EvaluationError, match="other fields"):
        run_reference(rulebook, facts, as_of="2021-01-01")
    assert run_durable(rulebook, facts[:1], as_of="2021-01-01").firings


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 1.5}, "float"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": None}, "NoneType"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 2**53 + 1}, "2**53"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 1, "id": 3}, "reserved"),
        (
            {"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 1, "sid": "w1"},
            "reserved",
        ),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 1, "$s": 1}, "invalid"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": 1, "a.b": 1}, "invalid"),
        ({"type": "person", "fid": "f9", "pid": "Kari \ud800", "age": 1}, "Unicode"),
        ({"type": "$eval", "fid": "f9", "pid": "Kari Nordmann", "age": 1}, "type"),
        ({"fid": "f9", "pid": "Kari Nordmann", "age": 1}, "type"),
        ({"type": "person", "pid": "Kari Nordmann", "age": 1}, "fid"),
        ({"type": "person", "fid": "f1", "pid": "Kari Nordmann", "age": 1}, "twice"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann", "age": True}, "other fields"),
        ({"type": "person", "fid": "f9", "pid": "Kari Nordmann"}, "other fields"),
        (["type", "person"], "mapping"),
    ],
)
def test_refuses_invalid_facts_without_showing_their_values(bad: Any, words: str) -> None:
    rulebook = book(ADULT)
    for run in (run_durable, run_reference):
        with pytest.raises(EvaluationError, match=re.escape(words)) as excinfo:
            run(rulebook, [*FAMILY, bad], as_of="2021-01-01")
        assert "Kari" not in str(excinfo.value)
    assert run_durable(rulebook, FAMILY, as_of="2021-01-01").firings


def test_strings_are_normalised_to_nfc() -> None:
    rulebook = book(rule("rene", pos("p", typed("person", {"pid": "Ren\u00e9"}))))
    decomposed = [person("f1", "Rene\u0301", 40)]
    assert fired(run_durable(rulebook, decomposed, as_of="2021-01-01"), "rene") == [(("p", "f1"),)]


def test_a_bad_evaluation_date_is_a_usage_error() -> None:
    for as_of in ("2021-13-01", "01.01.2021", "2021-1-1"):
        with pytest.raises(UsageError):
            run_durable(book(ADULT), FAMILY, as_of=as_of)


def test_an_empty_rulebook_fires_nothing() -> None:
    assert run_durable(book(), FAMILY, as_of="2021-01-01") == EngineResult(())


def test_a_session_that_cannot_be_emptied_is_abandoned_with_its_ruleset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = book(rule("abandoned", pos("p", typed("person"))))
    run_durable(rulebook, FAMILY, as_of="2021-01-01")
    entry = durable._registry[rulebook.content_hash]

    def refuse(sid: str) -> None:
        raise durable_rules_engine.error("Could not delete state, error code: 101")

    monkeypatch.setattr(entry.ruleset, "delete_state", refuse)
    assert len(run_durable(rulebook, FAMILY, as_of="2021-01-01").firings) == 2
    # the session may still hold FAMILY: the next evaluation gets a fresh ruleset
    assert rulebook.content_hash not in durable._registry
    assert fired(run_durable(rulebook, [person("x", "X", 1)], as_of="2021-01-01"), "abandoned") == [
        (("p", "x"),)
    ]
    fresh = durable._registry[rulebook.content_hash]
    assert fresh is not entry
    assert fresh.name == entry.name + "_2"


# -- the action dispatch over durable's C API ----------------------------------------------
class Recorder:
    """durable_rules_engine, recording the names of the calls made, optionally failing some."""

    def __init__(self, fail: dict[str, int] | None = None) -> None:
        self.calls: list[str] = []
        self.fail = dict(fail or {})  # call name -> how many times it fails (-1: always)

    def __getattr__(self, name: str) -> Any:
        target = getattr(durable_rules_engine, name)
        if not callable(target) or isinstance(target, type):
            return target

        def call(*args: Any) -> Any:
            self.calls.append(name)
            left = self.fail.get(name, 0)
            if left:
                self.fail[name] = left - 1 if left > 0 else left
                raise durable_rules_engine.error(f"Could not {name}, error code: 101")
            return target(*args)

        return call


def dispatching(monkeypatch: pytest.MonkeyPatch, fail: dict[str, int] | None = None) -> Recorder:
    recorder = Recorder(fail)
    monkeypatch.setattr(durable, "_dre", recorder)
    return recorder


DISPATCHED = book(
    rule("adult_dispatch", pos("p", typed("person", {"$gte": {"age": 18}}))),
    rule("any_person_dispatch", pos("p", typed("person"))),
)


def test_actions_are_run_with_the_c_calls_durable_makes_in_its_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = run_reference(DISPATCHED, FAMILY, as_of="2021-01-01")
    assert run_durable(DISPATCHED, FAMILY, as_of="2021-01-01") == expected  # registered
    recorder = dispatching(monkeypatch)

    class NoDecoding:  # the fids are read from the messages' text, never decoded
        dumps = staticmethod(json.dumps)

        @staticmethod
        def loads(text: str) -> Any:
            raise AssertionError(text)

    monkeypatch.setattr(durable, "json", NoDecoding)
    assert run_durable(DISPATCHED, FAMILY, as_of="2021-01-01") == expected
    # durable's do_actions, less its update_state with the unchanged state before each
    # completion (see durable._dispatch)
    assert recorder.calls == [
        "assert_facts",
        "start_action_for_state",
        *["complete_and_start_action"] * len(expected.firings),
        "start_action",  # nothing left pending
        "start_action",  # nor when the session is emptied
    ]


def test_an_action_that_raises_is_an_evaluation_error_and_the_engine_stays_usable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = run_durable(DISPATCHED, FAMILY, as_of="2021-01-01")
    entry = durable._registry[DISPATCHED.content_hash]

    def broken(firing: Any) -> None:
        raise RuntimeError(f"secret {firing}")

    with monkeypatch.context() as patch:
        patch.setitem(
            entry.rules, "adult_dispatch", durable._Rule.of("adult_dispatch", ("p",), broken)
        )
        with pytest.raises(EvaluationError, match=r"\(RuntimeError\)") as excinfo:
            run_durable(DISPATCHED, FAMILY, as_of="2021-01-01")
    assert "secret" not in str(excinfo.value)
    assert "f1" not in str(excinfo.value)
    assert session_is_empty(DISPATCHED)
    assert durable._registry[DISPATCHED.content_hash] is entry
    assert run_durable(DISPATCHED, FAMILY, as_of="2021-01-01") == expected


@pytest.mark.parametrize("call", ["complete_and_start_action"])
def test_a_failing_engine_call_abandons_the_action_and_cleans_the_session(
    monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    expected = run_durable(DISPATCHED, FAMILY, as_of="2021-01-01")
    entry = durable._registry[DISPATCHED.content_hash]
    with monkeypatch.context() as patch:
        recorder = dispatching(patch, {call: 1})
        with pytest.raises(EvaluationError, match="error code 101"):
            run_durable(DISPATCHED, FAMILY, as_of="2021-01-01")
    failed = recorder.calls.index(call)
    assert recorder.calls[failed + 1] == "abandon_action"
    assert session_is_empty(DISPATCHED)
    assert durable._registry[DISPATCHED.content_hash] is entry
    assert run_durable(DISPATCHED, FAMILY, as_of="2021-01-01") == expected


def test_actions_that_cannot_be_drained_abandon_the_ruleset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = book(rule("never_completed", pos("p", typed("person"))))
    expected = run_durable(rulebook, FAMILY, as_of="2021-01-01")
    entry = durable._registry[rulebook.content_hash]
    deleted: list[str] = []
    with monkeypatch.context() as patch:
        patch.setattr(durable, "_MAX_DRAIN", 20)
        patch.setattr(entry.ruleset, "delete_state", deleted.append)
        dispatching(patch, {"complete_and_start_action": -1})
        with pytest.raises(EvaluationError, match="keeps producing actions"):
            run_durable(rulebook, FAMILY, as_of="2021-01-01")
    assert deleted == []  # never delete a session with an action pending: it would crash
    assert rulebook.content_hash not in durable._registry
    assert run_durable(rulebook, FAMILY, as_of="2021-01-01") == expected
    assert durable._registry[rulebook.content_hash].name == entry.name + "_2"


def test_evaluations_with_derived_facts_are_isolated_between_threads() -> None:
    at_risk = Derive("at_risk", (("pid", Ref("p", "pid")),))
    rulebook = book(
        rule("young_threads", pos("p", typed("person", {"$lt": {"age": 18}})), derive=at_risk),
        rule(
            "safe_threads",
            pos("p", typed("person")),
            neg("r", typed("at_risk", {"pid": {"p": "pid"}})),
            stratum=1,
        ),
        rule("adult_threads", pos("p", typed("person", {"$gte": {"age": 18}}))),
    )
    cases = [
        FAMILY,
        [person("x1", "X", 3), person("x2", "Y", 30), person("x3", "Z", 12)],
        [],
    ]
    expected = [run_reference(rulebook, facts, as_of="2021-01-01") for facts in cases]
    failures: list[str] = []

    def work(index: int) -> None:
        for _ in range(150):
            if run_durable(rulebook, cases[index], as_of="2021-01-01") != expected[index]:
                failures.append(f"case {index}")

    threads = [threading.Thread(target=work, args=(i % 3,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_the_fids_of_a_firing_are_read_from_durables_message_text() -> None:
    rules = {"r": durable._Rule.of("r", ("p", "q"))}
    fid_of = {"1": "f1", "2": "f2", "3": "evil"}
    sentinel = '"_s":{"id":"0","type":"$eval","stratum":0,"date":"2021-01-01","sid":"w0"}'
    plain = '{"r":{' + sentinel + ',"q":{"id":"2","x":1,"sid":"w0"},"p":{"id":"1","y":"z"}}}'
    bound = (rules["r"], (("p", "f1"), ("q", "f2")))
    assert durable._bound(rules, plain, fid_of) == bound
    # a value holding the key's text is escaped in JSON: it is never taken for a fact
    tricky = {"id": "1", "note": '"q":{"id":"3"}', "sid": "w0"}
    compact = (",", ":")
    message = json.dumps({"r": {"q": {"id": "2"}, "p": tricky}}, separators=compact)
    assert durable._bound(rules, message, fid_of) == bound
    # anything else (here: spaces) is decoded
    spaced = json.dumps({"r": {"p": {"id": "1", "x": '"q":{"id":"3"}'}, "q": {"id": "2"}}})
    assert durable._bound(rules, spaced, fid_of) == bound


def test_a_fact_is_asserted_with_the_fields_durable_tests_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = book(
        rule(
            "pair_fields",
            pos("p", typed("person", {"$gte": {"age": 18}})),
            pos("q", typed("person", {"pid": {"p": "pid"}})),
        ),
        rule("note_fields", pos("n", typed("note"))),
    )
    facts = [
        {**person("f1", "A", 40), "note": "not tested", "flag": True},
        {"type": "note", "fid": "n1", "text": "not tested"},
    ]
    expected = run_reference(rulebook, facts, as_of="2021-01-01")
    assert run_durable(rulebook, facts, as_of="2021-01-01") == expected
    given = recorded(monkeypatch)
    assert run_durable(rulebook, facts, as_of="2021-01-01") == expected
    # (and no sentinel: no rule has a negation or validity dates to wait for); the age is
    # tested as the mark of "age >= 18", which the fact's mask sets
    (mark,) = durable._marks(analyse(rulebook)).names["person"].values()
    assert given == [
        {"id": given[0]["id"], "type": "person", "pid": "A", mark: True, "sid": durable.SID},
        {"id": given[1]["id"], "type": "note", "sid": durable.SID},
    ]


def test_odd_fids_and_values_bind_as_in_the_reference() -> None:
    rulebook = book(
        rule("pair", pos("p", typed("person")), pos("q", typed("person", {"pid": {"p": "pid"}}))),
        rule(
            "tagged",
            pos("p", typed("person")),
            derive=Derive("tag", (("of", Ref("p", "fid")), ("pid", Ref("p", "pid")))),
        ),
        rule("tag", pos("t", typed("tag")), stratum=1),
    )
    facts = [
        person('say "hi"', "A", 40),
        person("back\\slash", "A", 30, note='"q":{"fid": "nobody"}'),
        person("line\nbreak", "B", 20, note="x"),
        person("æøå \u2028", "B", 10, note='{"fid": "x"}'),
    ]
    facts[0]["note"] = "y"
    expected = run_reference(rulebook, facts, as_of="2021-01-01")
    assert len(fired(expected, "pair")) == 4
    assert run_durable(rulebook, facts, as_of="2021-01-01") == expected


# -- marks: exact literal parts tested as one field each (durable._marks) --------------------
def test_a_fact_carries_the_marks_of_rules_that_may_fire_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = book(
        rule("senior", pos("p", typed("person", {"$gte": {"age": 65}}))),
        # cannot fire without an income fact: its adult test is no use in this evaluation
        rule(
            "adult_with_income",
            pos("p", typed("person", {"$gte": {"age": 18}})),
            pos("i", typed("income", {"person": {"p": "pid"}})),
        ),
    )
    analysed = analyse(rulebook)
    first = {info.rule.id: info.patterns[0] for info in analysed.infos}
    names = durable._marks(analysed).names["person"]
    senior, adult = (
        names[pattern_bit(analysed.relevance, first[rule_id])]
        for rule_id in ("senior", "adult_with_income")
    )
    facts = [person("f1", "A", 70), person("f2", "B", 40)]
    expected = run_reference(rulebook, facts, as_of="2021-01-01")
    run_durable(rulebook, facts, as_of="2021-01-01")
    given = recorded(monkeypatch)
    assert run_durable(rulebook, facts, as_of="2021-01-01") == expected
    assert fired(expected, "senior") == [(("p", "f1"),)]
    # A (70) is a senior; B (40) is asserted for no rule that may fire: not at all
    assert [(f["pid"], senior in f, adult in f) for f in given] == [("A", True, False)]
    with_income = [*facts, {"type": "income", "fid": "i1", "person": "B"}]
    given.clear()
    result = run_durable(rulebook, with_income, as_of="2021-01-01")
    assert result == run_reference(rulebook, with_income, as_of="2021-01-01")
    assert fired(result, "adult_with_income") == [(("p", "f2"), ("i", "i1"))]
    marks = {f["pid"]: (senior in f, adult in f) for f in given if f["type"] == "person"}
    assert marks == {"A": (True, True), "B": (False, True)}


def test_marks_whose_hashes_collide_take_a_suffix(monkeypatch: pytest.MonkeyPatch) -> None:
    rulebook = book(ADULT, rule("named", pos("p", typed("person", {"name": "A"}))))
    real = analysis._collision
    # as if a mark's plain name had the 32-bit hash of a field
    monkeypatch.setattr(
        durable, "_collision", lambda names: real(names) or any(n.isdigit() for n in names)
    )
    names = sorted(durable._marks(analyse(rulebook)).names["person"].values())
    assert len(names) == 2
    assert all(n.endswith("_") and n.rstrip("_").isdigit() for n in names)
    facts = [{**person("f1", "A", 40), "name": "A"}, {**person("f2", "B", 10), "name": "B"}]
    assert durable._registry.get(analyse(rulebook).content_hash) is None
    result = run_durable(rulebook, facts, as_of="2021-01-01")
    assert result == run_reference(rulebook, facts, as_of="2021-01-01")
    assert fired(result, "adult") == [(("p", "f1"),)]
    assert fired(result, "named") == [(("p", "f1"),)]


def test_a_type_whose_marks_could_fill_durables_stack_is_tested_as_written() -> None:
    # 60 exact parts of one type: a fact matching them all would push 60 marks at once
    many = book(
        *(rule(f"r{i}", pos("p", typed("person", {"$neq": {"pid": f"k{i}"}}))) for i in range(60))
    )
    assert "person" not in durable._marks(analyse(many)).bits
    (rules,) = compile_to_durable(many).values()
    assert rules["r7"]["all"] == [{"p": {"$and": [{"type": "person"}, {"$neq": {"pid": "k7"}}]}}]
    facts = [person("f1", "A", 40)]
    assert run_durable(many, facts, as_of="2021-01-01") == run_reference(
        many, facts, as_of="2021-01-01"
    )
    few = book(
        *(rule(f"r{i}", pos("p", typed("person", {"$neq": {"pid": f"k{i}"}}))) for i in range(20))
    )
    assert "person" in durable._marks(analyse(few)).bits
    assert run_durable(few, facts, as_of="2021-01-01") == run_reference(
        few, facts, as_of="2021-01-01"
    )
