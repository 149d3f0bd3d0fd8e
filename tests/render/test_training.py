"""Training that asks before it tells: ``familycase play --exercise``, the phase exercise
and the proposals helper (both / only you / only familycase, duties flagged)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import familycase
from familycase.cli import main
from familycase.errors import UsageError
from familycase.render.html import exercise_html
from familycase.render.proposals import compare_proposals, match_measure
from familycase.rules.vocabulary import Vocabularies

VIGNETTE = str(Path(__file__).resolve().parents[2] / "scenarios" / "maria_and_david.yaml")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_play_exercise_puts_the_assessment_after_the_questions(
    capsys: pytest.CaptureFixture[str],
    vocab: Vocabularies,
    vignette: familycase.Scenario,
    lang: str,
) -> None:
    assert main(["play", VIGNETTE, "--exercise", "--lang", lang]) == 0
    out = capsys.readouterr().out
    t = vocab.texts(lang)  # type: ignore[arg-type]
    answer = t("exercise_answer")
    assert out.count(answer) == len(vignette.phases)
    phases = out.split("=" * 72 + "\n")[1::2]  # the title lines
    assert [p.splitlines()[0].split(" · ")[0] for p in phases] == [
        ph.title.get(lang)  # type: ignore[arg-type]
        for ph in vignette.phases
    ]
    for phase, block in zip(vignette.phases, out.split(answer)[:-1], strict=True):
        ask = block.rsplit("=" * 72, 1)[1]
        assert phase.questions[0].get(lang) in ask  # type: ignore[arg-type]
        assert t("summary").upper() not in ask  # nothing of the assessment before the heading
        assert f"--phase {phase.id} --plain" in ask  # how to draw the ecomap without marks
    for block in out.split(answer)[1:]:
        assert t("summary").upper() in block


def test_play_exercise_in_a_terminal_waits_for_a_second_enter(
    monkeypatch: pytest.MonkeyPatch, vocab: Vocabularies
) -> None:
    screen = io.StringIO()
    seen: list[tuple[str, str]] = []

    def answer(prompt: str) -> str:
        seen.append((prompt, screen.getvalue()))
        return "q" if len(seen) == 3 else ""

    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(screen, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", answer)
    assert main(["play", VIGNETTE, "--exercise", "--lang", "en"]) == 0
    t = vocab.texts("en")
    reveal, nxt = t("exercise_reveal"), t("press_enter")
    assert [p.strip() for p, _ in seen] == [reveal, nxt, reveal]
    first_screen = seen[0][1]
    assert "Discussion questions" in first_screen
    assert t("exercise_answer") not in first_screen  # asked, not yet told
    assert t("exercise_answer") in seen[1][1]  # told after the second Enter
    assert screen.getvalue().count(t("exercise_answer")) == 1  # q stopped before phase 2's


def test_the_notebook_exercise_folds_the_assessment_away(vignette: familycase.Scenario) -> None:
    for view in vignette.play("en"):
        page = exercise_html(view)
        before, after = page.split("<details", 1)
        assert view.questions[0] in before
        assert "<svg" in before
        assert "§" not in before.split("<svg", 1)[1]  # the map has no duty marks
        assert 'class="fc-summary' in after
        assert page == view.exercise_html()


def test_proposals_match_ids_and_words_in_three_languages(vocab: Vocabularies) -> None:
    for words, measure in [
        ("notify_child_welfare", "notify_child_welfare"),
        ("melding til barnevernet", "notify_child_welfare"),
        ("melding til barnevernstenesta", "notify_child_welfare"),
        ("report to child welfare", "notify_child_welfare"),
        ("krisesenter", "crisis_centre_referral"),
        ("fastlege", "gp_consultation"),
        ("Police", "notify_police"),
        ("ansvarsgruppe", "responsibility_group"),
    ]:
        assert match_measure(words, vocab)[0] == measure, words
    assert match_measure("xyzzy", vocab) == (None, None)
    assert match_measure("snakke med barna", vocab) == (None, "map_childrens_situation")


def test_proposals_on_the_vignette(assessments: dict[str, familycase.Assessment]) -> None:
    a = assessments["phase1"]
    said = "melding til barnevernet\nkrisesenter; notify_police, xyzzy"
    c = compare_proposals(a, said, "en")
    assert [i.measure for i in c.both] == ["notify_child_welfare", "crisis_centre_referral"]
    assert c.both[0].duty
    assert c.both[0].persons == "Jon and Beth"
    assert c.both[0].said == ("melding til barnevernet",)
    assert [i.measure for i in c.only_you] == ["notify_police"]  # unclear, not suggested
    suggested = {s.measure for s in a.suggestions}
    assert {i.measure for i in c.only_familycase} == suggested - {
        "notify_child_welfare",
        "crisis_centre_referral",
    }
    assert [u.words for u in c.unmatched] == ["xyzzy"]
    # a duty the group missed comes first, flagged
    missed = compare_proposals(a, ["krisesenter"], "nb")
    assert missed.only_familycase[0].measure == "notify_child_welfare"
    assert missed.only_familycase[0].duty
    assert "§ PLIKT: melding til barnevernstjenesten" in missed.text()
    assert "§ plikt" in missed._repr_html_()
    assert "Jon" not in repr(missed)  # ids only


def test_proposals_escape_what_the_group_wrote(
    assessments: dict[str, familycase.Assessment],
) -> None:
    c = compare_proposals(assessments["phase1"], ["<script>alert(1)</script>"], "nb")
    assert "<script>alert" not in c._repr_html_()
    assert "&lt;script&gt;" in c._repr_html_()


def test_proposals_need_an_assessment() -> None:
    with pytest.raises(UsageError, match="an Assessment"):
        compare_proposals("phase1", ["krisesenter"])  # type: ignore[arg-type]
