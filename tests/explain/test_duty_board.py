"""The duty board, why not, and what changed: on the vignette, as the issue asks."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import jsonschema
import pytest

import familycase
from familycase.assess import explanation
from familycase.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "maria_and_david.yaml"


@pytest.fixture(scope="module")
def phases() -> dict[str, familycase.Assessment]:
    scenario = familycase.load_scenario(SCENARIO)
    return {p.id: familycase.evaluate(scenario.case_at(p.id)) for p in scenario.phases}


@pytest.mark.parametrize("phase", ["phase1", "phase2", "phase3"])
def test_every_phase_accounts_for_the_duty_to_inform_and_the_duty_to_avert(
    phases: dict[str, familycase.Assessment], phase: str
) -> None:
    a = phases[phase]
    for child in ("jon", "beth", "tomas"):
        assert a.duty("notify_child_welfare", child) is not None, (phase, child)
    assert a.duty("notify_police", "maria") is not None
    tomas = a.duty("notify_child_welfare", "tomas")
    assert tomas is not None
    assert tomas.status == "not_triggered"
    assert tomas.reason is not None
    assert "child (under 18)" in tomas.reason.en
    assert "Tomas is 2" in tomas.reason.en  # 20 in 2018, 21 a year later
    assert "barn (under 18)" in tomas.reason.nb
    assert "ung vaksen" in tomas.reason.nn
    # nobody the duty cannot concern: the parents are not on the child welfare board
    assert a.duty("notify_child_welfare", "maria") is None


def test_phase_one_and_two_trigger_the_duty_for_the_children(
    phases: dict[str, familycase.Assessment],
) -> None:
    for phase in ("phase1", "phase2"):
        a = phases[phase]
        for child in ("jon", "beth"):
            entry = a.duty("notify_child_welfare", child)
            assert entry is not None
            assert entry.status == "triggered"
            assert entry.suggestion in {s.id for s in a.suggestions}
        maria = a.duty("notify_police", "maria")
        assert maria is not None
        assert maria.status == "unclear"
        assert maria.questions
        assert set(maria.questions) <= {q.id for q in a.questions}


def test_phase_three_says_why_the_duty_is_no_longer_triggered(
    phases: dict[str, familycase.Assessment],
) -> None:
    a = phases["phase3"]
    for child in ("jon", "beth"):
        entry = a.duty("notify_child_welfare", child)
        assert entry is not None
        assert entry.status == "not_triggered"
        assert entry.reason is not None
        assert "past" in entry.reason.en
        assert entry.misses
        assert entry.misses[0].sources
    comparison = familycase.compare(phases["phase2"], a)
    changed = {c.persons[0]: c for c in comparison.of("duty", "changed")}
    assert changed["jon"].before == "triggered"
    assert changed["jon"].after == "not_triggered"
    assert changed["jon"].reasons
    gone = [
        c for c in comparison.of("suggestion", "disappeared") if c.measure == "notify_child_welfare"
    ]
    assert gone
    assert "past" in gone[0].reasons[0].en


def test_compare_lists_appeared_suggestions_with_their_reasons_and_new_items(
    phases: dict[str, familycase.Assessment],
) -> None:
    comparison = familycase.compare(phases["phase2"], phases["phase3"])
    appeared = comparison.of("suggestion", "appeared")
    assert appeared
    for change in appeared:
        assert change.reasons
    assert any(c.sources for c in appeared)
    # nothing changed: no changes
    assert familycase.compare(phases["phase1"], phases["phase1"]).changes == []


def test_why_not_is_nearest_first_and_names_what_it_looked_at(
    phases: dict[str, familycase.Assessment],
) -> None:
    why = phases["phase1"].why_not("notify_police", "maria")
    assert not why.suggested
    distances = [r.distance for r in why.rules]
    assert distances == sorted(distances)
    first = why.rules[0]
    assert first.rule_id == "avert_serious_violence"
    assert "serious" in first.failed[0].text.en
    assert "concern:c_partner_violence" in first.sources
    suggested = phases["phase1"].why_not("notify_child_welfare", "jon")
    assert suggested.suggested
    assert suggested.suggestion == phases["phase1"].duty("notify_child_welfare", "jon").suggestion  # type: ignore[union-attr]


def test_why_not_refuses_what_it_cannot_answer(phases: dict[str, familycase.Assessment]) -> None:
    a = phases["phase1"]
    with pytest.raises(familycase.UsageError, match="notify_child_welfare"):
        a.why_not("notify_child_welfar")
    with pytest.raises(familycase.UsageError, match="No person 'ida'"):
        a.why_not("notify_child_welfare", "ida")
    copy = familycase.Assessment.model_validate_json(a.model_dump_json())
    with pytest.raises(familycase.UsageError, match="only an assessment returned by"):
        copy.why_not("notify_child_welfare", "tomas")


def test_the_board_is_in_the_json_contract(phases: dict[str, familycase.Assessment]) -> None:
    data = json.loads(phases["phase1"].model_dump_json())
    schema = json.loads((ROOT / "docs" / "assessment.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    statuses = {(d["measure"], d["person"]): d["status"] for d in data["duty_board"]}
    assert statuses[("notify_child_welfare", "tomas")] == "not_triggered"


def test_explain_why_not_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "explain",
        str(SCENARIO),
        "--phase",
        "phase1",
        "--why-not",
        "notify_child_welfare",
        "--person",
        "tomas",
    ]
    assert main([*args, "--lang", "nn"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kvifor ikkje: melding til barnevernstenesta – Tomas")
    assert "Tomas er 20 år, ung vaksen (18–25); regelen gjeld berre barn (under 18)" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "docs" / "why-not.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["person"] == "tomas"
    assert data["suggested"] is False


def test_explain_since_an_earlier_phase(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["explain", str(SCENARIO), "--phase", "phase3", "--since", "phase2", "--lang", "en"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Duties:" in out
    assert "duty to inform" in out or "child welfare" in out
    assert "triggered → not triggered" in out
    code = main(["explain", str(SCENARIO), "--since", "phase2", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "docs" / "comparison.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_explain_errors_are_clear(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SCENARIO), "--why-not", "nothing_like_this"]) == 2
    assert "Unknown measure" in capsys.readouterr().err
    assert main(["explain", str(SCENARIO), "--since", "phase1", "--person", "jon"]) == 2
    assert "--person goes with --why-not" in capsys.readouterr().err
    assert main(["explain", str(SCENARIO), "--why-not", "nope", "--format", "json"]) == 2
    error = json.loads(capsys.readouterr().err)
    assert error["error"] == "UsageError"


def test_explain_since_needs_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = familycase.load_scenario(SCENARIO)
    case_file = tmp_path / "case.json"
    case_file.write_text(scenario.case_at("phase1").model_dump_json(by_alias=True), "utf-8")
    assert main(["explain", str(case_file), "--since", "phase1"]) == 2
    assert "--since compares two phases of a scenario" in capsys.readouterr().err
    assert main(["explain", str(case_file), "--why-not", "notify_police", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Why not: alert the police (duty to avert)")


def test_what_an_assessment_looked_at_is_kept_as_long_as_it_lives_and_no_longer() -> None:
    case = familycase.load_scenario(SCENARIO).case_at("phase1")
    gc.collect()
    kept = len(explanation._CONTEXTS)
    assessments = [familycase.evaluate(case) for _ in range(5)]
    assert len(explanation._CONTEXTS) == kept + 5
    assert all(a.why_not("notify_police", "maria").rules for a in assessments)
    del assessments
    assert len(explanation._CONTEXTS) == kept  # freed by reference counting, at once
    # a cycle through the assessment: forgotten when the collector frees it
    a = familycase.evaluate(case)
    holder: list[object] = [a]
    holder.append(holder)
    del a, holder
    gc.collect()
    assert len(explanation._CONTEXTS) == kept
    # an object at an address an assessment had is not mistaken for it
    assert explanation.recall(object()) is None
