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


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("nb", "utsatt: rusproblem (meldt av Kari; i den daglige omsorgen til Mona)"),
        ("en", "exposed: substance-use problem (reported by Kari; in the daily care of Mona)"),
    ],
)
def test_an_inferred_exposure_is_shown_with_whom_and_why(lang: str, shown: str) -> None:
    data = _case(reported_by="kari", severity="serious")
    data["persons"].append({"id": "ida", "name": "Ida", "age": 3})
    data["relations"] = [{"kind": "parent", "from": "mor", "to": "ida"}]
    data["households"] = [{"id": "h", "members": ["mor", "ida"]}]
    a = familycase.evaluate(data)
    (ida,) = [p for p in a.persons if p.person == "ida"]
    assert [(x.concern, x.via, x.basis) for x in ida.exposed_through] == [
        ("c1", "mor", "daily_care")
    ]
    assert shown in render_assessment(a, lang)  # type: ignore[arg-type]
