"""The familycase step library: what a domain expert can write in a feature file.

Every step is declared once here, with its wording in bokmål, nynorsk and English, a short
explanation and an example. ``familycase.testing._bdd`` turns each wording into a pytest-bdd
step; ``familycase.testing.catalogue`` turns the same declarations into the step catalogue
of ``docs/writing-features.md``. The two cannot drift apart: both read ``STEPS``.

Wordings are written in a small template language:

- ``<tiltak>``, ``<measure>``... a value (see ``PLACEHOLDERS``). Names of persons and other
  free texts are written in double quotes: ``"<person>"``.
- ``[at ]`` may be left out; ``{saken|familien}`` means one of the alternatives.
- ``[?flag:, som koordinerer]`` may be left out, and the step function is told whether it
  was written (argument ``flag``). The catalogue shows it as ``[, som koordinerer]``.

Step functions take the scenario's ``World`` and the values read from the step. They never
guess: a word familycase does not know is refused with the closest words it does know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from familycase import check
from familycase._text import LANGS, Lang
from familycase.assessment import LegalReference, Suggestion
from familycase.testing import _words
from familycase.testing.world import World, say

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
        "en del av spørsmålsteksten, i anførselstegn",
        "part of the question's text, in double quotes",
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
            )
        )
        return func

    return register


# -- reading values ---------------------------------------------------------------------------
Table = Sequence[Sequence[str]]


def _age(world: World, text: str) -> int:
    age = _words.parse_int(text)
    if age is None or age > 125:
        raise world.refuse("not_an_age", value=text.strip())
    return age


def _date(world: World, text: str) -> date:
    when = _words.parse_date(text)
    if when is None:
        raise world.refuse("not_a_date", value=text.strip())
    return when


def _bool(world: World, text: str) -> bool:
    value = _words.parse_bool(text)
    if value is None:
        raise world.refuse("not_yes_no", value=text.strip())
    return value


def _rows(world: World, datatable: Table | None, which: str) -> list[dict[str, str]]:
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


def _pairs(world: World, datatable: Table | None) -> dict[str, str]:
    """A two-column table of ``property | value`` as ``{column key: value}``."""
    if not datatable or any(len(row) != 2 for row in datatable):
        raise world.refuse("pairs_table")
    header = [row[0] for row in datatable]
    values = [row[1] for row in datatable]
    rows = _rows(world, [header, values], "suggestion")
    return rows[0] if rows else {}


# -- persons, relations, households ----------------------------------------------------------
@step(
    "given",
    "case",
    nb="vurderingsdatoen er <dato>",
    nn="vurderingsdatoen er <dato>",
    en="the evaluation date is <date>",
    doc_nb="Datoen saken vurderes på. Alder og hvilke lover som gjelder, regnes fra denne datoen. "
    "Hvert scenario trenger en dato (eller et scenario med faser).",
    doc_en="The date the case is evaluated on. Ages and the law in force are taken on this date. "
    "Every scenario needs a date (or a scenario with phases).",
    example_nb="Gitt vurderingsdatoen er 1. juni 2025",
    example_en="Given the evaluation date is 2025-06-01",
)
def evaluation_date(world: World, when: str) -> None:
    world.as_of = _date(world, when)
    world.changed()


@step(
    "given",
    "case",
    nb='scenarioet "<scenario>" i fase "<fase>"',
    nn='scenariet "<scenario>" i fase "<fase>"',
    en='the scenario "<scenario>" in phase "<phase>"',
    doc_nb="Start fra familien i et scenario slik den er i en fase, med fasens dato. Du kan "
    "legge til mer med stegene under.",
    doc_en="Start from the family of a scenario as it is in one phase, on that phase's date. "
    "You can add more with the steps below.",
    example_nb='Gitt scenarioet "maria_and_david" i fase "phase1"',
    example_en='Given the scenario "maria_and_david" in phase "phase2"',
)
def scenario_phase(world: World, scenario: str, phase: str) -> None:
    world.load_scenario(scenario, phase)


@step(
    "given",
    "persons",
    nb=("personene:", "familien:"),
    nn=("personane:", "familien:"),
    en=("the persons:", "the family:"),
    doc_nb="Personene i saken, én rad per person. Bare kolonnen «person» må være med. La "
    "alder stå tom når den er ukjent. «forelder til» lager foreldrerelasjoner, «husstand» "
    "sier hvem som bor sammen (samme navn = samme husstand).",
    doc_en="The persons in the case, one row each. Only the 'person' column is required. Leave "
    "the age empty when it is unknown. 'parent of' makes parent relations; 'household' says "
    "who lives together (the same name = the same household).",
    example_nb="Gitt familien:\n"
    "  | person | alder | forelder til | husstand |\n"
    "  | mor    | 40    | Ida          | hjemme   |\n"
    "  | far    | 42    | Ida          | hjemme   |\n"
    "  | Ida    | 17    |              | hjemme   |",
    example_en="Given the family:\n"
    "  | person | age | parent of | household |\n"
    "  | mother | 40  | Ida       | home      |\n"
    "  | Ida    | 17  |           | home      |",
    table="persons",
)
def persons_table(world: World, datatable: Table | None = None) -> None:
    rows = _rows(world, datatable, "persons")
    for row in rows:
        pid = world.add_person(row["person"])
        if "age" in row:
            world.set_age(pid, _age(world, row["age"]))
        if "born" in row:
            world.set_birth_date(pid, _date(world, row["born"]))
    households: dict[str, list[str]] = {}
    for row in rows:
        pid = world.person(row["person"])
        for child in _words.split_list(row.get("parent_of", "")):
            world.add_relation("parent", pid, world.person(child))
        if "household" in row:
            households.setdefault(row["household"], []).append(pid)
    for name, members in households.items():
        world.live_together(members, name)


@step(
    "given",
    "persons",
    nb='[at ]"<person>" er <alder> år[ gammel]',
    nn='[at ]"<person>" er <alder> år[ gammal]',
    en='"<person>" is <age>[ years old]',
    doc_nb="En person og alderen (personen legges til hvis hen er ny). Brukes også til å endre "
    "alderen, for eksempel i et scenariomal.",
    doc_en="A person and their age (added if new). Also changes the age, e.g. in a scenario "
    "outline.",
    example_nb='Gitt at "Ida" er 17 år',
    example_en='Given "Ida" is 17 years old',
)
def person_age(world: World, person: str, age: str) -> None:
    pid = world.add_person(person)
    world.set_age(pid, _age(world, age))


@step(
    "given",
    "persons",
    nb='[at ]alderen til "<person>" er ukjent',
    nn='[at ]alderen til "<person>" er ukjend',
    en='the age of "<person>" is unknown',
    doc_nb="Alderen er ikke kjent (familycase spør da om den).",
    doc_en="The age is not known (familycase then asks for it).",
    example_nb='Gitt at alderen til "barn" er ukjent',
    example_en='Given the age of "child" is unknown',
)
def person_age_unknown(world: World, person: str) -> None:
    world.set_age(world.add_person(person), None)


@step(
    "given",
    "persons",
    nb='[at ]"<person>" er <relasjon> til "<annen person>"[ (<egenskaper>)]',
    nn='[at ]"<person>" er <relasjon> til "<anna person>"[ (<eigenskapar>)]',
    en='"<person>" is [the |a |an ]<relation> of "<other person>"[ (<details>)]',
    doc_nb="En relasjon: den første er <relasjon> til den andre (forelder, steforelder, "
    "midlertidig omsorgsperson, besteforelder, partner, søsken ...). I parentes kan du gi "
    "kvaliteten: støttende, nøytral, belastende, konfliktfylt, lite eller ingen kontakt.",
    doc_en="A relation: the first is <relation> of the second (parent, step-parent, temporary "
    "carer, grandparent, partner, sibling ...). In parentheses you may give its quality: "
    "supportive, neutral, stressful, conflictual, little or no contact.",
    example_nb='Gitt at "mormor" er besteforelder til "Ida" (støttende)',
    example_en='Given "grandmother" is the grandparent of "Ida" (supportive)',
)
def relation(
    world: World, person: str, relation: str, other: str, details: str | None = None
) -> None:
    kind = world.word(world.vocab.relation_kinds, relation, "relation")
    quality = None
    if details:
        quality = world.word(world.vocab.by_name("relation_quality"), details, "quality")
    world.add_relation(kind, world.person(person), world.person(other), quality)


@step(
    "given",
    "persons",
    nb="relasjonene:",
    nn="relasjonane:",
    en="the relations:",
    doc_nb="Flere relasjoner i en tabell: fra, relasjon, til og eventuelt kvalitet.",
    doc_en="Several relations in a table: from, relation, to and optionally quality.",
    example_nb="Gitt relasjonene:\n"
    "  | fra    | relasjon                  | til | kvalitet     |\n"
    "  | tante  | midlertidig omsorgsperson | Ida |              |\n"
    "  | mor    | tidligere partner         | far | konfliktfylt |",
    example_en="Given the relations:\n"
    "  | from  | relation       | to  |\n"
    "  | aunt  | temporary carer | Ida |",
    table="relations",
)
def relations_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "relations"):
        kind = world.word(world.vocab.relation_kinds, row["kind"], "relation")
        quality = None
        if "quality" in row:
            quality = world.word(world.vocab.by_name("relation_quality"), row["quality"], "quality")
        world.add_relation(kind, world.person(row["from"]), world.person(row["to"]), quality)


@step(
    "given",
    "persons",
    nb="[at ]<personer> bor sammen",
    nn="[at ]<personar> bur saman",
    en="<persons> live together",
    doc_nb="Disse bor i samme husstand. De flytter ut av husstanden de bodde i før.",
    doc_en="These live in one household. They move out of the household they lived in before.",
    example_nb='Gitt at "mor", "far" og "Ida" bor sammen',
    example_en='Given "mother" and "Ida" live together',
)
def live_together(world: World, persons: str) -> None:
    world.live_together(world.persons(persons))


@step(
    "given",
    "persons",
    nb='[at ]"<person>" bor alene',
    nn='[at ]"<person>" bur {åleine|aleine}',
    en='"<person>" lives alone',
    doc_nb="Personen bor for seg selv.",
    doc_en="The person lives on their own.",
    example_nb='Gitt at "mor" bor alene',
    example_en='Given "mother" lives alone',
)
def lives_alone(world: World, person: str) -> None:
    world.live_together([world.person(person)])


@step(
    "given",
    "persons",
    nb="husstandene:",
    nn="hushalda:",
    en="the households:",
    doc_nb="Husstander i en tabell: navnet på husstanden og medlemmene.",
    doc_en="Households in a table: the household's name and its members.",
    example_nb="Gitt husstandene:\n"
    "  | husstand  | medlemmer      |\n"
    "  | hos tante | tante, Ida     |\n"
    "  | leilighet | mor            |",
    example_en="Given the households:\n  | household | members    |\n  | aunt's    | aunt, Ida  |",
    table="households",
)
def households_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "households"):
        world.live_together(world.persons(row["members"]), row["household"])


# -- concerns --------------------------------------------------------------------------------
_CONCERN_TERMS = ("certainty", "concern_status", "severity", "source")
_TERM_FIELD = {
    "certainty": "certainty",
    "concern_status": "status",
    "severity": "severity",
    "source": "source",
}


def _reporter(world: World, text: str) -> str:
    if world.has_person(text):
        return world.person(text)
    return world.word(world.vocab.services, text, "reporter")


def _concern_details(world: World, details: str) -> dict[str, Any]:
    """``mistanke, alvorlig, gjentatt, meldt av skole`` -> concern fields."""
    out: dict[str, Any] = {}
    for raw in details.split(","):
        word = _words.fold(raw)
        if not word:
            continue
        if word in _words.REPEATED:
            out["repeated"] = _words.REPEATED[word]
            continue
        prefix = next((p for p in _words.REPORTED_BY if word.startswith(p)), None)
        if prefix is not None:
            out["reported_by"] = _reporter(world, raw.strip()[len(prefix) :])
            continue
        hits = {
            term: m.id
            for term in _CONCERN_TERMS
            if (m := _words.lookup(world.vocab.by_name(term), raw)).id is not None
        }
        if len(hits) != 1:
            words = "; ".join(
                ", ".join(world.label(world.vocab.by_name(t), e) for e in world.vocab.by_name(t))
                for t in _CONCERN_TERMS
            )
            raise world.refuse("unknown_detail", detail=raw.strip(), known=words)
        ((term, value),) = hits.items()
        out[_TERM_FIELD[term]] = value
    return out


def _add_concern(
    world: World, kind: str, about: list[str], exposed: list[str], fields: Mapping[str, Any]
) -> None:
    item: dict[str, Any] = {
        "id": fields.get("id") or world.new_id("concerns", "c"),
        "kind": world.word(world.vocab.concern_kinds, kind, "concern"),
        "about": about,
        "exposed": exposed,
    }
    item.update({k: v for k, v in fields.items() if k != "id" and v is not None})
    world.add("concerns", item)


@step(
    "given",
    "concerns",
    nb='[at det er ]en bekymring for "<bekymring>" som gjelder <personer>'
    "[, der <utsatte> er {utsatt|utsatte}][ (<egenskaper>)]",
    nn='[at det er ]{ei uro|ei bekymring} for "<uro>" som gjeld <personar>'
    "[, der <utsette> er {utsett|utsette}][ (<eigenskapar>)]",
    en='a concern of "<concern>" about <persons>[, with <exposed> exposed][ (<details>)]',
    doc_nb="En bekymring: hva slags, hvem den gjelder (vold gjelder den som utøver den), og "
    "hvem som er utsatt. Uten parentes er bekymringen meldt, pågående, med ukjent "
    "alvorlighet, meldt av personen selv, og det er ukjent om den har gjentatt seg. I "
    "parentes kan du endre dette: mistanke/meldt/bekreftet, pågående/tidligere/løst, "
    "moderat/alvorlig, gjentatt/ikke gjentatt, en kilde (politiet, skole ...) og "
    "«meldt av» en person eller tjeneste.",
    doc_en="A concern: its kind, whom it is about (violence is about the person who uses it) "
    "and who is exposed. Without parentheses it is reported, current, of unknown severity, "
    "told by the person themselves, and unknown whether it was repeated. In parentheses you "
    "may change this: suspected/reported/confirmed, current/past/resolved, moderate/serious, "
    "repeated/not repeated, a source (police, school ...) and 'reported by' a person or service.",
    example_nb='Gitt en bekymring for "vold mellom voksne i nære relasjoner" som gjelder "far", '
    'der "mor" er utsatt (alvorlig, gjentatt)',
    example_en='Given a concern of "substance-use problem" about "mother" (suspected, '
    "reported by school)",
)
def concern(
    world: World,
    concern: str,
    persons: str,
    exposed: str | None = None,
    details: str | None = None,
) -> None:
    fields = _concern_details(world, details) if details else {}
    _add_concern(world, concern, world.persons(persons), world.persons(exposed or ""), fields)


@step(
    "given",
    "concerns",
    nb="bekymringene:",
    nn=("uroa:", "bekymringane:"),
    en="the concerns:",
    doc_nb="Flere bekymringer i en tabell. Bare «bekymring» og «gjelder» må være med; tomme "
    "celler betyr standardverdien (meldt, pågående, ukjent alvorlighet, personen selv).",
    doc_en="Several concerns in a table. Only 'concern' and 'about' are required; empty cells "
    "mean the default (reported, current, severity unknown, the person themselves).",
    example_nb="Gitt bekymringene:\n"
    "  | bekymring      | gjelder | utsatt | sikkerhet | alvorlighet | gjentatt | kilde   |\n"
    "  | vold mot barn  | far     | Ida    | meldt     | alvorlig    | ja       | politiet |\n"
    "  | rusproblem     | mor     |        | mistanke  |             |          | skole   |",
    example_en="Given the concerns:\n"
    "  | concern          | about | exposed | certainty | status |\n"
    "  | threats of violence | father | mother | reported | current |",
    table="concerns",
)
def concerns_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "concerns"):
        fields: dict[str, Any] = {"id": row.get("id")}
        for term in _CONCERN_TERMS:
            key = _TERM_FIELD[term]
            if key in row:
                fields[key] = world.word(world.vocab.by_name(term), row[key], term)
        if "reported_by" in row:
            fields["reported_by"] = _reporter(world, row["reported_by"])
        if "repeated" in row:
            word = _words.fold(row["repeated"])
            if word not in ("ukjent", "ukjend", "unknown"):
                fields["repeated"] = _words.REPEATED.get(word, None)
                if fields["repeated"] is None:
                    fields["repeated"] = _bool(world, row["repeated"])
        _add_concern(
            world,
            row["kind"],
            world.persons(row["about"]),
            world.persons(row.get("exposed", "")),
            fields,
        )


# -- services and consents -------------------------------------------------------------------
def _add_services(
    world: World, persons: str, service: str, status: str, coordinator: bool = False
) -> None:
    sid = world.word(world.vocab.services, service, "service")
    for pid in world.persons(persons):
        world.add(
            "services",
            {"service": sid, "person": pid, "status": status, "coordinator": coordinator},
        )


@step(
    "given",
    "services",
    nb="[at ]<personer> har kontakt med <tjeneste>[?coordinates:, som koordinerer]",
    nn="[at ]<personar> har kontakt med <teneste>[?coordinates:, som koordinerer]",
    en="<persons> {is|are} in contact with <service>[?coordinates:, which coordinates]",
    doc_nb="Tjenesten er aktiv for personen (én linje per tjeneste). «som koordinerer» betyr "
    "at tjenesten koordinerer familiens tjenester.",
    doc_en="The service is active for the person (one line per service). 'which coordinates' "
    "means the service coordinates the family's services.",
    example_nb='Gitt at "Ida" har kontakt med barnevernstjenesten',
    example_en='Given "Ola" is in contact with DPS, which coordinates',
)
def in_contact(world: World, persons: str, service: str, coordinates: str | None = None) -> None:
    _add_services(world, persons, service, "active", coordinates is not None)


@step(
    "given",
    "services",
    nb="[at ]<personer> venter på <tjeneste>",
    nn="[at ]<personar> ventar på <teneste>",
    en="<persons> {is|are} waiting for <service>",
    doc_nb="Personen er henvist til eller venter på tjenesten.",
    doc_en="The person is referred to or waiting for the service.",
    example_nb='Gitt at "Ola" venter på tverrfaglig spesialisert rusbehandling (TSB)',
    example_en='Given "Ola" is waiting for TSB',
)
def waiting_for(world: World, persons: str, service: str) -> None:
    _add_services(world, persons, service, "waiting")


@step(
    "given",
    "services",
    nb="[at ]<personer> har avsluttet kontakten med <tjeneste>",
    nn="[at ]<personar> har avslutta kontakten med <teneste>",
    en="<persons> {has|have} ended contact with <service>",
    doc_nb="Tjenesten har vært involvert, men er avsluttet.",
    doc_en="The service was involved but has ended.",
    example_nb='Gitt at "Ola" har avsluttet kontakten med TSB',
    example_en='Given "Ola" has ended contact with TSB',
)
def ended_contact(world: World, persons: str, service: str) -> None:
    _add_services(world, persons, service, "ended")


@step(
    "given",
    "services",
    nb="tjenestene:",
    nn="tenestene:",
    en="the services:",
    doc_nb="Flere tjenester i en tabell: tjeneste, person(er), status (aktiv, venter, "
    "avsluttet; tom = aktiv) og koordinerer (ja/nei).",
    doc_en="Several services in a table: service, person(s), status (active, waiting, ended; "
    "empty = active) and coordinates (yes/no).",
    example_nb="Gitt tjenestene:\n"
    "  | tjeneste | person    | status  | koordinerer |\n"
    "  | fastlege | Ola       | aktiv   |             |\n"
    "  | DPS      | Ola       | venter  |             |\n"
    "  | skole    | Jon, Beth |         |             |",
    example_en="Given the services:\n"
    "  | service | person | status | coordinates |\n"
    "  | GP      | Ola    | active | yes         |",
    table="services",
)
def services_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "services"):
        status = "active"
        if "status" in row:
            status = world.word(world.vocab.by_name("involvement_status"), row["status"], "status")
        coordinator = _bool(world, row["coordinator"]) if "coordinator" in row else False
        _add_services(world, row["persons"], row["service"], status, coordinator)


@step(
    "given",
    "services",
    nb='[at ]"<person>" samtykker til deling med <tjenester>[ om <personer>]',
    nn='[at ]"<person>" samtykkjer til deling med <tenester>[ om <personar>]',
    en='"<person>" consents to sharing with <services>[ about <persons>]',
    doc_nb="Personen har samtykket til at opplysninger deles med tjenestene (om personene som "
    "nevnes; ellers om alle).",
    doc_en="The person has consented to sharing information with the services (about the "
    "persons named; otherwise about everyone).",
    example_nb='Gitt at "mor" samtykker til deling med barnevernstjenesten om "Ida"',
    example_en='Given "mother" consents to sharing with the child welfare service',
)
def consents(world: World, person: str, services: str, persons: str | None = None) -> None:
    world.add(
        "consents",
        {
            "given_by": world.person(person),
            "share_with": world.words(world.vocab.services, _the(services), "service"),
            "concerning": world.persons(persons or ""),
        },
    )


def _the(text: str) -> str:
    """English 'the child welfare service' -> 'child welfare service'."""
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)


@step(
    "given",
    "services",
    nb='[at ]"<person>" har trukket tilbake samtykket til deling med <tjenester>',
    nn='[at ]"<person>" har trekt tilbake samtykket til deling med <tenester>',
    en='"<person>" has withdrawn consent to sharing with <services>',
    doc_nb="Et samtykke som er gitt tidligere, er trukket tilbake (fra vurderingsdatoen).",
    doc_en="A consent given earlier has been withdrawn (as of the evaluation date).",
    example_nb='Gitt at "mor" har trukket tilbake samtykket til deling med barnevernstjenesten',
    example_en='Given "mother" has withdrawn consent to sharing with child welfare service',
)
def withdrawn(world: World, person: str, services: str) -> None:
    world.withdraw(
        world.person(person), world.words(world.vocab.services, _the(services), "service")
    )


@step(
    "given",
    "services",
    nb="samtykkene:",
    nn="samtykka:",
    en="the consents:",
    doc_nb="Samtykker i en tabell, med datoene de ble gitt og eventuelt trukket tilbake.",
    doc_en="Consents in a table, with the dates they were given and perhaps withdrawn.",
    example_nb="Gitt samtykkene:\n"
    "  | gitt av | deles med          | gjelder | gitt       | trukket tilbake |\n"
    "  | mor     | barnevernstjenesten | Ida     | 2025-01-01 | 2025-05-01      |",
    example_en="Given the consents:\n"
    "  | given by | shared with           | given on   |\n"
    "  | mother   | child welfare service | 2025-01-01 |",
    table="consents",
)
def consents_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "consents"):
        item: dict[str, Any] = {
            "given_by": world.person(row["given_by"]),
            "share_with": world.words(world.vocab.services, row["share_with"], "service"),
            "concerning": world.persons(row.get("concerning", "")),
        }
        for key in ("given_on", "withdrawn_on"):
            if key in row:
                item[key] = _date(world, row[key]).isoformat()
        world.add("consents", item)


# -- evaluating ------------------------------------------------------------------------------
@step(
    "when",
    "evaluate",
    nb="{saken|familien} vurderes",
    nn="{saka|familien} blir vurdert",
    en="the {case|family} is evaluated",
    doc_nb="familycase vurderer saken. (Forventningene under vurderer den også selv om du "
    "glemmer dette steget, men det er lettere å lese med.)",
    doc_en="familycase evaluates the case. (The expectations below evaluate it even if you "
    "leave this step out, but it reads better with it.)",
    example_nb="Når saken vurderes",
    example_en="When the case is evaluated",
)
def evaluate(world: World) -> None:
    world.evaluate()


@step(
    "when",
    "evaluate",
    nb="{saken|familien} vurderes [per |den ]<dato>",
    nn="{saka|familien} blir vurdert [per |den ]<dato>",
    en="the {case|family} is evaluated on <date>",
    doc_nb="familycase vurderer saken på en annen dato.",
    doc_en="familycase evaluates the case on another date.",
    example_nb="Når saken vurderes per 1. januar 2023",
    example_en="When the case is evaluated on 1 January 2023",
)
def evaluate_on(world: World, when: str) -> None:
    world.as_of = _date(world, when)
    world.evaluate()


# -- expectations: suggestions -------------------------------------------------------------
def _measure(world: World, text: str) -> str:
    return world.word(world.vocab.measures, text, "measure")


def _of_measure(world: World, measure: str) -> list[Suggestion]:
    return [s for s in world.assessment.suggestions if s.measure == measure]


def _suggested(world: World, measure: str, persons: str | None) -> tuple[str, list[Suggestion]]:
    """The measure's id and its suggestions (those that concern ``persons``); fails if none."""
    m = _measure(world, measure)
    found = _of_measure(world, m)
    label = world.label(world.vocab.measures, m)
    if not found:
        raise world.fail(
            world.say("not_suggested", measure=label) + "\n" + world.describe_suggestions()
        )
    if persons:
        pids = world.persons(persons)
        matching = [s for s in found if set(pids) <= set(s.persons)]
        if not matching:
            raise world.fail(
                world.say("not_suggested_for", measure=label, persons=world.names_of(pids))
                + "\n"
                + world.describe_suggestions(found)
            )
        found = matching
    return m, found


@step(
    "then",
    "suggestions",
    nb=("foreslås <tiltak>[ for <personer>]", "foreslår familycase <tiltak>[ for <personer>]"),
    nn="føreslår familycase <tiltak>[ for <personar>]",
    en="familycase suggests <measure>[ for <persons>]",
    doc_nb="familycase foreslår tiltaket (for disse personene, og kanskje flere).",
    doc_en="familycase suggests the measure (for these persons, and perhaps others).",
    example_nb='Så foreslås melding til barnevernstjenesten for "Ida"',
    example_en='Then familycase suggests report to the child welfare service for "Ida"',
)
def suggests(world: World, measure: str, persons: str | None = None) -> None:
    _suggested(world, measure, persons)


@step(
    "then",
    "suggestions",
    nb=(
        "foreslås <tiltak> bare for <personer>",
        "foreslår familycase <tiltak> bare for <personer>",
    ),
    nn="føreslår familycase <tiltak> berre for <personar>",
    en="familycase suggests <measure> only for <persons>",
    doc_nb="familycase foreslår tiltaket for nøyaktig disse personene.",
    doc_en="familycase suggests the measure for exactly these persons.",
    example_nb='Så foreslås melding til barnevernstjenesten bare for "Jon" og "Beth"',
    example_en='Then familycase suggests report to the child welfare service only for "Jon" '
    'and "Beth"',
)
def suggests_only_for(world: World, measure: str, persons: str) -> None:
    m, found = _suggested(world, measure, None)
    pids = world.persons(persons)
    if not any(set(s.persons) == set(pids) for s in found):
        label = world.label(world.vocab.measures, m)
        raise world.fail(
            world.say("not_suggested_only_for", measure=label, persons=world.names_of(pids))
            + "\n"
            + world.describe_suggestions(found)
        )


def _reasons(world: World, suggestions: Sequence[Suggestion]) -> str:
    lines = []
    for s in suggestions:
        lines.append(f"  - {world.describe_suggestion(s)}")
        lines.extend(f"      {r.rule_id}: {r.text.get(world.lang)}" for r in s.reasons)
    return "\n".join(lines)


@step(
    "then",
    "suggestions",
    nb=(
        "foreslås ikke <tiltak>[ for <personer>]",
        "foreslår familycase ikke <tiltak>[ for <personer>]",
    ),
    nn="føreslår familycase ikkje <tiltak>[ for <personar>]",
    en="familycase does not suggest <measure>[ for <persons>]",
    doc_nb="familycase foreslår ikke tiltaket (for noen av disse personene).",
    doc_en="familycase does not suggest the measure (for any of these persons).",
    example_nb='Så foreslås ikke melding til barnevernstjenesten for "Tomas"',
    example_en="Then familycase does not suggest alert the police (duty to avert)",
)
def does_not_suggest(world: World, measure: str, persons: str | None = None) -> None:
    m = _measure(world, measure)
    found = _of_measure(world, m)
    if persons:
        pids = world.persons(persons)
        found = [s for s in found if set(pids) & set(s.persons)]
    if found:
        label = world.label(world.vocab.measures, m)
        raise world.fail(
            world.say("suggested_anyway", measure=label) + "\n" + _reasons(world, found)
        )


@step(
    "then",
    "suggestions",
    nb=("foreslås ingen plikter", "foreslår familycase ingen plikter"),
    nn="føreslår familycase ingen plikter",
    en="familycase suggests no duties",
    doc_nb="Ingen av forslagene er en plikt.",
    doc_en="None of the suggestions is a duty.",
    example_nb="Så foreslås ingen plikter",
    example_en="Then familycase suggests no duties",
)
def no_duties(world: World) -> None:
    duties = world.assessment.duties
    if duties:
        raise world.fail(world.say("duties_anyway") + "\n" + _reasons(world, duties))


@step(
    "then",
    "suggestions",
    nb=("foreslås ingenting", "foreslår familycase ingenting"),
    nn="føreslår familycase ingenting",
    en="familycase suggests nothing",
    doc_nb="familycase foreslår ingen tiltak i det hele tatt.",
    doc_en="familycase suggests no measure at all.",
    example_nb="Så foreslås ingenting",
    example_en="Then familycase suggests nothing",
)
def suggests_nothing(world: World) -> None:
    found = world.assessment.suggestions
    if found:
        raise world.fail(world.say("suggested_something") + "\n" + _reasons(world, found))


# -- expectations: what a suggestion is like -------------------------------------------------
@dataclass(frozen=True)
class RefQuery:
    """A legal reference as written in a step: a provision id, or law (+ section ...)."""

    text: str
    provision: str | None = None
    law: str | None = None
    section: str | None = None
    paragraph: int | None = None
    letter: str | None = None

    def matches(self, ref: LegalReference) -> bool:
        if self.provision is not None:
            return ref.provision == self.provision
        return (
            ref.law == self.law
            and (self.section is None or _section(ref.section or "") == self.section)
            and (self.paragraph is None or ref.paragraph == self.paragraph)
            and (self.letter is None or ref.letter == self.letter)
        )


def _section(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


_CITATION = re.compile(
    r"(?P<law>.+?)\s*(?:§|\bsection\b)\s*(?P<section>\d+(?:\s?-\s?\d+)?(?:\s?[a-z](?![\wæøå]))?)"
    r"(?P<rest>(?:\s+.*)?)",
    re.IGNORECASE,
)


def parse_reference(world: World, text: str) -> RefQuery:
    """``sosialtjenesteloven § 45``, ``barnevernsloven § 13-2 første ledd bokstav a``,
    ``Child Welfare Act (2021) section 13-2``, ``bvl § 13-2`` or a provision id."""
    written = _words.unquote(text)
    provisions = world.rulebook.provisions
    if written in provisions:
        return RefQuery(written, provision=written)
    m = _CITATION.fullmatch(written)
    law_text, section, rest = (
        (m["law"], _section(m["section"]), m["rest"]) if m else (written, None, "")
    )
    law = _words.lookup(world.vocab.laws, law_text)
    if law.id is None:
        raise world.refuse(
            "unknown_reference", reference=written, example="sosialtjenesteloven § 45"
        )
    paragraph = letter = None
    rest = _words.fold(rest)
    for n in range(1, 6):
        words = {_words.fold(world.vocab.text(f"paragraph_{n}").get(lang)) for lang in LANGS}
        for w in words:
            if w in rest:
                paragraph = n
                rest = rest.replace(w, " ")
    letter_words = "|".join(
        re.escape(_words.fold(world.vocab.text("letter").get(lg))) for lg in LANGS
    )
    if lm := re.search(rf"\b(?:{letter_words})\s+([a-z])\b", rest):
        letter = lm[1]
        rest = rest.replace(lm[0], " ")
    if rest.strip():
        raise world.refuse(
            "unknown_reference", reference=written, example="sosialtjenesteloven § 45"
        )
    return RefQuery(written, law=law.id, section=section, paragraph=paragraph, letter=letter)


def _mismatches(world: World, s: Suggestion, fields: Mapping[str, str]) -> list[str]:
    """How ``s`` differs from the expected ``fields`` (in the step's language)."""
    v = world.vocab
    lang = world.lang
    out: list[str] = []

    def differ(what: str, expected: str, actual: str) -> None:
        out.append(world.say("differs", what=what, expected=expected, actual=actual))

    if "responsible" in fields:
        sid = world.word(v.services, fields["responsible"], "service")
        if s.responsible != sid:
            differ(
                v.text("responsible").get(lang),
                v.services.label(sid, lang),
                v.services.label(s.responsible, lang),
            )
    if "services" in fields:
        wanted = world.words(v.services, fields["services"], "service")
        if not set(wanted) <= set(s.services):
            differ(
                v.text("cooperate_with").get(lang),
                ", ".join(v.services.label(x, lang) for x in wanted),
                ", ".join(v.services.label(x, lang) for x in s.services) or world.say("none"),
            )
    if "obligation" in fields:
        ob = world.word(v.by_name("obligation"), fields["obligation"], "obligation")
        if s.obligation != ob:
            differ(
                world.say("kind_obligation"),
                v.by_name("obligation").label(ob, lang),
                v.by_name("obligation").label(s.obligation, lang),
            )
    if "urgency" in fields:
        urgency = world.word(v.by_name("urgency"), fields["urgency"], "urgency")
        if s.urgency != urgency:
            differ(
                world.say("kind_urgency"),
                v.by_name("urgency").label(urgency, lang),
                v.by_name("urgency").label(s.urgency, lang),
            )
    if "legal_basis" in fields:
        for part in re.split(r"\s*[;,]\s*", fields["legal_basis"]):
            query = parse_reference(world, part)
            if not any(query.matches(ref) for ref in s.legal_basis):
                differ(v.text("legal_basis").get(lang), query.text, world.citations(s.legal_basis))
    if "requires_consent" in fields:
        wanted_consent = _bool(world, fields["requires_consent"])
        if s.requires_consent != wanted_consent:
            yes, no = world.say("yes"), world.say("no")
            differ(
                v.text("requires_consent").get(lang),
                yes if wanted_consent else no,
                yes if s.requires_consent else no,
            )
    return out


def _expect(world: World, measure: str, fields: Mapping[str, str]) -> None:
    """There is a suggestion of ``measure`` with every property in ``fields``."""
    m, found = _suggested(world, measure, fields.get("for"))
    if "only_for" in fields:
        pids = world.persons(fields["only_for"])
        exact = [s for s in found if set(s.persons) == set(pids)]
        if not exact:
            label = world.label(world.vocab.measures, m)
            raise world.fail(
                world.say("not_suggested_only_for", measure=label, persons=world.names_of(pids))
                + "\n"
                + world.describe_suggestions(found)
            )
        found = exact
    results = [(s, _mismatches(world, s, fields)) for s in found]
    if any(not problems for _, problems in results):
        return
    s, problems = min(results, key=lambda r: len(r[1]))
    label = world.label(world.vocab.measures, m)
    raise world.fail(
        world.say("suggested_differently", measure=label)
        + "\n"
        + "\n".join(f"  - {p}" for p in problems)
        + "\n"
        + world.say("the_suggestion")
        + "\n  - "
        + world.describe_suggestion(s)
    )


def _expect_none(
    world: World, measure: str, check: Callable[[Suggestion], bool], key: str, **values: str
) -> None:
    """``measure`` is suggested, and no suggestion of it has the property ``check``."""
    m, found = _suggested(world, measure, None)
    bad = [s for s in found if check(s)]
    if bad:
        label = world.label(world.vocab.measures, m)
        raise world.fail(world.say(key, measure=label, **values) + "\n" + _reasons(world, bad))


@step(
    "then",
    "details",
    nb=("foreslås <tiltak>:", "foreslår familycase <tiltak>:"),
    nn="føreslår familycase <tiltak>:",
    en="familycase suggests <measure>:",
    doc_nb="Et forslag med egenskapene i tabellen (to kolonner: egenskap og verdi). Alle "
    "egenskapene må stemme for ett og samme forslag.",
    doc_en="A suggestion with the properties in the table (two columns: property and value). "
    "All of them must hold for one and the same suggestion.",
    example_nb="Så foreslås melding til barnevernstjenesten:\n"
    "  | for        | Ida                      |\n"
    "  | type       | plikt                    |\n"
    "  | ansvarlig  | Nav-kontoret             |\n"
    "  | sammen med | barnevernstjenesten      |\n"
    "  | hastegrad  | snart                    |\n"
    "  | hjemmel    | sosialtjenesteloven § 45 |\n"
    "  | samtykke   | nei                      |",
    example_en="Then familycase suggests report to the child welfare service:\n"
    "  | for         | Ida          |\n"
    "  | type        | duty         |\n"
    "  | responsible | Nav office   |\n"
    "  | legal basis | sotjl_45     |",
    table="suggestion",
    pairs=True,
)
def suggests_with(world: World, measure: str, datatable: Table | None = None) -> None:
    _expect(world, measure, _pairs(world, datatable))


@step(
    "then",
    "details",
    nb=("foreslås:", "foreslår familycase:"),
    nn="føreslår familycase:",
    en="familycase suggests:",
    doc_nb="Flere forslag i en tabell, ett per rad. Kolonnen «tiltak» må være med; de andre "
    "(for, bare for, ansvarlig, sammen med, type, hastegrad, hjemmel, samtykke) kan du "
    "velge. Tomme celler sjekkes ikke.",
    doc_en="Several suggestions in a table, one per row. The 'measure' column is required; the "
    "others (for, only for, responsible, together with, type, urgency, legal basis, requires "
    "consent) are optional. Empty cells are not checked.",
    example_nb="Så foreslås:\n"
    "  | tiltak                           | for   | type       | hastegrad |\n"
    "  | melding til barnevernstjenesten  | Ida   | plikt      | snart     |\n"
    "  | vurdere akutt sikkerhet og beskyttelse | mor | anbefaling | straks |",
    example_en="Then familycase suggests:\n"
    "  | measure                              | for | type |\n"
    "  | report to the child welfare service  | Ida | duty |",
    table="suggestion",
)
def suggests_table(world: World, datatable: Table | None = None) -> None:
    for row in _rows(world, datatable, "suggestion"):
        if "measure" not in row:
            raise world.refuse(
                "missing_column", column=_words.SUGGESTION_COLUMNS[0].heading(world.lang)
            )
        _expect(world, row["measure"], row)


@step(
    "then",
    "details",
    nb="er <tiltak> en plikt",
    nn="er <tiltak> ei plikt",
    en="<measure> is a duty",
    doc_nb="Tiltaket foreslås som en plikt (loven krever det).",
    doc_en="The measure is suggested as a duty (the law requires it).",
    example_nb="Så er melding til barnevernstjenesten en plikt",
    example_en="Then report to the child welfare service is a duty",
)
def is_duty(world: World, measure: str) -> None:
    _expect(world, measure, {"obligation": "duty"})


@step(
    "then",
    "details",
    nb="er <tiltak> en anbefaling",
    nn="er <tiltak> ei tilråding",
    en="<measure> is a recommendation",
    doc_nb="Tiltaket foreslås som en anbefaling (god praksis, ikke en plikt).",
    doc_en="The measure is suggested as a recommendation (good practice, not a duty).",
    example_nb="Så er kartlegge barnas situasjon en anbefaling",
    example_en="Then map the children's situation is a recommendation",
)
def is_recommendation(world: World, measure: str) -> None:
    _expect(world, measure, {"obligation": "recommendation"})


@step(
    "then",
    "details",
    nb="er <tjeneste> ansvarlig for <tiltak>",
    nn="er <teneste> ansvarleg for <tiltak>",
    en="<service> is responsible for <measure>",
    doc_nb="Hvem som har ansvaret for tiltaket.",
    doc_en="Who is responsible for the measure.",
    example_nb="Så er Nav-kontoret ansvarlig for melding til barnevernstjenesten",
    example_en="Then Nav office is responsible for report to the child welfare service",
)
def responsible_for(world: World, service: str, measure: str) -> None:
    _expect(world, measure, {"responsible": service})


@step(
    "then",
    "details",
    nb="skjer <tiltak> sammen med <tjenester>",
    nn="skjer <tiltak> saman med <tenester>",
    en="<measure> involves <services>",
    doc_nb="Tjenestene som samarbeider om tiltaket eller tar imot det (minst disse).",
    doc_en="The services that cooperate on or receive the measure (at least these).",
    example_nb="Så skjer vurdere akutt sikkerhet og beskyttelse sammen med politiet og krisesenter",
    example_en="Then assess acute safety and protection involves police and crisis centre",
)
def together_with(world: World, measure: str, services: str) -> None:
    _expect(world, measure, {"services": services})


@step(
    "then",
    "details",
    nb="har <tiltak> hastegraden <hastegrad>",
    nn="har <tiltak> hastegraden <hastegrad>",
    en="<measure> has urgency <urgency>",
    doc_nb="Hvor raskt tiltaket bør skje: straks, snart eller planlagt.",
    doc_en="How soon the measure should happen: immediately, soon or planned.",
    example_nb="Så har vurdere akutt sikkerhet og beskyttelse hastegraden straks",
    example_en="Then assess acute safety and protection has urgency immediately",
)
def has_urgency(world: World, measure: str, urgency: str) -> None:
    _expect(world, measure, {"urgency": urgency})


@step(
    "then",
    "details",
    nb="bygger <tiltak> på <hjemmel>",
    nn="byggjer <tiltak> på <heimel>",
    en="<measure> cites <legal basis>",
    doc_nb="Forslaget viser til hjemmelen (slik den gjelder på vurderingsdatoen). Uten ledd "
    "eller bokstav passer alle ledd og bokstaver i paragrafen.",
    doc_en="The suggestion cites the legal basis (as in force on the evaluation date). Without "
    "a paragraph or letter, any paragraph or letter of the section fits.",
    example_nb="Så bygger melding til barnevernstjenesten på barnevernsloven § 13-2",
    example_en="Then report to the child welfare service cites sosialtjenesteloven § 45",
)
def cites(world: World, measure: str, legal: str) -> None:
    _expect(world, measure, {"legal_basis": legal})


@step(
    "then",
    "details",
    nb="bygger <tiltak> ikke på <hjemmel>",
    nn="byggjer <tiltak> ikkje på <heimel>",
    en="<measure> does not cite <legal basis>",
    doc_nb="Tiltaket foreslås, men viser ikke til hjemmelen (for eksempel en lov som ikke "
    "gjaldt ennå).",
    doc_en="The measure is suggested but does not cite the legal basis (for example a law not "
    "yet in force).",
    example_nb="Så bygger melding til barnevernstjenesten ikke på barnevernloven (1992) § 6-4",
    example_en="Then report to the child welfare service does not cite bvl1992_6_4",
)
def does_not_cite(world: World, measure: str, legal: str) -> None:
    query = parse_reference(world, legal)
    _expect_none(
        world,
        measure,
        lambda s: any(query.matches(r) for r in s.legal_basis),
        "cites_anyway",
        reference=query.text,
    )


@step(
    "then",
    "details",
    nb="krever <tiltak> samtykke",
    nn="krev <tiltak> samtykke",
    en="<measure> requires consent",
    doc_nb="Tiltaket krever samtykke.",
    doc_en="The measure requires consent.",
    example_nb="Så krever kontakt med barnevernstjenesten etter samtykke samtykke",
    example_en="Then contact the child welfare service with consent requires consent",
)
def requires_consent(world: World, measure: str) -> None:
    _expect(world, measure, {"requires_consent": "ja"})


@step(
    "then",
    "details",
    nb="krever <tiltak> ikke samtykke",
    nn="krev <tiltak> ikkje samtykke",
    en="<measure> does not require consent",
    doc_nb="Tiltaket krever ikke samtykke (en plikt gjelder uten hinder av taushetsplikten).",
    doc_en="The measure needs no consent (a duty applies notwithstanding confidentiality).",
    example_nb="Så krever melding til barnevernstjenesten ikke samtykke",
    example_en="Then report to the child welfare service does not require consent",
)
def no_consent_needed(world: World, measure: str) -> None:
    _expect_none(world, measure, lambda s: s.requires_consent, "consent_anyway")


# -- expectations: unclear duties and questions ----------------------------------------------
def _unclear(world: World, measure: str, persons: str | None) -> tuple[str, list[Any]]:
    m = _measure(world, measure)
    found = [u for u in world.assessment.unclear_duties if u.measure == m]
    if persons:
        pids = world.persons(persons)
        found = [u for u in found if set(pids) <= set(u.persons)]
    return m, found


@step(
    "then",
    "unclear",
    nb="er <tiltak> en uavklart plikt[ for <personer>]",
    nn="er <tiltak> ei uavklart plikt[ for <personar>]",
    en="<measure> is an unclear duty[ for <persons>]",
    doc_nb="Plikten kan gjelde, men er uavklart fordi opplysninger mangler; familycase stiller "
    "spørsmål som avklarer den.",
    doc_en="The duty may apply but is unclear because information is missing; familycase asks "
    "questions that settle it.",
    example_nb='Så er varsle politiet (avvergingsplikt) en uavklart plikt for "mor"',
    example_en="Then alert the police (duty to avert) is an unclear duty",
)
def is_unclear(world: World, measure: str, persons: str | None = None) -> None:
    m, found = _unclear(world, measure, persons)
    if not found:
        label = world.label(world.vocab.measures, m)
        text = world.say("not_unclear", measure=label)
        if persons:
            text = world.say(
                "not_unclear_for", measure=label, persons=world.names_of(world.persons(persons))
            )
        duties = [s for s in world.assessment.duties if s.measure == m]
        if duties:
            text += "\n" + world.say("is_duty_instead", measure=label)
        raise world.fail(text + "\n" + world.describe_unclear())


@step(
    "then",
    "unclear",
    nb="er <tiltak> ikke en uavklart plikt[ for <personer>]",
    nn="er <tiltak> ikkje ei uavklart plikt[ for <personar>]",
    en="<measure> is not an unclear duty[ for <persons>]",
    doc_nb="Plikten er ikke uavklart (den gjelder klart, eller den gjelder ikke).",
    doc_en="The duty is not unclear (it clearly applies, or it does not apply).",
    example_nb="Så er melding til barnevernstjenesten ikke en uavklart plikt",
    example_en="Then report to the child welfare service is not an unclear duty",
)
def is_not_unclear(world: World, measure: str, persons: str | None = None) -> None:
    m, found = _unclear(world, measure, persons)
    if found:
        label = world.label(world.vocab.measures, m)
        questions = [t.get(world.lang) for u in found for t in u.questions]
        raise world.fail(
            world.say("unclear_anyway", measure=label, persons=world.names_of(found[0].persons))
            + "\n"
            + "\n".join(f"  - {q}" for q in questions)
        )


@step(
    "then",
    "unclear",
    nb="er ingen plikter uavklarte",
    nn="er ingen plikter uavklarte",
    en="no duty is unclear",
    doc_nb="Ingen plikter er uavklarte.",
    doc_en="No duty is unclear.",
    example_nb="Så er ingen plikter uavklarte",
    example_en="Then no duty is unclear",
)
def no_unclear(world: World) -> None:
    if world.assessment.unclear_duties:
        raise world.fail(world.say("some_unclear") + "\n" + world.describe_unclear())


def _asked(world: World, text: str) -> list[Any]:
    wanted = _words.fold(text)
    return [
        q
        for q in world.assessment.questions
        if any(wanted in _words.fold(q.text.get(lang)) for lang in LANGS)
    ]


@step(
    "then",
    "unclear",
    nb='stilles et spørsmål om "<tekst>"',
    nn='blir det stilt eit spørsmål om "<tekst>"',
    en='a question about "<text>" is asked',
    doc_nb="familycase stiller et spørsmål som inneholder teksten (på bokmål, nynorsk eller "
    "engelsk; store og små bokstaver spiller ingen rolle).",
    doc_en="familycase asks a question containing the text (in bokmål, nynorsk or English; "
    "case does not matter).",
    example_nb='Så stilles et spørsmål om "trygge akkurat nå"',
    example_en='Then a question about "safe right now" is asked',
)
def question_about(world: World, text: str) -> None:
    if not _asked(world, text):
        raise world.fail(world.say("not_asked", text=text) + "\n" + world.describe_questions())


@step(
    "then",
    "unclear",
    nb='stilles ingen spørsmål om "<tekst>"',
    nn='blir det ikkje stilt spørsmål om "<tekst>"',
    en='no question about "<text>" is asked',
    doc_nb="Ingen spørsmål inneholder teksten.",
    doc_en="No question contains the text.",
    example_nb='Så stilles ingen spørsmål om "tolk"',
    example_en='Then no question about "interpreter" is asked',
)
def no_question_about(world: World, text: str) -> None:
    found = _asked(world, text)
    if found:
        raise world.fail(
            world.say("asked_anyway", text=text) + "\n" + world.describe_questions(found)
        )


@step(
    "then",
    "unclear",
    nb="stilles et spørsmål som avklarer <tiltak>[ for <personer>]",
    nn="blir det stilt eit spørsmål som avklarar <tiltak>[ for <personar>]",
    en="a question is asked that settles <measure>[ for <persons>]",
    doc_nb="familycase stiller et spørsmål som avgjør om plikten til tiltaket gjelder.",
    doc_en="familycase asks a question that decides whether the duty to the measure applies.",
    example_nb="Så stilles et spørsmål som avklarer melding til barnevernstjenesten",
    example_en="Then a question is asked that settles alert the police (duty to avert)",
)
def question_settles(world: World, measure: str, persons: str | None = None) -> None:
    m = _measure(world, measure)
    found = [q for q in world.assessment.questions if q.settles == m]
    if persons:
        pids = world.persons(persons)
        found = [q for q in found if set(pids) <= set(q.persons)]
    if not found:
        label = world.label(world.vocab.measures, m)
        raise world.fail(
            world.say("no_settling_question", measure=label) + "\n" + world.describe_questions()
        )


@step(
    "then",
    "unclear",
    nb="stilles ingen spørsmål som avklarer <tiltak>",
    nn="blir det ikkje stilt spørsmål som avklarar <tiltak>",
    en="no question is asked that settles <measure>",
    doc_nb="Ingen spørsmål handler om plikten til tiltaket.",
    doc_en="No question is about the duty to the measure.",
    example_nb="Så stilles ingen spørsmål som avklarer melding til barnevernstjenesten",
    example_en="Then no question is asked that settles report to the child welfare service",
)
def no_question_settles(world: World, measure: str) -> None:
    m = _measure(world, measure)
    found = [q for q in world.assessment.questions if q.settles == m]
    if found:
        label = world.label(world.vocab.measures, m)
        raise world.fail(
            world.say("settling_question_anyway", measure=label)
            + "\n"
            + world.describe_questions(found)
        )


# -- expectations: rules ---------------------------------------------------------------------
def rule_id(world: World, text: str) -> str:
    """A rule's id, from its id or its title in any language."""
    written = _words.unquote(text)
    ids = [r.id for r in world.rulebook.rules]
    if written in ids:
        return written
    wanted = _words.fold(written)
    for r in world.rulebook.rules:
        if any(wanted == _words.fold(r.spec.title.get(lang)) for lang in LANGS):
            return r.id
    import difflib  # noqa: PLC0415

    close = difflib.get_close_matches(written, ids, n=3, cutoff=0.5)
    if not close:
        raise world.refuse("unknown_rule_no_close", rule=written)
    raise world.refuse("unknown_rule", rule=written, options=", ".join(close))


@step(
    "then",
    "rules",
    nb='slår regelen "<regel>" til',
    nn='slår regelen "<regel>" til',
    en='the rule "<rule>" fires',
    doc_nb="Regelen slo til for denne saken. (Du kan også merke scenarioet med @fyrer:<regel>.)",
    doc_en="The rule fired for this case. (You can also tag the scenario @fires:<rule>.)",
    example_nb='Så slår regelen "cw_duty_violence" til',
    example_en='Then the rule "cw_duty_violence" fires',
)
def rule_fires(world: World, rule: str) -> None:
    rid = rule_id(world, rule)
    if rid not in world.assessment.fired:
        raise world.fail(world.say("rule_did_not_fire", rule=rid) + "\n" + world.describe_fired())


@step(
    "then",
    "rules",
    nb='slår regelen "<regel>" ikke til',
    nn='slår regelen "<regel>" ikkje til',
    en='the rule "<rule>" does not fire',
    doc_nb="Regelen slo ikke til. (Eller merk scenarioet med @fyrer_ikke:<regel>.)",
    doc_en="The rule did not fire. (Or tag the scenario @does_not_fire:<rule>.)",
    example_nb='Så slår regelen "cw_duty_violence" ikke til',
    example_en='Then the rule "cw_duty_violence" does not fire',
)
def rule_does_not_fire(world: World, rule: str) -> None:
    rid = rule_id(world, rule)
    if rid in world.assessment.fired:
        raise world.fail(world.say("rule_fired", rule=rid) + "\n" + world.describe_suggestions())


# -- tags ------------------------------------------------------------------------------------
# The words, and what counts as a misspelt one, are shared with ``familycase check``.
FIRES_TAGS = check.FIRES_TAGS
NOT_FIRES_TAGS = check.NOT_FIRES_TAGS


def misspelt_rule_tags(tags: Sequence[str] | set[str] | frozenset[str], lang: Lang) -> str | None:
    """The message for the first tag that looks like ``@fyrer:<id>`` / ``@fyrer_ikke:<id>``
    with a word familycase does not know (``@fire:x``, ``@fires_not:x``), if any."""
    for tag in sorted(tags):
        found = check.misspelt_rule_tag(tag)
        if found is not None:
            _, rule, fires = found
            forms = check.rule_tag_forms(rule, fires)
            if lang == "en":  # the English word first
                forms.sort(key=lambda form: not form.startswith(("@fires:", "@does_not")))
            return say("unknown_rule_tag", lang, tag=tag, options=" / ".join(forms))
    return None


def rule_tags(tags: Sequence[str] | set[str] | frozenset[str]) -> list[tuple[bool, str]]:
    """``(fires, rule id)`` for each ``@fyrer:<id>`` / ``@fyrer_ikke:<id>`` tag."""
    out = []
    for tag in sorted(tags):
        kind, sep, rid = tag.partition(":")
        if sep and kind in FIRES_TAGS:
            out.append((True, rid))
        elif sep and kind in NOT_FIRES_TAGS:
            out.append((False, rid))
    return out


def check_rule_tags(world: World, tags: Sequence[str] | set[str] | frozenset[str]) -> None:
    """Check the scenario's ``@fyrer:``/``@fyrer_ikke:`` tags against the rules that fired."""
    for fires, written in rule_tags(tags):
        rid = rule_id(world, written)
        fired = rid in world.assessment.fired
        if fires and not fired:
            raise world.fail(
                world.say("tag_did_not_fire", rule=rid) + "\n" + world.describe_fired()
            )
        if not fires and fired:
            raise world.fail(world.say("tag_fired", rule=rid) + "\n" + world.describe_suggestions())
