"""evaluate_many: the same results as evaluate, in input order, over worker processes.

Functional tests only: speed is measured by ``benchmarks/run.py``, never asserted here.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import familycase
from familycase import evaluate, evaluate_many, synthetic_cases
from familycase._resources import rules_dir
from familycase.assess.batch import BatchError, BatchResult, _Progress, _stream, chunked

from ._bad_cases import BAD_REFERENCE
from ._bad_cases import unpicklable as make_unpicklable
from ._tasks import CRASH_INDEX, crash_on_index


@pytest.fixture(scope="module")
def cases() -> list[familycase.Case]:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    vignette = [scenario.case_at(phase.id) for phase in scenario.phases]
    return [*vignette, *synthetic_cases(21, seed=42)]


@pytest.fixture(scope="module")
def expected(cases: list[familycase.Case]) -> list[familycase.Assessment]:
    return [evaluate(case) for case in cases]


def test_in_this_process_the_results_are_evaluate_s(
    cases: list[familycase.Case], expected: list[familycase.Assessment]
) -> None:
    results = list(evaluate_many(cases, workers=0))
    assert [r.index for r in results] == list(range(len(cases)))
    assert [r.assessment for r in results] == expected
    assert all(r.ok and r.error is None for r in results)


def test_two_workers_give_the_same_results_in_the_same_order(
    cases: list[familycase.Case], expected: list[familycase.Assessment]
) -> None:
    # a generator (no len) and small chunks: results arrive from both workers, interleaved
    results = list(evaluate_many(iter(cases), workers=2, chunksize=2))
    assert [r.index for r in results] == list(range(len(cases)))
    assert [r.assessment for r in results] == expected


def test_a_failing_case_is_reported_with_its_index_and_the_batch_goes_on(
    cases: list[familycase.Case],
) -> None:
    bad_reference = dict(BAD_REFERENCE)
    unpicklable = make_unpicklable()
    batch: list[Any] = [cases[0], bad_reference, 42, unpicklable, cases[1]]
    results = list(evaluate_many(batch, workers=1, chunksize=2))
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert [r.ok for r in results] == [True, False, False, False, True]
    unsent = results[3].error
    assert unsent is not None
    assert unsent.type == "UsageError"
    assert "could not be sent" in unsent.message
    case_error, usage_error = results[1].error, results[2].error
    assert case_error is not None
    assert usage_error is not None
    assert case_error.type == "CaseError"
    assert [p.path for p in case_error.problems] == ["relations[0].to"]
    assert "Kari" not in case_error.message
    assert "Nordmann" not in case_error.message
    assert "Kari" not in repr(results[1])
    assert usage_error.type == "UsageError"
    assert results[4].assessment == evaluate(cases[1])


def test_a_worker_that_dies_fails_only_the_case_it_was_evaluating(
    cases: list[familycase.Case], expected: list[familycase.Assessment]
) -> None:
    batch = cases[:8]
    results = list(
        _stream(
            batch,
            workers=2,
            rulebook=None,
            as_of=None,
            chunksize=2,
            method="spawn",
            bar=None,
            task=crash_on_index,
        )
    )
    assert [r.index for r in results] == list(range(8))
    failed = [r for r in results if not r.ok]
    assert [r.index for r in failed] == [CRASH_INDEX]
    assert failed[0].error is not None
    assert failed[0].error.type == "WorkerCrash"
    assert [r.assessment for r in results if r.ok] == [
        a for i, a in enumerate(expected[:8]) if i != CRASH_INDEX
    ]


def test_a_script_without_the_main_guard_gets_a_usage_error_not_endless_crashes(
    tmp_path: Path,
) -> None:
    # With "spawn", every worker runs the script again and Python stops it: the pool breaks
    # at once, every time. That must end the batch with one clear error, not re-run each
    # case on a new pool and report each as a crash of the engine.
    script = tmp_path / "batch_script.py"
    script.write_text(
        textwrap.dedent(
            """
            import familycase
            try:
                for r in familycase.evaluate_many(familycase.synthetic_cases(6, seed=1), workers=2):
                    print("evaluated", r.index, r.ok)
            except familycase.UsageError as exc:
                print("usage error:", exc)
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "evaluated" not in run.stdout
    assert run.stdout.startswith("usage error: evaluate_many stopped: its worker processes exit")
    assert 'if __name__ == "__main__":' in run.stdout


def test_leaving_early_stops_the_workers_and_reads_only_what_is_in_flight(
    cases: list[familycase.Case],
) -> None:
    taken = 0

    def endless() -> Iterator[familycase.Case]:
        nonlocal taken
        while True:
            taken += 1
            yield cases[taken % len(cases)]

    results = evaluate_many(endless(), workers=2, chunksize=3)
    first = [next(results) for _ in range(4)]
    assert [r.index for r in first] == [0, 1, 2, 3]
    results.close()  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []
    # at most CHUNKS_PER_WORKER chunks per worker in flight, plus the one being refilled
    assert taken <= (2 * 4 + 2) * 3


def test_a_rules_folder_and_as_of_are_passed_on(cases: list[familycase.Case]) -> None:
    synthetic = cases[3:6]  # dated 2016-2026; nobody is born after this as_of
    results = list(evaluate_many(synthetic, workers=0, rulebook=rules_dir(), as_of="2026-07-01"))
    book = familycase.load_rulebook(rules_dir())
    assert [r.assessment for r in results] == [
        evaluate(c, rulebook=book, as_of="2026-07-01") for c in synthetic
    ]
    assert all(r.assessment and r.assessment.as_of.year == 2026 for r in results)


def test_cases_travel_to_workers_as_json_with_a_rulebook_too(
    cases: list[familycase.Case],
) -> None:
    synthetic = cases[3:7]
    book = familycase.load_rulebook(rules_dir())
    results = list(evaluate_many(synthetic, workers=1, rulebook=book, as_of="2026-07-01"))
    assert [r.assessment for r in results] == [
        evaluate(c, rulebook=book, as_of="2026-07-01") for c in synthetic
    ]


def test_a_case_made_without_validation_fails_in_the_worker_as_a_case_error(
    cases: list[familycase.Case],
) -> None:
    unchecked = familycase.Case.model_construct(**{**dict(cases[0]), "persons": []})
    results = list(evaluate_many([cases[1], unchecked, cases[2]], workers=1))
    assert [r.ok for r in results] == [True, False, True]
    error = results[1].error
    assert error is not None
    assert error.type == "CaseError"
    assert [p.path for p in error.problems] == ["persons"]


def test_progress_is_drawn_on_stderr(
    cases: list[familycase.Case], capsys: pytest.CaptureFixture[str]
) -> None:
    list(evaluate_many(cases[:3], workers=0, progress=True))
    err = capsys.readouterr().err
    assert "3/3 cases (100%)" in err
    assert "0 failed" in err


def test_the_progress_line_redraws_in_place_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = _Progress(10, stream)
    bar.update(4, 1)
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\r")
    assert text.endswith("\n")
    assert "4/10 cases (40%)" in text
    assert "1 failed" in text
    # a shorter line blanks the tail of the longer one drawn before it
    bar = _Progress(None, stream := Tty())
    bar.done, bar.failed = 123_456, 0
    bar.draw(bar.start + 0.001)  # a high rate: a long line
    long = len(stream.getvalue())
    bar.draw(bar.start + 1_000)  # a low rate: a shorter line
    second = stream.getvalue()[long:]
    assert second.startswith("\r")
    assert len(second) == long
    assert second.rstrip().endswith("failed")


def test_what_is_not_a_case_fails_alike_in_this_process_and_in_workers() -> None:
    batch: list[Any] = [lambda: "not a case"]
    (here_result,) = evaluate_many(batch, workers=0)
    (there_result,) = evaluate_many(batch, workers=1)
    here, there = here_result.error, there_result.error
    assert here is not None
    assert there is not None
    assert (
        (here.type, here.message)
        == (there.type, there.message)
        == (
            "UsageError",
            "case must be a familycase.Case or a mapping.",
        )
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"workers": -1}, "workers"),
        ({"workers": True}, "workers"),
        ({"chunksize": 0}, "chunksize"),
        ({"mp_context": "teleport"}, "start method"),
        ({"rulebook": 42}, "rulebook"),
    ],
)
def test_arguments_are_checked_at_once(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(familycase.UsageError, match=message):
        evaluate_many([], **kwargs)


def test_cases_must_be_an_iterable_of_cases() -> None:
    with pytest.raises(familycase.UsageError, match="iterable"):
        evaluate_many({"as_of": "2025-01-01"})


def test_chunked_numbers_the_cases() -> None:
    assert [[i for i, _ in c] for c in chunked(range(7), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(familycase.UsageError):
        chunked([], 0)


def test_a_result_travels_as_json_and_comes_back_equal(
    cases: list[familycase.Case], expected: list[familycase.Assessment]
) -> None:
    for index, assessment in enumerate(expected):
        travelled = pickle.loads(pickle.dumps(BatchResult(index, assessment)))
        assert travelled.json == assessment.model_dump_json()
        assert travelled.assessment == assessment
        assert travelled == BatchResult(index, assessment)
    failed = pickle.loads(pickle.dumps(BatchResult(1, error=BatchError("CaseError", "bad"))))
    assert failed.assessment is None
    assert failed.json is None
    assert failed.error == BatchError("CaseError", "bad")


def test_a_batch_result_shows_ids_only(expected: list[familycase.Assessment]) -> None:
    result = BatchResult(5, expected[0])
    assert repr(result) == f"BatchResult(index=5, case_id={expected[0].case_id!r})"


def test_a_worker_does_not_check_again_a_case_the_reading_process_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its fields are validated; the checks across them (persons, vocabulary ids, dates),
    which the reading process ran, are not run again (issue 16)."""
    from familycase.assess import batch as batch_module
    from familycase.case import model

    case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase2")
    ((_, sent),) = batch_module._sendable([(0, case)])
    assert isinstance(sent, batch_module._CaseJSON)
    assert sent.checked

    def checks(*_: object) -> object:
        raise RuntimeError("the case checks ran again")  # (pydantic would wrap an assert)

    monkeypatch.setattr(model, "_case_errors", checks)
    received = batch_module._received(sent, None)
    assert received == case

    # a Case made without validation travels unchecked and is checked in the worker
    unchecked = model.Case.model_construct(**dict(case))
    ((_, raw),) = batch_module._sendable([(0, unchecked)])
    assert isinstance(raw, batch_module._CaseJSON)
    assert not raw.checked
    with pytest.raises(RuntimeError, match="ran again"):
        batch_module._received(raw, None)
