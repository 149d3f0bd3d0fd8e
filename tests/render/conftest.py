"""Shared fixtures for the renderer tests: the vignette, its phases and assessments."""

from __future__ import annotations

from typing import Any

import pytest

import familycase
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

# A case whose names look like markup, templates and entities: they must come out as text.
MARKUP_NAMES = {
    "p1": "<script>alert(1)</script>",
    "p2": "{x} & {p1.name}",
    "p3": "&amp; \"quoted\" 'single' *bold* _em_ | [link](http://x) `code`",
}


def markup_case_data() -> dict[str, Any]:
    return {
        "id": "markup",
        "as_of": "2024-06-01",
        "persons": [
            {"id": "p1", "name": MARKUP_NAMES["p1"], "age": 40},
            {"id": "p2", "name": MARKUP_NAMES["p2"], "age": 8},
            {"id": "p3", "name": MARKUP_NAMES["p3"], "age": 38},
        ],
        "relations": [
            {"id": "r1", "kind": "parent", "from": "p1", "to": "p2"},
            {"id": "r2", "kind": "partner", "from": "p1", "to": "p3", "quality": "conflictual"},
        ],
        "households": [{"id": "home", "members": ["p1", "p2", "p3"]}],
        "concerns": [
            {
                "id": "c1",
                "kind": "child_witnessed_violence",
                "about": ["p3"],
                "exposed": ["p2"],
                "source": "self_report",
                "reported_by": "p1",
                "certainty": "reported",
                "note": "<b>never shown</b>",
            }
        ],
        "services": [{"id": "s1", "service": "nav_office", "person": "p1", "status": "active"}],
    }


@pytest.fixture(scope="session")
def vignette() -> familycase.Scenario:
    return familycase.load_scenario(familycase.scenario_path("maria_and_david"))


@pytest.fixture(scope="session")
def vocab() -> Vocabularies:
    return load_vocabularies()


@pytest.fixture(scope="session")
def markup_case() -> familycase.Case:
    return familycase.case_from_data(markup_case_data())


@pytest.fixture(scope="session")
def assessments(vignette: familycase.Scenario) -> dict[str, familycase.Assessment]:
    return {p.id: familycase.evaluate(vignette.case_at(p.id)) for p in vignette.phases}
