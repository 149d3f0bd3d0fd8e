"""``evaluate_many`` checks its arguments at once (``UsageError``, before any work), and a
wrong case still gives a per-case error, never a raised one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import familycase


@pytest.fixture(scope="module")
def case() -> familycase.Case:
    return familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")


@pytest.mark.parametrize("progress", ["x", 1, None, "False"], ids=repr)
def test_progress_must_be_a_bool(progress: Any, case: familycase.Case) -> None:
    with pytest.raises(familycase.UsageError, match="progress must be True or False"):
        familycase.evaluate_many([case], workers=0, progress=progress)


@pytest.mark.parametrize(
    "as_of",
    [
        1,
        2025.5,
        "tomorrow",
        "20250601",
        "2025-W22-1",
        "2025-02-30",
        "2025-06-01T10:00",
        dt.datetime(2025, 6, 1, 10, 0),
        ["2025-06-01"],
    ],
    ids=repr,
)
def test_as_of_must_be_a_date_or_a_date_string(as_of: Any, case: familycase.Case) -> None:
    # refused at the call, before the iterator is advanced: no per-case CaseError
    with pytest.raises(familycase.UsageError, match=r"as_of must be None, a datetime\.date or"):
        familycase.evaluate_many([case], workers=0, as_of=as_of)


@pytest.mark.parametrize("as_of", [None, "2025-06-01", dt.date(2025, 6, 1)], ids=repr)
def test_good_dates_are_taken(as_of: Any, case: familycase.Case) -> None:
    (result,) = familycase.evaluate_many([case], workers=0, as_of=as_of)
    assert result.ok
    assert result.assessment.as_of == (case.as_of if as_of is None else dt.date(2025, 6, 1))


def test_a_wrong_case_is_still_reported_per_case(case: familycase.Case) -> None:
    wrong: list[Any] = [None, 1, {"id": "x"}]
    results = list(familycase.evaluate_many([case, *wrong], workers=0))
    assert [r.ok for r in results] == [True, False, False, False]
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.error.type for r in results if r.error is not None] == [
        "UsageError",
        "UsageError",
        "CaseError",
    ]
