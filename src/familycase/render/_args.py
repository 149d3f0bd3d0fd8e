"""Argument checks shared by the public renderers: a wrong argument is a ``UsageError``
that says what was expected, never an ``AttributeError`` from deep inside a renderer."""

from __future__ import annotations

from familycase._text import Lang, check_lang
from familycase.errors import UsageError


def expect(function: str, value: object, kind: type | tuple[type, ...], what: str) -> None:
    """``UsageError`` unless ``value`` is a ``kind`` (``what`` names it for a person)."""
    if not isinstance(value, kind):
        raise UsageError(f"{function} expects {what}, not a {type(value).__name__}.")


def checked(function: str, value: object, kind: type, what: str, lang: object) -> Lang:
    """Check ``value`` (see ``expect``) and the language; return the language."""
    expect(function, value, kind, what)
    return check_lang(lang)


ASSESSMENT = "an Assessment (from familycase.evaluate)"
CASE = "a familycase.Case"
