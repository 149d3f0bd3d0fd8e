"""The family graph: a case as a networkx ``MultiDiGraph`` and the queries rules need.

Nodes are ``("person", pid)``, ``("concern", cid)``, ``("service", service_id)`` and
``("household", hid)``. Edges:

- person -> person, ``kind`` = a relation kind, one edge per relation that holds on the
  evaluation date (symmetric kinds get an edge each way);
- concern -> person, ``role`` = ``"about"`` or ``"exposed"``;
- service -> person, ``status`` = the involvement's status;
- person -> household, ``role`` = ``"member"``.

Ages, children (under 18 on ``as_of``), young adults (18–25), caregivers, households,
exposure and service coverage are all answered here, from the case alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import networkx as nx

from familycase.model import Case, Concern, ServiceInvolvement
from familycase.vocabulary import Vocabularies, load_vocabularies

CHILD_AGE_LIMIT = 18
YOUNG_ADULT_MAX_AGE = 25

Node = tuple[str, str]


@dataclass(frozen=True)
class Caregiver:
    """Someone who cares for a child: by a caregiving relation, or de facto by living with it."""

    child: str
    carer: str
    relation: str  # a caregiving relation kind, or "household" for a de facto carer
    lives_with: bool
    de_facto: bool
    source: str  # the case item it comes from: "relation:<id or index>" or "household:<id>"


class CaseGraph:
    """A case as a graph, with the queries the rules and renderers need."""

    def __init__(self, case: Case, vocabularies: Vocabularies | None = None) -> None:
        self.case = case
        self.vocabularies = vocabularies or load_vocabularies()
        self.as_of: date = case.as_of
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._build()

    def __repr__(self) -> str:
        return f"CaseGraph(case={self.case.id!r}, persons={len(self.case.persons)})"

    def _build(self) -> None:
        g = self.graph
        kinds = self.vocabularies.relation_kinds
        for person in self.case.persons:
            g.add_node(("person", person.id), age=person.age_at(self.as_of))
        for household in self.case.households:
            g.add_node(("household", household.id))
            for pid in household.members:
                g.add_edge(("person", pid), ("household", household.id), role="member")
        for index, rel in enumerate(self.case.relations):
            if not rel.current(self.as_of):
                continue
            g.add_edge(("person", rel.from_), ("person", rel.to), kind=rel.kind, index=index)
            if kinds[rel.kind].attr("symmetric", False):
                g.add_edge(("person", rel.to), ("person", rel.from_), kind=rel.kind, index=index)
        for concern in self.case.concerns:
            node = ("concern", concern.id)
            g.add_node(node, kind=concern.kind)
            for pid in concern.about:
                g.add_edge(node, ("person", pid), role="about")
            for pid in concern.exposed:
                g.add_edge(node, ("person", pid), role="exposed")
        for index, inv in enumerate(self.case.services):
            node = ("service", inv.service)
            g.add_node(node)
            g.add_edge(node, ("person", inv.person), status=inv.status, index=index)

    # -- persons and ages ----------------------------------------------------------------
    def age(self, pid: str) -> int | None:
        """Age in whole years on the evaluation date, ``None`` if unknown."""
        age: int | None = self.graph.nodes[("person", pid)]["age"]
        return age

    def age_group(self, pid: str) -> str:
        """``child`` (under 18), ``young_adult`` (18–25), ``adult`` or ``unknown``."""
        age = self.age(pid)
        if age is None:
            return "unknown"
        if age < CHILD_AGE_LIMIT:
            return "child"
        if age <= YOUNG_ADULT_MAX_AGE:
            return "young_adult"
        return "adult"

    @cached_property
    def children(self) -> list[str]:
        """Persons under 18 on the evaluation date, in case order."""
        return [p.id for p in self.case.persons if self.age_group(p.id) == "child"]

    @cached_property
    def young_adults(self) -> list[str]:
        """Persons aged 18 to 25 on the evaluation date, in case order."""
        return [p.id for p in self.case.persons if self.age_group(p.id) == "young_adult"]

    # -- relations -----------------------------------------------------------------------
    def relations_from(self, pid: str, kind: str | None = None) -> list[tuple[str, str]]:
        """``(other, kind)`` for current relations where ``pid`` is ``from``."""
        out = []
        for _, target, data in self.graph.out_edges(("person", pid), data=True):
            if target[0] == "person" and (kind is None or data["kind"] == kind):
                out.append((target[1], str(data["kind"])))
        return sorted(set(out))

    def caregivers(self, child: str) -> list[Caregiver]:
        """Who cares for ``child``: caregiving relations (parents, step-parents, foster
        parents, temporary carers), then adults the child lives with (de facto carers): the
        partners of a resident carer, or, when no carer by relation lives with the child,
        any adult of the household except the child's siblings."""
        kinds = self.vocabularies.relation_kinds
        household = self.household_members(child)
        found: dict[str, Caregiver] = {}
        for pred, _, data in self.graph.in_edges(("person", child), data=True):
            if pred[0] != "person" or "kind" not in data:
                continue
            if not kinds[data["kind"]].attr("caregiving", False):
                continue
            carer = pred[1]
            if carer not in found:
                rel = self.case.relations[data["index"]]
                found[carer] = Caregiver(
                    child,
                    carer,
                    data["kind"],
                    carer in household,
                    False,
                    f"relation:{rel.id or data['index']}",
                )
        resident = [c.carer for c in found.values() if c.lives_with]
        siblings = {
            other
            for other, kind in self.relations_from(child)
            if kind in ("sibling", "half_sibling")
        }
        partners = {
            other
            for carer in resident
            for other, kind in self.relations_from(carer)
            if kind == "partner"
        }
        for member in sorted(household):
            if member == child or member in found or member in siblings:
                continue
            if resident and member not in partners:
                continue
            age = self.age(member)
            if age is not None and age >= CHILD_AGE_LIMIT:
                found[member] = Caregiver(
                    child, member, "household", True, True, f"household:{self.household_of(child)}"
                )
        return sorted(found.values(), key=lambda c: (c.de_facto, c.carer))

    # -- households ----------------------------------------------------------------------
    def household_of(self, pid: str) -> str | None:
        """The id of the household ``pid`` lives in, if any."""
        for _, target, data in self.graph.out_edges(("person", pid), data=True):
            if target[0] == "household" and data.get("role") == "member":
                return str(target[1])
        return None

    def household_members(self, pid: str) -> set[str]:
        """Everyone living with ``pid`` (``pid`` included); just ``{pid}`` if no household."""
        hid = self.household_of(pid)
        if hid is None:
            return {pid}
        return {src[1] for src, _ in self.graph.in_edges(("household", hid))}

    # -- concerns and exposure -----------------------------------------------------------
    def concerns_about(self, pid: str) -> list[Concern]:
        """Concerns about ``pid`` (their behaviour or situation), in case order."""
        return [c for c in self.case.concerns if pid in c.about]

    def concerns_exposing(self, pid: str) -> list[Concern]:
        """Concerns ``pid`` is exposed to or harmed by, in case order."""
        return [c for c in self.case.concerns if pid in c.exposed]

    def exposed_to(self, cid: str) -> list[str]:
        """Who is exposed to concern ``cid``."""
        return sorted(
            target[1]
            for _, target, data in self.graph.out_edges(("concern", cid), data=True)
            if data.get("role") == "exposed"
        )

    # -- services ------------------------------------------------------------------------
    def services_of(self, pid: str, *, active_only: bool = True) -> list[ServiceInvolvement]:
        """Service involvements of ``pid`` (only active and waiting ones by default)."""
        return [
            s
            for s in self.case.services
            if s.person == pid and (not active_only or s.status in ("active", "waiting"))
        ]

    def persons_without_services(self) -> list[str]:
        """Persons with no active or waiting service, in case order."""
        return [p.id for p in self.case.persons if not self.services_of(p.id)]

    def active_services(self) -> list[str]:
        """Distinct services active or waiting for anyone in the case, sorted."""
        return sorted({s.service for s in self.case.services if s.status in ("active", "waiting")})
