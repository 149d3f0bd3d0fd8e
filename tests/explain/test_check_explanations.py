"""``familycase check`` reports what the duty board cannot explain (FC804, FC805)."""

from __future__ import annotations

import shutil
from pathlib import Path

from familycase.check import check

ROOT = Path(__file__).resolve().parents[2]

_DUTY = """
rules:
  - id: test_duty_household
    title: {nb: Plikt, nn: Plikt, en: Duty}
    reason: {nb: "{child}", nn: "{child}", en: "{child}"}
    legal_basis: [sotjl_45]
    when:
      - person: {age_group: child, household: home}
        as: child
    then:
      suggest:
        measure: notify_child_welfare
        obligation: duty
        responsible: nav_office
        persons: [$child.pid]
        urgency: soon
"""


def _rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    return folder


def test_the_shipped_rules_explain_every_duty_condition() -> None:
    codes = {p.code for p in check([ROOT / "rules"])}
    assert "FC804" not in codes
    assert "FC805" not in codes


def test_a_duty_condition_without_a_sentence_is_reported(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    extra = folder / "duties" / "extra.yaml"
    extra.write_text(_DUTY, encoding="utf-8")
    found = [p for p in check([folder]) if p.code == "FC804"]
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "warning"
    assert problem.file == str(extra)
    assert "'household'" in problem.message
    assert "explanations.yaml" in (problem.suggestion or "")
    # the rule's own words are enough
    extra.write_text(
        _DUTY + "    explain:\n      child.household: {nb: a, nn: a, en: a}\n", encoding="utf-8"
    )
    assert not [p for p in check([folder]) if p.code == "FC804"]


def test_a_duty_no_rule_names_persons_for_is_reported(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    (folder / "duties" / "board.yaml").unlink()
    found = {p.message.split("'")[1] for p in check([folder]) if p.code == "FC805"}
    assert found == {
        "notify_child_welfare",
        "notify_police",
        "decide_application",
        "temporary_accommodation",
    }


def test_an_explain_key_that_names_no_condition_is_an_error(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    extra = folder / "duties" / "extra.yaml"
    extra.write_text(
        _DUTY
        + "    explain:\n      child.ages: {nb: a, nn: a, en: a}\n"
        + "      child.household: {nb: '{nope}', nn: a, en: a}\n",
        encoding="utf-8",
    )
    found = [p for p in check([folder]) if p.code == "FC530"]
    assert len(found) == 2
    assert any("child.age_group" in (p.suggestion or "") for p in found)
    assert any("{nope}" in p.message for p in found)


def test_a_broken_explanations_file_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = _rules(tmp_path)
    path = folder / "vocabulary" / "explanations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('    en: "{name} is {age}, {actual}', '    en: "{name} is {agee}, {actual}'),
        encoding="utf-8",
    )
    found = [p for p in check([folder]) if p.code == "FC223"]
    assert len(found) == 1
    assert found[0].line is not None
    assert "{agee}" in found[0].message
