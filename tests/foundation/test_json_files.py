"""Case files in JSON are read as JSON (the json module), located, and never quoted.

A caseworker system writes JSON with tabs, ``\\uXXXX`` escapes (surrogate pairs for
characters outside the BMP) and whatever indentation it likes: all of it is valid JSON and
must give exactly what ``json.loads`` gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from familycase._yaml import load_yaml, parse_json
from familycase.case.model import load_case
from familycase.cli import main
from familycase.errors import CaseError, ContentError

NAME = "Kari Nordmann \U0001f600"


def _write(tmp_path: Path, data: Any, name: str = "case.json", **dumps: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, **dumps), encoding="utf-8")
    return path


@pytest.fixture
def case(family: dict[str, Any]) -> dict[str, Any]:
    family["persons"][0]["name"] = NAME
    return family


@pytest.mark.parametrize(
    "dumps",
    [
        {"indent": "\t"},  # tab indentation
        {"indent": 2},  # ensure_ascii: "\ud83d\ude00" (what Jackson's ESCAPE_NON_ASCII writes)
        {"indent": None, "separators": (",", ":")},  # compact
        {"indent": 1, "ensure_ascii": False},
    ],
)
def test_valid_json_is_read_as_json_loads_reads_it(
    tmp_path: Path, case: dict[str, Any], dumps: dict[str, Any]
) -> None:
    path = _write(tmp_path, case, **dumps)
    doc = load_yaml(path)
    assert doc.data == json.loads(path.read_text(encoding="utf-8")) == case
    assert load_case(path).persons[0].name == NAME


@pytest.mark.parametrize("command", ["evaluate", "check"])
def test_the_cli_reads_a_tab_indented_escaped_case(
    tmp_path: Path, case: dict[str, Any], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = _write(tmp_path, case, indent="\t")
    assert "\\ud83d\\ude00" in path.read_text(encoding="utf-8")
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "YAML" not in out + err


def test_a_problem_points_at_the_field_in_a_tab_indented_file(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    case["persons"][1]["agee"] = 3
    path = _write(tmp_path, case, indent="\t")
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(CaseError) as info:
        load_case(path)
    (problem,) = info.value.problems
    assert problem.code == "FC302"
    assert problem.path == "persons[1].agee"
    assert problem.line is not None
    assert problem.column is not None
    assert lines[problem.line - 1][problem.column - 1 :].startswith('"agee"')
    assert problem.excerpt is None


def _syntax_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    (problem,) = info.value.problems
    assert problem.code == "FC103"
    assert problem.message.startswith("JSON syntax error: ")
    assert "YAML" not in str(info.value)
    assert problem.excerpt is None  # a case file: never a line of it
    assert problem.suggestion
    assert problem.line is not None
    assert problem.column is not None
    return f"{problem.line}:{problem.column} {problem.message} {problem.suggestion}"


def test_a_truncated_file_is_a_json_error_saying_it_ends_too_early(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    text = json.dumps(case, indent="\t")
    found = _syntax_error(tmp_path, text[: len(text) // 2])
    assert "The file ends" in found.replace("the file ends", "The file ends")
    assert NAME not in found
    assert "Kari" not in found


def test_a_trailing_comma_is_located_at_the_comma(tmp_path: Path) -> None:
    text = '{\n\t"id": "c",\n\t"persons": [],\n}\n'
    found = _syntax_error(tmp_path, text)
    assert found.startswith("3:15 ")
    assert "Remove that ','" in found
    found = _syntax_error(tmp_path, '{"persons": [1, 2, ]}')
    assert found.startswith("1:18 ")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": "x}', "closing '\"' is missing"),
        ("{'a': 1}", "double quotes"),
        ('{"a": True}', "true, false or null"),
        ('{"a" 1}', "':' is missing"),
        ('{"a": 1 "b": 2}', "',' is missing"),
        ('{"a": "x\ty"}', "\\t"),
        ('{"a": "C:\\dir"}', "two backslashes"),
        ('{"a": 1} {"b": 2}', "one value"),
    ],
)
def test_json_syntax_errors_in_plain_words(tmp_path: Path, text: str, words: str) -> None:
    assert words in _syntax_error(tmp_path, text)


def test_a_duplicate_key_is_refused_where_it_is(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        parse_json('{"persons": [\n  {"id": "a", "age": 3, "age": 4}\n]}', "case.json")
    (problem,) = info.value.problems
    assert (problem.code, problem.line, problem.column) == ("FC108", 2, 25)
    assert problem.path == "persons[0].age"


def test_a_document_nested_too_deeply(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        parse_json("[" * 100_000 + "]" * 100_000)
    assert [p.code for p in info.value.problems] == ["FC105"]


def test_a_lone_surrogate_escape_is_a_plain_problem(tmp_path: Path, case: dict[str, Any]) -> None:
    case["persons"][0]["name"] = "Kari \ud83d"
    path = _write(tmp_path, case)
    with pytest.raises(CaseError) as info:
        load_case(path)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("FC303", "persons[0].name")
    assert "unicode" not in problem.message
    assert "Kari" not in str(info.value)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(st.characters(codec="utf-8"), max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    value=_JSON,
    indent=st.sampled_from([None, 0, 1, "\t", " \t"]),
    ascii_only=st.booleans(),
)
def test_any_json_value_reads_as_json_loads_with_every_position(
    value: Any, indent: int | str | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    doc = parse_json(text)
    assert doc.data == json.loads(text)
    lines = text.split("\n")

    def walk(item: Any, path: tuple[str | int, ...]) -> None:
        mark = doc.positions[path]
        rest = lines[mark.line - 1][mark.column - 1 :]
        assert rest.startswith(json.dumps(item, ensure_ascii=ascii_only)[:1])
        if isinstance(item, dict):
            for key, child in item.items():
                key_mark = doc.key_positions[(*path, key)]
                at = lines[key_mark.line - 1][key_mark.column - 1 :]
                assert at.startswith(json.dumps(key, ensure_ascii=ascii_only))
                walk(child, (*path, key))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                walk(child, (*path, index))

    walk(value, ())


_LONG = "9" * 4301  # longer than Python converts to an int by default


@pytest.mark.parametrize(
    ("name", "text", "line", "column"),
    [
        ("case.json", '{"persons": [\n  {"id": "a", "age": ' + _LONG + "}\n]}", 2, 22),
        ("case.yaml", "persons:\n  - id: a\n    age: " + _LONG + "\n", 3, 10),
    ],
)
def test_a_number_too_long_to_read_is_a_located_problem(
    tmp_path: Path, name: str, text: str, line: int, column: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    (problem,) = info.value.problems
    assert (problem.code, problem.line, problem.column) == ("FC303", line, column)
    assert problem.path == "persons[0].age"
    assert "too long" in problem.message
    assert _LONG not in str(info.value)


@pytest.mark.parametrize(("command", "expected"), [("evaluate", 2), ("check", 1)])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_the_cli_reports_a_number_too_long_to_read(
    tmp_path: Path,
    case: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    command: str,
    expected: int,
    suffix: str,
) -> None:
    text = json.dumps(case, indent=2).replace('"age": 35', '"age": ' + _LONG)
    path = tmp_path / f"case{suffix}"
    path.write_text(text, encoding="utf-8")
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == expected, out + err
    assert "[FC303]" in out + err
    assert "internal error" not in out + err
