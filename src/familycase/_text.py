"""Trilingual text (bokmål, nynorsk, English) and safe templates.

Templates use ``{name}`` or ``{name.field}`` placeholders only. They are filled by plain
substitution: no format specs, no attribute or index access, no evaluation, so text from a
case (a name with braces or markup) is inserted as it is and can never reach code.
Escaping for HTML or SVG happens in the renderers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Field

from familycase.errors import UsageError

Lang = Literal["nb", "nn", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
_LANG_SET: frozenset[object] = frozenset(LANGS)

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}")
_ANY_BRACE = re.compile(r"[{}]")


class Text(BaseModel):
    """A text in bokmål (``nb``), nynorsk (``nn``) and English (``en``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nb: str = Field(min_length=1, max_length=4000)
    nn: str = Field(min_length=1, max_length=4000)
    en: str = Field(min_length=1, max_length=4000)

    def get(self, lang: Lang) -> str:
        """The text in ``lang``; ``UsageError`` if ``lang`` is not nb, nn or en."""
        try:
            known = lang in _LANG_SET
        except TypeError:  # unhashable: a list, a dict...
            known = False
        if not known:
            check_lang(lang)
        return str(getattr(self, lang))


def check_lang(lang: object) -> Lang:
    """``lang`` if it is ``"nb"``, ``"nn"`` or ``"en"``; else ``UsageError`` naming them."""
    try:
        known = lang in _LANG_SET
    except TypeError:  # unhashable: a list, a dict...
        known = False
    if known:
        return cast(Lang, lang)
    given = repr(lang[:20]) if isinstance(lang, str) else f"a {type(lang).__name__}"
    raise UsageError(f"Unknown language {given}: use one of {', '.join(LANGS)}.")


def placeholders(template: str) -> list[tuple[str, str | None]]:
    """The ``(name, field)`` pairs a template uses, in order."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(template)]


def stray_braces(template: str) -> bool:
    """True if the template has a brace that is not part of a valid placeholder."""
    return bool(_ANY_BRACE.search(PLACEHOLDER.sub("", template)))


def fill(template: str, value: Callable[[str, str | None], str]) -> str:
    """Replace each placeholder by ``value(name, field)``; the result is never re-parsed."""
    return PLACEHOLDER.sub(lambda m: value(m.group(1), m.group(2)), template)


def fill_map(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders from a mapping; unknown names stay as they are."""

    def lookup(name: str, field: str | None) -> str:
        key = name if field is None else f"{name}.{field}"
        return values.get(key, "{" + key + "}")

    return fill(template, lookup)


def join_names(names: list[str], lang: Lang) -> str:
    """``["Jon", "Beth"]`` -> ``"Jon og Beth"`` (nb/nn) or ``"Jon and Beth"`` (en)."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    word = "and" if lang == "en" else "og"
    return ", ".join(names[:-1]) + f" {word} " + names[-1]
