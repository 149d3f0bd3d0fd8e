"""Where the shipped data (rules, vocabularies, scenarios) lives.

In a built wheel the top-level ``rules/`` and ``scenarios/`` folders travel inside the
package as ``familycase/_data/``; in a source checkout (editable install) they are read
from the repository, which stays the source of truth.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    """The folder holding ``rules/`` and ``scenarios/``."""
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def rules_dir() -> Path:
    """The default rules folder (rule files, ``vocabulary/`` and ``law/``)."""
    return data_root() / "rules"


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios."""
    return data_root() / "scenarios"
