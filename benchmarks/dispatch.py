"""Experiment: durable_rules' Python action dispatch against a minimal loop over its C API.

    python benchmarks/dispatch.py [--runs N]

Not used by familycase: it measures what the engine module (``familycase/engine/_durable.py``)
would gain by running actions itself. durable's ``Ruleset.do_actions`` builds a ``Closure``
per firing (two clock reads), encodes the session state to JSON and decodes the next message;
the loop below makes the same C calls in the same order (``start_action_for_state``, then per
firing ``update_state`` with the unchanged state and ``complete_and_start_action``) and calls
familycase's action directly. Each variant's results are checked equal to the library's before
it is timed. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import types
from collections.abc import Callable, Sequence
from typing import Any

import durable_rules_engine as dre

import familycase
from familycase.engine import _durable, run_durable
from familycase.facts import case_facts
from familycase.graph import CaseGraph
from familycase.rulebook import load_rulebook


def minimal_assert(entry: Any, payload: str) -> None:
    """``_durable._assert`` with the actions run by a minimal loop (no error handling: the
    library's version would also abandon the action on an error, as durable does)."""
    code, state_handle = dre.assert_facts(entry.handle, payload)
    result = dre.start_action_for_state(entry.handle, state_handle)
    if result:
        state, messages = result[0], json.loads(result[1])
        actions = entry.ruleset._actions
        while True:
            name, message = next(iter(messages.items()))
            actions[name]._func(types.SimpleNamespace(_m=message))
            dre.update_state(entry.handle, state)
            following = dre.complete_and_start_action(entry.handle, state_handle)
            if not following:
                break
            messages = json.loads(following)
    _durable._drain(entry, [])
    if code != 0:
        raise _durable._ResultCode(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1500, help="runs per phase and variant")
    args = parser.parse_args(argv)
    book = load_rulebook()
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    library: Callable[..., Any] = _durable._assert
    variants: list[tuple[str, Callable[..., Any]]] = [
        ("durable's dispatch", library),
        ("minimal loop", minimal_assert),
    ]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"run_durable median (ms), best of 2 rounds  [load {load}]")
    try:
        for phase in scenario.phases:
            case = scenario.case_at(phase.id)
            facts = case_facts(CaseGraph(case, book.vocabularies)).facts
            as_of = case.as_of.isoformat()
            expected = run_durable(book.compiled, facts, as_of=as_of)
            best: dict[str, float] = {}
            for _ in range(2):
                for label, variant in variants:
                    _durable._assert = variant
                    if run_durable(book.compiled, facts, as_of=as_of) != expected:
                        print(f"{phase.id}: {label} gives other results", file=sys.stderr)
                        return 1
                    times = []
                    for _ in range(args.runs):
                        start = time.perf_counter_ns()
                        run_durable(book.compiled, facts, as_of=as_of)
                        times.append(time.perf_counter_ns() - start)
                    median = statistics.median(times) / 1e6
                    best[label] = min(best.get(label, median), median)
            firings = len(expected.firings)
            saved = (best["durable's dispatch"] - best["minimal loop"]) * 1000 / firings
            print(
                f"  {phase.id}: {firings} firings  "
                + "  ".join(f"{k}: {v:.3f}" for k, v in best.items())
                + f"  saved per firing: {saved:.1f} µs"
            )
    finally:
        _durable._assert = library
    return 0


if __name__ == "__main__":
    sys.exit(main())
