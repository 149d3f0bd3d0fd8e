"""``familycase card``: one A4 case card per phase, with the summary box, a compact ecomap and
the responsibility grid as a picture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import familycase
from familycase.cli import main
from familycase.errors import UsageError
from familycase.render.card import card_html, cards_document, grid_svg
from familycase.rules.vocabulary import Vocabularies

ROOT = Path(__file__).resolve().parents[2]
VIGNETTE = str(ROOT / "scenarios" / "maria_and_david.yaml")
CASE_FILE = str(ROOT / "tests" / "fixtures" / "cases" / "odd_name.yaml")


def test_card_writes_one_card_per_phase(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "card.html"
    assert main(["card", VIGNETTE, "--phase", "phase2", "-o", str(target), "--lang", "en"]) == 0
    assert capsys.readouterr() == ("", "")
    page = target.read_text(encoding="utf-8")
    assert page.count('class="fc fc-card"') == 1
    assert "Phase 2 – The mental health service calls" in page
    assert "@page{size:A4" in page
    assert page.count("<svg") == 2  # the ecomap and the grid
    assert main(["card", VIGNETTE, "-o", str(target)]) == 2  # never over a file
    assert "--force" in capsys.readouterr().err
    assert main(["card", VIGNETTE, "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").count('class="fc fc-card"') == 3
    assert main(["card", VIGNETTE, "--phase", "phase1"]) == 0  # to standard output
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["card", CASE_FILE], "not a scenario"),
        (["card", VIGNETTE, "-o", "card.pdf"], "ending in .html"),
        (["card", VIGNETTE, "--phase", "phase9"], "phase9"),
    ],
)
def test_card_errors_are_one_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert said in err
    assert "Traceback" not in err


def test_the_grid_marks_duties_and_cuts_no_name(
    vignette: familycase.Scenario, vocab: Vocabularies
) -> None:
    a = familycase.evaluate(vignette.case_at("phase1"))
    svg = grid_svg(a, "en", vocab)
    assert "…" not in svg
    assert "width=" not in svg.split(">", 1)[0].replace("max-width", "")
    for service in {e.service for e in a.responsibility}:
        assert f"<title>{vocab.services.label(service, 'en')}</title>" in svg
    rings = re.findall(r'stroke="#b42318" stroke-width="3"', svg)
    duty_cells = {(p, s.responsible) for s in a.duties for p in s.persons}
    assert len(rings) == len(duty_cells) == 2  # Jon and Beth: the report to child welfare


def test_card_arguments(vignette: familycase.Scenario) -> None:
    with pytest.raises(UsageError, match="PhaseView"):
        card_html(vignette)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="at least one phase"):
        cards_document([])


#: The printable page: A4 landscape less 10 mm margins, in CSS pixels.
PAGE_W, PAGE_H = 277 / 25.4 * 96, 190 / 25.4 * 96


def _box(svg: str) -> tuple[float, float]:
    root = svg.split(">", 1)[0]
    width, height = re.findall(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', root)[0]
    return float(width), float(height)


def _card_pictures() -> list[tuple[str, str, float]]:
    """Every picture of every shipped card (scenario, phase, language): its name, the SVG
    and the width it prints at (px), read from the card as Chromium lays it out: the map
    at its figure's width, the grid at its box's, a legend across the page or across the
    side column (beside the map)."""
    out = []
    for path in sorted(Path(VIGNETTE).parent.glob("*.yaml")):
        scenario = familycase.load_scenario(path)
        for lang in ("nb", "nn", "en"):
            for view in scenario.play(lang):
                name = f"{scenario.id}/{view.phase.id}/{lang}"
                page = card_html(view)
                maps = re.findall(
                    r'<figure class="fc-card-map" style="width:([\d.]+)px">'
                    r"<figcaption>[^<]*</figcaption>(<svg.*?</svg>)",
                    page,
                    re.S,
                )
                assert len(maps) == 1, name
                map_w = float(maps[0][0])
                out.append((f"{name}/map", maps[0][1], map_w))
                grids = re.findall(r'<div style="width:([\d.]+)px">(<svg.*?</svg>)', page, re.S)
                assert len(grids) == 1, name
                out.append((f"{name}/grid", grids[0][1], float(grids[0][0])))
                legends = re.findall(r'<figure class="fc-card-legend">(<svg.*?</svg>)', page, re.S)
                for legend in legends:
                    beside = page.index(legend) < page.index('class="fc-card-map"')
                    room = PAGE_W - 4 / 25.4 * 96 - map_w if beside else PAGE_W
                    out.append((f"{name}/legend", legend, room))
    return out


@pytest.mark.parametrize(("name", "svg", "room"), _card_pictures())
def test_every_card_picture_is_legible_in_print(name: str, svg: str, room: float) -> None:
    """Printed on the card, each picture's smallest text (the map's, the grid's, and a
    legend drawn apart from its map) is 7 pt or more, it fits the page, and nothing in it
    is cut."""
    width, height = _box(svg)
    scale = min(1.0, room / width)  # width:100% of its box, never above its own size
    smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg))
    assert smallest * 0.75 * scale >= 6.99, f"{name}: {smallest * 0.75 * scale:.2f} pt"
    assert height * scale <= PAGE_H, name
    assert "…" not in svg


def test_the_grid_numbers_its_columns_in_a_key(
    vignette: familycase.Scenario, vocab: Vocabularies
) -> None:
    """The grid's columns are numbered, and the key under or beside it names each service
    in full, in the reader's language; a narrow room puts the key under the grid."""
    a = familycase.evaluate(vignette.case_at("phase2"))
    services = list(dict.fromkeys(e.service for e in a.responsibility))
    for lang in ("nb", "en"):
        wide, narrow = grid_svg(a, lang, vocab, width=600), grid_svg(a, lang, vocab, width=260)
        for svg in (wide, narrow):
            words = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
            for service in services:
                assert vocab.services.label(service, lang).split()[0] in words
        assert _box(narrow)[1] > _box(wide)[1]  # the key under the grid: taller
        assert _box(narrow)[0] <= 260


def test_the_card_explains_every_cited_provision(vocab: Vocabularies) -> None:
    """Each citation in the duty box carries a number, and the numbered notes under it give
    the provision's title and status: a "partly confirmed" badge is never unexplained."""
    s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    for lang in ("nb", "nn", "en"):
        view = next(iter(s.play(lang)))
        page = card_html(view)
        notes = re.findall(r'<ol class="fc-card-notes">(.*?)</ol>', page, re.S)
        assert len(notes) == 1
        marks = re.findall(r'<sup class="fc-note-ref">(\d+)</sup>', page)
        assert marks
        assert sorted(set(map(int, marks))) == list(range(1, notes[0].count("<li>") + 1))
        partly = vocab.terms["verification"].label("partly", lang)
        assert partly in notes[0]
        assert vocab.texts(lang)("badge_none_means") in page
