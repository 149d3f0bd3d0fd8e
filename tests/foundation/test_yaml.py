"""The safe YAML loader: YAML 1.2-like scalars, positions, and located problems."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from familycase._yaml import MAX_FILE_BYTES, Mark, format_path, load_yaml, parse_yaml
from familycase.errors import ContentError, Problem


def _only(exc: ContentError, code: str) -> Problem:
    """The single problem of ``exc``, checked to have ``code``."""
    assert [p.code for p in exc.problems] == [code], str(exc)
    return exc.problems[0]


def _assert_located(exc: ContentError, code: str, file: str, line: int) -> Problem:
    problem = _only(exc, code)
    assert problem.file == file
    assert problem.line == line
    text = str(exc)
    assert f"{file}:{line}" in text
    assert f"[{code}]" in text
    return problem


# -- scalars -------------------------------------------------------------------------------


def test_norway_problem_words_stay_strings() -> None:
    doc = parse_yaml("country: NO\nanswer: yes\nother: No\nlight: off\nswitch: On\ny: y\n")
    assert doc.data == {
        "country": "NO",
        "answer": "yes",
        "other": "No",
        "light": "off",
        "switch": "On",
        "y": "y",
    }


def test_leading_zero_numbers_and_other_lookalikes_stay_strings() -> None:
    doc = parse_yaml("zip: 0123\nhex: 0x1F\noct: 0o17\nsexa: 1:20\nver: 1.2.3\nneg: -0123\n")
    assert doc.data == {
        "zip": "0123",
        "hex": "0x1F",
        "oct": "0o17",
        "sexa": "1:20",
        "ver": "1.2.3",
        "neg": "-0123",
    }


def test_yaml_1_2_core_scalars_are_typed() -> None:
    doc = parse_yaml(
        "t: true\nf: False\ni: 42\nz: 0\nn: -7\nx: 1.5\ne: -0.25\nnull1: ~\nnull2: null\nnone:\n"
        "quoted: \"42\"\nsingle: 'true'\nblock: |\n  12\n"
    )
    assert doc.data == {
        "t": True,
        "f": False,
        "i": 42,
        "z": 0,
        "n": -7,
        "x": 1.5,
        "e": -0.25,
        "null1": None,
        "null2": None,
        "none": None,
        "quoted": "42",
        "single": "true",
        "block": "12\n",
    }
    assert type(doc.data["i"]) is int
    assert type(doc.data["t"]) is bool


def test_dates_and_times_stay_strings() -> None:
    doc = parse_yaml("d: 2018-10-01\nts: 2018-10-01T10:00:00Z\nlist: [2019-10-15]\n")
    assert doc.data == {
        "d": "2018-10-01",
        "ts": "2018-10-01T10:00:00Z",
        "list": ["2019-10-15"],
    }
    assert all(isinstance(v, str) for v in (doc.data["d"], doc.data["ts"]))


def test_keys_are_strings_even_when_they_look_like_numbers_or_booleans() -> None:
    doc = parse_yaml("1: one\nyes: two\nNO: three\n")
    assert doc.data == {"1": "one", "yes": "two", "NO": "three"}


def test_explicit_str_tag_keeps_a_string() -> None:
    doc = parse_yaml("a: !!str 123\nb: !!str true\n")
    assert doc.data == {"a": "123", "b": "true"}


def test_utf8_bom_and_norwegian_letters(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffnavn: Åse Ørn Bæk\n".encode())
    assert load_yaml(path).data == {"navn": "Åse Ørn Bæk"}


# -- positions -----------------------------------------------------------------------------

NESTED = """\
# a comment line
case:
  persons:
    - id: maria
      age: 40
    - {id: jon, age: 8}
  households:
    - id: home
      members: [maria, jon]
"""


def _pos(text: str, line: int, needle: str) -> Mark:
    """The 1-based position of ``needle`` on ``line`` of ``text``."""
    return Mark(line, text.splitlines()[line - 1].index(needle) + 1)


def test_positions_of_nested_values() -> None:
    doc = parse_yaml(NESTED, "nested.yaml")
    assert doc.file == "nested.yaml"
    assert doc.positions[("case", "persons", 0, "id")] == _pos(NESTED, 4, "maria")
    assert doc.positions[("case", "persons", 0, "age")] == _pos(NESTED, 5, "40")
    assert doc.positions[("case", "persons", 1)] == _pos(NESTED, 6, "{")
    assert doc.positions[("case", "persons", 1, "age")] == _pos(NESTED, 6, "8}")
    assert doc.positions[("case", "households", 0, "members", 1)] == _pos(NESTED, 9, "jon")
    assert doc.positions[("case", "persons")].line == 3  # the key of a block list


def test_mark_falls_back_to_nearest_ancestor() -> None:
    doc = parse_yaml(NESTED, "nested.yaml")
    assert doc.mark(("case", "persons", 1, "name")) == doc.positions[("case", "persons", 1)]
    assert doc.mark(("nothing", "here")) == doc.positions[()]


def test_document_problem_is_located_with_path_and_excerpt() -> None:
    doc = parse_yaml(NESTED, "nested.yaml")
    problem = doc.problem("FC999", "Bad age.", ("case", "persons", 1, "age"), "Fix it.")
    assert problem.file == "nested.yaml"
    assert (problem.line, problem.column) == (6, _pos(NESTED, 6, "8}").column)
    assert problem.path == "case.persons[1].age"
    assert problem.excerpt == "    - {id: jon, age: 8}"
    assert problem.location() == f"nested.yaml:6:{problem.column}"
    formatted = problem.format()
    assert "case.persons[1].age" in formatted
    assert "[FC999]" in formatted
    assert "Fix it." in formatted


def test_format_path() -> None:
    assert format_path(("persons", 2, "age")) == "persons[2].age"
    assert format_path((0, "a")) == "[0].a"
    assert format_path(()) == ""


# -- problems ------------------------------------------------------------------------------


def test_duplicate_key_is_reported_with_its_line() -> None:
    text = "a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "dup.yaml")
    problem = _assert_located(info.value, "FC108", "dup.yaml", 5)
    assert problem.column == 3
    assert "'c'" in problem.message


def test_every_duplicate_key_is_reported_at_once() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: 1\na: 2\nb:\n  x: 1\n  x: 2\n", "dups.yaml")
    assert [(p.code, p.line) for p in info.value.problems] == [("FC108", 2), ("FC108", 5)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: c: d\n", 2),
        ("a: 1\nb: [1, 2\nc: 3\n", 3),
        ("a: 1\n  b: 2\n", 2),
        ('a: "unterminated\n', 2),
        ("a:\n\t- tab\n", 2),
        ("a: 1\n---\nb: 2\n", 2),
    ],
    ids=["colon", "unclosed-flow", "bad-indent", "unterminated-quote", "tab", "two-docs"],
)
def test_syntax_errors_are_reported_with_their_line(text: str, line: int) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "broken.yaml")
    problem = _assert_located(info.value, "FC103", "broken.yaml", line)
    assert problem.message.startswith("YAML syntax error")
    assert problem.suggestion


def test_control_character_is_reported_with_its_line() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: 1\nb: \x07x\n", "ctrl.yaml")
    problem = _assert_located(info.value, "FC103", "ctrl.yaml", 2)
    assert "ReaderError" not in problem.message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    problem = _only(info.value, "FC104")
    assert problem.file == str(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "missing.yaml"
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    problem = _only(info.value, "FC101")
    assert problem.file == str(path)
    assert str(path) in str(info.value)
    assert "not found" in problem.message


def test_display_name_replaces_the_path(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_yaml(tmp_path / "missing.yaml", display_name="rules/x.yaml")
    assert _only(info.value, "FC101").file == "rules/x.yaml"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_yaml(tmp_path)
    problem = _only(info.value, "FC101")
    assert problem.file == str(tmp_path)
    assert "directory" in problem.message
    assert str(tmp_path) in str(info.value)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("navn: Åse\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    problem = _only(info.value, "FC102")
    assert problem.file == str(path)
    assert "byte 6" in problem.message
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: !custom value\n", 2),
        ("a: 1\nb: !!python/object/apply:os.system ['echo hi']\n", 2),
        ("a:\n  - 1\n  - !!binary aGk=\n", 3),
        ("a: !!set {x, y}\n", 1),
    ],
    ids=["local", "python-object", "binary", "set"],
)
def test_custom_tags_are_refused(text: str, line: int) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "tags.yaml")
    _assert_located(info.value, "FC106", "tags.yaml", line)


def test_merge_keys_are_refused() -> None:
    text = "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "merge.yaml")
    _assert_located(info.value, "FC106", "merge.yaml", 3)


def test_complex_keys_are_refused() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: 1\n? [x, y]\n: z\n", "keys.yaml")
    _assert_located(info.value, "FC107", "keys.yaml", 2)


def test_plain_aliases_are_expanded() -> None:
    doc = parse_yaml("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"  # 9**10 values when expanded
    start = time.perf_counter()
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "bomb.yaml")
    elapsed = time.perf_counter() - start
    problem = _only(info.value, "FC105")
    assert problem.file == "bomb.yaml"
    assert problem.line is not None
    assert 1 <= problem.line <= len(lines)
    assert f"bomb.yaml:{problem.line}" in str(info.value)
    assert elapsed < 5


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\na: 1\n")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    problem = _only(info.value, "FC105")
    assert problem.file == str(path)


def test_deep_nesting_is_a_content_error() -> None:
    text = "a: " + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "deep.yaml")
    assert info.value.problems[0].file == "deep.yaml"


# -- a case's lines are never shown ----------------------------------------------------------

_NAME = "Kari Nordmann"


@pytest.mark.parametrize(
    "text",
    [
        # a syntax error (a line indented one space off)
        f"id: c\npersons:\n  - id: a\n    name: {_NAME}\n   age: 3\n",
        # the same in a case written in braces
        f"# a case\n{{id: c, persons: [{{id: a, name: {_NAME}, age: 3]}}\n",
        # a key written twice
        f"id: c\npersons:\n  - id: a\n    name: {_NAME}\n    name: {_NAME}\n",
        # a number too long to read
        f"id: c\npersons:\n  - {{id: a, name: {_NAME}, age: {'9' * 4301}}}\n",
    ],
)
def test_no_problem_in_a_case_shows_its_line(text: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "case.yaml")
    assert info.value.problems
    assert all(p.excerpt is None for p in info.value.problems), str(info.value)
    assert _NAME not in str(info.value)


def test_a_case_document_never_shows_its_lines() -> None:
    doc = parse_yaml(f"id: c\npersons:\n  - id: a\n    name: {_NAME}\n", "case.yaml")
    problem = doc.problem("FC303", "Bad.", ("persons", 0, "name"))
    assert (problem.line, problem.excerpt) == (4, None)


def test_a_rule_file_syntax_error_still_shows_its_line() -> None:
    text = "rules:\n  - id: r\n    then:\n      suggest: {persons: [$c.pid], urgency: a: b}\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "rules.yaml")
    (problem,) = info.value.problems
    assert problem.excerpt is not None


# -- lines end at \n, \r\n or \r only ---------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_or_paragraph_separator_in_a_value_does_not_shift_lines(separator: str) -> None:
    text = f'id: c\nnote: "one{separator}two"\nb: 1\nc: 2\nd: [1, 2\n'
    with pytest.raises(ContentError) as info:
        parse_yaml(text)
    (problem,) = info.value.problems
    assert "line 5" in problem.message
    doc = parse_yaml(f'note: "one{separator}two"  # {separator}\nb: 1\nc: {{x: 1}}\n')
    assert doc.positions[("b",)] == Mark(2, 4)
    assert doc.key_positions[("c", "x")] == Mark(3, 5)
    assert doc.problem("FC303", "Bad.", ("c", "x")).excerpt == "c: {x: 1}"
    assert doc.lines[0].endswith(f"# {separator}")


def test_a_separator_before_a_value_on_the_same_line_keeps_its_column() -> None:
    doc = parse_yaml('a: ["x\u2028y", 7]\n')
    assert doc.positions[("a", 1)] == Mark(1, 12)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_end_at_each_kind_of_line_break(newline: str) -> None:
    doc = parse_yaml(newline.join(["a: 1", "b:", "  c: 2", ""]))
    assert doc.positions[("b", "c")] == Mark(3, 6)
    assert list(doc.lines) == ["a: 1", "b:", "  c: 2"]
