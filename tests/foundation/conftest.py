"""Shared fixtures for the foundation tests (YAML, vocabularies, model, graph, scenarios)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"

# A small family, valid on 2024-06-01: a mother, her partner (the children's step-father),
# two children and the mother's sister, who lives elsewhere.
_FAMILY: dict[str, Any] = {
    "id": "test_family",
    "as_of": "2024-06-01",
    "persons": [
        {"id": "anna", "name": "Anna", "age": 35},
        {"id": "ben", "name": "Ben", "age": 38},
        {"id": "cara", "name": "Cara", "birth_date": "2014-02-10"},
        {"id": "dan", "name": "Dan", "birth_date": "2019-09-30"},
        {"id": "eva", "name": "Eva", "age": 40},
    ],
    "relations": [
        {"id": "r_anna_cara", "kind": "parent", "from": "anna", "to": "cara"},
        {"id": "r_anna_dan", "kind": "parent", "from": "anna", "to": "dan"},
        {"id": "r_anna_ben", "kind": "partner", "from": "anna", "to": "ben"},
        {"id": "r_ben_cara", "kind": "step_parent", "from": "ben", "to": "cara"},
        {"id": "r_ben_dan", "kind": "parent", "from": "ben", "to": "dan"},
        {"id": "r_cara_dan", "kind": "half_sibling", "from": "cara", "to": "dan"},
        {"id": "r_eva_anna", "kind": "sibling", "from": "eva", "to": "anna"},
    ],
    "households": [
        {"id": "home", "members": ["anna", "ben", "cara", "dan"]},
        {"id": "eva_flat", "members": ["eva"]},
    ],
    "concerns": [
        {
            "id": "c_conflict",
            "kind": "parental_conflict",
            "about": ["anna", "ben"],
            "exposed": ["cara", "dan"],
            "source": "self_report",
            "reported_by": "anna",
            "certainty": "reported",
            "repeated": True,
        },
        {
            "id": "c_ben_job_loss",
            "kind": "job_loss",
            "about": ["ben"],
            "source": "professional",
            "reported_by": "nav_office",
        },
    ],
    "services": [
        {"id": "s_anna_nav", "service": "nav_office", "person": "anna", "coordinator": True},
        {"id": "s_cara_school", "service": "school", "person": "cara"},
        {"id": "s_ben_gp", "service": "gp", "person": "ben", "status": "ended"},
    ],
    "consents": [
        {
            "id": "k_anna_school",
            "given_by": "anna",
            "share_with": ["school", "child_welfare"],
            "concerning": ["cara"],
        }
    ],
}


@pytest.fixture
def family() -> dict[str, Any]:
    """A fresh, valid case mapping (mutate it freely)."""
    return copy.deepcopy(_FAMILY)


@pytest.fixture
def minimal() -> Callable[..., dict[str, Any]]:
    """``minimal(**lists)``: a one-adult case mapping plus the lists given."""

    def make(as_of: str = "2024-06-01", **lists: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "as_of": as_of,
            "persons": [{"id": "anna", "name": "Anna", "age": 35}],
        }
        data.update(copy.deepcopy(lists))
        return data

    return make
