"""A concern that is not confirmed is shown as what it is: a report, by whom, or a suspicion."""

from __future__ import annotations

from typing import Any

import pytest

import familycase
from familycase.render.text import render_assessment


def _case(**concern: Any) -> dict[str, Any]:
    return {
        "as_of": "2025-06-01",
        "persons": [
            {"id": "mor", "name": "Mona", "age": 40},
            {"id": "kari", "name": "Kari", "age": 44},
        ],
        "concerns": [{"id": "c1", "kind": "substance_problem", "about": ["mor"], **concern}],
    }


@pytest.mark.parametrize(
    ("concern", "lang", "shown"),
    [
        (
            {"certainty": "suspected", "reported_by": "kari"},
            "nb",
            "rusproblem (mistanke, meldt av Kari)",
        ),
        ({"certainty": "reported", "reported_by": "kari"}, "nn", "rusproblem (meldt av Kari)"),
        (
            {"certainty": "concrete_indications", "reported_by": "gp"},
            "en",
            "substance-use problem (concrete indications, reported by regular GP)",
        ),
        (
            {"certainty": "suspected", "source": "anonymous"},
            "nb",
            "rusproblem (mistanke; kilde: anonym)",
        ),
    ],
)
def test_an_unconfirmed_concern_says_what_it_rests_on(
    concern: dict[str, Any], lang: str, shown: str
) -> None:
    a = familycase.evaluate(_case(**concern))
    assert a.unconfirmed["c1"].certainty == concern["certainty"]
    assert shown in render_assessment(a, lang)  # type: ignore[arg-type]


def test_a_confirmed_concern_is_shown_as_it_is() -> None:
    a = familycase.evaluate(_case(certainty="confirmed", reported_by="kari"))
    assert a.unconfirmed == {}
    text = render_assessment(a, "nb")
    assert "Mona (40 år): rusproblem\n" in text
