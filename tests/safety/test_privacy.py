"""Personal data: no name or note in logs, exception messages or reprs (ids only); a hostile
name stays text in every output; ``pseudonymise`` keeps what decides and drops who it is."""

from __future__ import annotations

import copy
import doctest
import html
import json
import logging
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import familycase
from familycase import Assessment, Case, CaseError, pseudonymise
from familycase._resources import rules_dir
from familycase.case.graph import CaseGraph
from familycase.case.privacy import age_boundaries
from familycase.check import check
from familycase.cli import main

NAME = "Zelda Qwertyson"
NOTE = "Xylophone-secret note"
SECRETS = (NAME, "Zelda", "Qwertyson", NOTE, "Xylophone")

CASE: dict[str, Any] = {
    "id": "case_a",
    "as_of": "2025-03-01",
    "persons": [
        {"id": "mother", "name": NAME, "age": 34},
        {"id": "father", "name": "Per Hansen", "age": 36},
        {"id": "child", "name": "Ola Hansen", "birth_date": "2014-05-02"},
        {"id": "baby", "name": "Kari Hansen", "age": 1},
        {"id": "uncle", "name": "Nils", "age": 22},
    ],
    "relations": [
        {"id": "r1", "kind": "parent", "from": "mother", "to": "child"},
        {"id": "r2", "kind": "parent", "from": "father", "to": "baby"},
        {"id": "r3", "kind": "partner", "from": "mother", "to": "father"},
        {"id": "r4", "kind": "aunt_uncle", "from": "uncle", "to": "child", "quality": "supportive"},
    ],
    "households": [{"id": "home", "members": ["mother", "father", "child", "baby"], "note": NOTE}],
    "concerns": [
        {
            "id": "c1",
            "kind": "child_witnessed_violence",
            "about": ["father"],
            "exposed": ["child", "baby"],
            "source": "school",
            "reported_by": "school",
            "last_incident": "2025-02-27",
            "note": NOTE,
        },
        {"id": "c2", "kind": "substance_problem", "about": ["father"], "reported_by": "mother"},
        {"id": "c3", "kind": "job_loss", "about": ["uncle"]},
    ],
    "services": [{"id": "s1", "service": "school", "person": "child"}],
    "consents": [{"id": "k1", "given_by": "mother", "share_with": ["gp"], "concerning": ["baby"]}],
    "events": [
        {"id": "e1", "kind": "eviction", "persons": ["mother", "child"], "on": "2025-03-10"},
        {"id": "e2", "kind": "release", "persons": ["father"], "on": "2025-04-01", "note": NOTE},
    ],
}


def _no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


# -- logs ------------------------------------------------------------------------------------
def test_no_case_content_in_logs(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("familycase.test").debug("capture works")
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    case = familycase.case.model.load_case(case_file)
    for engine in ("durable", "reference"):
        assessment = familycase.evaluate(case, engine=engine)
    pseudonymise(case, rekey=True, coarsen_ages=True)
    with pytest.raises(CaseError):
        familycase.evaluate({**CASE, "relations": [{"kind": "parent", "from": "x", "to": "y"}]})
    check([case_file])
    records = caplog.records
    assert any(r.getMessage() == "capture works" for r in records)
    for record in records:
        _no_secret(record.getMessage())
        _no_secret(repr(record.args))
    out = capsys.readouterr()
    _no_secret(out.out + out.err)
    assert assessment.names["mother"] == NAME  # the names are there, for rendering only


# -- exceptions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c["relations"].append({"kind": "parent", "from": "mother", "to": "nobody"}),
        lambda c: c["persons"][0].update(name=NAME * 20),
        lambda c: c["persons"][0].update(name=NAME + "\x1b[2J"),
        lambda c: c["persons"][0].update(age=300),
        lambda c: c["persons"][0].update(birth_date="2030-01-01"),
        lambda c: c["persons"][0].update(nickname=NAME),
        lambda c: c["persons"][0].update(name=123),
        lambda c: c["households"][0].update(note=NOTE * 500),
        lambda c: c["concerns"][0].update(note=NOTE + "\x00"),
        lambda c: c["concerns"][0].update(kind=NAME),
        lambda c: c["concerns"][0].update(about=[NAME]),
        lambda c: c.update(id=NAME),
    ],
)
def test_errors_from_bad_cases_name_ids_only(edit: Any) -> None:
    bad = copy.deepcopy(CASE)
    edit(bad)
    with pytest.raises(CaseError) as info:
        familycase.case_from_data(bad)
    error = info.value
    assert error.problems
    _no_secret(str(error))
    _no_secret(repr(error))
    for problem in error.problems:
        _no_secret(repr(problem))
    with pytest.raises(ValidationError) as raw:
        Case.model_validate(bad)
    _no_secret(str(raw.value))


def test_errors_from_bad_case_files_show_no_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the error is on the line with the name (flow style): the line is never shown
    path = tmp_path / "case.yaml"
    path.write_text(
        f"as_of: 2025-01-01\npersons:\n  - {{id: a, name: {NAME}, age: 300}}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseError) as info:
        familycase.case.model.load_case(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (3, "persons[0].age")
    _no_secret(str(info.value))
    # a syntax error on that line
    path.write_text(
        f"as_of: 2025-01-01\npersons:\n  - {{id: a, name: {NAME}: x, age: 3}}\n",
        encoding="utf-8",
    )
    with pytest.raises(familycase.ContentError) as syntax:
        familycase.case.model.load_case(path)
    assert syntax.value.problems[0].line == 3
    _no_secret(str(syntax.value))
    for command in ("evaluate", "show", "ecomap"):
        assert main([command, str(path)]) == 2
        out = capsys.readouterr()
        _no_secret(out.out + out.err)


# -- reprs -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def evaluated() -> tuple[Case, Assessment]:
    case = familycase.case_from_data(CASE)
    return case, familycase.evaluate(case)


def test_reprs_name_ids_only(evaluated: tuple[Case, Assessment], tmp_path: Path) -> None:
    case, assessment = evaluated
    assert assessment.suggestions
    assert assessment.questions
    objects: list[object] = [
        case,
        *case.persons,
        *case.relations,
        *case.households,
        *case.concerns,
        *case.services,
        *case.consents,
        assessment,
        *assessment.suggestions,
        *assessment.questions,
        assessment.provenance,
        *assessment.persons,
        CaseGraph(case),
        familycase.load_rulebook(),
    ]
    reasons = [r for item in (*assessment.suggestions, *assessment.questions) for r in item.reasons]
    assert reasons
    objects += [*reasons, *assessment.unclear_duties]
    for obj in objects:
        _no_secret(repr(obj))
    for obj in (
        case,
        *case.persons,
        *case.concerns,
        *case.households,
        assessment,
        *assessment.suggestions,
        *assessment.questions,
        *reasons,
        *assessment.unclear_duties,
    ):
        _no_secret(str(obj))
    scenario_file = tmp_path / "s.yaml"
    source = familycase.scenario_path("maria_and_david").read_text(encoding="utf-8")
    scenario_file.write_text(source.replace("name: Maria", f"name: {NAME}"), encoding="utf-8")
    scenario = familycase.load_scenario(scenario_file)
    assert NAME in [p.name for p in scenario.case_at("phase1").persons]
    for obj in (scenario, *scenario.phases):
        _no_secret(repr(obj))
        _no_secret(str(obj))


def test_str_of_suggestions_and_reasons_name_ids_only() -> None:
    assessment = familycase.evaluate(_case_named(NAME))  # the child every duty is about
    reasons = [r for s in assessment.suggestions for r in s.reasons]
    assert any(NAME in r.text.nb for r in reasons)
    for obj in (*assessment.suggestions, *assessment.questions, *reasons):
        _no_secret(repr(obj))
        _no_secret(str(obj))
    for unclear in assessment.unclear_duties:
        _no_secret(repr(unclear))


# -- a hostile name stays text ---------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{child.__class__}",
    "{0}{1}",
    "{child!r}",
    "{child:>999999}",
    "%s%n%x",
    "${jndi:ldap://x/a}",
    "**bold** [link](javascript:alert(1)) `code` # h",
    "&amp; &lt;b&gt; ]]> <!-- -->",
    "Robert'); DROP TABLE persons;--",
    "Ærlig Øystein Ås \u0301",
]


def _case_named(name: str) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    data["persons"][2]["name"] = name  # the child every duty is about
    return data


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_stays_text_in_every_output(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from familycase.render.html import assessment_html, case_html
    from familycase.render.markdown import assessment_markdown
    from familycase.render.responsibility import responsibility_text
    from familycase.render.svg import ecomap_svg
    from familycase.render.text import render_assessment, render_case

    case = familycase.case_from_data(_case_named(name))
    shown = case.person("child").name  # names are stripped of outer spaces
    assessment = familycase.evaluate(case)
    duty = assessment.suggestion("notify_child_welfare")
    assert duty is not None
    assert shown in duty.reasons[0].text.nb  # inserted as it is: never interpreted
    assert "<class" not in duty.reasons[0].text.nb
    for lang in ("nb", "en"):
        for text in (render_assessment(assessment, lang), render_case(case, lang)):
            assert shown in text
        for markup in (assessment_html(assessment, lang), case_html(case, lang)):
            assert "<script" not in markup
            assert "<img" not in markup
            assert html.escape(shown, quote=True) in markup or html.escape(shown) in markup
        markdown = assessment_markdown(assessment, lang)
        assert "<script" not in markdown
        assert "<img" not in markdown
        assert "[link](" not in markdown  # the brackets are escaped: no link
        svg = ecomap_svg(case, lang, assessment=assessment)
        assert "<script" not in svg
        assert "<img" not in svg
        ET.fromstring(svg)  # still well-formed XML: the name is character data
        responsibility_text(assessment, lang)
    data = json.loads(assessment.model_dump_json())
    assert data["names"]["child"] == shown
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_case_named(name)), encoding="utf-8")
    for fmt in ("text", "json", "markdown", "html"):
        assert main(["evaluate", str(path), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "<script" not in out or fmt in ("text", "json")


# -- pseudonymise ----------------------------------------------------------------------------
def test_pseudonymise_replaces_names_by_roles_and_drops_notes() -> None:
    pseudo = pseudonymise(CASE, rekey=False)
    assert [(p.id, p.name) for p in pseudo.persons] == [
        ("mother", "Forelder 1"),
        ("father", "Forelder 2"),
        ("child", "Barn 1"),
        ("baby", "Barn 2"),
        ("uncle", "Ung voksen 1"),
    ]
    assert [p.name for p in pseudonymise(CASE, lang="en").persons][:3] == [
        "Parent 1",
        "Parent 2",
        "Child 1",
    ]
    assert all(p.birth_date is None for p in pseudo.persons)
    assert [p.age for p in pseudo.persons] == [34, 36, 10, 1, 22]
    assert all(c.note is None for c in pseudo.concerns)
    assert all(h.note is None for h in pseudo.households)
    assert all(e.note is None for e in pseudo.events)
    # what decides the assessment stays: the events' kinds, persons and dates, the incident date
    original_events = familycase.case_from_data(CASE).events
    assert [e.model_dump(exclude={"note"}) for e in pseudo.events] == [
        e.model_dump(exclude={"note"}) for e in original_events
    ]
    assert pseudo.concerns[0].last_incident is not None
    dump = pseudo.model_dump_json()
    _no_secret(dump)
    for original in ("Per Hansen", "Ola", "Kari", "Nils", "2014-05-02"):
        assert original not in dump
    # the structure is kept
    original = familycase.case_from_data(CASE)
    for name in ("relations", "households", "concerns", "services", "consents"):
        assert len(getattr(pseudo, name)) == len(getattr(original, name))
    assert pseudo.concerns[0].model_dump(exclude={"note"}) == original.concerns[0].model_dump(
        exclude={"note"}
    )


def test_pseudonymise_rekeys_every_id() -> None:
    pseudo = pseudonymise(CASE, rekey=True)
    assert pseudo.id == "case"
    assert [p.id for p in pseudo.persons] == [
        "parent_1",
        "parent_2",
        "child_1",
        "child_2",
        "young_adult_1",
    ]
    dump = pseudo.model_dump_json(by_alias=True)
    for old in ('"mother"', '"father"', '"baby"', '"uncle"', '"c1"', '"r1"', '"home"', '"k1"'):
        assert old not in dump
    assert pseudo.concerns[0].reported_by == "school"  # a service id stays
    assert pseudo.concerns[1].reported_by == "parent_1"  # a person id is re-keyed
    assert pseudo.consents[0].concerning == ["child_2"]
    assert [(e.id, e.persons) for e in pseudo.events] == [
        ("event_1", ["parent_1", "child_1"]),
        ("event_2", ["parent_2"]),
    ]


def test_a_seed_shuffles_the_numbers_reproducibly() -> None:
    orders = {tuple(p.name for p in pseudonymise(CASE, seed=seed).persons) for seed in range(12)}
    assert len(orders) > 1
    assert pseudonymise(CASE, seed=7) == pseudonymise(CASE, seed=7)
    for order in orders:
        assert sorted(order) == ["Barn 1", "Barn 2", "Forelder 1", "Forelder 2", "Ung voksen 1"]


def test_coarsened_ages_keep_every_boundary_the_rules_use() -> None:
    bounds = age_boundaries()
    assert {0, 18, 26} <= set(bounds)
    assert 16 in bounds  # the consent of a child over 15
    pseudo = pseudonymise(CASE, coarsen_ages=True)
    assert [p.age for p in pseudo.persons] == [30, 35, 10, 0, 20]


def _comparable(assessment: Assessment, names: dict[str, str], ids: dict[str, str]) -> Any:
    """The suggestions with names replaced by their pseudonyms and ids by their new ids."""

    def swap(text: str) -> str:
        for old in sorted(names, key=len, reverse=True):
            text = text.replace(old, names[old])
        return text

    out = []
    for s in assessment.suggestions:
        data = s.model_dump(mode="json")
        data["persons"] = [ids.get(p, p) for p in data["persons"]]
        for reason in data["reasons"]:
            reason["text"] = {k: swap(v) for k, v in reason["text"].items()}
            reason["facts"] = sorted(json.dumps(f, sort_keys=True) for f in reason["facts"])
            reason["sources"] = sorted(reason["sources"])
        out.append(data)
    return out


@pytest.mark.parametrize(
    "phase",
    [
        (s, p.id)
        for s in ("maria_and_david", "child_with_disability")
        for p in familycase.load_scenario(familycase.scenario_path(s)).phases
    ],
)
def test_the_suggestions_are_the_same_apart_from_names(phase: tuple[str, str]) -> None:
    scenario, phase_id = phase
    case = familycase.load_scenario(familycase.scenario_path(scenario)).case_at(phase_id)
    pseudo = pseudonymise(case, rekey=False)
    names = {p.name: q.name for p, q in zip(case.persons, pseudo.persons, strict=True)}
    before = familycase.evaluate(case)
    after = familycase.evaluate(pseudo)
    assert after.fired == before.fired
    assert _comparable(after, {}, {}) == _comparable(before, names, {})
    for p in pseudo.persons:
        assert p.name not in {q.name for q in case.persons}


def test_the_suggestions_are_the_same_after_rekeying() -> None:
    case = familycase.case_from_data(CASE)
    pseudo = pseudonymise(case, rekey=True, seed=1)
    ids = {p.id: q.id for p, q in zip(case.persons, pseudo.persons, strict=True)}
    before, after = familycase.evaluate(case), familycase.evaluate(pseudo)
    assert after.fired == before.fired
    assert [(s.measure, s.obligation, s.persons, s.rule_ids) for s in after.suggestions] == [
        (s.measure, s.obligation, [ids[p] for p in s.persons], s.rule_ids)
        for s in before.suggestions
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=3))
def test_pseudonymised_synthetic_families_get_the_same_suggestions(index: int, seed: int) -> None:
    from familycase.case.synthetic import synthetic_case

    case = synthetic_case(index, seed=seed)
    pseudo = pseudonymise(case, rekey=True, coarsen_ages=True, seed=seed)
    ids = {p.id: q.id for p, q in zip(case.persons, pseudo.persons, strict=True)}
    before, after = familycase.evaluate(case), familycase.evaluate(pseudo)
    assert after.fired == before.fired
    # the same suggestions and questions; their order may differ, as persons are listed in
    # canonical order (by age, then id) and the pseudonyms change both ids and ages
    assert sorted(
        (s.measure, s.obligation, s.urgency, sorted(s.persons)) for s in after.suggestions
    ) == sorted(
        (s.measure, s.obligation, s.urgency, sorted(ids[p] for p in s.persons))
        for s in before.suggestions
    )
    assert sorted((q.settles or "", sorted(q.persons)) for q in after.questions) == sorted(
        (q.settles or "", sorted(ids[p] for p in q.persons)) for q in before.questions
    )


def test_pseudonyms_come_from_the_vocabularies(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    ui = rules / "vocabulary" / "ui.yaml"
    lines = ui.read_text(encoding="utf-8").splitlines(keepends=True)
    ui.write_text("".join(line for line in lines if "pseudonym_child" not in line), "utf-8")
    book = familycase.load_rulebook(rules)
    with pytest.raises(familycase.UsageError, match="pseudonym_child"):
        pseudonymise(CASE, rulebook=book)


def test_the_module_examples_run() -> None:
    result = doctest.testmod(familycase.case.privacy, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"rulebook": 1}, "rulebook must be a familycase.Rulebook (from load_rulebook) or None"),
        ({"rulebook": "rules"}, "familycase.load_rulebook(path)"),
        ({"rulebook": Path("rules")}, "familycase.load_rulebook(path)"),
        ({"seed": "a"}, "seed must be an int or None (got str)"),
        ({"seed": 1.5}, "seed must be an int or None (got float)"),
        ({"seed": True}, "seed must be an int or None (got bool)"),
        ({"rekey": "yes"}, "rekey must be True or False (got str)"),
        ({"coarsen_ages": "yes"}, "coarsen_ages must be True or False (got str)"),
        ({"coarsen_ages": 1}, "coarsen_ages must be True or False (got int)"),
        ({"lang": "de"}, "use one of nb, nn, en"),
        ({"lang": None}, "use one of nb, nn, en"),
    ],
    ids=repr,
)
def test_pseudonymise_refuses_wrong_arguments_with_a_usage_error(
    arguments: dict[str, Any], words: str
) -> None:
    with pytest.raises(familycase.UsageError) as caught:
        pseudonymise(CASE, **arguments)
    assert words in str(caught.value)


@pytest.mark.parametrize("case", [None, 1, "case.json", ["persons"]], ids=repr)
def test_pseudonymise_says_it_expects_a_case_or_a_mapping(case: Any) -> None:
    with pytest.raises(
        familycase.UsageError, match=r"case must be a familycase\.Case or a mapping"
    ):
        pseudonymise(case)


def test_age_boundaries_refuses_a_rulebook_that_is_not_one() -> None:
    with pytest.raises(familycase.UsageError, match=r"load_rulebook\(path\)"):
        age_boundaries("rules")  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match=r"or None \(got int\)"):
        age_boundaries(1)  # type: ignore[arg-type]


def test_seeds_and_flags_of_the_right_kind_still_work() -> None:
    book = familycase.load_rulebook(rules_dir())
    pseudo = pseudonymise(CASE, seed=0, rekey=False, coarsen_ages=True, lang="en", rulebook=book)
    assert pseudo.persons[0].name.startswith("Parent")
