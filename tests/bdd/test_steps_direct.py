"""The step functions called directly: what they refuse, and how they say it."""

from __future__ import annotations

import pytest

from familycase.assess.assessment import LegalReference
from familycase.testing.steps import expectations, family
from familycase.testing.world import ExpectationFailed, StepInputError, World

from .conftest import LIBRARY


def test_the_family_table_becomes_a_case(world: World) -> None:
    data = world.case_data()
    assert [(p["id"], p["name"], p["age"]) for p in data["persons"]] == [
        ("far", "far", 42),
        ("ida", "Ida", 17),
    ]
    assert data["relations"] == [{"kind": "parent", "from": "far", "to": "ida"}]
    assert data["households"] == [{"id": "hjemme", "members": ["far", "ida"]}]
    assert data["as_of"] == "2025-06-01"


def test_names_with_norwegian_letters_become_ascii_ids(world: World) -> None:
    family.person_age(world, person="Åse Ødegård", age="70")
    assert world.person("åse ødegård") == "aase_odegaard"


@pytest.mark.parametrize("age", ["17.0", "017", "sytten", "130"])
def test_an_age_is_a_whole_number(world: World, age: str) -> None:
    with pytest.raises(StepInputError, match="er ikke en alder"):
        family.person_age(world, person="Ida", age=age)


def test_a_person_must_be_described_first(world: World) -> None:
    with pytest.raises(StepInputError, match=r"Kjenner ikke personen «Jon».*Kjente personer"):
        family.live_together(world, persons='"Ida" og "Jon"')


def test_a_word_that_fits_several_concern_kinds_is_refused(world: World) -> None:
    with pytest.raises(StepInputError, match=r"«vold» kan bety flere bekymring.*partner_violence"):
        family.concern(world, concern="vold", persons='"far"', exposed='"Ida"')


def test_unknown_columns_and_details_are_named(world: World) -> None:
    with pytest.raises(StepInputError, match=r"«hastegraden».*Kjente kolonner: tiltak"):
        expectations.suggests_table(world, datatable=[["tiltak", "hastegraden"], ["tolk", "snart"]])
    with pytest.raises(StepInputError, match=r"Forstår ikke «kanskje» i parentesen"):
        family.concern(world, concern="rusproblem", persons='"far"', details="kanskje")


def test_without_a_date_there_is_nothing_to_evaluate() -> None:
    w = World(LIBRARY)
    family.person_age(w, person="Ola", age="40")
    with pytest.raises(StepInputError, match="ingen vurderingsdato"):
        family.evaluate(w)


@pytest.mark.parametrize(
    ("text", "provisions"),
    [
        ("sosialtjenesteloven § 45", {"sotjl_45"}),
        ("sotjl_45", {"sotjl_45"}),
        (
            "barnevernsloven § 13-2",
            {"bvl_13_2", "bvl_13_2_a", "bvl_13_2_b", "bvl_13_2_c", "bvl_13_2_d"},
        ),
        ("barnevernsloven § 13-2 første ledd bokstav c", {"bvl_13_2_c"}),
        ("Child Welfare Act (2021) section 13-2 first paragraph letter d", {"bvl_13_2_d"}),
        ("bvl § 13-2 bokstav b", {"bvl_13_2_b"}),
        ("barnevernloven (1992) § 6-4", {"bvl1992_6_4"}),
        ("forvaltningsloven § 13 a", {"fvl_13a"}),
        ("krisesenterloven", {"krisesenterlova", "krisesenterlova_4"}),
    ],
)
def test_legal_bases_are_read_as_law_and_section(
    world: World, text: str, provisions: set[str]
) -> None:
    query = expectations.parse_reference(world, text)
    catalogue = world.rulebook.provisions
    matched = set()
    for pid in catalogue.entries:
        if query.matches(LegalReference.of(catalogue, pid)):
            matched.add(pid)
    assert matched == provisions


@pytest.mark.parametrize("text", ["barnevernsloven § 13-2 tredje punktum", "lov om ting § 3"])
def test_a_legal_basis_familycase_cannot_read_is_refused(world: World, text: str) -> None:
    with pytest.raises(StepInputError, match="Forstår ikke hjemmelen"):
        expectations.parse_reference(world, text)


def test_an_english_step_fails_in_english(world: World) -> None:
    family.concern(world, concern="violence against a child", persons='"far"', exposed='"Ida"')
    world.begin_step(frozenset({"en"}))
    with pytest.raises(ExpectationFailed) as failed:
        expectations.is_recommendation(world, measure="report to the child welfare service")
    text = failed.value.report()
    assert "The expectation did not hold." in text
    assert 'type: expected "recommendation", but familycase says "duty"' in text.replace(
        "duty or recommendation", "type"
    )


def test_a_nynorsk_step_makes_shared_wordings_answer_in_nynorsk(world: World) -> None:
    world.begin_step(frozenset({"nn"}))
    world.begin_step(frozenset({"nb", "nn"}))
    assert world.lang == "nn"
    with pytest.raises(ExpectationFailed, match="Forventninga heldt ikkje"):
        expectations.suggests(world, measure="tolk")


# -- dated events and incidents ---------------------------------------------------
def test_an_event_step_records_kind_persons_and_date(world: World) -> None:
    family.event(world, event="utkastelse", persons='"far" og "Ida"', when="10. juni 2025")
    family.event(world, event="travel abroad", persons='"Ida"', when="2025-06-20")
    assert world.case_data()["events"] == [
        {"id": "e1", "kind": "eviction", "persons": ["far", "ida"], "on": "2025-06-10"},
        {"id": "e2", "kind": "travel_abroad", "persons": ["ida"], "on": "2025-06-20"},
    ]


def test_an_unknown_event_kind_is_refused_with_the_closest(world: World) -> None:
    with pytest.raises(StepInputError, match=r"«utkastelsen».*hendelse.*utkastelse"):
        family.event(world, event="utkastelsen", persons='"far"', when="10. juni 2025")


def test_an_event_date_that_is_no_date_is_refused(world: World) -> None:
    with pytest.raises(StepInputError, match="snart"):
        family.event(world, event="utkastelse", persons='"far"', when="snart")


def test_a_concern_records_when_it_last_happened(world: World) -> None:
    family.concern(
        world,
        concern="vold mot barn",
        persons='"far"',
        exposed='"Ida"',
        details="alvorlig, sist skjedd 29. mai 2025",
    )
    family.concerns_table(
        world,
        datatable=[
            ["bekymring", "fra", "sist skjedd"],
            ["trusler om vold", "far", "01.05.2025"],
        ],
    )
    assert [c.get("last_incident") for c in world.case_data()["concerns"]] == [
        "2025-05-29",
        "2025-05-01",
    ]
    with pytest.raises(StepInputError):
        family.concern(world, concern="rusproblem", persons='"far"', details="sist skjedd i fjor")
