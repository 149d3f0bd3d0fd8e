"""``docs/errors.md`` has an entry for every error code the code base can emit, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import familycase

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "errors.md"
_CODE = re.compile(r"""["'](FC\d{3})["']""")
_HEADING = re.compile(r"^### (FC\d{3})\s*$", re.M)


def source_codes() -> set[str]:
    """Every code written as a string literal in familycase's source."""
    package = Path(familycase.__file__).resolve().parent
    return {
        code
        for path in package.rglob("*.py")
        for code in _CODE.findall(path.read_text(encoding="utf-8"))
    }


def doc_entries() -> dict[str, str]:
    """Each documented code with the text of its entry."""
    text = DOC.read_text(encoding="utf-8")
    parts = _HEADING.split(text)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def test_every_code_in_the_source_is_documented() -> None:
    codes = source_codes()
    assert len(codes) > 50, "the code scan found too few codes"
    missing = sorted(codes - set(doc_entries()))
    assert not missing, f"codes without an entry in docs/errors.md: {missing}"


def test_every_documented_code_exists_in_the_source() -> None:
    stale = sorted(set(doc_entries()) - source_codes())
    assert not stale, f"docs/errors.md documents codes the code never emits: {stale}"


def test_each_entry_has_meaning_example_and_fix() -> None:
    entries = doc_entries()
    headings = _HEADING.findall(DOC.read_text(encoding="utf-8"))
    assert len(headings) == len(set(headings)), "a code is documented twice"
    assert headings == sorted(headings), "entries are in code order"
    for code, body in entries.items():
        for part in ("**Meaning.**", "**Example.**", "**Fix.**"):
            assert part in body, f"{code} lacks {part}"
