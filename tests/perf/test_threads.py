"""evaluate is thread-safe: several threads get exactly what one thread gets.

The engine serialises evaluations (durable_rules holds the GIL anyway), and everything
cached per rulebook is built safely on first use, even when threads race to build it.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import familycase
from familycase import evaluate, synthetic_cases
from familycase._resources import rules_dir

THREADS = 4


def _cases() -> list[familycase.Case]:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    return [
        *(scenario.case_at(phase.id) for phase in scenario.phases),
        *synthetic_cases(37, seed=99),
    ]


def test_evaluate_from_several_threads_gives_what_one_thread_gives() -> None:
    cases = _cases()
    # a rulebook no thread has used yet, so that the threads race to build its caches
    rulebook = familycase.load_rulebook(rules_dir())
    start = threading.Barrier(THREADS)

    def run(offset: int) -> list[dict[str, Any]]:
        start.wait()
        # each thread walks the cases from another starting point: different cases at once
        order = cases[offset:] + cases[:offset]
        out = [evaluate(case, rulebook=rulebook).model_dump(mode="json") for case in order]
        return out[len(cases) - offset :] + out[: len(cases) - offset]

    with ThreadPoolExecutor(THREADS) as pool:
        threaded = list(pool.map(run, [i * len(cases) // THREADS for i in range(THREADS)]))
    alone = [evaluate(case, rulebook=rulebook).model_dump(mode="json") for case in cases]
    for result in threaded:
        assert result == alone
    # every case has its own assessment, so a case mixed up with another would show
    assert len({repr(sorted(a.items())) for a in alone}) == len(cases)
