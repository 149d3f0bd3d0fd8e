"""The scenario player: one view per phase, what changed, deterministic, ids in reprs."""

from __future__ import annotations

import pytest

import familycase
from familycase.render.player import PhaseView, case_changes, compare
from familycase.render.responsibility import responsibility_table, responsibility_text
from familycase.rules.vocabulary import Vocabularies


@pytest.fixture(scope="module")
def views(vignette: familycase.Scenario) -> list[PhaseView]:
    return list(vignette.play("nb"))


def test_one_view_per_phase(vignette: familycase.Scenario, views: list[PhaseView]) -> None:
    assert [(v.index, v.phase.id) for v in views] == [(1, "phase1"), (2, "phase2"), (3, "phase3")]
    for view, phase in zip(views, vignette.phases, strict=True):
        assert view.narrative == phase.narrative.nb
        assert view.questions == tuple(q.nb for q in phase.questions)
        assert view.case == vignette.case_at(phase.id)
        assert view.assessment == familycase.evaluate(view.case)
        assert view.ecomap.startswith("<svg")
        assert phase.title.nb in view.ecomap


def test_first_phase_everything_is_new(views: list[PhaseView]) -> None:
    first = views[0].changes
    assert first.first
    # the first phase lists what it added to the base case (docs/scenarios.md §3)
    assert "Ny tjeneste: Nav-kontoret – Maria (aktiv)" in first.case
    assert not any("Ny person" in line or "Bor nå" in line for line in first.case)
    assert [c.suggestion for c in first.new] == views[0].assessment.suggestions
    assert first.withdrawn == first.changed == ()


def test_phase3_shows_the_move_and_the_ended_treatment(views: list[PhaseView]) -> None:
    lines = views[2].changes.case
    assert "Bor nå sammen: Maria og Tomas" in lines
    assert "David bor nå uten andre i saken" in lines
    assert "Bor nå sammen: Jon, Beth, Marias bror og Marias svigerinne" in lines
    assert "Relasjonen er avsluttet: Maria – David (partner/samboer)" in lines
    assert "Ny tjeneste: tverrfaglig spesialisert rusbehandling (TSB) – Maria (avsluttet)" in lines
    assert "Ny relasjon: Marias bror, midlertidig omsorgsperson for Jon og Beth" in lines


def test_phase3_withdraws_the_duty_to_inform(views: list[PhaseView]) -> None:
    withdrawn = {(c.measure, c.persons) for c in views[2].changes.withdrawn}
    assert ("notify_child_welfare", ("jon", "beth")) in withdrawn
    assert not views[2].assessment.duties


def test_compare_matches_by_measure_and_persons(
    assessments: dict[str, familycase.Assessment],
) -> None:
    a = assessments["phase1"]
    first, second, *rest = a.suggestions
    urgent = "planned" if second.urgency != "planned" else "immediate"
    moved = first.model_copy(update={"persons": [*first.persons, "tomas"]})
    b = a.model_copy(update={"suggestions": [moved, second.model_copy(update={"urgency": urgent})]})
    new, withdrawn, changed = compare(a, b)
    assert [(c.measure, c.persons) for c in new] == [(moved.measure, tuple(moved.persons))]
    assert [c.suggestion for c in withdrawn] == [first, *rest]
    assert [(c.measure, c.fields) for c in changed] == [(second.measure, ("urgency",))]
    assert compare(a, a) == ((), (), ())
    other_law = second.model_copy(update={"legal_basis": []})
    c = a.model_copy(update={"suggestions": [first, other_law, *rest]})
    expected = ("legal_basis",) if second.legal_basis else ()
    assert [ch.fields for ch in compare(a, c)[2]] == ([expected] if expected else [])


def test_case_changes_need_a_previous_case(vignette: familycase.Scenario) -> None:
    assert case_changes(None, vignette.case_at("phase1")) == []
    assert case_changes(vignette.case_at("phase1"), vignette.case_at("phase1")) == []


def test_play_is_deterministic(vignette: familycase.Scenario) -> None:
    first = [v.text() for v in vignette.play("en")]
    again = [v.text() for v in vignette.play("en")]
    assert first == again
    assert "Changes since the previous phase" in first[1]


def test_text_and_html(views: list[PhaseView], vocab: Vocabularies) -> None:
    text = views[2].text()
    assert text.index(views[2].title) < text.index(vocab.text("changes_since").nb)
    assert "  1. " + views[2].questions[0] in text
    assert "- melding til barnevernstjenesten – Jon og Beth" in text
    html = views[2]._repr_html_()
    assert views[2].ecomap in html
    assert vocab.text("suggestions_withdrawn").nb in html


def test_reprs_name_ids_only(views: list[PhaseView]) -> None:
    assert repr(views[0]) == "PhaseView(index=1, phase='phase1', lang='nb')"
    for change in views[2].changes.withdrawn:
        assert "Jon" not in repr(change)
    assert "Maria" not in repr(views[2].changes)


def test_responsibility_flags(assessments: dict[str, familycase.Assessment]) -> None:
    table = responsibility_table(assessments["phase3"])
    # the school holds no measure, but cooperates on the talk with Jon: not idle
    assert table.cell("jon", "school").cooperates == ("talk_with_child",)
    assert not table.cell("jon", "school").idle
    assert table.cell("beth", "school").idle  # involved with Beth, nothing to do for her
    assert "school" not in table.idle_services
    assert not table.unserved
    assert "samarbeider om: samtale med barnet" in responsibility_text(assessments["phase3"])
    empty = assessments["phase1"].model_copy(update={"responsibility": [], "suggestions": []})
    bare = responsibility_table(empty)
    assert {"jon", "beth", "maria", "david", "tomas"} <= set(bare.unserved)
    assert "maria_mother" not in bare.unserved  # no concerns, not a child
    assert "nav_office" in bare.idle_services
    text = responsibility_text(empty, "en")
    assert "! no responsible service" in text
