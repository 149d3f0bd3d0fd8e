"""The floor: the lowest cost measured for the same suggestions and questions (issue 16).

    python benchmarks/floor.py                 # vignette phases and 2,000 synthetic families
    python benchmarks/floor.py --quick         # a smoke run

The floor evaluates a case as plainly as we know how: the family graph, the facts, the rules
compiled to plain Python functions (nested loops over the facts of each type, for
measurement only) and a minimal assembly of the suggestions (measure, obligation, persons,
urgency) and questions (what they settle, persons, urgency), with no reasons, texts or
validation. Every case's floor result is checked equal to ``evaluate``'s on every engine.
Then ``evaluate / floor`` is reported per vignette phase and over synthetic families for
each engine (``evaluate`` alone, which leaves reasons, texts and the duty board to be built
when read, and ``evaluate`` writing the JSON, which builds them all), and the engine step
alone (durable vs CLIPS on the same facts), all runs interleaved in one process (medians
of rounds); then per synthetic family, each timed alone (best of 3), the distribution of
``evaluate / floor``. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import familycase
from familycase.assess.build import _plan, _resolved
from familycase.case.canonical import canonical
from familycase.case.facts import DECLARED, case_facts
from familycase.case.graph import CaseGraph
from familycase.case.model import Case
from familycase.case.synthetic import synthetic_cases
from familycase.engine import available, runner
from familycase.engine.analysis import Analysis, Group, Node, _parse, analyse
from familycase.engine.ir import Fact, Ref, derived_fact, rule_is_valid
from familycase.rules.rulebook import URGENCY_ORDER, Rulebook, load_rulebook

Projection = tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]
_OPS = {"$eq": "==", "$neq": "!=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


# -- the rules as plain Python -------------------------------------------------------------
def _py(node: Node, var: str, names: Mapping[str, str]) -> str:
    if isinstance(node, Group):
        word = " and " if node.op == "$and" else " or "
        return "(" + word.join(_py(i, var, names) for i in node.items) + ")"
    operand = node.operand
    right = (
        f"{names[operand.alias]}[{operand.field!r}]" if isinstance(operand, Ref) else repr(operand)
    )
    return f"{var}[{node.field!r}] {_OPS[node.op]} {right}"


def compile_rules(analysis: Analysis) -> list[Callable[[Mapping[str, list[Fact]]], list[Any]]]:
    """One function per rule (in ``analysis.infos`` order): the tuples of facts bound to its
    positive patterns, given the facts by type."""
    functions = []
    for info in analysis.infos:
        names: dict[str, str] = {}
        lines = ["def rule(by_type):", "    out = []"]
        indent = "    "
        positive: list[tuple[str, str]] = []  # (variable, type)
        for j, pattern in enumerate(info.patterns):
            var = f"f{j}"
            test = _py(_parse(pattern.test), var, names)
            distinct = "".join(f" and {v} is not {var}" for v, t in positive if t == pattern.type)
            source = f"by_type.get({pattern.type!r}, ())"
            if pattern.negated:
                lines.append(f"{indent}if not any(({test}){distinct} for {var} in {source}):")
            else:
                lines.append(f"{indent}for {var} in {source}:")
                indent += "    "
                lines.append(f"{indent}if ({test}){distinct}:")
                names[pattern.alias] = var
                positive.append((var, pattern.type))
            indent += "    "
        bound = ", ".join(v for v, _ in positive)
        lines.append(f"{indent}out.append(({bound},))")
        lines.append("    return out")
        scope: dict[str, Any] = {}
        exec("\n".join(lines), scope)
        functions.append(scope["rule"])
    return functions


class Floor:
    """The floor evaluation of one rulebook."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.analysis = analyse(rulebook.compiled)
        self.functions = compile_rules(self.analysis)
        self.plan = _plan(rulebook)

    def firings(self, facts: list[Fact], as_of: str) -> list[tuple[Any, dict[str, Fact]]]:
        by_type: dict[str, list[Fact]] = {}
        for fact in facts:
            by_type.setdefault(str(fact["type"]), []).append(fact)
        known = {str(f["fid"]) for f in facts}
        out = []
        infos = self.analysis.infos
        index = {id(info): i for i, info in enumerate(infos)}
        for stratum in self.analysis.by_stratum:
            new: list[Fact] = []
            for info in stratum:
                if not rule_is_valid(info.rule, as_of):
                    continue
                for bound_facts in self.functions[index[id(info)]](by_type):
                    bound = dict(zip(info.positive, bound_facts, strict=True))
                    out.append((info, bound))
                    if info.rule.derive is not None:
                        fact = derived_fact(info.rule.derive, bound)
                        if fact["fid"] not in known:
                            known.add(str(fact["fid"]))
                            new.append(fact)
            for fact in new:
                by_type.setdefault(str(fact["type"]), []).append(fact)
        return out

    def evaluate(self, case: Case) -> Projection:
        """Graph, facts, rules, and the suggestions and questions, assembled plainly."""
        case = canonical(case)  # as evaluate orders the case's lists
        graph = CaseGraph(case, self.rulebook.vocabularies)
        facts = case_facts(graph).facts
        order = {p.id: i for i, p in enumerate(case.persons)}
        suggestions: dict[tuple[str, ...], list[Any]] = {}
        questions: dict[tuple[Any, ...], list[Any]] = {}
        for info, bound in self.firings(facts, case.as_of.isoformat()):
            rp = self.plan.rule_plan(info.rule.id)
            spec = rp.suggest
            if spec is not None:
                persons = _resolved(rp.persons, bound)
                key = (spec.measure,) if rp.family else (spec.measure, *sorted(set(persons)))
                group = suggestions.setdefault(key, [False, set(), []])
                group[0] = group[0] or spec.obligation == "duty"
                group[1].update(persons)
                group[2].append(spec.urgency)
            if rp.ask is not None:
                qkey = (rp.ask.settles, rp.ask.question.nb)
                qgroup = questions.setdefault(qkey, [set(), rp.ask.urgency])
                qgroup[0].update(_resolved(rp.ask_persons, bound))
        rank = URGENCY_ORDER.__getitem__
        return (
            tuple(
                sorted(
                    (
                        key[0],
                        "duty" if duty else "recommendation",
                        tuple(sorted(persons, key=order.__getitem__)),
                        min(urgencies, key=rank),
                    )
                    for key, (duty, persons, urgencies) in suggestions.items()
                )
            ),
            tuple(
                sorted(
                    (settles or "", tuple(sorted(persons, key=order.__getitem__)), urgency)
                    for (settles, _), (persons, urgency) in questions.items()
                )
            ),
        )


def projection(assessment: familycase.Assessment) -> Projection:
    """What the floor computes, read from an assessment."""
    return (
        tuple(
            sorted(
                (s.measure, s.obligation, tuple(s.persons), s.urgency)
                for s in assessment.suggestions
            )
        ),
        tuple(sorted((q.settles or "", tuple(q.persons), q.urgency) for q in assessment.questions)),
    )


# -- measuring -----------------------------------------------------------------------------
def _timed(func: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(repeat):
        func()
    return (time.perf_counter_ns() - start) / repeat / 1e3  # µs


def _each(func: Callable[[Any], object], items: Sequence[Any]) -> None:
    for item in items:
        func(item)


def _median_rounds(
    named: Mapping[str, Callable[[], object]], rounds: int, repeat: int
) -> dict[str, float]:
    """Median µs per call of each function, the functions interleaved round by round."""
    samples: dict[str, list[float]] = {name: [] for name in named}
    items = list(named.items())
    for r in range(rounds):
        for name, func in items if r % 2 == 0 else reversed(items):
            gc.collect()  # each is timed with its own garbage only
            samples[name].append(_timed(func, repeat))
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts (a smoke run)")
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    families = 50 if args.quick else args.families
    rounds = 3 if args.quick else args.rounds
    repeat = 5 if args.quick else 60
    book = load_rulebook()
    floor = Floor(book)
    engines = [name for name in ("durable", "clips") if available(name)]
    one, five, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, engines {engines}, load {one:.2f} {five:.2f}")

    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    cases = [(p.id, scenario.case_at(p.id)) for p in scenario.phases]
    synthetic = list(synthetic_cases(families, seed=2026))
    for case in [c for _, c in cases] + synthetic:  # the floor is the same answer
        expected = floor.evaluate(case)
        for engine in engines:
            got = projection(familycase.evaluate(case, engine=engine))  # type: ignore[arg-type]
            if got != expected:
                raise SystemExit(f"floor differs from evaluate ({engine}) on case {case.id}")
    print(f"floor == evaluate on {len(cases)} phases and {families} families, every engine")

    print("\nevaluate / floor per vignette phase (median µs per evaluation)")
    for phase, case in cases:
        named: dict[str, Callable[[], object]] = {"floor": lambda c=case: floor.evaluate(c)}
        for engine in engines:
            named[engine] = lambda c=case, e=engine: familycase.evaluate(c, engine=e)
            named[engine + " + JSON"] = lambda c=case, e=engine: familycase.evaluate(
                c, engine=e
            ).model_dump_json()
        med = _median_rounds(named, rounds, repeat)
        ratios = ", ".join(
            f"{e} {med[e]:.0f} µs = {med[e] / med['floor']:.2f} x" for e in named if e != "floor"
        )
        print(f"  {phase}: floor {med['floor']:.0f} µs; {ratios}")

    print(f"\nevaluate / floor over {families} synthetic families (median of rounds, µs/case)")
    # each result is dropped as soon as it is made, as by a caller that streams them (a list
    # of 2,000 assessments kept alive makes the garbage collector's passes the largest cost)
    named = {"floor": lambda: _each(floor.evaluate, synthetic)}
    for engine in engines:
        named[engine] = lambda e=engine: _each(
            lambda c: familycase.evaluate(c, engine=e), synthetic
        )
        named[engine + " + JSON"] = lambda e=engine: _each(
            lambda c: familycase.evaluate(c, engine=e).model_dump_json(), synthetic
        )
    med = _median_rounds(named, rounds, 1)
    per = {k: v / families for k, v in med.items()}
    print(
        f"  floor {per['floor']:.0f} µs; "
        + ", ".join(
            f"{e} {per[e]:.0f} µs = {per[e] / per['floor']:.2f} x" for e in per if e != "floor"
        )
    )

    print(f"\nevaluate / floor per synthetic family (each timed alone, best of 3; {families})")
    ratios: dict[str, list[float]] = {engine: [] for engine in engines}
    for case in synthetic:
        gc.collect()
        base = min(_timed(lambda c=case: floor.evaluate(c), 1) for _ in range(3))
        for engine in engines:
            took = min(
                _timed(lambda c=case, e=engine: familycase.evaluate(c, engine=e), 1)
                for _ in range(3)
            )
            ratios[engine].append(took / base)
    for engine, values in ratios.items():
        q = statistics.quantiles(values, n=10)
        print(
            f"  {engine}: median {statistics.median(values):.2f} x, "
            f"10 % of families under {q[0]:.2f} x, 90 % under {q[-1]:.2f} x"
        )

    print("\nengine step alone, same facts (median of rounds, µs/case)")
    facts = []
    for case in synthetic:
        graph = CaseGraph(canonical(case), book.vocabularies)
        facts.append((case_facts(graph).facts, case.as_of.isoformat()))
    runners = {engine: runner(engine) for engine in engines}
    steps: dict[str, Callable[[], object]] = {
        engine: (
            lambda e=engine: [
                runners[e](book.compiled, f, as_of=d, declared=DECLARED) for f, d in facts
            ]
        )
        for engine in engines
    }
    steps["floor rules"] = lambda: [floor.firings(f, d) for f, d in facts]
    med = {k: v / families for k, v in _median_rounds(steps, rounds, 1).items()}
    print("  " + ", ".join(f"{k} {v:.0f} µs" for k, v in med.items()))
    if "durable" in med and "clips" in med:
        print(f"  durable / clips = {med['durable'] / med['clips']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
