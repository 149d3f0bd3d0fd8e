"""The step catalogue in docs/writing-features.md and the steps never drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd.steps import step_function_context_registry

from familycase._text import LANGS
from familycase.testing import _bdd, _words, catalogue, world
from familycase.testing.steps import (
    KEYWORDS,
    PLACEHOLDERS,
    SECTIONS,
    STEPS,
    StepDef,
    compile_template,
)
from familycase.testing.steps.family import _CONCERN_TERMS

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"
TESTING = ROOT / "src" / "familycase" / "testing"
SOURCES = [*sorted((TESTING / "steps").glob("*.py")), TESTING / "world.py", TESTING / "_bdd.py"]
KINDS = {word: kind for kind, words in KEYWORDS.items() for word in words.values()}


def test_the_catalogue_in_the_document_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert catalogue.render(text) == text, (
        "docs/writing-features.md is out of date: run "
        "python -m familycase.testing.catalogue docs/writing-features.md"
    )


def test_the_document_lists_every_wording_of_every_step() -> None:
    text = DOC.read_text(encoding="utf-8")
    for definition in STEPS:
        for lang in LANGS:
            if lang == "nn" and definition.wordings["nn"] == definition.wordings["nb"]:
                continue
            for wording in definition.wordings[lang]:
                keyword = KEYWORDS[definition.kind][lang]
                shown = catalogue.display_template(wording)
                assert f"`{keyword} {shown}`" in text, (definition.name, lang, wording)


def test_the_plugin_registers_exactly_the_catalogued_steps() -> None:
    registered = {}
    count = 0
    for name, fixture in vars(_bdd).items():
        if not name.startswith("pytestbdd_stepdef_"):
            continue
        marker = getattr(fixture, "__wrapped__", fixture)
        context = step_function_context_registry.get(marker)
        assert context is not None, name
        registered[(context.type, context.parser.name)] = _bdd.STEP_FUNCS[context.step_func]
        count += 1
    assert count == len(registered), "two step definitions with the same wording"
    expected = {(d.kind, compile_template(w).pattern): d for d in STEPS for w, _ in d.variants()}
    assert set(registered) == set(expected)
    assert all(registered[key] is expected[key] for key in expected)


def test_every_step_has_all_three_languages_and_known_placeholders() -> None:
    names = [d.name for d in STEPS]
    assert len(names) == len(set(names))
    for definition in STEPS:
        for lang in LANGS:
            assert definition.wordings[lang], (definition.name, lang)
            for wording in definition.wordings[lang]:
                for placeholder in re.findall(r"<([^<>]+)>", wording):
                    assert placeholder in PLACEHOLDERS, (definition.name, placeholder)
        assert set(definition.doc) == set(definition.example) == {"nb", "en"}


def test_steps_are_registered_in_catalogue_order() -> None:
    """The step modules register in the order of the catalogue's sections (Given, When, Then)."""
    order = list(SECTIONS)
    positions = [order.index(d.section) for d in STEPS]
    assert positions == sorted(positions)
    kinds = ["given", "when", "then"]
    assert [kinds.index(d.kind) for d in STEPS] == sorted(kinds.index(d.kind) for d in STEPS)


def _example_step(definition: StepDef, lang: str) -> tuple[str, str]:
    keyword, text = definition.example[lang].splitlines()[0].split(" ", 1)
    return KINDS[keyword], text


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("definition", STEPS, ids=[d.name for d in STEPS])
def test_each_example_matches_its_step_and_no_other(definition: StepDef, lang: str) -> None:
    kind, text = _example_step(definition, lang)
    assert kind == definition.kind
    matching = {
        other.name
        for other in STEPS
        if other.kind == kind
        for wording, _ in other.variants()
        if compile_template(wording).fullmatch(text)
    }
    assert matching == {definition.name}
    headings = definition.table_headings(lang)
    assert bool(headings) == (definition.table is not None), "a table step shows its table"
    if definition.table is not None:
        columns = _words.TABLES[definition.table]
        assert all(c is not None for c in _words.columns_of(headings, columns)), headings


def test_negated_and_restricted_wordings_never_match_the_plain_step() -> None:
    # the stop words keep "foreslås ikke X" and "foreslås X bare for ..." apart from "foreslås X"
    plain = next(d for d in STEPS if d.name == "suggests")
    for text in (
        "foreslås ikke melding til barnevernstjenesten",
        'foreslås melding til barnevernstjenesten bare for "Jon"',
        "foreslås ingen plikter",
        "foreslås ingenting",
        "foreslås melding til barnevernstjenesten:",
    ):
        assert not any(compile_template(w).fullmatch(text) for w, _ in plain.variants()), text


def test_every_message_the_library_uses_exists_in_three_languages() -> None:
    used = set()
    for source in SOURCES:
        code = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:say|refuse)\(\s*"([a-z_]+)"', code))
        calls = re.findall(r'\.words?\((?:[^()]|\([^()]*\))*?,\s*"([a-z_]+)"\s*\)', code, re.S)
        used |= {f"kind_{what}" for what in calls}
    used |= {f"kind_{term}" for term in _CONCERN_TERMS}
    known = world.messages()
    assert used
    assert not used - set(known), sorted(used - set(known))
    for key, texts in known.items():
        assert set(texts) == set(LANGS), key


def test_the_vs_code_snippets_cover_every_step_in_each_language() -> None:
    import json

    from familycase.testing.steps import KEYWORDS, STEPS, compile_template, display_template

    snippets = json.loads(catalogue.snippets())
    names = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}
    for definition in STEPS:
        if definition.replaced_by is not None:
            continue
        for lang in LANGS:
            wording = definition.wordings[lang][0]
            key = f"{names[lang]}: {KEYWORDS[definition.kind][lang]} {display_template(wording)}"
            if lang == "nn" and definition.wordings["nn"] == definition.wordings["nb"]:
                assert key.replace("nynorsk", "bokmål") in snippets
                continue
            snippet = snippets[key]
            assert "feature" in snippet["scope"].split(",")
            # with its values filled in, the snippet is the step
            filled = re.sub(r"\$\{\d+:[^}]+\}", "x", snippet["body"][0])
            assert compile_template(wording).fullmatch(filled), (key, filled)
