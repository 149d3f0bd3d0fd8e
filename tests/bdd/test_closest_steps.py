"""The steps suggested for a step familycase does not know, by ``familycase check`` (FC612)
and by the pytest plugin alike: of the same kind as the step (``Og`` takes the kind of the
step above), in the feature's language (bokmål first in a bokmål file), and not the
negated wording of a step that is not negated.

Before, ``check`` offered ``foreslås ikke <tiltak>`` for ``Så foreslåes ...``, an English
"then" step for ``Og Ali har en hund`` after a ``Gitt``, and nynorsk steps in a bokmål file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from familycase.check import check
from familycase.testing._closest import closest_steps, feature_lang

BOKMAL = """\
# language: no
Egenskap: Ali

  Scenario: Ali
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ali" er 19 år
    Og Ali har en hund
    Og at alderen til "Ali" er ukjnt
    Når saken vurderes
    Så foreslåes ungdomsoppfølging i Nav for "Ali"
"""

NYNORSK = """\
# language: no
Egenskap: Ali

  Scenario: Ali
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ali" er 19 år gammal
    Og at alderen til "Ali" er ukjnt
    Når saka blir vurdert
    Så blir det stilt eit spørsmål om "alder"
"""

ENGLISH = """\
Feature: Ali

  Scenario: Ali
    Given the evaluation date is 2025-06-01
    And "Ali" is 19 years old
    When the case is evaluated
    Then familycase suggests youth follow-up in Nav for "Ali"
    And familycase sugests youth follow-up in Nav for "Ali"
"""


def _suggestions(tmp_path: Path, text: str) -> dict[int, str]:
    path = tmp_path / "f.feature"
    path.write_text(text, encoding="utf-8")
    out = {}
    for problem in check([path]):
        assert problem.code == "FC612", problem.format()
        assert problem.line is not None
        assert problem.suggestion is not None
        out[problem.line] = problem.suggestion
    return out


def test_a_misspelt_then_step_gets_the_step_not_its_negation(tmp_path: Path) -> None:
    suggestion = _suggestions(tmp_path, BOKMAL)[10]
    first = suggestion.removeprefix("Mente du et av disse? ").split(" · ")[0]
    assert first == "Så foreslås <tiltak>[ for <personer>]", suggestion
    assert "ikke" not in suggestion


def test_an_and_step_gets_steps_of_the_kind_above_in_the_files_language(
    tmp_path: Path,
) -> None:
    found = _suggestions(tmp_path, BOKMAL)
    assert set(found) == {7, 8, 10}
    for line in (7, 8):
        steps = found[line].removeprefix("Mente du et av disse? ").split(" (alle")[0]
        assert all(s.startswith("Gitt ") for s in steps.split(" · ")), found[line]
    assert 'Gitt [at ]alderen til "<person>" er ukjent' in found[8]
    assert "ukjend" not in found[8]


def test_a_nynorsk_file_gets_nynorsk_steps(tmp_path: Path) -> None:
    found = _suggestions(tmp_path, NYNORSK)
    assert set(found) == {7}
    assert 'Gitt [at ]alderen til "<person>" er ukjend' in found[7], found[7]


def test_an_english_file_gets_english_steps(tmp_path: Path) -> None:
    found = _suggestions(tmp_path, ENGLISH)
    assert set(found) == {8}
    assert "Then familycase suggests <measure>" in found[8], found[8]
    assert "Så" not in found[8]


@pytest.mark.parametrize(
    ("text", "kind", "lang"),
    [
        ('foreslåes ungdomsoppfølging i Nav for "Ali"', "then", "nb"),
        ("Ali har en hund", "given", "nb"),
        ('at alderen til "Ali" er ukjnt', "given", "nn"),
    ],
)
def test_check_suggests_what_the_pytest_plugin_suggests(
    tmp_path: Path, text: str, kind: str, lang: str
) -> None:
    from familycase.check import _closest_step  # the suggestion FC612 gives
    from familycase.testing.checking import message

    close = closest_steps(text, kind, lang)  # type: ignore[arg-type]
    assert close
    assert _closest_step(kind, text, lang) == message(
        "check_did_you_mean_step", lang, steps=" · ".join(close)
    )
    assert " · ".join(close) in _closest_step(kind, text, lang)


def test_the_language_of_a_feature() -> None:
    assert feature_lang("en", [("given", "anything")]) == "en"
    assert feature_lang("no", [("when", "saken vurderes")]) == "nb"
    assert feature_lang("no", [("when", "saka blir vurdert")]) == "nn"
    assert feature_lang("no", []) == "nb"
