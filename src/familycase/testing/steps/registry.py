"""The step registry: the template language of step wordings, ``STEPS`` and reading values.

See ``familycase.testing.steps`` for the template language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from familycase._text import LANGS, Lang
from familycase.testing import _words
from familycase.testing.world import World

Kind = Literal["given", "when", "then"]
StepFunc = Callable[..., None]

KEYWORDS: Mapping[Kind, Mapping[Lang, str]] = {
    "given": {"nb": "Gitt", "nn": "Gitt", "en": "Given"},
    "when": {"nb": "Når", "nn": "Når", "en": "When"},
    "then": {"nb": "Så", "nn": "Så", "en": "Then"},
}

# -- the template language -------------------------------------------------------------------
_STOP = "|".join((*_words.NEGATIONS, "bare", "berre", "only"))
_QUOTED = r'[^"]+'
_PERSONS = r'"[^"]+"(?:\s*(?:,|\bog\b|\band\b)\s*"[^"]+")*'
# A vocabulary word: in quotes, or unquoted without quotes, colons or words that negate.
_WORD = rf'"[^"]+"|(?:(?!\b(?:{_STOP})\b)[^":])+?'


@dataclass(frozen=True)
class Placeholder:
    """A value in a step's wording: its argument name and what it matches."""

    group: str
    regex: str
    names: Mapping[Lang, str]  # how the catalogue names it in each language
    meaning: Mapping[str, str]  # nb and en: what to write there


def _ph(
    group: str, regex: str, nb: str, nn: str, en: str, meaning_nb: str, meaning_en: str
) -> Placeholder:
    return Placeholder(
        group, regex, {"nb": nb, "nn": nn, "en": en}, {"nb": meaning_nb, "en": meaning_en}
    )


_DUTY_STATUS = (
    "en status for en plikt: utløst, uavklart eller ikke utløst",
    "a duty's status: triggered, unclear or not triggered",
)
_PLACEHOLDER_LIST = (
    _ph(
        "person",
        _QUOTED,
        "person",
        "person",
        "person",
        "et navn (eller en id) i anførselstegn",
        "a name (or an id) in double quotes",
    ),
    _ph(
        "other",
        _QUOTED,
        "annen person",
        "anna person",
        "other person",
        "et annet navn i anførselstegn",
        "another name in double quotes",
    ),
    _ph(
        "persons",
        _PERSONS,
        "personer",
        "personar",
        "persons",
        'ett eller flere navn i anførselstegn: "Jon", "Beth" og "Tomas"',
        'one or more names in double quotes: "Jon", "Beth" and "Tomas"',
    ),
    _ph(
        "exposed",
        _PERSONS,
        "utsatte",
        "utsette",
        "exposed",
        "de som er utsatt, som <personer>",
        "who is exposed, like <persons>",
    ),
    _ph("age", r"\S+", "alder", "alder", "age", "et helt tall (år)", "a whole number (years)"),
    _ph(
        "when",
        r".+?",
        "dato",
        "dato",
        "date",
        "en dato: 2025-06-01, 01.06.2025 eller 1. juni 2025",
        "a date: 2025-06-01, 01.06.2025 or 1 June 2025",
    ),
    _ph(
        "measure",
        _WORD,
        "tiltak",
        "tiltak",
        "measure",
        "et tiltak fra ordlisten (navn på bokmål, nynorsk eller engelsk, eller id)",
        "a measure from the word list (its name in any language, or its id)",
    ),
    _ph(
        "service",
        _WORD,
        "tjeneste",
        "teneste",
        "service",
        "en tjeneste fra ordlisten",
        "a service from the word list",
    ),
    _ph(
        "services",
        _WORD,
        "tjenester",
        "tenester",
        "services",
        "en eller flere tjenester: skole og politiet",
        "one or more services: school and police",
    ),
    _ph(
        "relation",
        _WORD,
        "relasjon",
        "relasjon",
        "relation",
        "en relasjon fra ordlisten: forelder, besteforelder ...",
        "a relation from the word list: parent, grandparent ...",
    ),
    _ph(
        "legal",
        _WORD,
        "hjemmel",
        "heimel",
        "legal basis",
        "en hjemmel: sosialtjenesteloven § 45, barnevernsloven § 13-2 første ledd bokstav a, "
        "eller en id som sotjl_45",
        "a legal basis: sosialtjenesteloven § 45, Child Welfare Act (2021) section 13-2, "
        "or an id such as sotjl_45",
    ),
    _ph(
        "urgency",
        _WORD,
        "hastegrad",
        "hastegrad",
        "urgency",
        "straks, snart eller planlagt",
        "immediately, soon or planned",
    ),
    _ph(
        "concern",
        _QUOTED,
        "bekymring",
        "uro",
        "concern",
        "en bekymringstype fra ordlisten, i anførselstegn",
        "a concern kind from the word list, in double quotes",
    ),
    _ph(
        "text",
        _QUOTED,
        "tekst",
        "tekst",
        "text",
        "en del av en tekst familycase skriver (et spørsmål, en begrunnelse), i anførselstegn, "
        "på språket til feature-filen",
        "part of a text familycase writes (a question, a reason), in double quotes, in the "
        "feature file's language",
    ),
    _ph(
        "rule",
        _QUOTED,
        "regel",
        "regel",
        "rule",
        "en regels id (eller tittel), i anførselstegn",
        "a rule's id (or title), in double quotes",
    ),
    _ph(
        "scenario",
        _QUOTED,
        "scenario",
        "scenario",
        "scenario",
        "et scenario som følger med familycase (maria_and_david), eller en sti til en "
        "scenariofil, i anførselstegn",
        "a scenario shipped with familycase (maria_and_david), or the path of a scenario "
        "file, in double quotes",
    ),
    _ph(
        "phase",
        _QUOTED,
        "fase",
        "fase",
        "phase",
        "fasens id (phase1), i anførselstegn",
        "the phase's id (phase1), in double quotes",
    ),
    _ph(
        "event",
        _QUOTED,
        "hendelse",
        "hending",
        "event",
        "en hendelse fra ordlisten (utkastelse, reise til utlandet ...), i anførselstegn",
        "an event kind from the word list (eviction, travel abroad ...), in double quotes",
    ),
    _ph(
        "age_group",
        _WORD,
        "aldersgruppe",
        "aldersgruppe",
        "age group",
        "barn, ung voksen eller voksen (eller alder ukjent)",
        "child, young adult or adult (or age unknown)",
    ),
    _ph(
        "verification",
        r".+",
        "status",
        "status",
        "status",
        "bekreftet, delvis bekreftet eller ikke bekreftet (i kilde)",
        "confirmed, partly confirmed or not confirmed (in a source)",
    ),
    _ph(
        "level",
        r".+",
        "nivå",
        "nivå",
        "level",
        "melding mottatt, undersøkelse, hjelpetiltak, plassering utenfor hjemmet, "
        "omsorgsovertakelse eller ettervern",
        "report received, investigation, support measures, placement outside the home, "
        "care order or aftercare",
    ),
    _ph(
        "file",
        _QUOTED,
        "fil",
        "fil",
        "file",
        "en saksfil (.json eller .yaml, som i docs/case-format.md), regnet fra mappen "
        "feature-filen ligger i, i anførselstegn",
        "a case file (.json or .yaml, as in docs/case-format.md), relative to the feature "
        "file's folder, in double quotes",
    ),
    *(
        _ph(group, _QUOTED, nb, nn, en, *_DUTY_STATUS)
        for group, nb, nn, en in (
            ("before", "før", "før", "before"),
            ("after", "etter", "etter", "after"),
        )
    ),
    _ph(
        "details",
        r"[^()]+",
        "egenskaper",
        "eigenskapar",
        "details",
        "ord skilt med komma, se stegene for bekymringer og relasjoner",
        "words separated by commas, see the steps for concerns and relations",
    ),
)
PLACEHOLDERS: dict[str, Placeholder] = {
    name: ph for ph in _PLACEHOLDER_LIST for name in dict.fromkeys(ph.names.values())
}


def display_template(template: str) -> str:
    """A wording as the catalogue shows it (flags hidden)."""
    return re.sub(r"\[\?[a-z_]+:", "[", template)


def compile_template(template: str) -> re.Pattern[str]:
    """The regular expression of a wording (see the module docstring)."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(template):
        c = template[i]
        if c == "<":
            j = template.index(">", i)
            ph = PLACEHOLDERS[template[i + 1 : j]]
            out.append(f"(?P<{ph.group}>{ph.regex})")
            i = j + 1
            continue
        if c == "[" and template.startswith("[?", i):
            j = template.index(":", i)
            out.append(f"(?P<{template[i + 2 : j]}>")
            depth += 1
            i = j + 1
            continue
        if c in "[{":
            out.append("(?:")
            depth += 1
        elif c == "]":
            out.append(")?")
            depth -= 1
        elif c == "}":
            out.append(")")
            depth -= 1
        elif c == "|" and depth:
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


# -- the registry ----------------------------------------------------------------------------
@dataclass(frozen=True)
class StepDef:
    """One step: its kind, wordings, explanation, example and function."""

    name: str
    kind: Kind
    section: str
    wordings: Mapping[Lang, tuple[str, ...]]
    doc: Mapping[str, str]  # nb, en
    example: Mapping[str, str]  # nb, en: whole lines, keyword included
    func: StepFunc
    table: str | None = None  # the table the step takes (a key of _words.TABLES)
    pairs: bool = False  # the table is "property | value" rows, not a header row
    replaced_by: str | None = None  # an old wording kept working (with a warning)

    def table_headings(self, lang: str) -> list[str]:
        """The column names the example's table uses."""
        rows = self.example[lang].splitlines()[1:]
        cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
        if not cells:
            return []
        return [row[0] for row in cells] if self.pairs else cells[0]

    def variants(self) -> list[tuple[str, frozenset[str]]]:
        """Each distinct wording (as the step matches it) with the languages that use it.

        Wordings that differ only in their placeholders' names (``<personer>`` in bokmål,
        ``<personar>`` in nynorsk) match the same text: they are one variant.
        """
        langs: dict[str, tuple[str, set[str]]] = {}
        for lang in LANGS:
            for wording in self.wordings[lang]:
                key = compile_template(wording).pattern
                langs.setdefault(key, (wording, set()))[1].add(lang)
        return [(w, frozenset(ls)) for w, ls in langs.values()]


STEPS: list[StepDef] = []

SECTIONS: dict[str, Mapping[str, str]] = {
    "case": {"nb": "Saken og datoen", "en": "The case and its date"},
    "persons": {
        "nb": "Personer, relasjoner og husstander",
        "en": "Persons, relations and households",
    },
    "concerns": {"nb": "Bekymringer", "en": "Concerns"},
    "services": {"nb": "Tjenester og samtykker", "en": "Services and consents"},
    "evaluate": {"nb": "Vurderingen", "en": "The evaluation"},
    "suggestions": {"nb": "Forslag", "en": "Suggestions"},
    "details": {"nb": "Hvordan et forslag er", "en": "What a suggestion is like"},
    "unclear": {"nb": "Uavklarte plikter og spørsmål", "en": "Unclear duties and questions"},
    "rules": {"nb": "Regler", "en": "Rules"},
    "reasoning": {
        "nb": "Begrunnelser, personer, hjemler og ansvar",
        "en": "Reasons, persons, legal bases and responsibility",
    },
    "duties": {
        "nb": "Pliktene: utløst, uavklart, ikke utløst og hvorfor ikke",
        "en": "The duties: triggered, unclear, not triggered, and why not",
    },
}


def _tuple(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def step(
    kind: Kind,
    section: str,
    *,
    nb: str | Sequence[str],
    nn: str | Sequence[str],
    en: str | Sequence[str],
    doc_nb: str,
    doc_en: str,
    example_nb: str,
    example_en: str,
    table: str | None = None,
    pairs: bool = False,
    replaced_by: str | None = None,
) -> Callable[[StepFunc], StepFunc]:
    """Declare a step (used as a decorator on its function)."""

    def register(func: StepFunc) -> StepFunc:
        STEPS.append(
            StepDef(
                name=func.__name__,
                kind=kind,
                section=section,
                wordings={"nb": _tuple(nb), "nn": _tuple(nn), "en": _tuple(en)},
                doc={"nb": doc_nb, "en": doc_en},
                example={"nb": example_nb, "en": example_en},
                func=func,
                table=table,
                pairs=pairs,
                replaced_by=replaced_by,
            )
        )
        return func

    return register


# -- reading values ---------------------------------------------------------------------------
Table = Sequence[Sequence[str]]


def read_age(world: World, text: str) -> int:
    age = _words.parse_int(text)
    if age is None or age > 125:
        raise world.refuse("not_an_age", value=text.strip())
    return age


def read_date(world: World, text: str) -> date:
    when = _words.parse_date(text)
    if when is None:
        raise world.refuse("not_a_date", value=text.strip())
    return when


def read_bool(world: World, text: str) -> bool:
    value = _words.parse_bool(text)
    if value is None:
        raise world.refuse("not_yes_no", value=text.strip())
    return value


def read_rows(world: World, datatable: Table | None, which: str) -> list[dict[str, str]]:
    """A table's rows as ``{column key: cell}``; empty cells are left out."""
    columns = _words.TABLES[which]
    if not datatable:
        headings = " | ".join(c.heading(world.lang) for c in columns)
        raise world.refuse("table_missing", headings=f"| {headings} |")
    header, *body = datatable
    found = _words.columns_of(header, columns)
    for heading, column in zip(header, found, strict=True):
        if column is None:
            known = ", ".join(c.heading(world.lang) for c in columns)
            raise world.refuse("unknown_column", column=heading.strip(), known=known)
    keys = [c.key for c in found if c is not None]
    for column in columns:
        if column.required and column.key not in keys:
            raise world.refuse("missing_column", column=column.heading(world.lang))
    rows = []
    for row in body:
        cells = {k: cell.strip() for k, cell in zip(keys, row, strict=True) if cell.strip()}
        if cells:
            rows.append(cells)
    return rows


def read_pairs(world: World, datatable: Table | None) -> dict[str, str]:
    """A two-column table of ``property | value`` as ``{column key: value}``."""
    if not datatable or any(len(row) != 2 for row in datatable):
        raise world.refuse("pairs_table")
    header = [row[0] for row in datatable]
    values = [row[1] for row in datatable]
    rows = read_rows(world, [header, values], "suggestion")
    return rows[0] if rows else {}
