"""A suspicion is never told as a fact: a suspected concern's kind says so in every text."""

from __future__ import annotations

import pytest

import familycase
from familycase.render.html import assessment_html
from familycase.render.markdown import assessment_markdown
from familycase.render.text import render_assessment
from familycase.rules.vocabulary import load_vocabularies


@pytest.fixture(scope="module")
def scenario() -> familycase.Scenario:
    return familycase.load_scenario(familycase.scenario_path("maria_and_david"))


def _texts(assessment: familycase.Assessment, lang: str) -> list[str]:
    items = [*assessment.suggestions, *assessment.questions]
    reasons = [r.text.get(lang) for item in items for r in item.reasons]  # type: ignore[arg-type]
    return reasons + [q.text.get(lang) for q in assessment.questions]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_suspected_concern_is_marked_in_the_reasons(
    scenario: familycase.Scenario, lang: str
) -> None:
    v = load_vocabularies()
    label = v.concern_kinds.label("substance_problem", lang)
    marked = f"{label} ({v.terms['certainty'].label('suspected', lang)})"
    # phase 2: the mental health service suspects Maria's substance use (not confirmed)
    a = familycase.evaluate(scenario.case_at("phase2"))
    by_rule: dict[str, str] = {}
    for item in (*a.suggestions, *a.questions):
        for r in item.reasons:
            text = r.text.get(lang)  # type: ignore[arg-type]
            by_rule[r.rule_id] = by_rule.get(r.rule_id, "") + text + "\n"
    for rule_id in ("gp_consultation_needed", "individual_plan_long_term"):
        assert marked in by_rule[rule_id], rule_id
        assert by_rule[rule_id].count(label) == by_rule[rule_id].count(marked)
    # a rule that matches suspicions only says so in its own words, once
    assert label in by_rule["substance_suspected_clarify"]
    assert marked not in by_rule["substance_suspected_clarify"]


def test_a_confirmed_concern_is_not_marked(scenario: familycase.Scenario) -> None:
    # phase 3: the substance problem is confirmed (Maria has completed treatment)
    mark = "(" + load_vocabularies().terms["certainty"].label("suspected", "nb") + ")"
    texts = _texts(familycase.evaluate(scenario.case_at("phase3")), "nb")
    assert not [t for t in texts if "rusproblem " + mark in t]


def test_a_rule_about_suspicions_does_not_say_it_twice(scenario: familycase.Scenario) -> None:
    a = familycase.evaluate(scenario.case_at("phase2"))
    questions = [q.text.nb for q in a.questions if "mistanken" in q.text.nb]
    assert questions
    assert not [q for q in questions if "(mistanke)" in q]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_understanding_of_each_person_marks_suspicions(
    scenario: familycase.Scenario, lang: str
) -> None:
    a = familycase.evaluate(scenario.case_at("phase2"))
    assert "c_maria_substance_problem" in a.suspected
    v = load_vocabularies()
    marked = (
        f"{v.concern_kinds.label('substance_problem', lang)} "
        f"({v.terms['certainty'].label('suspected', lang)})"
    )
    for rendered in (
        render_assessment(a, lang),  # type: ignore[arg-type]
        assessment_markdown(a, lang),  # type: ignore[arg-type]
        assessment_html(a, lang),  # type: ignore[arg-type]
    ):
        assert marked in rendered
    later = familycase.evaluate(scenario.case_at("phase3"))  # confirmed by then
    assert marked not in render_assessment(later, lang)  # type: ignore[arg-type]
