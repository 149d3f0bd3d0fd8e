"""A broken rule file is refused, with every problem located and explained.

Each fixture in ``tests/fixtures/rules/`` holds otherwise-valid rules plus one defect. The
defect's line carries a marker comment::

    kind: [substance_history, rusproblem]  # <- FC513 suggests substance_problem

which says: a problem with code FC513 is reported at this line of this file, and its
suggestion names ``substance_problem``. A folder fixture (``duplicate_ids/``) is loaded as
a rules folder; its markers may be in any of its files. ``at_once/`` holds files with
several defects that must all be reported together.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from familycase.errors import ContentError, Problem
from familycase.rules.provisions import load_provisions
from familycase.rules.rulebook import build_rulebook, load_rulebook, rule_files
from familycase.rules.vocabulary import load_vocabularies

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "rules"
AT_ONCE = FIXTURES / "at_once"

_MARKER = re.compile(r"#\s*<-\s*(FC\d{3})(?:\s+suggests\s+(\S+))?")

# Fixtures without a line to point at: the file itself is the defect.
_UNMARKED = {"FC104_empty.yaml": "FC104", "FC104_only_comments.yaml": "FC104"}


@dataclass(frozen=True)
class Marker:
    """An expected problem: its code, file, line and (maybe) a word of its suggestion."""

    code: str
    file: Path
    line: int
    suggests: str | None
    text: str  # the marked line


def markers(path: Path) -> list[Marker]:
    """The markers of a fixture file or of every rule file in a fixture folder."""
    files = rule_files(path) if path.is_dir() else [path]
    out = []
    for file in files:
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            found = _MARKER.search(text)
            if found:
                out.append(Marker(found[1], file, number, found[2], text))
    return out


def _fixture_paths() -> list[Path]:
    return sorted([*FIXTURES.glob("*.yaml"), FIXTURES / "duplicate_ids"])


def _code_of(path: Path) -> str:
    """The error code a fixture is about: its name's prefix (``FC512_...``)."""
    return "FC510" if path.name == "duplicate_ids" else path.name[:5]


def _structural(path: Path) -> bool:
    """Fixtures refused before the semantic checks (YAML or structure)."""
    return path.name.startswith(("FC1", "FC3"))


def _params(paths: list[Path], *, unmarked: bool = False) -> list[object]:
    return [
        pytest.param(path, id=path.name) for path in paths if unmarked or path.name not in _UNMARKED
    ]


def _companion(directory: Path) -> Path:
    """A valid rule file, so that a rulebook has at least one well-formed file."""
    path = directory / "companion.yaml"
    path.write_text(
        """rules:
  - id: companion_rule
    title: {nb: Nettverk, nn: Nettverk, en: Network}
    reason: {nb: "{person}", nn: "{person}", en: "{person}"}
    when:
      - person: {age_group: adult}
    then:
      suggest: {measure: network_support, obligation: recommendation,
                responsible: nav_office, persons: [$person.pid], urgency: planned}
""",
        encoding="utf-8",
    )
    return path


def refuse(path: Path) -> ContentError:
    """Load ``path`` and return the ContentError it must raise."""
    with pytest.raises(ContentError) as info:
        load_rulebook(path)
    return info.value


def refuse_beside_valid(path: Path, tmp_path: Path) -> ContentError:
    """Build a rulebook from a valid companion file plus ``path``'s rule files.

    This checks a fixture's problems independently of the single-file crash (see
    ``_BUG_UNBOUND_SPEC``); the fixture keeps its own path in every problem.
    """
    files = [_companion(tmp_path), *(rule_files(path) if path.is_dir() else [path])]
    with pytest.raises(ContentError) as info:
        build_rulebook(files, load_vocabularies(), load_provisions())
    return info.value


def _show(problems: tuple[Problem, ...]) -> str:
    return "\n".join(p.format() for p in problems)


def assert_located(error: ContentError, marker: Marker) -> Problem:
    """The problem ``marker`` expects: its code, file, line, column, suggestion, text."""
    candidates = [p for p in error.problems if p.code == marker.code and p.file == str(marker.file)]
    assert candidates, f"no {marker.code} for {marker.file.name}:\n{_show(error.problems)}"
    at_line = [p for p in candidates if p.line == marker.line]
    assert at_line, (
        f"{marker.code} expected at line {marker.line} ({marker.text.strip()!r}), got lines "
        f"{[p.line for p in candidates]}:\n{_show(error.problems)}"
    )
    problem = at_line[0]
    assert problem.column is not None
    assert 1 <= problem.column <= len(marker.text)
    pointed = marker.text[problem.column - 1]
    assert pointed == "\t" or not pointed.isspace(), "the column points at a token (or a tab)"
    if marker.suggests is not None:
        assert problem.suggestion is not None
        assert marker.suggests in problem.suggestion, problem.format()
    assert problem.message
    location = f"{marker.file}:{marker.line}:{problem.column}"
    assert location in str(error)
    assert f"[{marker.code}]" in str(error)
    return problem


# -- one fixture per error kind ------------------------------------------------------------
def test_every_documented_code_has_a_fixture() -> None:
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (FC5\d\d) \|", docs, re.M))
    assert "FC510" in documented
    covered = {m.code for path in _fixture_paths() for m in markers(path)}
    assert documented - {"FC500"} <= covered
    assert {"FC103", "FC104", "FC108", "FC301", "FC302", "FC303"} <= covered | set(
        _UNMARKED.values()
    )


@pytest.mark.parametrize("path", _params(_fixture_paths(), unmarked=True))
def test_fixture_is_well_formed(path: Path) -> None:
    """Each fixture has one defect kind: markers of a single code, or none for FC104."""
    found = markers(path)
    if path.name in _UNMARKED:
        assert not found
        return
    assert found, "a fixture marks its defect with '# <- FCnnn'"
    assert {m.code for m in found} == {_code_of(path)}


@pytest.mark.parametrize("path", _params(_fixture_paths()))
def test_fixture_is_refused_with_located_problem(path: Path) -> None:
    error = refuse(path)
    for marker in markers(path):
        assert_located(error, marker)


@pytest.mark.parametrize(
    "path",
    _params(
        [p for p in _fixture_paths() if p.name in _UNMARKED],
        unmarked=True,
    ),
)
def test_empty_file_is_refused(path: Path) -> None:
    error = refuse(path)
    assert [p.code for p in error.problems] == ["FC104"]
    assert error.problems[0].file == str(path)
    assert str(path) in str(error)


@pytest.mark.parametrize(
    "path",
    _params(
        [p for p in _fixture_paths() if _structural(p)],
        unmarked=True,
    ),
)
def test_structure_problem_is_located_beside_a_valid_file(path: Path, tmp_path: Path) -> None:
    error = refuse_beside_valid(path, tmp_path)
    if path.name in _UNMARKED:
        assert [(p.code, p.file) for p in error.problems] == [("FC104", str(path))]
        return
    for marker in markers(path):
        assert_located(error, marker)


@pytest.mark.parametrize("path", _params(_fixture_paths()))
def test_single_defect_reports_only_itself(path: Path, tmp_path: Path) -> None:
    """No follow-on problems: exactly the marked problems are reported."""
    error = refuse_beside_valid(path, tmp_path) if _structural(path) else refuse(path)
    got = sorted((p.code, p.file or "", p.line or 0) for p in error.problems)
    want = sorted((m.code, str(m.file), m.line) for m in markers(path))
    assert got == want, _show(error.problems)


# -- specific expectations -----------------------------------------------------------------
def _problem(path: Path, code: str) -> Problem:
    error = refuse(path)
    return next(p for p in error.problems if p.code == code)


def test_duplicate_id_names_both_places() -> None:
    folder = FIXTURES / "duplicate_ids"
    assert not (folder / "vocabulary").exists()
    assert not (folder / "law").exists()
    problem = _problem(folder, "FC510")
    assert problem.file == str(folder / "b_second.yaml")
    assert "fx_fc510_same_id" in problem.message
    first = markers(folder)[0]
    assert first.file.name == "b_second.yaml"
    assert f"{folder / 'a_first.yaml'}:3" in problem.message
    assert problem.path == "rules[1].id"


def test_duplicate_id_names_first_line_even_when_first_rule_is_invalid() -> None:
    path = AT_ONCE / "seven_defects.yaml"
    problem = _problem(path, "FC510")
    assert f"{path}:3" in problem.message


def test_folder_without_vocabulary_or_law_uses_shipped_ones(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "duplicate_ids" / "a_first.yaml", tmp_path / "only.yaml")
    book = load_rulebook(tmp_path)
    shipped = load_rulebook()
    assert [r.id for r in book.rules] == ["fx_fc510_same_id"]
    assert list(book.vocabularies.measures) == list(shipped.vocabularies.measures)
    assert set(book.provisions.entries) == set(shipped.provisions.entries)


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    error = refuse(tmp_path)
    assert [p.code for p in error.problems] == ["FC500"]
    assert error.problems[0].file == str(tmp_path)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("FC302_unknown_key.yaml", "Did you mean 'when'?"),
        ("FC511_unknown_fact_type.yaml", "Did you mean 'person'?"),
        ("FC512_unknown_field.yaml", "Did you mean 'age_group'?"),
        ("FC513_unknown_concern_kind.yaml", "Did you mean 'substance_problem'"),
        ("FC516_unknown_provision.yaml", "Did you mean 'sotjl_45'?"),
        ("FC519_unknown_measure.yaml", "Did you mean 'notify_child_welfare'"),
        ("FC519_unknown_service.yaml", "Did you mean 'crisis_centre'"),
    ],
)
def test_did_you_mean_names_the_right_id(fixture: str, expected: str, tmp_path: Path) -> None:
    path = FIXTURES / fixture
    error = refuse_beside_valid(path, tmp_path) if _structural(path) else refuse(path)
    code = _code_of(path)
    found = [p for p in error.problems if p.code == code and expected in (p.suggestion or "")]
    assert found, _show(error.problems)


@pytest.mark.parametrize(
    "path", _params([p for p in _fixture_paths() if p.name.startswith("FC302")])
)
def test_unknown_field_points_at_its_key(path: Path, tmp_path: Path) -> None:
    """The column is the misspelt key's, not its value's (``legal_bassis: [...]``)."""
    error = refuse_beside_valid(path, tmp_path)
    for marker in markers(path):
        problem = assert_located(error, marker)
        key = marker.text.split(":")[0].strip().removeprefix("- ")
        assert problem.column == marker.text.index(key) + 1, problem.format()
        assert problem.message == f"Unknown field '{key}'."


def test_problem_shows_its_source_line() -> None:
    error = refuse(FIXTURES / "FC519_unknown_measure.yaml")
    problem = error.problems[0]
    assert problem.excerpt is not None
    assert "notify_child_welfar" in problem.excerpt
    assert f"{problem.line} | " in str(error)
    assert problem.path == "rules[0].then.suggest.measure"
    assert problem.path in str(error)


# -- every problem at once -----------------------------------------------------------------
def test_seven_defects_in_one_file_are_reported_at_once() -> None:
    path = AT_ONCE / "seven_defects.yaml"
    expected = markers(path)
    assert len({m.code for m in expected}) == 7
    error = refuse(path)
    for marker in expected:
        assert_located(error, marker)
    assert len({p.code for p in error.problems}) == 7
    assert all(p.file == str(path) for p in error.problems)


def test_structure_problem_does_not_hide_other_rules_problems(tmp_path: Path) -> None:
    path = AT_ONCE / "structure_and_semantics.yaml"
    error = refuse_beside_valid(path, tmp_path)
    for marker in markers(path):
        assert_located(error, marker)


def test_cycle_is_reported_with_other_problems() -> None:
    path = AT_ONCE / "cycle_and_other.yaml"
    error = refuse(path)
    for marker in markers(path):
        assert_located(error, marker)


def test_cycle_blames_only_the_rules_on_the_cycle() -> None:
    path = AT_ONCE / "cycle_downstream.yaml"
    error = refuse(path)
    got = sorted((p.code, p.line) for p in error.problems)
    assert got == [(m.code, m.line) for m in markers(path)], _show(error.problems)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    """All fixtures in one rules folder: each fixture's problems are all reported."""
    expected: set[tuple[str, str]] = set()
    for path in _fixture_paths():
        if path.is_dir():
            target = tmp_path / path.name
            shutil.copytree(path, target)
        else:
            shutil.copy(path, tmp_path / path.name)
        for marker in markers(path):
            expected.add((marker.code, marker.file.name))
        if path.name in _UNMARKED:
            expected.add((_UNMARKED[path.name], path.name))
    _companion(tmp_path)
    error = refuse(tmp_path)
    got = {(p.code, Path(p.file or "").name) for p in error.problems}
    assert expected <= got, sorted(expected - got)
