"""HTML: escaped, grouped by person with duties first, legal basis with its status."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import familycase
from familycase.render.html import (
    assessment_html,
    case_html,
    document,
    responsibility_html,
    scenario_html,
)
from familycase.rules.vocabulary import Vocabularies

from .conftest import MARKUP_NAMES


class _Page(HTMLParser):
    """Collects start tags, the text of captions, and all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.captions: list[str] = []
        self.titles: list[str] = []  # title attributes: what shows on hover
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.titles += [value for name, value in attrs if name == "title" and value]
        self._in_caption = self._in_caption or tag == "caption"

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_caption:
            self.captions.append(data)


def _parse(fragment: str) -> _Page:
    page = _Page()
    page.feed(fragment)
    page.close()
    return page


def test_suggestions_grouped_by_person_duties_first(
    assessments: dict[str, familycase.Assessment], vocab: Vocabularies
) -> None:
    a = assessments["phase1"]
    page = _parse(assessment_html(a, "nb"))
    first_group = page.captions[0]
    assert first_group == "Jon og Beth"  # the group with the duty comes first
    html = assessment_html(a, "nb")
    duty = vocab.terms["obligation"].label("duty", "nb")
    first_table = html[html.index("<caption>") :]
    first_table = first_table[: first_table.index("</table>")]
    assert f'fc-duty">{duty}<' in first_table
    assert first_table.index("fc-duty") < first_table.index("fc-rec")
    groups = list(dict.fromkeys(tuple(s.persons) for s in a.suggestions))
    assert len(page.captions) == len(groups)


def test_legal_basis_shows_verification_status(
    assessments: dict[str, familycase.Assessment], vocab: Vocabularies
) -> None:
    """Each reference shows its citation, a short badge when it is not confirmed, and on
    hover its title, full status and the note on what is not confirmed (tests/render/
    test_notes.py checks the note in every language and report)."""
    a = assessments["phase1"]
    page = _parse(assessment_html(a, "en"))
    text = "".join(page.text)
    refs = [r for s in a.suggestions for r in s.legal_basis]
    assert refs
    for ref in refs:
        assert ref.citation.en in text
        hover = next(t for t in page.titles if t.startswith(ref.title.en))
        if ref.status != "confirmed":
            assert vocab.text(f"badge_{ref.status}").en in text
            assert vocab.terms["verification"].label(ref.status, "en") in hover
            assert ref.notes is None or ref.notes.en in hover
    assert any(r.status != "confirmed" for r in refs)  # the vignette has such a reference
    nb = _parse(assessment_html(a, "nb"))
    assert not any("not confirmed" in t or "The section" in t for t in nb.titles)  # no English


def test_reasons_and_provenance_are_shown(assessments: dict[str, familycase.Assessment]) -> None:
    a = assessments["phase2"]
    text = "".join(_parse(assessment_html(a, "nn")).text)
    for s in a.suggestions:
        for reason in s.reasons:
            assert reason.text.nn in text
    assert a.provenance.rulebook_hash[:12] in text


def test_responsibility_map_marks_idle_services(
    assessments: dict[str, familycase.Assessment], vocab: Vocabularies
) -> None:
    html = responsibility_html(assessments["phase3"], "nb")
    assert "<em>samarbeider om: samtale med barnet</em>" in html  # the school, for Jon
    assert vocab.text("responsibility_idle").nb in html  # the school, for Beth
    assert 'class="fc-idle">skole</th>' not in html
    bare = assessments["phase1"].model_copy(update={"responsibility": [], "suggestions": []})
    html = responsibility_html(bare, "nb")
    assert f'<th class="fc-idle">{vocab.services.label("nav_office", "nb")}</th>' in html


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_names_with_markup_are_text(
    markup_case: familycase.Case, lang: str, vocab: Vocabularies
) -> None:
    a = familycase.evaluate(markup_case)
    for fragment in (
        assessment_html(a, lang),  # type: ignore[arg-type]
        case_html(markup_case, lang, assessment=a),  # type: ignore[arg-type]
        responsibility_html(a, lang),  # type: ignore[arg-type]
        a._repr_html_(),
        document(assessment_html(a), "<title>"),
    ):
        page = _parse(fragment)
        assert "script" not in page.tags
        assert "<script>" not in fragment
        text = "".join(page.text)
        assert MARKUP_NAMES["p2"] in text or "fc-person" in fragment
    page = _parse(assessment_html(a, lang))  # type: ignore[arg-type]
    text = "".join(page.text)
    for name in MARKUP_NAMES.values():
        assert name in text
    assert vocab.text("assessment").get(lang) in text  # type: ignore[arg-type]


def test_rich_display(vignette: familycase.Scenario) -> None:
    case = vignette.case_at("phase1")
    assert case._repr_svg_().startswith("<svg")
    listing = _parse(vignette._repr_html_())
    text = "".join(listing.text)
    for phase in vignette.phases:
        assert phase.title.nb in text
        assert phase.date.isoformat() in text
    assert scenario_html(vignette, "en") != vignette._repr_html_()


def test_document_is_a_page() -> None:
    page = document("<p>x</p>", "A & B", "nn")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nn">' in page
    assert "<title>A &amp; B</title>" in page
