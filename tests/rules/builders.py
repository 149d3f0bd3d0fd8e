"""Readable case builders for the rule tests.

A ``CaseBuilder`` is immutable: every method returns a new builder, so one base family can
be extended into a firing case and a non-firing case that differ in a single fact::

    base = family(children={"ida": 17})
    firing = base.concern("violence_against_child", about="father", exposed="ida")
    quiet = base.concern("violence_against_child", about="father", exposed="ida", status="past")

``build()`` gives the case mapping ``familycase.evaluate`` takes. Ages are given as plain
ages (no ``age_on``), so they stay the same when a test evaluates on another ``as_of``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import familycase
from familycase import Assessment
from familycase.engine import available

AS_OF = "2025-06-01"
#: every engine installed here (durable where it imports) and the reference evaluator
ENGINES = (*(name for name in ("durable", "clips") if available(name)), "reference")

Persons = str | Iterable[str]


def _ids(value: Persons) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


class CaseBuilder:
    """A case under construction. Every method returns a new builder."""

    def __init__(self, as_of: str = AS_OF, case_id: str = "case") -> None:
        self._data: dict[str, Any] = {
            "id": case_id,
            "as_of": as_of,
            "persons": [],
            "relations": [],
            "households": [],
            "concerns": [],
            "services": [],
            "consents": [],
            "reports": [],
            "events": [],
        }

    def _edit(self) -> tuple[CaseBuilder, dict[str, Any]]:
        new = CaseBuilder.__new__(CaseBuilder)
        new._data = copy.deepcopy(self._data)
        return new, new._data

    def __repr__(self) -> str:
        return f"CaseBuilder({[p['id'] for p in self._data['persons']]})"

    # -- the case ------------------------------------------------------------------------
    def on(self, as_of: str) -> CaseBuilder:
        """The same case evaluated on another date."""
        new, data = self._edit()
        data["as_of"] = as_of
        return new

    def build(self) -> dict[str, Any]:
        """The case mapping (a fresh copy)."""
        return copy.deepcopy(self._data)

    # -- persons, relations, households --------------------------------------------------
    def person(self, pid: str, age: int | None = None, *, name: str | None = None) -> CaseBuilder:
        """Add a person (``age`` ``None``: unknown)."""
        new, data = self._edit()
        item: dict[str, Any] = {"id": pid, "name": name or pid.replace("_", " ").title()}
        if age is not None:
            item["age"] = age
        data["persons"].append(item)
        return new

    def age(self, pid: str, age: int) -> CaseBuilder:
        """Change a person's age."""
        new, data = self._edit()
        for item in data["persons"]:
            if item["id"] == pid:
                item["age"] = age
                return new
        raise KeyError(pid)

    def applies(self, pid: str, *measures: str) -> CaseBuilder:
        """Record that ``pid`` has applied for ``measures``."""
        new, data = self._edit()
        for item in data["persons"]:
            if item["id"] == pid:
                item.setdefault("applies_for", []).extend(measures)
        return new

    def view(self, pid: str, text: str = "-") -> CaseBuilder:
        """Record ``pid``'s own view."""
        new, data = self._edit()
        for item in data["persons"]:
            if item["id"] == pid:
                item["view"] = text
        return new

    def pregnant(self, pid: str, due: str) -> CaseBuilder:
        """Record that ``pid`` is pregnant, with the expected date of birth ``due``."""
        new, data = self._edit()
        for item in data["persons"]:
            if item["id"] == pid:
                item["pregnant_due"] = due
        return new

    def age_unknown(self, pid: str) -> CaseBuilder:
        """Forget a person's age."""
        new, data = self._edit()
        for item in data["persons"]:
            if item["id"] == pid:
                item.pop("age", None)
                return new
        raise KeyError(pid)

    def relation(
        self, kind: str, from_: str, to: str, *, quality: str | None = None
    ) -> CaseBuilder:
        """``from_`` is ``kind`` of ``to`` (e.g. ``relation("parent", "mother", "ida")``)."""
        new, data = self._edit()
        item: dict[str, Any] = {"kind": kind, "from": from_, "to": to}
        if quality is not None:
            item["quality"] = quality
        data["relations"].append(item)
        return new

    def parent_of(self, parent: str, *children: str) -> CaseBuilder:
        new = self
        for child in children:
            new = new.relation("parent", parent, child)
        return new

    def care(
        self,
        carer: str,
        child: str,
        *,
        responsibility: bool | None = None,
        daily_care: bool | None = None,
    ) -> CaseBuilder:
        """Record parental responsibility and/or daily care on ``carer``'s caregiving
        relations to ``child`` (``None``: leave as it is)."""
        new, data = self._edit()
        found = False
        for item in data["relations"]:
            if item["from"] == carer and item["to"] == child:
                found = True
                if responsibility is not None:
                    item["parental_responsibility"] = responsibility
                if daily_care is not None:
                    item["daily_care"] = daily_care
        if not found:
            raise KeyError((carer, child))
        return new

    def household(self, hid: str, *members: str) -> CaseBuilder:
        """Set household ``hid`` (replacing one with that id); members leave other
        households, which are dropped when they become empty."""
        new, data = self._edit()
        kept = []
        for h in data["households"]:
            if h["id"] == hid:
                continue
            h["members"] = [m for m in h["members"] if m not in members]
            if h["members"]:
                kept.append(h)
        kept.append({"id": hid, "members": list(members)})
        data["households"] = kept
        return new

    # -- concerns, services, consents ----------------------------------------------------
    def concern(
        self,
        kind: str,
        about: Persons,
        exposed: Persons = (),
        *,
        cid: str | None = None,
        certainty: str = "reported",
        status: str = "current",
        severity: str = "unknown",
        repeated: bool | None = None,
        source: str = "self_report",
        reported_by: str | None = None,
        last_incident: str | None = None,
    ) -> CaseBuilder:
        """Add a concern (reported, current, severity unknown, told by the person)."""
        new, data = self._edit()
        item: dict[str, Any] = {
            "id": cid or f"c{len(data['concerns']) + 1}_{kind}",
            "kind": kind,
            "about": _ids(about),
            "exposed": _ids(exposed),
            "source": source,
            "certainty": certainty,
            "status": status,
            "severity": severity,
        }
        if repeated is not None:
            item["repeated"] = repeated
        if reported_by is not None:
            item["reported_by"] = reported_by
        if last_incident is not None:
            item["last_incident"] = last_incident
        data["concerns"].append(item)
        return new

    def event(self, kind: str, persons: Persons, on: str, *, eid: str | None = None) -> CaseBuilder:
        """Add a dated event (``eviction``, ``travel_abroad``...) for ``persons`` on ``on``."""
        new, data = self._edit()
        data["events"].append(
            {
                "id": eid or f"e{len(data['events']) + 1}_{kind}",
                "kind": kind,
                "persons": _ids(persons),
                "on": on,
            }
        )
        return new

    def service(
        self,
        service: str,
        person: str,
        status: str = "active",
        *,
        coordinator: bool = False,
        level: str | None = None,
    ) -> CaseBuilder:
        """Add a service involvement (active by default; ``level`` for child welfare)."""
        new, data = self._edit()
        item: dict[str, Any] = {
            "service": service,
            "person": person,
            "status": status,
            "coordinator": coordinator,
        }
        if level is not None:
            item["level"] = level
        data["services"].append(item)
        return new

    def report(self, concerning: Persons, on: str, by: str = "nav_office") -> CaseBuilder:
        """Add a report already made to child welfare about ``concerning`` on ``on``."""
        new, data = self._edit()
        data["reports"].append(
            {
                "id": f"r{len(data['reports']) + 1}",
                "concerning": _ids(concerning),
                "by": by,
                "on": on,
            }
        )
        return new

    def consent(
        self,
        given_by: str,
        *share_with: str,
        concerning: Persons = (),
        given_on: str | None = None,
        withdrawn_on: str | None = None,
    ) -> CaseBuilder:
        """``given_by`` consents to sharing with ``share_with`` (default: child welfare)."""
        new, data = self._edit()
        item: dict[str, Any] = {
            "given_by": given_by,
            "share_with": list(share_with) or ["child_welfare"],
            "concerning": _ids(concerning),
        }
        if given_on is not None:
            item["given_on"] = given_on
        if withdrawn_on is not None:
            item["withdrawn_on"] = withdrawn_on
        data["consents"].append(item)
        return new


def family(
    parents: Mapping[str, int] | None = None,
    children: Mapping[str, int] | None = None,
    *,
    as_of: str = AS_OF,
    household: str = "home",
) -> CaseBuilder:
    """Parents and their children, all in one household.

    Default: ``mother`` (40) and ``father`` (42) with ``child`` (10).
    """
    parents = {"mother": 40, "father": 42} if parents is None else parents
    children = {"child": 10} if children is None else children
    case = CaseBuilder(as_of)
    for pid, age in {**parents, **children}.items():
        case = case.person(pid, age)
    for parent in parents:
        case = case.parent_of(parent, *children)
    return case.household(household, *parents, *children)


def adult(pid: str = "ola", age: int = 40, *, as_of: str = AS_OF) -> CaseBuilder:
    """One person living alone, without children."""
    return CaseBuilder(as_of).person(pid, age).household(f"{pid}_home", pid)


def with_aunt(*, as_of: str = AS_OF) -> CaseBuilder:
    """A child (9) living with its aunt (45), a temporary carer; the mother (35) lives apart."""
    return (
        CaseBuilder(as_of)
        .person("mother", 35)
        .person("aunt", 45)
        .person("child", 9)
        .parent_of("mother", "child")
        .relation("temporary_carer", "aunt", "child")
        .household("mother_flat", "mother")
        .household("aunt_home", "aunt", "child")
    )


def evaluate(
    case: CaseBuilder | Mapping[str, Any], *, engine: str | None = None, as_of: str | None = None
) -> Assessment:
    """``familycase.evaluate`` on a builder or a mapping (the default engine unless told)."""
    data = case.build() if isinstance(case, CaseBuilder) else case
    return familycase.evaluate(data, as_of=as_of, engine=engine)  # type: ignore[arg-type]


def cited(assessment: Assessment, measure: str) -> set[str]:
    """The provision ids the suggestion of ``measure`` cites (empty if no suggestion)."""
    s = assessment.suggestion(measure)
    return set() if s is None else {ref.provision for ref in s.legal_basis}


def suggestions_for(assessment: Assessment, measure: str, person: str) -> list[Any]:
    """Suggestions of ``measure`` that concern ``person``."""
    return [s for s in assessment.suggestions if s.measure == measure and person in s.persons]
