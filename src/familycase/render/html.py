"""HTML for people: assessments, cases, scenarios and the scenario player's phases.

Fragments (``assessment_html``, ``case_html``, ``scenario_html``,
``responsibility_html``) are what Jupyter shows for ``Assessment``, ``Case`` and
``Scenario``; ``document`` wraps a fragment as a standalone page (``familycase evaluate
--format html``). Every text is escaped (``html.escape`` with ``quote=True``): a name like
``<script>`` is shown as those characters. Every word a caseworker reads comes from the
vocabularies (``rules/vocabulary/``), in nb, nn or en. Styles are inline in a ``<style>``
block whose rules only apply inside ``.fc``.

>>> import familycase
>>> from familycase.render.html import assessment_html
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> page = assessment_html(familycase.evaluate(s.case_at("phase1")), "en")
>>> "report to the child welfare service" in page and "<script" not in page
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from familycase._text import Lang, join_names
from familycase.assess.assessment import Assessment, LegalReference, Suggestion
from familycase.case.model import Case
from familycase.render._args import ASSESSMENT, CASE, checked, expect
from familycase.render._labels import concern_labels, inferred_labels
from familycase.render.responsibility import FAMILY, cooperation, responsibility_table
from familycase.render.svg import ecomap_svg, esc
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.case.scenario import Scenario
    from familycase.render.player import PhaseView

STYLE = """<style>
.fc{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;
line-height:1.4;max-width:1100px}
.fc h2,.fc h3,.fc h4{margin:.8em 0 .3em}
.fc table{border-collapse:collapse;margin:.3em 0 .8em;font-size:.92em}
.fc th,.fc td{border:1px solid #d5dbe1;padding:.3em .5em;text-align:left;vertical-align:top}
.fc th{background:#f3f6fa}
.fc ul{margin:.2em 0 .6em 1.2em;padding:0}
.fc .fc-muted{color:#6b7785}
.fc .fc-badge{display:inline-block;border-radius:.7em;padding:0 .5em;font-size:.85em;
font-weight:600;white-space:nowrap}
.fc .fc-duty{background:#b42318;color:#fff}
.fc .fc-rec{background:#e4e9ef;color:#1f2933}
.fc .fc-immediate{background:#b54708;color:#fff}
.fc .fc-warn{background:#fef0c7;color:#7a2e0e}
.fc .fc-new{background:#d1fadf;color:#05603a}
.fc .fc-gone{background:#fee4e2;color:#912018}
.fc .fc-changed{background:#fef0c7;color:#7a2e0e}
.fc .fc-flag td:first-child{border-left:4px solid #b42318}
.fc .fc-idle{color:#7a2e0e;background:#fffaeb}
.fc svg{max-width:100%;height:auto}
</style>"""


def _names(names: dict[str, str], persons: Sequence[str], lang: Lang) -> str:
    return join_names([names.get(p, p) for p in persons], lang)


def legal_html(refs: Sequence[LegalReference], lang: Lang, v: Vocabularies) -> str:
    """Legal references, each with its verification status when it is not confirmed."""
    parts = []
    for ref in refs:
        text = esc(ref.citation.get(lang))
        if ref.status != "confirmed":
            status = v.terms["verification"].label(ref.status, lang)
            text += f' <span class="fc-badge fc-warn">{esc(status)}</span>'
        parts.append(text)
    return "<br>".join(parts)


def obligation_badge(s: Suggestion, lang: Lang, v: Vocabularies) -> str:
    """The 'duty'/'recommendation' and urgency badges of a suggestion."""
    kind = "fc-duty" if s.obligation == "duty" else "fc-rec"
    label = esc(v.terms["obligation"].label(s.obligation, lang))
    urgency = esc(v.terms["urgency"].label(s.urgency, lang))
    hurry = "fc-immediate" if s.urgency == "immediate" else "fc-rec"
    return (
        f'<span class="fc-badge {kind}">{label}</span> '
        f'<span class="fc-badge {hurry}">{urgency}</span>'
    )


def suggestion_cells(s: Suggestion, lang: Lang, v: Vocabularies) -> str:
    """The table cells of one suggestion: type, measure, who, legal basis, reasons."""
    t = v.texts(lang)
    measure = f"<strong>{esc(s.label.get(lang))}</strong>"
    if s.overrides_confidentiality:
        measure += f'<br><span class="fc-muted">{esc(t("no_consent_needed"))}</span>'
    elif s.requires_consent:
        measure += f'<br><span class="fc-badge fc-warn">{esc(t("requires_consent"))}</span>'
    who = f"{esc(t('responsible'))}: <strong>{esc(v.services.label(s.responsible, lang))}</strong>"
    if s.services:
        others = ", ".join(v.services.label(x, lang) for x in s.services)
        who += f"<br>{esc(t('cooperate_with'))}: {esc(others)}"
    reasons = "".join(f"<li>{esc(r.text.get(lang))}</li>" for r in s.reasons)
    return (
        f"<td>{obligation_badge(s, lang, v)}</td><td>{measure}</td><td>{who}</td>"
        f"<td>{legal_html(s.legal_basis, lang, v) or '–'}</td><td><ul>{reasons}</ul></td>"
    )


def _suggestion_head(t: Callable[[str], str]) -> str:
    heads = ("obligation", "measure", "responsible", "legal_basis", "reasons")
    return "<tr>" + "".join(f"<th>{esc(t(h).capitalize())}</th>" for h in heads) + "</tr>"


def assessment_html(
    assessment: Assessment,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    title: str | None = None,
) -> str:
    """The assessment as an HTML fragment: the situation per person, what to clarify first,
    unclear duties, the suggestions grouped by person (duties first) with their reasons and
    legal basis, other questions, the responsibility map and the provenance. The heading
    names ``title`` (a scenario phase's title, say), else the case id.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked("assessment_html", assessment, Assessment, ASSESSMENT, lang)
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    a = assessment
    names = a.names
    out = [STYLE, '<div class="fc">']
    out.append(
        f"<h3>{esc(t('assessment'))}: {esc(title or a.case_id)} · {esc(t('as_of'))} "
        f"{esc(a.as_of.isoformat())}</h3>"
        f'<p class="fc-muted">{esc(t("disclaimer"))}</p>'
    )
    out.append(f"<h4>{esc(t('understanding'))}</h4>")
    out.append(
        f"<table><tr><th>{esc(t('person'))}</th><th>{esc(t('concerns'))}</th>"
        f"<th>{esc(t('exposed').capitalize())}</th><th>{esc(t('services'))}</th></tr>"
    )
    for p in a.persons:
        age = f"{p.age} {t('age_years')}" if p.age is not None else t("age_unknown")
        about = ", ".join(concern_labels(a, p.concerns, lang, v))
        exposed = ", ".join(
            concern_labels(a, p.exposed_to, lang, v)
            + inferred_labels(a, p.exposed_through, lang, v)
        )
        services = ", ".join(v.services.label(s, lang) for s in p.services)
        out.append(
            f"<tr><td><strong>{esc(names.get(p.person, p.person))}</strong> "
            f'<span class="fc-muted">({esc(age)})</span></td><td>{esc(about)}</td>'
            f"<td>{esc(exposed)}</td><td>{esc(services)}</td></tr>"
        )
    out.append("</table>")
    first = [q for q in a.questions if q.urgency == "immediate"]
    if first:
        out.append(f"<h4>{esc(t('clarify_first'))}</h4><ul>")
        out += [f"<li>{esc(q.text.get(lang))}</li>" for q in first]
        out.append("</ul>")
    if a.unclear_duties:
        out.append(f"<h4>{esc(t('unclear_duties'))}</h4><ul>")
        for duty in a.unclear_duties:
            who = _names(names, duty.persons, lang)
            item = f"<strong>{esc(duty.label.get(lang))}</strong>" + (
                f" – {esc(who)}" if who else ""
            )
            if duty.legal_basis:
                item += f"<br>{esc(t('legal_basis'))}: {legal_html(duty.legal_basis, lang, v)}"
            item += "<ul>" + "".join(f"<li>{esc(q.get(lang))}</li>" for q in duty.questions)
            out.append(f"<li>{item}</ul></li>")
        out.append("</ul>")
    not_triggered = [d for d in a.duty_board if d.status == "not_triggered"]
    if not_triggered:
        out.append(f"<h4>{esc(t('duties_not_triggered'))}</h4><ul>")
        for entry in not_triggered:
            item = f"<strong>{esc(entry.label.get(lang))}</strong> – "
            item += esc(names.get(entry.person, entry.person))
            if entry.reason is not None:
                item += f"<br>{esc(t('because'))}: {esc(entry.reason.get(lang))}"
            out.append(f"<li>{item}</li>")
        out.append("</ul>")
    out.append(f"<h4>{esc(t('suggestions'))}</h4>")
    if not a.suggestions:
        out.append(f"<p>{esc(t('nothing_suggested'))}</p>")
    groups: dict[tuple[str, ...], list[Suggestion]] = {}
    for s in a.suggestions:
        groups.setdefault(tuple(s.persons), []).append(s)
    for persons, items in groups.items():
        heading = _names(names, list(persons), lang) if persons else t("family")
        out.append(f'<table class="fc-suggestions"><caption><strong>{esc(heading)}</strong>')
        out.append(f"</caption>{_suggestion_head(t)}")
        out += [f"<tr>{suggestion_cells(s, lang, v)}</tr>" for s in items]
        out.append("</table>")
    rest = [q for q in a.questions if q.urgency != "immediate"]
    if rest:
        out.append(f"<h4>{esc(t('questions'))}</h4><ul>")
        out += [f"<li>{esc(q.text.get(lang))}</li>" for q in rest]
        out.append("</ul>")
    out.append(responsibility_html(a, lang, vocabularies=v, styled=False))
    prov = a.provenance
    out.append(
        f'<p class="fc-muted">{esc(t("provenance"))}: familycase {esc(t("version"))} '
        f"{esc(prov.library_version)} · {esc(t('rulebook'))} {esc(prov.rulebook_hash[:12])} · "
        f"{esc(prov.as_of.isoformat())}</p></div>"
    )
    return "".join(out)


def responsibility_html(
    assessment: Assessment,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    styled: bool = True,
) -> str:
    """The responsibility map as an HTML table (persons × services): each cell lists the
    measures the service holds; services involved with nothing to do, and persons with
    concerns but no responsible service, are marked.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "responsibility_html",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    table = responsibility_table(assessment)
    names = assessment.names
    out = [STYLE, '<div class="fc">'] if styled else []
    out.append(f"<h4>{esc(t('responsibility_map'))}</h4>")
    if not table.services:
        out.append(f"<p>{esc(t('none'))}</p>")
    else:
        out.append(f"<table><tr><th>{esc(t('person'))}</th>")
        for service in table.services:
            idle = ' class="fc-idle"' if service in table.idle_services else ""
            out.append(f"<th{idle}>{esc(v.services.label(service, lang))}</th>")
        out.append("</tr>")
        for row in table.rows:
            flagged = row in table.unserved
            who = t("family") if row == FAMILY else names.get(row, row)
            cells = []
            for service in table.services:
                cell = table.cell(row, service)
                if cell.measures:
                    items = "".join(
                        f"<li>{esc(v.measures.label(m, lang))}</li>" for m in cell.measures
                    )
                    cells.append(f"<td><ul>{items}</ul></td>")
                elif cell.cooperates:
                    cells.append(f"<td><em>{esc(cooperation(cell, lang, v))}</em></td>")
                elif cell.idle:
                    cells.append(f'<td class="fc-idle">{esc(t("responsibility_idle"))}</td>')
                else:
                    cells.append("<td></td>")
            mark = (
                f'<br><span class="fc-badge fc-duty">{esc(t("no_responsible_service"))}</span>'
                if flagged
                else ""
            )
            row_class = ' class="fc-flag"' if flagged else ""
            out.append(
                f"<tr{row_class}><td><strong>{esc(who)}</strong>{mark}</td>{''.join(cells)}</tr>"
            )
        out.append("</table>")
    if table.idle_services:
        idle = ", ".join(v.services.label(s, lang) for s in table.idle_services)
        out.append(
            f'<p><span class="fc-badge fc-warn">{esc(t("responsibility_idle_services"))}</span> '
            f"{esc(idle)}</p>"
        )
    if table.unserved:
        who = _names(names, list(table.unserved), lang)
        out.append(
            f'<p><span class="fc-badge fc-duty">{esc(t("responsibility_unserved"))}</span> '
            f"{esc(who)}</p>"
        )
    if styled:
        out.append("</div>")
    return "".join(out)


def case_html(
    case: Case,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    assessment: Assessment | None = None,
    title: str | None = None,
) -> str:
    """The case as an HTML fragment: its ecomap (an inline SVG).

    ``UsageError`` if ``case`` is not a ``Case``, ``assessment`` is neither an
    ``Assessment`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = checked("case_html", case, Case, CASE, lang)
    v = vocabularies or load_vocabularies()
    svg = ecomap_svg(case, lang, vocabularies=v, assessment=assessment, title=title)
    return f'{STYLE}<div class="fc">{svg}</div>'


def scenario_html(
    scenario: Scenario, lang: Lang = "nb", *, vocabularies: Vocabularies | None = None
) -> str:
    """A scenario as an HTML fragment: its title, summary and the list of its phases.

    ``UsageError`` if ``scenario`` is not a ``Scenario`` or ``lang`` is not nb, nn or en.
    """
    from familycase.case.scenario import Scenario  # noqa: PLC0415 (only a type at module level)

    lang = checked("scenario_html", scenario, Scenario, "a familycase.Scenario", lang)
    v = vocabularies or load_vocabularies()
    t = v.texts(lang)
    out = [STYLE, '<div class="fc">', f"<h3>{esc(scenario.title.get(lang))}</h3>"]
    if scenario.summary is not None:
        out.append(f"<p>{esc(scenario.summary.get(lang))}</p>")
    out.append(
        f"<table><caption>{esc(t('phases'))}</caption><tr><th>{esc(t('phase'))}</th>"
        f"<th>{esc(t('as_of'))}</th><th>{esc(t('discussion_questions'))}</th></tr>"
    )
    for phase in scenario.phases:
        out.append(
            f"<tr><td>{esc(phase.title.get(lang))} <span class='fc-muted'>({esc(phase.id)})"
            f"</span></td><td>{esc(phase.date.isoformat())}</td>"
            f"<td>{len(phase.questions)}</td></tr>"
        )
    out.append("</table></div>")
    return "".join(out)


def _paragraphs(text: str) -> str:
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "".join(f"<p>{esc(block)}</p>" for block in blocks if block)


def phase_html(view: PhaseView) -> str:
    """A scenario phase as the player shows it: title and date, narrative, what changed
    since the previous phase, the ecomap, the assessment and the discussion questions.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    from familycase.render.player import PhaseView, describe  # noqa: PLC0415 (player imports this)

    expect("phase_html", view, PhaseView, "a PhaseView (from familycase.render.player)")

    v, lang = view.vocabularies, view.lang
    t = v.texts(lang)
    c = view.changes
    out = [STYLE, '<div class="fc">', f"<h2>{esc(view.title)}</h2>"]
    out.append(f'<p class="fc-muted">{esc(t("as_of"))}: {esc(view.date.isoformat())}</p>')
    out.append(_paragraphs(view.narrative))
    out.append(f"<h4>{esc(t('changes_since'))}</h4>")
    if c.first:
        out.append(f"<p>{esc(t('first_phase'))}</p>")
    elif not (c.case or c.new or c.withdrawn or c.changed or c.duties):
        out.append(f"<p>{esc(t('no_changes'))}</p>")
    if c.case:
        out.append(f"<p><strong>{esc(t('case_changes'))}</strong></p><ul>")
        out += [f"<li>{esc(line)}</li>" for line in c.case]
        out.append("</ul>")
    if c.duties:
        status = v.terms["duty_status"]
        names = view.assessment.names
        out.append(
            f'<p><span class="fc-badge fc-changed">{esc(t("changes_duties"))}</span></p><ul>'
        )
        for duty in c.duties:
            who = ", ".join(names.get(p, p) for p in duty.persons)
            before = status.label(duty.before, lang) if duty.before else "–"
            item = (
                f"{duty.label.get(lang)} – {who}: {before} → {status.label(duty.after or '', lang)}"
            )
            reason = (
                f"<br>{esc(t('because'))}: {esc(duty.reasons[0].get(lang))}" if duty.reasons else ""
            )
            out.append(f"<li>{esc(item)}{reason}</li>")
        out.append("</ul>")
    if not c.first:
        for key, badge, items in (
            ("suggestions_new", "fc-new", c.new),
            ("suggestions_withdrawn", "fc-gone", c.withdrawn),
            ("suggestions_changed", "fc-changed", c.changed),
        ):
            if items:
                out.append(f'<p><span class="fc-badge {badge}">{esc(t(key))}</span></p><ul>')
                for change in items:
                    why = ""
                    if change.kind == "withdrawn" and change.reasons:
                        why = f"<br>{esc(t('because'))}: {esc(change.reasons[0].get(lang))}"
                    out.append(f"<li>{esc(describe(change, view))}{why}</li>")
                out.append("</ul>")
    out.append(view.ecomap)
    out.append(assessment_html(view.assessment, lang, vocabularies=v, title=view.title))
    if view.questions:
        out.append(f"<h4>{esc(t('discussion_questions'))}</h4><ol>")
        out += [f"<li>{esc(q)}</li>" for q in view.questions]
        out.append("</ol>")
    out.append("</div>")
    return "".join(out)


def document(fragment: str, title: str, lang: Lang = "nb") -> str:
    """A standalone HTML page around ``fragment``.

    ``UsageError`` if ``fragment`` or ``title`` is not a string or ``lang`` is not nb, nn
    or en.
    """
    expect("document", fragment, str, "fragment to be a string (an HTML fragment)")
    lang = checked("document", title, str, "title to be a string", lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
