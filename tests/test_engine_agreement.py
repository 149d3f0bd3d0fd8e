"""durable_rules, CLIPS and the reference evaluator agree on generated families.

durable_rules is compared where it imports (Python 3.11 and 3.12); CLIPS everywhere.

The reference evaluator is a plain-Python brute-force matcher over the same compiled rules
(negation included). Disagreement would mean the engine (or familycase's use of it) is
wrong: durable_rules' negation, for one, depends on the order facts arrive in.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycase
from familycase.case.facts import case_facts
from familycase.case.graph import CaseGraph
from familycase.case.synthetic import synthetic_case, synthetic_cases
from familycase.engine import available, run_reference, runner
from familycase.engine.analysis import _fnv1a32
from familycase.rules.rulebook import load_rulebook

ENGINES = [name for name in ("durable", "clips") if available(name)]

CASES = 3000


def _both(case: familycase.Case, engine: str) -> tuple[object, object]:
    rulebook = load_rulebook()
    facts = case_facts(CaseGraph(case, rulebook.vocabularies)).facts
    as_of = case.as_of.isoformat()
    return (
        runner(engine)(rulebook.compiled, facts, as_of=as_of),
        run_reference(rulebook.compiled, facts, as_of=as_of),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_and_reference_agree_on_thousands_of_generated_cases(engine: str) -> None:
    disagreements = []
    fired: set[str] = set()
    for case in synthetic_cases(CASES, seed=2026):
        result, reference = _both(case, engine)
        if result != reference:
            disagreements.append(case.id)
        fired.update(f.rule_id for f in result.firings)  # type: ignore[attr-defined]
    assert disagreements == []
    # the generated families exercise (nearly) the whole rulebook
    all_rules = {r.id for r in load_rulebook().rules}
    assert len(fired) >= len(all_rules) - 2, sorted(all_rules - fired)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31), index=st.integers(0, 10_000))
def test_engine_and_reference_agree_on_hypothesis_cases(seed: int, index: int) -> None:
    case = synthetic_case(index, seed=seed)
    for engine in ENGINES:
        result, reference = _both(case, engine)
        assert result == reference, engine


def _assessments(case: familycase.Case | dict[str, object]) -> dict[str, dict[str, object]]:
    """The assessment of ``case`` by every available engine and the reference, as JSON
    without the provenance (which names the engine)."""
    out = {}
    for engine in (*ENGINES, "reference"):
        assessment = familycase.evaluate(case, engine=engine)  # type: ignore[arg-type]
        assert assessment.provenance.engine == engine
        out[engine] = assessment.model_dump(mode="json", exclude={"provenance"})
    return out


def _shipped_phases() -> list[tuple[str, str]]:
    return [
        (path.stem, phase)
        for path in sorted(familycase.scenario_path("maria_and_david").parent.glob("*.yaml"))
        for phase in (p.id for p in familycase.load_scenario(path).phases)
    ]


@pytest.mark.parametrize(("scenario", "phase"), _shipped_phases())
def test_full_assessments_agree_on_every_shipped_scenario(scenario: str, phase: str) -> None:
    case = familycase.load_scenario(familycase.scenario_path(scenario)).case_at(phase)
    results = _assessments(case)
    assert all(result == results["reference"] for result in results.values())


# -- durable's 32-bit fact lookup (issue 16) ------------------------------------------------
COLLIDING = {
    "as_of": "2025-03-01",
    "persons": [
        {"id": "a89992", "name": "A", "age": 40},
        {"id": "b64054", "name": "B", "age": 41},
    ],
}


def test_the_case_that_collided_in_durable_evaluates_on_every_engine() -> None:
    results = _assessments(COLLIDING)
    assert all(result == results["reference"] for result in results.values())
    batch = list(familycase.evaluate_many([COLLIDING, COLLIDING], workers=0))
    assert [r.ok for r in batch] == [True, True]


def test_durable_fact_ids_have_distinct_32_bit_hashes() -> None:
    """Every fact is asserted with an id whose hash (durable's lookup key) no other fact of
    the evaluation and not the session state has; ``_fnv1a32`` is durable's hash (it finds
    the colliding session ids of engine-notes.md)."""
    pytest.importorskip("durable_rules_engine")
    from familycase.engine import durable

    assert _fnv1a32("case-478212") == _fnv1a32("case-1221200")
    ids = durable._fact_ids(200_000)[:200_000]
    assert len(set(ids)) == len(ids)
    hashes = {_fnv1a32(i) for i in ids}
    assert len(hashes) == len(ids)
    assert _fnv1a32("sid-" + durable.SID) not in hashes


PERSON_ID = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(PERSON_ID, min_size=2, max_size=12, unique=True), age=st.integers(0, 90))
def test_drawn_person_ids_evaluate_alike_on_every_engine(ids: list[str], age: int) -> None:
    case = {
        "as_of": "2025-03-01",
        "persons": [
            {"id": "p" + pid, "name": "X", "age": (age + i) % 91} for i, pid in enumerate(ids)
        ],
    }
    results = _assessments(case)
    assert all(result == results["reference"] for result in results.values())


def test_synthetic_cases_are_reproducible_and_varied() -> None:
    first = list(synthetic_cases(50, seed=5))
    assert first == list(synthetic_cases(50, seed=5))
    assert first != list(synthetic_cases(50, seed=6))
    sizes = {len(c.persons) for c in first}
    assert len(sizes) >= 4
    assert any(not c.concerns for c in first)
    assert len({c.as_of.year for c in first}) >= 5
