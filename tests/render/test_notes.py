"""The note on what is not confirmed about a provision (rules/law/provisions.yaml), shown
with its status badge in the reader's language in every report: HTML (hover, fold-out list,
on paper), markdown, text, the phase view, the exercise and the case card. A confirmed
reference shows its note (if it has one) with no status; an nb or nn report shows no English
note."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

import pytest

import familycase
from familycase._text import LANGS, Lang, Text
from familycase.assess.assessment import Assessment, LegalReference
from familycase.render.card import card_html
from familycase.render.html import STYLE, assessment_html, exercise_html, phase_html
from familycase.render.markdown import assessment_markdown, md
from familycase.render.player import play
from familycase.render.summary import provision_note, status_note
from familycase.render.text import render_assessment
from familycase.rules.vocabulary import Vocabularies

PARTLY = "sotjl_45"  # partly confirmed, with a note; cited in phase 1 (the duty to report)
CONFIRMED = "krisesenterlova"  # confirmed, with a note on how it is cited; also in phase 1


class _Page(HTMLParser):
    """The title attributes (what a citation shows on hover) and the fold-out list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.folded: list[str] = []  # the text of the list of references
        self.fold_classes: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("title"):
            self.titles.append(str(found["title"]))
        if tag == "details" and "fc-refs" in (found.get("class") or ""):
            self.fold_classes.append(str(found["class"]))
            self._depth = 1
        elif tag == "details" and self._depth:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.folded.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _ref(a: Assessment, pid: str) -> LegalReference:
    return next(r for s in a.suggestions for r in s.legal_basis if r.provision == pid)


def _reports(
    vignette: familycase.Scenario, a: Assessment, lang: Lang
) -> dict[str, tuple[str, str]]:
    """Every report of phase 1 in ``lang``: name -> (how to read it, the text)."""
    view = next(play(vignette, lang))
    return {
        "html": ("html", assessment_html(a, lang, case=vignette.case_at("phase1"))),
        "phase": ("html", phase_html(view)),
        "exercise": ("html", exercise_html(view)),
        "card": ("html", card_html(view)),
        "markdown": ("markdown", assessment_markdown(a, lang)),
        "text": ("text", render_assessment(a, lang)),
    }


def _shown(kind: str, note: str) -> str:
    """``note`` as a report of ``kind`` writes it."""
    if kind == "html":
        return html.escape(note, quote=True)
    return md(note) if kind == "markdown" else note


@pytest.mark.parametrize("lang", LANGS)
def test_a_partly_confirmed_reference_shows_its_note_in_every_report(
    vignette: familycase.Scenario,
    assessments: dict[str, Assessment],
    vocab: Vocabularies,
    lang: Lang,
) -> None:
    a = assessments["phase1"]
    ref = _ref(a, PARTLY)
    assert ref.status == "partly"
    assert ref.notes is not None
    note = ref.notes.get(lang)
    for name, (kind, report) in _reports(vignette, a, lang).items():
        assert _shown(kind, note) in report, name
        for other in LANGS:  # never the note in another language (no English in nb)
            if other != lang:
                assert _shown(kind, ref.notes.get(other)) not in report, (name, other)
    # in HTML: on hover, beside the citation, after its title and status
    page = _parse(assessment_html(a, lang))
    hover = next(t for t in page.titles if note in t)
    status = vocab.terms["verification"].label("partly", lang)
    assert hover == f"{ref.title.get(lang)} – {status}. {note}"
    # on a touch screen or a keyboard: in the fold-out list of references, not printed
    assert page.fold_classes == ["fc-refs fc-noprint"]
    assert note in "".join(page.folded)
    assert ".fc.fc .fc-noprint{display:none}" in STYLE
    # on paper the citation prints its hover text in brackets (the case card too)
    assert '.fc-cite[title]::after{content:" (" attr(title) ")"' in STYLE


@pytest.mark.parametrize("lang", LANGS)
def test_a_confirmed_reference_shows_its_note_without_a_badge(
    vignette: familycase.Scenario,
    assessments: dict[str, Assessment],
    vocab: Vocabularies,
    lang: Lang,
) -> None:
    """A confirmed provision may still have a caveat (krisesenterlova: its section number is
    not cited): it is shown after the title, in the reader's language, with no status."""
    a = assessments["phase1"]
    ref = _ref(a, CONFIRMED)
    assert ref.status == "confirmed"
    assert ref.notes is not None
    assert provision_note(ref, lang, vocab) == f"{ref.title.get(lang)}. {ref.notes.get(lang)}"
    for name, (kind, report) in _reports(vignette, a, lang).items():
        if name != "card":  # the card cites the duties' provisions only; this is no duty's
            assert _shown(kind, ref.notes.get(lang)) in report, name
        for other in LANGS:
            if other != lang:
                assert _shown(kind, ref.notes.get(other)) not in report, (name, other)
    status = vocab.terms["verification"].label("confirmed", lang)
    assert f"{ref.title.get(lang)} – {status}" not in assessment_html(a, lang)


def test_a_confirmed_reference_without_a_note_shows_its_title_alone(
    assessments: dict[str, Assessment], vocab: Vocabularies
) -> None:
    refs = [r for a in assessments.values() for s in a.suggestions for r in s.legal_basis]
    plain = next(r for r in refs if r.status == "confirmed" and r.notes is None)
    for lang in LANGS:
        assert provision_note(plain, lang, vocab) == plain.title.get(lang)


def test_every_cited_note_has_three_languages(assessments: dict[str, Assessment]) -> None:
    refs = [r for a in assessments.values() for s in a.suggestions for r in s.legal_basis]
    noted = [r for r in refs if r.notes is not None]
    assert {r.provision for r in noted} >= {PARTLY, CONFIRMED, "sotjl_13"}
    for ref in noted:
        assert ref.notes is not None
        assert ref.note == ref.notes.en  # the 1.0.0 field: the English text
        assert len({ref.notes.nb, ref.notes.nn, ref.notes.en}) == 3, ref.provision


def test_an_assessment_of_contract_1_0_shows_its_english_note_in_english_only(
    assessments: dict[str, Assessment], vocab: Vocabularies
) -> None:
    """An assessment stored under 1.0.0 has only ``note`` (English): an nb or nn report
    leaves it out rather than show English."""
    data: Any = assessments["phase1"].model_dump(mode="json")
    for suggestion in data["suggestions"]:
        for ref in suggestion["legal_basis"]:
            del ref["notes"]
    old = Assessment.model_validate(data)
    ref = _ref(old, PARTLY)
    assert ref.notes is None
    assert ref.note is not None
    assert status_note(ref, "en") == ref.note
    assert status_note(ref, "nb") is None
    assert status_note(ref, "nn") is None
    assert html.escape(ref.note) in assessment_html(old, "en")
    for lang in ("nb", "nn"):
        report = assessment_html(old, lang)
        assert html.escape(ref.note) not in report
        assert ref.title.get(lang) in report


def test_a_note_is_escaped(assessments: dict[str, Assessment], vocab: Vocabularies) -> None:
    ref = _ref(assessments["phase1"], PARTLY)
    odd = Text(nb='<b>"a"</b> & *b*', nn="<i>x</i>", en="<script>y</script>")
    a = assessments["phase1"].model_copy(deep=True)
    for suggestion in a.suggestions:
        suggestion.legal_basis[:] = [
            r.model_copy(update={"notes": odd}) if r.provision == ref.provision else r
            for r in suggestion.legal_basis
        ]
    page = assessment_html(a, "nb")
    assert "<b>" not in page
    assert "&lt;b&gt;&quot;a&quot;&lt;/b&gt; &amp; *b*" in page
    markdown = assessment_markdown(a, "nb")
    assert "<b>" not in markdown
    assert md(odd.nb) in markdown
