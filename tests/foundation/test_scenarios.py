"""Scenarios: the shipped ones load, the vignette is modelled faithfully, and broken files
are reported with their file, line and code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from familycase.case.graph import CaseGraph
from familycase.case.model import Case, case_from_data
from familycase.case.scenario import Scenario, load_scenario
from familycase.errors import ContentError, Problem, UsageError

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO_ROOT / "scenarios").glob("*.yaml"))
VIGNETTE = REPO_ROOT / "scenarios" / "maria_and_david.yaml"
BAD = REPO_ROOT / "tests" / "fixtures" / "scenarios"


@pytest.fixture(scope="module")
def vignette() -> Scenario:
    return load_scenario(VIGNETTE)


# -- the shipped scenarios ---------------------------------------------------------------------


def test_the_shipped_scenarios_are_there() -> None:
    assert {p.stem for p in SCENARIOS} >= {
        "maria_and_david",
        "single_father_teen",
        "below_threshold",
        "child_with_disability",
        "young_adult_alone",
        "parent_in_crisis",
        "honour_related",
    }


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_loads_and_every_phase_is_a_valid_case(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.id == path.stem
    assert scenario.source == str(path)
    assert scenario.phases
    dates = [p.date for p in scenario.phases]
    assert dates == sorted(dates)
    assert len({p.id for p in scenario.phases}) == len(scenario.phases)
    for phase in scenario.phases:
        case = scenario.case_at(phase.id)
        assert isinstance(case, Case)
        assert case.as_of == phase.date == phase.as_of
        again = case_from_data(case.model_dump(by_alias=True))
        assert again == case
        CaseGraph(case)  # the graph builds
        for lang in ("nb", "nn", "en"):
            assert phase.title.get(lang)
            assert phase.narrative.get(lang)
    assert scenario.case_at() == scenario.case_at(scenario.phases[-1].id)
    assert list(scenario) == list(scenario.phases)


# -- the vignette ------------------------------------------------------------------------------


def test_vignette_phases(vignette: Scenario) -> None:
    assert [p.id for p in vignette.phases] == ["phase1", "phase2", "phase3"]
    assert [p.date for p in vignette.phases] == [
        date(2018, 10, 1),
        date(2018, 10, 15),
        date(2019, 10, 15),
    ]


def test_vignette_persons(vignette: Scenario) -> None:
    for phase in vignette.phases:
        ids = {p.id for p in vignette.case_at(phase.id).persons}
        assert {"maria", "david", "jon", "beth", "tomas"} <= ids


def test_vignette_ages(vignette: Scenario) -> None:
    ages = {}
    for phase in vignette.phases:
        graph = CaseGraph(vignette.case_at(phase.id))
        ages[phase.id] = {pid: graph.age(pid) for pid in ("maria", "david", "jon", "beth", "tomas")}
    assert ages["phase1"] == {"maria": 40, "david": 40, "jon": 8, "beth": 5, "tomas": 20}
    assert ages["phase2"] == ages["phase1"]
    assert ages["phase3"]["tomas"] == 21
    assert ages["phase3"]["jon"] == 9
    assert ages["phase3"]["beth"] == 6


def test_vignette_children_and_young_adults(vignette: Scenario) -> None:
    for phase in vignette.phases:
        graph = CaseGraph(vignette.case_at(phase.id))
        assert graph.children == ["jon", "beth"]
        assert graph.young_adults == ["tomas"]
        assert graph.age_group("tomas") == "young_adult"


def test_vignette_phase1_household(vignette: Scenario) -> None:
    graph = CaseGraph(vignette.case_at("phase1"))
    assert graph.household_members("maria") == {"maria", "david", "jon", "beth", "tomas"}
    assert ("david", "partner") in graph.relations_from("maria")
    assert ("maria", "partner") in graph.relations_from("david")


def test_vignette_phase3_households(vignette: Scenario) -> None:
    graph = CaseGraph(vignette.case_at("phase3"))
    assert graph.household_members("maria") == {"maria", "tomas"}
    assert graph.household_members("tomas") == {"maria", "tomas"}
    brothers = graph.household_members("maria_brother")
    assert {"jon", "beth", "maria_brother", "maria_sister_in_law"} <= brothers
    assert graph.household_members("jon") == brothers
    assert graph.household_members("beth") == brothers
    assert "maria" not in brothers
    assert graph.household_members("david") == {"david"}


def test_vignette_phase3_separation(vignette: Scenario) -> None:
    case = vignette.case_at("phase3")
    partner = next(r for r in case.relations if r.id == "r_maria_david")
    assert partner.kind == "partner"
    assert partner.until == date(2019, 10, 15)
    assert not partner.current(case.as_of)
    graph = CaseGraph(case)
    assert graph.relations_from("maria", "partner") == []
    assert graph.relations_from("david", "partner") == []
    assert graph.relations_from("maria", "former_partner") == [("david", "former_partner")]
    # the relation was current in the earlier phases
    earlier = vignette.case_at("phase2")
    assert next(r for r in earlier.relations if r.id == "r_maria_david").current(earlier.as_of)


def test_vignette_phase3_caregivers(vignette: Scenario) -> None:
    graph = CaseGraph(vignette.case_at("phase3"))
    carers = {c.carer: c for c in graph.caregivers("jon")}
    assert carers["maria"].relation == "parent"
    assert carers["maria"].lives_with is False
    assert carers["david"].lives_with is False
    assert carers["maria_brother"].relation == "temporary_carer"
    assert carers["maria_brother"].lives_with is True
    assert carers["maria_sister_in_law"].relation == "temporary_carer"


def test_vignette_phase3_concerns(vignette: Scenario) -> None:
    case = vignette.case_at("phase3")
    status = {c.id: c.status for c in case.concerns}
    assert status["c_partner_violence"] == "past"
    assert status["c_children_witnessed_violence"] == "past"
    assert status["c_maria_relapse_signs"] == "current"
    substance = next(c for c in case.concerns if c.id == "c_maria_substance_problem")
    assert substance.certainty == "confirmed"
    assert substance.status == "past"
    # phase 2 still has the suspicion, unchanged by the later phase
    earlier = vignette.case_at("phase2")
    before = next(c for c in earlier.concerns if c.id == "c_maria_substance_problem")
    assert (before.certainty, before.status) == ("suspected", "current")


def test_phases_accumulate(vignette: Scenario) -> None:
    counts = [len(vignette.case_at(p.id).concerns) for p in vignette.phases]
    assert counts[0] > 0
    assert counts == sorted(counts)
    assert vignette.case_at("phase1").households[0].members == [
        "maria",
        "david",
        "jon",
        "beth",
        "tomas",
    ]


# -- the small fixture scenario ------------------------------------------------------------------


def test_fixture_add_change_end() -> None:
    scenario = load_scenario(BAD / "minimal.yaml")
    start, later = scenario.case_at("start"), scenario.case_at("later")
    assert CaseGraph(start).children == ["leo"]
    assert CaseGraph(later).children == []  # Leo (17 at the first phase) turned 18
    assert CaseGraph(later).young_adults == ["leo"]
    assert [(s.id, s.status, s.until) for s in start.services] == [
        ("s_anna_nav", "waiting", None),
        ("s_leo_school", "active", None),
    ]
    assert [(s.id, s.status, s.until) for s in later.services] == [
        ("s_anna_nav", "active", None),
        ("s_leo_school", "ended", date(2025, 3, 1)),
    ]
    assert [k.withdrawn_on for k in start.consents] == [None]
    assert [k.withdrawn_on for k in later.consents] == [date(2025, 3, 1)]
    assert [(c.status, c.until) for c in start.concerns] == [("current", None)]
    assert [(c.status, c.until) for c in later.concerns] == [("past", date(2025, 3, 1))]
    assert [h.members for h in start.households] == [["anna", "leo"]]
    assert [(h.id, h.members) for h in later.households] == [
        ("home", ["anna"]),
        ("leo_flat", ["leo"]),
    ]
    assert start.relations[0].current(start.as_of)
    assert not later.relations[0].current(later.as_of)


def test_unknown_phase_in_case_at_names_the_known_phases() -> None:
    path = BAD / "minimal.yaml"
    scenario = load_scenario(path)
    with pytest.raises(UsageError) as info:
        scenario.case_at("phase9")
    message = str(info.value)
    assert "'phase9'" in message
    assert "Known phases: start, later." in message
    assert str(path) in message
    with pytest.raises(UsageError):
        scenario.phase("Start")


# -- broken scenario files ---------------------------------------------------------------------


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, (path, needle, found)
    return found[0]


def _problems(name: str) -> tuple[Path, ContentError]:
    path = BAD / name
    with pytest.raises(ContentError) as info:
        load_scenario(path)
    return path, info.value


def _located(name: str, code: str, needle: str, path_field: str | None = None) -> Problem:
    """The only problem with ``code`` in fixture ``name``, at the line holding ``needle``."""
    path, error = _problems(name)
    found = [p for p in error.problems if p.code == code]
    assert len(found) == 1, str(error)
    problem = found[0]
    line = _line_of(path, needle)
    assert problem.file == str(path)
    assert problem.line == line, str(error)
    assert f"{path}:{line}:" in str(error)
    assert f"[{code}]" in str(error)
    if path_field is not None:
        assert problem.path == path_field
    return problem


def test_yaml_syntax_error() -> None:
    problem = _located("syntax_error.yaml", "FC103", "phases:")
    assert problem.excerpt == "phases:"


def test_duplicate_key() -> None:
    _located("duplicate_key.yaml", "FC108", "date: 2024-04-01")


def test_unknown_person() -> None:
    problem = _located(
        "unknown_person.yaml",
        "FC304",
        "about: [mari]",
        "phases[0].changes.add.concerns[0].about[0]",
    )
    assert problem.message == "In phase 'phase1': Unknown person id 'mari'."
    assert problem.suggestion == "Did you mean 'maria'?"


def test_empty_file() -> None:
    path, error = _problems("empty.yaml")
    assert [(p.code, p.file) for p in error.problems] == [("FC104", str(path))]
    assert str(path) in str(error)


def test_missing_file() -> None:
    path, error = _problems("no_such_scenario.yaml")
    assert [(p.code, p.file) for p in error.problems] == [("FC101", str(path))]
    assert str(path) in str(error)


def test_duplicate_phase_id() -> None:
    path = BAD / "duplicate_phase.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if "- id: phase1" in line][1]
    _, error = _problems("duplicate_phase.yaml")
    (problem,) = error.problems
    assert (problem.code, problem.line, problem.path) == ("FC401", second, "phases[1].id")
    assert f"{path}:{second}:" in str(error)


def test_phases_out_of_date_order() -> None:
    problem = _located("phases_out_of_order.yaml", "FC402", "date: 2024-02-28", "phases[1].date")
    assert "'phase2'" in problem.message


def test_change_of_an_unknown_item() -> None:
    problem = _located(
        "change_unknown_item.yaml",
        "FC405",
        "c_anna_jobloss",
        "phases[0].changes.change.concerns[0].id",
    )
    assert "'c_anna_jobloss'" in problem.message
    assert problem.suggestion == "Did you mean 'c_anna_job_loss'?"


def test_end_of_an_unknown_item() -> None:
    problem = _located(
        "end_unknown_item.yaml", "FC405", "- r_leo_anna", "phases[0].changes.end.relations[1]"
    )
    assert "'r_leo_anna'" in problem.message


def test_end_of_persons_is_refused() -> None:
    _located("end_persons.yaml", "FC404", "persons: [anna]", "phases[0].changes.end.persons")


def test_unknown_field_in_a_phase() -> None:
    problem = _located("unknown_field.yaml", "FC302", "narative:", "phases[0].narative")
    assert problem.suggestion == "Did you mean 'narrative'?"


def test_unknown_field_in_a_base_case_item() -> None:
    problem = _located("unknown_person_field.yaml", "FC302", "nmae:", "case.persons[1].nmae")
    assert problem.suggestion == "Did you mean 'name'?"


def test_as_of_in_base_case() -> None:
    _located("as_of_in_base.yaml", "FC403", "as_of:", "case.as_of")


def test_unknown_concern_kind_in_a_later_phase() -> None:
    problem = _located(
        "unknown_concern_kind.yaml",
        "FC305",
        "child_distres",
        "phases[1].changes.add.concerns[0].kind",
    )
    assert problem.message == "In phase 'phase2': Unknown concern kind 'child_distres'."
    assert problem.suggestion is not None
    assert problem.suggestion.startswith("Did you mean 'child_distress'")


def test_added_item_with_a_taken_id() -> None:
    path = BAD / "duplicate_item_id.yaml"
    line = _line_of(path, "kind: depression")
    _, error = _problems("duplicate_item_id.yaml")
    (problem,) = error.problems
    assert (problem.code, problem.line) == ("FC306", line)
    assert problem.path == "phases[0].changes.add.concerns[0].id"
    assert "'c_anna'" in problem.message


def test_person_left_in_two_households() -> None:
    problem = _located("forgot_to_move.yaml", "FC310", "leo_flat")
    assert "'leo'" in problem.message
    assert "phase2" in problem.message


def test_text_missing_a_language() -> None:
    _located("missing_nn.yaml", "FC301", 'title: {nb: "Fase 1", en:', "phases[0].title.nn")


@pytest.mark.parametrize(
    ("certainty", "meant"),
    [("reportd", "reported"), ("bekreftet", "confirmed"), ("mistanke", "suspected")],
)
def test_a_phase_error_has_the_same_details_as_elsewhere(
    tmp_path: Path, certainty: str, meant: str
) -> None:
    """A misspelt required field is one FC302 (not also FC301), and a value that is not
    allowed gets a did-you-mean (also from a Norwegian word for it)."""
    text = (BAD / "minimal.yaml").read_text(encoding="utf-8")
    old = "{id: c_anna_job_loss, kind: job_loss,"
    assert old in text
    text = text.replace(old, f"{{id: c_anna_job_loss, knd: job_loss, certainty: {certainty},")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_scenario(path)
    found = {(p.code, p.path, p.suggestion) for p in info.value.problems}
    where = "phases[0].changes.add.concerns[0]"
    assert found == {
        ("FC302", f"{where}.knd", "Did you mean 'kind'?"),
        (
            "FC303",
            f"{where}.certainty",
            f"Did you mean '{meant}'? Write one of: "
            "suspected, concrete_indications, reported, confirmed.",
        ),
    }
    assert all(p.message.startswith("In phase 'start': ") for p in info.value.problems)
