"""The one-minute report in headless Chromium at 1366×768 (Debian's ``chromium``).

The first screen of each vignette phase shows the phase title, every duty in the summary
and the questions to clarify now; inside a dark notebook theme the report keeps its own
light sheet, its left-aligned cells and readable colours. Skipped only where chromium is not
installed and not in CI (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import familycase
from familycase.render.html import document, phase_html

from .chromium import HEIGHT, WIDTH, chromium, measure, pdf_pages, png_size, screenshot
from .colours import contrast

pytestmark = pytest.mark.skipif(
    chromium() is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed here (apt-get install chromium); CI installs it",
)

BOXES = {
    "title": ".fc h2",
    "duties": ".fc-summary .fc-d",
    "clarify": ".fc-summary .fc-ask",
}


def _page(view: familycase.render.player.PhaseView) -> str:  # type: ignore[name-defined]
    return document(phase_html(view), view.title, view.lang)


@pytest.fixture(scope="module")
def views(vignette: familycase.Scenario) -> list[object]:
    return list(vignette.play("nb"))


@pytest.mark.parametrize(("index", "lang"), [(0, "nb"), (1, "nb"), (2, "nb"), (0, "en"), (1, "nn")])
def test_the_first_screen_shows_title_duties_and_urgent_questions(
    vignette: familycase.Scenario, index: int, lang: str, tmp_path: Path
) -> None:
    view = list(vignette.play(lang))[index]  # type: ignore[arg-type]
    found = measure(_page(view), tmp_path, BOXES)  # type: ignore[arg-type]
    assert found["width"] == WIDTH
    boxes = found["boxes"]
    assert len(boxes["title"]) == 1
    a = view.assessment  # type: ignore[attr-defined]
    board = {(d.measure, d.status) for d in a.duty_board}
    assert len(boxes["duties"]) >= len({m for m, _ in board}) > 0
    urgent = [q for q in a.questions if q.urgency == "immediate"]
    assert bool(boxes["clarify"]) == bool(urgent)
    for name, found_boxes in boxes.items():
        for top, bottom, left, right in found_boxes:
            assert top >= 0, f"{name} starts above the page"
            assert bottom <= HEIGHT, f"{name} ends at {bottom:.0f} px, below the first screen"
            assert left >= 0, f"{name} is cut on the left"
            assert right <= WIDTH, f"{name} is cut on the right"


#: What JupyterLab's dark theme does to HTML output: a black page, light text, right-aligned
#: and striped table cells (its .jp-RenderedHTMLCommon rules).
DARK_HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{background:#111;color:#ddd}
.jp-RenderedHTMLCommon h2,.jp-RenderedHTMLCommon h3,.jp-RenderedHTMLCommon p{color:#eee}
.jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{text-align:right;border:none}
.jp-RenderedHTMLCommon tbody tr:nth-child(odd){background:#222}
.jp-RenderedHTMLCommon table{table-layout:fixed}
</style></head><body><div class="jp-RenderedHTMLCommon">%s</div></body></html>"""


def test_a_dark_notebook_theme_keeps_the_report_readable(
    views: list[object], tmp_path: Path
) -> None:
    page = DARK_HOST % phase_html(views[0])  # type: ignore[arg-type]
    found = measure(
        page,
        tmp_path,
        {},
        {"text": ".fc h2, .fc h3, .fc td, .fc li, .fc p", "cells": ".fc td, .fc th"},
    )
    assert found["styles"]["text"]
    for style in found["styles"]["text"]:
        ratio = contrast(style["color"], style["background"])
        assert ratio >= 4.5, f"{style} has contrast {ratio:.1f}"
    assert {s["align"] for s in found["styles"]["cells"]} == {"left"}


def test_a_screenshot_is_the_first_screen(views: list[object], tmp_path: Path) -> None:
    png = screenshot(_page(views[0]), tmp_path, "phase1")  # type: ignore[arg-type]
    assert png_size(png) == (WIDTH, HEIGHT)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_case_card_prints_on_one_a4_page(lang: str, tmp_path: Path) -> None:
    """Every card (each shipped scenario, each phase) starts a page and fits on it: the
    cards of all scenarios in one language print on exactly as many pages as there are
    cards, so a card that needs two pages fails."""
    from familycase.render.card import cards_document

    views = [
        view
        for path in sorted(familycase.scenario_path("maria_and_david").parent.glob("*.yaml"))
        for view in familycase.load_scenario(path).play(lang)
    ]
    assert len(views) > 7  # every scenario, more than one phase each
    assert pdf_pages(cards_document(views), tmp_path) == len(views)
