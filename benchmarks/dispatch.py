"""Experiment: familycase's action dispatch against durable_rules' own Python dispatch.

    python benchmarks/dispatch.py [--runs N]

The engine module (``familycase/engine/durable.py``) runs the actions of a batch with its
own loop over durable's C API (``_run_actions``/``_dispatch``), then records each firing
(``_record``) with the fids it bound, read from durable's message text. This benchmark
keeps, as a reference, the way the module ran them before: durable's ``Ruleset.do_actions``
(a ``Closure`` per firing with two clock reads, the message decoded, the session state
decoded, re-encoded and updated per firing) and durable's ``_flush_actions`` for actions
still pending; durable calls an adapter that records the firing and runs familycase's
action with the fids read from the decoded message. Each variant's results are
checked equal to the library's before it is timed. Prints ``run_durable`` medians per
vignette phase and the time saved per firing; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import durable_rules_engine as dre
from durable import engine as durable_engine

import familycase
from familycase.case.facts import DECLARED, case_facts
from familycase.case.graph import CaseGraph
from familycase.engine import durable
from familycase.engine.durable import run_durable
from familycase.errors import EvaluationError
from familycase.rules.rulebook import load_rulebook


def durable_assert(entry: Any, payload: str) -> None:
    """``durable._assert`` as it was: durable's ``do_actions``, then durable's dispatch of
    actions still pending (``start_action`` + ``_flush_actions``)."""
    errors: list[BaseException] = []

    def complete(error: BaseException | None, _state: Any) -> None:
        if error:
            errors.append(error)

    try:
        code, state_handle = dre.assert_facts(entry.handle, payload)
        entry.ruleset.do_actions(state_handle, complete)
        for _ in range(durable._MAX_DRAIN):
            started = dre.start_action(entry.handle)
            if started is None:
                break
            state, messages, offset = started
            entry.ruleset._flush_actions(
                json.loads(state), {"message": json.loads(messages)}, offset, complete
            )
        if errors:
            raise errors[0]
        if code != 0:
            raise durable._ResultCode(code)
    except EvaluationError:
        raise
    except Exception as exc:
        raise EvaluationError(f"durable_rules failed{durable._describe(exc)}.") from exc


def _adapter(entry: Any, rule: Any) -> Callable[[Any], None]:
    """What ``durable._record`` does for one firing, from durable's decoded message."""

    def run(c: Any) -> None:  # one parameter: durable's "sync" action
        evaluation = entry.current
        if evaluation is None or evaluation.aborted or not rule.record:
            return
        fid_of = evaluation.fid_of
        firing = (rule.rule_id, tuple((a, fid_of[str(c._m[a]["id"])]) for a in rule.aliases))
        evaluation.firings.add(firing)
        if rule.action is not None:
            rule.action(firing)

    return run


@contextmanager
def durable_dispatch(entry: Any) -> Iterator[None]:
    """durable's ``Ruleset`` runs familycase's actions, and ``_assert`` uses it."""
    ruleset = entry.ruleset
    saved_actions = dict(ruleset._actions)
    saved_assert = durable._assert
    try:
        for name, rule in entry.rules.items():
            ruleset._actions[name] = durable_engine.Promise(_adapter(entry, rule))
        durable._assert = durable_assert
        yield
    finally:
        ruleset._actions.clear()
        ruleset._actions.update(saved_actions)
        durable._assert = saved_assert


@contextmanager
def library_dispatch(_entry: Any) -> Iterator[None]:
    yield


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=1500, help="runs per phase and variant")
    args = parser.parse_args(argv)
    book = load_rulebook()
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    first = scenario.case_at(scenario.phases[0].id)
    run_durable(book.compiled, [], as_of=first.as_of.isoformat())  # registers the ruleset
    entry = durable._registry[book.compiled.content_hash]
    variants: list[tuple[str, Callable[[Any], Any]]] = [
        ("durable's dispatch", durable_dispatch),
        ("familycase's loop", library_dispatch),
    ]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"run_durable median (ms), best of 2 rounds  [load {load}]")
    for phase in scenario.phases:
        case = scenario.case_at(phase.id)
        facts = case_facts(CaseGraph(case, book.vocabularies)).facts
        as_of = case.as_of.isoformat()
        expected = run_durable(book.compiled, facts, as_of=as_of, declared=DECLARED)
        best: dict[str, float] = {}
        for _ in range(2):
            for label, variant in variants:
                with variant(entry):
                    if (
                        run_durable(book.compiled, facts, as_of=as_of, declared=DECLARED)
                        != expected
                    ):
                        print(f"{phase.id}: {label} gives other results", file=sys.stderr)
                        return 1
                    times = []
                    for _ in range(args.runs):
                        start = time.perf_counter_ns()
                        run_durable(book.compiled, facts, as_of=as_of, declared=DECLARED)
                        times.append(time.perf_counter_ns() - start)
                median = statistics.median(times) / 1e6
                best[label] = min(best.get(label, median), median)
        firings = len(expected.firings)
        saved = (best["durable's dispatch"] - best["familycase's loop"]) * 1000 / firings
        print(
            f"  {phase.id}: {firings} firings  "
            + "  ".join(f"{k}: {v:.3f}" for k, v in best.items())
            + f"  saved per firing: {saved:.1f} µs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
