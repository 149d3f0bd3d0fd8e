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
from familycase.render._args import ASSESSMENT, checked
from familycase.render._labels import concern_labels, inferred_labels
from familycase.render.responsibility import FAMILY, cooperation, responsibility_table
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
            text += f" (*{md(v.terms['verification'].label(ref.status, lang))}*)"
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


def assessment_markdown(
    assessment: Assessment, lang: Lang = "nb", *, vocabularies: Vocabularies | None = None
) -> str:
    """The assessment as a markdown report: the situation per person, what to clarify first,
    unclear duties, the suggestions grouped by person (duties first), other questions, the
    responsibility map and the provenance.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "assessment_markdown",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    a = assessment
    names = a.names

    def who(persons: Sequence[str]) -> str:
        return md(join_names([names.get(p, p) for p in persons], lang))

    out = [
        f"## {md(t('assessment'))}: {md(a.case_id)} · {md(t('as_of'))} {a.as_of.isoformat()}",
        "",
        f"*{md(t('disclaimer'))}*",
        "",
        f"### {md(t('understanding'))}",
        "",
    ]
    for p in a.persons:
        age = f"{p.age} {t('age_years')}" if p.age is not None else t("age_unknown")
        line = f"- **{md(names.get(p.person, p.person))}** ({md(age)})"
        about = concern_labels(a, p.concerns, lang, v)
        exposed = concern_labels(a, p.exposed_to, lang, v)
        exposed += inferred_labels(a, p.exposed_through, lang, v)
        parts = [md(", ".join(about))] if about else []
        if exposed:
            parts.append(f"{md(t('exposed'))}: {md(', '.join(exposed))}")
        out.append(line + (": " + "; ".join(parts) if parts else ""))
    first = [q for q in a.questions if q.urgency == "immediate"]
    if first:
        out += ["", f"### {md(t('clarify_first'))}", ""]
        out += [f"- {md(q.text.get(lang))}" for q in first]
    if a.unclear_duties:
        out += ["", f"### {md(t('unclear_duties'))}", ""]
        for duty in a.unclear_duties:
            persons = f" – {who(duty.persons)}" if duty.persons else ""
            out.append(f"- **{md(duty.label.get(lang))}**{persons}")
            if duty.legal_basis:
                out.append(f"  - {md(t('legal_basis'))}: {_legal(duty.legal_basis, lang, v)}")
            out += [f"  - {md(q.get(lang))}" for q in duty.questions]
    not_triggered = [d for d in a.duty_board if d.status == "not_triggered"]
    if not_triggered:
        out += ["", f"### {md(t('duties_not_triggered'))}", ""]
        for entry in not_triggered:
            out.append(f"- **{md(entry.label.get(lang))}** – {who([entry.person])}")
            if entry.reason is not None:
                out.append(f"  - {md(t('because'))}: {md(entry.reason.get(lang))}")
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
