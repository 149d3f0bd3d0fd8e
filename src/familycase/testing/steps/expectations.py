"""Steps that say what familycase must suggest, ask or cite, and which rules fire (Then)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from familycase._text import LANGS
from familycase.assess.assessment import LegalReference, Question, Suggestion, UnclearDuty
from familycase.testing import _words
from familycase.testing.steps.registry import Table, read_bool, read_pairs, read_rows, step
from familycase.testing.world import World


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
            world.say("not_suggested", measure=label)
            + world.unclear_hint(m)
            + "\n"
            + world.describe_suggestions()
        )
    if persons:
        pids = world.persons(persons)
        matching = [s for s in found if set(pids) <= set(s.persons)]
        if not matching:
            raise world.fail(
                world.say("not_suggested_for", measure=label, persons=world.names_of(pids))
                + world.unclear_hint(m, pids)
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
    nb=(
        "foreslås ingen plikter[ for <personer>]",
        "foreslår familycase ingen plikter[ for <personer>]",
    ),
    nn="føreslår familycase ingen plikter[ for <personar>]",
    en="familycase suggests no duties[ for <persons>]",
    doc_nb="Ingen av forslagene er en plikt (for noen av disse personene).",
    doc_en="None of the suggestions is a duty (for any of these persons).",
    example_nb='Så foreslås ingen plikter for "mor"',
    example_en="Then familycase suggests no duties",
)
def no_duties(world: World, persons: str | None = None) -> None:
    duties = world.assessment.duties
    if persons:
        pids = set(world.persons(persons))
        duties = [d for d in duties if pids & set(d.persons)]
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
    law_id = _law(world, law_text, written)
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
    return RefQuery(written, law=law_id, section=section, paragraph=paragraph, letter=letter)


def law_in_force(world: World, law_id: str) -> bool:
    """Whether the act is in force on the evaluation date (``valid_from``/``valid_until``)."""
    when = world.as_of
    entry = world.vocab.laws[law_id]
    start, end = entry.attr("valid_from"), entry.attr("valid_until")
    if when is None:
        return True
    return (start is None or when.isoformat() >= start) and (end is None or when.isoformat() <= end)


def _law(world: World, text: str, written: str) -> str:
    """The act a citation names; a name several acts share (``barnevernloven``, ``bvl``)
    is the one in force on the evaluation date."""
    found = _words.lookup(world.vocab.laws, text.strip().rstrip(","))
    if found.id is not None:
        return found.id
    if found.ambiguous:
        in_force = [c for c in found.candidates if law_in_force(world, c)]
        if len(in_force) == 1:
            return in_force[0]
    raise world.refuse("unknown_reference", reference=written, example="sosialtjenesteloven § 45")


def wrong_act_hint(world: World, query: RefQuery) -> str:
    """A hint when a citation names an act not in force on the evaluation date, or names a
    provision of such an act (``barnevernloven (1992) § 6-4`` in 2025): which act is."""
    law = query.law
    if query.provision is not None:
        entries = world.rulebook.provisions.entries
        law = entries[query.provision].law if query.provision in entries else None
    if law is None or law not in world.vocab.laws or law_in_force(world, law):
        return ""
    entry = world.vocab.laws[law]
    others = [
        other
        for other in world.vocab.laws
        if other != law
        and law_in_force(world, other)
        and set(_words.synonyms(world.vocab.laws, other))
        & set(_words.synonyms(world.vocab.laws, law))
    ]
    return world.say(
        "wrong_act",
        law=world.label(world.vocab.laws, law),
        date=world.as_of.isoformat() if world.as_of else "",
        period=world.say("in_force_from", start=entry.attr("valid_from"))
        if world.as_of is not None and world.as_of.isoformat() < (entry.attr("valid_from") or "")
        else world.say("in_force_until", end=entry.attr("valid_until")),
        instead=", ".join(f"«{world.label(world.vocab.laws, o)}»" for o in others)
        or world.say("none"),
    )


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
                if hint := wrong_act_hint(world, query):
                    out.append(hint)
    if "requires_consent" in fields:
        wanted_consent = read_bool(world, fields["requires_consent"])
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
    _expect(world, measure, read_pairs(world, datatable))


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
    for row in read_rows(world, datatable, "suggestion"):
        if "measure" not in row:
            raise world.refuse(
                "missing_column", column=_words.SUGGESTION_COLUMNS[0].heading(world.lang)
            )
        _expect(world, row["measure"], row)


@step(
    "then",
    "details",
    nb="er <tiltak> en plikt[ for <personer>]",
    nn="er <tiltak> ei plikt[ for <personar>]",
    en="<measure> is a duty[ for <persons>]",
    doc_nb="Tiltaket foreslås som en plikt (loven krever det), for disse personene (og "
    "kanskje flere). Er plikten bare uavklart, sier feilmeldingen det, og hvilke spørsmål som "
    "avklarer den.",
    doc_en="The measure is suggested as a duty (the law requires it), for these persons (and "
    "perhaps others). When the duty is only unclear, the failure says so and which questions "
    "settle it.",
    example_nb='Så er melding til barnevernstjenesten en plikt for "Ida"',
    example_en="Then report to the child welfare service is a duty",
)
def is_duty(world: World, measure: str, persons: str | None = None) -> None:
    fields = {"obligation": "duty"}
    if persons:
        fields["for"] = persons
    _expect(world, measure, fields)


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
    doc_nb="Tiltaket krever ikke samtykke. Om det gjelder uten hinder av taushetsplikt, følger "
    "av hjemmelen, ikke av at det er en plikt.",
    doc_en="The measure needs no consent. Whether it applies notwithstanding confidentiality "
    "follows from its legal basis, not from its being a duty.",
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
    nb='slår regelen "<regel>" til[ for <personer>]',
    nn='slår regelen "<regel>" til[ for <personar>]',
    en='the rule "<rule>" fires[ for <persons>]',
    doc_nb="Regelen slo til for denne saken (og for disse personene: et forslag, et spørsmål "
    "eller en uavklart plikt fra regelen gjelder dem). Regel-id-ene står i listen «Regler» "
    "under. (Du kan også merke scenarioet med @fyrer:<regel>.)",
    doc_en="The rule fired for this case (and for these persons: a suggestion, question or "
    "unclear duty of the rule concerns them). The rule ids are in the list 'Rules' below. "
    "(You can also tag the scenario @fires:<rule>.)",
    example_nb='Så slår regelen "cw_duty_violence" til for "Ida"',
    example_en='Then the rule "cw_duty_violence" fires',
)
def rule_fires(world: World, rule: str, persons: str | None = None) -> None:
    rid = rule_id(world, rule)
    if rid not in world.assessment.fired:
        raise world.fail(world.say("rule_did_not_fire", rule=rid) + "\n" + world.describe_fired())
    if persons:
        a = world.assessment
        items: list[Suggestion | Question | UnclearDuty] = [
            *a.suggestions,
            *a.questions,
            *a.unclear_duties,
        ]
        concerned = {p for item in items if rid in item.rule_ids for p in item.persons}
        missing = [p for p in world.persons(persons) if p not in concerned]
        if missing:
            raise world.fail(
                world.say(
                    "rule_not_for",
                    rule=rid,
                    persons=world.names_of(missing),
                    concerned=world.names_of(sorted(concerned)),
                )
            )


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
