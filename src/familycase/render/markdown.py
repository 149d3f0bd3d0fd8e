"""Markdown for people: an assessment as a report (``familycase evaluate --format markdown``).

Every text from a case or the rules is escaped for markdown: HTML special characters
become entities (a name like ``<script>`` is shown, never run) and the characters markdown
gives meaning to inline (backslash, backtick, ``* _ [ ] | ~``) get a backslash. Every
word a caseworker reads comes from the vocabularies, in nb, nn or en.

>>> import familycase
>>> from familycase.render.markdown import assessment_markdown
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> report = assessment_markdown(familycase.evaluate(s.case_at("phase1")), "en")
>>> report.startswith("## Assessment: maria") and "| **DUTY**<br>soon |" in report
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from familycase._text import Lang, join_names
from familycase.assess.assessment import Assessment, LegalReference, Suggestion
from familycase.case.model import Case
from familycase.render._args import ASSESSMENT, checked, expect
from familycase.render._labels import concern_labels, inferred_labels
from familycase.render.responsibility import FAMILY, cooperation, responsibility_table
from familycase.render.summary import (
    Summary,
    badge_legend,
    provision_note,
    status_badge,
    summarise,
)
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """``text`` escaped for markdown (inline, on one line)."""
    escaped = html.escape(str(text), quote=False)
    return _SPECIAL.sub(r"\\\1", " ".join(escaped.split()))


def _legal(refs: Sequence[LegalReference], lang: Lang, v: Vocabularies) -> str:
    parts = []
    for ref in refs:
        text = md(ref.citation.get(lang))
        if ref.status != "confirmed":
            text += f" (*{md(status_badge(ref.status, lang, v))}*)"
        parts.append(text)
    return "<br>".join(parts)


def _row(s: Suggestion, lang: Lang, v: Vocabularies) -> str:
    t = v.texts(lang)
    kind = md(v.terms["obligation"].label(s.obligation, lang))
    kind = f"**{kind.upper()}**" if s.obligation == "duty" else kind
    kind += f"<br>{md(v.terms['urgency'].label(s.urgency, lang))}"
    measure = f"**{md(s.label.get(lang))}**"
    if s.overrides_confidentiality:
        measure += f"<br>*{md(t('no_consent_needed'))}*"
    elif s.requires_consent:
        measure += f"<br>*{md(t('requires_consent'))}*"
    who = f"{md(v.services.label(s.responsible, lang))}"
    if s.services:
        others = ", ".join(v.services.label(x, lang) for x in s.services)
        who += f"<br>{md(t('cooperate_with'))}: {md(others)}"
    reasons = "<br>".join(f"– {md(r.text.get(lang))}" for r in s.reasons)
    legal = _legal(s.legal_basis, lang, v) or "–"
    return f"| {kind} | {measure} | {who} | {legal} | {reasons} |"


def summary_markdown(summary: Summary, lang: Lang, v: Vocabularies) -> list[str]:
    """The summary as markdown lines: duties, what to clarify now, who coordinates."""
    t = v.texts(lang)
    status = v.terms["duty_status"]
    out = [f"### {md(t('summary'))}", "", f"**{md(t('duties'))}**", ""]
    if not summary.duties:
        out.append(f"- {md(t('summary_no_duties'))}")
    for d in summary.duties:
        mark = md(status.label(d.status, lang))
        mark = f"**{mark.upper()}**" if d.status == "triggered" else f"*{mark}*"
        line = f"- {mark} · **{md(d.label)}**" + (f" – {md(d.persons)}" if d.persons else "")
        if d.urgency is not None:
            line += f" ({md(v.terms['urgency'].label(d.urgency, lang))})"
        if d.legal:
            line += " · " + _legal(d.legal, lang, v).replace("<br>", "; ")
        out.append(line)
        if d.status == "unclear":
            out += [f"  - ? {md(q)}" for q in d.details]
        elif d.details:
            out.append(f"  - {md(t('because'))}: {md(d.details[0])}")
    out += ["", f"**{md(t('summary_clarify_now'))}**", ""]
    out += [f"- ? {md(q)}" for q in summary.clarify] or [md(t("summary_nothing_urgent"))]
    if summary.coordinator is not None:
        out += ["", f"**{md(t('summary_coordinator'))}:** {md(summary.coordinator)}"]
    return out


def legend_markdown(summary: Summary, lang: Lang, v: Vocabularies) -> list[str]:
    """Every provision cited, with its title and status, and what the marks mean."""
    t = v.texts(lang)
    out: list[str] = []
    if summary.provisions:
        out += [f"### {md(t('legal_references'))}", ""]
        out += [
            f"- {md(ref.citation.get(lang))}: {md(provision_note(ref, lang, v))}"
            for ref in summary.provisions
        ]
        out.append("")
    out += [f"**{md(t('badge_legend'))}:** "]
    out[-1] += " · ".join(
        f"*{md(badge)}*: {md(meaning)}" if badge else md(meaning)
        for badge, meaning in badge_legend(lang, v)
    )
    return out


def assessment_markdown(
    assessment: Assessment,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    title: str | None = None,
    case: Case | None = None,
) -> str:
    """The assessment as a one-minute markdown report: the heading (``title``, a scenario
    phase's title, say; else the case id), the summary (duties, what to clarify now, who
    coordinates; ``case`` names the coordinator), the people with something recorded, the
    suggestions grouped by person (duties first), other questions, the responsibility map,
    the legal references with their titles, what the marks mean and the provenance.

    ``UsageError`` if ``assessment`` is not an ``Assessment``, ``case`` is neither a
    ``Case`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "assessment_markdown",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    if case is not None:
        expect("assessment_markdown", case, Case, "case= to be a familycase.Case or None")
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    a = assessment
    names = a.names
    summary = summarise(a, lang, v, case=case)

    def who(persons: Sequence[str]) -> str:
        return md(join_names([names.get(p, p) for p in persons], lang))

    heading = md(title) if title else f"{md(t('assessment'))}: {md(a.case_id)}"
    out = [
        f"## {heading} · {md(t('as_of'))} {a.as_of.isoformat()}",
        "",
        f"*{md(t('disclaimer'))}*",
        "",
        *summary_markdown(summary, lang, v),
        "",
        f"### {md(t('understanding'))}",
        "",
    ]
    for p in summary.people:
        age = f"{p.age} {t('age_years')}" if p.age is not None else t("age_unknown")
        line = f"- **{md(names.get(p.person, p.person))}** ({md(age)})"
        about = concern_labels(a, p.concerns, lang, v)
        exposed = concern_labels(a, p.exposed_to, lang, v)
        exposed += inferred_labels(a, p.exposed_through, lang, v)
        parts = [md(", ".join(about))] if about else []
        if exposed:
            parts.append(f"{md(t('exposed'))}: {md(', '.join(exposed))}")
        if p.services:
            services = ", ".join(v.services.label(s, lang) for s in p.services)
            parts.append(f"{md(t('services').lower())}: {md(services)}")
        out.append(line + (": " + "; ".join(parts) if parts else ""))
    out += ["", f"### {md(t('suggestions'))}", ""]
    if not a.suggestions:
        out.append(md(t("nothing_suggested")))
    groups: dict[tuple[str, ...], list[Suggestion]] = {}
    for s in a.suggestions:
        groups.setdefault(tuple(s.persons), []).append(s)
    heads = [t(h).capitalize() for h in ("obligation", "measure", "responsible")]
    heads += [t("legal_basis").capitalize(), t("reasons").capitalize()]
    for group, items in groups.items():
        heading = who(group) if group else md(t("family"))
        out += [f"#### {heading}", ""]
        out.append("| " + " | ".join(md(h) for h in heads) + " |")
        out.append("|" + "---|" * len(heads))
        out += [_row(s, lang, v) for s in items]
        out.append("")
    rest = [q for q in a.questions if q.urgency != "immediate"]
    if rest:
        out += [f"### {md(t('questions'))}", ""]
        out += [f"- {md(q.text.get(lang))}" for q in rest]
        out.append("")
    out += responsibility_markdown(a, lang, vocabularies=v).rstrip("\n").split("\n")
    out += ["", *legend_markdown(summary, lang, v)]
    prov = a.provenance
    out += [
        "",
        f"*{md(t('provenance'))}: familycase {md(t('version'))} {md(prov.library_version)} · "
        f"{md(t('rulebook'))} {md(prov.rulebook_hash[:12])} · {prov.as_of.isoformat()}*",
    ]
    return "\n".join(out) + "\n"


def responsibility_markdown(
    assessment: Assessment, lang: Lang = "nb", *, vocabularies: Vocabularies | None = None
) -> str:
    """The responsibility map as a markdown table (persons × services), with the services
    involved with nothing to do and the persons nobody is responsible for.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "responsibility_markdown",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    table = responsibility_table(assessment)
    names = assessment.names
    out = [f"### {md(t('responsibility_map'))}", ""]
    if not table.services:
        return "\n".join([*out, md(t("none")), ""])
    out.append(
        f"| {md(t('person'))} | "
        + " | ".join(md(v.services.label(s, lang)) for s in table.services)
        + " |"
    )
    out.append("|---|" + "---|" * len(table.services))
    for row in table.rows:
        person = md(t("family") if row == FAMILY else names.get(row, row))
        if row in table.unserved:
            person = f"**{person}** ⚠ {md(t('no_responsible_service'))}"
        cells = []
        for service in table.services:
            cell = table.cell(row, service)
            if cell.measures:
                cells.append("<br>".join(md(v.measures.label(m, lang)) for m in cell.measures))
            elif cell.cooperates:
                cells.append(f"*{md(cooperation(cell, lang, v))}*")
            elif cell.idle:
                cells.append(f"*{md(t('responsibility_idle'))}*")
            else:
                cells.append("")
        out.append(f"| {person} | " + " | ".join(cells) + " |")
    if table.idle_services:
        idle = ", ".join(v.services.label(s, lang) for s in table.idle_services)
        out += ["", f"**{md(t('responsibility_idle_services'))}:** {md(idle)}"]
    if table.unserved:
        who = join_names([names.get(p, p) for p in table.unserved], lang)
        out += ["", f"**{md(t('responsibility_unserved'))}:** {md(who)}"]
    return "\n".join(out) + "\n"
