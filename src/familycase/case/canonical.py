"""A case in canonical order, and content-derived keys for its items without ids.

The order in which a caseworker system lists persons, relations or concerns means nothing,
so it must change nothing: ``evaluate`` puts every list of a case in one order decided by
content before anything is built from it. The same case in any order then gives a
byte-identical assessment. Persons come oldest first (those whose age is unknown last), then
by id; the other lists follow their persons, kinds and ids.

Relations, service involvements and consents may come without ids; they are cited by
``item_key``: their id, or ``~`` and a hash of their content (the same in every run).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import TypeVar

from pydantic import BaseModel

from familycase.case.model import Case, Consent, Relation, ServiceInvolvement

__all__ = ["canonical", "item_key"]

_Item = TypeVar("_Item", bound=BaseModel)


def item_key(item: Relation | ServiceInvolvement | Consent) -> str:
    """The item's id, or a key derived from its content (``~`` + 12 hex digits)."""
    if item.id is not None:
        return item.id
    data = item.model_dump(mode="json", by_alias=True, exclude={"id"})
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return "~" + hashlib.sha256(text.encode("ascii")).hexdigest()[:12]


def canonical(case: Case) -> Case:
    """``case`` with every list in canonical order (a copy; ``case`` is not changed).

    ``case`` must be valid: the copy is not validated again."""
    people = sorted(
        case.persons,
        key=lambda p: (
            (age := p.age_at(case.as_of)) is None,
            -(age or 0),
            p.id,
        ),
    )
    rank = {p.id: i for i, p in enumerate(people)}

    def ordered(pids: Iterable[str]) -> list[str]:
        return sorted(pids, key=lambda pid: (rank.get(pid, len(rank)), pid))

    def place(pid: str) -> tuple[int, str]:
        return (rank.get(pid, len(rank)), pid)

    def copy(item: _Item, **lists: list[str]) -> _Item:
        """``item`` with ``lists`` (itself if they are in that order already)."""
        if all(getattr(item, name) == value for name, value in lists.items()):
            return item
        return item.model_copy(update=lists)

    persons = [copy(p, applies_for=sorted(p.applies_for)) for p in people]
    relations = sorted(
        case.relations, key=lambda r: (place(r.from_), place(r.to), r.kind, item_key(r))
    )
    households = sorted(
        (copy(h, members=ordered(h.members)) for h in case.households), key=lambda h: h.id
    )
    concerns = sorted(
        (copy(c, about=ordered(c.about), exposed=ordered(c.exposed)) for c in case.concerns),
        key=lambda c: c.id,
    )
    services = sorted(case.services, key=lambda s: (place(s.person), s.service, item_key(s)))
    consents = sorted(
        (
            copy(c, share_with=sorted(c.share_with), concerning=ordered(c.concerning))
            for c in case.consents
        ),
        key=lambda c: (place(c.given_by), item_key(c)),
    )
    reports = sorted(
        (copy(r, concerning=ordered(r.concerning)) for r in case.reports), key=lambda r: r.id
    )
    events = sorted((copy(e, persons=ordered(e.persons)) for e in case.events), key=lambda e: e.id)
    update: Mapping[str, object] = {
        "persons": persons,
        "relations": relations,
        "households": households,
        "concerns": concerns,
        "services": services,
        "consents": consents,
        "reports": reports,
        "events": events,
    }
    return case.model_copy(update=dict(update))
