"""The shipped vocabularies, lookups by label, and located problems in broken ones."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from familycase._text import LANGS
from familycase.errors import ContentError, Problem
from familycase.rules.provisions import load_provisions
from familycase.rules.vocabulary import ID_PATTERN, Vocabularies, Vocabulary, load_vocabularies

REPO_ROOT = Path(__file__).resolve().parents[2]
VOCAB_DIR = REPO_ROOT / "rules" / "vocabulary"
SEED = REPO_ROOT.parent / "shared" / "domain" / "vocabulary-seed.yaml"

MAIN = ("laws", "services", "measures", "concern_kinds", "relation_kinds")


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return load_vocabularies()


def _all(vocab: Vocabularies) -> list[Vocabulary]:
    return [*(vocab.by_name(n) for n in MAIN), *vocab.terms.values()]


# -- the shipped vocabularies ----------------------------------------------------------------


def test_every_shipped_vocabulary_loads(vocab: Vocabularies) -> None:
    for name in MAIN:
        assert len(vocab.by_name(name)) > 0, name
    for term in ("certainty", "concern_status", "severity", "source", "urgency", "age_group"):
        assert len(vocab.by_name(term)) > 0, term
    assert vocab.ui, "ui.yaml texts are loaded"


def test_loading_the_shipped_directory_explicitly_gives_the_same(vocab: Vocabularies) -> None:
    again = load_vocabularies(VOCAB_DIR)
    for name in MAIN:
        assert list(again.by_name(name)) == list(vocab.by_name(name))
    assert set(again.terms) == set(vocab.terms)
    assert load_vocabularies() is vocab  # the default set is cached


def test_every_entry_has_nb_nn_and_en(vocab: Vocabularies) -> None:
    for vocabulary in _all(vocab):
        for entry_id in vocabulary:
            entry = vocabulary[entry_id]
            assert ID_PATTERN.fullmatch(entry.id), entry.id
            for lang in LANGS:
                label = entry.label.get(lang)
                assert label.strip() == label, (vocabulary.name, entry_id, lang)
                assert label, (vocabulary.name, entry_id, lang)
    for key, text in vocab.ui.items():
        assert all(text.get(lang) for lang in LANGS), key


def test_entry_attributes_are_typed(vocab: Vocabularies) -> None:
    for kind in vocab.relation_kinds:
        entry = vocab.relation_kinds[kind]
        assert isinstance(entry.attr("symmetric"), bool), kind
        assert isinstance(entry.attr("caregiving"), bool), kind
    assert vocab.relation_kinds["parent"].attr("caregiving") is True
    assert vocab.relation_kinds["temporary_carer"].attr("caregiving") is True
    assert vocab.relation_kinds["aunt_uncle"].attr("caregiving") is False
    assert vocab.relation_kinds["partner"].attr("symmetric") is True
    assert vocab.relation_kinds["parent"].attr("symmetric") is False
    for measure in vocab.measures:
        assert vocab.measures[measure].attr("scope") in {"family", "person"}, measure
    for kind in vocab.concern_kinds:
        assert vocab.concern_kinds[kind].attr("category") is not None, kind
    assert vocab.concern_kinds["substance_problem"].attr("category") == "substance"


def test_seed_ids_are_all_present(vocab: Vocabularies) -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is not available")
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    for section in ("laws", "services", "measures"):
        wanted = set(seed[section])
        assert wanted, section
        missing = sorted(wanted - set(vocab.by_name(section)))
        assert not missing, f"{section} lacks seed ids {missing}"


def test_vignette_needs_are_covered(vocab: Vocabularies) -> None:
    needed = {
        "partner_violence",
        "child_witnessed_violence",
        "substance_problem",
        "substance_history",
        "relapse_signs",
        "depression",
        "overdose",
        "job_loss",
        "unemployment",
        "uncertain_work",
        "housing_instability",
        "social_isolation",
        "migration_without_network",
        "parental_conflict",
        "care_concern",
    }
    assert needed <= set(vocab.concern_kinds)


def test_labels(vocab: Vocabularies) -> None:
    assert vocab.services.label("child_welfare", "nb") == "barnevernstjenesten"
    assert vocab.services.label("child_welfare", "nn") == "barnevernstenesta"
    assert vocab.services.label("child_welfare", "en") == "child welfare service"
    assert vocab.services.label("no_such_service", "nb") == "no_such_service"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("concern_kinds", "rusproblem", "substance_problem"),
        ("concern_kinds", "substance-use problem", "substance_problem"),
        ("concern_kinds", "substance_problem", "substance_problem"),
        ("services", "barnevernstjenesten", "child_welfare"),
        ("services", "Barnevernstjenesten", "child_welfare"),
        ("services", "barnevernstenesta", "child_welfare"),
        ("services", "child welfare service", "child_welfare"),
        ("services", "child welfare", "child_welfare"),
        ("services", "  fastlege ", "gp"),
        ("relation_kinds", "steforelder", "step_parent"),
        ("relation_kinds", "step-parent", "step_parent"),
        ("laws", "barnevernslova", "barnevernsloven"),
    ],
)
def test_resolve_accepts_ids_and_labels(
    vocab: Vocabularies, name: str, text: str, expected: str
) -> None:
    assert vocab.by_name(name).resolve(text) == expected


def test_resolve_normalises_unicode(vocab: Vocabularies) -> None:
    label = "barnet viser tegn på å ha det vanskelig"
    decomposed = unicodedata.normalize("NFD", label)
    assert decomposed != label
    assert vocab.concern_kinds.resolve(decomposed) == "child_distress"


def test_resolve_unknown_is_none(vocab: Vocabularies) -> None:
    assert vocab.services.resolve("barnevern") is None
    assert vocab.concern_kinds.resolve("") is None


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("concern_kinds", "child_distres", "child_distress"),
        ("concern_kinds", "substance_problems", "substance_problem"),
        ("concern_kinds", "rusproblem", "substance_problem"),
        ("services", "scool", "school"),
        ("services", "barnevernstjeneste", "child_welfare"),
        ("relation_kinds", "stepparent", "step_parent"),
    ],
)
def test_suggest_gives_close_ids(vocab: Vocabularies, name: str, text: str, expected: str) -> None:
    hint = vocab.by_name(name).suggest(text)
    assert hint is not None
    assert hint.startswith(f"Did you mean '{expected}'")
    assert "(nb: " in hint


def test_suggest_lists_known_ids_when_nothing_is_close(vocab: Vocabularies) -> None:
    hint = vocab.services.suggest("qqqqzzzz")
    assert hint is not None
    assert hint.startswith("Known services: nav_office, child_welfare")
    assert hint.endswith(", ....")  # more than 12 services: the list is cut


def test_law_in_force_by_date(vocab: Vocabularies) -> None:
    assert not vocab.law_in_force("barnevernsloven", date(2022, 12, 31))
    assert vocab.law_in_force("barnevernsloven", date(2023, 1, 1))
    assert vocab.law_in_force("barnevernloven_1992", date(2022, 12, 31))
    assert not vocab.law_in_force("barnevernloven_1992", date(2023, 1, 1))
    assert vocab.law_in_force("sosialtjenesteloven", date(2018, 10, 1))


def test_provisions_load_and_cite(vocab: Vocabularies) -> None:
    provisions = load_provisions()
    assert "bvl_13_2_a" in provisions
    for pid in provisions.entries:
        provision = provisions[pid]
        assert provision.law in vocab.laws, pid
        text = provisions.citation_text(pid)
        assert all(text.get(lang) for lang in LANGS), pid
    assert provisions.citation("bvl_13_2_a", "nb") == (
        "barnevernsloven § 13-2 første ledd bokstav a"
    )
    assert provisions.citation("bvl_13_2_a", "en").startswith("Child Welfare Act (2021) section")
    assert not provisions["bvl_13_2_a"].in_force(date(2018, 10, 1))
    assert provisions["bvl_13_2_a"].in_force(date(2023, 1, 1))


# -- broken vocabularies -----------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "vocabulary"
    shutil.copytree(VOCAB_DIR, target)
    return target


def _append(path: Path, line: str) -> int:
    """Append ``line`` to ``path`` (inside its top-level mapping); return its line number."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def _find(problems: tuple[Problem, ...], code: str, file: str) -> Problem:
    found = [p for p in problems if p.code == code and (p.file or "").endswith(file)]
    assert len(found) == 1, [(p.code, p.file, p.message) for p in problems]
    return found[0]


def test_broken_vocabularies_report_every_problem_at_once(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    no_nn = _append(directory / "services.yaml", "  broken_service: {nb: noe, en: something}")
    unknown_attr = _append(
        directory / "concern_kinds.yaml",
        "  broken_kind: {nb: a, nn: b, en: c, categroy: violence}",
    )
    bad_id = _append(directory / "relation_kinds.yaml", "  Bad-Kind: {nb: a, nn: b, en: c}")
    bad_enum = _append(
        directory / "measures.yaml", "  broken_measure: {nb: a, nn: b, en: c, scope: household}"
    )
    bad_date = _append(
        directory / "laws.yaml", '  broken_law: {nb: a, nn: b, en: c, valid_from: "2023-13-45"}'
    )
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    problems = info.value.problems
    assert len(problems) == 5, str(info.value)
    text = str(info.value)

    expected = [
        ("FC203", "services.yaml", no_nn, "nn"),
        ("FC204", "concern_kinds.yaml", unknown_attr, "categroy"),
        ("FC202", "relation_kinds.yaml", bad_id, "Bad-Kind"),
        ("FC205", "measures.yaml", bad_enum, "scope"),
        ("FC205", "laws.yaml", bad_date, "valid_from"),
    ]
    for code, file, line, word in expected:
        problem = _find(problems, code, file)
        assert problem.line == line, (code, file)
        assert word in problem.message, problem.message
        assert problem.file == str(directory / file)
        assert f"{directory / file}:{line}" in text
    assert _find(problems, "FC204", "concern_kinds.yaml").suggestion == "Did you mean 'category'?"
    assert "family, person" in _find(problems, "FC205", "measures.yaml").message


def test_a_yes_string_is_not_a_boolean_attribute(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    line = _append(
        directory / "relation_kinds.yaml",
        "  neighbour: {nb: nabo, nn: nabo, en: neighbour, symmetric: yes}",
    )
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    problem = _find(info.value.problems, "FC205", "relation_kinds.yaml")
    assert problem.line == line
    assert "bool" in problem.message


def test_missing_vocabulary_file_and_term_list(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "measures.yaml").unlink()
    terms = directory / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    start = text.index("\nurgency:")
    end = text.index("\n", text.index("planned:", start))
    terms.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    codes = sorted((p.code, Path(p.file or "").name) for p in info.value.problems)
    assert codes == [("FC101", "measures.yaml"), ("FC206", "terms.yaml")]
    assert "urgency" in _find(info.value.problems, "FC206", "terms.yaml").message


def test_wrong_top_level_key(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    services = directory / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace("\nservices:\n", "\nservice:\n"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    problem = _find(info.value.problems, "FC201", "services.yaml")
    assert "'services'" in problem.message


def test_yaml_problems_in_vocabulary_files_are_reported_with_the_rest(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    dup = _append(directory / "services.yaml", "  gp: {nb: fastlege, nn: fastlege, en: GP}")
    no_en = _append(directory / "concern_kinds.yaml", "  odd_kind: {nb: a, nn: b}")
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    assert _find(info.value.problems, "FC108", "services.yaml").line == dup
    assert _find(info.value.problems, "FC203", "concern_kinds.yaml").line == no_en


@pytest.mark.parametrize("written", ['"20230101"', '"2023-W01-1"', '"2023-1-1"'])
def test_a_vocabulary_date_is_written_yyyy_mm_dd(tmp_path: Path, written: str) -> None:
    directory = _copy(tmp_path)
    line = _append(
        directory / "laws.yaml", f"  broken_law: {{nb: a, nn: b, en: c, valid_from: {written}}}"
    )
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    problem = _find(info.value.problems, "FC205", "laws.yaml")
    assert problem.line == line
    assert problem.suggestion == "Write dates as YYYY-MM-DD."


# -- the evidence threshold ------------------------------------------------------------------


def test_the_evidence_threshold_is_mapped_once_onto_the_certainty_scale(
    vocab: Vocabularies,
) -> None:
    scale = vocab.terms["certainty"]
    meets = {c: scale[c].attr("reason_to_believe") for c in scale}
    assert meets == {
        "suspected": False,
        "concrete_indications": True,
        "reported": True,
        "confirmed": True,
    }


def test_a_certainty_level_must_say_whether_it_meets_the_threshold(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    terms = directory / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    terms.write_text(
        text.replace("certainty:\n", "certainty:\n  rumour: {nb: rykte, nn: rykte, en: rumour}\n"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_vocabularies(directory)
    problem = _find(info.value.problems, "FC207", "terms.yaml")
    assert "rumour" in problem.message
    assert "reason_to_believe" in problem.message
    assert "reason_to_believe: false" in (problem.suggestion or "")
