"""A provision's note (what is not confirmed) is written in nb, nn and en like its title; a
note or title that is not is refused with its file, line and a fix (FC213)."""

from __future__ import annotations

from pathlib import Path

import pytest

from familycase._text import LANGS
from familycase.check import check
from familycase.errors import ContentError, Problem
from familycase.rules.provisions import load_provisions

_ENTRY = """\
  {pid}:
    law: sosialtjenesteloven
    section: "45"
    status: partly
{body}    title: {title}
"""
_TITLE = "{nb: Opplysningsplikt, nn: Opplysningsplikt, en: Duty to inform}"


def _problems(tmp_path: Path, **bodies: str | tuple[str, str]) -> list[Problem]:
    """The problems of a provisions file with these entries: id -> the lines before the
    title, or (those lines, the title)."""
    law = tmp_path / "law"
    law.mkdir(exist_ok=True)
    path = law / "provisions.yaml"
    entries = "".join(
        _ENTRY.format(pid=pid, body=body, title=_TITLE)
        if isinstance(body, str)
        else _ENTRY.format(pid=pid, body=body[0], title=body[1])
        for pid, body in bodies.items()
    )
    path.write_text("provisions:\n" + entries, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_provisions(path)
    assert [(p.code, p.line) for p in check([path])] == [
        (p.code, p.line) for p in info.value.problems
    ]  # familycase check says the same
    return list(info.value.problems)


def test_the_shipped_notes_are_in_three_languages_and_say_what_is_not_confirmed() -> None:
    provisions = load_provisions()
    noted = {pid: p.note for pid, p in provisions.entries.items() if p.note is not None}
    assert len(noted) >= 17
    for pid, note in noted.items():
        assert note is not None
        assert len({note.nb, note.nn, note.en}) == 3, pid  # no language copies another
    for pid, p in provisions.entries.items():
        if p.status != "confirmed":  # the badge says "partly": the note says what is not
            assert p.note is not None, pid


def test_a_note_written_as_one_text_is_refused_with_a_fix(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, p1="    note: The section number is confirmed.\n")
    assert (problem.code, problem.line, problem.path) == ("FC213", 6, "provisions.p1.note")
    assert str(problem.file).endswith("provisions.yaml")
    assert "one text" in problem.message
    assert "'p1'" in problem.message
    assert problem.suggestion is not None
    assert "'nb: ...', 'nn: ...' and 'en: ...'" in problem.suggestion
    assert "put it after 'en:'" in problem.suggestion


@pytest.mark.parametrize("missing", LANGS)
def test_a_note_without_a_language_is_refused_with_a_fix(tmp_path: Path, missing: str) -> None:
    texts = {"nb": "Nummeret er bekreftet.", "nn": "Nummeret er stadfesta.", "en": "Confirmed."}
    lines = "".join(f"      {lang}: {text}\n" for lang, text in texts.items() if lang != missing)
    (problem,) = _problems(tmp_path, ok="", p2="    note:\n" + lines)
    name = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}[missing]
    assert (problem.code, problem.line, problem.path) == ("FC213", 11, "provisions.p2.note")
    assert f"no {name} ('{missing}') text" in problem.message
    assert problem.suggestion is not None
    assert f"Add '{missing}: ...' under 'note:'" in problem.suggestion
    assert problem.excerpt == "    note:"


def test_a_title_without_a_language_and_a_misspelt_language(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        p3="    note: {NN: a, nb: b, en: c}\n",  # a misspelt language: one problem, not two
        p4=("    note: {en: c}\n", "{nb: x}"),
    )
    assert [(p.code, p.path) for p in problems] == [
        ("FC302", "provisions.p3.note.NN"),
        ("FC213", "provisions.p4.note"),
        ("FC213", "provisions.p4.title"),
    ]
    assert problems[0].suggestion == "Did you mean 'nn'?"
    assert "no bokmål ('nb') or nynorsk ('nn') text" in problems[1].message
    assert problems[2].suggestion is not None
    assert "Add 'nn: ...' and 'en: ...' under 'title:'" in problems[2].suggestion
