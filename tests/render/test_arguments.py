"""A renderer given a language other than nb, nn or en, or something that is not what it
renders, raises ``familycase.UsageError`` saying what it expects (never ``AttributeError``
from deep inside), and ``Text.get`` takes only the three languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import familycase
from familycase._text import Text
from familycase.render.html import (
    assessment_html,
    case_html,
    document,
    phase_html,
    responsibility_html,
    scenario_html,
)
from familycase.render.markdown import assessment_markdown, responsibility_markdown
from familycase.render.responsibility import responsibility_table, responsibility_text
from familycase.render.svg import ecomap_svg, layout
from familycase.render.text import render_assessment, render_case

ON_ASSESSMENT: list[Callable[..., Any]] = [
    assessment_html,
    assessment_markdown,
    render_assessment,
    responsibility_html,
    responsibility_markdown,
    responsibility_text,
]
ON_CASE: list[Callable[..., Any]] = [case_html, ecomap_svg, layout, render_case]
NOT_A_LANGUAGE: list[object] = ["de", "NB", "__class__", "", None, 1, ["nb"], {"nb": 1}]


@pytest.fixture(scope="module")
def case(vignette: familycase.Scenario) -> familycase.Case:
    return vignette.case_at("phase1")


@pytest.fixture(scope="module")
def assessment(case: familycase.Case) -> familycase.Assessment:
    return familycase.evaluate(case)


@pytest.mark.parametrize("lang", NOT_A_LANGUAGE, ids=repr)
def test_text_get_takes_only_the_three_languages(lang: object) -> None:
    text = Text(nb="bokmål", nn="nynorsk", en="English")
    with pytest.raises(familycase.UsageError, match="use one of nb, nn, en"):
        text.get(lang)  # type: ignore[arg-type]
    assert [text.get(code) for code in ("nb", "nn", "en")] == ["bokmål", "nynorsk", "English"]


@pytest.mark.parametrize("render", ON_ASSESSMENT, ids=lambda f: f.__name__)
@pytest.mark.parametrize("lang", NOT_A_LANGUAGE, ids=repr)
def test_renderers_of_assessments_refuse_an_unknown_language(
    render: Callable[..., Any], lang: object, assessment: familycase.Assessment
) -> None:
    with pytest.raises(familycase.UsageError, match="use one of nb, nn, en"):
        render(assessment, lang)


@pytest.mark.parametrize("render", ON_CASE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("lang", ["de", None, ["en"]], ids=repr)
def test_renderers_of_cases_refuse_an_unknown_language(
    render: Callable[..., Any], lang: object, case: familycase.Case
) -> None:
    with pytest.raises(familycase.UsageError, match="use one of nb, nn, en"):
        render(case, lang)


def test_other_renderers_refuse_an_unknown_language(vignette: familycase.Scenario) -> None:
    with pytest.raises(familycase.UsageError, match="use one of nb, nn, en"):
        scenario_html(vignette, "de")  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match="use one of nb, nn, en"):
        document("<p>x</p>", "title", "de")  # type: ignore[arg-type]


@pytest.mark.parametrize("render", ON_ASSESSMENT, ids=lambda f: f.__name__)
@pytest.mark.parametrize("wrong", [None, {}, "assessment"], ids=repr)
def test_renderers_of_assessments_say_they_expect_an_assessment(
    render: Callable[..., Any], wrong: object, case: familycase.Case
) -> None:
    for value in (wrong, case):
        with pytest.raises(familycase.UsageError, match="expects an Assessment"):
            render(value, "en")


@pytest.mark.parametrize("render", ON_CASE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("wrong", [None, {"id": "x"}], ids=repr)
def test_renderers_of_cases_say_they_expect_a_case(
    render: Callable[..., Any], wrong: object, assessment: familycase.Assessment
) -> None:
    for value in (wrong, assessment):
        with pytest.raises(familycase.UsageError, match=r"expects a familycase\.Case"):
            render(value, "en")


def test_other_renderers_say_what_they_expect(
    case: familycase.Case, assessment: familycase.Assessment
) -> None:
    with pytest.raises(familycase.UsageError, match="expects an Assessment"):
        responsibility_table(None)  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match="assessment= to be an Assessment"):
        ecomap_svg(case, "en", assessment={})  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match=r"expects a familycase\.Scenario"):
        scenario_html(case, "en")  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match="expects a PhaseView"):
        phase_html(assessment)  # type: ignore[arg-type]
    with pytest.raises(familycase.UsageError, match="fragment to be a string"):
        document(None, "title")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_renderer_still_renders_in_each_language(
    lang: familycase.Lang, case: familycase.Case, assessment: familycase.Assessment
) -> None:
    for render in ON_ASSESSMENT:
        assert render(assessment, lang)
    for render in ON_CASE:
        assert render(case, lang)
