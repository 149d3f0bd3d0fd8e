"""The ecomap on paper and for every eye: it scales (a viewBox, no fixed size), no label is
cut, the legend lists only the symbols drawn, violence is drawn with its direction, the
coordinator is marked, and the colours meet WCAG AA and stay apart in colour-vision
deficiencies. Every shipped map in every language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

import pytest

import familycase
from familycase.render import _draw
from familycase.render.svg import ecomap_svg
from familycase.rules.vocabulary import Vocabularies

from .colours import VISION, contrast, delta_e

#: A4 less 10 mm margins, in CSS pixels (96 per inch): the printable area.
A4_SHORT, A4_LONG = 190 / 25.4 * 96, 277 / 25.4 * 96


def _shipped() -> Iterator[tuple[str, str, str, str]]:
    """Every shipped map: each phase of each scenario in each language, alone (as
    ``familycase ecomap`` draws it) and as the player draws it (in the scenario's frame, with
    what changed since the phase before)."""
    folder = familycase.scenario_path("maria_and_david").parent
    for path in sorted(folder.glob("*.yaml")):
        scenario = familycase.load_scenario(path)
        for lang in ("nb", "nn", "en"):
            for view in scenario.play(lang):
                case, a = view.case, view.assessment
                svg = ecomap_svg(case, lang, assessment=a, title=view.title)
                yield f"{scenario.id}/{view.phase.id}/{lang}", scenario.id, lang, svg
                yield f"{scenario.id}/{view.phase.id}/{lang}/played", scenario.id, lang, view.ecomap


MAPS = list(_shipped())


def _size(svg: str) -> tuple[float, float]:
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def test_every_map_scales_and_cuts_no_label() -> None:
    assert len(MAPS) >= 2 * 42
    for name, _, _, svg in MAPS:
        root = svg.split(">", 1)[0]
        assert "viewBox=" in root
        assert not re.search(r'\s(width|height)="', root), name  # no fixed pixel size
        assert "width:100%" in root
        assert "…" not in svg, f"{name}: a label is cut: {re.findall(r'>([^<]*…)<', svg)}"


def _print_pt(svg: str) -> float:
    """The smallest text on one A4 page, in points, in the better orientation (the map
    shrinks to the page, never grows)."""
    width, height = _size(svg)
    scale = max(min(A4_SHORT / width, A4_LONG / height), min(A4_LONG / width, A4_SHORT / height))
    smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg))
    return smallest * 0.75 * min(scale, 1.0)


@pytest.mark.parametrize(
    ("name", "scenario", "svg"), [(m[0], m[1], m[3]) for m in MAPS], ids=[m[0] for m in MAPS]
)
def test_labels_are_at_least_7_pt_on_a4(name: str, scenario: str, svg: str) -> None:
    assert _print_pt(svg) >= 7.0, f"{name}: {_print_pt(svg):.1f} pt"


def _legend(svg: str) -> str:
    return svg.split('class="fc-legend"', 1)[1]


def _symbols(svg: str) -> set[str]:
    return set(re.findall(r'class="fc-legend-entry" data-symbol="([\w:]+)"', svg))


def test_the_legend_lists_only_the_symbols_drawn() -> None:
    counts = {m[0]: len({s for s in _symbols(m[3]) if not s.startswith("key:")}) for m in MAPS}
    assert max(counts.values()) < 30  # the full legend: 30 symbols, and a key per reporter
    assert min(counts.values()) < max(counts.values())
    for name, _, _, svg in MAPS:
        symbols, drawn = _symbols(svg), svg.split('class="fc-legend"', 1)[0]
        assert ('class="fc-violence"' in drawn) == ("arrow:violence" in symbols), name
        assert ('class="fc-service"' in drawn) == any(s.startswith("service:") for s in symbols)
        assert ('class="fc-household"' in drawn) == ("box" in symbols), name
        assert ('fill="#b42318"/>' in drawn) == ("duty:duty" in symbols), name
        assert ('stroke-dasharray="5 3"/>' in drawn) >= ("card:unknown" in symbols), name


def test_violence_is_drawn_from_whom_against_whom(vignette: familycase.Scenario) -> None:
    phase1 = ecomap_svg(vignette.case_at("phase1"), "en")
    pairs = re.findall(r'class="fc-violence" data-from="(\w+)" data-to="(\w+)"', phase1)
    assert sorted(pairs) == [("david", "beth"), ("david", "jon"), ("david", "maria")]
    assert "David → Maria" in phase1
    phase3 = ecomap_svg(vignette.case_at("phase3"), "en")  # the violence is past
    assert 'class="fc-violence"' not in phase3


def test_the_coordinator_is_marked(vignette: familycase.Scenario, vocab: Vocabularies) -> None:
    case = vignette.case_at("phase2")
    plain = ecomap_svg(case, "nn")
    word = vocab.text("coordinator").nn
    assert f">{word}<" not in plain
    services = [
        s.model_copy(update={"coordinator": True}) if s.service == "nav_office" else s
        for s in case.services
    ]
    marked = ecomap_svg(case.model_copy(update={"services": services}), "nn")
    nav = marked.split('data-id="nav_office"', 1)[1].split("</g>", 1)[0]
    assert f">{word}<" in nav
    assert vocab.text("ecomap_coordinator").nn in _legend(marked)


def test_colours_meet_wcag_aa() -> None:
    for category, colour in _draw.CATEGORY_COLOUR.items():
        assert contrast(colour, _draw.PAPER) >= 4.5, category  # white text on a filled tag
    assert contrast(_draw.HISTORY_INK, _draw.HISTORY_FILL) >= 4.5  # a past concern
    for ground in (_draw.PAPER, _draw.HOUSE_FILL, *_draw.AGE_FILL.values()):
        assert contrast(_draw.MUTED, ground) >= 4.5, ground
        assert contrast(_draw.INK, ground) >= 4.5, ground


@pytest.mark.parametrize("vision", list(VISION))
def test_concern_colours_stay_apart_in_colour_vision_deficiencies(vision: str) -> None:
    for (a, ca), (b, cb) in combinations(_draw.CATEGORY_COLOUR.items(), 2):
        assert delta_e(ca, cb, vision) >= 15, f"{a} and {b} look alike in {vision}"


def test_what_is_new_or_ended_since_the_previous_phase_is_marked(
    vignette: familycase.Scenario, vocab: Vocabularies
) -> None:
    views = list(vignette.play("en"))
    assert not {s for s in _symbols(views[0].ecomap) if s.startswith("change:")}
    assert "tag:new" not in _symbols(views[0].ecomap)  # the first phase compares with nothing
    third = views[2].ecomap
    assert {"change:new", "tag:new"} <= _symbols(third)
    school = third.split('data-id="school"', 1)[1].split("</g>", 1)[1].split("<g", 1)[0]
    assert ">new<" in school  # the school is new in phase 3
    # a service that ended, and a person who joined, against a chosen earlier case
    case = vignette.case_at("phase2")
    ended = [
        s.model_copy(update={"status": "ended"}) if s.service == "nav_office" else s
        for s in case.services
    ]
    fewer = case.model_copy(update={"persons": [p for p in case.persons if p.id != "beth"]})
    svg = ecomap_svg(case.model_copy(update={"services": ended}), "en", since=case)
    assert "change:ended" in _symbols(svg)
    assert "change:new" not in _symbols(svg)
    joined = ecomap_svg(case, "en", since=fewer)
    beth = joined.split('data-id="beth"', 1)[1].split('class="fc-', 1)[0]  # her card
    assert ">new<" in beth
    assert vocab.text("ecomap_new").en in _legend(joined)
