"""The player's "what changed" lines: every changed fact that matters, in nb, nn and en,
with names and vocabulary labels (tests/render/data/grandmother.yaml: a grandmother cares
for two grandchildren while their mother is in treatment)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import familycase
from familycase.render.player import PhaseView, SuggestionChange, case_changes, describe
from familycase.render.text import render_assessment, render_case

SCENARIO = Path(__file__).parent / "data" / "grandmother.yaml"

PHASE1 = {
    "nb": [
        "Ny bekymring: rusproblem – Linn (meldt)",
        "Ny tjeneste: skole – Emil (aktiv)",
        "Samtykke gitt av Linn: deling med barnevernstjenesten (gjelder Emil og Sara)",
    ],
    "nn": ["Samtykke gitt av Linn: deling med barnevernstenesta (gjeld Emil og Sara)"],
    "en": ["Consent given by Linn: sharing with child welfare service (about Emil and Sara)"],
}

PHASE2 = {
    "nb": [
        "Samtykke trukket tilbake av Linn: deling med barnevernstjenesten (gjelder Emil og Sara)",
        "rusproblem – Linn: nå alvorlig",
        "rusproblem – Linn: nå bekreftet",
        "rusproblem – Linn: utsatt nå: Emil",
        "Relasjonen Berit – Linn (forelder): nå støttende",
        "tverrfaglig spesialisert rusbehandling (TSB) – Linn: nå koordinator",
    ],
    "nn": [
        "Samtykke trekt tilbake av Linn: deling med barnevernstenesta (gjeld Emil og Sara)",
        "rusproblem – Linn: no alvorleg",
        "rusproblem – Linn: no stadfesta",
        "rusproblem – Linn: utsett no: Emil",
        "Relasjonen Berit – Linn (forelder): no støttande",
        "tverrfagleg spesialisert rusbehandling (TSB) – Linn: no koordinator",
    ],
    "en": [
        "Consent withdrawn by Linn: sharing with child welfare service (about Emil and Sara)",
        "substance-use problem – Linn: now serious",
        "substance-use problem – Linn: now confirmed",
        "substance-use problem – Linn: exposed now: Emil",
        "Tie Berit – Linn (parent): now supportive",
        "specialised substance-use treatment (TSB) – Linn: now the coordinator",
    ],
}


@pytest.fixture(scope="module")
def scenario() -> familycase.Scenario:
    return familycase.load_scenario(SCENARIO)


def play(scenario: familycase.Scenario, lang: str) -> list[PhaseView]:
    return list(scenario.play(lang))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_phase2_lists_every_changed_fact(scenario: familycase.Scenario, lang: str) -> None:
    views = play(scenario, lang)
    lines = views[1].changes.case
    for expected in PHASE2[lang]:
        assert expected in lines, (expected, lines)
    text = views[1].text()
    assert PHASE2[lang][0] in text
    for line in lines:  # names and labels, never ids
        for ident in ("linn", "k_linn_cw", "c_linn_sub", "s_linn_tsb", "child_welfare"):
            assert ident not in line


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_phase1_lists_what_it_added(scenario: familycase.Scenario, lang: str) -> None:
    first = play(scenario, lang)[0]
    assert first.changes.first
    for expected in PHASE1[lang]:
        assert expected in first.changes.case, (expected, first.changes.case)
    text = first.text()
    assert PHASE1[lang][-1] in text
    assert first.vocabularies.text("first_phase").get(lang) in text  # type: ignore[arg-type]
    assert PHASE1[lang][-1] in first._repr_html_()
    # the base case (persons, households, the mother's tie) is not news
    assert not any("Berit – Linn" in line for line in first.changes.case)


def test_a_new_coordinator_service_says_so(scenario: familycase.Scenario) -> None:
    case = scenario.case_at("phase1")
    services = [s.model_copy(update={"coordinator": True}) for s in case.services]
    later = case.model_copy(update={"services": services})
    lines = case_changes(case, later, "en")
    assert "school – Emil: now the coordinator" in lines
    assert case_changes(later, case, "en")[-1] == "school – Emil: no longer the coordinator"


SHOW = {
    "nb": (
        "Linn → barnevernstjenesten (gjelder Emil og Sara; trukket tilbake 2025-01-20)",
        "tverrfaglig spesialisert rusbehandling (TSB) – Linn (aktiv, koordinator)",
    ),
    "nn": (
        "Linn → barnevernstenesta (gjeld Emil og Sara; trekt tilbake 2025-01-20)",
        "tverrfagleg spesialisert rusbehandling (TSB) – Linn (aktiv, koordinator)",
    ),
    "en": (
        "Linn → child welfare service (about Emil and Sara; withdrawn 2025-01-20)",
        "specialised substance-use treatment (TSB) – Linn (active, coordinator)",
    ),
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_show_marks_a_withdrawn_consent_and_the_coordinator(
    scenario: familycase.Scenario, lang: str
) -> None:
    consent, coordinator = SHOW[lang]
    later = render_case(scenario.case_at("phase2"), lang)  # type: ignore[arg-type]
    assert f"  {consent}\n" in later
    assert f"  {coordinator}\n" in later
    earlier = render_case(scenario.case_at("phase1"), lang)  # type: ignore[arg-type]
    assert f"  {consent.split(';')[0]})\n" in earlier  # held: no date
    assert coordinator not in earlier


def test_show_command_marks_a_withdrawn_consent(capsys: pytest.CaptureFixture[str]) -> None:
    from familycase.cli import main

    main(["show", str(SCENARIO), "--phase", "phase2", "--lang", "en"])
    assert SHOW["en"][0] in capsys.readouterr().out


def test_a_consent_not_yet_given_says_when(scenario: familycase.Scenario) -> None:
    case = scenario.case_at("phase1")

    soon = [k.model_copy(update={"given_on": dt.date(2025, 2, 1)}) for k in case.consents]
    text = render_case(case.model_copy(update={"consents": soon}), "en")
    assert "(about Emil and Sara; given 2025-02-01)" in text


TIES = {
    "nb": (
        "Ny relasjon: Berit, midlertidig omsorgsperson for Emil og Sara",
        "Ny relasjon: Linn – Ola (partner/samboer)",
        "Ny relasjon: Ola – Emil (venn)",
        "Relasjonen er avsluttet: Berit – Emil og Sara (midlertidig omsorgsperson)",
        "Relasjonen er avsluttet: Linn – Ola (partner/samboer)",
    ),
    "nn": (
        "Ny relasjon: Berit, mellombels omsorgsperson for Emil og Sara",
        "Ny relasjon: Linn – Ola (partnar/sambuar)",
        "Ny relasjon: Ola – Emil (ven)",
        "Relasjonen er avslutta: Berit – Emil og Sara (mellombels omsorgsperson)",
        "Relasjonen er avslutta: Linn – Ola (partnar/sambuar)",
    ),
    "en": (
        "New tie: Berit, temporary carer of Emil and Sara",
        "New tie: Linn – Ola (partner)",
        "New tie: Ola – Emil (friend)",
        "Tie ended: Berit – Emil and Sara (temporary carer)",
        "Tie ended: Linn – Ola (partner)",
    ),
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_ties_read_right_for_one_and_several(scenario: familycase.Scenario, lang: str) -> None:
    first, second = play(scenario, lang)
    *new, ended_several, ended_one = TIES[lang]
    for line in new:
        assert line in first.changes.case, (line, first.changes.case)
    assert ended_several in second.changes.case
    assert ended_one in second.changes.case


@pytest.mark.parametrize(
    ("lang", "family"),
    [("nb", "hele familien"), ("nn", "heile familien"), ("en", "the whole family")],
)
def test_a_family_suggestion_continues_the_line_in_lower_case(
    scenario: familycase.Scenario, lang: str, family: str
) -> None:
    view = play(scenario, lang)[0]
    s = view.assessment.suggestions[0].model_copy(update={"persons": []})
    line = describe(SuggestionChange("new", s.measure, (), None, s), view)
    assert line.startswith(f"{s.label.get(lang)} – {family} (")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_assessment_heading_names_the_phase(scenario: familycase.Scenario, lang: str) -> None:
    view = play(scenario, lang)[0]
    heading = f"{view.vocabularies.text('assessment').get(lang)}: {view.title} · "  # type: ignore[arg-type]
    assert heading in view.text()
    assert ": grandmother ·" not in view.text()
    assert view.title == view._repr_html_().split("<h2>", 1)[1].split("</h2>", 1)[0]
    # outside the player, the case id remains
    assert ": grandmother · " in render_assessment(view.assessment, lang)  # type: ignore[arg-type]
