"""The ecomap's grid: which row each person stands on (parents above children), the frame the
maps of a scenario's phases share, whether a line crosses a box, and who uses violence
against whom (the ecomap's arrows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from familycase.case.graph import CaseGraph
from familycase.case.model import Case
from familycase.rules.vocabulary import Vocabularies

GENERATION_STEP = {
    "parent": 1,
    "step_parent": 1,
    "foster_parent": 1,
    "temporary_carer": 1,
    "aunt_uncle": 1,
    "grandparent": 2,
}


def generations(case: Case, graph: CaseGraph) -> dict[str, int]:
    """A generation row for each person (0 at the top): parents one row above their
    children, partners and siblings on the same row; persons with no relation by age."""
    edges: dict[str, list[tuple[str, int]]] = {p.id: [] for p in case.persons}
    for rel in case.relations:
        step = GENERATION_STEP.get(rel.kind, 0)
        edges[rel.from_].append((rel.to, step))
        edges[rel.to].append((rel.from_, -step))
    level: dict[str, int] = {}
    components: list[list[str]] = []
    for person in case.persons:
        if person.id in level:
            continue
        level[person.id] = 0
        component = [person.id]
        queue = [person.id]
        while queue:
            current = queue.pop(0)
            for other, step in edges[current]:
                if other not in level:
                    level[other] = level[current] + step
                    component.append(other)
                    queue.append(other)
        components.append(component)

    def is_child(pid: str) -> bool:
        return graph.age_group(pid) == "child"

    main = max(components, key=len)
    low = min(level[p] for p in main)
    for pid in main:
        level[pid] -= low
    kids = sorted(level[p] for p in main if is_child(p))
    child_row = kids[len(kids) // 2] if kids else 1
    adult_row = max(child_row - 1, 0)
    for component in components:
        if component is main:
            continue
        children = [level[p] for p in component if is_child(p)]
        if children:
            shift = child_row - min(children)
        else:
            shift = adult_row - min(level[p] for p in component)
        for pid in component:
            level[pid] += shift
    low = min(level.values())
    return {pid: value - low for pid, value in level.items()}


@dataclass(frozen=True)
class Frame:
    """What the maps of one scenario's phases share, so that each person stays in place
    while the households stay the same: each household column's slots, each row's and each
    gap's height, and the offsets for the service bands (the largest over the phases)."""

    slots: dict[str, int] = field(default_factory=dict)
    rows: dict[int, float] = field(default_factory=dict)
    gaps: dict[int, float] = field(default_factory=dict)
    dx: float = 0.0
    dy: float = 0.0

    def widen(self, other: Frame) -> Frame:
        """The frame that holds both ``self`` and ``other``."""
        return Frame(
            {k: int(v) for k, v in _most(self.slots, other.slots).items()},
            _most(self.rows, other.rows),
            _most(self.gaps, other.gaps),
            max(self.dx, other.dx),
            max(self.dy, other.dy),
        )


_K = TypeVar("_K")


def _most(a: Mapping[_K, float], b: Mapping[_K, float]) -> dict[_K, float]:
    return {k: max(a.get(k, 0.0), b.get(k, 0.0)) for k in {**a, **b}}


def crosses(
    a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]
) -> bool:
    """Whether the segment ``a``-``b`` passes through the rectangle ``box`` (Liang-Barsky)."""
    x0, y0 = a
    dx, dy = b[0] - x0, b[1] - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def violence_pairs(case: Case, v: Vocabularies) -> list[tuple[str, str]]:
    """Who uses violence or threats against whom: from each person a current violence
    concern is about to each person it exposes (once per pair)."""
    pairs: dict[tuple[str, str], None] = {}
    for concern in case.concerns:
        category = v.concern_kinds[concern.kind].attr("category", "")
        if concern.status != "current" or category != "violence":
            continue
        for source in concern.about:
            for target in concern.exposed:
                if source != target:
                    pairs[(source, target)] = None
    return list(pairs)
