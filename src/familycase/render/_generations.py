"""Generations for the ecomap: which row each person stands on (parents above children)."""

from __future__ import annotations

from familycase.case.graph import CaseGraph
from familycase.case.model import Case

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
