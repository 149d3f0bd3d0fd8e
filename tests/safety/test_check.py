"""``familycase check``: every problem in rules, vocabularies, scenarios, cases and features,
each with file, line, column, code, message and suggestion, in one run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from familycase import Problem
from familycase._resources import rules_dir, scenarios_dir
from familycase.check import check, step_matcher
from familycase.cli import main

# A valid rule; each test changes one thing in it.
RULE = """\
rules:
  - id: fx_base
    title: {nb: Et barn, nn: Eit barn, en: A child}
    reason:
      nb: "{child} er et barn."
      nn: "{child} er eit barn."
      en: "{child} is a child."
    legal_basis: [sotjl_45]
    when:
      - person: {age_group: child}
        as: child
    then:
      suggest:
        measure: map_childrens_situation
        obligation: recommendation
        responsible: nav_office
        persons: [$child.pid]
        urgency: soon
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _one(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_base_rule_has_no_problem(tmp_path: Path) -> None:
    assert check([_write(tmp_path, "r.yaml", RULE)]) == []


def test_the_shipped_content_has_no_error() -> None:
    # warnings (FC8xx) on the shipped rules: tests/safety/test_check_warnings.py
    assert [p.format() for p in check() if p.severity == "error"] == []


# -- the misspelt measure ("done when") ----------------------------------------------------
def test_misspelt_measure_in_the_shipped_rules_is_refused_with_file_line_and_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    target = rules / "duties" / "child_welfare.yaml"
    text = target.read_text(encoding="utf-8")
    assert "measure: notify_child_welfare" in text
    target.write_text(
        text.replace("measure: notify_child_welfare", "measure: notify_child_welfre", 1),
        encoding="utf-8",
    )
    line = _line_of(target, "notify_child_welfre")

    assert main(["check", str(rules)]) == 1
    out = capsys.readouterr().out
    assert f"{target}:{line}:" in out
    assert "[FC519]" in out
    assert "Did you mean 'notify_child_welfare'" in out

    assert main(["check", str(target), "--format", "json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["code"] == "FC519"
    assert (problem["file"], problem["line"]) == (str(target), line)
    assert problem["column"] > 1
    assert problem["path"].endswith("then.suggest.measure")
    assert "notify_child_welfare" in problem["suggestion"]
    assert set(problem) == {
        "code",
        "message",
        "file",
        "line",
        "column",
        "path",
        "suggestion",
        "excerpt",
        "severity",
    }
    assert problem["severity"] == "error"


def test_clean_files_exit_zero_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "r.yaml", RULE)
    assert main(["check", str(path)]) == 0
    assert "No problems found" in capsys.readouterr().out
    assert main(["check", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- what the rule-file checks find ---------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        (  # an unknown vocabulary id, with the closest id
            "age_group: child}",
            "age_group: chlid}",
            "FC513",
            "Did you mean 'child'",
        ),
        ("persons: [$child.pid]", "persons: [$kid.pid]", "FC514", "Unknown variable 'kid'"),
        (  # a variable named and never used
            "    then:\n",
            "      - person: {age_group: adult}\n        as: adult\n    then:\n",
            "FC515",
            "never used",
        ),
        ('      nn: "{child} er eit barn."\n', "", "FC301", "required"),
        ("legal_basis: [sotjl_45]", "legal_basis: [sotjl_54]", "FC516", "sotjl_45"),
        (  # a provision not in force while the rule is valid
            "legal_basis: [sotjl_45]",
            "legal_basis: [bvl1992_6_4]\n    valid_from: 2024-01-01",
            "FC516",
            "not in force",
        ),
        ('en: "{child} is a child."', 'en: "{child.name} is a child."', "FC517", "no field"),
        (
            "then:\n",
            "valid_from: 2025-01-01\n    valid_until: 2024-01-01\n    then:\n",
            "FC308",
            "",
        ),
    ],
)
def test_rule_file_problem_is_located_with_a_suggestion(
    tmp_path: Path, old: str, new: str, code: str, words: str
) -> None:
    assert old in RULE
    path = _write(tmp_path, "r.yaml", RULE.replace(old, new, 1))
    problem = _one(check([path]), code)
    assert problem.file == str(path)
    assert problem.line is not None
    assert problem.column is not None
    assert words in f"{problem.message} {problem.suggestion}"


def test_duplicate_rule_ids_across_files_of_a_folder(tmp_path: Path) -> None:
    _write(tmp_path / "rules", "a.yaml", RULE)
    second = _write(tmp_path / "rules", "b.yaml", RULE)
    problem = _one(check([tmp_path / "rules"]), "FC510")
    assert problem.file == str(second)
    assert "a.yaml" in problem.message


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    text = (
        RULE.replace("legal_basis: [sotjl_45]", "legal_basis: [sotjl_54]")
        .replace("measure: map_childrens_situation", "measure: map_children_situaton")
        .replace("responsible: nav_office", "responsible: nav_ofice")
    )
    codes = sorted(p.code for p in check([_write(tmp_path, "r.yaml", text)]))
    assert codes == ["FC516", "FC519", "FC519"]


def test_one_rule_file_is_checked_with_its_rules_folder(tmp_path: Path) -> None:
    # care_crisis is derived in another file of the shipped rules: checked alone, the file
    # would not know it; checked in its folder, it has no problem.
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    users = [p for p in rules.rglob("*.yaml") if "care_crisis:" in p.read_text(encoding="utf-8")]
    users += [
        p
        for p in rules.rglob("*.yaml")
        if "- care_crisis" in p.read_text(encoding="utf-8") and p not in users
    ]
    assert users, "the shipped rules use the derived fact care_crisis"
    assert [p.format() for p in check(users[:1]) if p.severity == "error"] == []


@pytest.mark.parametrize("name", ["new.yaml", "aaa_first.yaml"])
def test_one_rule_file_repeating_an_id_of_its_folder(tmp_path: Path, name: str) -> None:
    # The file is checked with the others of its folder, so the duplicate id is reported in
    # it, whether it comes before or after the other file (before: "No problems found").
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    other = rules / "practice" / "housing_network.yaml"
    text = other.read_text(encoding="utf-8")
    assert "  - id: housing_assistance\n" in text
    start = text.index("  - id: housing_assistance")
    end = text.index("\n  - id:", start + 1)
    added = _write(rules / "practice", name, "rules:\n" + text[start:end] + "\n")
    problem = _one(check([added]), "FC510")
    assert (problem.file, problem.line) == (str(added), 2)
    assert "housing_assistance" in problem.message
    assert "housing_network.yaml" in problem.message
    assert main(["check", str(added)]) == 1


# -- conditions that can never hold ----------------------------------------------------------
@pytest.mark.parametrize(
    ("when", "field"),
    [
        ("- person: {age_group: child, age: {gte: 18}}\n        as: child", "age"),
        ("- person: {age_group: child, age: {lt: 0}}\n        as: child", "age"),
        ("- person: {age_group: adult, age: [16, 17]}\n        as: child", "age"),
        (
            "- person: {age_group: {not: [child, young_adult, adult, unknown]}}\n        as: child",
            "age_group",
        ),
        ("- person: {active_services: {lt: 0}}\n        as: child", "active_services"),
        (
            "- person: {age_group: child}\n        as: child\n"
            "      - exposure: {person: $child.pid, kind: partner_violence, category: substance}",
            "category",
        ),
        (
            "- person: {age_group: child}\n        as: child\n"
            "      - person: {pid: $child.pid, age: {gte: 16}}\n        as: older",
            "pid",
        ),
    ],
)
def test_conditions_that_can_never_hold(tmp_path: Path, when: str, field: str) -> None:
    text = RULE.replace("- person: {age_group: child}\n        as: child", when)
    if "as: older" in text:
        text = text.replace("[$child.pid]", "[$child.pid, $older.pid]")
    path = _write(tmp_path, "r.yaml", text)
    problem = _one(check([path]), "FC524")
    assert problem.path is not None
    assert problem.path.endswith(field), problem.path
    assert problem.line == _line_of(path, field if field != "pid" else "$child.pid, age")


@pytest.mark.parametrize(
    "when",
    [
        "- person: {age_group: child, age: {lt: 18}}",
        "- person: {age_group: [child, young_adult], age: {gte: 18}}",
        "- person: {age_group: young_adult, age: 25}",
        "- person: {age_group: adult, age: {gt: 25}}",
        "- person: {age_group: unknown, age: -1}",
        "- person: {age_group: {not: [adult, unknown]}, age: {lte: 17}}",
        "- person: {age_group: child, age: {not: 5}}",
    ],
)
def test_conditions_that_can_hold_are_not_reported(tmp_path: Path, when: str) -> None:
    text = RULE.replace("- person: {age_group: child}", when)
    assert check([_write(tmp_path, "r.yaml", text)]) == []


def test_an_unless_repeating_a_when_item(tmp_path: Path) -> None:
    text = RULE.replace(
        "    then:\n",
        "      - concern: {person: $child.pid, kind: [depression], status: current}\n"
        "    unless:\n"
        "      - concern: {status: current, kind: depression, person: $child.pid}\n"
        "    then:\n",
    )
    path = _write(tmp_path, "r.yaml", text)
    problem = _one(check([path]), "FC525")
    assert "repeats 'when' item 2" in problem.message
    assert problem.line == _line_of(path, "- concern: {status: current")


def test_an_unless_on_the_person_already_matched(tmp_path: Path) -> None:
    text = RULE.replace(
        "    then:\n", "    unless:\n      - person: {pid: $child.pid, age: {lt: 6}}\n    then:\n"
    )
    problem = _one(check([_write(tmp_path, "r.yaml", text)]), "FC525")
    assert "never blocks" in problem.message


def test_an_unless_on_another_fact_is_fine(tmp_path: Path) -> None:
    text = RULE.replace(
        "    then:\n",
        "    unless:\n      - service: {person: $child.pid, service: child_welfare}\n    then:\n",
    )
    assert check([_write(tmp_path, "r.yaml", text)]) == []


# -- templates cannot reach attributes or format tricks -------------------------------------
@pytest.mark.parametrize(
    "placeholder", ["{child.__class__}", "{0}", "{child!r}", "{child:>999999}", "{}", "{{child}}"]
)
def test_template_tricks_are_refused_when_the_rules_are_loaded(
    tmp_path: Path, placeholder: str
) -> None:
    text = RULE.replace('en: "{child} is a child."', f'en: "{placeholder} is a child."')
    problem = _one(check([_write(tmp_path, "r.yaml", text)]), "FC517")
    assert problem.path is not None
    assert problem.path.endswith("reason.en")


# -- vocabularies, scenarios, cases, unknown files -------------------------------------------
def test_vocabulary_problem_in_a_rules_folder(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    services = rules / "vocabulary" / "services.yaml"
    text = services.read_text(encoding="utf-8").rstrip("\n")
    services.write_text(text + "\n  Nav_Office: {nb: Nav, nn: Nav, en: Nav}\n", encoding="utf-8")
    problem = _one(check([rules]), "FC202")
    assert problem.file == str(services)
    assert problem.line == _line_of(services, "Nav_Office:")


def test_scenario_problems(tmp_path: Path) -> None:
    source = (scenarios_dir() / "maria_and_david.yaml").read_text(encoding="utf-8")
    assert "kind: partner_violence" in source
    path = _write(
        tmp_path, "s.yaml", source.replace("kind: partner_violence", "kind: partnervold", 1)
    )
    problem = _one(check([path]), "FC305")
    assert problem.line == _line_of(path, "kind: partnervold")
    assert problem.suggestion is not None


def test_case_file_problems(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "case.yaml",
        "as_of: 2025-01-01\npersons:\n  - {id: child1, name: A, age: 5}\n"
        "relations:\n  - {kind: parent, from: mother, to: chlid1}\n",
    )
    problems = check([path])
    assert [p.code for p in problems] == ["FC304", "FC304"]
    assert {p.line for p in problems} == {5}


def test_unknown_yaml_and_empty_folders(tmp_path: Path) -> None:
    path = _write(tmp_path / "x", "notes.yaml", "regler: []\n")
    assert _one(check([path]), "FC109").file == str(path)
    (tmp_path / "empty").mkdir()
    assert _one(check([tmp_path / "empty"]), "FC109").file == str(tmp_path / "empty")
    assert _one(check([tmp_path / "missing.yaml"]), "FC101").file == str(tmp_path / "missing.yaml")


def test_custom_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = RULE.replace(
        "urgency: soon", f'urgency: !!python/object/apply:os.system ["touch {marker}"]'
    )
    problem = _one(check([_write(tmp_path, "r.yaml", text)]), "FC106")
    assert problem.line == 18
    assert not marker.exists()


# -- feature files -------------------------------------------------------------------------
FEATURE = """\
# language: no
Egenskap: Et barn
  @fyrer:cw_duty_violence
  Scenario: Vold mot barn
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er 10 år
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
"""


def test_feature_syntax_error_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.feature", FEATURE.replace("# language: no\n", ""))
    problems = check([path])
    assert problems
    assert {p.code for p in problems} == {"FC611"}
    assert problems[0].line == 1


def test_feature_tag_naming_no_rule(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.feature", FEATURE.replace("cw_duty_violence", "cw_duty_violenc"))
    problem = _one(check([path]), "FC613")
    assert (problem.line, problem.column) == (3, 3)
    assert problem.suggestion is not None
    assert problem.suggestion.startswith("Mente du «cw_duty_violence»?"), problem.suggestion


@pytest.mark.skipif(step_matcher() is None, reason="no step library (familycase.testing)")
def test_unknown_step_is_located_with_the_closest_step(tmp_path: Path) -> None:
    assert check([_write(tmp_path, "ok.feature", FEATURE)]) == []
    path = _write(
        tmp_path, "f.feature", FEATURE.replace("Når saken vurderes", "Når saken blir vurdert")
    )
    problem = _one(check([path]), "FC612")
    assert problem.line == 7
    assert problem.suggestion is not None
    assert "vurder" in problem.suggestion
