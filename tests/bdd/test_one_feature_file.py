"""``--familycase-feature PATH`` runs the scenarios of one feature file (or folder) only.

In the familycase project the features are collected by ``tests/test_features.py``, so
``python -m pytest features/praksis/vold.feature`` finds nothing and ``-k`` matches
scenario names only. The option keeps the scenarios of the feature files named and
deselects the rest; a path no collected scenario comes from is a usage error that says so.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ._outside import feature_folder, run_pytest

ROOT = Path(__file__).resolve().parents[2]

ONE = """\
Feature: One

  Scenario: First of one
    Given the evaluation date is 2025-06-01

  Scenario: Second of one
    Given the evaluation date is 2025-06-01
"""

TWO = """\
Feature: Two

  Scenario: Only of two
    Given the evaluation date is 2025-06-01
"""


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pytest(folder, "-v", *args)


def _folder(tmp_path: Path) -> Path:
    feature_folder(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.feature").write_text(ONE, encoding="utf-8")
    (tmp_path / "sub" / "two.feature").write_text(TWO, encoding="utf-8")
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    pass\n", encoding="utf-8")
    return tmp_path


def test_only_the_scenarios_of_the_feature_file_run(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path), "--familycase-feature", "one.feature")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "test_first_of_one PASSED" in out, out
    assert "test_second_of_one PASSED" in out, out
    assert "only_of_two" not in out, out
    assert "test_plain" not in out, out
    assert "2 passed, 2 deselected" in out, out


def test_the_option_repeats_and_takes_folders(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    run = _pytest(folder, "--familycase-feature", "sub", "--familycase-feature", "one.feature")
    assert "3 passed, 1 deselected" in run.stdout, run.stdout + run.stderr
    run = _pytest(folder / "sub", "--familycase-feature", "two.feature", "..")
    assert "1 passed, 3 deselected" in run.stdout, run.stdout + run.stderr


def test_a_path_no_scenario_comes_from_is_a_usage_error(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path), "--familycase-feature", "on.feature")
    out = run.stdout + run.stderr
    assert run.returncode == 4, out
    assert "Traceback" not in out, out
    assert (
        "--familycase-feature on.feature: no scenario of this feature file was collected." in out
    ), out
    assert "Feature files collected: one.feature, sub/two.feature" in out, out
    assert "ingen scenarioer fra denne feature-filen ble samlet inn" in out, out


def test_one_feature_file_of_the_familycase_project(tmp_path: Path) -> None:
    run = _pytest(
        ROOT,
        "tests/test_features.py",
        "--familycase-feature",
        "features/english/duty_to_inform.feature",
        f"--basetemp={tmp_path / 'base'}",
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    names = [line for line in out.splitlines() if " PASSED" in line]
    assert names, out
    english = (ROOT / "features" / "english" / "duty_to_inform.feature").read_text("utf-8")
    assert len(names) >= english.count("Scenario:"), out
    assert "deselected" in out, out
