"""The hostile inputs of issue 17 as regression tests, each in its own process, bounded in
time (a timeout that kills it) and in memory (its peak resident size, from wait4)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

import familycase
from familycase.case.model import _checked_name, _plain_name
from familycase.errors import MAX_PROBLEMS

MAX_RSS_KB = 150_000  # the interpreter and familycase take about 45 MB
TIMEOUT = 60  # a bound, not a measurement: the runs take well under a second


# The child reports its own peak memory (VmHWM, which starts afresh at exec, unlike
# ru_maxrss, which keeps the forking test process's) on its last line of standard error.
_CHILD = """
import sys
from familycase.cli import main
try:
    code = main(sys.argv[1:])
finally:
    peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
    print("peak-kb", peak, file=sys.stderr)
sys.exit(code)
"""


def _run(*args: str) -> tuple[int, str, int]:
    """``familycase ARGS`` in a child process, killed past ``TIMEOUT``: its exit code, its
    standard error and its peak resident memory in kB."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"familycase {' '.join(args)} ran past {TIMEOUT} s")
    lines = result.stderr.splitlines()
    assert lines, "no output"
    assert lines[-1].startswith("peak-kb"), lines[-1]
    return result.returncode, "\n".join(lines[:-1]), int(lines[-1].split()[1])


@pytest.mark.parametrize("command", ["evaluate", "check", "show"])
def test_dev_zero_is_refused_before_it_is_read(command: str) -> None:
    code, err, rss = _run(command, "/dev/zero")
    assert code in (1, 2)
    assert "FC105" in err or command == "check"
    assert rss < MAX_RSS_KB


@pytest.mark.parametrize(
    "text",
    [
        "[" + "1," * 999_999 + "1]",  # 2 MB, a million values
        "[" + ", ".join(["aaaaaaaaa"] * 190_000) + "]",  # 2 MB, 190,000 values
        "a: " + "[" * 10_000 + "]" * 10_000,  # nested past any file
    ],
    ids=["million-values", "long-flow-list", "deep"],
)
def test_a_2_mb_yaml_list_is_refused_while_it_is_parsed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(text[:1_999_000] if len(text) > 1_999_000 else text, "utf-8")
    code, err, rss = _run("evaluate", str(path))
    assert code == 2
    assert "FC105" in err
    assert rss < MAX_RSS_KB


def test_a_case_with_a_hundred_thousand_errors_reports_a_capped_list() -> None:
    persons = [{"id": "p0", "name": "P"}]
    concerns = [
        {"id": f"c{i}", "kind": "no_such", "about": [f"x{j}" for j in range(60)]}
        for i in range(400)
    ]
    with pytest.raises(familycase.CaseError) as info:
        familycase.case_from_data({"as_of": "2025-01-01", "persons": persons, "concerns": concerns})
    assert len(info.value.problems) == MAX_PROBLEMS
    assert info.value.omitted > 0
    assert len(str(info.value)) < 200_000


def test_a_year_3_case_is_a_case_error_with_a_path() -> None:
    case = {"as_of": "0003-01-01", "persons": [{"id": "a", "name": "A", "age": 5}]}
    with pytest.raises(familycase.CaseError) as info:
        familycase.evaluate(case, as_of="2025-01-01")
    assert [p.path for p in info.value.problems] == ["as_of"]
    for far in ("0001-01-01", "9999-12-31"):
        with pytest.raises(familycase.CaseError):
            familycase.evaluate({**case, "as_of": "2025-01-01"}, as_of=far)


def test_a_type_error_does_not_hide_the_other_problems() -> None:
    case = {
        "as_of": "2025-01-01",
        "persons": [{"id": "a", "name": "A", "age": "38"}],
        "relations": [{"kind": "parentt", "from": "a", "to": "zz"}],
    }
    with pytest.raises(familycase.CaseError) as info:
        familycase.case_from_data(case)
    assert {p.path for p in info.value.problems} == {
        "persons[0].age",
        "relations[0].kind",
        "relations[0].to",
    }


@pytest.mark.parametrize(
    "name", ["\ufeffAnna", "An\u200bna", "Anna\U000e0041", "An\ufff9na\ufffb", "Anna\U0010fffe"]
)
def test_invisible_characters_are_refused_in_names(name: str) -> None:
    with pytest.raises(familycase.CaseError) as info:
        familycase.case_from_data({"as_of": "2025-01-01", "persons": [{"id": "a", "name": name}]})
    assert info.value.problems[0].path == "persons[0].name"


def test_a_parent_cycle_is_refused() -> None:
    persons = [{"id": x, "name": x.upper()} for x in "abc"]
    relations = [
        {"kind": "parent", "from": "a", "to": "b"},
        {"kind": "parent", "from": "b", "to": "c"},
        {"kind": "parent", "from": "c", "to": "a"},
    ]
    with pytest.raises(familycase.CaseError) as info:
        familycase.case_from_data(
            {"as_of": "2025-01-01", "persons": persons, "relations": relations}
        )
    assert [p.path for p in info.value.problems] == ["relations[2].to"]


def test_a_symlink_loop_is_named(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    code, err, _ = _run("evaluate", str(loop))
    assert code == 2
    assert "loop of symbolic links" in err


def test_one_long_list_is_refused_while_it_is_read(tmp_path: Path) -> None:
    """A 1.9 MB list of 99,000 strings (under the 100,000-value limit) is refused as one
    over-long list, before any node is built."""
    from familycase._yaml import MAX_COLLECTION, load_yaml

    path = tmp_path / "list.yaml"
    path.write_text("[" + ", ".join(["x" * 17] * 99_000) + "]", encoding="utf-8")
    with pytest.raises(familycase.ContentError) as info:
        load_yaml(path)
    (problem,) = info.value.problems
    assert problem.code == "FC105"
    assert f"more than {MAX_COLLECTION} values" in problem.message
    # a mapping counts its keys and values: 12,000 entries are 24,000 values
    path.write_text("{" + ", ".join(f"k{i}: v" for i in range(12_000)) + "}", encoding="utf-8")
    with pytest.raises(familycase.ContentError, match="list or mapping"):
        load_yaml(path)


def _answer(check: Callable[[str], str], name: str) -> str:
    try:
        return "ok" if check(name) == name else "changed"
    except PydanticCustomError as error:
        return error.type


def test_a_name_is_judged_alike_by_the_quick_test_and_the_checks() -> None:
    # code points alone, after a letter, and between spaces (all of the first 12,288,
    # every 61st after, and every one the checks name); the checks decide
    named = "\u115f\u1160\u3164\uffa0\u2800\u200c\u200d\u200e\u200f\u061c\u2028\u2029"
    points = sorted({*range(0x3000), *range(0x3000, 0x110000, 61), *map(ord, named)})
    points += [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF, 0xE0041, 0x10FFFE]
    for point in points:
        ch = chr(point)
        for name in (ch, "A" + ch, " " + ch + " "):
            assert _answer(_plain_name, name) == _answer(_checked_name, name), hex(point)
    for name in ("Anna", "Åse Bjørn", "محمد\u200f", " ", "", "\u0301", "\u3164"):
        assert _answer(_plain_name, name) == _answer(_checked_name, name), name
