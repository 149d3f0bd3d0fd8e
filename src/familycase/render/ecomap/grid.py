"""The ecomap's grid: which row each person stands on (parents above their children) and
where their card stands in it, the same in every phase of a scenario; whether a line crosses
a box; who uses violence against whom (the ecomap's arrows).

Each household is a box around columns. A column holds the persons who live together in
every phase (an *atom*: Maria and Tomas, who move out together); the columns are ordered so
that in every phase each household's columns stand side by side, and each person keeps
their place while the boxes are drawn around them anew. Persons who live in no household
and stand on a row that no household reaches float above or below their relatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

from familycase.case.graph import CaseGraph
from familycase.case.model import Case, Person, Relation
from familycase.render.ecomap.sizes import COLUMN_GAP, MARGIN, SLOT_W
from familycase.rules.vocabulary import Vocabularies

GENERATION_STEP = {
    "parent": 1,
    "step_parent": 1,
    "foster_parent": 1,
    "temporary_carer": 1,
    "aunt_uncle": 1,
    "grandparent": 2,
}
#: Up to this many columns every order is tried; beyond it, the order of the first phase.
SEARCH_LIMIT = 7
_ABSENT = "\0absent"  # a person not (yet) in a phase's case


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


@dataclass(frozen=True, repr=False)
class Grid:
    """Where each person of a scenario stands, the same in every phase: their row
    (``level``), the centre of their card (``x``) and the column it stands in (``column``:
    left and right; a floating person's own slot). ``width``: the family's, from the left
    margin. Ids only."""

    level: dict[str, int]
    x: dict[str, float]
    column: dict[str, tuple[float, float]]
    columns: tuple[tuple[float, float], ...]
    width: float
    covered: frozenset[int]  # the rows a household's box reaches in some phase

    def __repr__(self) -> str:
        return f"Grid(persons={sorted(self.level)!r}, width={self.width:.0f})"


def union(cases: Sequence[Case]) -> Case:
    """One case with every person and relation of ``cases`` (the last phase's as of date)."""
    persons: dict[str, Person] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    for case in cases:
        persons.update({p.id: p for p in case.persons})
        relations.update({(r.from_, r.to, r.kind): r for r in case.relations})
    return cases[-1].model_copy(
        update={"persons": list(persons.values()), "relations": list(relations.values())}
    )


def grid(cases: Sequence[Case], vocabularies: Vocabularies | None = None) -> Grid:
    """The grid of the phases ``cases`` (a single case is a scenario of one phase)."""
    whole = union(cases)
    level = generations(whole, CaseGraph(whole, vocabularies))
    order = {p.id: i for i, p in enumerate(whole.persons)}
    # each person's household in each phase: the signature that makes the atoms
    signature: dict[str, tuple[str | None, ...]] = {}
    for pid in order:
        entries: list[str | None] = []
        for case in cases:
            home = next((h.id for h in case.households if pid in h.members), None)
            present = any(p.id == pid for p in case.persons)
            entries.append(home if present else _ABSENT)
        signature[pid] = tuple(entries)
    covered: set[int] = set()
    for case in cases:
        for h in case.households:
            spans = [level[m] for m in h.members if m in level]
            covered |= set(range(min(spans), max(spans) + 1)) if spans else set()
    housed = [p for p in order if any(s not in (None, _ABSENT) for s in signature[p])]
    atoms: list[tuple[list[str | None], list[str]]] = []
    for pid in sorted(housed, key=lambda p: (signature[p].count(_ABSENT), order[p])):
        mine = signature[pid]
        for sig, members in atoms:
            if all(a in (b, _ABSENT) or b == _ABSENT for a, b in zip(sig, mine, strict=True)):
                members.append(pid)
                sig[:] = [b if a == _ABSENT else a for a, b in zip(sig, mine, strict=True)]
                break
        else:
            atoms.append((list(signature[pid]), [pid]))
    loose = [p for p in order if p not in housed and level[p] in covered]
    floating = [p for p in order if p not in housed and level[p] not in covered]
    groups = [members for _, members in atoms] + ([loose] if loose else [])
    sets = [
        frozenset(i for i, (sig, _) in enumerate(atoms) if sig[k] == h.id)
        for k, case in enumerate(cases)
        for h in case.households
    ]
    arranged = _arrange(groups, sets, whole, cases[0])
    # each column as wide as its widest row, its rows centred; row by row from the top,
    # children are ordered under their parents (half-siblings on their own parent's side)
    parents_of: dict[str, list[str]] = {}
    for rel in whole.relations:
        if GENERATION_STEP.get(rel.kind) == 1 and rel.kind != "aunt_uncle":
            parents_of.setdefault(rel.to, []).append(rel.from_)
    x: dict[str, float] = {}
    column: dict[str, tuple[float, float]] = {}
    columns: list[tuple[float, float]] = []
    left = MARGIN
    for members in arranged:
        rows: dict[int, list[str]] = {}
        for pid in members:
            rows.setdefault(level[pid], []).append(pid)
        width = max(len(r) for r in rows.values()) * SLOT_W
        columns.append((left, left + width))
        for r in sorted(rows):
            row = rows[r]
            start = left + (width - len(row) * SLOT_W) / 2
            for i, pid in enumerate(row):
                x[pid] = start + SLOT_W * (i + 0.5)

            def under_parents(pid: str) -> float:
                above = [x[p] for p in parents_of.get(pid, []) if p in x and level[p] < level[pid]]
                return sum(above) / len(above) if above else x[pid]

            for i, pid in enumerate(sorted(row, key=under_parents)):
                x[pid] = start + SLOT_W * (i + 0.5)
                column[pid] = (left, left + width)
        left += width + COLUMN_GAP
    right = left - COLUMN_GAP
    right = max(right, _float(floating, level, whole, x, column))
    return Grid(level, x, column, tuple(columns), max(right - MARGIN, 0.0), frozenset(covered))


def _arrange(
    groups: list[list[str]], sets: list[frozenset[int]], whole: Case, first: Case
) -> list[list[str]]:
    """The columns in the order that keeps each phase's households side by side, then ties
    short, then the first phase's order."""
    n = len(groups)
    home = {pid: i for i, members in enumerate(groups) for pid in members}
    house_rank = {
        pid: (k, h.members.index(pid)) for k, h in enumerate(first.households) for pid in h.members
    }
    natural = sorted(
        range(n),
        key=lambda i: min(
            (house_rank.get(p, (len(first.households), 0)) for p in groups[i]), default=(n, 0)
        ),
    )
    ties = [
        (
            home[r.from_],
            home[r.to],
            2 if GENERATION_STEP.get(r.kind) == 1 or r.kind == "partner" else 1,
        )
        for r in whole.relations
        if r.from_ in home and r.to in home and home[r.from_] != home[r.to]
    ]
    place = {atom: i for i, atom in enumerate(natural)}

    def cost(candidate: Sequence[int]) -> tuple[int, int, int]:
        pos = {atom: i for i, atom in enumerate(candidate)}
        split = sum(
            max(pos[a] for a in s) - min(pos[a] for a in s) + 1 - len(s) > 0 for s in sets if s
        )
        length = sum(w * abs(pos[a] - pos[b]) for a, b, w in ties)
        moved = sum(abs(pos[a] - place[a]) for a in range(n))
        return split, length, moved

    best = list(natural)
    if 1 < n <= SEARCH_LIMIT:
        candidates: list[list[int]] = [list(p) for p in permutations(natural)]
        best = min(candidates, key=cost)
    return [groups[i] for i in best]


def _float(
    floating: list[str],
    level: dict[str, int],
    whole: Case,
    x: dict[str, float],
    column: dict[str, tuple[float, float]],
) -> float:
    """Place the persons who float (in no household, on a row no household reaches) above
    or below their relatives; return the right edge of the rightmost."""
    right = MARGIN
    kin: dict[str, list[str]] = {}
    for rel in whole.relations:
        kin.setdefault(rel.from_, []).append(rel.to)
        kin.setdefault(rel.to, []).append(rel.from_)
    rows: dict[int, list[str]] = {}
    for pid in floating:
        rows.setdefault(level[pid], []).append(pid)
    for r in sorted(rows):
        target = {}
        for pid in rows[r]:
            near = [x[k] for k in kin.get(pid, []) if k in x]
            target[pid] = sum(near) / len(near) if near else MARGIN + SLOT_W / 2
        row = sorted(rows[r], key=lambda p: target[p])
        spots: list[float] = []
        for pid in row:
            spots.append(max(target[pid], spots[-1] + SLOT_W if spots else MARGIN + SLOT_W / 2))
        shift = sum(spots) / len(spots) - sum(target.values()) / len(spots)
        shift = min(shift, spots[0] - (MARGIN + SLOT_W / 2))
        for pid, spot in zip(row, spots, strict=True):
            x[pid] = spot - max(shift, 0.0)
            column[pid] = (x[pid] - SLOT_W / 2, x[pid] + SLOT_W / 2)
            right = max(right, x[pid] + SLOT_W / 2)
    return right


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
