"""Markdown: escaped text, one table row per suggestion, grouped by person."""

from __future__ import annotations

import familycase
from familycase.render.markdown import assessment_markdown, md, responsibility_markdown
from familycase.rules.vocabulary import Vocabularies

from .conftest import MARKUP_NAMES


def test_md_escapes_markup_and_markdown() -> None:
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("*bold* _em_ [a](b) `c` x|y ~z~ \\") == (
        "\\*bold\\* \\_em\\_ \\[a\\](b) \\`c\\` x\\|y \\~z\\~ \\\\"
    )
    assert md("{x} &amp;") == "{x} &amp;amp;"
    assert md("two\nlines") == "two lines"


def test_names_with_markup_are_text(markup_case: familycase.Case) -> None:
    report = assessment_markdown(familycase.evaluate(markup_case), "en")
    assert "<script>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "\\*bold\\*" in report
    for name in MARKUP_NAMES.values():
        assert md(name) in report


def test_one_row_per_suggestion(
    assessments: dict[str, familycase.Assessment], vocab: Vocabularies
) -> None:
    a = assessments["phase1"]
    report = assessment_markdown(a, "nb")
    measure_rows = [
        line for line in report.splitlines() if line.startswith("| ") and "<br>" in line
    ]
    labels = [s.label.nb for s in a.suggestions]
    for label in labels:
        assert any(f"**{md(label)}**" in row for row in measure_rows), label
    groups = [line[5:] for line in report.splitlines() if line.startswith("#### ")]
    assert groups[0] == "Jon og Beth"
    duty = vocab.terms["obligation"].label("duty", "nb").upper()
    assert f"| **{duty}**" in report


def test_responsibility_markdown_flags(assessments: dict[str, familycase.Assessment]) -> None:
    a = assessments["phase3"]
    text = responsibility_markdown(a, "en")
    header = text.splitlines()[2]
    assert header.startswith("| Person | ")
    assert "| Nav office |" in header
    assert "*cooperates on: talk with the child*" in text  # the school, for Jon
    assert "**Services involved with nothing to do:**" not in text
    bare = a.model_copy(update={"responsibility": [], "suggestions": []})
    idle = responsibility_markdown(bare, "en").split("**Services involved with nothing to do:**")
    assert "school" in idle[1].split("\n\n")[0]
    empty = a.model_copy(update={"responsibility": []})
    flagged = responsibility_markdown(empty, "en")
    assert "**Persons with concerns but no responsible service:**" in flagged
