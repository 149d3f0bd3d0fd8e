"""Evaluate many cases at once: ``evaluate_many`` over worker processes.

durable_rules and CLIPS hold the GIL for the whole of an evaluation, so threads give nothing;
the batch runs in processes, each with its own engine and its rules, built once
when the process starts (the pool initializer). Results stream back in input order, as an
iterator, while later cases are still being evaluated; only a bounded number of cases is in
flight, so a generator of a million cases never sits in memory at once.

A case that fails (invalid data, an engine error) does not stop the batch: its
``BatchResult`` carries a ``BatchError`` with the case's index, the error's type and its
message, which names ids and fields only, never names or free text. A worker process that
dies (a crash inside the C engine) is replaced; the cases it may have been evaluating are
re-run one at a time, so only the case that kills a worker is reported as failed.

>>> import familycase
>>> from familycase.case.synthetic import synthetic_cases
>>> results = list(familycase.evaluate_many(synthetic_cases(3, seed=1), workers=0))
>>> [(r.index, r.ok) for r in results]
[(0, True), (1, True), (2, True)]
>>> bad = list(familycase.evaluate_many([{"as_of": "2025-01-01", "persons": []}], workers=0))
>>> bad[0].error.type, bad[0].error.problems[0].path
('CaseError', 'persons')

``evaluate_chunk`` is the unit of work: a plain, picklable function that any executor can
run (``concurrent.futures``, Dask, Ray); see ``docs/performance.md`` for running a batch on
an existing Dask cluster.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO, TypeAlias

from pydantic import ValidationError

from familycase._validation import iso_date
from familycase.assess.assessment import Assessment
from familycase.assess.evaluation import _built, _engine_result, _prepare, evaluate
from familycase.case.facts import DECLARED
from familycase.case.model import CHECKED, Case
from familycase.engine import default_engine, runner
from familycase.errors import (
    EvaluationError,
    FamilycaseError,
    Problem,
    ProblemsError,
    UsageError,
)
from familycase.rules.rulebook import Rulebook, load_rulebook
from familycase.rules.vocabulary import load_vocabularies

__all__ = ["BatchError", "BatchResult", "chunked", "evaluate_chunk", "evaluate_many"]

CaseInput: TypeAlias = Any  # a familycase.Case or its JSON-like mapping
Item: TypeAlias = tuple[int, CaseInput]
Results: TypeAlias = Literal["json", "assessment"]
RESULTS: tuple[Results, ...] = ("json", "assessment")
Task: TypeAlias = Callable[
    [Sequence[Item], "Rulebook | None", "date | str | None"], "Sequence[BatchResult | _Found]"
]

#: Chunks queued per worker: enough to keep every worker busy, few enough to bound memory.
CHUNKS_PER_WORKER = 4
DEFAULT_CHUNKSIZE = 32


@dataclass(frozen=True)
class BatchError:
    """Why one case of a batch failed.

    ``type`` is the exception's class name (``CaseError``, ``EvaluationError``,
    ``UsageError``, ``WorkerCrash``, or another type for a bug); ``message`` names ids and
    fields only; ``problems`` are a ``CaseError``'s located problems.
    """

    type: str
    message: str
    problems: tuple[Problem, ...] = ()


class BatchResult:
    """One case of a batch: its index in the input and its assessment or its error.

    A result made in another process travels as the assessment's JSON (the JSON contract,
    ``Assessment.model_dump_json()``), written by that process: ``json`` gives it as it came
    (what a caseworker system stores), and ``assessment`` turns it back into an equal
    ``Assessment`` the first time it is asked for. So the process reading a batch only
    decodes what it uses, and the work of encoding is shared by the workers.

    From ``evaluate_many(..., results="assessment")`` a result holds instead the case (a
    ``Case`` as it was given; a mapping as the bytes it was pickled into when its chunk was
    sent, so that changing the mapping afterwards changes nothing) and what the engine found
    in it (firings and derived facts, as the worker
    pickled them: about 1.4 KB for a synthetic family); the ``Assessment`` is built in this
    process the first time ``assessment``, ``json``, ``==`` or pickling needs it (about what
    ``evaluate`` costs without the engine step), and then the case and the engine's findings
    are let go. ``repr`` builds nothing: it shows the index and a ``Case``'s own id.
    Building it should not fail (the worker evaluated the case): if it does, the read raises
    ``EvaluationError`` naming the case's index.
    """

    __slots__ = ("_assessment", "_json", "_pending", "error", "index")

    def __init__(
        self,
        index: int,
        assessment: Assessment | None = None,
        error: BatchError | None = None,
        *,
        json: str | None = None,
    ) -> None:
        self.index = index
        self.error = error
        self._assessment = assessment
        self._json = json
        self._pending: _Pending | None = None

    @property
    def ok(self) -> bool:
        """True if the case was evaluated."""
        return self.error is None

    @property
    def assessment(self) -> Assessment | None:
        """The assessment (``None`` if the case failed)."""
        if self._assessment is None:
            if self._pending is not None:
                self._assessment = self._pending.build(self.index)
                self._pending = None  # the case and the engine's findings are no longer needed
            elif self._json is not None:
                self._assessment = _decode(self._json)
        return self._assessment

    @property
    def json(self) -> str | None:
        """The assessment as JSON text (``None`` if the case failed)."""
        if self._json is None:
            assessment = self.assessment
            if assessment is not None:
                self._json = assessment.model_dump_json()
        return self._json

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.index, self.error, self.json))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchResult):
            return NotImplemented
        return (self.index, self.error, self.assessment) == (
            other.index,
            other.error,
            other.assessment,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.error is not None:
            what = f"error={self.error.type!r}"
        elif self._pending is not None:  # not built for a repr: the case's id if known
            case_id = self._pending.case_id()
            what = "ok=True" if case_id is None else f"case_id={case_id!r}"
        elif self.assessment is not None:
            what = f"case_id={self.assessment.case_id!r}"
        else:
            what = "error=None"
        return f"BatchResult(index={self.index}, {what})"


def _rebuild(index: int, error: BatchError | None, json: str | None) -> BatchResult:
    return BatchResult(index, error=error, json=json)


class _Found(NamedTuple):
    """What a worker sends back for a case in the ``"assessment"`` mode: the engine's name
    (for the provenance), what it found (the ``EngineResult``, pickled by the worker: bytes,
    which the reading process receives at the cost of a copy and unpickles only when the
    assessment is read) and the number of facts it was given (checked when the reading
    process makes the facts again)."""

    engine: str
    result: bytes
    facts: int


@dataclass(frozen=True, slots=True)
class _Batch:
    """What every result of one batch in the ``"assessment"`` mode shares."""

    rulebook: Rulebook | None
    as_of: date | str | None


class _Pending:
    """An assessment to build in the reading process: the case (a ``Case`` as it was given,
    a mapping as the bytes the worker evaluated: ``_settled``) and what the engine found in
    it (``_Found``)."""

    __slots__ = ("batch", "case", "found")

    def __init__(self, case: CaseInput, found: _Found, batch: _Batch) -> None:
        self.case = case
        self.found = found
        self.batch = batch

    def case_id(self) -> str | None:
        """The case's id, if known without validating anything: a ``Case``'s own."""
        case_id = self.case.id if isinstance(self.case, Case) else None
        return case_id if isinstance(case_id, str) else None

    def build(self, index: int) -> Assessment:
        """The assessment ``evaluate`` gives for the case: the case is validated (as the
        worker did, with the batch's vocabularies and ``as_of``), made into a graph and facts
        again, and built with the worker's ``EngineResult``.

        The cyclic garbage collector is paused meanwhile, as in ``_decode``: most objects made
        survive or are freed by reference counting, and the few in cycles are collected later
        (pausing only delays collection). With the collector running, the reading process
        took 7-11 % more CPU time to build the assessments of 3,000 synthetic families while
        two workers ran, and the batch 3-4 % longer (*one-off*, A/B interleaved, three runs
        per engine)."""
        try:
            with _collector_paused():
                case = _received(self.case, self.batch.rulebook)
                prepared = _prepare(case, rulebook=self.batch.rulebook, as_of=self.batch.as_of)
                if len(prepared.facts.facts) != self.found.facts:
                    raise RuntimeError("the facts differ from the worker's")
                return _built(pickle.loads(self.found.result), prepared, self.found.engine)
        except Exception as exc:  # never the exception's text: it may hold case data
            raise EvaluationError(
                f"The assessment of case {index} could not be built in this process "
                f"({type(exc).__name__}), though a worker evaluated it: a Case changed in place "
                "after it was given to evaluate_many, or a bug (please report it with the "
                "case's ids; evaluate(case) shows the error)."
            ) from None


def _decode(text: str) -> Assessment:
    """An assessment from its JSON, with the cyclic garbage collector paused meanwhile.

    An assessment is a tree of a few hundred small objects, none in a cycle, all surviving
    the decoding: with the collector running it walks them again and again (several times
    the cost of decoding in a process holding many objects). Pausing only delays
    collection; it is restored at once.
    """
    with _collector_paused():
        return Assessment.model_validate_json(text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (restored as it was, on error too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- the unit of work ----------------------------------------------------------------------
def chunked(cases: Iterable[CaseInput], size: int = DEFAULT_CHUNKSIZE) -> Iterator[list[Item]]:
    """``cases`` as lists of ``(index, case)`` pairs, ``size`` at a time, for ``evaluate_chunk``.

    >>> [[i for i, _ in chunk] for chunk in chunked("abcde", 2)]
    [[0, 1], [2, 3], [4]]
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise UsageError("size must be an int >= 1.")
    return _chunks(enumerate(cases), size)


def _chunks(source: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(source, size)):
        yield chunk


def evaluate_chunk(
    items: Iterable[tuple[int, CaseInput]],
    rulebook: Rulebook | None = None,
    as_of: date | str | None = None,
) -> list[BatchResult]:
    """Evaluate ``(index, case)`` pairs in this process; never raises for a bad case.

    A plain module-level function, so any executor can pickle it and run it in its own
    workers (one engine per worker process).
    """
    return [_evaluate_one(index, case, rulebook, as_of) for index, case in items]


def _evaluate_one(
    index: int, case: CaseInput, rulebook: Rulebook | None, as_of: date | str | None
) -> BatchResult:
    try:
        case = _received(case, rulebook)
        return BatchResult(index, evaluate(case, rulebook=rulebook, as_of=as_of))
    except Exception as exc:
        return BatchResult(index, error=_failure(index, exc))


def _find_one(
    index: int, case: CaseInput, rulebook: Rulebook | None, as_of: date | str | None
) -> BatchResult | _Found:
    """What the engine finds in a case, without building the assessment (``"assessment"``
    mode): the reading process builds it, if and when it is read."""
    try:
        case = _received(case, rulebook)
        name = default_engine()
        run = runner(name)
        prepared = _prepare(case, rulebook=rulebook, as_of=as_of)
        found = _engine_result(prepared, run)
        return _Found(name, pickle.dumps(found, pickle.HIGHEST_PROTOCOL), len(prepared.facts.facts))
    except Exception as exc:
        return BatchResult(index, error=_failure(index, exc))


def _failure(index: int, exc: Exception) -> BatchError:
    """The ``BatchError`` for a case that failed with ``exc``."""
    if isinstance(exc, FamilycaseError):
        problems = exc.problems if isinstance(exc, ProblemsError) else ()
        return BatchError(type(exc).__name__, str(exc), problems)
    # a bug: never the exception's text (it may hold case data)
    name = type(exc).__name__
    return BatchError(name, f"Unexpected {name} while evaluating case {index}: a bug.")


# -- worker processes ----------------------------------------------------------------------
_worker_rulebook: Rulebook | None = None


def _init_worker(rulebook: Rulebook | None) -> None:
    """Pool initializer: load the rules and register them on this process's engine."""
    global _worker_rulebook  # noqa: PLW0603
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the batch, not ^C here
    _worker_rulebook = rulebook
    book = rulebook or load_rulebook()
    # builds the engine (durable's Host, CLIPS' environment) and its rules, and checks the
    # rules against case_facts' declared fact types, once
    runner(default_engine())(book.compiled, [], as_of="2000-01-01", declared=DECLARED)
    # The rules, vocabularies and engine live as long as the process: keep the cyclic
    # garbage collector from walking them again and again.
    gc.freeze()


def _worker_chunk(
    items: Sequence[Item], rulebook: Rulebook | None, as_of: date | str | None
) -> list[BatchResult]:
    """Evaluate a chunk in a worker (the results travel as JSON: see ``BatchResult``)."""
    return evaluate_chunk(items, _worker_rulebook if rulebook is None else rulebook, as_of)


def _worker_find(
    items: Sequence[Item], rulebook: Rulebook | None, as_of: date | str | None
) -> list[BatchResult | _Found]:
    """What the engine finds in each case of a chunk, in a worker (``"assessment"`` mode)."""
    book = _worker_rulebook if rulebook is None else rulebook
    return [_find_one(index, case, book, as_of) for index, case in items]


@dataclass(frozen=True)
class _CaseJSON:
    """A ``Case`` on its way to a worker process: its JSON (``model_dump_json(by_alias=True)``).

    Pickling a ``Case`` costs the reading process (which shares the CPUs with the workers)
    more than writing its JSON, and the worker validates the JSON (against the batch's
    vocabularies) in about the time it took to unpickle the ``Case``: the reading process
    needs a third less CPU per case, and 2 workers gain on 1 (docs/performance.md). A
    ``Case`` the reading process had validated against the shipped vocabularies travels as
    ``checked``: the worker validates its fields but does not run the checks across them
    (persons, vocabulary ids, dates) again.
    """

    text: str
    checked: bool = False  # validated against the shipped vocabularies in the reading process


@dataclass(frozen=True)
class _CaseData:
    """A case given as a mapping, pickled once by the reading process (``"assessment"``
    mode): the worker evaluates these bytes, and the reading process builds the assessment
    from the same bytes when it is read, whatever the caller does with the mapping
    meanwhile. (The pool would have pickled the mapping anyway: it now sends bytes.)"""

    data: bytes

    def case(self) -> CaseInput:
        return pickle.loads(self.data)  # our own bytes, made from the caller's case


def _sendable(items: list[Item], *, snapshot: bool = False) -> list[Item]:
    """A chunk as it travels to a worker: each ``Case`` as its JSON, anything else as it is,
    or with ``snapshot`` each mapping as ``_CaseData`` (one that cannot be pickled stays as
    it is, and fails to travel, so that only its case is reported)."""
    return [(index, _travelling(case, snapshot)) for index, case in items]


def _travelling(case: CaseInput, snapshot: bool) -> CaseInput:
    """One case as ``_sendable`` sends it."""
    if isinstance(case, Case):
        return _CaseJSON(
            case.model_dump_json(by_alias=True, warnings=False),
            case._valid_for(load_vocabularies()),
        )
    if not snapshot or not isinstance(case, Mapping):
        return case
    try:
        return _CaseData(pickle.dumps(case, pickle.HIGHEST_PROTOCOL))
    except Exception:  # it cannot travel: the pool's own pickling reports it
        return case


def _received(case: CaseInput, rulebook: Rulebook | None) -> CaseInput:
    """A case as ``_sendable`` sent it, for ``evaluate``: a ``Case`` validated again, or its
    data to validate (against ``rulebook``'s vocabularies, or to say what is wrong: a
    ``Case`` made without validation may not be valid); a mapping unpickled; anything else
    as it came."""
    if isinstance(case, _CaseData):
        return case.case()
    if not isinstance(case, _CaseJSON):
        return case
    if rulebook is None:
        # a case the reading process had validated is not checked again (its fields are)
        context = {CHECKED: True} if case.checked else None
        try:
            return Case.model_validate_json(case.text, context=context)
        except ValidationError:
            pass
    return json.loads(case.text)


# -- the batch -----------------------------------------------------------------------------
def evaluate_many(
    cases: Iterable[Case | Mapping[str, Any]],
    *,
    workers: int | None = None,
    rulebook: Rulebook | str | Path | None = None,
    as_of: date | str | None = None,
    progress: bool = False,
    chunksize: int | None = None,
    mp_context: str | None = None,
    results: Results = "json",
) -> Iterator[BatchResult]:
    """Evaluate ``cases`` in ``workers`` processes; yield a ``BatchResult`` per case, in order.

    ``workers`` defaults to the number of CPUs this process may use; ``workers=0``
    evaluates in this process (no pool: for debugging, or when cases are few).
    ``rulebook`` is a ``Rulebook`` or a rules folder (default: the shipped rules); ``as_of``
    overrides every case's evaluation date. ``progress=True`` draws a progress line on
    stderr. ``chunksize`` cases travel to a worker at a time (default: from the batch size).
    ``mp_context`` is a ``multiprocessing`` start method (default ``"spawn"``: safe with
    threads; ``"fork"`` starts faster on Linux). A ``Case`` travels to a worker as its JSON
    and is validated there again (so one made without validation fails as a ``CaseError``).

    ``results`` says what a worker sends back. ``"json"`` (the default): each assessment's
    JSON, written by the worker (``result.json`` as it came; ``result.assessment`` decoded
    from it when first read): for a caller that stores the JSON contract. ``"assessment"``:
    only what the engine found; the assessment is built in this process when
    ``result.assessment`` (or ``result.json``) is first read, equal to what ``evaluate``
    gives, so a caller that reads a few parts of each assessment, or none, pays for those
    only. A result holds its case until it is built (a mapping as it was when its chunk was
    sent, pickled once: the bytes the worker evaluated). Building should not fail (the
    worker evaluated the case); if it does, the read raises ``EvaluationError`` naming the
    case's index. With ``workers=0`` both modes evaluate in this process, as ``evaluate``
    does.

    Arguments are checked at once (``UsageError``: ``workers``, ``chunksize``, ``progress``,
    ``as_of`` (None, a date or a YYYY-MM-DD string), ``mp_context``, ``results``,
    ``rulebook``; a rules folder that is wrong raises ``ContentError``); the work starts when
    the iterator is first advanced. A case that is wrong (not a case or a mapping, invalid
    data) never raises: its ``BatchResult`` carries the error. Closing the iterator (or
    leaving a ``for`` loop early) stops the pool.
    """
    if workers is None:
        workers = _cpus()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise UsageError("workers must be an int >= 0 (0: evaluate in this process).")
    if chunksize is not None and (
        isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1
    ):
        raise UsageError("chunksize must be an int >= 1.")
    if isinstance(cases, Mapping | str | bytes) or not isinstance(cases, Iterable):
        raise UsageError("cases must be an iterable of cases (a list, a generator...).")
    if not isinstance(progress, bool):
        raise UsageError(f"progress must be True or False (got {type(progress).__name__}).")
    _check_as_of(as_of)
    if not isinstance(results, str) or results not in RESULTS:
        given = repr(results[:20]) if isinstance(results, str) else f"a {type(results).__name__}"
        raise UsageError(f"results must be 'json' or 'assessment' (got {given}).")
    method = mp_context or "spawn"
    if method not in multiprocessing.get_all_start_methods():
        known = ", ".join(multiprocessing.get_all_start_methods())
        raise UsageError(f"Unknown start method {method!r}. Known here: {known}.")
    book = _resolve(rulebook)
    total = len(cases) if isinstance(cases, Sized) else None
    if chunksize is None:
        chunksize = _auto_chunksize(total, workers)
    bar = _Progress(total, sys.stderr) if progress else None
    if workers == 0:
        return _in_process(cases, book, as_of, bar)
    return _stream(
        cases,
        workers=workers,
        rulebook=book,
        as_of=as_of,
        chunksize=chunksize,
        method=method,
        bar=bar,
        task=_worker_chunk if results == "json" else _worker_find,
    )


def _check_as_of(as_of: object) -> None:
    """``UsageError`` unless ``as_of`` is None, a date (not a datetime) or a valid
    YYYY-MM-DD string."""
    if as_of is None or iso_date(as_of) is not None:
        return
    given = repr(as_of[:20]) if isinstance(as_of, str) else f"a {type(as_of).__name__}"
    raise UsageError(
        f"as_of must be None, a datetime.date or a YYYY-MM-DD date string (got {given})."
    )


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _resolve(rulebook: Rulebook | str | Path | None) -> Rulebook | None:
    if rulebook is None or isinstance(rulebook, Rulebook):
        return rulebook
    if isinstance(rulebook, str | Path):
        return load_rulebook(rulebook)
    raise UsageError("rulebook must be a familycase.Rulebook or a rules folder.")


def _auto_chunksize(total: int | None, workers: int) -> int:
    if total is None or workers == 0:
        return DEFAULT_CHUNKSIZE
    return max(1, min(DEFAULT_CHUNKSIZE, total // (workers * CHUNKS_PER_WORKER)))


def _in_process(
    cases: Iterable[CaseInput],
    rulebook: Rulebook | None,
    as_of: date | str | None,
    bar: _Progress | None,
) -> Iterator[BatchResult]:
    try:
        for index, case in enumerate(cases):
            result = _evaluate_one(index, case, rulebook, as_of)
            if bar is not None:
                bar.update(1, 0 if result.ok else 1)
            yield result
    finally:
        if bar is not None:
            bar.close()


@dataclass
class _Chunk:
    items: list[Item]  # the cases as given
    future: Future[Sequence[BatchResult | _Found]]
    sent: list[Item]  # as they travelled (``_sendable``): what a result is built from


def _stream(
    cases: Iterable[CaseInput],
    *,
    workers: int,
    rulebook: Rulebook | None,
    as_of: date | str | None,
    chunksize: int,
    method: str,
    bar: _Progress | None,
    task: Task,
) -> Iterator[BatchResult]:
    """Results of ``task`` over chunks of ``cases`` in a process pool, in input order."""
    context = multiprocessing.get_context(method)
    batch = _Batch(rulebook, as_of)
    snapshot = task is _worker_find  # the cases are read again when a result is read

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(rulebook,)
        )

    source = chunked(cases, chunksize)
    pool = new_pool()
    queue: deque[_Chunk] = deque()
    limit = workers * CHUNKS_PER_WORKER
    try:
        while True:
            while len(queue) < limit:
                items = next(source, None)
                if items is None:
                    break
                sent = _sendable(items, snapshot=snapshot)
                queue.append(_Chunk(items, pool.submit(task, sent, None, as_of), sent))
            if not queue:
                return
            chunk = queue.popleft()
            try:
                results = _settled(chunk.items, chunk.sent, chunk.future.result(), batch)
            except BrokenProcessPool:
                # Every chunk in flight is lost, and any of them may have killed the worker:
                # re-run their cases one at a time on a new pool to find the one that did.
                suspects = [item for lost in (chunk, *queue) for item in lost.items]
                queue.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _started(new_pool())
            except Exception:
                # A case of the chunk could not travel to a worker (it cannot be pickled):
                # send the chunk's cases one at a time, so that only that case fails.
                suspects = chunk.items
            else:
                if bar is not None:
                    bar.update(len(results), sum(1 for r in results if not r.ok))
                yield from results
                continue
            for index, case in suspects:
                try:
                    sent = _sendable([(index, case)], snapshot=snapshot)
                    (result,) = _settled(
                        [(index, case)], sent, pool.submit(task, sent, None, as_of).result(), batch
                    )
                except BrokenProcessPool:
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = _started(new_pool())
                    result = BatchResult(index, error=_crash(index))
                except Exception:
                    result = BatchResult(index, error=_unsent(index, case))
                if bar is not None:
                    bar.update(1, 0 if result.ok else 1)
                yield result
    finally:
        for chunk in queue:
            chunk.future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.close()


def _settled(
    items: list[Item], sent: list[Item], returned: Sequence[BatchResult | _Found], batch: _Batch
) -> list[BatchResult]:
    """A chunk's results as a worker returned them, each ``_Found`` made a ``BatchResult``
    that builds its assessment when first read: from a ``Case`` as given (``items``; it is
    frozen), from anything else as it was sent (``sent``: a mapping as the bytes the worker
    evaluated, so that changing the mapping afterwards changes nothing)."""
    out = []
    for (index, given), (_, travelled), found in zip(items, sent, returned, strict=True):
        case = given if isinstance(given, Case) else travelled
        if isinstance(found, _Found):
            result = BatchResult(index)
            result._pending = _Pending(case, found, batch)
            out.append(result)
        else:
            out.append(found)
    return out


def _alive() -> bool:
    return True


def _started(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    """``pool``, once one of its workers has run a task that does nothing.

    A pool broke, so its workers may never have started at all: then every case would fail
    again, one at a time. That is a usage error, not a crash in the engine (with the
    ``spawn`` start method, a script that calls ``evaluate_many`` without the
    ``if __name__ == "__main__":`` guard starts the batch again in every worker, which
    Python stops).
    """
    try:
        pool.submit(_alive).result()
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        raise UsageError(
            "evaluate_many stopped: its worker processes exit before they can evaluate "
            "anything (the results already given stand). With the 'spawn' start method "
            "(the default), the script that calls evaluate_many must do so under "
            "'if __name__ == \"__main__\":' (see the Python documentation of "
            "multiprocessing, 'Safe importing of main module'). To see an error in the "
            "workers' start-up in this process, call evaluate_many with workers=0."
        ) from None
    return pool


def _unsent(index: int, case: object) -> BatchError:
    """A case that cannot travel to a worker: the error ``evaluate`` gives in this process
    for what is not a case, so that the answer does not depend on ``workers``."""
    if not isinstance(case, Case | Mapping):
        return BatchError("UsageError", "case must be a familycase.Case or a mapping.")
    return BatchError(
        "UsageError",
        f"Case {index} could not be sent to a worker process (it holds values that cannot be "
        "pickled): give cases as familycase.Case objects or JSON-like mappings.",
    )


def _crash(index: int) -> BatchError:
    return BatchError(
        "WorkerCrash",
        f"The worker process died while evaluating case {index} (a crash in the engine); "
        "the other cases were evaluated. Please report it with the case's ids.",
    )


class _Progress:
    """A one-line progress display on a text stream (redrawn at most 5 times a second)."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.closed = False
        self.width = 0  # of the line drawn last (a shorter one must blank its tail)

    def update(self, done: int, failed: int) -> None:
        self.done += done
        self.failed += failed
        now = time.monotonic()
        if now - self.last >= (0.2 if self.tty else 10.0):
            self.last = now
            self.draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        of = f"/{self.total:,}" if self.total is not None else ""
        share = f" ({100 * self.done // self.total}%)" if self.total else ""
        return (
            f"familycase: {self.done:,}{of} cases{share}, {self.done / elapsed:,.0f}/s, "
            f"{self.failed:,} failed"
        )

    def draw(self, now: float) -> None:
        line = self.line(now)
        if self.tty:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.draw(time.monotonic())
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
