"""Coverage by legal provision: which tests make each rule fire, and which keep it silent.

Tests are Python and Gherkin, so coverage is built from data that can be read without
importing any test:

- **test recordings**: a pytest run with this module as a plugin records, for every test,
  the rules that fired in each ``familycase.evaluate`` call it made::

      python -m pytest -p familycase.coverage --familycase-coverage=.familycase-coverage.json

  (or set ``FAMILYCASE_COVERAGE=<file>``; nothing is written unless asked). A test that
  passed and made a rule fire is a *firing* test of that rule. A test that passed, names
  the rule in its parameters (``test_x[<rule_id>]``) or in a ``@fyrer_ikke:<rule_id>``
  tag (the step library's ``familycase_does_not_fire`` marker), and in which the rule did
  not fire, is a *silent* test of that rule. A pytest-bdd test is named by the Gherkin
  scenario it runs (``<feature file>:<line> <scenario>``), the name its tags give it, so a
  tagged scenario that was also recorded counts once.
- **feature files**: ``@fyrer:<rule_id>`` and ``@fyrer_ikke:<rule_id>`` tags on Gherkin
  scenarios (or on a whole feature) say which rule the scenario makes fire or not; the
  scenario itself checks it when the features run, so a tag counts as firing evidence;
  ``RuleCoverage.tagged_only`` lists those no recording shows passing.
- **scenarios**: every phase of every scenario is evaluated; a rule that fires in a phase
  is covered by it, and a rule that fired in the phase before and stops firing is silent
  in it.

``compute_coverage`` joins them into one table per rule and per provision the rule cites;
``familycase coverage`` prints it (``--format text|json``). A rule no test makes fire is
*uncovered*; ``tests/safety`` fails when there is one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familycase._resources import data_root, scenarios_dir
from familycase._text import Lang, fill_map
from familycase.errors import UsageError

if TYPE_CHECKING:
    from familycase.assess.assessment import Assessment
    from familycase.rules.rulebook import Rulebook
    from familycase.rules.vocabulary import Vocabularies

__all__ = [
    "DEFAULT_RECORD",
    "Coverage",
    "ProvisionCoverage",
    "RuleCoverage",
    "compute_coverage",
    "read_records",
    "render_text",
]

RECORD_FORMAT = "familycase-coverage/1"
DEFAULT_RECORD = ".familycase-coverage.json"
ENV_VAR = "FAMILYCASE_COVERAGE"
_PARAMS = re.compile(r"\[(.*)\]$")
_SHOWN = 5
# markers the step library (familycase.testing) puts on @fyrer: / @fyrer_ikke: scenarios
_MARKERS = {"familycase_fires": "fires", "familycase_does_not_fire": "silent"}


# -- the table -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleCoverage:
    """One rule: where it is written, what it cites, which tests make it fire or not."""

    rule_id: str
    file: str
    line: int | None
    obligation: str | None  # "duty" | "recommendation" | None (asks or derives only)
    provisions: tuple[str, ...]
    fires: tuple[str, ...]
    silent: tuple[str, ...]
    # the firing tests known only from a @fyrer: tag: no recording shows them passing
    tagged_only: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        """Whether some test makes the rule fire."""
        return bool(self.fires)


@dataclass(frozen=True)
class ProvisionCoverage:
    """One legal provision and the rules citing it."""

    provision: str
    citation: str
    status: str
    rules: tuple[str, ...]
    fires: int  # firing tests over all its rules
    uncovered: tuple[str, ...]  # its rules that no test makes fire


@dataclass(frozen=True)
class Coverage:
    """Coverage of a rulebook's rules and the provisions they cite."""

    rulebook_hash: str
    rules: tuple[RuleCoverage, ...]
    provisions: tuple[ProvisionCoverage, ...]
    sources: Mapping[str, int] = field(default_factory=dict)
    # the rulebooks the recorded tests ran with, when none of them ran with this one
    other_rulebooks: tuple[str, ...] = ()

    @property
    def uncovered(self) -> list[str]:
        """Ids of the rules no test makes fire, in rule order."""
        return [r.rule_id for r in self.rules if not r.covered]

    def rule(self, rule_id: str) -> RuleCoverage:
        """The coverage of one rule."""
        for entry in self.rules:
            if entry.rule_id == rule_id:
                return entry
        raise KeyError(rule_id)

    def to_json(self) -> str:
        """The table as JSON: ``rules``, ``provisions``, ``uncovered``, ``sources``."""
        data = {
            "rulebook_hash": self.rulebook_hash,
            "sources": dict(self.sources),
            "other_rulebooks": list(self.other_rulebooks),
            "uncovered": self.uncovered,
            "rules": [asdict(r) for r in self.rules],
            "provisions": [asdict(p) for p in self.provisions],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _Evidence:
    def __init__(self) -> None:
        self.fires: dict[str, list[str]] = {}
        self.silent: dict[str, list[str]] = {}
        self.ran: set[tuple[str, str]] = set()  # (rule, test) seen firing in a passing run

    def add(self, rule_id: str, name: str, *, fires: bool, tagged: bool = False) -> None:
        bucket = (self.fires if fires else self.silent).setdefault(rule_id, [])
        if name not in bucket:
            bucket.append(name)
        if fires and not tagged:
            self.ran.add((rule_id, name))

    def tagged_only(self, rule_id: str) -> tuple[str, ...]:
        return tuple(n for n in self.fires.get(rule_id, []) if (rule_id, n) not in self.ran)


def compute_coverage(
    rulebook: Rulebook | None = None,
    *,
    records: Iterable[str | Path] = (),
    scenarios: str | Path | None = None,
    features: str | Path | None = None,
    use_scenarios: bool = True,
    use_features: bool = True,
    lang: Lang = "nb",
) -> Coverage:
    """The coverage of ``rulebook`` (default: the shipped rules).

    ``records`` are JSON files written by the pytest plugin; ``scenarios`` and ``features``
    are folders (default: the shipped scenarios and, in a source checkout, ``features/``);
    ``UsageError`` if one given is not a folder.
    """
    from familycase.rules.rulebook import load_rulebook  # noqa: PLC0415

    book = rulebook or load_rulebook()
    evidence = _Evidence()
    sources: dict[str, int] = {}
    ids = {rule.id for rule in book.rules}
    tests = read_records(records)
    sources["tests"] = _from_records(tests, book.content_hash, ids, evidence)
    others = () if sources["tests"] else _rulebooks(tests)
    for given, what in ((scenarios, "scenarios"), (features, "feature files")):
        if given is not None and not Path(given).is_dir():
            raise UsageError(f"{given}: no such folder (of {what}).")
    if use_scenarios:
        folder = Path(scenarios) if scenarios is not None else scenarios_dir()
        sources["scenario_phases"] = _from_scenarios(folder, book, evidence)
    if use_features:
        folder = Path(features) if features is not None else data_root() / "features"
        sources["feature_scenarios"] = _from_features(folder, evidence)
    rules = tuple(
        RuleCoverage(
            rule_id=rule.id,
            file=_shown_path(rule.file),
            line=rule.line,
            obligation=rule.spec.then.suggest.obligation if rule.spec.then.suggest else None,
            provisions=tuple(rule.spec.legal_basis),
            fires=_dedicated_first(rule.id, evidence.fires.get(rule.id, [])),
            silent=_dedicated_first(rule.id, evidence.silent.get(rule.id, [])),
            tagged_only=evidence.tagged_only(rule.id),
        )
        for rule in book.rules
    )
    provisions = _by_provision(book, rules, lang)
    return Coverage(book.content_hash, rules, provisions, sources, others)


def _dedicated_first(rule_id: str, names: Sequence[str]) -> tuple[str, ...]:
    """Tests made for the rule (named after it) first, then the others, each in order."""
    return tuple(sorted(names, key=lambda name: rule_id not in _param_tokens(name)))


def _by_provision(
    book: Rulebook, rules: Sequence[RuleCoverage], lang: Lang
) -> tuple[ProvisionCoverage, ...]:
    cited: dict[str, list[RuleCoverage]] = {}
    for rule in rules:
        for pid in rule.provisions:
            cited.setdefault(pid, []).append(rule)
    order = {pid: i for i, pid in enumerate(book.provisions.entries)}
    out = []
    for pid in sorted(cited, key=lambda p: order.get(p, len(order))):
        provision = book.provisions[pid]
        out.append(
            ProvisionCoverage(
                provision=pid,
                citation=book.provisions.citation(pid, lang),
                status=provision.status,
                rules=tuple(r.rule_id for r in cited[pid]),
                fires=sum(len(r.fires) for r in cited[pid]),
                uncovered=tuple(r.rule_id for r in cited[pid] if not r.covered),
            )
        )
    return tuple(out)


# -- evidence: test recordings -------------------------------------------------------------
def read_records(paths: Iterable[str | Path]) -> list[Mapping[str, Any]]:
    """The tests recorded in coverage files; ``UsageError`` for a file that is not one."""
    tests: list[Mapping[str, Any]] = []
    for path in paths:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(
                f"{p}: not a readable coverage recording ({type(exc).__name__})."
            ) from None
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            raise UsageError(f"{p}: not a coverage recording (format {RECORD_FORMAT}).")
        items = data.get("tests")
        if not isinstance(items, list):
            raise UsageError(f"{p}: the recording has no list of tests.")
        tests.extend(t for t in items if isinstance(t, dict))
    return tests


def _from_records(
    tests: Sequence[Mapping[str, Any]], content_hash: str, ids: set[str], evidence: _Evidence
) -> int:
    count = 0
    for test in tests:
        nodeid = str(test.get("nodeid", ""))
        if test.get("outcome") != "passed" or not nodeid:
            continue
        fired_by_book = test.get("fired")
        if not isinstance(fired_by_book, dict) or content_hash not in fired_by_book:
            continue
        count += 1
        name = _scenario_name(test.get("scenario")) or nodeid
        fired = {str(r) for r in fired_by_book[content_hash] if isinstance(r, str)}
        for rule_id in sorted(fired & ids):
            evidence.add(rule_id, name, fires=True)
        named = set(_param_tokens(nodeid))
        named |= {
            str(m).split(":", 1)[1]
            for m in test.get("markers", [])
            if isinstance(m, str) and ":" in m
        }
        for rule_id in sorted((named & ids) - fired):
            evidence.add(rule_id, name, fires=False)
    return count


def _scenario_name(scenario: object) -> str | None:
    """A recorded pytest-bdd test's name: its Gherkin scenario, as the tags name it."""
    if not isinstance(scenario, dict):
        return None
    file, line, name = scenario.get("file"), scenario.get("line"), scenario.get("name", "")
    if not isinstance(file, str) or not isinstance(line, int) or not isinstance(name, str):
        return None
    return _gherkin_name(file, line, name)


def _gherkin_name(file: str, line: int, scenario: str) -> str:
    """``<feature file>:<line> <scenario name>``: one name per Gherkin scenario, whether a
    tag or a recorded run of it is the evidence."""
    return f"{_shown_path(file)}:{line} {scenario}".rstrip()


def _shown_path(path: str | Path) -> str:
    """``path`` relative to the working folder when it is under it, else as given."""
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _rulebooks(tests: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The rulebooks (content hashes) the passing recorded tests evaluated with."""
    found: dict[str, None] = {}
    for test in tests:
        fired_by_book = test.get("fired")
        if test.get("outcome") == "passed" and isinstance(fired_by_book, dict):
            found.update((str(h), None) for h in fired_by_book)
    return tuple(found)


def _param_tokens(nodeid: str) -> list[str]:
    match = _PARAMS.search(nodeid)
    return match.group(1).split("-") if match else []


# -- evidence: scenarios and features ------------------------------------------------------
def _from_scenarios(folder: Path, book: Rulebook, evidence: _Evidence) -> int:
    from familycase.assess.evaluation import evaluate  # noqa: PLC0415
    from familycase.case.scenario import load_scenario  # noqa: PLC0415

    if not folder.is_dir():
        return 0
    count = 0
    for path in sorted(folder.glob("*.yaml")):
        scenario = load_scenario(path, vocabularies=book.vocabularies)
        before: set[str] = set()
        for phase in scenario.phases:
            fired = set(evaluate(scenario.case_at(phase.id), rulebook=book).fired)
            count += 1
            name = f"scenario {scenario.id} @ {phase.id}"
            for rule_id in sorted(fired):
                evidence.add(rule_id, name, fires=True)
            for rule_id in sorted(before - fired):
                evidence.add(rule_id, f"{name} (stops firing)", fires=False)
            before = fired
    return count


def _from_features(folder: Path, evidence: _Evidence) -> int:
    from familycase.check import feature_rule_tags  # noqa: PLC0415

    if not folder.is_dir():
        return 0
    scenarios: set[tuple[str, int]] = set()
    for path in sorted(folder.rglob("*.feature")):
        for tag in feature_rule_tags(path):
            scenarios.add((tag.file, tag.scenario_line))
            name = _gherkin_name(tag.file, tag.scenario_line, tag.scenario)
            evidence.add(tag.rule_id, name, fires=tag.fires, tagged=True)
    return len(scenarios)


# -- text ----------------------------------------------------------------------------------
_RECORD_COMMAND = f"python -m pytest -p familycase.coverage --familycase-coverage={DEFAULT_RECORD}"


def render_text(
    coverage: Coverage,
    *,
    lang: Lang = "nb",
    vocabularies: Vocabularies | None = None,
    shown: int = _SHOWN,
) -> str:
    """The table as text in ``lang``: by provision, then the rules citing none; uncovered
    rules last. Its words come from ``vocabularies`` (default: the shipped ones)."""
    from familycase.rules.vocabulary import load_vocabularies  # noqa: PLC0415

    vocab = vocabularies or load_vocabularies()
    t = vocab.texts(lang)

    def counted(key: str, n: int) -> str:
        return fill_map(t(f"{key}_{'one' if n == 1 else 'many'}"), {"n": str(n)})

    out: list[str] = []
    src = coverage.sources
    title = {
        "rules": counted("coverage_rules", len(coverage.rules)),
        "provisions": counted("coverage_provisions", len(coverage.provisions)),
        "rulebook": coverage.rulebook_hash[:12],
    }
    out.append(fill_map(t("coverage_title"), title))
    sources = {
        "tests": counted("coverage_tests", src.get("tests", 0)),
        "phases": counted("coverage_phases", src.get("scenario_phases", 0)),
        "features": counted("coverage_features", src.get("feature_scenarios", 0)),
    }
    out.append(fill_map(t("coverage_sources"), sources))
    if coverage.other_rulebooks:
        stale = {
            "recorded": ", ".join(h[:12] for h in coverage.other_rulebooks),
            "current": coverage.rulebook_hash[:12],
            "command": _RECORD_COMMAND,
        }
        out.append("  " + fill_map(t("coverage_other_rulebook"), stale))
    elif not src.get("tests"):
        out.append("  " + fill_map(t("coverage_no_recording"), {"command": _RECORD_COMMAND}))
    by_id = {r.rule_id: r for r in coverage.rules}
    status = vocab.terms["verification"]
    for provision in coverage.provisions:
        out.append("")
        label = status.label(provision.status, lang)
        out.append(f"{provision.provision}  {provision.citation}  [{label}]")
        for rule_id in provision.rules:
            out.extend(_rule_lines(by_id[rule_id], shown, t))
    plain = [r for r in coverage.rules if not r.provisions]
    if plain:
        out.append("")
        out.append(t("coverage_no_legal_basis"))
        for rule in plain:
            out.extend(_rule_lines(rule, shown, t))
    out.append("")
    uncovered = coverage.uncovered
    if uncovered:
        out.append(counted("coverage_uncovered", len(uncovered)))
        out.extend(f"  {by_id[r].rule_id}  ({by_id[r].file}:{by_id[r].line})" for r in uncovered)
    else:
        out.append(t("coverage_all_covered"))
    return "\n".join(out) + "\n"


def _rule_lines(rule: RuleCoverage, shown: int, t: Callable[[str], str]) -> list[str]:
    mark = "" if rule.covered else f"   {t('coverage_uncovered_mark')}"
    counts = {"rule": rule.rule_id, "fires": str(len(rule.fires)), "silent": str(len(rule.silent))}
    lines = [f"  {fill_map(t('coverage_rule'), counts)}{mark}"]
    tagged = f"  {t('coverage_tagged_only')}"
    for sign, names in (("+", rule.fires), ("-", rule.silent)):
        lines.extend(
            f"      {sign} {name}{tagged if sign == '+' and name in rule.tagged_only else ''}"
            for name in names[:shown]
        )
        if len(names) > shown:
            more = fill_map(t("coverage_more"), {"n": str(len(names) - shown)})
            lines.append(f"      {sign} {more}")
    return lines


# -- the pytest plugin ---------------------------------------------------------------------
class _Recorder:
    """Records the rules that fire in each test; writes them when the session ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tests: dict[str, dict[str, Any]] = {}
        self.current: dict[str, Any] | None = None
        self._original: Callable[..., Any] | None = None

    def install(self) -> None:
        from familycase.assess import evaluation  # noqa: PLC0415

        original: Callable[..., Assessment] | None = getattr(evaluation, "build_assessment", None)
        if original is None:  # evaluate() changed: recording would silently record nothing
            raise UsageError("familycase.coverage cannot find evaluation.build_assessment.")
        self._original = original

        def recording(*args: Any, **kwargs: Any) -> Assessment:
            assessment: Assessment = original(*args, **kwargs)
            if self.current is not None:
                fired = self.current["fired"].setdefault(assessment.provenance.rulebook_hash, [])
                fired.extend(r for r in assessment.fired if r not in fired)
                self.current["evaluations"] += 1
            return assessment

        setattr(evaluation, "build_assessment", recording)  # noqa: B010

    def uninstall(self) -> None:
        from familycase.assess import evaluation  # noqa: PLC0415

        if self._original is not None:
            setattr(evaluation, "build_assessment", self._original)  # noqa: B010
            self._original = None

    # pytest hooks
    def pytest_runtest_logstart(self, nodeid: str, location: object) -> None:
        self.current = self.tests.setdefault(
            nodeid,
            {"nodeid": nodeid, "outcome": "passed", "fired": {}, "evaluations": 0, "markers": []},
        )

    def pytest_runtest_setup(self, item: Any) -> None:
        if self.current is not None:
            tags = {
                f"{short}:{marker.args[0]}"
                for name, short in _MARKERS.items()
                for marker in item.iter_markers(name)
                if marker.args and isinstance(marker.args[0], str)
            }
            self.current["markers"] = sorted(tags)
            scenario = _bdd_scenario(item)
            if scenario is not None:
                self.current["scenario"] = scenario

    def pytest_runtest_logreport(self, report: Any) -> None:
        test = self.tests.get(report.nodeid)
        if test is None:
            return
        if report.failed:
            test["outcome"] = "failed"
        elif report.skipped and test["outcome"] == "passed":
            test["outcome"] = "skipped"  # skips and xfails prove nothing

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        self.current = None

    def pytest_sessionfinish(self, session: object, exitstatus: int) -> None:
        data = {"format": RECORD_FORMAT, "tests": list(self.tests.values())}
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.path)

    def pytest_unconfigure(self, config: object) -> None:
        self.uninstall()


def _bdd_scenario(item: Any) -> dict[str, Any] | None:
    """The Gherkin scenario a pytest-bdd test runs: its feature file, line and name."""
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry  # noqa: PLC0415
    except ImportError:
        return None
    function = getattr(item, "function", None)
    try:
        template = scenario_wrapper_template_registry.get(function)  # type: ignore[arg-type]
    except TypeError:  # not weakly referable: not a pytest-bdd test
        return None
    if template is None:
        return None
    return {
        "file": os.path.abspath(template.feature.filename),
        "line": template.line_number,
        "name": template.name,
    }


def pytest_addoption(parser: Any) -> None:
    """Register ``--familycase-coverage FILE``."""
    parser.addoption(
        "--familycase-coverage",
        metavar="FILE",
        default=None,
        help="record which familycase rules fire in each test, as JSON in FILE "
        f"(also: ${ENV_VAR}); read by 'familycase coverage'",
    )


def pytest_configure(config: Any) -> None:
    """Start recording when ``--familycase-coverage`` or ``$FAMILYCASE_COVERAGE`` is set."""
    target = config.getoption("familycase_coverage") or os.environ.get(ENV_VAR)
    if not target or getattr(config, "workerinput", None) is not None:
        return  # not asked (or an xdist worker: not supported)
    recorder = _Recorder(Path(target))
    recorder.install()
    config.pluginmanager.register(recorder, "familycase-coverage-recorder")
