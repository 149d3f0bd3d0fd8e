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


#: The card is 190 mm wide (A4 less 10 mm margins): 718 CSS pixels.
CARD_PX = 190 / 25.4 * 96


def _card_maps() -> list[tuple[str, str]]:
    out = []
    for path in sorted(Path(VIGNETTE).parent.glob("*.yaml")):
        scenario = familycase.load_scenario(path)
        for lang in ("nb", "nn", "en"):
            for view in scenario.play(lang):
                page = card_html(view)
                found = re.findall(
                    r"<figure><figcaption>[^<]*</figcaption>(<svg.*?</svg>)", page, re.S
                )
                assert len(found) == 1
                out.append((f"{scenario.id}/{view.phase.id}/{lang}", found[0]))
    return out


@pytest.mark.parametrize(("name", "svg"), _card_maps())
def test_the_card_ecomap_is_legible_in_print(name: str, svg: str) -> None:
    """Printed across the card, the ecomap's smallest text is 7 pt or more, and it fits on
    one page (its figure is never split)."""
    root = svg.split(">", 1)[0]
    width, height = map(float, re.findall(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', root)[0])
    scale = min(1.0, CARD_PX / width)  # width:100%, never above its own size
    smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg))
    assert smallest * 0.75 * scale >= 7.0, f"{name}: {smallest * 0.75 * scale:.1f} pt"
    assert height * scale <= 277 / 25.4 * 96, name
    assert "…" not in svg
