"""Translate pydantic's validation errors into familycase ``Problem`` records.

Each problem gets a stable code, the dotted path of the field, the file and line when the
data came from a YAML document, and a suggestion. Input values are not repeated in
messages (they may be personal data), except ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ValidationError

from familycase._yaml import Document, format_path
from familycase.errors import Problem

_CODES = {
    "missing": "FC301",
    "extra_forbidden": "FC302",
    "unknown_person": "FC304",
    "unknown_reporter": "FC304",
    "duplicate_id": "FC306",
    "self_relation": "FC307",
    "impossible_age": "FC308",
    "date_order": "FC308",
    "too_long": "FC309",
    "string_too_long": "FC309",
    "two_households": "FC310",
}


def _code(kind: str) -> str:
    if kind in _CODES:
        return _CODES[kind]
    if kind.startswith("unknown_"):
        return "FC305"
    return "FC303"


def field_names(models: Iterable[type[BaseModel]]) -> set[str]:
    """Every field name and alias of ``models`` (for 'did you mean' on unknown fields)."""
    names: set[str] = set()
    for model in models:
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names


def problems_from(
    error: ValidationError,
    *,
    document: Document | None = None,
    base: Sequence[str | int] = (),
    file: str | None = None,
    known_fields: Iterable[str] = (),
) -> list[Problem]:
    """Problems for every error in ``error``, located in ``document`` under ``base``."""
    known = sorted(set(known_fields))
    out = []
    for err in error.errors(include_url=False, include_input=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        out.append(
            error_to_problem(
                err["type"], err["msg"], (*base, *loc), document=document, file=file, known=known
            )
        )
    return out


def error_to_problem(
    kind: str,
    msg: str,
    path: Sequence[str | int],
    *,
    document: Document | None = None,
    file: str | None = None,
    known: Sequence[str] = (),
    prefix: str = "",
) -> Problem:
    """One pydantic error (its type and message) as a located ``Problem``."""
    message, suggestion = msg, None
    last = path[-1] if path else None
    if kind == "extra_forbidden" and isinstance(last, str):
        message = f"Unknown field '{last:.60}'."
        close = difflib.get_close_matches(last, list(known), n=1)
        suggestion = f"Did you mean '{close[0]}'?" if close else "Remove it."
    elif kind == "missing":
        message = "This field is required."
        suggestion = f"Add '{last}'." if last is not None else None
    else:
        for marker in (
            " Did you mean",
            " Known ",
            " Add the person",
            " Each id",
            " A relation links",
            " Check the",
            " Give either",
            " A person lives",
            " Remove ",
        ):
            head, sep, tail = message.partition(marker)
            if sep:
                message, suggestion = head, sep.lstrip() + tail
                break
    if not message.endswith("."):
        message += "."
    message = prefix + message
    if document is not None:
        return document.problem(_code(kind), message, path, suggestion)
    return Problem(
        _code(kind), message, file=file, path=format_path(path) or None, suggestion=suggestion
    )
