"""The one-minute report: the summary box first (duties, what to clarify now, who
coordinates), no empty rows, provision titles on hover and in print, a badge legend, styles
that survive notebook themes and print, in HTML, Markdown and text, nb/nn/en."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import familycase
from familycase.cli import main
from familycase.render.html import STYLE, assessment_html, phase_html
from familycase.render.markdown import assessment_markdown
from familycase.render.summary import summarise
from familycase.render.text import render_assessment
from familycase.rules.vocabulary import Vocabularies

from .colours import contrast

LANGS = ("nb", "nn", "en")


def _scenarios() -> list[familycase.Scenario]:
    from familycase.case.scenario import load_scenario

    folder = familycase.scenario_path("maria_and_david").parent
    return [load_scenario(p) for p in sorted(folder.glob("*.yaml"))]


class _Rows(HTMLParser):
    """The cells of each row of the first table after the 'understanding' heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._depth = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _people_rows(page: str) -> list[list[str]]:
    table = page.split("</h3><table>", 2)[1].split("</table>", 1)[0]
    parser = _Rows()
    parser.feed(f"<table>{table}</table>")
    return parser.rows[1:]


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_phase_renders_summary_first(lang: str, vocab: Vocabularies) -> None:
    t = vocab.texts(lang)  # type: ignore[arg-type]
    for scenario in _scenarios():
        for view in scenario.play(lang):  # type: ignore[arg-type]
            page = phase_html(view)
            assert page.index(f"<h2>{_esc(view.title)}</h2>") < page.index('class="fc-summary')
            assert page.index('class="fc-summary') < page.index(_esc(t("understanding")))
            assert page.index(_esc(t("understanding"))) < page.index(_esc(t("suggestions")))
            for row in _people_rows(page):  # no empty rows: a concern, exposure or service
                assert any(row[1:]), f"{scenario.id} {view.phase.id}: empty row {row[0]}"
            md = assessment_markdown(view.assessment, lang, case=view.case)  # type: ignore[arg-type]
            assert (
                md.index(t("summary")) < md.index(t("understanding")) < md.index(t("suggestions"))
            )
            text = view.text()
            assert text.index(t("summary").upper()) < text.index(t("suggestions"))


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_the_summary_lists_every_duty_with_its_status_and_why(
    vignette: familycase.Scenario, vocab: Vocabularies
) -> None:
    case = vignette.case_at("phase1")
    a = familycase.evaluate(case)
    summary = summarise(a, "en", vocab, case=case)
    statuses = {d.status for d in summary.duties}
    assert statuses == {"triggered", "unclear", "not_triggered"}
    unclear = next(d for d in summary.duties if d.status == "unclear")
    assert unclear.details == tuple(q.en for q in a.unclear_duties[0].questions)
    not_triggered = next(d for d in summary.duties if d.status == "not_triggered")
    assert not_triggered.persons == "Tomas"
    assert "young adult" in not_triggered.details[0]
    # the questions that settle a duty are shown with it, not again under "clarify now"
    assert not set(unclear.details) & set(summary.clarify)
    assert len(summary.clarify) == 2
    page = assessment_html(a, "en", case=case)
    box = page.split('class="fc-summary', 1)[1].split("</section>", 1)[0]
    for d in summary.duties:
        assert _esc(d.label) in box
        assert _esc(d.details[0] if d.details else d.persons) in box
    for question in summary.clarify:
        assert _esc(question) in box
    assert _esc(vocab.text("summary_no_coordinator").en) in box


def test_who_coordinates(vignette: familycase.Scenario, vocab: Vocabularies) -> None:
    case = vignette.case_at("phase2")
    a = familycase.evaluate(case)
    nav = next(s for s in case.services if s.service == "nav_office")
    coordinated = case.model_copy(
        update={
            "services": [
                s.model_copy(update={"coordinator": True}) if s is nav else s for s in case.services
            ]
        }
    )
    said = summarise(familycase.evaluate(coordinated), "en", vocab, case=coordinated)
    assert said.coordinator == "Nav office (for Maria)"
    # without the case, the report says what the suggestions say, or nothing
    without = summarise(a, "en", vocab).coordinator
    suggested = a.suggestion("appoint_coordinator")
    if suggested is None:
        assert without is None
    else:
        assert without is not None
        assert suggested.label.en in without


def test_provision_titles_show_on_hover_and_in_print(
    assessments: dict[str, familycase.Assessment],
) -> None:
    a = assessments["phase1"]
    page = assessment_html(a, "nb")
    for ref in (r for s in a.suggestions for r in s.legal_basis):
        assert f'title="{_esc(ref.title.nb)}' in page
    assert '.fc-cite[title]::after{content:" (" attr(title) ")"' in page
    md = assessment_markdown(a, "nb")
    text = render_assessment(a, "nb")
    for ref in (r for s in a.suggestions for r in s.legal_basis):
        assert ref.title.nb in text
        assert ref.title.nb.split(" –")[0] in md


@pytest.mark.parametrize("lang", LANGS)
def test_a_badge_legend_says_no_badge_means_confirmed(
    lang: str, assessments: dict[str, familycase.Assessment], vocab: Vocabularies
) -> None:
    a = assessments["phase1"]
    none = vocab.text("badge_none_means").get(lang)  # type: ignore[arg-type]
    for report in (
        assessment_html(a, lang),  # type: ignore[arg-type]
        assessment_markdown(a, lang),  # type: ignore[arg-type]
        render_assessment(a, lang),  # type: ignore[arg-type]
    ):
        assert _esc(none) in report or none in report
        assert vocab.text("badge_partly").get(lang) in report  # type: ignore[arg-type]


def test_print_styles() -> None:
    assert "@media print" in STYLE
    printed = STYLE.split("@media print", 1)[1]
    assert "break-inside:avoid" in printed
    assert ".fc.fc tr" in printed
    page = familycase.render.html.document("<p>x</p>", "t", "en")
    assert "@page{margin" in page
    assert "size:" not in page


def test_styles_outrank_notebook_tables() -> None:
    """JupyterLab and classic Notebook right-align cells with one class and an element
    (.jp-RenderedHTMLCommon td): every table rule here has two classes."""
    for rule in re.findall(r"([^{}]+)\{[^{}]*text-align", STYLE):
        for selector in rule.split(","):
            if selector.strip().startswith((".fc", "\n.fc")):
                assert selector.strip().startswith(".fc.fc"), selector


def _colours(block: str) -> dict[str, str]:
    return dict(re.findall(r"(?<![-\w])(color|background):(#[0-9a-f]{3,6})", block))


def test_every_colour_pair_meets_wcag_aa() -> None:
    """Text colours on their own background, or on the sheet and the summary box."""
    sheets = ["#fff", "#f6f8fb", "#eef2f6"]
    checked = 0
    for block in re.findall(r"\{([^{}]*)\}", STYLE):
        pair = _colours(block)
        if "color" not in pair:
            continue
        grounds = [pair["background"]] if "background" in pair else sheets
        for ground in grounds:
            ratio = contrast(pair["color"], ground)
            assert ratio >= 4.5, f"{pair['color']} on {ground}: {ratio:.2f} in {{{block}}}"
            checked += 1
    assert checked > 15


def test_evaluate_html_names_the_phase_and_draws_the_map(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(familycase.scenario_path("maria_and_david"))
    assert main(["evaluate", path, "--phase", "phase2", "--format", "html", "--lang", "en"]) == 0
    page = capsys.readouterr().out
    assert "<h2>Phase 2 – The mental health service calls</h2>" in page
    assert "<title>familycase · Phase 2 – The mental health service calls" in page
    assert page.count("<svg") == 1
    assert 'class="fc-pair"' in page
