"""The ecomap: well-formed, deterministic, escaped, and it shows the family as it stands."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import familycase
from familycase.render.svg import Layout, ecomap_svg, layout
from familycase.rules.vocabulary import Vocabularies

from .conftest import MARKUP_NAMES

NS = {"svg": "http://www.w3.org/2000/svg"}


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def _groups(root: ET.Element, cls: str) -> dict[str, ET.Element]:
    return {
        g.attrib["data-id"]: g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.attrib.get("class") == cls
    }


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter("{http://www.w3.org/2000/svg}text")]


def _inside(lay: Layout, pid: str, household: str) -> bool:
    card = lay.cards[pid]
    _, x, y, w, h = next(box for box in lay.households if box[0] == household)
    return x <= card.left and card.right <= x + w and y <= card.y and card.bottom <= y + h


@pytest.mark.parametrize("phase", ["phase1", "phase2", "phase3"])
def test_every_person_and_service_is_drawn(vignette: familycase.Scenario, phase: str) -> None:
    case = vignette.case_at(phase)
    root = _tree(ecomap_svg(case, "en"))
    persons = _groups(root, "fc-person")
    assert list(persons) == [p.id for p in case.persons]
    for person in case.persons:
        assert person.name in _texts(persons[person.id])
    services = _groups(root, "fc-service")
    assert set(services) == {s.service for s in case.services}


def test_same_case_same_picture(vignette: familycase.Scenario) -> None:
    case = vignette.case_at("phase3")
    assert ecomap_svg(case, "nn") == ecomap_svg(case, "nn")


def test_phase1_households_side_by_side_adults_above_children(
    vignette: familycase.Scenario,
) -> None:
    lay = layout(vignette.case_at("phase1"))
    boxes = {box[0]: box for box in lay.households}
    assert boxes["home"][1] + boxes["home"][3] < boxes["brother_home"][1]  # side by side
    for pid in ("maria", "david", "jon", "beth", "tomas"):
        assert _inside(lay, pid, "home"), pid
    for pid in ("maria_brother", "maria_sister_in_law"):
        assert _inside(lay, pid, "brother_home"), pid
    cards = lay.cards
    for parent in ("maria", "david"):
        for child in ("jon", "beth", "tomas"):
            assert cards[parent].bottom < cards[child].y
    # Maria's parents, who live in no household, stand above her, outside every box
    assert cards["maria_mother"].bottom < cards["maria"].y
    assert not any(_inside(lay, "maria_mother", box) for box in boxes)
    # Tomas (Maria's son from an earlier relationship) stands on Maria's side
    assert cards["tomas"].x < cards["jon"].x < cards["beth"].x


def test_phase3_shows_who_lives_where_now(vignette: familycase.Scenario) -> None:
    lay = layout(vignette.case_at("phase3"))
    assert _inside(lay, "maria", "maria_flat")
    assert _inside(lay, "tomas", "maria_flat")
    assert _inside(lay, "david", "home")
    assert not _inside(lay, "maria", "home")
    for child in ("jon", "beth"):
        assert _inside(lay, child, "brother_home")
    styles = {(b.sources, b.targets): b for b in lay.bundles}
    carers = styles[(("maria_brother", "maria_sister_in_law"), ("jon", "beth"))]
    assert (carers.style, carers.quality) == ("carer", "supportive")
    former = [b for b in lay.bundles if b.style == "former"]
    assert [set(b.sources + b.targets) for b in former] == [{"maria", "david"}]
    assert not any(b.style == "partner" for b in lay.bundles)
    assert ("maria", "david", "partner", "conflictual") not in lay.couples


def test_services_by_status(vignette: familycase.Scenario) -> None:
    root = _tree(ecomap_svg(vignette.case_at("phase3"), "nb"))
    services = _groups(root, "fc-service")
    rect = services["specialised_substance_treatment"].find("svg:rect", NS)
    assert rect is not None
    assert rect.attrib["stroke-dasharray"] == "2 3"  # ended: faint and dotted
    assert "(avsluttet)" in _texts(services["specialised_substance_treatment"])
    active = services["school"].find("svg:rect", NS)
    assert active is not None
    assert "stroke-dasharray" not in active.attrib
    waiting = _groups(_tree(ecomap_svg(vignette.case_at("phase1"), "nb")), "fc-service")["gp"]
    rect = waiting.find("svg:rect", NS)
    assert rect is not None
    assert rect.attrib["stroke-dasharray"] == "5 3"


def test_services_are_placed_apart(vignette: familycase.Scenario) -> None:
    for phase in vignette.phases:
        lay = layout(vignette.case_at(phase.id))
        boxes = [(n.x - 75, n.y, n.x + 75, n.y + 46) for n in lay.services]
        for i, a in enumerate(boxes):
            assert a[0] >= 0
            assert a[2] <= lay.width
            assert a[1] >= 0
            assert a[3] <= lay.height
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], phase.id


def test_concern_tags_mark_about_and_exposed(vignette: familycase.Scenario) -> None:
    cards = layout(vignette.case_at("phase1"), "en").cards
    david = {(t.label, t.role, t.current) for t in cards["david"].tags}
    assert ("violence", "about", True) in david
    maria = {(t.label, t.role, t.current) for t in cards["maria"].tags}
    assert ("violence", "exposed", True) in maria
    assert ("substances", "about", False) in maria  # her history, in grey
    jon = {(t.label, t.role) for t in cards["jon"].tags}
    assert ("violence", "exposed") in jon
    assert all(role == "exposed" for _, role in jon)
    # suspected concerns end in "?"
    phase2 = layout(vignette.case_at("phase2"), "en").cards
    assert "substances?" in {t.label for t in phase2["maria"].tags}


def test_duties_marked_only_with_an_assessment(
    vignette: familycase.Scenario, assessments: dict[str, familycase.Assessment]
) -> None:
    case = vignette.case_at("phase1")
    plain = layout(case)
    assert not any(c.duty or c.unclear for c in plain.cards.values())
    marked = layout(case, assessment=assessments["phase1"]).cards
    assert marked["jon"].duty
    assert marked["beth"].duty
    assert not marked["tomas"].duty  # an adult: no child-welfare duty
    root = _tree(ecomap_svg(case, "nb", assessment=assessments["phase1"]))
    assert "§" in _texts(_groups(root, "fc-person")["jon"])
    assert "§" not in _texts(_groups(root, "fc-person")["tomas"])


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_labels_come_from_the_vocabularies(
    vignette: familycase.Scenario, vocab: Vocabularies, lang: str
) -> None:
    svg = ecomap_svg(vignette.case_at("phase3"), lang)  # type: ignore[arg-type]
    texts = _texts(_tree(svg))
    assert texts[0].startswith(vocab.text("ecomap").get(lang))  # type: ignore[arg-type]
    for key in ("legend", "household", "ecomap_concern_exposed", "ecomap_parent_child"):
        assert vocab.text(key).get(lang) in texts, key  # type: ignore[arg-type]
    assert vocab.relation_kinds.label("former_partner", lang) in texts  # type: ignore[arg-type]
    assert vocab.terms["relation_quality"].label("supportive", lang) in texts  # type: ignore[arg-type]


def test_names_with_markup_are_text(markup_case: familycase.Case) -> None:
    svg = ecomap_svg(markup_case, "en", title="<i>{title}</i>")
    assert "<script>" not in svg
    assert "<i>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = _tree(svg)
    persons = _groups(root, "fc-person")
    assert _texts(persons["p1"])[0].startswith("<script>alert(")  # shortened to fit
    tip = persons["p1"].find("svg:title", NS)
    assert tip is not None
    assert (tip.text or "").startswith(MARKUP_NAMES["p1"])
    assert MARKUP_NAMES["p2"] in _texts(persons["p2"])
    title = root.find("svg:title", NS)
    assert title is not None
    assert "<i>{title}</i>" in (title.text or "")
    # the long name is shortened on the card, but whole in the tooltip
    tip = persons["p3"].find("svg:title", NS)
    assert tip is not None
    assert (tip.text or "").startswith(MARKUP_NAMES["p3"])
    assert "never shown" not in svg  # free-text notes are never drawn


def test_person_without_relations_or_household() -> None:
    case = familycase.case_from_data(
        {
            "as_of": "2025-01-01",
            "persons": [
                {"id": "a", "name": "A", "age": 30},
                {"id": "b", "name": "B", "age": 3},
                {"id": "c", "name": "C"},
            ],
        }
    )
    lay = layout(case)
    assert lay.cards["a"].y < lay.cards["b"].y  # placed by age: adults above children
    assert lay.households == []
    _tree(ecomap_svg(case))


def test_layout_repr_names_ids_only(markup_case: familycase.Case) -> None:
    text = repr(layout(markup_case))
    assert "p1" in text
    assert "script" not in text
    assert "{x}" not in text
