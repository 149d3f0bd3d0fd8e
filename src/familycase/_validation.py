"""Translate pydantic's validation errors into familycase ``Problem`` records.

Each problem gets a stable code, the dotted path of the field, the file and line when the
data came from a YAML document, and a suggestion. Pydantic's own wording ("Input should be
a valid list") never reaches the user: every common error type has a plain message and a
concrete fix. Input values are not repeated in messages or suggestions (they may be
personal data), except ids, unless the caller says the data holds none (``show_values``,
for rule files). An input value may still be used to choose a suggestion that names only
allowed values ("Did you mean 'recommendation'?").
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from familycase._yaml import Document, format_path
from familycase.errors import MAX_PROBLEMS, Problem

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: The dates familycase reads: a date outside them is an error in the data (a year 3 or 9999
#: would make a person's age or the law in force meaningless, and date arithmetic fail).
EARLIEST = date(1800, 1, 1)
LATEST = date(2199, 12, 31)


def iso_date(value: object) -> date | None:
    """``value`` as a date if it is one (not a datetime) or the text YYYY-MM-DD of a real
    day, from ``EARLIEST`` to ``LATEST``; else ``None``. (``date.fromisoformat`` alone also
    takes 20250301 and week dates.)"""
    found: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        found = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            found = date.fromisoformat(value)
        except ValueError:
            return None
    return found if found is not None and EARLIEST <= found <= LATEST else None


def _out_of_range(value: object) -> bool:
    """Whether ``value`` is a real date (or its text) before ``EARLIEST`` or after ``LATEST``."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return False
    if isinstance(value, datetime) or not isinstance(value, date):
        return False
    return not EARLIEST <= value <= LATEST


def _strict_date(value: object, info: ValidationInfo) -> object:
    # Only a date or the text YYYY-MM-DD: pydantic's lax mode would read a number as a Unix
    # timestamp and a datetime text as its day, silently changing the date (and the law).
    found = iso_date(value)
    if found is not None:
        return found
    if _out_of_range(value):
        raise PydanticCustomError(
            "date_range",
            "'{field}' is outside the dates familycase reads ({earliest} to {latest}). Check "
            "the date: write the year in full, e.g. 2025-03-01.",
            {"field": info.field_name, "earliest": str(EARLIEST), "latest": str(LATEST)},
        )
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_invalid",
            "'{field}' is not a real date (no such day). Check the date: write it as "
            "YYYY-MM-DD, e.g. 2025-03-01.",
            {"field": info.field_name},
        )
    raise PydanticCustomError(
        "date_format",
        "'{field}' must be a date written YYYY-MM-DD. Check the format: write the date as "
        "YYYY-MM-DD, e.g. 2025-03-01.",
        {"field": info.field_name},
    )


# A date field: a ``datetime.date`` (not a ``datetime``) or the text YYYY-MM-DD, nothing else
# (cases, scenarios, rule files and provisions; ``familycase.case.model.Date`` is this type).
Date = Annotated[date, BeforeValidator(_strict_date)]


def _strict_bool(value: object, info: ValidationInfo) -> object:
    # Only true or false: pydantic's lax mode would read "yes", "on", 1 as true.
    if isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "bool_type",
        "'{field}' must be true or false. Check the value: write true or false.",
        {"field": info.field_name},
    )


# A true/false field: a bool, nothing else (cases, rules, provisions, vocabularies).
Bool = Annotated[bool, BeforeValidator(_strict_bool)]


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


def model_at(model: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that validates the mapping at ``path`` under ``model`` (through fields,
    list items, dict values and optional values), or ``None`` if there is none."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str):
                return None
            fields = {info.alias or name: info for name, info in current.model_fields.items()}
            info = fields.get(part) or current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) in (list, tuple, set, frozenset, Sequence) and isinstance(
            part, int
        ):
            current = get_args(current)[0] if get_args(current) else None
        elif get_origin(current) in (dict, Mapping) and isinstance(part, str):
            args = get_args(current)
            current = args[1] if len(args) == 2 else None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` as ``X`` (the first model of a union)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            members = [a for a in get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = (models or members or [None])[0]
        else:
            return annotation


# Resolves a value written in another word for a closed list of values (a label in
# Norwegian, say) to the allowed value it means: ``(field, value) -> value or None``.
TermResolver = Callable[[str, str], str | None]


def problems_from(
    error: ValidationError,
    *,
    document: Document | None = None,
    base: Sequence[str | int] = (),
    file: str | None = None,
    known_fields: Iterable[str] = (),
    show_values: bool = False,
    resolve_term: TermResolver | None = None,
    model: type[BaseModel] | None = None,
    relocate: Callable[[tuple[str | int, ...]], Sequence[str | int]] | None = None,
    prefix: str = "",
) -> list[Problem]:
    """Problems for every error in ``error``, located in ``document`` under ``base``.

    ``show_values`` lets a suggestion repeat the value written (``[$child.pid]``): only for
    data that holds no personal data (rule files). ``resolve_term`` maps a word for an
    allowed value (``anbefaling``) to the value (``recommendation``). ``model`` is the
    model validated: an unknown field's "did you mean" is then chosen among the fields of
    the model at its place (else among ``known_fields``). ``relocate`` maps an error's
    path in the data validated to its path in ``document`` (instead of ``base``);
    ``prefix`` starts every message (``In phase 'p2': ``).
    """
    known = sorted(set(known_fields))
    # the input is read only to choose a suggestion; it is shown only with show_values
    # past MAX_PROBLEMS (+1, so that the error knows more were found) none is translated:
    # a case with 100,000 errors costs no more than one with 200
    errors = error.errors(include_url=False, include_input=True)[: MAX_PROBLEMS + 1]
    locs = [tuple(p for p in err["loc"] if isinstance(p, str | int)) for err in errors]
    meant = _misspelt_required(errors, locs)
    out = []
    for index, (err, loc) in enumerate(zip(errors, locs, strict=True)):
        if err["type"] == "missing" and loc in meant.values():
            continue  # reported once, as the unknown field that was meant to be it
        out.append(
            error_to_problem(
                err["type"],
                err["msg"],
                relocate(loc) if relocate is not None else (*base, *loc),
                document=document,
                prefix=prefix,
                file=file,
                known=_fields_at(model, loc, known),
                ctx=err.get("ctx"),
                value=err.get("input"),
                show_values=show_values,
                resolve_term=resolve_term,
                meant=str(meant[index][-1]) if index in meant else None,
            )
        )
    return out


def _fields_at(
    model: type[BaseModel] | None, loc: Sequence[str | int], known: Sequence[str]
) -> Sequence[str]:
    """The field names an unknown field at ``loc`` may have meant: those of the model
    holding it, when known."""
    holder = model_at(model, loc[:-1]) if model is not None and loc else None
    return sorted(field_names((holder,))) if holder is not None else known


def _misspelt_required(
    errors: Sequence[Mapping[str, Any]], locs: Sequence[tuple[str | int, ...]]
) -> dict[int, tuple[str | int, ...]]:
    """Unknown fields that are likely misspellings of a missing required field beside them
    (``responsable:`` when ``responsible`` is missing): error index -> the missing path."""
    missing = [
        loc for err, loc in zip(errors, locs, strict=True) if err["type"] == "missing" and loc
    ]
    out: dict[int, tuple[str | int, ...]] = {}
    for index, (err, loc) in enumerate(zip(errors, locs, strict=True)):
        if err["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
            continue
        taken = set(out.values())
        siblings = {str(m[-1]): m for m in missing if m[:-1] == loc[:-1] and m not in taken}
        target = _closest(loc[-1], list(siblings), _FIELD_CUTOFF)
        if target is not None:
            out[index] = siblings[target]
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
    ctx: Mapping[str, Any] | None = None,
    value: object = None,
    show_values: bool = False,
    resolve_term: TermResolver | None = None,
    meant: str | None = None,
) -> Problem:
    """One pydantic error (its type and message) as a located ``Problem``.

    ``meant`` is the missing required field an unknown field is taken to be a misspelling
    of (see ``problems_from``).
    """
    message, suggestion = msg, None
    last = path[-1] if path else None
    at_key = False
    hidden: str | None = None  # the path to show, when its last key must not be shown
    if (
        kind == "extra_forbidden"
        and isinstance(last, str)
        and not (show_values or _FIELD_NAME.fullmatch(last))
    ):
        # in case data a key that is no field name may be a name or a note: never repeat it
        at_key = True
        hidden = format_path([*path[:-1], "?"])
        message = "Unknown field (its name is not shown: it is no field name and may hold "
        message += "personal data)."
        suggestion = (
            f"Remove it. The fields here are: {', '.join(known)}."
            if 0 < len(known) <= _LISTED_FIELDS
            else "Remove it; see docs/case-format.md for the fields."
        )
    elif kind == "extra_forbidden" and isinstance(last, str):
        at_key = True
        message = f"Unknown field '{last:.60}'."
        close = meant or _closest(last, [k for k in known if k != last], _FIELD_CUTOFF)
        if close is not None:
            suggestion = f"Did you mean '{close}'?"
        elif 0 < len(known) <= _LISTED_FIELDS:
            suggestion = f"Remove it. The fields here are: {', '.join(known)}."
        else:
            suggestion = "Remove it, or check the spelling against the documentation."
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
        if suggestion is None:  # pydantic's own wording: say it plainly, with a fix
            plain = _plain(
                kind, path, ctx or {}, value, show_values=show_values, resolve_term=resolve_term
            )
            if plain is not None:
                message, suggestion = plain
            else:
                message = message.removeprefix("Value error, ")
                suggestion = f"Correct the value; see {_code(kind)} in docs/errors.md."
    if not message.endswith("."):
        message += "."
    message = prefix + message
    if document is not None:
        found = document.problem(_code(kind), message, path, suggestion, at_key=at_key)
    else:
        found = Problem(
            _code(kind), message, file=file, path=format_path(path) or None, suggestion=suggestion
        )
    return found if hidden is None else dataclasses.replace(found, path=hidden)


_SNAKE_CASE = "^[a-z][a-z0-9_]*$"
#: A caller's id in a case (``familycase.case.model.Ref``): UUIDs, Sak123, case-478212.
CALLER_ID = "^[A-Za-z0-9][A-Za-z0-9._:-]*$"
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_DATE_FIX = "Write the date as YYYY-MM-DD, e.g. 2024-01-01."


def _field(path: Sequence[str | int]) -> str:
    """The name of the field at ``path`` as a user wrote it: ``persons``, ``when[0]``."""
    name = ""
    for part in reversed(path):
        if isinstance(part, int):
            name = f"[{part}]{name}"
        else:
            return f"{part}{name}"
    return name or "the file"


def _scalar_text(value: object) -> str | None:
    """``value`` as written in YAML, if it is a single plain value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str) and "\n" not in str(value):
        return str(value)[:80]
    return None


# an unknown field name is taken for a misspelling of a field only when this close: 'wen'
# (when), 'nmae' (name), 'titel' (title), but not 'kind' for 'id' (0.67)
_FIELD_CUTOFF = 0.7
# an unknown field without a close match lists the fields of its place when they are few
_LISTED_FIELDS = 15


def _closest(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The candidate ``word`` most likely means: equal but for case, else the closest."""
    folded = {c.casefold(): c for c in candidates}
    if word.casefold() in folded:
        return folded[word.casefold()]
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def _plain(
    kind: str,
    path: Sequence[str | int],
    ctx: Mapping[str, Any],
    value: object,
    *,
    show_values: bool,
    resolve_term: TermResolver | None,
) -> tuple[str, str] | None:
    """A plain message and a concrete fix for a pydantic error type, or ``None``."""
    name = _field(path)
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    if kind == "list_type":
        written = _scalar_text(value) if show_values else None
        if written is not None:
            return f"'{name}' is a list.", f"Write it in square brackets: [{written}]."
        return (
            f"'{name}' is a list.",
            "Write it in square brackets, e.g. [a, b], or one item per line starting with '- '.",
        )
    if kind in ("bool_parsing", "bool_type"):
        return f"'{name}' is true or false.", "Write true or false (without quotes)."
    if kind.startswith(("date_", "datetime_")):
        if "range" in str(ctx.get("error", "")):
            return f"'{name}' is not a real date (no such month or day).", _DATE_FIX
        return f"'{name}' must be a date.", _DATE_FIX
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if not allowed:
            return None
        listed = ", ".join(allowed)
        message = f"'{name}' must be one of: {listed}."
        if isinstance(value, str):
            meant = resolve_term(field, value) if resolve_term is not None else None
            if meant not in allowed:
                meant = _closest(value, allowed)
            if meant is not None:
                return message, f"Did you mean '{meant}'? Write one of: {listed}."
        return message, f"Write one of: {listed}."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{name}' is a whole number.", "Write a whole number without quotes, e.g. 3."
    if kind in ("float_parsing", "float_type"):
        return f"'{name}' is a number.", "Write a number without quotes, e.g. 2.5."
    if kind == "string_type":
        if value is None:
            fix = "Write a value after the colon."
        elif isinstance(value, list | dict):
            fix = "Write one value here, not a list or a group of fields."
        else:
            fix = 'Put the value in quotes, e.g. "2024".'
        return f"'{name}' is a text.", fix
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if ctx.get("class_name") == "Text":
            return (
                f"'{name}' is a text in bokmål, nynorsk and English.",
                "Write it as three lines under it, 'nb: ...', 'nn: ...' and 'en: ...'.",
            )
        return (
            f"'{name}' is a group of fields.",
            "Write its fields on the lines under it, indented, each as 'name: value'.",
        )
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return (
            f"'{name}' needs at least {least} item{'s' if least != 1 else ''}.",
            "Add the missing item (a line starting with '- ' under it).",
        )
    if kind == "string_unicode":
        return (
            f"'{name}' holds half of a character: a \\u escape from a pair (such as "
            "\\ud83d) without its other half.",
            "Write the character itself, or both escapes of the pair one after the other "
            "(\\ud83d\\ude00).",
        )
    if kind == "string_too_short":
        return f"'{name}' is empty.", "Write the text."
    if kind == "too_long":
        most = ctx.get("max_length")
        return f"'{name}' has too many items (at most {most}).", f"Keep it to {most} items."
    if kind == "string_too_long":
        most = ctx.get("max_length")
        return f"'{name}' is too long (at most {most} characters).", "Shorten it."
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _SNAKE_CASE:
            return (
                f"'{name}' must be an id in snake_case.",
                "Use lowercase letters a-z, digits and '_', starting with a letter, "
                "e.g. 'child_welfare'.",
            )
        if ctx.get("pattern") == CALLER_ID:
            return (
                f"'{name}' must be an id: letters A-Z or a-z, digits, '.', '_', ':' or '-', "
                "starting with a letter or a digit, at most 64 characters.",
                "Use the id your system has for it (e.g. 'case-478212', 'Sak123' or a UUID); "
                "never a name.",
            )
        if ctx.get("pattern") == "^[a-z]$":
            return f"'{name}' is one lowercase letter.", "Write one letter, e.g. a."
        return None
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return (
            f"'{name}' must be {words} {ctx.get(key)}.",
            f"Write a number {words} {ctx.get(key)}.",
        )
    return None
