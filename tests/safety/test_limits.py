"""Size limits: a case too big for one family is refused with a clear error (FC309) before
anything reaches the engine, and a case at the limits evaluates."""

from __future__ import annotations

from typing import Any

import pytest

import familycase
from familycase.case.model import MAX_ITEMS, MAX_LINKS, MAX_PERSONS


def _family(kids: int, adults: int, concerns: int, **concern: Any) -> dict[str, Any]:
    kid_ids = [f"k{i}" for i in range(kids)]
    adult_ids = [f"a{i}" for i in range(adults)]
    return {
        "as_of": "2025-01-01",
        "persons": [{"id": p, "name": "X", "age": 10} for p in kid_ids]
        + [{"id": p, "name": "X", "age": 40} for p in adult_ids],
        "relations": [{"kind": "parent", "from": a, "to": k} for a in adult_ids for k in kid_ids][
            :MAX_ITEMS
        ],
        "households": [{"id": "home", "members": kid_ids + adult_ids}],
        "concerns": [
            {
                "id": f"c{i}",
                "kind": "violence_against_child",
                "about": adult_ids,
                "exposed": kid_ids,
                **concern,
            }
            for i in range(concerns)
        ],
    }


def _problems(data: object) -> list[familycase.Problem]:
    with pytest.raises(familycase.CaseError) as info:
        familycase.case_from_data(data)
    return list(info.value.problems)


def test_a_case_at_the_limits_evaluates() -> None:
    # 30 children and 30 adults in one household, every adult a parent of every child, and
    # as many concerns about all of them as the link limit allows: ~20,000 rule firings.
    per_concern = MAX_PERSONS
    data = _family(30, 30, MAX_LINKS // per_concern)
    assessment = familycase.evaluate(data)
    assert assessment.suggestion("notify_child_welfare") is not None


def test_too_many_links_is_refused_before_the_engine() -> None:
    # Before the limit: 400 such concerns (48,000 engine facts) made durable_rules report a
    # duplicate fact (its 32-bit fact hash) and took minutes with the reference evaluator.
    data = _family(30, 30, MAX_ITEMS)
    (problem,) = _problems(data)
    assert problem.code == "FC309"
    assert problem.path == "concerns"
    assert str(MAX_LINKS) in problem.message


def test_consent_links_count_too() -> None:
    data = _family(30, 30, 0)
    data["consents"] = [
        {"given_by": "a0", "share_with": ["school", "gp", "dps"], "concerning": []}
    ] * 6  # 6 consents x 3 services x 60 persons
    (problem,) = _problems(data)
    assert (problem.code, problem.path) == ("FC309", "consents")


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("persons", {"persons": [{"id": f"p{i}", "name": "X"} for i in range(MAX_PERSONS + 1)]}),
        ("concerns", {"concerns": [{"id": f"c{i}"} for i in range(MAX_ITEMS + 1)]}),
        ("relations", {"relations": [{}] * (MAX_ITEMS + 1)}),
        ("services", {"services": [{}] * (MAX_ITEMS + 1)}),
        ("consents", {"consents": [{}] * (MAX_ITEMS + 1)}),
        ("persons[0].name", {"persons": [{"id": "p", "name": "N" * 201}]}),
        ("persons[0].id", {"persons": [{"id": "p" * 65, "name": "X"}]}),
        ("households[0].note", {"households": [{"id": "h", "members": ["p"], "note": "x" * 4001}]}),
        (
            "consents[0].share_with",
            {"consents": [{"given_by": "p", "share_with": ["gp"] * (MAX_PERSONS + 1)}]},
        ),
        (
            "consents[0].concerning",
            {"consents": [{"given_by": "p", "share_with": ["gp"], "concerning": ["p"] * 61}]},
        ),
    ],
)
def test_each_limit_gives_a_clear_error(path: str, data: dict[str, Any]) -> None:
    case: dict[str, Any] = {
        "as_of": "2025-01-01",
        "persons": [{"id": "p", "name": "X", "age": 30}],
        **data,
    }
    problems = _problems(case)
    found = [p for p in problems if p.path == path]
    assert found, [p.format() for p in problems]
    assert found[0].code in ("FC309", "FC303")
    assert found[0].code == "FC309" or path.endswith(".id")
