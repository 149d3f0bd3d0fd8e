"""Hostile input: random and malformed cases, rule files and scenarios give familycase's own
errors (``FamilycaseError``), never a crash, an engine exception or a traceback; YAML is
loaded safely and nothing in a file or a case is ever executed."""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycase
from familycase import ContentError, FamilycaseError
from familycase._resources import rules_dir, scenarios_dir
from familycase._yaml import parse_yaml
from familycase.cli import main
from familycase.rules.rulebook import load_rulebook, rule_files

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- values ------------------------------------------------------------------------------------
_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
_tricky = st.sampled_from(
    [
        "",
        " ",
        "$child.pid",
        "$nobody.pid",
        "{child}",
        "{child.__class__}",
        "{0}",
        "{child!r}",
        "{child:>999999}",
        "<script>alert(1)</script>",
        "child",
        "adult",
        "maria",
        "jon",
        "current",
        "duty",
        "notify_child_welfare",
        "nav_office",
        "partner_violence",
        "2023-01-01",
        "9999-12-31",
        "0000-00-00",
        "1e-09",
        "NaN",
        "id",
        "sid",
        "fid",
        "type",
        "\x00",
        "\x1b[2J",
        "\u202e",
        "\ud800",
        "x" * 5000,
    ]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    _text,
    _tricky,
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(_text, _tricky), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _mutate(data: Any, draw: Callable[[st.SearchStrategy[Any]], Any], count: int) -> Any:
    """``data`` with ``count`` random edits: a value replaced, a key or item removed, an
    item repeated, a key added, a value moved elsewhere."""
    data = copy.deepcopy(data)
    for _ in range(count):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return draw(json_like)
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "repeat", "add", "move"]))
        if action == "replace":
            parent[last] = draw(json_like)
        elif action == "delete":
            del parent[last]
        elif action == "repeat" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][draw(st.one_of(_text, _tricky))] = draw(json_like)
        else:
            other = draw(st.sampled_from(paths))
            source = data
            for part in other:
                source = source[part] if isinstance(source, dict | list) else source
            parent[last] = copy.deepcopy(source)
    return data


# -- a valid case to break ---------------------------------------------------------------------
CASE: dict[str, Any] = {
    "id": "hostile",
    "as_of": "2025-03-01",
    "persons": [
        {"id": "mother", "name": "Kari", "age": 34},
        {"id": "father", "name": "Per", "age": 36},
        {"id": "child", "name": "Ola", "birth_date": "2014-05-02"},
    ],
    "relations": [
        {"id": "r1", "kind": "parent", "from": "mother", "to": "child"},
        {"id": "r2", "kind": "partner", "from": "mother", "to": "father", "quality": "conflictual"},
    ],
    "households": [{"id": "home", "members": ["mother", "father", "child"], "note": "n"}],
    "concerns": [
        {
            "id": "c1",
            "kind": "partner_violence",
            "about": ["father"],
            "exposed": ["mother", "child"],
            "source": "police",
            "certainty": "reported",
            "severity": "serious",
            "repeated": True,
            "note": "note",
        },
        {"id": "c2", "kind": "substance_problem", "about": ["father"], "reported_by": "gp"},
    ],
    "services": [{"service": "school", "person": "child", "status": "active"}],
    "consents": [{"given_by": "mother", "share_with": ["school"], "concerning": ["child"]}],
}


def test_the_case_to_break_is_valid() -> None:
    assessment = familycase.evaluate(CASE)
    assert assessment.duties
    assert len(assessment.fired) > 5


@FUZZ
@given(json_like)
def test_any_value_as_a_case_gives_a_familycase_error(value: Any) -> None:
    with contextlib.suppress(FamilycaseError):
        familycase.evaluate(value)


@FUZZ
@given(st.data())
def test_a_broken_case_gives_a_familycase_error(data: st.DataObject) -> None:
    broken = _mutate(CASE, data.draw, data.draw(st.integers(1, 3)))
    try:
        assessment = familycase.evaluate(broken)
    except (familycase.CaseError, familycase.UsageError):
        return
    json.loads(assessment.model_dump_json())  # what was accepted evaluates and serialises


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_command_line_never_shows_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    broken = _mutate(CASE, data.draw, data.draw(st.integers(1, 3)))
    path = tmp_path_factory.mktemp("cli") / "case.json"
    path.write_text(json.dumps(broken, ensure_ascii=True, default=str), encoding="utf-8")
    for command in ("evaluate", "show"):
        assert main([command, str(path)]) in (0, 2)


def test_deep_nesting_and_huge_text_in_a_case() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(50_000):
        node["x"] = {}
        node = node["x"]
    for value in (
        deep,
        {**CASE, "concerns": [deep]},
        {**CASE, "persons": [{"id": "p", "name": "N" * 10_000_000}]},
        {**CASE, "id": "x" * 10_000_000},
    ):
        with pytest.raises(familycase.CaseError):
            familycase.case_from_data(value)


# -- YAML and rule files -----------------------------------------------------------------------
@FUZZ
@given(st.one_of(st.text(max_size=300), json_like.map(yaml.safe_dump)))
def test_any_text_as_yaml_gives_a_content_error(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml")
    except ContentError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    assert all(p.code.startswith("FC1") for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "a: " + "{b: " * 50_000,
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
            for i in range(8)
        ),
    ],
)
def test_deep_or_exploding_yaml_is_refused(text: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "bomb.yaml")
    assert {p.code for p in info.value.problems} <= {"FC103", "FC105"}


def test_custom_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    attacks = [
        f'!!python/object/apply:os.system ["touch {marker}"]',
        f'!!python/object/new:subprocess.check_call [["touch", "{marker}"]]',
        '!!python/name:os.system ""',
        "!!binary aGVsbG8=",
        "!custom value",
    ]
    for attack in attacks:
        case = tmp_path / "case.yaml"
        case.write_text(f"as_of: 2025-01-01\npersons:\n  - {{id: a, name: {attack}}}\n")
        with pytest.raises(ContentError) as info:
            familycase.case.model.load_case(case)
        assert [p.code for p in info.value.problems] == ["FC106"]
        rules = tmp_path / "rules.yaml"
        rules.write_text(f"rules:\n  - id: {attack}\n")
        with pytest.raises(ContentError) as info:
            load_rulebook(rules)
        assert "FC106" in {p.code for p in info.value.problems}
        assert main(["evaluate", str(case)]) == 2
    assert not marker.exists()


@pytest.fixture(scope="module")
def rules_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(rules_dir(), target)
    return target


@pytest.fixture(scope="module")
def phase1() -> familycase.Case:
    return familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_broken_rule_file_is_refused_or_evaluates(
    rules_copy: Path, phase1: familycase.Case, data: st.DataObject
) -> None:
    files = rule_files(rules_copy)
    file = data.draw(st.sampled_from(files))
    original = file.read_text(encoding="utf-8")
    document = parse_yaml(original, str(file)).data
    broken = _mutate(document, data.draw, data.draw(st.integers(1, 3)))
    try:
        file.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
        problems: tuple[familycase.Problem, ...] = ()
        book = None
        try:
            book = load_rulebook(rules_copy)
        except ContentError as exc:
            problems = exc.problems
        if book is None:
            codes = {p.code[:3] for p in problems}
            assert problems
            assert codes <= {"FC1", "FC3", "FC5"}, [p.format() for p in problems]
            return
        # a rulebook that passes validation must run on the engine
        assessment = familycase.evaluate(phase1, rulebook=book)
        assert assessment.provenance.rulebook_hash == book.content_hash
    finally:
        file.write_text(original, encoding="utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_broken_scenario_is_refused_or_plays(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from(sorted(scenarios_dir().glob("*.yaml"))))
    document = parse_yaml(source.read_text(encoding="utf-8"), str(source)).data
    broken = _mutate(document, data.draw, data.draw(st.integers(1, 3)))
    path = tmp_path_factory.mktemp("scenario") / "s.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    try:
        scenario = familycase.load_scenario(path)
    except ContentError as exc:
        assert exc.problems  # noqa: PT017 (a refusal must say why)
        return
    for phase in scenario.phases:
        familycase.evaluate(scenario.case_at(phase.id))
