"""familycase benchmarks: print figures, assert nothing.

    python benchmarks/run.py            # the full run (several minutes)
    python benchmarks/run.py --quick    # a smoke run with small counts (CI: it never rots)
    python benchmarks/run.py --only latency batch --json results.json

Sections (``--only``):

- ``startup``: import time, rulebook load (YAML -> validated -> compiled), first evaluation
  (which registers the ruleset on the engine), each in fresh interpreters.
- ``latency``: ``evaluate`` per phase of the reference vignette (Maria and David): median
  and p99, and where the time goes: familycase's own stages (validation, graph, facts, fact
  checks, assessment) and durable_rules itself (JSON encoding of the batch, the C
  ``assert_facts`` matching, the action dispatch with familycase's small actions,
  ``delete_state``), timed by wrapping the engine module's internal calls.
- ``throughput``: 10,000 synthetic families, one process.
- ``batch``: ``evaluate_many`` on 1 and 2 worker processes, in both of its ``results``
  modes, against a loop of ``evaluate`` in this process, for a caller that reads index and
  status, one that reads each assessment's suggestions and one that keeps each JSON
  (speed-ups, same results in the same order).
- ``memory``: resident memory before and after 100,000 evaluations (every other one also
  writing its JSON, which builds the parts an assessment builds on first read).

``--engine durable|clips`` runs every section on that engine (default: familycase's).

Every figure is noisy on a shared machine: the load average is printed next to each.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import familycase
from familycase import evaluate
from familycase.assess.build import build_assessment
from familycase.case.facts import DECLARED, case_facts
from familycase.case.graph import CaseGraph
from familycase.case.model import Case, case_from_data
from familycase.case.synthetic import synthetic_cases
from familycase.rules.rulebook import load_rulebook

Figures = dict[str, Any]


# -- helpers -------------------------------------------------------------------------------
def load() -> str:
    """The 1/5/15-minute load averages (the machine is shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def ms(ns: float) -> float:
    return round(ns / 1e6, 3)


def p99(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def rss_mb() -> float:
    """Resident set size now (Linux: /proc; elsewhere the peak, from getrusage)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except OSError:
        import resource  # noqa: PLC0415

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def digest(assessment: familycase.Assessment) -> str:
    return hashlib.sha256(assessment.model_dump_json().encode()).hexdigest()[:16]


def say(text: str) -> None:
    print(text, flush=True)


# -- stage timing --------------------------------------------------------------------------
class EngineTimer:
    """Times what durable_rules does inside ``run_durable``, by wrapping the engine module's
    calls: the JSON encoding of each batch (``_batch``, with the filter of the facts no
    pattern can match), ``_assert`` (C ``assert_facts`` + the action dispatch over
    durable's C API + reading the firings and running familycase's actions),
    ``_raise_failure`` (the actions' failures) and ``_clean`` (``delete_state``). Nested
    calls are counted once."""

    def __init__(self, *, every_c_call: bool = False) -> None:
        from familycase.engine import durable  # noqa: PLC0415

        self.module: Any = durable
        self.engine_ns = 0
        self.json_ns = 0
        self.c_ns = 0
        self.durable_ns = 0  # every call into durable's C module (with every_c_call)
        self.every_c_call = every_c_call
        self._depth = 0

    def _timed(self, func: Callable[..., Any], slot: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return func(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter_ns()
            try:
                return func(*args, **kwargs)
            finally:
                setattr(self, slot, getattr(self, slot) + time.perf_counter_ns() - start)
                self._depth -= 1

        return wrapper

    @contextmanager
    def installed(self) -> Iterator[EngineTimer]:
        module = self.module
        missing = [
            name
            for name in ("_assert", "_batch", "_clean", "_raise_failure", "json", "_dre")
            if not hasattr(module, name)
        ]
        if missing:
            raise SystemExit(f"benchmarks: the engine module changed (no {missing}); update me")
        saved = {name: getattr(module, name) for name in ("_assert", "_clean", "_raise_failure")}
        saved_batch = module._batch
        saved_json, saved_dre = module.json, module._dre
        timer = self

        class Json:  # the engine's json module, with dumps timed (outside actions)
            loads = staticmethod(saved_json.loads)
            dumps = staticmethod(timer._timed(saved_json.dumps, "json_ns"))

        def c_call(func: Callable[..., Any]) -> Callable[..., Any]:
            def timed(*args: Any) -> Any:
                start = time.perf_counter_ns()
                try:
                    return func(*args)
                finally:
                    timer.durable_ns += time.perf_counter_ns() - start

            return timed

        class Dre:  # durable_rules_engine, with assert_facts (the C matching) timed
            def __init__(self) -> None:
                if timer.every_c_call:  # and every other C call (wrapped once, not per call)
                    for name in dir(saved_dre):
                        func = getattr(saved_dre, name)
                        if callable(func) and not name.startswith("_"):
                            setattr(self, name, c_call(func))

            def __getattr__(self, name: str) -> Any:
                return getattr(saved_dre, name)

            @staticmethod
            def assert_facts(handle: int, payload: str) -> Any:
                start = time.perf_counter_ns()
                try:
                    return saved_dre.assert_facts(handle, payload)
                finally:
                    elapsed = time.perf_counter_ns() - start
                    timer.c_ns += elapsed
                    if timer.every_c_call:
                        timer.durable_ns += elapsed

        try:
            for name, func in saved.items():
                setattr(module, name, self._timed(func, "engine_ns"))
            module._batch = self._timed(saved_batch, "json_ns")
            module.json = Json
            module._dre = Dre()
            yield self
        finally:
            for name, func in saved.items():
                setattr(module, name, func)
            module._batch = saved_batch
            module.json = saved_json
            module._dre = saved_dre

    def reset(self) -> None:
        self.engine_ns = self.json_ns = self.c_ns = self.durable_ns = 0


def staged(case: Case, timer: EngineTimer) -> dict[str, int]:
    """One evaluation, stage by stage, as ``evaluate`` runs it (shipped rules, no as_of)."""
    from familycase.engine.durable import run_durable  # noqa: PLC0415

    book = load_rulebook()
    out: dict[str, int] = {}
    t0 = time.perf_counter_ns()
    valid = case_from_data(case)
    t1 = time.perf_counter_ns()
    graph = CaseGraph(valid, book.vocabularies)
    t2 = time.perf_counter_ns()
    facts = case_facts(graph)
    t3 = time.perf_counter_ns()
    timer.reset()
    result = run_durable(
        book.compiled, facts.facts, as_of=valid.as_of.isoformat(), declared=DECLARED
    )
    t4 = time.perf_counter_ns()
    build_assessment(
        result,
        rulebook=book,
        graph=graph,
        facts=facts,
        library_version=familycase.__version__,
        engine="durable",
    )
    t5 = time.perf_counter_ns()
    out["validate"] = t1 - t0
    out["graph"] = t2 - t1
    out["facts"] = t3 - t2
    out["engine"] = timer.engine_ns + timer.json_ns
    out["engine_c"] = timer.c_ns
    out["engine_json"] = timer.json_ns
    out["durable_c"] = timer.durable_ns
    out["fact_checks"] = (t4 - t3) - out["engine"]
    out["assessment"] = t5 - t4
    out["total"] = t5 - t0
    out["own"] = out["total"] - out["engine"]
    out["total_over_engine_x1000"] = out["total"] * 1000 // max(out["engine"], 1)
    return out


# -- sections ------------------------------------------------------------------------------
STARTUP_CODE = r"""
import json, time
t0 = time.perf_counter()
import familycase
t1 = time.perf_counter()
book = familycase.load_rulebook()
t2 = time.perf_counter()
case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
t3 = time.perf_counter()
familycase.evaluate(case)
t4 = time.perf_counter()
familycase.evaluate(case)
t5 = time.perf_counter()
from familycase._resources import rules_dir
t6 = time.perf_counter()
familycase.load_rulebook(rules_dir())
t7 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load_rulebook": t2 - t1, "first_evaluate": t4 - t3,
                  "second_evaluate": t5 - t4, "reload_rulebook": t7 - t6}))
"""


def startup(runs: int) -> Figures:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_CODE], capture_output=True, text=True, check=True
        )
        for key, value in json.loads(out.stdout).items():
            samples.setdefault(key, []).append(value * 1000)
    medians = {k: round(statistics.median(v), 1) for k, v in samples.items()}
    labels = {
        "import": "import familycase",
        "load_rulebook": "load_rulebook() cold: YAML, checks, compile",
        "reload_rulebook": "load_rulebook(path) again, vocabularies too",
        "first_evaluate": "first evaluate: registers the ruleset",
        "second_evaluate": "second evaluate",
    }
    say(f"\n== startup: median of {runs} fresh interpreters (ms)  [{load()}]")
    for key, label in labels.items():
        say(f"  {label:46}{medians[key]:8.1f}")
    return {**medians, "load": load()}


def latency(iterations: int) -> Figures:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    timer = EngineTimer()
    figures: Figures = {"load_before": load(), "iterations": iterations, "phases": {}}
    say(f"\n== latency: evaluate() per vignette phase, {iterations} runs each  [{load()}]")
    header = (
        f"  {'phase':7}{'facts':>6}{'fired':>6}{'median':>8}{'p99':>8}{'engine':>8}"
        f"{'own':>8}{'total/engine':>13}"
    )
    say(header)
    for phase in scenario.phases:
        case = scenario.case_at(phase.id)
        for _ in range(max(20, iterations // 20)):  # warm up
            evaluate(case)
        totals: list[int] = []
        stages: dict[str, list[int]] = {}
        for _ in range(iterations):  # alternate, so that both see the same machine
            start = time.perf_counter_ns()
            assessment = evaluate(case)
            totals.append(time.perf_counter_ns() - start)
            with timer.installed():
                for key, value in staged(case, timer).items():
                    stages.setdefault(key, []).append(value)
        # separate runs time every call into durable's C module (the wrappers cost a little,
        # so the stage figures above come from runs without them)
        deep_timer = EngineTimer(every_c_call=True)
        durable: list[int] = []
        deep_totals: list[int] = []
        for _ in range(max(10, iterations // 4)):
            with deep_timer.installed():
                deep = staged(case, deep_timer)
            durable.append(deep["durable_c"])
            deep_totals.append(deep["total"])
        stages.pop("durable_c", None)
        ratio = statistics.median(stages.pop("total_over_engine_x1000")) / 1000
        medians = {k: ms(statistics.median(v)) for k, v in stages.items()}
        medians["durable_c"] = ms(statistics.median(durable))
        durable_share = statistics.median(d / t for d, t in zip(durable, deep_totals, strict=True))
        total = ms(statistics.median(totals))
        engine = medians["engine"]
        own = medians["own"]
        facts = len(case_facts(CaseGraph(case)).facts)
        row = {
            "facts": facts,
            "firings": assessment.provenance.firings,
            "median_ms": total,
            "p99_ms": ms(p99(totals)),
            "engine_ms": engine,
            "own_ms": own,
            "total_over_engine": round(ratio, 2),
            "durable_c_share": round(durable_share, 3),
            "stages_ms": medians,
        }
        figures["phases"][phase.id] = row
        say(
            f"  {phase.id:7}{facts:6}{row['firings']:6}{total:8.3f}{row['p99_ms']:8.3f}"
            f"{engine:8.3f}{own:8.3f}{row['total_over_engine']:13.2f}"
        )
    say(
        "  median = evaluate() end to end; engine, own and total/engine are medians over the "
        "same runs timed stage by stage (own = everything but the engine)"
    )
    say("  stage medians (ms):")
    keys = [
        "validate",
        "graph",
        "facts",
        "fact_checks",
        "engine",
        "engine_c",
        "engine_json",
        "assessment",
        "durable_c",
    ]
    say("  " + " " * 7 + "".join(f"{k:>12}" for k in keys))
    for phase_id, row in figures["phases"].items():
        say(f"  {phase_id:7}" + "".join(f"{row['stages_ms'][k]:12.3f}" for k in keys))
    say(
        "  engine = JSON encoding + engine_c (C assert_facts) + the action dispatch over "
        "durable's C API (with familycase's actions) + delete_state"
    )
    say(
        "  durable_c = every call into durable's C module (matching, action and session "
        "calls), from separate runs; its share of the whole evaluation: "
        + " / ".join(f"{row['durable_c_share']:.0%}" for row in figures["phases"].values())
    )
    figures["load_after"] = load()
    return figures


def cases(count: int, seed: int) -> list[Case]:
    return list(synthetic_cases(count, seed=seed))


def throughput(count: int) -> Figures:
    start = time.perf_counter()
    batch = cases(count, seed=7)
    generate = time.perf_counter() - start
    for case in batch[:200]:
        evaluate(case)
    times: list[int] = []
    firings: list[int] = []
    start = time.perf_counter()
    for case in batch:
        t = time.perf_counter_ns()
        assessment = evaluate(case)
        times.append(time.perf_counter_ns() - t)
        firings.append(assessment.provenance.firings)
    wall = time.perf_counter() - start
    figures = {
        "cases": count,
        "generate_ms_per_case": round(generate / count * 1000, 3),
        "cases_per_s": round(count / wall),
        "median_ms": ms(statistics.median(times)),
        "p99_ms": ms(p99(times)),
        "firings_median": statistics.median(firings),
        "firings_max": max(firings),
        "persons_mean": round(statistics.mean(len(c.persons) for c in batch), 2),
        "load": load(),
    }
    say(f"\n== throughput: {count:,} synthetic families, one process  [{load()}]")
    say(
        f"  {figures['cases_per_s']:,} cases/s; per case median {figures['median_ms']} ms, "
        f"p99 {figures['p99_ms']} ms; firings median {figures['firings_median']}, max "
        f"{figures['firings_max']}; {figures['persons_mean']} persons on average; "
        f"generating them: {figures['generate_ms_per_case']} ms/case"
    )
    return figures


#: What a caller does with each result: reads its index and status only, reads the
#: assessment's suggestions, or keeps its JSON (a caller that stores the JSON contract).
CONSUMERS = ("status", "suggestions", "json")


def batch(count: int, workers: Sequence[int]) -> Figures:
    """``evaluate_many`` against a plain loop of ``evaluate`` in this process (``workers=0``),
    for three callers (``CONSUMERS``): one that reads each result's index and status only,
    one that also reads ``result.assessment.suggestions``, one that keeps each result's JSON.
    With 2 workers, both modes (``results="json"``, where workers write each JSON, and
    ``"assessment"``, where this process builds each assessment when it is read) for each
    caller; with 1 worker, the JSON mode (2 workers against 1). The JSON kept by the last
    caller is compared, untimed, with ``evaluate``'s by a digest of each assessment's JSON:
    this checks the mode's results (the other callers' runs are checked for order only)."""
    from familycase.assess.batch import Results, evaluate_many  # noqa: PLC0415

    batch_cases = cases(count, seed=11)
    figures: Figures = {"cases": count, "runs": {}}
    say(f"\n== batch: evaluate_many over {count:,} synthetic families  [{load()}]")
    reference = [digest(evaluate(case)) for case in batch_cases]
    modes: tuple[Results, ...] = ("json", "assessment")
    runs: list[tuple[int, Results, str]] = []  # (workers, results, consumer)
    for n in workers:
        if n == 0:
            runs += [(0, "json", consumer) for consumer in CONSUMERS]
        elif n == 1:
            runs.append((1, "json", "json"))
        else:
            runs += [(n, mode, c) for mode in modes for c in CONSUMERS]
    for n, mode, consumer in runs:
        gc.collect()
        indices: list[int] = []
        texts: list[str] = []  # str: not tracked by the garbage collector
        failed = suggestions = 0
        start = time.perf_counter()
        for result in evaluate_many(batch_cases, workers=n, results=mode):
            indices.append(result.index)
            failed += not result.ok
            if consumer == "json":
                texts.append(result.json or "failed")
            elif consumer == "suggestions" and result.assessment is not None:
                suggestions += len(result.assessment.suggestions)
        wall = time.perf_counter() - start
        loaded = load()
        run: dict[str, Any] = {
            "seconds": round(wall, 2),
            "cases_per_s": round(count / wall),
            "in_order": indices == list(range(count)),
            "failed": failed,
            "load": loaded,
        }
        if consumer == "json":
            run["same_results"] = [
                hashlib.sha256(t.encode()).hexdigest()[:16] if t != "failed" else t for t in texts
            ] == reference
        del texts
        figures["runs"][f"{n}/{mode}/{consumer}"] = run
        where = "this process" if n == 0 else f"{n} worker{'s' if n > 1 else ''}, {mode}"
        same = f"  same results: {run['same_results']}" if "same_results" in run else ""
        say(
            f"  {where:23} reading {consumer:11} {run['seconds']:7.2f} s  "
            f"{run['cases_per_s']:6,} cases/s  in order: {run['in_order']}{same}  [{loaded}]"
        )
    timed = figures["runs"]
    if "1/json/json" in timed and "2/json/json" in timed:
        speedup = round(timed["1/json/json"]["seconds"] / timed["2/json/json"]["seconds"], 2)
        figures["speedup_2_vs_1"] = speedup
        say(f"  2 workers vs 1 (JSON mode, reading JSON): {speedup}x")
    for n in workers:
        for mode in ("json", "assessment") if n > 1 else ():
            for consumer in CONSUMERS:
                loop, here = timed.get(f"0/json/{consumer}"), timed.get(f"{n}/{mode}/{consumer}")
                if loop is None or here is None:
                    continue
                value = round(loop["seconds"] / here["seconds"], 2)
                figures[f"speedup_{n}_{mode}_vs_loop_{consumer}"] = value
                say(
                    f"  {n} workers, {mode:10} vs a loop of evaluate, reading {consumer:11}: "
                    f"{value}x"
                )
    return figures


MEMORY_CODE = r"""
import gc, json, os, sys, time
try:  # before anything is imported (Linux; elsewhere unknown)
    with open("/proc/self/statm", encoding="ascii") as statm:
        fresh = round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
except OSError:
    fresh = None
sys.path.insert(0, sys.argv[3])
from run import cases, rss_mb  # this script's own helpers (they import familycase)
import familycase
count, pool = int(sys.argv[1]), int(sys.argv[2])
batch_cases = cases(pool, seed=13)
loaded = rss_mb()
for case in batch_cases:  # warm-up: every family once
    familycase.evaluate(case).model_dump_json()
gc.collect()
checkpoints = {0: rss_mb()}
step = max(1, count // 4)
start = time.perf_counter()
for i in range(1, count + 1):
    # every other evaluation also builds what is built on first read (reasons, texts, the
    # duty board) and writes the JSON: both paths are watched
    assessment = familycase.evaluate(batch_cases[i % pool])
    if i % 2:
        assessment.model_dump_json()
    if i % step == 0:
        gc.collect()
        checkpoints[i] = rss_mb()
print(json.dumps({"fresh": fresh, "loaded": loaded, "checkpoints": checkpoints,
                  "seconds": time.perf_counter() - start}))
"""


def memory(count: int, pool: int) -> Figures:
    """In a fresh interpreter, so that no other section's memory is counted: RSS at start,
    with familycase imported and the families generated, after a warm-up (each family
    evaluated once) and after every quarter of ``count`` evaluations."""
    run = subprocess.run(
        [sys.executable, "-c", MEMORY_CODE, str(count), str(pool), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(run.stdout)
    checkpoints = {int(k): v for k, v in found["checkpoints"].items()}
    figures = {
        "evaluations": count,
        "rss_fresh_mb": found["fresh"],
        "rss_loaded_mb": found["loaded"],
        "rss_mb": checkpoints,
        "growth_mb": round(checkpoints[max(checkpoints)] - checkpoints[0], 1),
        "seconds": round(found["seconds"], 1),
        "load": load(),
    }
    say(
        f"\n== memory: RSS over {count:,} evaluations ({pool:,} synthetic families in turn), "
        "in a fresh interpreter"
    )
    say(
        f"  at start {found['fresh']} MB; familycase imported and the families made "
        f"{found['loaded']} MB; after the warm-up and every quarter:"
    )
    say("  " + ", ".join(f"{k:,}: {v} MB" for k, v in checkpoints.items()))
    say(f"  growth {figures['growth_mb']} MB in {figures['seconds']} s  [{figures['load']}]")
    return figures


def machine() -> Figures:
    from familycase.engine import default_engine  # noqa: PLC0415

    figures: dict[str, str] = {
        "python": platform.python_version(),
        "engine": default_engine(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": str(os.cpu_count()),
        "familycase": familycase.__version__,
        "load": load(),
    }
    say("== machine")
    for key, value in figures.items():
        say(f"  {key:12} {value}")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small counts (a smoke run)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["startup", "latency", "throughput", "batch", "memory"],
        help="run only these sections",
    )
    parser.add_argument("--runs", type=int, help="evaluations per vignette phase (latency)")
    parser.add_argument("--cases", type=int, help="synthetic cases (throughput and batch)")
    parser.add_argument("--evaluations", type=int, help="evaluations for the memory section")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--engine",
        choices=["durable", "clips"],
        help="the engine (sets FAMILYCASE_ENGINE for this process, its workers and the "
        "memory section's interpreter; default: familycase's default here)",
    )
    args = parser.parse_args(argv)
    if args.engine:
        os.environ["FAMILYCASE_ENGINE"] = args.engine
    quick = args.quick
    wanted = set(args.only or ["startup", "latency", "throughput", "batch", "memory"])
    figures: Figures = {"quick": quick, "machine": machine()}
    if "startup" in wanted:
        figures["startup"] = startup(2 if quick else 7)
    if "latency" in wanted and figures["machine"]["engine"] != "durable":
        say("\n== latency: its stages time durable_rules' calls; for CLIPS see benchmarks/floor.py")
    elif "latency" in wanted:
        figures["latency"] = latency(args.runs or (30 if quick else 2000))
    if "throughput" in wanted:
        figures["throughput"] = throughput(args.cases or (300 if quick else 10_000))
    if "batch" in wanted:
        figures["batch"] = batch(args.cases or (200 if quick else 10_000), [0, 1, 2])
    if "memory" in wanted:
        count = args.evaluations or (400 if quick else 100_000)
        figures["memory"] = memory(count, 100 if quick else 1_000)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
