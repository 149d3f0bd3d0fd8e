"""evaluate_many(results="assessment"): workers send what the engine found, and the reading
process builds each assessment when it is first read, equal to what evaluate gives.

Most tests make such results in this process, as a worker would (``_sendable``, then
``_find_one``), so that they need no worker processes; two run real workers (slow on 2 cores:
few and small). Speed is measured by ``benchmarks/run.py``, never asserted here.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import familycase
from familycase import evaluate, evaluate_many, synthetic_cases
from familycase._resources import rules_dir
from familycase.assess import batch as batch_module
from familycase.assess import evaluation
from familycase.assess.batch import BatchResult
from familycase.rules.rulebook import Rulebook

from ._bad_cases import BAD_REFERENCE
from ._bad_cases import unpicklable as make_unpicklable


@pytest.fixture(scope="module")
def cases() -> list[familycase.Case]:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    vignette = [scenario.case_at(phase.id) for phase in scenario.phases]
    return [*vignette, *synthetic_cases(9, seed=42)]


def found_here(
    batch: list[Any], rulebook: Rulebook | None = None, as_of: str | None = None
) -> list[BatchResult]:
    """Results as ``evaluate_many(batch, workers=n, results="assessment")`` yields them, with
    the worker's part done in this process."""
    items = list(enumerate(batch))
    sent = batch_module._sendable(items, snapshot=True)
    returned = [batch_module._find_one(index, case, rulebook, as_of) for index, case in sent]
    return batch_module._settled(items, sent, returned, batch_module._Batch(rulebook, as_of))


def test_two_workers_give_evaluate_s_assessments_and_json(cases: list[familycase.Case]) -> None:
    results = list(evaluate_many(iter(cases), workers=2, chunksize=2, results="assessment"))
    assert [r.index for r in results] == list(range(len(cases)))
    assert all(r.ok for r in results)
    assert all(r._pending is not None for r in results)  # nothing built yet
    assert [r.json for r in results] == [evaluate(c).model_dump_json() for c in cases]
    assert [r.assessment for r in results] == [evaluate(c) for c in cases]
    assert all(r._pending is None for r in results)  # built once, then the case let go


def test_one_worker_with_a_rules_folder_as_of_and_failing_cases(
    cases: list[familycase.Case],
) -> None:
    bad_reference = dict(BAD_REFERENCE)
    unpicklable = make_unpicklable()
    unchecked = familycase.Case.model_construct(**{**dict(cases[0]), "persons": []})
    synthetic = cases[3:6]  # dated 2016-2026; nobody is born after this as_of
    mapping = synthetic[2].model_dump(mode="json")
    batch: list[Any] = [synthetic[0], bad_reference, 42, unpicklable, unchecked, synthetic[1]]
    batch.append(mapping)
    results = list(
        evaluate_many(
            batch,
            workers=1,
            chunksize=3,
            rulebook=rules_dir(),
            as_of="2026-07-01",
            results="assessment",
        )
    )
    assert [r.index for r in results] == list(range(7))
    assert [r.ok for r in results] == [True, False, False, False, False, True, True]
    errors = [r.error for r in results if r.error is not None]
    assert [(e.type, [p.path for p in e.problems]) for e in errors] == [
        ("CaseError", ["relations[0].to"]),
        ("UsageError", []),
        ("UsageError", []),
        ("CaseError", ["persons"]),
    ]
    assert "could not be sent" in errors[2].message
    assert all("Kari" not in e.message for e in errors)
    book = familycase.load_rulebook(rules_dir())
    expected = [
        evaluate(c, rulebook=book, as_of="2026-07-01").model_dump_json()
        for c in (synthetic[0], synthetic[1], mapping)
    ]
    mapping["persons"][1:] = []  # changed once sent: the result is built from what was sent
    assert [r.json for r in (results[0], results[5], results[6])] == expected


def test_in_this_process_both_modes_are_evaluate_s(cases: list[familycase.Case]) -> None:
    expected = [evaluate(c).model_dump_json() for c in cases[:4]]
    for results in ("json", "assessment"):
        got = list(evaluate_many(cases[:4], workers=0, results=results))
        assert [r.json for r in got] == expected


@pytest.mark.parametrize("as_of", [None, "2026-07-01"])
@pytest.mark.parametrize("folder", [False, True], ids=["shipped", "folder"])
def test_built_here_equals_evaluate(
    cases: list[familycase.Case], as_of: str | None, folder: bool
) -> None:
    book = familycase.load_rulebook(rules_dir()) if folder else None
    batch: list[Any] = [*cases[3:7], cases[5].model_dump(mode="json")]
    if as_of is None:
        batch[:0] = cases[:3]  # the vignette's phases (not all born by 2026-07-01)
    results = found_here(batch, book, as_of)
    assert [r.json for r in results] == [
        evaluate(c, rulebook=book, as_of=as_of).model_dump_json() for c in batch
    ]
    assert [r.assessment for r in found_here(batch, book, as_of)] == [
        evaluate(c, rulebook=book, as_of=as_of) for c in batch
    ]


def test_nothing_is_built_until_read(
    cases: list[familycase.Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    results = found_here([cases[0], cases[4].model_dump(mode="json")])
    prepared: list[object] = []
    real = evaluation._prepare

    def counted(*args: Any, **kwargs: Any) -> Any:
        prepared.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "_prepare", counted)
    # index, status and repr need no building: a Case's own id, else the status
    assert [(r.index, r.ok, r.error) for r in results] == [(0, True, None), (1, True, None)]
    assert repr(results[0]) == f"BatchResult(index=0, case_id={cases[0].id!r})"
    assert repr(results[1]) == "BatchResult(index=1, ok=True)"
    assert prepared == []
    assert all(r._assessment is None and r._json is None for r in results)
    assert results[1].assessment is not None
    assert results[1].assessment.suggestions == evaluate(cases[4]).suggestions
    assert len(prepared) == 1
    assert repr(results[1]) == f"BatchResult(index=1, case_id={cases[4].id!r})"
    assert results[0]._assessment is None


def test_a_lazy_result_pickles_as_its_json_and_compares_by_its_assessment(
    cases: list[familycase.Case],
) -> None:
    (lazy,) = found_here([cases[1]])
    travelled = pickle.loads(pickle.dumps(lazy))
    assert travelled.json == evaluate(cases[1]).model_dump_json()
    assert travelled._pending is None
    (fresh,) = found_here([cases[1]])
    assert fresh == travelled
    assert fresh == BatchResult(0, evaluate(cases[1]))


def test_a_mapping_changed_after_it_was_sent_changes_nothing(
    cases: list[familycase.Case],
) -> None:
    mapping = cases[4].model_dump(mode="json")
    results = found_here([cases[3], mapping, cases[5]])
    mapping["persons"][0]["name"] = "Kari Nordmann"
    mapping["persons"][1:] = []  # no longer valid: the result is built from what was sent
    assert results[1].json == evaluate(cases[4]).model_dump_json()
    assert results[0].assessment == evaluate(cases[3])


def test_a_result_that_cannot_be_built_raises_naming_only_the_index(
    cases: list[familycase.Case],
) -> None:
    results = found_here([cases[3], cases[4].model_dump(mode="json")])
    # facts made again here that differ from the worker's (a bug) are caught by their number
    for result in results:
        pending = result._pending
        assert pending is not None
        pending.found = pending.found._replace(facts=pending.found.facts + 1)
    for index in (0, 1):
        with pytest.raises(familycase.EvaluationError, match=f"case {index} could not") as caught:
            _ = results[index].assessment
        message = str(caught.value)
        assert not [p.name for c in cases[3:5] for p in c.persons if p.name in message]
        assert caught.value.__cause__ is None


@pytest.mark.parametrize("results", ["JSON", "objects", None, 1, ""], ids=repr)
def test_results_must_be_json_or_assessment(results: Any) -> None:
    with pytest.raises(familycase.UsageError, match="results must be 'json' or 'assessment'"):
        evaluate_many([], workers=0, results=results)
