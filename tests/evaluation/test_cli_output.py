"""The command line writes only where asked, and says plainly when it cannot."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from familycase._resources import scenarios_dir
from familycase.cli import main

VIGNETTE = str(scenarios_dir() / "maria_and_david.yaml")
CASE = "id: x\nas_of: 2025-03-01\npersons: [{id: a, name: Kari Nordmann, age: 34}]\n"


def test_ecomap_refuses_a_name_that_is_not_svg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ecomap.png"
    assert main(["ecomap", VIGNETTE, "-o", str(out)]) == 2
    assert "give a file name ending in .svg" in capsys.readouterr().err
    assert not out.exists()


def test_ecomap_into_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ecomap", VIGNETTE, "-o", str(tmp_path / "no" / "e.svg")]) == 2
    err = capsys.readouterr().err
    assert "does not exist; create it first" in err
    assert "internal error" not in err


def test_ecomap_does_not_write_through_a_dangling_link_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "e.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    assert main(["ecomap", VIGNETTE, "-o", str(link)]) == 2
    assert "use --force" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere.svg").exists()


def test_ecomap_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "e.svg"
    folder.mkdir()  # a folder where the file should go
    assert main(["ecomap", VIGNETTE, "-o", str(folder), "--force"]) == 2
    err = capsys.readouterr().err
    assert "cannot write the file" in err
    assert "internal error" not in err


class _Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


class _Closed(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_full_disk_on_standard_output_is_one_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Full())
    assert main(["evaluate", VIGNETTE, "--phase", "phase1"]) == 2
    assert capsys.readouterr().err == (
        "familycase: cannot write the output (No space left on device).\n"
    )


def test_a_closed_pipe_on_standard_output_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Closed())
    assert main(["evaluate", VIGNETTE, "--phase", "phase1"]) == 0
    assert capsys.readouterr().err == ""


def test_play_on_a_case_file_says_so_and_shows_no_line_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    assert main(["play", str(case)]) == 2
    err = capsys.readouterr().err
    assert "is a case file; 'familycase play' plays scenario files" in err
    assert "Kari" not in err


def test_play_on_a_broken_case_file_shows_no_line_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE.replace("age: 34}]", "age: 34}"), encoding="utf-8")
    assert main(["play", str(case)]) == 2
    err = capsys.readouterr().err
    assert "FC103" in err
    assert "Kari" not in err


def test_evaluate_in_json_gives_its_errors_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE.replace("age: 34", "age: 340"), encoding="utf-8")
    assert main(["evaluate", str(case), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = json.loads(captured.err)
    assert error["error"] == "CaseError"
    assert [(p["path"], p["line"]) for p in error["problems"]] == [("persons[0].age", 3)]
    assert "Kari" not in captured.err

    assert main(["evaluate", str(case), "--phase", "x", "--format", "json"]) == 2
    usage = json.loads(capsys.readouterr().err)
    assert usage["error"] == "UsageError"
    assert usage["problems"] == []


@pytest.mark.parametrize("which", ["case", "assessment", "rule-file"])
def test_schema_prints_the_shipped_json_schema(
    which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", which]) == 0
    printed = capsys.readouterr().out
    docs = Path(__file__).resolve().parents[2] / "docs" / f"{which}.schema.json"
    assert printed == docs.read_text(encoding="utf-8")
    assert json.loads(printed)["type"] == "object"
