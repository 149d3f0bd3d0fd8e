"""Asserting the problems of invalid case data (shared by the case-model tests)."""

from __future__ import annotations

import pytest

from familycase.case.model import case_from_data
from familycase.errors import CaseError, Problem


def one_problem(data: object, code: str, path: str) -> Problem:
    """The problems of ``data`` are exactly one, with ``code`` at ``path`` and a suggestion."""
    with pytest.raises(CaseError) as info:
        case_from_data(data)
    problems = info.value.problems
    assert [(p.code, p.path) for p in problems] == [(code, path)], problems
    assert problems[0].suggestion, problems[0]
    return problems[0]
