"""Plain-text rendering of cases and assessments for people, in nb, nn or en."""

from __future__ import annotations

from collections.abc import Sequence

from familycase._text import Lang, fill_map, join_names
from familycase.assess.assessment import Assessment, LegalReference, Suggestion
from familycase.case.graph import CaseGraph
from familycase.case.model import Case
from familycase.render._args import ASSESSMENT, CASE, checked, expect
from familycase.render._labels import concern_labels, inferred_labels
from familycase.render.summary import (
    Summary,
    badge_legend,
    provision_note,
    status_badge,
    summarise,
)
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

_INDENT = "  "


def _names(names: dict[str, str], persons: Sequence[str], lang: Lang) -> str:
    return join_names([names.get(p, p) for p in persons], lang)


def render_case(case: Case, lang: Lang = "nb", vocab: Vocabularies | None = None) -> str:
    """The case as it stands: persons, households, relations, concerns, services, consents,
    dated events.

    ``UsageError`` if ``case`` is not a ``Case`` or ``lang`` is not nb, nn or en.
    """
    lang = checked("render_case", case, Case, CASE, lang)
    v = vocab or load_vocabularies()
    t = v.texts(lang)
    graph = CaseGraph(case, v)
    names = {p.id: p.name for p in case.persons}
    out = [f"{t('case')}: {case.id} · {t('as_of')}: {case.as_of.isoformat()}", ""]
    out.append(t("persons"))
    for person in case.persons:
        age = graph.age(person.id)
        if age is None:
            described = t("age_unknown")
        else:
            group = v.terms["age_group"].label(graph.age_group(person.id), lang)
            described = f"{age} {t('age_years')} ({group})"
        out.append(f"{_INDENT}{person.name} [{person.id}] – {described}")
    out.append("")
    out.append(t("households"))
    if not case.households:
        out.append(f"{_INDENT}{t('none')}")
    for household in case.households:
        out.append(f"{_INDENT}{household.id}: {_names(names, household.members, lang)}")
    alone = [p.id for p in case.persons if graph.household_of(p.id) is None]
    if alone and case.households:
        out.append(f"{_INDENT}{_names(names, alone, lang)}: {t('lives_alone')}")
    out.append("")
    out.append(t("relations"))
    current = [r for r in case.relations if r.current(case.as_of)]
    if not current:
        out.append(f"{_INDENT}{t('none')}")
    for rel in current:
        tie = [v.terms["relation_quality"].label(rel.quality, lang)] if rel.quality else []
        # care: only what is recorded
        if rel.parental_responsibility is not None:
            tie.append(
                t(
                    "parental_responsibility"
                    if rel.parental_responsibility
                    else "no_parental_responsibility"
                )
            )
        if rel.daily_care is not None:
            tie.append(t("daily_care" if rel.daily_care else "no_daily_care"))
        quality = f" ({', '.join(tie)})" if tie else ""
        out.append(
            f"{_INDENT}{names[rel.from_]} → {names[rel.to]}: "
            f"{v.relation_kinds.label(rel.kind, lang)}{quality}"
        )
    out.append("")
    out.append(t("concerns"))
    if not case.concerns:
        out.append(f"{_INDENT}{t('none')}")
    for concern in case.concerns:
        details = ", ".join(
            [
                v.terms["concern_status"].label(concern.status, lang),
                v.terms["certainty"].label(concern.certainty, lang),
                f"{t('source')}: {v.terms['source'].label(concern.source, lang)}",
            ]
        )
        if concern.last_incident is not None:  # dates that decide urgency
            date = concern.last_incident.isoformat()
            details += ", " + fill_map(t("last_incident_on"), {"date": date})
        line = (
            f"{_INDENT}{v.concern_kinds.label(concern.kind, lang)} – {t('about')} "
            f"{_names(names, concern.about, lang)}"
        )
        if concern.exposed:
            line += f"; {t('exposed')}: {_names(names, concern.exposed, lang)}"
        out.append(f"{line} ({details})")
    out.append("")
    out.append(t("services"))
    if not case.services:
        out.append(f"{_INDENT}{t('none')}")
    for inv in case.services:
        status = v.terms["involvement_status"].label(inv.status, lang)
        if inv.coordinator:
            status += f", {t('coordinator')}"
        if inv.level is not None:
            status += f", {v.terms['child_welfare_level'].label(inv.level, lang)}"
        out.append(
            f"{_INDENT}{v.services.label(inv.service, lang)} – {names[inv.person]} ({status})"
        )
    if case.consents:
        out.append("")
        out.append(t("consents"))
        for consent in case.consents:
            services = ", ".join(v.services.label(s, lang) for s in consent.share_with)
            notes = []
            if consent.concerning:
                notes.append(f"{t('about')} {_names(names, consent.concerning, lang)}")
            if consent.withdrawn_on is not None and consent.withdrawn_on <= case.as_of:
                date = consent.withdrawn_on.isoformat()
                notes.append(fill_map(t("consent_withdrawn_on"), {"date": date}))
            elif consent.given_on is not None and consent.given_on > case.as_of:
                date = consent.given_on.isoformat()  # not yet given on the case's date
                notes.append(fill_map(t("consent_given_on"), {"date": date}))
            note = f" ({'; '.join(notes)})" if notes else ""
            out.append(f"{_INDENT}{names[consent.given_by]} → {services}{note}")
    if case.reports:  # reports already made to child welfare
        out.append("")
        out.append(t("reports_made"))
        for report in case.reports:
            by = names.get(report.by) or v.services.label(report.by, lang)
            out.append(
                f"{_INDENT}{report.on.isoformat()}: {_names(names, report.concerning, lang)} "
                f"({t('report_by')} {by})"
            )
    if case.events:  # dated events; the note is free text and not shown
        out.append("")
        out.append(t("events"))
        event_kinds = v.by_name("event_kind")
        for event in sorted(case.events, key=lambda e: (e.on, e.id)):
            days = (event.on - case.as_of).days
            if days == 0:
                when = t("event_today")
            elif days > 0:
                when = fill_map(t("event_days_until"), {"n": str(days)})
            else:
                when = fill_map(t("event_days_since"), {"n": str(-days)})
            out.append(
                f"{_INDENT}{event.on.isoformat()} ({when}): "
                f"{event_kinds.label(event.kind, lang)} – {_names(names, event.persons, lang)}"
            )
    return "\n".join(out) + "\n"


def _legal(refs: Sequence[LegalReference], lang: Lang, v: Vocabularies) -> str:
    parts = []
    for ref in refs:
        text = ref.citation.get(lang)
        if ref.status != "confirmed":
            text += f" ({status_badge(ref.status, lang, v)})"
        parts.append(text)
    return "; ".join(parts)


def _suggestion(s: Suggestion, a: Assessment, lang: Lang, v: Vocabularies) -> list[str]:
    t = v.texts(lang)
    tag = v.terms["obligation"].label(s.obligation, lang).upper()
    urgency = v.terms["urgency"].label(s.urgency, lang)
    lines = [f"{_INDENT * 2}[{tag} · {urgency}] {s.label.get(lang)}"]
    who = f"{t('responsible')}: {v.services.label(s.responsible, lang)}"
    if s.services:
        who += f"; {t('cooperate_with')}: " + ", ".join(
            v.services.label(x, lang) for x in s.services
        )
    lines.append(f"{_INDENT * 3}{who}")
    if s.legal_basis:
        lines.append(f"{_INDENT * 3}{t('legal_basis')}: {_legal(s.legal_basis, lang, v)}")
    if s.overrides_confidentiality:
        lines.append(f"{_INDENT * 3}{t('no_consent_needed')}")
    elif s.requires_consent:
        lines.append(f"{_INDENT * 3}{t('requires_consent')}")
    for reason in s.reasons:
        lines.append(f"{_INDENT * 3}– {reason.text.get(lang)}")
    return lines


def summary_lines(summary: Summary, lang: Lang, v: Vocabularies) -> list[str]:
    """The summary as text lines: duties, what to clarify now, who coordinates."""
    t = v.texts(lang)
    status = v.terms["duty_status"]
    out = [f"{t('summary').upper()}", f"{_INDENT}{t('duties')}"]
    if not summary.duties:
        out.append(f"{_INDENT * 2}{t('summary_no_duties')}")
    marks = {"triggered": "§", "unclear": "§?", "not_triggered": "–"}
    for d in summary.duties:
        label = status.label(d.status, lang)
        label = label.upper() if d.status == "triggered" else label
        line = f"{_INDENT * 2}{marks[d.status]} [{label}] {d.label}"
        line += f" – {d.persons}" if d.persons else ""
        if d.urgency is not None:
            line += f" ({v.terms['urgency'].label(d.urgency, lang)})"
        out.append(line)
        if d.legal:
            out.append(f"{_INDENT * 3}{t('legal_basis')}: {_legal(d.legal, lang, v)}")
        if d.status == "unclear":
            out += [f"{_INDENT * 3}? {q}" for q in d.details]
        elif d.details:
            out.append(f"{_INDENT * 3}{t('because')}: {d.details[0]}")
    out.append(f"{_INDENT}{t('summary_clarify_now')}")
    out += [f"{_INDENT * 2}! {q}" for q in summary.clarify] or [
        f"{_INDENT * 2}{t('summary_nothing_urgent')}"
    ]
    if summary.coordinator is not None:
        out.append(f"{_INDENT}{t('summary_coordinator')}: {summary.coordinator}")
    return out


def legend_lines(summary: Summary, lang: Lang, v: Vocabularies) -> list[str]:
    """Every provision cited, with its title and status, and what the marks mean."""
    t = v.texts(lang)
    out: list[str] = []
    if summary.provisions:
        out += ["", t("legal_references")]
        out += [
            f"{_INDENT}{ref.citation.get(lang)}: {provision_note(ref, lang, v)}"
            for ref in summary.provisions
        ]
    out += ["", t("badge_legend")]
    out += [
        f"{_INDENT}{badge}: {meaning}" if badge else f"{_INDENT}{meaning}"
        for badge, meaning in badge_legend(lang, v)
    ]
    return out


def render_assessment(
    assessment: Assessment,
    lang: Lang = "nb",
    vocab: Vocabularies | None = None,
    *,
    title: str | None = None,
    case: Case | None = None,
) -> str:
    """The assessment for people, summary first: the heading (``title``, a scenario phase's
    title, say; else the case id); the duties, what to clarify now and who coordinates
    (``case`` names the coordinator); the people with something recorded; the suggestions
    by person; other questions; the responsibility map; the legal references with their
    titles; what the marks mean; the provenance.

    ``UsageError`` if ``assessment`` is not an ``Assessment``, ``case`` is neither a
    ``Case`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "render_assessment",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    if case is not None:
        expect("render_assessment", case, Case, "case= to be a familycase.Case or None")
    v = vocab or load_vocabularies()
    t = v.texts(lang)
    a = assessment
    names = a.names
    summary = summarise(a, lang, v, case=case)
    heading = title or f"{t('assessment')}: {a.case_id}"
    out = [
        f"{heading} · {t('as_of')}: {a.as_of.isoformat()}",
        t("disclaimer"),
        "",
        *summary_lines(summary, lang, v),
        "",
        t("understanding"),
    ]
    out.extend(_understanding(a, summary, lang, v))
    out += ["", t("suggestions")]
    if not a.suggestions:
        out.append(f"{_INDENT}{t('nothing_suggested')}")
    groups: dict[tuple[str, ...], list[Suggestion]] = {}
    for s in a.suggestions:
        groups.setdefault(tuple(s.persons), []).append(s)
    for persons, items in groups.items():
        heading = _names(names, list(persons), lang) if persons else t("family")
        out.append(f"{_INDENT}{heading}")
        for s in items:
            out.extend(_suggestion(s, a, lang, v))
    rest = [q for q in a.questions if q.urgency != "immediate"]
    if rest:
        out += ["", t("questions")]
        out += [f"{_INDENT}? {q.text.get(lang)}" for q in rest]
    if a.responsibility:
        out += ["", t("responsibility_map")]
        for entry in a.responsibility:
            who = names.get(entry.person, entry.person) if entry.person else t("family")
            measures = ", ".join(v.measures.label(m, lang) for m in entry.measures)
            out.append(f"{_INDENT}{who} · {v.services.label(entry.service, lang)}: {measures}")
    out += legend_lines(summary, lang, v)
    p = a.provenance
    out += [
        "",
        f"{t('provenance')}: familycase {t('version')} {p.library_version} · "
        f"{t('rulebook')} {p.rulebook_hash[:12]} · {p.as_of.isoformat()}",
    ]
    return "\n".join(out) + "\n"


def _understanding(a: Assessment, summary: Summary, lang: Lang, v: Vocabularies) -> list[str]:
    """One line per person with something recorded: age, the concerns about them, those
    they are exposed to and their services."""
    t = v.texts(lang)
    out = []
    for person in summary.people:
        age = f"{person.age} {t('age_years')}" if person.age is not None else t("age_unknown")
        line = f"{_INDENT}{a.names.get(person.person, person.person)} ({age})"
        about = concern_labels(a, person.concerns, lang, v)
        exposed = concern_labels(a, person.exposed_to, lang, v)
        exposed += inferred_labels(a, person.exposed_through, lang, v)
        parts = []
        if about:
            parts.append(", ".join(about))
        if exposed:
            parts.append(f"{t('exposed')}: " + ", ".join(exposed))
        if person.services:
            services = ", ".join(v.services.label(x, lang) for x in person.services)
            parts.append(f"{t('services').lower()}: {services}")
        out.append(line + (": " + "; ".join(parts) if parts else ""))
    return out
