"""Steps that describe the family and its date, and the step that evaluates it (Given, When)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from familycase.testing import _words
from familycase.testing.steps.registry import (
    Table,
    read_age,
    read_bool,
    read_date,
    read_rows,
    step,
)
from familycase.testing.world import World


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
    world.as_of = world.case_date = read_date(world, when)
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
    "case",
    nb='saken i "<fil>"',
    nn='saka i "<fil>"',
    en='the case in "<file>"',
    doc_nb="Start fra en saksfil (JSON eller YAML, som i docs/case-format.md), med sakens dato. "
    "Du kan legge til mer med stegene under; personene heter det de heter i filen (navn "
    "eller id).",
    doc_en="Start from a case file (JSON or YAML, as in docs/case-format.md), on the case's "
    "date. You can add more with the steps below; the persons are named as in the file (name "
    "or id).",
    example_nb='Gitt saken i "saker/familie.json"',
    example_en='Given the case in "cases/family.yaml"',
)
def case_file(world: World, file: str) -> None:
    world.load_case_file(file)


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
    rows = read_rows(world, datatable, "persons")
    seen: dict[str, str] = {}
    for row in rows:
        folded = _words.fold(_words.unquote(row["person"]))
        if folded in seen:
            raise world.refuse("person_twice", person=row["person"], first=seen[folded])
        seen[folded] = row["person"]
    for row in rows:
        pid = world.add_person(row["person"])
        if "age" in row:
            world.set_age(pid, read_age(world, row["age"]))
        if "born" in row:
            world.set_birth_date(pid, read_date(world, row["born"]))
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
    world.set_age(pid, read_age(world, age))


@step(
    "given",
    "persons",
    nb='[at ]"<person>" er gravid med termin <dato>',
    nn='[at ]"<person>" er gravid med termin <dato>',
    en='"<person>" is pregnant, due <date>',
    doc_nb="Personen er gravid, med termin (forventet fødselsdato) på datoen. Det ufødte barnet "
    "er ingen person i saken.",
    doc_en="The person is pregnant, due (expected date of birth) on the date. The unborn child "
    "is no person of the case.",
    example_nb='Gitt at "Sara" er gravid med termin 1. september 2025',
    example_en='Given "Sara" is pregnant, due 2025-09-01',
)
def pregnant(world: World, person: str, when: str) -> None:
    world.set_pregnant(world.person(person), read_date(world, when))


@step(
    "given",
    "persons",
    nb='[at ]"<person>" søker om <tiltak>',
    nn='[at ]"<person>" søkjer om <tiltak>',
    en='"<person>" applies for <measure>',
    doc_nb="Personen har søkt om et tiltak (det personen ber om, ikke det Nav foreslår).",
    doc_en="The person has applied for a measure (what the person asks for, not what Nav "
    "suggests).",
    example_nb='Gitt at "Geir" søker om økonomisk stønad',
    example_en='Given "Geir" applies for financial assistance',
)
def applies_for(world: World, person: str, measure: str) -> None:
    world.add_application(
        world.person(person), world.word(world.vocab.measures, measure, "measure")
    )


@step(
    "given",
    "persons",
    nb='[at ]"<person>" har fortalt hva hen selv mener',
    nn='[at ]"<person>" har fortalt kva hen sjølv meiner',
    en='"<person>" has given their own view',
    doc_nb="Personens egen mening er registrert (ordene står ikke i testen).",
    doc_en="The person's own view is recorded (the words are not part of the test).",
    example_nb='Gitt at "Ida" har fortalt hva hen selv mener',
    example_en='Given "Ida" has given their own view',
)
def view_given(world: World, person: str) -> None:
    world.set_view(world.person(person), "-")


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
    doc_nb="Flere relasjoner i en tabell: fra, relasjon, til og eventuelt kvalitet, "
    "foreldreansvar (ja/nei) og daglig omsorg (ja/nei) for omsorgsrelasjoner.",
    doc_en="Several relations in a table: from, relation, to and optionally quality, parental "
    "responsibility (yes/no) and daily care (yes/no) for caregiving relations.",
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
    for row in read_rows(world, datatable, "relations"):
        kind = world.word(world.vocab.relation_kinds, row["kind"], "relation")
        quality = None
        if "quality" in row:
            quality = world.word(world.vocab.by_name("relation_quality"), row["quality"], "quality")
        from_, to = world.person(row["from"]), world.person(row["to"])
        world.add_relation(kind, from_, to, quality)
        for field in ("parental_responsibility", "daily_care"):
            if field in row:
                world.set_care(from_, to, field, read_bool(world, row[field]))


# -- care: parental responsibility and daily care --------------------------------
@step(
    "given",
    "persons",
    nb='[at ]"<person>" [?negated:ikke ]har foreldreansvar for "<annen person>"',
    nn='[at ]"<person>" [?negated:ikkje ]har foreldreansvar for "<anna person>"',
    en='"<person>" [?negated:does not ]{has|have} parental responsibility for "<other person>"',
    doc_nb="Om en forelder (eller annen omsorgsperson) har foreldreansvar for barnet. Under "
    "terskelen for opplysningsplikt trengs samtykke fra foreldrene med foreldreansvar; er det "
    "ikke registrert, spør familycase alle foreldrene. Relasjonen må finnes fra før.",
    doc_en="Whether a parent (or other carer) has parental responsibility for the child. Below "
    "the threshold of the duty to inform, consent is needed from the parents with parental "
    "responsibility; when it is not recorded, familycase asks every parent. The relation must "
    "exist already.",
    example_nb='Gitt at "far" ikke har foreldreansvar for "Ida"',
    example_en='Given "father" does not have parental responsibility for "Ida"',
)
def parental_responsibility(
    world: World, person: str, other: str, negated: str | None = None
) -> None:
    world.set_care(
        world.person(person), world.person(other), "parental_responsibility", negated is None
    )


@step(
    "given",
    "persons",
    nb='[at ]"<person>" [?negated:ikke ]har daglig omsorg for "<annen person>"',
    nn='[at ]"<person>" [?negated:ikkje ]har dagleg omsorg for "<anna person>"',
    en='"<person>" [?negated:does not ]{has|have} daily care of "<other person>"',
    doc_nb="Om barnet bor hos og får omsorg fra personen til daglig. Uten dette regnes det å "
    "bo i samme husstand som daglig omsorg. En forelder barnet bare er hos i samværshelger, "
    "har ikke daglig omsorg; en forelder med daglig omsorg som bor et annet sted en tid, har "
    "det fortsatt. Relasjonen må finnes fra før.",
    doc_en="Whether the child lives with and is cared for by the person day to day. Without "
    "it, living in the same household counts as daily care. A parent the child only visits on "
    "contact weekends has no daily care; a parent with daily care who lives elsewhere for a "
    "time still has it. The relation must exist already.",
    example_nb='Gitt at "far" ikke har daglig omsorg for "Ida"',
    example_en='Given "mother" has daily care of "Ida"',
)
def daily_care(world: World, person: str, other: str, negated: str | None = None) -> None:
    world.set_care(world.person(person), world.person(other), "daily_care", negated is None)


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
    for row in read_rows(world, datatable, "households"):
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
        # -- dates that decide urgency --
        prefix = next((p for p in _words.LAST_INCIDENT if word.startswith(p)), None)
        if prefix is not None:
            out["last_incident"] = read_date(world, raw.strip()[len(prefix) :]).isoformat()
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


_CONCERN_DOC_NB = (
    "En bekymring: hva slags, hos hvem (hvem sin atferd eller situasjon det er: den som "
    "har rusproblemet, den som utøver volden) og hvem som er utsatt. «hos» og «fra» betyr "
    "det samme; skriv «fra» om vold og overgrep. Uten parentes er bekymringen meldt, "
    "pågående, med ukjent alvorlighet, meldt av personen selv, og det er ukjent om den har "
    "gjentatt seg. I parentes kan du endre dette: mistanke/konkrete holdepunkter/meldt/"
    "bekreftet, pågående/tidligere/løst, moderat/alvorlig, gjentatt/ikke gjentatt, en kilde "
    "(politiet, skole ...), «meldt av» en person eller tjeneste og «sist skjedd» en dato "
    "(når det sist skjedde)."
)
_CONCERN_DOC_EN = (
    "A concern: its kind, whose behaviour or situation it is ('by' or 'in': the person with "
    "the substance-use problem, the person who uses the violence) and who is exposed. "
    "Without parentheses it is reported, current, of unknown severity, told by the person "
    "themselves, and unknown whether it was repeated. In parentheses you may change this: "
    "suspected/concrete indications/reported/confirmed, current/past/resolved, "
    "moderate/serious, repeated/not repeated, a source (police, school ...), 'reported by' "
    "a person or service and 'last incident' a date (when it last happened)."
)


@step(
    "given",
    "concerns",
    nb='[at det er ]en bekymring for "<bekymring>" {hos|fra} <personer>'
    "[, der <utsatte> er {utsatt|utsatte}][ (<egenskaper>)]",
    nn='[at det er ]{ei uro|ei bekymring} for "<uro>" {hos|hjå|frå} <personar>'
    "[, der <utsette> er {utsett|utsette}][ (<eigenskapar>)]",
    en='a concern of "<concern>" {by|in} <persons>[, with <exposed> exposed][ (<details>)]',
    doc_nb=_CONCERN_DOC_NB,
    doc_en=_CONCERN_DOC_EN,
    example_nb='Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", '
    'der "mor" er utsatt (alvorlig, gjentatt, sist skjedd 28. mai 2025)',
    example_en='Given a concern of "substance-use problem" in "mother" (suspected, '
    "reported by school)",
)
def concern(
    world: World,
    concern: str,
    persons: str,
    exposed: str | None = None,
    details: str | None = None,
) -> None:
    _concern(world, concern, persons, exposed, details)


def _concern(
    world: World, kind: str, persons: str, exposed: str | None, details: str | None
) -> None:
    world.word(world.vocab.concern_kinds, kind, "concern")  # the kind first: it is the word
    fields = _concern_details(world, details) if details else {}
    _add_concern(world, kind, world.persons(persons), world.persons(exposed or ""), fields)


@step(
    "given",
    "concerns",
    nb='[at det er ]en bekymring for "<bekymring>" som gjelder <personer>'
    "[, der <utsatte> er {utsatt|utsatte}][ (<egenskaper>)]",
    nn='[at det er ]{ei uro|ei bekymring} for "<uro>" som gjeld <personar>'
    "[, der <utsette> er {utsett|utsette}][ (<eigenskapar>)]",
    en='a concern of "<concern>" about <persons>[, with <exposed> exposed][ (<details>)]',
    doc_nb="Den gamle ordlyden («som gjelder»/«about»): virker som «hos», men gir en "
    "advarsel, fordi den leses lett feil vei (en bekymring for vold «som gjelder» et barn "
    "er ikke vold mot barnet, men vold barnet utøver).",
    doc_en="The old wording ('som gjelder'/'about'): works as 'by', with a warning, because "
    "it is easily read the wrong way (a concern of violence 'about' a child is not violence "
    "against the child but violence the child uses).",
    example_nb='Gitt en bekymring for "rusproblem" som gjelder "mor"',
    example_en='Given a concern of "substance-use problem" about "mother"',
    replaced_by="concern",
)
def concern_old_wording(
    world: World,
    concern: str,
    persons: str,
    exposed: str | None = None,
    details: str | None = None,
) -> None:
    world.warn("old_concern_wording")
    _concern(world, concern, persons, exposed, details)


@step(
    "given",
    "concerns",
    nb="bekymringene:",
    nn=("uroa:", "bekymringane:"),
    en="the concerns:",
    doc_nb="Flere bekymringer i en tabell. Bare «bekymring» og «hos» (eller «fra») må være "
    "med; tomme celler betyr standardverdien (meldt, pågående, ukjent alvorlighet, "
    "personen selv). «sist skjedd» er datoen det sist skjedde.",
    doc_en="Several concerns in a table. Only 'concern' and 'by' (or 'in') are required; "
    "empty cells mean the default (reported, current, severity unknown, the person "
    "themselves). 'last incident' is the date it last happened.",
    example_nb="Gitt bekymringene:\n"
    "  | bekymring      | hos | utsatt | sikkerhet | alvorlighet | gjentatt | kilde    |\n"
    "  | vold mot barn  | far | Ida    | meldt     | alvorlig    | ja       | politiet |\n"
    "  | rusproblem     | mor |        | mistanke  |             |          | skole    |",
    example_en="Given the concerns:\n"
    "  | concern             | by     | exposed | certainty | status  |\n"
    "  | threats of violence | father | mother  | reported  | current |",
    table="concerns",
)
def concerns_table(world: World, datatable: Table | None = None) -> None:
    if datatable and any(_words.fold(h) in _words.OLD_CONCERN_HEADINGS for h in datatable[0]):
        world.warn("old_concern_column")
    for row in read_rows(world, datatable, "concerns"):
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
                    fields["repeated"] = read_bool(world, row["repeated"])
        if "last_incident" in row:
            fields["last_incident"] = read_date(world, row["last_incident"]).isoformat()
        _add_concern(
            world,
            row["kind"],
            world.persons(row["about"]),
            world.persons(row.get("exposed", "")),
            fields,
        )


# -- dated events -----------------------------------------------------------------
@step(
    "given",
    "concerns",
    nb='[at det er ]en hendelse "<hendelse>" som gjelder <personer>[,] {den|på} <dato>',
    nn='[at det er ]ei hending "<hending>" som gjeld <personar>[,] {den|på} <dato>',
    en='an event "<event>" concerning <persons>[,] on <date>',
    doc_nb="Noe som skal skje (eller nettopp har skjedd) på en dato, og som avgjør hvor mye "
    "saken haster: utkastelse, reise til utlandet, løslatelse eller utskriving fra "
    "institusjon, rettsmøte eller nemndsmøte. Nevn alle den gjelder (alle i husstanden som "
    "kastes ut, hvert barn som skal reise).",
    doc_en="Something that will happen (or has just happened) on a date and decides how urgent "
    "the case is: eviction, travel abroad, release from prison or discharge from an "
    "institution, a court or board hearing. Name everyone it concerns (each member of a "
    "household being evicted, each child who travels).",
    example_nb='Gitt en hendelse "utkastelse" som gjelder "mor" og "Ida" den 10. juni 2025',
    example_en='Given an event "travel abroad" concerning "Amina" on 2025-06-20',
)
def event(world: World, event: str, persons: str, when: str) -> None:
    world.add(
        "events",
        {
            "id": world.new_id("events", "e"),
            "kind": world.word(world.vocab.by_name("event_kind"), event, "event"),
            "persons": world.persons(persons),
            "on": read_date(world, when).isoformat(),
        },
    )


# -- services and consents -------------------------------------------------------------------
def _add_services(
    world: World,
    persons: str,
    service: str,
    status: str,
    coordinator: bool = False,
    level: str | None = None,
) -> None:
    sid = world.word(world.vocab.services, service, "service")
    for pid in world.persons(persons):
        item: dict[str, Any] = {
            "service": sid,
            "person": pid,
            "status": status,
            "coordinator": coordinator,
        }
        if level is not None:
            item["level"] = level
        world.add("services", item)


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
    nb="[at ]<personer> har kontakt med barnevernstjenesten: <nivå>",
    nn="[at ]<personar> har kontakt med barnevernstenesta: <nivå>",
    en="<persons> {is|are} in contact with the child welfare service: <level>",
    doc_nb="Barnevernstjenesten er aktiv for barnet, på et nivå: melding mottatt, "
    "undersøkelse, hjelpetiltak, plassering utenfor hjemmet, omsorgsovertakelse eller "
    "ettervern.",
    doc_en="The child welfare service is active for the child, at a level: report received, "
    "investigation, support measures, placement outside the home, care order or aftercare.",
    example_nb='Gitt at "Ida" har kontakt med barnevernstjenesten: undersøkelse',
    example_en='Given "Ida" is in contact with the child welfare service: support measures',
)
def child_welfare_level(world: World, persons: str, level: str) -> None:
    found = world.word(world.vocab.by_name("child_welfare_level"), level, "level")
    _add_services(world, persons, "child_welfare", "active", False, found)


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
    "avsluttet; tom = aktiv), koordinerer (ja/nei) og, for barnevernstjenesten, nivå "
    "(melding mottatt, undersøkelse, hjelpetiltak, plassering utenfor hjemmet, "
    "omsorgsovertakelse, ettervern).",
    doc_en="Several services in a table: service, person(s), status (active, waiting, ended; "
    "empty = active), coordinates (yes/no) and, for child welfare, level (report received, "
    "investigation, support measures, placement outside the home, care order, aftercare).",
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
    for row in read_rows(world, datatable, "services"):
        status = "active"
        if "status" in row:
            status = world.word(world.vocab.by_name("involvement_status"), row["status"], "status")
        coordinator = read_bool(world, row["coordinator"]) if "coordinator" in row else False
        level = None
        if "level" in row:
            level = world.word(world.vocab.by_name("child_welfare_level"), row["level"], "level")
        _add_services(world, row["persons"], row["service"], status, coordinator, level)


# -- reports already made to child welfare ----------------------------------------
@step(
    "given",
    "services",
    nb="[at ]<tjeneste> meldte bekymring for <personer> til barnevernstjenesten <dato>",
    nn="[at ]<teneste> melde uro for <personar> til barnevernstenesta <dato>",
    en="<service> reported a concern about <persons> to the child welfare service on <date>",
    doc_nb="En melding til barnevernstjenesten som allerede er sendt: hvem som meldte (en "
    "tjeneste, for eksempel Nav-kontoret), hvilke barn den gjaldt og datoen. "
    "Opplysningsplikten gjelder fortsatt for det som er nytt.",
    doc_en="A report already made to the child welfare service: who made it (a service, such "
    "as the Nav office), which children it was about and the date. The duty to inform still "
    "applies to what is new.",
    example_nb='Gitt at Nav-kontoret meldte bekymring for "Ida" til barnevernstjenesten '
    "1. mai 2025",
    example_en='Given the Nav office reported a concern about "Ida" to the child welfare '
    "service on 2025-05-01",
)
def report_made(world: World, service: str, persons: str, when: str) -> None:
    world.add(
        "reports",
        {
            "id": world.new_id("reports", "report"),
            "concerning": world.persons(persons),
            "by": world.word(world.vocab.services, service, "service"),
            "on": read_date(world, when).isoformat(),
        },
    )


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
    for row in read_rows(world, datatable, "consents"):
        item: dict[str, Any] = {
            "given_by": world.person(row["given_by"]),
            "share_with": world.words(world.vocab.services, row["share_with"], "service"),
            "concerning": world.persons(row.get("concerning", "")),
        }
        for key in ("given_on", "withdrawn_on"):
            if key in row:
                item[key] = read_date(world, row[key]).isoformat()
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
    world.as_of = read_date(world, when)
    world.evaluate()
