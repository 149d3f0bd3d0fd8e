"""Cases a batch must report and go on from, shared by the batch tests."""

from __future__ import annotations

from typing import Any

#: A case whose relation names a person who is not in it (a ``CaseError``).
BAD_REFERENCE: dict[str, Any] = {
    "id": "bad_case",
    "as_of": "2025-03-01",
    "persons": [{"id": "kari", "name": "Kari Nordmann", "age": 40}],
    "relations": [{"kind": "parent", "from": "kari", "to": "nobody"}],
}


def unpicklable() -> dict[str, Any]:
    """A case holding a value that cannot travel to a worker process (a function)."""
    return {**BAD_REFERENCE, "relations": [], "note": lambda: "no"}
