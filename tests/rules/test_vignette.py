"""The reference vignette (scenarios/maria_and_david.yaml), phase by phase.

Facts of the scenario file relied on here (checked against the file):
- phase 1 (2018-10-01): Maria (40) reports partner violence by David (severity and
  repetition unknown) that Jon (8) and Beth (5) have witnessed; Tomas (20) has lost his job,
  is depressed and took an overdose in the past; Maria is unemployed.
- phase 2 (2018-10-15): the municipal mental health and substance service (active for
  Maria) reports a concern about Maria's care and a suspected substance problem.
- phase 3 (2019-10-15): the violence, the care concerns and the substance problem have
  ended; Maria completed treatment, lives with Tomas and has unstable housing; Jon and Beth
  live with Maria's brother and sister-in-law (temporary carers); the school reports signs
  of relapse (Maria) and Jon's distress.
"""

from __future__ import annotations

import functools

import pytest
from builders import ENGINES

import familycase
from familycase import Assessment
from familycase.render.text import render_assessment

PHASES = ("phase1", "phase2", "phase3")
LANGS = ("en", "nn", "nb")


@functools.cache
def _scenario() -> familycase.Scenario:
    return familycase.load_scenario(familycase.scenario_path("maria_and_david"))


@functools.cache
def _assess(phase: str, engine: str | None = None) -> Assessment:
    return familycase.evaluate(_scenario().case_at(phase), engine=engine)


def _for(a: Assessment, measure: str, person: str) -> list[familycase.Suggestion]:
    return [s for s in a.suggestions if s.measure == measure and person in s.persons]


def test_the_scenario_has_the_facts_these_tests_rely_on() -> None:
    scenario = _scenario()
    assert [p.id for p in scenario.phases] == list(PHASES)
    case = scenario.case_at("phase1")
    ages = {p.id: p.age_at(case.as_of) for p in case.persons}
    assert (ages["maria"], ages["jon"], ages["beth"], ages["tomas"]) == (40, 8, 5, 20)
    kinds = {c.id: (c.kind, c.status) for c in case.concerns}
    assert kinds["c_children_witnessed_violence"] == ("child_witnessed_violence", "current")
    assert kinds["c_partner_violence"] == ("partner_violence", "current")
    later = {c.id: c.status for c in scenario.case_at("phase3").concerns}
    assert later["c_partner_violence"] != "current"
    assert later["c_children_witnessed_violence"] != "current"
    assert later["c_maria_relapse_signs"] == "current"


@pytest.mark.parametrize("phase", PHASES)
def test_every_engine_agrees_on_every_phase(phase: str) -> None:
    *engines, reference = (_assess(phase, engine) for engine in ENGINES)
    for engine in engines:
        assert engine.fired == reference.fired
        assert engine.suggestions == reference.suggestions
        assert engine.questions == reference.questions
        assert engine.unclear_duties == reference.unclear_duties


# -- phase 1: Maria phones Nav --------------------------------------------------------------
def test_phase1_duty_to_inform_for_jon_and_beth_not_tomas() -> None:
    a = _assess("phase1")
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"
    assert s.responsible == "nav_office"
    assert "child_welfare" in s.services
    assert s.requires_consent is False
    assert s.persons == ["jon", "beth"]
    assert "tomas" not in s.persons  # 20: an adult
    assert {ref.provision for ref in s.legal_basis} == {"sotjl_45", "bvl1992_6_4"}  # 2018
    assert not [
        u for u in a.unclear_duties if "tomas" in u.persons and u.measure == "notify_child_welfare"
    ]


def test_phase1_acute_safety_for_maria_comes_first() -> None:
    a = _assess("phase1")
    s = a.suggestion("assess_acute_safety")
    assert s is not None
    assert s.persons == ["maria"]
    assert s.urgency == "immediate"
    recommendations = [x for x in a.suggestions if x.obligation == "recommendation"]
    assert recommendations[0] is s  # right after the duties
    immediate = [x for x in a.suggestions if x.urgency == "immediate"]
    assert immediate[0] is s
    assert any(
        q.rule_id == "violence_acute_safety" and q.urgency == "immediate" for q in a.questions
    )


def test_phase1_duty_to_avert_is_unclear() -> None:
    a = _assess("phase1")
    assert a.suggestion("notify_police") is None
    unclear = [u for u in a.unclear_duties if u.measure == "notify_police"]
    assert len(unclear) == 1
    assert unclear[0].persons == ["maria"]
    (q,) = [q for q in a.questions if q.settles == "notify_police"]
    assert q.urgency == "immediate"
    assert q.persons == ["maria"]


def test_phase1_youth_followup_and_mental_health_care_for_tomas() -> None:
    a = _assess("phase1")
    youth = _for(a, "youth_followup", "tomas")
    assert youth
    assert youth[0].persons == ["tomas"]
    care = _for(a, "mental_health_followup", "tomas")
    assert care
    assert care[0].urgency == "immediate"  # overdose and depression
    assert "mental_health_overdose" in care[0].rule_ids


def test_phase1_no_work_oriented_followup_for_maria() -> None:
    a = _assess("phase1")
    assert not _for(a, "work_oriented_followup", "maria")
    assert _for(a, "financial_assistance", "maria")


# -- phase 2: the mental health service calls ---------------------------------------------
def test_phase2_adds_cooperation_with_the_mental_health_service() -> None:
    before, a = _assess("phase1"), _assess("phase2")
    assert before.suggestion("cooperation_meeting") is None
    meetings = _for(a, "cooperation_meeting", "maria")
    assert meetings
    assert "municipal_mental_health_substance" in meetings[0].services
    assert meetings[0].requires_consent is True


def test_phase2_keeps_the_duty_to_inform() -> None:
    a = _assess("phase2")
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"
    assert s.persons == ["jon", "beth"]
    # the new, unconfirmed concerns are questions, not new grounds for the duty
    assert s.rule_ids == ["cw_duty_violence"]
    assert {"cw_unclear_suspicion", "cw_unclear_care_concern"} <= {
        q.rule_id for q in a.questions if q.settles == "notify_child_welfare"
    }


# -- phase 3: a year later ------------------------------------------------------------------
def test_phase3_no_duty_to_inform() -> None:
    a = _assess("phase3")
    assert a.suggestion("notify_child_welfare") is None
    assert not [r for r in a.fired if r.startswith("cw_duty_")]
    assert a.suggestion("notify_police") is None


def test_phase3_substance_followup_for_maria() -> None:
    (s,) = _for(_assess("phase3"), "substance_followup", "maria")
    assert "substance_relapse_followup" in s.rule_ids
    assert s.requires_consent is True


def test_phase3_talk_with_jon() -> None:
    (s,) = _for(_assess("phase3"), "talk_with_child", "jon")
    assert "children_distress_talk" in s.rule_ids
    assert s.persons == ["jon"]


def test_phase3_support_for_the_brothers_family() -> None:
    a = _assess("phase3")
    s = a.suggestion("network_support")
    assert s is not None
    assert {"maria_brother", "maria_sister_in_law"} <= set(s.persons)
    assert "extended_family_carers" in s.rule_ids


def test_phase3_housing_assistance_for_maria() -> None:
    (s,) = _for(_assess("phase3"), "housing_assistance", "maria")
    refs = {ref.provision for ref in s.legal_basis}
    assert "sotjl_15" in refs
    assert "boligsosial_lov_6" not in refs  # 2019: the housing act is not yet in force


def test_phase3_asks_whether_child_welfare_is_involved() -> None:
    a = _assess("phase3")
    (q,) = [q for q in a.questions if q.rule_id == "children_living_apart_cw_unknown"]
    assert q.persons == ["jon", "beth"]
    assert "barnevernstjenesten" in q.text.nb
    assert "child welfare" in q.text.en


def test_phase3_question_does_not_send_the_children_home_to_separated_parents() -> None:
    a = _assess("phase3")
    (q,) = [q for q in a.questions if q.rule_id == "children_living_apart_cw_unknown"]
    assert "Maria og David" not in q.text.nb
    assert "Maria and David" not in q.text.en


def test_phase3_does_not_present_tomas_year_old_reports_as_current() -> None:
    """The vignette says nothing about Tomas in phase 3: his job loss and depression, reported
    by Maria a year earlier, are history, and the phase asks what Nav knows about him now."""
    a = _assess("phase3")
    assert not [q for q in a.questions if "tomas" in q.persons]
    # The one suggestion about him rests on Maria's current housing concern (he lives with
    # her), not on his own year-old reports.
    about_tomas = [s for s in a.suggestions if "tomas" in s.persons]
    assert [(s.measure, s.rule_ids) for s in about_tomas] == [
        ("housing_assistance", ["housing_assistance_young_adult_in_household"])
    ]
    sources = {src for s in about_tomas for r in s.reasons for src in r.sources}
    assert {src for src in sources if src.startswith("concern:")} == {"concern:c_maria_housing"}
    phase = next(p for p in _scenario().phases if p.id == "phase3")
    assert any("Tomas" in q.nb and "Tomas" in q.nn and "Tomas" in q.en for q in phase.questions)


# -- texts ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("phase", PHASES)
def test_every_suggestion_has_text_in_every_language(phase: str, lang: str) -> None:
    a = _assess(phase)
    assert a.suggestions
    for s in a.suggestions:
        assert s.label.get(lang).strip(), s  # type: ignore[arg-type]
        assert s.reasons, s
        for reason in s.reasons:
            text = reason.text.get(lang)  # type: ignore[arg-type]
            assert text.strip(), (s, reason.rule_id)
            assert "{" not in text
            assert "}" not in text
            assert reason.title.get(lang).strip()  # type: ignore[arg-type]
    for q in a.questions:
        assert q.text.get(lang).strip()  # type: ignore[arg-type]
        assert "{" not in q.text.get(lang)  # type: ignore[arg-type]
    rendered = render_assessment(a, lang)  # type: ignore[arg-type]
    for s in a.suggestions:
        assert s.label.get(lang) in rendered  # type: ignore[arg-type]


@pytest.mark.parametrize("phase", PHASES)
def test_reasons_are_translated(phase: str) -> None:
    for s in _assess(phase).suggestions:
        for reason in s.reasons:
            assert reason.text.nb != reason.text.en, reason.rule_id
