"""The one-minute summary of an assessment, shared by the HTML, Markdown and text reports.

What a caseworker must see first, worked out once so that every report says the same:

- the **duties**: triggered (with urgency and legal basis), unclear (with the questions that
  settle them) and, from the duty board, considered but not triggered (with why);
- what to **clarify now** (the questions marked immediate);
- **who coordinates** (the coordinator service in the case, or that nobody does yet);
- the **people** worth a row (those with a concern, an exposure or a service);
- every **provision** cited, once, with its title and status (the reports' legend).

Nothing is decided here; the texts come from the assessment and the vocabularies.

>>> import familycase
>>> from familycase.render.summary import summarise
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> summary = summarise(familycase.evaluate(s.case_at("phase1")), "en", case=s.case_at("phase1"))
>>> [(d.status, d.persons) for d in summary.duties]
[('triggered', 'Jon and Beth'), ('unclear', 'Maria'), ('not_triggered', 'Tomas')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from familycase._text import Lang, fill_map, join_names
from familycase.assess.assessment import Assessment, LegalReference, PersonSummary
from familycase.case.model import Case
from familycase.rules.vocabulary import Vocabularies

#: The measure whose suggestion says nobody coordinates yet (rules/vocabulary/measures.yaml).
APPOINT_COORDINATOR = "appoint_coordinator"


@dataclass(frozen=True)
class DutyLine:
    """One line of the summary's duty list."""

    status: str  # "triggered" | "unclear" | "not_triggered"
    label: str
    persons: str  # the names, joined ("Jon and Beth")
    urgency: str | None  # triggered: the urgency id
    legal: tuple[LegalReference, ...]
    details: tuple[str, ...]  # unclear: the settling questions; not triggered: why


@dataclass(frozen=True)
class Summary:
    """What comes first in every report (see the module docstring)."""

    duties: tuple[DutyLine, ...]
    clarify: tuple[str, ...]
    coordinator: str | None  # a sentence, or None when nothing is known about it
    people: tuple[PersonSummary, ...]
    provisions: tuple[LegalReference, ...]


def _who(a: Assessment, persons: Sequence[str], lang: Lang) -> str:
    return join_names([a.names.get(p, p) for p in persons], lang)


def summarise(
    a: Assessment, lang: Lang, v: Vocabularies | None = None, *, case: Case | None = None
) -> Summary:
    """The summary of ``a`` in ``lang``; ``case`` (the case assessed) names the coordinator."""
    from familycase.rules.vocabulary import load_vocabularies  # noqa: PLC0415

    v = v or load_vocabularies()
    duties: list[DutyLine] = []
    for s in a.duties:
        duties.append(
            DutyLine(
                "triggered",
                s.label.get(lang),
                _who(a, s.persons, lang) or v.text("family_inline").get(lang),
                s.urgency,
                tuple(s.legal_basis),
                (),
            )
        )
    for u in a.unclear_duties:
        duties.append(
            DutyLine(
                "unclear",
                u.label.get(lang),
                _who(a, u.persons, lang),
                None,
                tuple(u.legal_basis),
                tuple(q.get(lang) for q in u.questions),
            )
        )
    grouped: dict[tuple[str, str], list[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    for entry in a.duty_board:
        if entry.status != "not_triggered":
            continue
        reason = entry.reason.get(lang) if entry.reason is not None else ""
        key = (entry.measure, reason)
        grouped.setdefault(key, []).append(entry.person)
        labels[key] = entry.label.get(lang)
    for key, persons in grouped.items():
        duties.append(
            DutyLine(
                "not_triggered",
                labels[key],
                _who(a, persons, lang),
                None,
                (),
                (key[1],) if key[1] else (),
            )
        )
    settling = {q for d in duties for q in d.details if d.status == "unclear"}
    clarify = tuple(
        q.text.get(lang)
        for q in a.questions
        if q.urgency == "immediate" and q.text.get(lang) not in settling
    )
    people = tuple(
        p for p in a.persons if p.concerns or p.exposed_to or p.exposed_through or p.services
    )
    cited: dict[str, LegalReference] = {}
    for ref in [r for d in duties for r in d.legal] + [
        r for s in a.suggestions for r in s.legal_basis
    ]:
        cited.setdefault(ref.provision, ref)
    return Summary(
        tuple(duties), clarify, _coordinator(a, lang, v, case), tuple(people), tuple(cited.values())
    )


def _coordinator(a: Assessment, lang: Lang, v: Vocabularies, case: Case | None) -> str | None:
    t = v.texts(lang)
    if case is not None:
        active = [s for s in case.services if s.coordinator and s.status == "active"]
        if active:
            by_service: dict[str, list[str]] = {}
            for inv in active:
                by_service.setdefault(inv.service, []).append(inv.person)
            return "; ".join(
                fill_map(
                    t("summary_coordinator_is"),
                    {
                        "service": v.services.label(service, lang),
                        "persons": _who(a, persons, lang),
                    },
                )
                for service, persons in by_service.items()
            )
    suggested = a.suggestion(APPOINT_COORDINATOR)
    if suggested is not None:
        return fill_map(
            t("summary_coordinator_suggested"),
            {
                "measure": suggested.label.get(lang),
                "service": v.services.label(suggested.responsible, lang),
            },
        )
    return t("summary_no_coordinator") if case is not None else None


def provision_note(ref: LegalReference, lang: Lang, v: Vocabularies) -> str:
    """The provision's title, its status unless it is confirmed, and its note (what is not
    confirmed about it: also a confirmed provision may have one, such as a section number
    not cited), in ``lang``: the text behind a citation's hover, on paper and in the list
    of references."""
    text = ref.title.get(lang)
    if ref.status != "confirmed":
        text += f" – {v.terms['verification'].label(ref.status, lang)}"
    note = status_note(ref, lang)
    if note:
        text += f". {note}"
    return text


def status_note(ref: LegalReference, lang: Lang) -> str | None:
    """The note on ``ref`` in ``lang`` (rules/law/provisions.yaml), or ``None``. A reference
    read from an assessment of contract 1.0.0 has only the English ``note``: it is shown in
    English only, never in an nb or nn report."""
    if ref.notes is not None:
        return ref.notes.get(lang)
    return ref.note if lang == "en" else None


def badge_legend(lang: Lang, v: Vocabularies) -> list[tuple[str, str]]:
    """What each badge means: (badge text, meaning), ending with what no badge means."""
    t = v.texts(lang)
    obligation, urgency = v.terms["obligation"], v.terms["urgency"]
    return [
        (obligation.label("duty", lang), t("badge_duty_means")),
        (obligation.label("recommendation", lang), t("badge_recommendation_means")),
        (urgency.label("immediate", lang), t("badge_immediate_means")),
        (status_badge("partly", lang, v), t("badge_partly_means")),
        (status_badge("unconfirmed", lang, v), t("badge_unconfirmed_means")),
        ("", t("badge_none_means")),
    ]


def status_badge(status: str, lang: Lang, v: Vocabularies) -> str:
    """The short badge of a verification status other than confirmed ("partly confirmed")."""
    return v.text(f"badge_{status}").get(lang)
