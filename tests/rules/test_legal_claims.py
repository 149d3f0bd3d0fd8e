"""Legal effects are claimed only where a provision makes them.

"Applies notwithstanding confidentiality" is a property of a provision (sotjl § 45,
bvl § 13-2 / 1992 § 6-4, strl § 196; law-and-services.md §§ 1.1–1.3 and § 1.6 rule 3), never
of "duty" in general: sotjl § 27 temporary accommodation is a duty of the municipality that
lifts no confidentiality.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import adult, evaluate, family

from familycase.errors import ContentError
from familycase.render.html import assessment_html
from familycase.render.markdown import assessment_markdown
from familycase.render.text import render_assessment
from familycase.rules.provisions import load_provisions

LIFTING = {"sotjl_45", "bvl_13_2", "bvl_13_2_a", "bvl_13_2_b", "bvl_13_2_c", "bvl_13_2_d"}
LIFTING |= {"bvl1992_6_4", "strl_196"}


def test_exactly_the_provisions_that_say_so_lift_confidentiality() -> None:
    provisions = load_provisions()
    lifting = {pid for pid, p in provisions.entries.items() if p.overrides_confidentiality}
    assert lifting == LIFTING


def test_a_report_to_child_welfare_applies_notwithstanding_confidentiality() -> None:
    case = family().concern("violence_against_child", about="father", exposed="child")
    a = evaluate(case)
    report = a.suggestion("notify_child_welfare")
    assert report is not None
    assert report.obligation == "duty"
    assert report.overrides_confidentiality
    assert "uten hinder av taushetsplikt" in render_assessment(a, "nb")
    assert "utan hinder av teieplikt" in assessment_markdown(a, "nn")
    assert "notwithstanding confidentiality" in assessment_html(a, "en")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_temporary_accommodation_claims_no_lifted_confidentiality(lang: str) -> None:
    a = evaluate(adult().concern("homelessness", about="ola", severity="serious"))
    stay = a.suggestion("temporary_accommodation")
    assert stay is not None
    assert not stay.overrides_confidentiality
    claims = {"nb": "taushetsplikt", "nn": "teieplikt", "en": "confidentiality"}[lang]
    for text in (
        render_assessment(a, lang),  # type: ignore[arg-type]
        assessment_markdown(a, lang),  # type: ignore[arg-type]
        assessment_html(a, lang),  # type: ignore[arg-type]
    ):
        assert claims not in text


def test_a_recommendation_never_claims_it() -> None:
    a = evaluate(family().concern("financial_difficulty", about="mother"))
    assert a.suggestions
    assert not any(s.overrides_confidentiality for s in a.suggestions)


def test_the_property_takes_only_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "provisions.yaml"
    path.write_text(
        "provisions:\n  x:\n    law: sosialtjenesteloven\n    section: '45'\n"
        "    status: partly\n    overrides_confidentiality: 'yes'\n"
        "    title: {nb: a, nn: b, en: c}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_provisions(path)
    assert "overrides_confidentiality" in str(error.value)
    assert "true or false" in str(error.value)
