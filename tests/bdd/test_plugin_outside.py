"""The plugin works for a folder that holds nothing but feature files and one line of Python.

A Norwegian feature from features/, the complete examples of docs/writing-features.md and
a few features that must fail are copied into an empty folder with a one-line test module
(no conftest, no configuration) and run with ``python -m pytest`` in a subprocess, against
the installed familycase: the steps come from its pytest plugin alone. Failures must say,
in the feature's language, what was expected and what familycase suggested instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"

FAILING_NB = """\
# language: no
Egenskap: Forventninger som ikke holder

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 17    |              | hjemme   |

  Scenario: Feil forventning
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  Scenario: Feil hjemmel
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Så bygger melding til barnevernstjenesten på barnevernloven (1992) § 6-4

  Scenario: Feilstavet steg
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Så foreslåes melding til barnevernstjenesten

  Scenario: Steg av feil type
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Og foreslås melding til barnevernstjenesten

  Scenario: Ukjent ord
    Gitt at "Ida" har kontakt med barneverntjenesten

  @fyrer:cw_duty_neglect
  Scenario: Feil merke
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
"""

FAILING_EN = """\
Feature: Expectations that fail, in English

  Scenario: Wrong expectation in English
    Given the evaluation date is 2025-06-01
    And the family:
      | person | age | parent of | household |
      | father | 42  | Ida       | home      |
      | Ida    | 17  |           | home      |
    And a concern of "violence against a child" by "father", with "Ida" exposed
    When the case is evaluated
    Then familycase suggests alert the police (duty to avert)
"""

FAILING_NN = """\
# language: no
Egenskap: Ei forventning som ikkje held

  Scenario: Feil forventning på nynorsk
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ola" er 40 år
    Og ei uro for "utan bustad" hos "Ola"
    Når saka blir vurdert
    Så er mellombels butilbod ei tilråding
"""


def _doc_features() -> list[str]:
    blocks = re.findall(r"```gherkin\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if re.search(r"^(Egenskap|Feature):", b, re.M)]


def _pytest(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Run the copied folder once: ``{test name: (outcome, failure text)}``."""
    folder = tmp_path_factory.mktemp("features_only")
    (folder / "test_features.py").write_text(
        "from pytest_bdd import scenarios; scenarios('.')\n", encoding="utf-8"
    )
    shutil.copy(ROOT / "features" / "plikter" / "opplysningsplikt.feature", folder)
    examples = _doc_features()
    assert len(examples) >= 4
    for i, text in enumerate(examples):
        (folder / f"dokumentasjon_{i}.feature").write_text(text, encoding="utf-8")
    for name, text in (("feil_nb", FAILING_NB), ("feil_en", FAILING_EN), ("feil_nn", FAILING_NN)):
        (folder / f"{name}.feature").write_text(text, encoding="utf-8")
    assert not list(folder.glob("conftest.py"))
    report = folder / "report.xml"
    run = _pytest(folder, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}")
    assert report.exists(), run.stdout + run.stderr
    outcomes: dict[str, tuple[str, str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        failure = case.find("failure")
        error = case.find("error")
        if failure is not None:
            outcomes[case.get("name", "")] = ("failed", failure.text or "")
        elif error is not None:
            outcomes[case.get("name", "")] = ("error", error.text or "")
        else:
            outcomes[case.get("name", "")] = ("passed", "")
    return outcomes


def test_a_norwegian_feature_and_the_documented_examples_pass(
    outside: dict[str, tuple[str, str]],
) -> None:
    passed = [name for name, (outcome, _) in outside.items() if outcome == "passed"]
    assert "test_et_barn_på_17_år_som_er_utsatt_for_vold_skal_meldes" in passed
    assert "test_fase_1__maria_ringer_nav" in passed
    assert len(passed) >= 40
    meant_to_fail = ("test_feil", "test_steg", "test_ukjent", "test_wrong")
    not_failing = {
        name: text
        for name, (outcome, text) in outside.items()
        if outcome != "passed" and not name.startswith(meant_to_fail)
    }
    assert not not_failing, not_failing


def _failure(outside: dict[str, tuple[str, str]], name: str) -> str:
    outcome, text = outside[name]
    assert outcome == "failed", (name, outcome)
    assert "Traceback" not in text, text
    assert "site-packages" not in text, text
    return text


def test_a_failed_expectation_says_what_familycase_suggested_instead(
    outside: dict[str, tuple[str, str]],
) -> None:
    text = _failure(outside, "test_feil_forventning")
    assert "feil_nb.feature:14" in text
    assert "Så foreslås ikke melding til barnevernstjenesten" in text
    assert "Forventningen holdt ikke." in text
    assert "familycase foreslo «melding til barnevernstjenesten» likevel" in text
    assert "cw_duty_violence: Det er meldt dette om Ida (17 år): vold mot barn." in text
    text = _failure(outside, "test_feil_hjemmel")
    assert "hjemmel: forventet «barnevernloven (1992) § 6-4»" in text
    assert "barnevernsloven § 13-2 første ledd bokstav a" in text


def test_failures_follow_the_language_of_the_feature(outside: dict[str, tuple[str, str]]) -> None:
    text = _failure(outside, "test_wrong_expectation_in_english")
    assert "The expectation did not hold." in text
    assert 'familycase did not suggest "alert the police (duty to avert)".' in text
    assert "familycase suggested this (evaluation date 2025-06-01):" in text
    assert "report to the child welfare service (duty, soon)" in text
    text = _failure(outside, "test_feil_forventning_på_nynorsk")
    assert "Forventninga heldt ikkje." in text
    assert "type: forventa «tilråding», men familycase seier «plikt»" in text.replace(
        "plikt eller tilråding", "type"
    )


def test_a_mistyped_step_gets_the_closest_known_steps(outside: dict[str, tuple[str, str]]) -> None:
    text = _failure(outside, "test_feilstavet_steg")
    assert "familycase kjenner ikke steget: Så foreslåes melding til barnevernstjenesten" in text
    assert "Mente du et av disse?" in text
    assert "  Så foreslås <tiltak>[ for <personer>]" in text
    text = _failure(outside, "test_steg_av_feil_type")
    assert "Steget finnes, men som et «Så»-steg" in text


def test_unknown_words_and_wrong_tags_are_explained(outside: dict[str, tuple[str, str]]) -> None:
    text = _failure(outside, "test_ukjent_ord")
    assert "Kjenner ikkje" not in text
    assert "Kjenner ikke «barneverntjenesten» (tjeneste). Mente du: «barnevernstjenesten»" in text
    text = _failure(outside, "test_feil_merke")
    assert "Scenarioet er merket @fyrer:cw_duty_neglect" in text
    assert "Regler som slo til: " in text
    assert "cw_duty_violence" in text


def test_the_plugin_is_harmless_without_pytest_bdd(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_sum():\n    assert 1 + 1 == 2\n")
    blocked = (
        "import sys; sys.modules['pytest_bdd'] = None; import pytest; "
        "sys.exit(pytest.main(['-p', 'familycase.testing.plugin', '-p', 'no:cacheprovider', '-v']))"
    )
    run = _pytest(tmp_path, "-c", blocked, env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert "pytest-bdd is not installed" in run.stdout
