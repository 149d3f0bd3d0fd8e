"""``familycase review``: the review table for domain reviewers, generated from the rules and
features; ``docs/domain-review.md`` is the shipped table and must be regenerated with them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from familycase._resources import rules_dir
from familycase.cli import main
from familycase.errors import UsageError
from familycase.review import GENERATED_MARK, REGENERATE, review_markdown

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "domain-review.md"

DUTY = """\
description: Duties for the review test.
rules:
  - id: fx_duty
    title: {nb: Meld barnet, nn: Meld barnet, en: Report the child}
    reason:
      nb: "{child} er utsatt. Meldingen gis uten hinder av taushetsplikt."
      nn: "{child} er utsett. Meldinga blir gitt utan hinder av teieplikt."
      en: "{child} is exposed. The report is made notwithstanding confidentiality."
    legal_basis: [sotjl_45, bvl_13_2_a]
    note: Read here as any current exposure | also a past one is not enough.
    when:
      - person: {age_group: child}
        as: child
      - exposure: {person: $child.pid, category: violence, reason_to_believe: true}
    then:
      suggest:
        measure: notify_child_welfare
        obligation: duty
        responsible: nav_office
        services: [child_welfare]
        persons: [$child.pid]
        urgency: soon
"""

PRACTICE = """\
rules:
  - id: fx_derive
    title: {nb: Belastning, nn: Belastning, en: Burden}
    reason:
      nb: "Det er meldt dette om {concern}: {concern.kind}."
      nn: "Det er meldt dette om {concern}: {concern.kind}."
      en: "Reported about {concern}: {concern.kind}."
    when:
      - concern: {category: substance, status: current}
    then:
      derive:
        fact: fx_burden
        fields: {person: $concern.person}
  - id: fx_housing
    title: {nb: Bolig, nn: Bustad, en: Housing}
    reason:
      nb: "{adult} trenger bolig. Nav deler uten hinder av taushetsplikt."
      nn: "{adult} treng bustad."
      en: "{adult} needs a home."
    legal_basis: [sotjl_27]
    when:
      - person: {age_group: adult}
        as: adult
    then:
      suggest:
        measure: temporary_accommodation
        obligation: recommendation
        responsible: nav_office
        persons: [$adult.pid]
        urgency: planned
"""

FEATURE = """\
Feature: Review fixture

  @fires:fx_duty
  Scenario: A child exposed to violence is reported
    Given the evaluation date is 1 June 2025
    When the case is assessed

  @does_not_fire:fx_duty
  Scenario: An adult is not a child
    Given the evaluation date is 1 June 2025
    When the case is assessed
"""


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir() / "vocabulary", rules / "vocabulary")
    shutil.copytree(rules_dir() / "law", rules / "law")
    # practice is written first and sorts first by name: duties must still come first
    (rules / "a_practice").mkdir()
    (rules / "practice").mkdir()
    (rules / "practice" / "b.yaml").write_text(PRACTICE, encoding="utf-8")
    (rules / "duties").mkdir()
    (rules / "duties" / "z.yaml").write_text(DUTY, encoding="utf-8")
    features = tmp_path / "features"
    (features / "sub").mkdir(parents=True)
    (features / "sub" / "review.feature").write_text(FEATURE, encoding="utf-8")
    return rules, features


def test_the_shipped_review_table_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == review_markdown(), (
        f"docs/domain-review.md is out of date: regenerate it with `{REGENERATE}`"
    )


def test_the_table_of_a_small_rules_folder(tmp_path: Path) -> None:
    rules, features = _folders(tmp_path)
    text = review_markdown(rules, features=features)
    assert text.startswith("# Domain review of the rules\n")
    assert GENERATED_MARK in text
    assert REGENERATE in text
    assert "3 rules in 2 files." in text
    # duties first, then practice; rules in the order written
    assert text.index("## rules/duties/z.yaml") < text.index("## rules/practice/b.yaml")
    assert text.index("### fx_derive") < text.index("### fx_housing")
    assert "Duties for the review test." in text
    duty = text[text.index("### fx_duty") : text.index("## rules/practice")]
    assert "**Meld barnet** (en: Report the child)" in duty
    assert "- **Written in:** `rules/duties/z.yaml:3`" in duty
    assert "duty: suggests *melding til barnevernstjenesten* (`notify_child_welfare`)" in duty
    assert (
        "barnevernsloven § 13-2 første ledd bokstav a (`bvl_13_2_a`): ✅ confirmed · "
        "in force: from 2023-01-01 · lifts confidentiality"
    ) in duty
    assert "sosialtjenesteloven § 45 (`sotjl_45`): ⚠️ partly" in duty
    # the provision's note in the three languages, in the order nb, nn, en
    note = duty[duty.index("note: (nb) Paragrafnummeret er bekreftet") :]
    assert note.index("(nn) Paragrafnummeret er stadfesta") < note.index("(en) The section")
    assert "its text says it applies notwithstanding confidentiality; lifted by" in duty
    # the note, on one line, with its pipe escaped
    assert "**Reading where the law is open:** Read here as any current exposure \\| also" in duty
    assert "  - `features/sub/review.feature:4` A child exposed to violence is reported" in duty
    assert "  - `features/sub/review.feature:9` An adult is not a child" in duty
    assert duty.index("must fire") < duty.index("review.feature:4") < duty.index("stay silent")
    assert "- **Reviewed by:**" in duty
    assert "test_every_rule" not in text  # no examples file given: no line about it
    # the summary row, with the blank column to sign
    assert "| [`fx_duty`](#fx_duty) | duty | `notify_child_welfare` | ⚠️ `sotjl_45` ✅ " in text
    assert "| 1 / 0 | |" not in text
    assert "| 1 / 1 | |" in text
    # what check warns about is shown where the reviewer reads the rule
    derive = text[text.index("### fx_derive") : text.index("### fx_housing")]
    assert "**Derives:** the fact `fx_burden`" in derive
    assert "FC802" in derive
    assert "- **Scenarios where it must fire:** none" in derive
    housing = text[text.index("### fx_housing") :]
    assert "no provision it cites lifts it (FC803)" in housing
    assert "sosialtjenesteloven § 27 (`sotjl_27`): ✅ confirmed" in housing
    # the file table names the rules no scenario makes fire
    assert "| 2 | 0 | `fx_derive`, `fx_housing` |" in text


def test_the_table_is_the_same_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, features = _folders(tmp_path)
    first = review_markdown(rules, features=features)
    monkeypatch.chdir(tmp_path)
    assert review_markdown(Path("rules"), features=Path("features")) == first
    assert str(tmp_path) not in first


def test_the_python_examples_are_named_when_there_is_a_file(tmp_path: Path) -> None:
    rules, features = _folders(tmp_path)
    examples = tmp_path / "test_every_rule.py"
    examples.write_text('EXAMPLES: dict[str, int] = {"fx_duty": 1}\n', encoding="utf-8")
    text = review_markdown(rules, features=features, examples=examples)
    duty = text[text.index("### fx_duty") : text.index("## rules/practice")]
    assert "- **Example in `tests/rules/test_every_rule.py`:** yes" in duty
    housing = text[text.index("### fx_housing") :]
    assert "- **Example in `tests/rules/test_every_rule.py`:** no" in housing


# -- the command -------------------------------------------------------------------------------
def test_review_prints_or_writes_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, features = _folders(tmp_path)
    args = ["review", "--rules", str(rules), "--features", str(features)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert printed == review_markdown(rules, features=features)
    out = tmp_path / "review.md"
    assert main([*args, "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == printed
    # a generated table is overwritten: regenerating is one command
    out.write_text(printed.replace("fx_duty", "fx_old"), encoding="utf-8")
    assert main([*args, "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed


def test_review_refuses_to_overwrite_another_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, features = _folders(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n", encoding="utf-8")
    args = ["review", "--rules", str(rules), "--features", str(features), "-o", str(notes)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{notes} exists and is not a generated review table" in err
    assert "--force" in err
    assert notes.read_text(encoding="utf-8") == "# My notes\n"
    assert main([*args, "--force"]) == 0
    assert GENERATED_MARK in notes.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("--rules", "no such rules folder or file"),
        ("--features", "no such folder (of feature files)"),
    ],
)
def test_review_names_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, words: str
) -> None:
    missing = tmp_path / "missing"
    assert main(["review", option, str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: {words}" in err
    assert "Traceback" not in err


def test_review_names_a_missing_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "review.md"
    assert main(["review", "--output", str(out)]) == 2
    assert f"the folder {out.parent} does not exist" in capsys.readouterr().err


def test_review_reports_a_rule_file_that_does_not_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, features = _folders(tmp_path)
    broken = rules / "practice" / "b.yaml"
    broken.write_text(PRACTICE.replace("measure: temporary_accommodation", "measure: tmp"), "utf-8")
    assert main(["review", "--rules", str(rules), "--features", str(features)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:" in err
    assert "[FC519]" in err


def test_review_reports_a_feature_file_that_does_not_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, features = _folders(tmp_path)
    bad = features / "sub" / "bad.feature"
    bad.write_text("Feature: x\n  Scenario: y\n    Given a\n  | a | b |\n  | a |\n", "utf-8")
    assert main(["review", "--rules", str(rules), "--features", str(features)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "[FC611]" in err


def test_review_names_a_missing_examples_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        review_markdown(examples=tmp_path / "none.py")
