"""Steps that look at the reasoning: reasons, duties per person, questions in order, age
groups, a legal basis's verification status, the responsibility map, and showing the
whole assessment (Then)."""

from __future__ import annotations

from familycase._text import LANGS
from familycase.assess.assessment import LegalReference
from familycase.render.text import render_assessment
from familycase.testing import _words
from familycase.testing.steps.expectations import parse_reference
from familycase.testing.steps.registry import Table, read_rows, step
from familycase.testing.world import World


def _measure(world: World, text: str) -> str:
    return world.word(world.vocab.measures, text, "measure")


@step(
    "then",
    "reasoning",
    nb='begrunnes <tiltak> med "<tekst>"',
    nn='blir <tiltak> grunngjeve med "<tekst>"',
    en='<measure> is explained by "<text>"',
    doc_nb="En av begrunnelsene for forslaget inneholder teksten (på bokmål, nynorsk eller "
    "engelsk; store og små bokstaver spiller ingen rolle).",
    doc_en="One of the suggestion's reasons contains the text (in bokmål, nynorsk or English; "
    "case does not matter).",
    example_nb='Så begrunnes melding til barnevernstjenesten med "grunn til å tro"',
    example_en='Then report to the child welfare service is explained by "reason to believe"',
)
def explained_by(world: World, measure: str, text: str) -> None:
    m = _measure(world, measure)
    found = [s for s in world.assessment.suggestions if s.measure == m]
    label = world.label(world.vocab.measures, m)
    if not found:
        raise world.fail(world.say("not_suggested", measure=label) + world.unclear_hint(m))
    wanted = _words.fold(text)
    reasons = [r for s in found for r in s.reasons]
    if any(wanted in _words.fold(r.text.get(lang)) for r in reasons for lang in LANGS):
        return
    lines = [f"  - {r.rule_id}: {r.text.get(world.lang)}" for r in reasons]
    raise world.fail(
        world.say("reason_missing", measure=label, text=text) + "\n" + "\n".join(lines)
    )


@step(
    "then",
    "reasoning",
    nb="stilles ingen spørsmål",
    nn="blir det ikkje stilt spørsmål",
    en="no question is asked",
    doc_nb="familycase stiller ingen spørsmål: alt som trengs for å avgjøre pliktene, er kjent.",
    doc_en="familycase asks no questions: everything needed to decide the duties is known.",
    example_nb="Så stilles ingen spørsmål",
    example_en="Then no question is asked",
)
def no_questions(world: World) -> None:
    if world.assessment.questions:
        raise world.fail(world.say("asked_questions") + "\n" + world.describe_questions())


@step(
    "then",
    "reasoning",
    nb='er det første spørsmålet om "<tekst>"',
    nn='er det første spørsmålet om "<tekst>"',
    en='the first question is about "<text>"',
    doc_nb="Spørsmålet familycase stiller først (det viktigste å avklare) inneholder teksten.",
    doc_en="The question familycase asks first (the most important to settle) contains the text.",
    example_nb='Så er det første spørsmålet om "trygge akkurat nå"',
    example_en='Then the first question is about "safe right now"',
)
def first_question(world: World, text: str) -> None:
    questions = world.assessment.questions
    wanted = _words.fold(text)
    if questions and any(wanted in _words.fold(questions[0].text.get(lg)) for lg in LANGS):
        return
    raise world.fail(world.say("not_first_question", text=text) + "\n" + world.describe_questions())


@step(
    "then",
    "reasoning",
    nb='er "<person>" i aldersgruppen <aldersgruppe>',
    nn='er "<person>" i aldersgruppa <aldersgruppe>',
    en='"<person>" is in the age group <age group>',
    doc_nb="Aldersgruppen familycase regner personen til på vurderingsdatoen: barn (under 18), "
    "ung voksen (18–25), voksen, eller alder ukjent.",
    doc_en="The age group familycase puts the person in on the evaluation date: child (under "
    "18), young adult (18–25), adult, or age unknown.",
    example_nb='Så er "Ida" i aldersgruppen ung voksen',
    example_en='Then "Ida" is in the age group child',
)
def age_group(world: World, person: str, age_group: str) -> None:
    pid = world.person(person)
    groups = world.vocab.by_name("age_group")
    wanted = world.word(groups, age_group, "age_group")
    summary = next((p for p in world.assessment.persons if p.person == pid), None)
    actual = summary.age_group if summary is not None else "unknown"
    if actual != wanted:
        age = summary.age if summary is not None else None
        raise world.fail(
            world.say(
                "wrong_age_group",
                person=world.name(pid),
                expected=world.label(groups, wanted),
                actual=world.label(groups, actual),
                age="?" if age is None else age,
                date=world.assessment.as_of.isoformat(),
            )
        )


def _references(world: World) -> list[LegalReference]:
    a = world.assessment
    refs = [r for s in a.suggestions for r in s.legal_basis]
    refs += [r for u in a.unclear_duties for r in u.legal_basis]
    return refs


@step(
    "then",
    "reasoning",
    nb="har hjemmelen <hjemmel> status <status>",
    nn="har heimelen <heimel> status <status>",
    en="the legal basis <legal basis> has status <status>",
    doc_nb="Hvor sikker kildegjennomgangen av hjemmelen er: bekreftet (i kilde), delvis "
    "bekreftet eller ikke bekreftet. Hjemmelen må være sitert i vurderingen.",
    doc_en="How well the legal basis is verified: confirmed (in a source), partly confirmed "
    "or not confirmed. The legal basis must be cited in the assessment.",
    example_nb="Så har hjemmelen sosialtjenesteloven § 45 status bekreftet",
    example_en="Then the legal basis sotjl_45 has status confirmed",
)
def legal_status(world: World, legal: str, verification: str) -> None:
    query = parse_reference(world, legal)
    statuses = world.vocab.by_name("verification")
    wanted = world.word(statuses, verification, "verification")
    refs = [r for r in _references(world) if query.matches(r)]
    if not refs:
        cited = world.citations(list({r.provision: r for r in _references(world)}.values()))
        raise world.fail(world.say("not_cited", reference=query.text, cited=cited))
    wrong = [r for r in refs if r.status != wanted]
    if wrong:
        raise world.fail(
            world.say(
                "wrong_status",
                reference=wrong[0].citation.get(world.lang),
                expected=world.label(statuses, wanted),
                actual=world.label(statuses, wrong[0].status),
            )
        )


@step(
    "then",
    "reasoning",
    nb="viser ansvarskartet:",
    nn="viser ansvarskartet:",
    en="the responsibility map shows:",
    doc_nb="Hvem som gjør hva: hver rad er en tjeneste og et tiltak den har ansvaret for "
    "(og eventuelt personen det gjelder). Kartet kan ha flere rader enn tabellen.",
    doc_en="Who does what: each row is a service and a measure it is responsible for (and "
    "perhaps the person concerned). The map may have more rows than the table.",
    example_nb="Så viser ansvarskartet:\n"
    "  | tjeneste     | tiltak                          | person |\n"
    "  | Nav-kontoret | melding til barnevernstjenesten | Ida    |",
    example_en="Then the responsibility map shows:\n"
    "  | service    | measure                                  |\n"
    "  | Nav office | report to the child welfare service |",
    table="responsibility",
)
def responsibility_map(world: World, datatable: Table | None = None) -> None:
    entries = world.assessment.responsibility
    for row in read_rows(world, datatable, "responsibility"):
        service = world.word(world.vocab.services, row["service"], "service")
        measure = _measure(world, row["measure"])
        person = world.person(row["person"]) if "person" in row else None
        if any(
            e.service == service
            and measure in e.measures
            and (person is None or e.person == person)
            for e in entries
        ):
            continue
        lines = [
            f"  - {world.label(world.vocab.services, e.service)}"
            + (f" ({world.name(e.person)})" if e.person else "")
            + ": "
            + ", ".join(world.label(world.vocab.measures, m) for m in e.measures)
            for e in entries
        ]
        raise world.fail(
            world.say(
                "not_in_map",
                service=world.label(world.vocab.services, service),
                measure=world.label(world.vocab.measures, measure),
            )
            + "\n"
            + ("\n".join(lines) or f"  - {world.say('none')}")
        )


@step(
    "then",
    "reasoning",
    nb="vis vurderingen",
    nn="vis vurderinga",
    en="show the assessment",
    doc_nb="Skriver ut hele vurderingen (forslag, plikter, spørsmål, begrunnelser) i rapporten "
    "fra pytest, også når scenarioet består. Nyttig når du skriver et nytt scenario.",
    doc_en="Prints the whole assessment (suggestions, duties, questions, reasons) in pytest's "
    "report, also when the scenario passes. Useful while writing a new scenario.",
    example_nb="Så vis vurderingen",
    example_en="Then show the assessment",
)
def show(world: World) -> None:
    text = render_assessment(world.assessment, world.lang, world.vocab)
    where = world.location.describe() if world.location else ""
    world.shown.append(f"{where}\n\n{text}")
