"""Batch tasks for the tests, importable by spawned worker processes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Any

from familycase.assess.batch import BatchResult, _worker_chunk
from familycase.rules.rulebook import Rulebook

CRASH_INDEX = 3


def crash_on_index(
    items: Sequence[tuple[int, Any]], rulebook: Rulebook | None, as_of: date | str | None
) -> list[BatchResult]:
    """Like the real task, but the worker process dies on the case at ``CRASH_INDEX``."""
    if any(index == CRASH_INDEX for index, _ in items):
        os._exit(70)  # what a crash in the C engine looks like from outside
    return _worker_chunk(items, rulebook, as_of)
