"""A suggestion's legal basis is worked out once per group of rules and *epoch* (the dates
between two provisions' start or end dates, within which the same provisions are in
force): on every date it must be the provisions in force on that very date."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import familycase
from familycase.assess.assessment import LegalReference
from familycase.assess.build import _plan
from familycase.rules.rulebook import load_rulebook


def _around(day: date) -> list[date]:
    out = []
    for step in (-1, 0, 1):
        with contextlib.suppress(OverflowError):  # next to date.min or date.max
            out.append(day + timedelta(days=step))
    return out


def test_the_legal_basis_is_the_provisions_in_force_on_each_date() -> None:
    book = load_rulebook()
    plan = _plan(book)
    assert plan.breaks  # the shipped provisions come into force and go out of it
    days = {date.min, date.max, date(2020, 1, 1)}
    for day in plan.breaks:
        days.update(_around(day))
    suggesting = [rule for rule in book.rules if rule.spec.then.suggest is not None]
    for day in sorted(days):
        epoch = plan.epoch(day)
        for rule in suggesting:
            got = plan.grouped((plan.rule_plan(rule.id),), day, epoch).legal_basis
            expected = [
                LegalReference.of(book.provisions, pid)
                for pid in dict.fromkeys(rule.spec.legal_basis)
                if book.provisions[pid].in_force(day)
            ]
            assert list(got) == expected, (rule.id, day)


def test_a_case_on_both_sides_of_a_change_in_the_law_cites_each_dates_law() -> None:
    case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
    before = familycase.evaluate(case, as_of="2022-12-31")
    after = familycase.evaluate(case, as_of="2023-01-01")
    cited = [{r.provision for s in a.suggestions for r in s.legal_basis} for a in (before, after)]
    assert "bvl1992_6_4" in cited[0]  # the old act, until 31 December 2022
    assert "bvl1992_6_4" not in cited[1]
    assert "bvl_13_2_a" not in cited[0]  # the new one, from 1 January 2023
    assert "bvl_13_2_a" in cited[1]
