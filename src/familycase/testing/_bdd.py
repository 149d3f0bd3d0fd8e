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
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers
from pytest_bdd import steps as bdd_steps
from pytest_bdd.exceptions import GherkinParseError, StepDefinitionNotFoundError
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

import familycase
from familycase import check
from familycase._text import Lang
from familycase.errors import ContentError
from familycase.rules.tags import FIRES_TAGS, NOT_FIRES_TAGS, misspelt_rule_tag
from familycase.testing import steps as library
from familycase.testing._closest import closest_steps, feature_lang
from familycase.testing.world import FeatureError, Library, World, display_path, say

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
    # tags on Eksempler:/Examples: reach the test as marks of its parameters
    examples = {m.name for m in request.node.iter_markers() if ":" in m.name}
    all_tags = {*scenario.tags, *examples}
    tags = library.rule_tags(all_tags)
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
        step=" ".join(f"@{t}" for t in sorted(all_tags)),
        language=feature.language,
    )
    library.check_rule_tags(world, all_tags)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    for fires, rule in library.rule_tags([tag]):
        marker = pytest.mark.familycase_fires if fires else pytest.mark.familycase_does_not_fire
        marker(rule)(function)
        return True
    if misspelt_rule_tag(tag) is not None:
        return True  # not a marker: the scenario fails, naming the tag (before_scenario)
    return None


def pytest_configure(config: pytest.Config) -> None:
    # a coverage tag on Eksempler:/Examples: becomes a pytest mark named like the tag;
    # familycase checks it (after the scenario, and in familycase check), so pytest's
    # "unknown mark" warning about it says nothing useful
    words = "|".join(sorted({*FIRES_TAGS, *NOT_FIRES_TAGS}))
    config.addinivalue_line(
        "filterwarnings",
        f"ignore:Unknown pytest\\.mark\\.({words}).:pytest.PytestUnknownMarkWarning",
    )
    config.addinivalue_line(
        "markers", "familycase_fires(rule_id): the scenario is tagged @fyrer:<rule_id>"
    )
    config.addinivalue_line(
        "markers",
        "familycase_does_not_fire(rule_id): the scenario is tagged @fyrer_ikke:<rule_id>",
    )


# -- --familycase-feature PATH: the scenarios of some feature files only ----------------------
def _feature_file(item: pytest.Item) -> Path | None:
    """The feature file a collected test runs a scenario of (None: not a scenario)."""
    function = getattr(item, "obj", None)
    try:
        template = scenario_wrapper_template_registry.get(function)  # type: ignore[arg-type]
    except TypeError:
        return None
    return Path(template.feature.filename).resolve() if template is not None else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    wanted: list[str] = config.getoption("familycase_features", None) or []
    if not wanted:
        return
    base = config.invocation_params.dir
    chosen = {(base / path).resolve(): path for path in wanted}
    files = {item: _feature_file(item) for item in items}
    collected = {f for f in files.values() if f is not None}

    def picked(file: Path | None, path: Path) -> bool:
        return file is not None and (file == path or path in file.parents)

    missing = [
        shown for path, shown in chosen.items() if not any(picked(f, path) for f in collected)
    ]
    if missing:
        found = sorted(display_path(str(f)) for f in collected)  # the closest first
        found.sort(key=lambda f: -difflib.SequenceMatcher(None, f, missing[0]).ratio())
        known = ", ".join(found[:8]) + (", ..." if len(found) > 8 else "") if found else "-"
        raise pytest.UsageError(
            "\n".join(
                say("feature_not_collected", lang, path=missing[0], known=known)
                for lang in ("nb", "en")
            )
        )
    keep = [item for item in items if any(picked(files[item], path) for path in chosen)]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


# -- a step familycase does not know -----------------------------------------------------------
def _background_steps(feature: Feature) -> list[Step]:
    background = getattr(feature, "background", None)
    return list(background.steps) if background is not None else []


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
    written = [(s.type, s.name) for s in (*_background_steps(feature), *scenario.steps)]
    close = closest_steps(step.name, step.type, feature_lang(feature.language, written))
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


SHOWN: list[str] = []  # "vis vurderingen": printed in the terminal summary


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    world = item.stash.get(WORLD_KEY, None)
    if call.when == "call" and world is not None and world.shown:
        for text in world.shown:
            report.sections.append((f"familycase: {item.name}", text))
        SHOWN.extend(world.shown)
    if call.excinfo is None or not report.failed:
        return report
    error = call.excinfo.value
    if isinstance(error, FeatureError):
        report.longrepr = error.report()
    elif isinstance(error, StepDefinitionNotFoundError) and hasattr(error, "familycase_report"):
        report.longrepr = str(error.familycase_report)
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The assessments shown with "vis vurderingen", also for scenarios that passed."""
    if not SHOWN:
        return
    terminalreporter.section(say("shown_heading", "nb") + " · " + say("shown_heading", "en"))
    for text in SHOWN:
        terminalreporter.write_line(text)
        terminalreporter.write_line("")
    SHOWN.clear()
