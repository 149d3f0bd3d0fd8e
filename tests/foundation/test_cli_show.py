"""``familycase show``: the case as it stands in a phase, in nb, nn and en; clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from familycase.cli import main
from familycase.rules.vocabulary import load_vocabularies

REPO_ROOT = Path(__file__).resolve().parents[2]
VIGNETTE = "scenarios/maria_and_david.yaml"
AND = {"nb": "og", "nn": "og", "en": "and"}


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _section(out: str, heading: str) -> list[str]:
    """The lines under ``heading`` up to the next blank line."""
    lines = out.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_show_phase3_households(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out, err = _run(capsys, "show", VIGNETTE, "--phase", "phase3", "--lang", lang)
    assert code == 0, err
    assert err == ""
    texts = load_vocabularies()
    assert out.startswith(f"{texts.text('case').get(lang)}: maria_and_david")
    assert "2019-10-15" in out.splitlines()[0]
    households = _section(out, texts.text("households").get(lang))
    word = AND[lang]
    assert f"  maria_flat: Maria {word} Tomas" in households
    assert f"  brother_home: Marias bror, Marias svigerinne, Jon {word} Beth" in households
    assert "  home: David" in households
    persons = _section(out, texts.text("persons").get(lang))
    assert any(line.startswith("  Tomas [tomas] – 21 ") for line in persons), persons
    assert any(line.startswith("  Jon [jon] – 9 ") for line in persons), persons


def test_show_languages_differ(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {}
    for lang in ("nb", "nn", "en"):
        code, out, _ = _run(capsys, "show", VIGNETTE, "--phase", "phase3", "--lang", lang)
        assert code == 0
        outputs[lang] = out
    assert len(set(outputs.values())) == 3
    assert "barnevernstjenesten" not in outputs["nn"]
    assert "former partner" in outputs["en"]


def test_show_defaults_to_the_last_phase_in_bokmal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", VIGNETTE)
    assert code == 0
    code3, out3, _ = _run(capsys, "show", VIGNETTE, "--phase", "phase3", "--lang", "nb")
    assert code3 == 0
    assert out == out3


def test_show_phase1_household(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", VIGNETTE, "--phase", "phase1", "--lang", "en")
    assert code == 0
    assert "  home: Maria, David, Jon, Beth and Tomas" in out
    assert "2018-10-01" in out.splitlines()[0]


def _assert_clean_error(code: int, out: str, err: str, *names: str) -> None:
    assert code == 2
    assert out == ""
    assert err.strip()
    for name in names:
        assert name in err, err
    assert "Traceback" not in out + err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "show", "scenarios/no_such_file.yaml")
    _assert_clean_error(code, out, err, "scenarios/no_such_file.yaml", "FC101")


def test_unknown_phase(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "show", VIGNETTE, "--phase", "phase9")
    _assert_clean_error(code, out, err, VIGNETTE, "phase9", "phase1, phase2, phase3")


def test_broken_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    path = "tests/fixtures/scenarios/unknown_person.yaml"
    code, out, err = _run(capsys, "show", path, "--lang", "en")
    _assert_clean_error(code, out, err, f"{path}:16:", "FC304", "'mari'")


def test_yaml_syntax_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = "tests/fixtures/scenarios/syntax_error.yaml"
    code, out, err = _run(capsys, "show", path)
    _assert_clean_error(code, out, err, f"{path}:6:", "FC103")


def test_broken_case_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "as_of: 2024-06-01\npersons:\n  - {id: p1, name: A, age: 40}\n"
        "relations:\n  - {kind: parent, from: p1, to: p9}\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "show", str(path))
    _assert_clean_error(code, out, err, str(path), "FC304", "relations[0].to", "'p9'")


def test_broken_case_file_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "as_of: 2024-06-01\npersons:\n  - {id: p1, name: A, age: 40}\n"
        "relations:\n  - {kind: parent, from: p1, to: p9}\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "show", str(path))
    assert code == 2
    assert f"{path}:5:" in err


def test_phase_option_on_a_case_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = "tests/fixtures/cases/odd_name.yaml"
    code, out, err = _run(capsys, "show", path, "--phase", "phase1")
    _assert_clean_error(code, out, err, path, "--phase")


def test_bad_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["show", VIGNETTE, "--lang", "de"])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert "--lang" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_names_with_braces_and_markup_render_verbatim(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    code, out, err = _run(capsys, "show", "tests/fixtures/cases/odd_name.yaml", "--lang", lang)
    assert code == 0, err
    ola = "Ola {name} {p1.name} <b>fet</b> & {{x}}"
    kari = "Kari </pre><script>"
    assert f"  {ola} [p1] – 40 " in out
    assert f"  {kari} [p2] – 8 " in out
    assert f"  home: {ola} {AND[lang]} {kari}" in out
    assert f"  {ola} → {kari}: " in out
    assert "&lt;" not in out
    assert "&amp;" not in out
