"""Reading what a domain expert writes: numbers, dates, lists and vocabulary words."""

from __future__ import annotations

from datetime import date

import pytest

import familycase
from familycase.testing import _words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17", 17), (" 0 ", 0), ("017", None), ("17.0", None), ("-1", None), ("sytten", None)],
)
def test_numbers_are_numbers_only_when_written_as_one(text: str, expected: int | None) -> None:
    assert _words.parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-01", date(2025, 6, 1)),
        ("01.06.2025", date(2025, 6, 1)),
        ("1.6.2025", date(2025, 6, 1)),
        ("1. juni 2025", date(2025, 6, 1)),
        ("1. januar 2023", date(2023, 1, 1)),
        ("31 December 2022", date(2022, 12, 31)),
        ("June 1, 2025", date(2025, 6, 1)),
        ('"2025-06-01"', date(2025, 6, 1)),
        ("31.02.2025", None),
        ("1. juno 2025", None),
        ("snart", None),
        ("2025-6-1", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert _words.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", True), ("Yes", True), ("nei", False), ("no", False), ("kanskje", None), ("1", None)],
)
def test_yes_and_no(text: str, expected: bool | None) -> None:
    assert _words.parse_bool(text) == expected


def test_lists_of_names() -> None:
    assert _words.split_list('"Jon", "Beth" og "Tomas"') == ["Jon", "Beth", "Tomas"]
    assert _words.split_list("Jon, Beth and Tomas") == ["Jon", "Beth", "Tomas"]
    assert _words.split_list('"Marias bror" og "Ola"') == ["Marias bror", "Ola"]
    assert _words.split_list("") == []


VOCAB = familycase.load_rulebook().vocabularies


@pytest.mark.parametrize(
    ("vocab", "text", "expected"),
    [
        ("concern_kinds", "rusproblem", "substance_problem"),
        ("concern_kinds", "substance-use problem", "substance_problem"),
        ("concern_kinds", "substance_problem", "substance_problem"),
        ("concern_kinds", "vold mellom voksne i nære relasjoner", "partner_violence"),
        ("concern_kinds", "VALD MELLOM VAKSNE I NÆRE RELASJONAR", "partner_violence"),
        ("services", "barnevernstjenesten", "child_welfare"),
        ("services", "barnevernstenesta", "child_welfare"),
        ("services", "DPS", "dps"),
        ("services", "tsb", "specialised_substance_treatment"),
        ("services", "Nav", "nav_office"),
        ("severity", "ukjent", "unknown"),
        ("source", "skole", "school"),
        ("measures", '"melding til barnevernstjenesten"', "notify_child_welfare"),
        ("laws", "bvl 2021", "barnevernsloven"),
    ],
)
def test_a_word_names_one_entry_in_any_language(vocab: str, text: str, expected: str) -> None:
    assert _words.lookup(VOCAB.by_name(vocab), text).id == expected


def test_a_word_that_fits_several_entries_is_refused() -> None:
    match = _words.lookup(VOCAB.concern_kinds, "vold")
    assert match.id is None
    assert match.ambiguous
    assert {"partner_violence", "violence_against_child"} <= set(match.candidates)


def test_a_misspelt_word_gets_close_entries() -> None:
    match = _words.lookup(VOCAB.services, "barneverntjenesten")
    assert match.id is None
    assert not match.ambiguous
    assert match.candidates[0] == "child_welfare"


def test_lists_of_words_whose_labels_contain_og() -> None:
    found = _words.lookup_list(VOCAB.services, "helsestasjon og skolehelsetjeneste og politiet")
    assert [m.id for _, m in found] == ["child_health_school_health", "police"]
    found = _words.lookup_list(VOCAB.services, "skole, politiet and crisis centre")
    assert [m.id for _, m in found] == ["school", "police", "crisis_centre"]


def test_an_unknown_word_in_a_list_is_reported_as_that_word() -> None:
    found = _words.lookup_list(VOCAB.services, "skole og barneverntjenesten")
    assert [(text, m.id) for text, m in found] == [
        ("skole", "school"),
        ("barneverntjenesten", None),
    ]
