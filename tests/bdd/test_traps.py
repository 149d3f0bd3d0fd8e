"""The traps a domain expert fell into (issue 15): each is impossible or reported, with the
file and line, in the feature's language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from familycase.check import check
from familycase.testing import _words
from familycase.testing.steps import expectations, family, reasoning
from familycase.testing.world import (
    ExpectationFailed,
    FeatureWarning,
    StepInputError,
    World,
)

from ._outside import run_pytest
from .conftest import LIBRARY

HEAD = """# language: no
Egenskap: Feller

  Scenario: En familie
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | Sofie  | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 12    |              | hjemme   |
"""


def _feature(tmp_path: Path, *lines: str, head: str = HEAD) -> Path:
    path = tmp_path / "feller.feature"
    path.write_text(head + "".join(f"    {line}\n" for line in lines), encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str, int | None, str, str]]:
    return [(p.code, p.line, p.message, p.suggestion or "") for p in check([path])]


# -- familycase check reads the words inside the steps ------------------------------------
def test_check_exits_1_naming_the_line_of_a_misspelt_measure_and_the_right_word(
    tmp_path: Path,
) -> None:
    path = _feature(
        tmp_path,
        'Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt',
        'Så foreslås meling til barnevernstjenesten for "Ida"',
    )
    run = subprocess.run(
        [sys.executable, "-m", "familycase", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "feller.feature:12:5  [FC615]" in run.stdout, run.stdout
    assert "Kjenner ikke «meling til barnevernstjenesten» (tiltak)." in run.stdout
    assert "Mente du: «melding til barnevernstjenesten» (notify_child_welfare)" in run.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('Og en bekymring for "rusproblem" hos "Sofei"', "Mente du «Sofie»?"),
        ('Og en bekymring for "rusproblm" hos "Sofie"', "Kjenner ikke «rusproblm» (bekymring)"),
        ('Og en bekymring for "rusproblem" hos "Sofie" (rar)', "Forstår ikke «rar» i parentesen"),
        ('Så slår regelen "cw_duty_violenc" til', "Mente du: cw_duty_violence"),
        ('Og at "Ida" har kontakt med barnehagen', "Kjenner ikke «barnehagen» (tjeneste)"),
        ("Så bygger melding til barnevernstjenesten på lova § 45", "Forstår ikke hjemmelen"),
        ("Så har vurdere akutt sikkerhet hastegraden nå", "Kjenner ikke «nå» (hastegrad)"),
    ],
)
def test_check_reports_each_word_it_cannot_read(tmp_path: Path, line: str, message: str) -> None:
    found = [p for p in _problems(_feature(tmp_path, line)) if p[0] == "FC615"]
    assert [(code, n) for code, n, _, _ in found] == [("FC615", 11)], found
    assert message in found[0][2], found


def test_check_finds_table_problems_a_person_listed_twice_and_unknown_columns(
    tmp_path: Path,
) -> None:
    head = HEAD.replace(
        "      | Ida    | 12 ",
        "      | IDA    | 13    |              | hjemme   |\n      | Ida    | 12 ",
    )
    path = _feature(tmp_path, head=head)
    found = _problems(path)
    assert [(c, n) for c, n, _, _ in found] == [("FC615", 6)], found
    assert "«Ida» står to ganger i tabellen (også som «IDA»" in found[0][2]
    path = _feature(tmp_path, "Så foreslås:", "  | tiltak | ansvar |", "  | x | y |")
    found = _problems(path)
    assert [(c, n) for c, n, _, _ in found] == [("FC615", 11)], found
    assert "Tabellen har en kolonne familycase ikke kjenner: «ansvar»" in found[0][2]


def test_check_warns_about_the_old_concern_wording_and_a_child_using_violence(
    tmp_path: Path,
) -> None:
    path = _feature(tmp_path, 'Og en bekymring for "vold mot barn" som gjelder "Ida"')
    problems = check([path])
    assert {(p.code, p.line, p.severity) for p in problems} == {("FC806", 11, "warning")}
    text = " ".join(p.message for p in problems)
    assert 'en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt' in text
    assert "«Ida» (12 år) står som den som utøver «vold mot barn»" in text


def test_check_speaks_the_language_of_the_feature(tmp_path: Path) -> None:
    english = """Feature: Traps
  Scenario: A family
    Given the evaluation date is 2025-06-01
    And "father" is 42
    Then familycase suggests report to the child welfare service for "fathr"
"""
    path = tmp_path / "traps.feature"
    path.write_text(english, encoding="utf-8")
    found = _problems(path)
    assert [(c, n) for c, n, _, _ in found] == [("FC615", 5)], found
    assert 'Unknown person "fathr". Did you mean "father"?' in found[0][2]
    nynorsk = HEAD.replace("Egenskap: Feller", "Egenskap: Feller på nynorsk") + (
        '    Og ei uro for "rusproblem" hos "Sofie"\n    Så blir det stilt eit spørsmål om "x"\n'
        '    Og føreslår familycase hjelp til å skaffe eigna bustad for "Sofe"\n'
    )
    path.write_text(nynorsk, encoding="utf-8")
    found = _problems(path)
    assert [(c, n) for c, n, _, _ in found] == [("FC615", 13)], found
    assert "Kjenner ikkje personen «Sofe». Meinte du «Sofie»?" in found[0][2]


def test_a_coverage_tag_on_examples_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "eksempler.feature"
    path.write_text(
        """# language: no
Egenskap: Merker
  Scenariomal: Et barn
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er <alder> år
    Så foreslås ingenting

    @fyrer_ikke:cw_duty_violenc
    Eksempler:
      | alder |
      | 3     |
""",
        encoding="utf-8",
    )
    found = _problems(path)
    assert [(c, n) for c, n, _, _ in found] == [("FC613", 8)], found
    assert "Mente du «cw_duty_violence»?" in found[0][3]


@pytest.mark.parametrize(
    ("header", "lang_words"),
    [
        ("# language: nn\n", "Skriv «# language: no» for både nynorsk og bokmål"),
        ("", "Skriv «# language: no» som første linje"),
    ],
)
def test_a_language_header_problem_is_reported_in_norwegian(
    tmp_path: Path, header: str, lang_words: str
) -> None:
    path = tmp_path / "språk.feature"
    path.write_text(header + HEAD.removeprefix("# language: no\n"), encoding="utf-8")
    ((code, line, _, fix),) = _problems(path)
    assert (code, line) == ("FC611", 1)
    assert lang_words in fix


def test_the_shipped_features_have_no_problems() -> None:
    features = Path(__file__).resolve().parents[2] / "features"
    assert check([features]) == []


# -- a file that cannot be read fails alone -------------------------------------------------
def test_a_feature_file_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "test_features.py").write_text(
        "from familycase.testing import scenarios\nscenarios('.')\n", encoding="utf-8"
    )
    _feature(tmp_path, "Så foreslås ingen plikter", "Og vis vurderingen")
    (tmp_path / "nynorsk.feature").write_text(
        "# language: nn\n" + HEAD.removeprefix("# language: no\n"), encoding="utf-8"
    )
    run = run_pytest(tmp_path, "-rA")
    out = run.stdout + run.stderr
    assert "PASSED test_features.py::test_en_familie" in out, out
    assert "FAILED test_features.py::test_nynorsk_cannot_be_read" in out, out
    assert "nynorsk.feature:1:1  [FC611]" in out, out
    assert "de andre filene kjøres som vanlig" in out, out
    # "vis vurderingen": the assessment is in the report although the scenario passed
    assert "Vurdering: feature_case · Vurderingsdato: 2025-06-01" in out, out
    assert "Slik forstår vi situasjonen" in out, out


def test_a_rule_tag_on_examples_runs(tmp_path: Path) -> None:
    (tmp_path / "test_features.py").write_text(
        "from familycase.testing import scenarios\nscenarios('.')\n", encoding="utf-8"
    )
    (tmp_path / "eksempler.feature").write_text(
        HEAD.replace("  Scenario: En familie", "  Scenariomal: En familie")
        + '    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (<sikkerhet>)\n'
        + "\n    @fyrer:cw_duty_violence\n    Eksempler:\n      | sikkerhet |\n      | meldt |\n"
        + "      | mistanke |\n",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings =\n    error\n")
    run = run_pytest(tmp_path, "-rA")
    out = run.stdout + run.stderr
    assert "PASSED test_features.py::test_en_familie[meldt]" in out, out
    assert "FAILED test_features.py::test_en_familie[mistanke]" in out, out
    assert "merket @fyrer:cw_duty_violence, men regelen «cw_duty_violence» slo ikke til" in out
    assert "PytestUnknownMarkWarning" not in out, out


# -- steps run directly ----------------------------------------------------------------------
def test_ages_move_with_the_evaluation_date(world: World) -> None:
    family.evaluate_on(world, when="1. juni 2027")
    reasoning.age_group(world, person='"Ida"', age_group="ung voksen")
    assert next(p.age for p in world.assessment.persons if p.person == "ida") == 19
    with pytest.raises(ExpectationFailed, match="alder 19 på vurderingsdatoen 2027-06-01"):
        reasoning.age_group(world, person='"Ida"', age_group="barn")


def test_the_old_concern_wording_works_with_a_warning(world: World) -> None:
    with pytest.warns(FeatureWarning, match="«som gjelder» leses lett feil vei"):
        family.concern_old_wording(world, concern="rusproblem", persons='"far"')
    assert world.data["concerns"][0]["about"] == ["far"]


def test_a_child_recorded_as_using_violence_warns(world: World) -> None:
    family.concern(world, concern="vold mot barn", persons='"far"', exposed='"Ida"')
    world.case_data()  # no warning: the father uses it
    assert world.warnings == []
    family.concern(world, concern="seksuelle overgrep", persons='"Ida"')
    with pytest.warns(FeatureWarning, match="«Ida» \\(17 år\\) står som den som utøver"):
        world.case_data()


@pytest.mark.parametrize(
    ("when", "written", "law"),
    [
        ("1. juni 2025", "barnevernloven § 13-2", "barnevernsloven"),
        ("1. juni 2020", "barnevernloven § 6-4", "barnevernloven_1992"),
        ("1. juni 2025", "bvl. § 13-2", "barnevernsloven"),
        ("1. juni 2020", "bvl. § 6-4", "barnevernloven_1992"),
        ("1. juni 2025", "sotjl. § 45", "sosialtjenesteloven"),
    ],
)
def test_a_citation_names_the_act_in_force_on_the_date(
    world: World, when: str, written: str, law: str
) -> None:
    family.evaluation_date(world, when=when)
    assert expectations.parse_reference(world, written).law == law


def test_a_citation_of_an_act_not_in_force_fails_with_a_hint(world: World) -> None:
    family.concern(world, concern="vold mot barn", persons='"far"', exposed='"Ida"')
    with pytest.raises(ExpectationFailed) as failed:
        expectations.cites(world, measure="meldeplikt", legal="barnevernloven (1992) § 6-4")
    assert "barnevernloven (1992) gjaldt ikke på vurderingsdatoen 2025-06-01" in str(failed.value)
    assert "Loven som gjaldt da: «barnevernsloven»" in str(failed.value)


def test_lawyers_words_name_the_entries_they_mean() -> None:
    vocab = LIBRARY.rulebook.vocabularies
    assert _words.lookup(vocab.services, "barnevernet").id == "child_welfare"
    assert _words.lookup(vocab.measures, "meldeplikt").id == "notify_child_welfare"
    assert _words.lookup(vocab.measures, "opplysningsplikt").id == "notify_child_welfare"
    assert _words.lookup(vocab.measures, "avvergingsplikt").id == "notify_police"
    assert _words.lookup(vocab.measures, "the duty to inform").id == "notify_child_welfare"
    assert _words.lookup(vocab.laws, "bvl").ambiguous  # chosen by date in citations


def test_every_word_in_words_yaml_names_an_entry() -> None:
    vocab = LIBRARY.rulebook.vocabularies
    words = _words.feature_words()
    for name, entries in words.synonyms.items():
        assert set(entries) <= set(vocab.by_name(name)), name
    assert words.perpetrator_kinds <= set(vocab.concern_kinds)


def test_an_expected_duty_that_is_only_unclear_says_so_with_its_questions(world: World) -> None:
    family.concern(
        world, concern="vold mot barn", persons='"far"', exposed='"Ida"', details="mistanke"
    )
    with pytest.raises(ExpectationFailed) as failed:
        expectations.is_duty(world, measure="melding til barnevernstjenesten", persons='"Ida"')
    text = str(failed.value)
    assert "«melding til barnevernstjenesten» er en uavklart plikt for Ida" in text
    assert "Finnes det konkrete holdepunkter" in text


def test_a_case_problem_names_the_person_not_the_path(world: World) -> None:
    family.person_age(world, person='"baby"', age="0")
    with pytest.raises(StepInputError) as refused:
        family.evaluate_on(world, when="1. januar 2024")
    text = str(refused.value)
    assert "«baby» er ikke født ennå på vurderingsdatoen 2024-01-01" in text
    assert "persons[" not in text
    assert "FC308" not in text
    assert "as_of" not in text


def test_a_case_file_is_loaded_relative_to_the_feature(world: World, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "features/praksis/saker/vold_mot_barn.json"
    (tmp_path / "sak.json").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    world.feature_dir = tmp_path
    family.case_file(world, file='"sak.json"')
    expectations.is_duty(world, measure="meldeplikt", persons='"Ida"')
    with pytest.raises(StepInputError, match=r"Finner ikke saksfilen «mangler\.json»"):
        family.case_file(world, file='"mangler.json"')


def test_a_case_problem_reads_in_norwegian_without_english(tmp_path: Path) -> None:
    """A case familycase refuses (a parent younger than the child) is explained in the
    feature's language, naming the persons, with no English sentence and no code."""
    feature = tmp_path / "sak.feature"
    feature.write_text(
        "# language: no\n"
        "Egenskap: Test\n"
        "  Scenario: Feil i saken\n"
        "    Gitt vurderingsdatoen er 1. juni 2025\n"
        "    Og familien:\n"
        "      | person | alder | forelder til |\n"
        "      | mor    | 10    | Ida          |\n"
        "      | Ida    | 12    |              |\n"
        "    Når saken vurderes\n"
        '    Så foreslås melding til barnevernstjenesten for "Ida"\n',
        encoding="utf-8",
    )
    (tmp_path / "test_sak.py").write_text(
        "from familycase.testing import scenarios\n\nscenarios('.')\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    assert "alder og datoer som ikke kan stemme" in result.stdout
    assert "(mor, Ida)" in result.stdout
    assert "is a parent of" not in result.stdout
    assert "FC308" not in result.stdout
