"""Steps about the duty board and why not: a duty triggered or not (and why), a duty that
changed between two dates, and why a measure is not suggested (Then)."""

from __future__ import annotations

from familycase.assess.compare import compare
from familycase.assess.explanation import DutyEntry
from familycase.testing.steps.registry import read_date, step
from familycase.testing.world import World


def _entry(world: World, measure: str, person: str) -> tuple[str, str, DutyEntry | None]:
    m = world.word(world.vocab.measures, measure, "measure")
    pid = world.person(person)
    return m, pid, world.assessment.duty(m, pid)


def _board(world: World, measure: str) -> str:
    """The duty board's entries for ``measure``, for a failure message."""
    lang = world.lang
    status = world.vocab.terms["duty_status"]
    lines = [
        f"  - {world.names_of([d.person])}: {status.label(d.status, lang)}"
        + (f" ({d.reason.get(lang)})" if d.reason is not None else "")
        for d in world.assessment.duty_board
        if d.measure == measure
    ]
    return (
        "\n".join([world.say("duty_board_is"), *lines]) if lines else world.say("duty_board_empty")
    )


def _status(world: World, text: str) -> str:
    return world.word(world.vocab.terms["duty_status"], text, "duty status")


@step(
    "then",
    "duties",
    nb="er plikten <tiltak> utløst for <personer>",
    nn="er plikta <tiltak> utløyst for <personar>",
    en="the duty <measure> is triggered for <persons>",
    doc_nb="Plikten er utløst for hver av personene (pliktoversikten i vurderingen).",
    doc_en="The duty is triggered for each of the persons (the assessment's duty board).",
    example_nb='Så er plikten melding til barnevernstjenesten utløst for "Jon" og "Beth"',
    example_en='Then the duty report to the child welfare service is triggered for "Jon" '
    'and "Beth"',
)
def duty_triggered(world: World, measure: str, persons: str) -> None:
    for pid in world.persons(persons):
        m, _, entry = _entry(world, measure, f'"{world.names[pid]}"')
        if entry is None or entry.status != "triggered":
            label = world.label(world.vocab.measures, m)
            raise world.fail(
                world.say("duty_not_triggered", measure=label, person=world.names_of([pid]))
                + "\n"
                + _board(world, m)
            )


@step(
    "then",
    "duties",
    nb='er plikten <tiltak> ikke utløst for "<person>"[ fordi "<tekst>"]',
    nn='er plikta <tiltak> ikkje utløyst for "<person>"[ fordi "<tekst>"]',
    en='the duty <measure> is not triggered for "<person>"[ because "<text>"]',
    doc_nb="Pliktoversikten sier at plikten er vurdert for personen og ikke utløst (og "
    "begrunnelsen inneholder teksten).",
    doc_en="The duty board says the duty was considered for the person and is not triggered "
    "(and its reason contains the text).",
    example_nb='Så er plikten melding til barnevernstjenesten ikke utløst for "Tomas" fordi '
    '"under 18"',
    example_en='Then the duty report to the child welfare service is not triggered for "Tomas" '
    'because "under 18"',
)
def duty_not_triggered(world: World, measure: str, person: str, text: str | None = None) -> None:
    m, pid, entry = _entry(world, measure, f'"{person}"')
    label = world.label(world.vocab.measures, m)
    who = world.names_of([pid])
    if entry is None or entry.status != "not_triggered":
        key = "duty_not_on_board" if entry is None else "duty_is_status"
        status = world.vocab.terms["duty_status"]
        raise world.fail(
            world.say(
                key,
                measure=label,
                person=who,
                status=status.label(entry.status, world.lang) if entry else "",
            )
            + "\n"
            + _board(world, m)
        )
    reason = entry.reason.get(world.lang) if entry.reason is not None else ""
    if text is not None and text.casefold() not in reason.casefold():
        raise world.fail(world.say("reason_lacks", text=text, reason=reason))


@step(
    "then",
    "duties",
    nb='har plikten <tiltak> for "<person>" gått fra "<før>" til "<etter>" siden <dato>',
    nn='har plikta <tiltak> for "<person>" gått frå "<før>" til "<etter>" sidan <dato>',
    en='the duty <measure> for "<person>" went from "<before>" to "<after>" since <date>',
    doc_nb="Vurdert på den tidligere datoen hadde plikten den første statusen; nå har den den "
    "andre (utløst, uavklart eller ikke utløst).",
    doc_en="Evaluated on the earlier date the duty had the first status; now it has the second "
    "(triggered, unclear or not triggered).",
    example_nb='Så har plikten melding til barnevernstjenesten for "Jon" gått fra "utløst" til '
    '"ikke utløst" siden 1. oktober 2018',
    example_en='Then the duty report to the child welfare service for "Jon" went from '
    '"triggered" to "not triggered" since 1 October 2018',
)
def duty_changed(
    world: World, measure: str, person: str, before: str, after: str, when: str
) -> None:
    m, pid, now = _entry(world, measure, f'"{person}"')
    earlier_date = read_date(world, when)
    data = world.case_data()
    data["as_of"] = earlier_date.isoformat()
    import familycase  # noqa: PLC0415  (the package itself, as a user calls it)

    earlier = familycase.evaluate(data, rulebook=world.rulebook)
    then = earlier.duty(m, pid)
    status = world.vocab.terms["duty_status"]
    want_before, want_after = _status(world, before), _status(world, after)
    got_before = then.status if then is not None else None
    got_after = now.status if now is not None else None
    if (got_before, got_after) != (want_before, want_after):

        def shown(value: str | None) -> str:
            return status.label(value, world.lang) if value else world.say("none")

        reasons = [
            r.get(world.lang)
            for c in compare(earlier, world.assessment).of("duty")
            if c.measure == m and pid in c.persons
            for r in c.reasons
        ]
        raise world.fail(
            world.say(
                "duty_went",
                measure=world.label(world.vocab.measures, m),
                person=world.names_of([pid]),
                before=shown(got_before),
                after=shown(got_after),
            )
            + ("\n  " + "\n  ".join(reasons) if reasons else "")
        )


@step(
    "then",
    "duties",
    nb='forklarer familycase hvorfor <tiltak> ikke foreslås[ for "<person>"] med "<tekst>"',
    nn='forklarer familycase kvifor <tiltak> ikkje blir føreslått[ for "<person>"] med "<tekst>"',
    en='familycase explains why <measure> is not suggested[ for "<person>"] with "<text>"',
    doc_nb="Tiltaket er ikke foreslått, og den nærmeste regelens første vilkår som ikke er "
    "oppfylt, inneholder teksten (som i familycase explain --why-not).",
    doc_en="The measure is not suggested, and the nearest rule's first unmet condition contains "
    "the text (as in familycase explain --why-not).",
    example_nb="Så forklarer familycase hvorfor varsle politiet (avvergingsplikt) ikke foreslås "
    'for "Maria" med "alvorlig"',
    example_en="Then familycase explains why alert the police (duty to avert) is not suggested "
    'for "Maria" with "serious"',
)
def why_not(world: World, measure: str, text: str, person: str | None = None) -> None:
    m = world.word(world.vocab.measures, measure, "measure")
    pid = world.person(f'"{person}"') if person is not None else None
    why = world.assessment.why_not(m, pid)
    label = world.label(world.vocab.measures, m)
    if why.suggested:
        raise world.fail(world.say("why_not_but_suggested", measure=label))
    first = why.rules[0].failed[0].text.get(world.lang) if why.rules else ""
    if text.casefold() not in first.casefold():
        raise world.fail(world.say("reason_lacks", text=text, reason=first))
