"""``familycase ecomap``, ``familycase play`` and ``evaluate --format markdown|html``."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from familycase.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]
VIGNETTE = str(REPO_ROOT / "scenarios" / "maria_and_david.yaml")
ODD = str(REPO_ROOT / "tests" / "fixtures" / "cases" / "odd_name.yaml")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ecomap_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "ecomap", VIGNETTE, "--phase", "phase3", "--lang", "nn")
    assert (code, err) == (0, "")
    ET.fromstring(out)
    assert "Fase 3 – Eit år seinare" in out
    assert "Økokart" in out


def test_ecomap_writes_only_where_asked_and_never_over_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "phase1.svg"
    code, out, err = _run(capsys, "ecomap", VIGNETTE, "--phase", "phase1", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<svg")
    assert list(tmp_path.iterdir()) == [target]
    code, out, err = _run(capsys, "ecomap", VIGNETTE, "--phase", "phase3", "-o", str(target))
    assert code == 2
    assert "exists" in err
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == first
    code, _, _ = _run(capsys, "ecomap", VIGNETTE, "--phase", "phase3", "-o", str(target), "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8") != first


def test_ecomap_of_a_case_file_escapes_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "ecomap", ODD, "--plain")
    assert code == 0
    assert "<script>" not in out
    assert "&lt;/pre&gt;&lt;script&gt;" in out
    ET.fromstring(out)


def test_ecomap_errors_are_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "ecomap", VIGNETTE, "--phase", "phase9")
    assert code == 2
    assert out == ""
    assert "phase9" in err
    assert "Traceback" not in err


def test_play_without_a_terminal_prints_every_phase(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "play", VIGNETTE, "--lang", "en")
    assert (code, err) == (0, "")
    titles = ["Phase 1 – Maria phones Nav", "Phase 2 – ", "Phase 3 – A year later"]
    positions = [out.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Discussion questions" in out
    assert "Withdrawn suggestions" in out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_play_in_a_terminal_waits_between_phases(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Tty()
    monkeypatch.setattr(sys, "stdin", _Tty())
    monkeypatch.setattr(sys, "stdout", screen)
    prompts: list[str] = []
    answers = iter(["", "q"])

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    assert main(["play", VIGNETTE, "--lang", "nn"]) == 0
    shown = screen.getvalue()
    assert "Fase 1 – Maria ringjer Nav" in shown
    assert "Fase 2 – " in shown
    assert "Fase 3 – " not in shown  # the trainer quit before phase 3
    assert prompts == ["Trykk Enter for neste fase (q avsluttar): "] * 2


@pytest.mark.parametrize(("fmt", "start"), [("markdown", "## Assessment: "), ("html", "<!DOCTYPE")])
def test_evaluate_reports(capsys: pytest.CaptureFixture[str], fmt: str, start: str) -> None:
    code, out, err = _run(
        capsys, "evaluate", VIGNETTE, "--phase", "phase1", "--lang", "en", "--format", fmt
    )
    assert (code, err) == (0, "")
    assert out.startswith(start)
    assert "report to the child welfare service" in out
