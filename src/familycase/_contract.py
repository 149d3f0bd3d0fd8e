"""The version of the published JSON contract (docs/contract-changelog.md).

One version covers the published schemas (case, assessment, rule file): each has ``$id``
``urn:familycase:<name>:<version>`` and ``version``; every assessment carries it as
``schema_version``. MAJOR changes when a field is removed, renamed or narrowed (a caller's
reader breaks), MINOR when a field or a value is added (a tolerant reader goes on), PATCH
for descriptions.
"""

from __future__ import annotations

CONTRACT_VERSION = "1.1.0"


def schema_id(name: str, version: str = CONTRACT_VERSION) -> str:
    """The ``$id`` of the published schema ``name`` (``case``, ``assessment``, ``rule-file``)."""
    return f"urn:familycase:{name}:{version}"
