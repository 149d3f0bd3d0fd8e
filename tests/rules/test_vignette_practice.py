"""What the Nav social workers in the study proposed for the reference vignette
(shared/domain/vignette.md, "What the Nav social workers in the study proposed"), checked
against familycase's suggestions phase by phase.

Each proposal lists the phase(s) whose facts support it and the measure(s) that answer it.
At least 17 of the 20 must be suggested in one of their phases; the test prints which are
missing. The informants did not all agree and not every measure fits every phase, so a
proposal no phase supports (work training for Maria: in phase 3 she still shows signs of
relapse and has no secure home) is listed with no phase and counts as missing.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import familycase
from familycase import Assessment

WORK_MEASURES = ("work_oriented_followup", "work_training", "qualification_programme")


class Proposal(NamedTuple):
    person: str  # whose proposal ('' for the family as a whole)
    what: str
    measures: tuple[str, ...]
    phases: tuple[str, ...]
    persons: tuple[str, ...] = ()  # whom the suggestion must concern (default: `person`)


PROPOSALS: tuple[Proposal, ...] = (
    # Maria
    Proposal(
        "maria",
        "substance-use treatment",
        ("substance_treatment_referral", "substance_followup"),
        ("phase3",),
    ),
    Proposal("maria", "moving (housing)", ("housing_assistance",), ("phase3",)),
    Proposal("maria", "family counselling", ("family_counselling",), ("phase3",)),
    Proposal("maria", "a crisis centre", ("crisis_centre_referral",), ("phase1", "phase2")),
    Proposal("maria", "an individual plan", ("individual_plan",), ("phase2", "phase3")),
    Proposal("maria", "work training once her crisis is over", ("work_training",), ()),
    Proposal("maria", "a responsibility group", ("responsibility_group",), ("phase3",)),
    # David
    Proposal("david", "parenting support", ("parenting_support",), ("phase1", "phase2")),
    Proposal(
        "david",
        "counselling about his work",
        ("financial_counselling", "work_oriented_followup"),
        ("phase1", "phase2", "phase3"),
    ),
    Proposal("david", "a GP", ("gp_consultation",), ("phase1", "phase2")),
    Proposal("david", "Alternative to Violence", ("violence_treatment",), ("phase1", "phase2")),
    # Tomas
    Proposal("tomas", "a responsibility group", ("responsibility_group",), ("phase1", "phase2")),
    Proposal("tomas", "youth follow-up", ("youth_followup",), ("phase1", "phase2")),
    Proposal("tomas", "his own finances", ("financial_assistance",), ("phase1", "phase2")),
    Proposal("tomas", "housing", ("housing_assistance",), ("phase3",)),
    # Jon and Beth
    Proposal("jon", "the duty to inform child welfare", ("notify_child_welfare",), ("phase1",)),
    Proposal("beth", "the duty to inform child welfare", ("notify_child_welfare",), ("phase1",)),
    # the family
    Proposal(
        "",
        "the extended family as a resource",
        ("network_support",),
        ("phase1", "phase3"),
        persons=("maria_brother", "maria_sister_in_law"),
    ),
    Proposal(
        "", "clarifying acute safety first", ("assess_acute_safety",), ("phase1",), ("maria",)
    ),
    Proposal(
        "",
        "clarifying the children's situation first",
        ("map_childrens_situation",),
        ("phase1", "phase2", "phase3"),
        persons=("jon", "beth"),
    ),
)


@functools.cache
def _assess(phase: str) -> Assessment:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    return familycase.evaluate(scenario.case_at(phase))


def _met(p: Proposal) -> bool:
    persons = p.persons or (p.person,)
    for phase in p.phases:
        for s in _assess(phase).suggestions:
            if s.measure in p.measures and all(pid in s.persons for pid in persons):
                return True
    return False


def test_the_list_has_the_twenty_proposals() -> None:
    assert len(PROPOSALS) == 20
    assert len({(p.person, p.what) for p in PROPOSALS}) == 20


def test_familycase_suggests_at_least_17_of_the_20_proposals() -> None:
    missing = [f"{p.person or 'family'}: {p.what}" for p in PROPOSALS if not _met(p)]
    met = len(PROPOSALS) - len(missing)
    print(f"\nvignette proposals met: {met}/{len(PROPOSALS)}; missing: {missing}")
    assert met >= 17, missing


def test_a_proposal_is_not_met_in_a_phase_without_it() -> None:
    # the check can fail: a proposal looked for in a phase that does not support it
    assert not _met(Proposal("maria", "housing in phase 1", ("housing_assistance",), ("phase1",)))


def test_never_a_duty_about_tomas() -> None:
    for phase in ("phase1", "phase2", "phase3"):
        a = _assess(phase)
        assert not [s for s in a.suggestions if s.obligation == "duty" and "tomas" in s.persons]
        assert not [d for d in a.unclear_duties if "tomas" in d.persons]


def test_never_a_child_coordinator() -> None:
    for phase in ("phase1", "phase2", "phase3"):
        assert _assess(phase).suggestion("child_coordinator") is None


def test_no_work_oriented_measure_for_maria_in_phase1() -> None:
    a = _assess("phase1")
    assert not [s for s in a.suggestions if s.measure in WORK_MEASURES and "maria" in s.persons]
