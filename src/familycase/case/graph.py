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

The queries run on plain indices built with the ``CaseGraph`` (they answer exactly what the
graph's edges say); the networkx graph itself is built, and networkx imported, the first
time ``CaseGraph.graph`` is used, so an evaluation never pays for either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from familycase.case.canonical import item_key
from familycase.case.model import Case, Concern, ServiceInvolvement
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    import networkx as nx

CHILD_AGE_LIMIT = 18
YOUNG_ADULT_MAX_AGE = 25

Node = tuple[str, str]


@dataclass(frozen=True)
class Caregiver:
    """Someone who cares for a child: by a caregiving relation, or de facto by living with it.

    ``parental_responsibility`` is what the relation records (``None``: not recorded; always
    ``None`` for a de facto carer). ``daily_care`` says whether the child is in the carer's
    daily care: as the relation records it, or, when it does not (and for a de facto carer),
    whether they live together. So a parent recorded without daily care (the child visits on
    contact weekends) has none even in the same household, and a parent recorded with daily
    care keeps it while living elsewhere for a time (in hospital, in treatment).
    """

    child: str
    carer: str
    relation: str  # a caregiving relation kind, or "household" for a de facto carer
    lives_with: bool
    de_facto: bool
    source: str  # the case item it comes from: "relation:<id or content key>" or "household:<id>"
    # -- care -----------------------------------------------------------------
    parental_responsibility: bool | None = None
    daily_care: bool = False


@dataclass(frozen=True)
class InferredExposure:
    """A child the case does not list as exposed to a concern, but whom the concern exposes:
    the child lives in the household of an adult it is about or exposes (``basis``
    ``"household"``), or is in the daily care of the carer it is about (``"daily_care"``:
    ``Caregiver.daily_care``, as recorded on the relation, else living together);
    ``via`` is that adult. Which concern kinds expose whom is data (a concern kind's
    ``exposes``, ``rules/vocabulary/concern_kinds.yaml``)."""

    child: str
    concern: Concern
    via: str
    basis: str


class CaseGraph:
    """A case as a graph, with the queries the rules and renderers need."""

    def __init__(self, case: Case, vocabularies: Vocabularies | None = None) -> None:
        self.case = case
        self.vocabularies = vocabularies or load_vocabularies()
        self.as_of: date = case.as_of
        self._index()

    def __repr__(self) -> str:
        return f"CaseGraph(case={self.case.id!r}, persons={len(self.case.persons)})"

    def _index(self) -> None:
        """The graph's adjacency as plain dicts, in the graph's edge order."""
        case = self.case
        kinds = self.vocabularies.relation_kinds
        self._ages: dict[str, int | None] = {p.id: p.age_at(self.as_of) for p in case.persons}
        self._household: dict[str, str] = {}  # person -> first household listing them
        self._members: dict[str, set[str]] = {}
        for household in case.households:
            members = self._members.setdefault(household.id, set())
            for pid in household.members:
                members.add(pid)
                self._household.setdefault(pid, household.id)
        # person -> other -> [(kind, relation index)], like out_edges / in_edges of the graph
        self._out: dict[str, dict[str, list[tuple[str, int]]]] = {}
        self._in: dict[str, dict[str, list[tuple[str, int]]]] = {}

        def edge(a: str, b: str, kind: str, index: int) -> None:
            self._out.setdefault(a, {}).setdefault(b, []).append((kind, index))
            self._in.setdefault(b, {}).setdefault(a, []).append((kind, index))

        for index, rel in enumerate(case.relations):
            if not rel.current(self.as_of):
                continue
            edge(rel.from_, rel.to, rel.kind, index)
            if kinds[rel.kind].attr("symmetric", False):
                edge(rel.to, rel.from_, rel.kind, index)
        self._about: dict[str, list[Concern]] = {}
        self._exposing: dict[str, list[Concern]] = {}
        self._exposed: dict[str, list[str]] = {}
        for concern in case.concerns:
            for pid in dict.fromkeys(concern.about):
                self._about.setdefault(pid, []).append(concern)
            for pid in dict.fromkeys(concern.exposed):
                self._exposing.setdefault(pid, []).append(concern)
            self._exposed.setdefault(concern.id, []).extend(concern.exposed)
        self._caregivers: dict[str, list[Caregiver]] = {}  # child -> carers, filled on use
        self._inferred: list[InferredExposure] | None = None  # worked out on first use
        self._services: dict[str, list[ServiceInvolvement]] = {}
        for inv in case.services:
            self._services.setdefault(inv.person, []).append(inv)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The case as a networkx ``MultiDiGraph`` (built on first use)."""
        import networkx as nx  # noqa: PLC0415  (only when the graph itself is wanted)

        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._build(graph)
        return graph

    def _build(self, g: nx.MultiDiGraph) -> None:
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
        try:
            return self._ages[pid]
        except KeyError:
            raise KeyError(("person", pid)) from None

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
        out = [
            (target, edge_kind)
            for target, edges in self._out.get(pid, {}).items()
            for edge_kind, _ in edges
            if kind is None or edge_kind == kind
        ]
        return sorted(set(out))

    def _person_in_edges(self, pid: str) -> Iterator[tuple[str, str, int]]:
        """``(other, kind, relation index)`` for current relations to ``pid``, in edge order."""
        for source, edges in self._in.get(pid, {}).items():
            for edge_kind, index in edges:
                yield source, edge_kind, index

    def caregivers(self, child: str) -> list[Caregiver]:
        """Who cares for ``child``: caregiving relations (parents, step-parents, foster
        parents, temporary carers), then adults the child lives with (de facto carers): the
        partners of a resident carer, or, when no carer by relation lives with the child,
        any adult of the household except the child's siblings. Worked out once per child:
        the facts and the inferred exposures both ask."""
        known = self._caregivers.get(child)
        if known is None:
            known = self._caregivers[child] = self._find_caregivers(child)
        return list(known)

    def _find_caregivers(self, child: str) -> list[Caregiver]:
        kinds = self.vocabularies.relation_kinds
        household = self.household_members(child)
        found: dict[str, Caregiver] = {}
        for carer, kind, index in self._person_in_edges(child):
            if not kinds[kind].attr("caregiving", False):
                continue
            if carer not in found:
                rel = self.case.relations[index]
                lives_with = carer in household
                found[carer] = Caregiver(
                    child,
                    carer,
                    kind,
                    lives_with,
                    False,
                    f"relation:{item_key(rel)}",
                    parental_responsibility=rel.parental_responsibility,
                    daily_care=lives_with if rel.daily_care is None else rel.daily_care,
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
                    child,
                    member,
                    "household",
                    True,
                    True,
                    f"household:{self.household_of(child)}",
                    daily_care=True,
                )
        return sorted(found.values(), key=lambda c: (c.de_facto, c.carer))

    # -- households ----------------------------------------------------------------------
    def household_of(self, pid: str) -> str | None:
        """The id of the household ``pid`` lives in, if any."""
        return self._household.get(pid)

    def household_members(self, pid: str) -> set[str]:
        """Everyone living with ``pid`` (``pid`` included); just ``{pid}`` if no household."""
        hid = self.household_of(pid)
        if hid is None:
            return {pid}
        return set(self._members[hid])

    # -- concerns and exposure -----------------------------------------------------------
    def concerns_about(self, pid: str) -> list[Concern]:
        """Concerns about ``pid`` (their behaviour or situation), in case order."""
        return list(self._about.get(pid, ()))

    def concerns_exposing(self, pid: str) -> list[Concern]:
        """Concerns ``pid`` is exposed to or harmed by, in case order."""
        return list(self._exposing.get(pid, ()))

    def exposed_to(self, cid: str) -> list[str]:
        """Who is exposed to concern ``cid``."""
        return sorted(self._exposed.get(cid, ()))

    def inferred_exposures(self) -> list[InferredExposure]:
        """Children exposed to a current concern the case does not list them under, in case
        order (one per child and concern: the first adult and basis that expose them).
        Worked out once: the facts and the assessment's summary both ask."""
        if self._inferred is None:
            self._inferred = self._infer_exposures()
        return list(self._inferred)

    def _infer_exposures(self) -> list[InferredExposure]:
        kinds = self.vocabularies.concern_kinds
        children = set(self.children)
        out: list[InferredExposure] = []
        for concern in self.case.concerns:
            if concern.status != "current":
                continue
            basis = kinds[concern.kind].attr("exposes")
            if basis is None:
                continue
            named = set(concern.about) | set(concern.exposed)
            seen: set[str] = set()
            if basis == "household":
                adults = [p for p in (*concern.about, *concern.exposed) if p not in children]
                for adult in dict.fromkeys(adults):
                    for child in sorted(self.household_members(adult) & children):
                        if child in named or child in seen:
                            continue
                        if self._listed_with(child, concern):
                            continue
                        seen.add(child)
                        out.append(InferredExposure(child, concern, adult, basis))
            else:  # daily_care: the children in the daily care of a carer it is about
                for carer in concern.about:
                    for child in self.children:
                        if child in named or child in seen:
                            continue
                        if any(
                            cg.carer == carer and cg.daily_care for cg in self.caregivers(child)
                        ):
                            seen.add(child)
                            out.append(InferredExposure(child, concern, carer, basis))
        return out

    def _listed_with(self, child: str, concern: Concern) -> bool:
        """Whether ``child`` is listed as exposed to another current violence concern about
        the same persons (the case already says it, e.g. "the children witnessed it")."""
        kinds = self.vocabularies.concern_kinds
        for other in self.concerns_exposing(child):
            if (
                other is not concern
                and other.status == "current"
                and kinds[other.kind].attr("category") == "violence"
                and set(other.about) & set(concern.about)
            ):
                return True
        return False

    def burdened(self, pid: str) -> bool:
        """Whether a current concern about ``pid`` that meets the evidence threshold and is
        serious or repeated would weigh on their care of a child: violence they use, or their
        substance use or mental illness (a kind that ``exposes`` others)."""
        kinds = self.vocabularies.concern_kinds
        certainty = self.vocabularies.terms["certainty"]
        for concern in self.concerns_about(pid):
            if concern.status != "current":
                continue
            if not certainty[concern.certainty].attr("reason_to_believe"):
                continue
            if not (concern.severity == "serious" or concern.repeated):
                continue
            entry = kinds[concern.kind]
            if entry.attr("exposes") is not None or entry.attr("category") == "violence":
                return True
        return False

    # -- services ------------------------------------------------------------------------
    def services_of(self, pid: str, *, active_only: bool = True) -> list[ServiceInvolvement]:
        """Service involvements of ``pid`` (only active and waiting ones by default)."""
        return [
            s
            for s in self._services.get(pid, ())
            if not active_only or s.status in ("active", "waiting")
        ]

    def persons_without_services(self) -> list[str]:
        """Persons with no active or waiting service, in case order."""
        return [p.id for p in self.case.persons if not self.services_of(p.id)]

    def active_services(self) -> list[str]:
        """Distinct services active or waiting for anyone in the case, sorted."""
        return sorted({s.service for s in self.case.services if s.status in ("active", "waiting")})
