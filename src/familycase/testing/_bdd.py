"""The step library as pytest-bdd steps, fixtures and hooks.

Registered by ``familycase.testing.plugin`` when pytest-bdd is installed. Each wording of
each step in ``familycase.testing.steps.STEPS`` becomes one pytest-bdd step (a regular
expression); the hooks record where a scenario is, check its ``@fyrer:``/``@fyrer_ikke:``
tags, suggest the closest steps when a step is not found, and replace the traceback of a
failed expectation by its explanation in the feature's language.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import re
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers
from pytest_bdd import steps as bdd_steps
from pytest_bdd.exceptions import GherkinParseError, StepDefinitionNotFoundError
from pytest_bdd.parser import Feature, Scenario, Step

import familycase
from familycase import check
from familycase._text import LANGS, Lang
from familycase.errors import ContentError
from familycase.testing import steps as library
from familycase.testing.world import FeatureError, Library, World, display_path, say

inf = float("inf")
WORLD_KEY = pytest.StashKey[World]()
FAILED_KEY = pytest.StashKey[bool]()
STEP_FUNCS: dict[Callable[..., Any], library.StepDef] = {}


def _make(
    definition: library.StepDef, langs: frozenset[str], groups: list[str]
) -> Callable[..., None]:
    takes_table = definition.table is not None

    def run(familycase_world: World, **values: Any) -> None:
        familycase_world.begin_step(langs)
        table = values.pop("datatable", None)
        arguments = {k: v for k, v in values.items() if v is not None}
        if takes_table:
            arguments["datatable"] = table
        definition.func(familycase_world, **arguments)

    parameters = [inspect.Parameter("familycase_world", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    names = [*groups, *(["datatable"] if takes_table else [])]
    parameters += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None) for name in names
    ]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__name__ = f"familycase_{definition.name}"
    run.__doc__ = definition.doc["en"]
    return run


def _register(definition: library.StepDef, wording: str, langs: frozenset[str]) -> None:
    pattern = library.compile_template(wording)
    func = _make(definition, langs, list(pattern.groupindex))
    STEP_FUNCS[func] = definition
    # stacklevel 2: the step fixture is put in this module's namespace (the caller of _register)
    bdd_steps.step(parsers.re(pattern.pattern), definition.kind, stacklevel=2)(func)


for _definition in library.STEPS:
    for _wording, _langs in _definition.variants():
        _register(_definition, _wording, _langs)


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def familycase_library(request: pytest.FixtureRequest) -> Library:
    """The rulebook the features run against (``--familycase-rules``, default the shipped
    rules) and the scenarios loaded so far."""
    path = request.config.getoption("familycase_rules", None) or request.config.getini(
        "familycase_rules"
    )
    if path:
        path = str(Path(request.config.rootpath) / path) if not Path(path).is_absolute() else path
    try:
        rulebook = familycase.load_rulebook(path or None)
    except ContentError as exc:
        pytest.fail(str(exc), pytrace=False)
    return Library(rulebook)


@pytest.fixture
def familycase_world(request: pytest.FixtureRequest, familycase_library: Library) -> World:
    """The family a scenario describes, and what familycase suggests for it."""
    world = World(familycase_library)
    request.node.stash[WORLD_KEY] = world
    return world


# -- hooks -------------------------------------------------------------------------------------
def _lang(feature: Feature) -> Lang:
    return "en" if feature.language == "en" else "nb"


@pytest.hookimpl
def pytest_bdd_before_step(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func: Callable[..., object],
) -> None:
    if step_func not in STEP_FUNCS:
        return
    world: World = request.getfixturevalue("familycase_world")
    world.at(
        file=feature.filename,
        line=step.line_number,
        scenario=f"{scenario.keyword}: {scenario.name}",
        step=f"{step.keyword} {step.name}",
        language=feature.language,
    )


@pytest.hookimpl
def pytest_bdd_step_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func: Callable[..., object],
    step_func_args: dict[str, object],
    exception: Exception,
) -> None:
    request.node.stash[FAILED_KEY] = True


@pytest.hookimpl
def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    rule = getattr(scenario, "rule", None)
    tags = {*scenario.tags, *feature.tags, *(rule.tags if rule is not None else ())}
    message = library.misspelt_rule_tags(tags, _lang(feature))
    if message is not None:
        where = (
            f"{display_path(feature.filename)}:{scenario.line_number}\n"
            f"  {scenario.keyword}: {scenario.name}"
        )
        raise FeatureError(message, where)


@pytest.hookimpl
def pytest_bdd_after_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    tags = library.rule_tags(scenario.tags)
    if not tags or request.node.stash.get(FAILED_KEY, False):
        return  # no rule tags, or a step failed: that failure is the one to report
    world = request.node.stash.get(WORLD_KEY, None)
    if world is None:
        where = (
            f"{display_path(feature.filename)}:{scenario.line_number}\n"
            f"  {scenario.keyword}: {scenario.name}"
        )
        raise FeatureError(say("tag_without_case", _lang(feature)), where)
    world.at(
        file=feature.filename,
        line=scenario.line_number,
        scenario=f"{scenario.keyword}: {scenario.name}",
        step=" ".join(f"@{t}" for t in sorted(scenario.tags)),
        language=feature.language,
    )
    library.check_rule_tags(world, scenario.tags)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    for fires, rule in library.rule_tags([tag]):
        marker = pytest.mark.familycase_fires if fires else pytest.mark.familycase_does_not_fire
        marker(rule)(function)
        return True
    if check.misspelt_rule_tag(tag) is not None:
        return True  # not a marker: the scenario fails, naming the tag (before_scenario)
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "familycase_fires(rule_id): the scenario is tagged @fyrer:<rule_id>"
    )
    config.addinivalue_line(
        "markers",
        "familycase_does_not_fire(rule_id): the scenario is tagged @fyrer_ikke:<rule_id>",
    )


# -- a step familycase does not know -----------------------------------------------------------
def _shown(definition: library.StepDef, wording: str, lang: Lang) -> str:
    return f"{library.KEYWORDS[definition.kind][lang]} {library.display_template(wording)}"


def _group_end(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "[{":
            depth += 1
        elif text[i] in "]}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(text)


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for c in text:
        depth += c in "[{"
        depth -= c in "]}"
        if c == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    return [*parts, current]


def expand(template: str, limit: int = 64) -> list[str]:
    """Every concrete wording of a template: each ``[...]`` in or out, each ``{a|b}`` as a
    or b (placeholders stay)."""
    start = next((i for i, c in enumerate(template) if c in "[{"), None)
    if start is None:
        return [template]
    end = _group_end(template, start)
    inner = template[start + 1 : end]
    if template[start] == "[":
        inner = re.sub(r"^\?[a-z_]+:", "", inner)
        options = ["", *_split_top(inner)]
    else:
        options = _split_top(inner)
    out: list[str] = []
    for option in options:
        out.extend(expand(template[:start] + option + template[end + 1 :], limit))
        if len(out) >= limit:
            break
    return out[:limit]


_TOKEN = re.compile(r'<[^<>]+>|[^\s"]+')


def _distance(template: list[str], written: list[str]) -> float:
    """How far the written words are from a wording's words: a placeholder takes one or
    more written words for free; a word costs what it takes to misspell it."""
    inf = float("inf")
    n, m = len(template), len(written)
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        token = template[i - 1]
        placeholder = token.startswith("<")
        cost[i][0] = cost[i - 1][0] + 1
        for j in range(1, m + 1):
            if placeholder:
                cost[i][j] = min(cost[i - 1][j] + 1, cost[i - 1][j - 1], cost[i][j - 1])
            else:
                word = written[j - 1].casefold()
                miss = 1 - difflib.SequenceMatcher(None, token.casefold(), word).ratio()
                cost[i][j] = min(cost[i - 1][j - 1] + miss, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    literal = sum(1 for t in template if not t.startswith("<")) or 1
    return cost[n][m] / literal


def closest_steps(text: str, kind: str, lang: Lang, n: int = 3) -> list[str]:
    """The wordings closest to ``text`` (one per step, in the feature's language; bokmål and
    nynorsk both for a Norwegian feature), steps of the same kind first."""
    langs = {"en"} if lang == "en" else {"nb", "nn"}
    written = _TOKEN.findall(text)
    best: dict[str, tuple[float, str]] = {}
    for definition in library.STEPS:
        for wording_lang in LANGS:
            if wording_lang not in langs:
                continue
            for wording in definition.wordings[wording_lang]:
                plain = library.display_template(wording)
                score = min(_distance(_TOKEN.findall(w), written) for w in expand(plain))
                score -= 0.15 if definition.kind == kind else 0.0
                if score < best.get(definition.name, (inf, ""))[0]:
                    best[definition.name] = (score, _shown(definition, wording, wording_lang))
    ranked = sorted(best.values(), key=lambda pair: pair[0])
    return [shown for score, shown in ranked if score <= 0.6][:n]


def _uses_familycase(scenario: Scenario) -> bool:
    """Whether some step of the scenario is a familycase step."""
    return any(
        library.compile_template(wording).fullmatch(step.name)
        for step in scenario.steps
        for definition in library.STEPS
        if definition.kind == step.type
        for wording, _ in definition.variants()
    )


def _other_kind(text: str, kind: str) -> str | None:
    for definition in library.STEPS:
        if definition.kind == kind:
            continue
        for wording, _ in definition.variants():
            if library.compile_template(wording).fullmatch(text):
                return definition.kind
    return None


@pytest.hookimpl
def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    exception: Exception,
) -> None:
    request.node.stash[FAILED_KEY] = True
    lang = _lang(feature)
    lines = [say("step_not_found", lang, step=f"{step.keyword} {step.name}")]
    right = _other_kind(step.name, step.type)
    if right is not None:
        names = library.KEYWORDS
        lines.append(
            say(
                "wrong_kind",
                lang,
                right=names[right][lang],  # type: ignore[index]
                wrong=names[step.type][lang],  # type: ignore[index]
            )
        )
    close = closest_steps(step.name, step.type, lang)
    if right is None and not (close and _uses_familycase(scenario)):
        return  # not a familycase feature: leave pytest-bdd's message as it is
    if close:
        lines.append(say("did_you_mean", lang))
        lines.extend(f"  {c}" for c in close)
    where = f"{display_path(feature.filename)}:{step.line_number}"
    where += f"\n  {scenario.keyword}: {scenario.name}"
    text = f"{where}\n\n" + "\n".join(lines)
    exception.add_note(text)
    exception.familycase_report = text  # type: ignore[attr-defined]


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A feature file pytest-bdd cannot parse: its one problem in plain words (file, line,
    what is wrong, the fix; the same as ``familycase check``), not a parser traceback."""
    report = yield
    call = getattr(report, "call", None)
    error = call.excinfo.value if report.failed and call and call.excinfo else None
    if isinstance(error, GherkinParseError) and error.filename:
        problem = check.feature_syntax_problem(Path(error.filename))
        if problem is not None:
            shown = dataclasses.replace(problem, file=display_path(error.filename))
            report.longrepr = f"{shown.format()}\n\n{say('feature_unreadable', 'en')}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.excinfo is None or not report.failed:
        return report
    error = call.excinfo.value
    if isinstance(error, FeatureError):
        report.longrepr = error.report()
    elif isinstance(error, StepDefinitionNotFoundError) and hasattr(error, "familycase_report"):
        report.longrepr = str(error.familycase_report)
    return report
