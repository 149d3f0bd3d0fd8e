"""Coverage by legal provision: every rule has a test that makes it fire (CI fails if not),
and the table shows each rule and each provision it cites with its tests."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import familycase
from familycase.cli import _parser, main
from familycase.coverage import RECORD_FORMAT, Coverage, compute_coverage, render_text
from familycase.engine import available

ROOT = Path(__file__).resolve().parents[2]
BOOK = familycase.load_rulebook()


def _record(path: Path, *tests: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"format": RECORD_FORMAT, "tests": list(tests)}), encoding="utf-8")
    return path


def _test(nodeid: str, fired: list[str], **extra: Any) -> dict[str, Any]:
    return {"nodeid": nodeid, "outcome": "passed", "fired": {BOOK.content_hash: fired}, **extra}


def _only_records(*records: Path) -> Coverage:
    return compute_coverage(records=records, use_scenarios=False, use_features=False)


# -- the CI gate -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the rule examples with the recording plugin, in a separate pytest."""
    out = tmp_path_factory.mktemp("coverage") / "record.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "familycase.coverage",
            f"--familycase-coverage={out}",
            "tests/rules/test_every_rule.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # failing tests are not evidence (and fail on their own): the record lists uncovered rules
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]
    assert out.is_file()
    return out


def test_every_rule_has_a_test_that_makes_it_fire(recorded: Path) -> None:
    coverage = compute_coverage(records=[recorded])
    assert coverage.uncovered == [], (
        "rules no test makes fire (add an example to tests/rules/test_every_rule.py, a "
        f"@fyrer:<rule_id> scenario to features/, or a scenario phase): {coverage.uncovered}"
    )


def test_every_rule_and_cited_provision_is_in_the_table(recorded: Path) -> None:
    coverage = compute_coverage(records=[recorded])
    assert [r.rule_id for r in coverage.rules] == [r.id for r in BOOK.rules]
    cited = {pid for rule in BOOK.rules for pid in rule.spec.legal_basis}
    assert {p.provision for p in coverage.provisions} == cited
    for provision in coverage.provisions:
        assert provision.rules
        assert provision.fires >= len(provision.rules)
    # each rule's own examples come first, fire and silent
    for rule in coverage.rules:
        assert rule.fires[0].endswith(f"test_rule_fires[{rule.rule_id}]"), rule.fires[:3]
        assert any(
            s.endswith(f"test_rule_does_not_fire_without_its_condition[{rule.rule_id}]")
            for s in rule.silent
        ), rule.rule_id
    text = render_text(coverage, lang="en")
    for rule in BOOK.rules:
        assert f"  {rule.id}  fires: " in text
    assert "Every rule has a test that makes it fire." in text


def test_the_plugin_records_outcomes_and_rulebooks(recorded: Path) -> None:
    data = json.loads(recorded.read_text(encoding="utf-8"))
    assert data["format"] == RECORD_FORMAT
    tests = {t["nodeid"]: t for t in data["tests"]}
    fires = tests["tests/rules/test_every_rule.py::test_rule_fires[cw_duty_violence]"]
    assert fires["outcome"] == "passed"
    engines = [name for name in ("durable", "clips") if available(name)]
    assert fires["evaluations"] == len(engines) + 1  # every engine here, and the reference
    assert "cw_duty_violence" in fires["fired"][BOOK.content_hash]
    meta = tests["tests/rules/test_every_rule.py::test_every_rule_has_examples"]
    assert meta["fired"] == {}


# -- how evidence is counted -------------------------------------------------------------------
def test_a_recorded_test_counts_only_if_it_passed_with_this_rulebook(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "r.json",
        _test("t.py::test_a", ["cw_duty_violence"]),
        {**_test("t.py::test_b", ["cw_duty_neglect"]), "outcome": "failed"},
        {**_test("t.py::test_c", ["avert_serious_violence"]), "outcome": "skipped"},
        {"nodeid": "t.py::test_d", "outcome": "passed", "fired": {"other": ["housing_assistance"]}},
    )
    coverage = _only_records(record)
    assert coverage.rule("cw_duty_violence").fires == ("t.py::test_a",)
    for rule_id in ("cw_duty_neglect", "avert_serious_violence", "housing_assistance"):
        assert coverage.rule(rule_id).fires == ()
        assert rule_id in coverage.uncovered
    assert coverage.sources["tests"] == 1


def test_silent_tests_are_those_that_name_the_rule(tmp_path: Path) -> None:
    record = _record(
        tmp_path / "r.json",
        _test("t.py::test_quiet[cw_duty_violence]", []),
        _test("t.py::test_quiet[cw_duty_neglect-durable]", ["cw_duty_neglect"]),
        _test("t.py::test_tagged", [], markers=["silent:housing_assistance"]),
        _test("t.py::test_other", []),
    )
    coverage = _only_records(record)
    assert coverage.rule("cw_duty_violence").silent == ("t.py::test_quiet[cw_duty_violence]",)
    assert coverage.rule("cw_duty_neglect").silent == ()  # it fired there
    assert coverage.rule("housing_assistance").silent == ("t.py::test_tagged",)
    assert all("test_other" not in s for r in coverage.rules for s in r.silent)


def test_feature_tags_are_evidence(tmp_path: Path) -> None:
    (tmp_path / "f.feature").write_text(
        "@fyrer:housing_assistance\n"
        "Feature: Housing\n"
        "  Scenario: Unstable housing\n"
        "    Given a step\n"
        "  @fyrer_ikke:cw_duty_violence\n"
        "  Scenario: An adult\n"
        "    Given a step\n",
        encoding="utf-8",
    )
    coverage = compute_coverage(use_scenarios=False, features=tmp_path)
    housing = coverage.rule("housing_assistance")
    assert [f.split(" ", 1)[1] for f in housing.fires] == ["Unstable housing", "An adult"]
    assert coverage.rule("cw_duty_violence").silent == (f"{tmp_path / 'f.feature'}:6 An adult",)
    assert coverage.sources["feature_scenarios"] == 2


def test_scenario_phases_are_evidence() -> None:
    coverage = compute_coverage(use_features=False)
    duty = coverage.rule("cw_duty_violence")
    assert "scenario maria_and_david @ phase1" in duty.fires
    assert coverage.sources["scenario_phases"] >= 3
    assert any("(stops firing)" in s for r in coverage.rules for s in r.silent)


# -- the command -------------------------------------------------------------------------------
def test_coverage_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = _record(tmp_path / "r.json", _test("t.py::test_a", ["cw_duty_violence"]))
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["coverage", "--record", str(record), "--scenarios", str(empty)]
    args += ["--features", str(empty)]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rules"][0]["rule_id"] == BOOK.rules[0].id
    assert "cw_duty_violence" not in data["uncovered"]
    assert len(data["uncovered"]) == len(BOOK.rules) - 1

    assert main([*args, "--strict", "--lang", "en"]) == 1
    text = capsys.readouterr().out
    assert "sotjl_45  Social Services Act (2009) section 45" in text
    assert "+ t.py::test_a" in text
    assert f"Uncovered: {len(BOOK.rules) - 1} rules" in text


def test_a_file_that_is_not_a_recording(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["coverage", "--record", str(bad)]) == 2
    assert "not a coverage recording" in capsys.readouterr().err


# -- Gherkin scenarios are counted once ----------------------------------------------------------
def test_a_recorded_feature_scenario_is_one_entry_with_its_tag(tmp_path: Path) -> None:
    """Running the features with the plugin records each scenario by its feature file, line and
    name: the same entry as its ``@fyrer:`` tag, not a second one under its pytest node id."""
    feature = tmp_path / "opplysningsplikt.feature"
    feature.write_bytes((ROOT / "features" / "plikter" / "opplysningsplikt.feature").read_bytes())
    (tmp_path / "test_features.py").write_text(
        'from pytest_bdd import scenarios\n\nscenarios(".")\n', encoding="utf-8"
    )
    record = tmp_path / "rec.json"
    plugin = [
        "-p",
        "no:cacheprovider",
        "-p",
        "familycase.coverage",
        f"--familycase-coverage={record}",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *plugin, "test_features.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    coverage = compute_coverage(records=[record], use_scenarios=False, features=tmp_path)
    fires = coverage.rule("cw_duty_violence").fires
    assert fires, "the feature has @fyrer:cw_duty_violence scenarios"
    assert len(fires) == len(set(fires))
    assert not [name for name in fires if "::" in name], fires
    assert f"{feature}:19 Et barn på 17 år som er utsatt for vold, skal meldes" in fires
    silent = coverage.rule("cw_duty_violence").silent
    assert not [name for name in silent if "::" in name], silent


def test_a_recorded_scenario_without_a_tag_keeps_its_gherkin_name(tmp_path: Path) -> None:
    scenario = {"file": str(tmp_path / "f.feature"), "line": 3, "name": "Unstable housing"}
    record = _record(
        tmp_path / "r.json",
        _test("test_f.py::test_unstable_housing", ["housing_assistance"], scenario=scenario),
    )
    fires = _only_records(record).rule("housing_assistance").fires
    assert fires == (f"{tmp_path / 'f.feature'}:3 Unstable housing",)


# -- a recording made with another rulebook ------------------------------------------------------
def test_a_recording_of_another_rulebook_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "f" * 64
    record = _record(
        tmp_path / "r.json",
        {"nodeid": "t.py::test_a", "outcome": "passed", "fired": {other: ["cw_duty_violence"]}},
    )
    coverage = _only_records(record)
    assert coverage.other_rulebooks == (other,)
    text = render_text(coverage, lang="en")
    assert f"rulebook {other[:12]}" in text
    assert f"current rulebook is {BOOK.content_hash[:12]}" in text
    assert "no test recording" not in text
    assert main(["coverage", "--record", str(record), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["other_rulebooks"] == [other]
    # a recording with this rulebook in it is not stale
    fresh = _record(tmp_path / "fresh.json", _test("t.py::test_b", ["cw_duty_violence"]))
    assert _only_records(record, fresh).other_rulebooks == ()


# -- wrong paths -----------------------------------------------------------------------------------
@pytest.mark.parametrize("option", ["--scenarios", "--features"])
def test_a_folder_that_does_not_exist_is_a_usage_error(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    assert main(["coverage", option, str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{missing}: no such folder" in captured.err
    a_file = tmp_path / "f.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main(["coverage", option, str(a_file)]) == 2
    assert "no such folder" in capsys.readouterr().err


# -- paths -----------------------------------------------------------------------------------------
def test_paths_are_relative_to_the_working_folder_when_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    coverage = compute_coverage(use_scenarios=False, features=ROOT / "features")
    duty = coverage.rule("cw_duty_violence")
    assert duty.file == "rules/duties/child_welfare.yaml"
    features = [name for name in duty.fires if ".feature:" in name]
    assert features
    assert all(name.startswith("features/") for name in features), features
    data = json.loads(coverage.to_json())
    assert all(not Path(r["file"]).is_absolute() for r in data["rules"])
    # elsewhere the paths stay as given
    monkeypatch.chdir(tmp_path)
    elsewhere = compute_coverage(use_scenarios=False, features=ROOT / "features")
    assert elsewhere.rule("cw_duty_violence").file == str(ROOT / "rules/duties/child_welfare.yaml")
    assert any(
        name.startswith(str(ROOT / "features")) for name in elsewhere.rule("cw_duty_violence").fires
    )


# -- languages -------------------------------------------------------------------------------------
WORDS = {
    "nb": [
        f"Dekning av {len(BOOK.rules)} regler",
        "Kilder: 1 registrert test",
        "fyrer ikke: ",
        "[bekreftet i kilde]",
    ],
    "nn": [
        f"Dekning av {len(BOOK.rules)} reglar",
        "Kjelder: 1 registrert test",
        "fyrer ikkje: ",
        "[stadfesta i kjelde]",
    ],
    "en": [
        f"Coverage of {len(BOOK.rules)} rules",
        "Sources: 1 recorded test,",
        "silent: ",
        "[confirmed in a source]",
    ],
}
UNCOVERED = {
    "nb": ("Udekket: 1 regel som", "Udekket: 2 regler som"),
    "nn": ("Udekt: 1 regel som", "Udekt: 2 reglar som"),
    "en": ("Uncovered: 1 rule no test", "Uncovered: 2 rules no test"),
}
ENGLISH_ONLY = ["Coverage of", "Sources:", "fires:", "silent:", "Uncovered", "[confirmed]", "and "]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_table_is_in_the_chosen_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fired = [r.id for r in BOOK.rules]
    record = _record(tmp_path / "r.json", _test("t.py::test_a", fired[1:]))
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["coverage", "--record", str(record), "--scenarios", str(empty), "--features"]
    assert main([*args, str(empty), "--lang", lang]) == 0
    text = capsys.readouterr().out
    for words in WORDS[lang]:
        assert words in text, (words, text[:600])
    one, many = UNCOVERED[lang]
    assert one in text
    if lang != "en":
        assert not [w for w in ENGLISH_ONLY if w in text], text[:600]
    # two uncovered rules: the plural
    two = _record(tmp_path / "two.json", _test("t.py::test_a", fired[2:]))
    assert main(["coverage", "--record", str(two), *args[3:], str(empty), "--lang", lang]) == 0
    assert many in capsys.readouterr().out


def test_the_readme_synopsis_lists_every_option() -> None:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    options = {
        opt for action in sub.choices["coverage"]._actions for opt in action.option_strings
    } - {"-h", "--help"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    synopsis = next(line for line in readme if line.startswith("familycase coverage "))
    assert not [opt for opt in sorted(options) if f"[{opt}" not in synopsis], synopsis


# -- tagged versus recorded firing evidence --------------------------------------------------------
def test_firing_tests_known_only_from_a_tag_are_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    features = tmp_path / "features"
    features.mkdir()
    feature = features / "f.feature"
    feature.write_text(
        "Feature: Housing\n"
        "  @fyrer:housing_assistance\n"
        "  Scenario: Unstable housing\n"
        "    Given a step\n"
        "  @fyrer:housing_assistance\n"
        "  Scenario: Evicted\n"
        "    Given a step\n",
        encoding="utf-8",
    )
    tagged = compute_coverage(use_scenarios=False, features=features).rule("housing_assistance")
    assert tagged.tagged_only == tagged.fires
    assert len(tagged.fires) == 2
    ran = {"file": str(feature), "line": 3, "name": "Unstable housing"}
    record = _record(
        tmp_path / "r.json", _test("test_f.py::test_unstable", ["housing_assistance"], scenario=ran)
    )
    both = compute_coverage(records=[record], use_scenarios=False, features=features)
    housing = both.rule("housing_assistance")
    assert housing.fires == (f"{feature}:3 Unstable housing", f"{feature}:6 Evicted")
    assert housing.tagged_only == (f"{feature}:6 Evicted",)
    assert json.loads(both.to_json())["rules"][0].keys() >= {"tagged_only"}
    args = ["coverage", "--record", str(record), "--features", str(features), "--lang", "en"]
    assert main([*args, "--scenarios", str(features)]) == 0  # no scenario files there
    text = capsys.readouterr().out
    assert f"+ {feature}:6 Evicted  (tagged only, not recorded as passing)" in text
    assert f"+ {feature}:3 Unstable housing\n" in text


def test_the_readme_says_why_a_tag_counts() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "A `@fyrer:` tag counts as a firing test" in readme
    assert "a wrong tag fails the test run" in readme
