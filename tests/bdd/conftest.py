"""Shared by the tests that call step functions directly: the step library over the shipped
rules, and a world with a father and Ida (17) on 1 June 2025."""

from __future__ import annotations

import pytest

import familycase
from familycase.testing.steps import family
from familycase.testing.world import Library, World

LIBRARY = Library(familycase.load_rulebook())


@pytest.fixture
def world() -> World:
    w = World(LIBRARY)
    family.evaluation_date(w, when="1. juni 2025")
    family.persons_table(
        w,
        datatable=[
            ["person", "alder", "forelder til", "husstand"],
            ["far", "42", "Ida", "hjemme"],
            ["Ida", "17", "", "hjemme"],
        ],
    )
    return w
