"""A misspelt coverage tag (``@fire:x``, ``@fires_not:x``) is never silently ignored.

Before, such a tag became an unknown pytest marker: the scenario passed with the rule never
checked, and with ``--strict-markers`` (as in this project) the collection of every feature
stopped. Now the scenario fails, naming the tag and its right spelling, and
``familycase check`` reports it (FC614); tags without a colon stay ordinary markers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from familycase.check import check, misspelt_rule_tag

from ._outside import feature_folder, run_pytest

FEATURE = """\
# language: no
Egenskap: Merker

  @fire:cw_duty_violence
  Scenario: Feilstavet fyrer
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er 10 år
    Når saken vurderes

  @fires_not:cw_duty_violence
  Scenario: Feilstavet fyrer ikke
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er 10 år
    Når saken vurderes

  @wip
  Scenario: Vanlige merker
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er 10 år
    Når saken vurderes
"""

ENGLISH = """\
Feature: Tags

  @does_not_fires:cw_duty_violence
  Scenario: Misspelt in English
    Given the evaluation date is 2025-06-01
    And "Ida" is 10 years old
    When the case is evaluated
"""


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fire:r", ("fire", "r", True)),
        ("Fyrer:r", ("Fyrer", "r", True)),
        ("fires_not:r", ("fires_not", "r", False)),
        ("doesnt_fire:r", ("doesnt_fire", "r", False)),
        ("fyrer_ikk:r", ("fyrer_ikk", "r", False)),
        ("ikke_fyrer:r", ("ikke_fyrer", "r", False)),
        ("fyrer:r", None),
        ("fires:r", None),
        ("fyrer_ikkje:r", None),
        ("does_not_fire:r", None),
        ("wip", None),
        ("jira:FC-12", None),
        ("feature:x", None),
    ],
)
def test_what_counts_as_a_misspelt_coverage_tag(
    tag: str, expected: tuple[str, str, bool] | None
) -> None:
    assert misspelt_rule_tag(tag) == expected


def test_check_reports_a_misspelt_tag_with_its_right_spelling(tmp_path: Path) -> None:
    path = tmp_path / "merker.feature"
    path.write_text(FEATURE, encoding="utf-8")
    problems = [p for p in check([path]) if p.code == "FC614"]
    assert [(p.line, p.column) for p in problems] == [(4, 3), (10, 3)]
    assert "Kjenner ikke merket @fire:cw_duty_violence" in problems[0].message
    assert problems[0].suggestion is not None
    assert "@fyrer:cw_duty_violence" in problems[0].suggestion
    assert "@fires:cw_duty_violence" in problems[0].suggestion
    assert problems[1].suggestion is not None
    assert "@fyrer_ikke:cw_duty_violence" in problems[1].suggestion
    assert "@does_not_fire:cw_duty_violence" in problems[1].suggestion


def test_check_knows_every_spelling_of_the_coverage_tags(tmp_path: Path) -> None:
    text = ENGLISH.replace("@does_not_fires:cw_duty_violence", "@does_not_fire:cw_duty_violenc")
    path = tmp_path / "tags.feature"
    path.write_text(text, encoding="utf-8")
    assert [p.code for p in check([path])] == ["FC613"]


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pytest(folder, "-rA", *args)


def test_a_misspelt_tag_fails_its_scenario_even_with_strict_markers(tmp_path: Path) -> None:
    feature_folder(tmp_path)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers\nmarkers =\n    wip: work in progress\n",
        encoding="utf-8",
    )
    (tmp_path / "merker.feature").write_text(FEATURE, encoding="utf-8")
    (tmp_path / "tags.feature").write_text(ENGLISH, encoding="utf-8")
    run = _run(tmp_path)
    out = run.stdout + run.stderr
    assert "not found in `markers`" not in out, out
    assert "Traceback" not in out, out
    assert "PASSED test_features.py::test_vanlige_merker" in out, out
    assert "merker.feature:5\n  Scenario: Feilstavet fyrer\n" in out, out
    assert (
        "Kjenner ikke merket @fire:cw_duty_violence, så regelen blir aldri sjekket. "
        "Mente du @fyrer:cw_duty_violence / @fires:cw_duty_violence?" in out
    ), out
    assert "Mente du @fyrer_ikke:cw_duty_violence / @fyrer_ikkje:cw_duty_violence" in out, out
    assert (
        "Unknown tag @does_not_fires:cw_duty_violence, so the rule would never be checked. "
        "Did you mean @does_not_fire:cw_duty_violence" in out
    ), out
    assert "3 failed, 1 passed" in out, out
