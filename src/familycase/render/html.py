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

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from familycase._text import Lang, join_names
from familycase.assess.assessment import Assessment, LegalReference, Suggestion
from familycase.case.model import Case
from familycase.render._args import ASSESSMENT, CASE, checked, expect
from familycase.render._draw import esc
from familycase.render._labels import concern_labels, inferred_labels
from familycase.render.responsibility import FAMILY, cooperation, responsibility_table
from familycase.render.summary import Summary, badge_legend, provision_note, status_badge, summarise
from familycase.render.svg import ecomap_svg
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.case.scenario import Scenario
    from familycase.render.player import PhaseView

#: The report's styles. Every rule applies only inside ``.fc``; the doubled class
#: (``.fc.fc``) outranks the notebook front ends' own table and list rules (JupyterLab,
#: classic Notebook and VS Code right-align cells, stripe rows and fix table layouts), and
#: ``.fc`` is a light sheet with its own colours, so a dark theme shows it as designed.
#: Every colour pair meets WCAG AA (tests/render/test_report.py checks them).
STYLE = """<style>
.fc.fc{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;
background:#fff;color-scheme:light;line-height:1.4;max-width:1180px;padding:.6em 1em;
border-radius:6px;text-align:left;font-size:15px}
.fc.fc h2,.fc.fc h3,.fc.fc h4{color:#1f2933;margin:.7em 0 .3em;line-height:1.25;
font-weight:700;border:0;background:none}
.fc.fc h2{font-size:1.45em;margin-top:.2em}.fc.fc h3{font-size:1.2em}.fc.fc h4{font-size:1.05em}
.fc.fc p{margin:.2em 0 .5em;text-align:left;color:#1f2933}
.fc.fc table{border-collapse:collapse;margin:.3em 0 .8em;font-size:.92em;table-layout:auto;
width:auto;border:0;color:#1f2933}
.fc.fc caption{text-align:left;padding:.2em 0;color:#1f2933}
.fc.fc th,.fc.fc td{border:1px solid #c9d1da;padding:.3em .5em;text-align:left;
vertical-align:top;white-space:normal;line-height:1.35;color:#1f2933;max-width:none}
.fc.fc th{background:#eef2f6;font-weight:700}
.fc.fc tr,.fc.fc tbody tr:nth-child(odd),.fc.fc tbody tr:nth-child(even),
.fc.fc tbody tr:hover{background:#fff}
.fc.fc ul,.fc.fc ol{margin:.2em 0 .6em 1.2em;padding:0}
.fc.fc li{margin:.1em 0;color:#1f2933}
.fc.fc a{color:#1d4ed8}
.fc.fc .fc-muted{color:#56606b}
.fc.fc .fc-badge{display:inline-block;border-radius:.7em;padding:0 .5em;font-size:.85em;
font-weight:600;white-space:nowrap;border:1px solid transparent}
.fc.fc .fc-duty{background:#b42318;color:#fff}
.fc.fc .fc-rec{background:#e4e9ef;color:#1f2933}
.fc.fc .fc-immediate{background:#9a3a06;color:#fff}
.fc.fc .fc-warn{background:#fef0c7;color:#7a2e0e;border-color:#d9a21b}
.fc.fc .fc-unclear{background:#fef0c7;color:#7a2e0e;border-color:#b54708}
.fc.fc .fc-not{background:#fff;color:#3e4a56;border-color:#8a96a3}
.fc.fc .fc-new{background:#d1fadf;color:#05603a}
.fc.fc .fc-gone{background:#fee4e2;color:#912018}
.fc.fc .fc-changed{background:#fef0c7;color:#7a2e0e}
.fc.fc .fc-flag td:first-child{border-left:4px solid #b42318}
.fc.fc .fc-idle{color:#7a2e0e;background:#fffaeb}
.fc.fc .fc-cite{display:inline-block;border-bottom:1px dotted #56606b;cursor:help}
.fc.fc .fc-summary{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.4em 1.4em;
background:#f6f8fb;border:1px solid #c9d1da;border-left:6px solid #56606b;border-radius:6px;
padding:.3em 1em .5em;margin:.4em 0 .8em}
.fc.fc .fc-summary-duty{border-left-color:#b42318}
.fc.fc .fc-summary h3{margin:.3em 0 .2em;font-size:1.05em}
.fc.fc .fc-summary ul{list-style:none;margin:.1em 0 .4em;padding:0}
.fc.fc .fc-summary li{margin:.25em 0;background:none}
.fc.fc .fc-summary p{margin:.1em 0 .4em}
.fc.fc .fc-ask{margin:.15em 0 0 1.2em}
.fc.fc .fc-ask::before{content:"? ";font-weight:700;color:#9a3a06}
.fc.fc .fc-pair{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}
.fc.fc .fc-pair>*{flex:1 1 420px;min-width:0}
.fc.fc svg{max-width:100%;height:auto}
.fc.fc figure{margin:.3em 0}
.fc.fc details{margin:.5em 0}
.fc.fc summary{cursor:pointer;font-weight:700;color:#1d4ed8}
.fc.fc .fc-legend{font-size:.88em;color:#3e4a56}
.fc.fc .fc-legend li{display:inline;margin-right:1em}
@media (max-width:760px){.fc.fc .fc-summary{grid-template-columns:1fr}}
@media print{
.fc.fc{max-width:none;padding:0;font-size:10.5pt;color:#000}
.fc.fc .fc-summary{border-left-width:4px}
.fc.fc tr,.fc.fc li,.fc.fc .fc-summary,.fc.fc figure,.fc.fc caption,.fc.fc .fc-d{
break-inside:avoid;page-break-inside:avoid}
.fc.fc h2,.fc.fc h3,.fc.fc h4,.fc.fc caption{break-after:avoid;page-break-after:avoid}
.fc.fc thead{display:table-header-group}
.fc.fc .fc-cite{display:inline;border:0}
.fc.fc .fc-cite[title]::after{content:" (" attr(title) ")";font-size:.85em;color:#333}
.fc.fc .fc-badge{-webkit-print-color-adjust:exact;print-color-adjust:exact;border-color:#555}
.fc.fc .fc-noprint{display:none}
.fc.fc .fc-pair>*{flex-basis:100%}
}
</style>"""

#: Page styles for a standalone report (``document``): margins that fit A4 and Letter.
PAGE_STYLE = (
    "<style>@page{margin:14mm 12mm}body{margin:0;background:#fff}"
    "@media screen{body{padding:8px}}</style>"
)


def _names(names: dict[str, str], persons: Sequence[str], lang: Lang) -> str:
    return join_names([names.get(p, p) for p in persons], lang)


def cite_html(ref: LegalReference, lang: Lang, v: Vocabularies, number: int | None = None) -> str:
    """One legal reference: the citation, its status badge when it is not confirmed, and
    its title (and status) on hover and, on paper, in brackets; with ``number``, a raised
    number pointing to the note under the summary (a printed card's list) instead."""
    title = esc(provision_note(ref, lang, v))
    badge = _status_html(ref, lang, v)
    mark = f'<sup class="fc-note-ref">{number}</sup>' if number is not None else ""
    return (
        f'<span class="fc-cite" title="{title}">{esc(ref.citation.get(lang))}{mark}{badge}</span>'
    )


def _status_html(ref: LegalReference, lang: Lang, v: Vocabularies) -> str:
    """The status badge of a reference that is not confirmed (with a space before it)."""
    if ref.status == "confirmed":
        return ""
    return f' <span class="fc-badge fc-warn">{esc(status_badge(ref.status, lang, v))}</span>'


def legal_html(
    refs: Sequence[LegalReference],
    lang: Lang,
    v: Vocabularies,
    numbers: Mapping[str, int] | None = None,
) -> str:
    """Legal references, each with its verification status when it is not confirmed (and
    its note's number in ``numbers``, by provision, if given)."""
    return "<br>".join(
        cite_html(ref, lang, v, None if numbers is None else numbers.get(ref.provision))
        for ref in refs
    )


def obligation_badge(s: Suggestion, lang: Lang, v: Vocabularies) -> str:
    """The 'duty'/'recommendation' and urgency badges of a suggestion."""
    kind = "fc-duty" if s.obligation == "duty" else "fc-rec"
    label = esc(v.terms["obligation"].label(s.obligation, lang))
    return f'<span class="fc-badge {kind}">{label}</span> {_urgency(s.urgency, lang, v)}'


def _urgency(urgency: str, lang: Lang, v: Vocabularies) -> str:
    hurry = "fc-immediate" if urgency == "immediate" else "fc-rec"
    return f'<span class="fc-badge {hurry}">{esc(v.terms["urgency"].label(urgency, lang))}</span>'


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


_STATUS_BADGE = {"triggered": "fc-duty", "unclear": "fc-unclear", "not_triggered": "fc-not"}


def summary_html(
    summary: Summary, lang: Lang, v: Vocabularies, numbers: Mapping[str, int] | None = None
) -> str:
    """The summary box: the duties (triggered, unclear with the settling questions, not
    triggered with why), what to clarify now and who coordinates. ``numbers`` (by
    provision) marks each citation with the number of its note (a printed card)."""
    t = v.texts(lang)
    status = v.terms["duty_status"]
    duty = " fc-summary-duty" if any(d.status == "triggered" for d in summary.duties) else ""
    out = [f'<section class="fc-summary{duty}" aria-label="{esc(t("summary"))}"><div>']
    out.append(f"<h3>{esc(t('duties'))}</h3><ul>")
    if not summary.duties:
        out.append(f"<li>{esc(t('summary_no_duties'))}</li>")
    for d in summary.duties:
        badge = f'<span class="fc-badge {_STATUS_BADGE[d.status]}">'
        item = f"{badge}{esc(status.label(d.status, lang))}</span> "
        item += f"<strong>{esc(d.label)}</strong>" + (f" – {esc(d.persons)}" if d.persons else "")
        if d.urgency is not None:
            item += f" {_urgency(d.urgency, lang, v)}"
        if d.legal:
            item += f"<br>{legal_html(d.legal, lang, v, numbers).replace('<br>', '; ')}"
        if d.status == "unclear":
            item += "".join(f'<div class="fc-ask">{esc(q)}</div>' for q in d.details)
        else:
            reason = f"{t('because')}: {d.details[0]}" if d.details else ""
            item += f'<br><span class="fc-muted">{esc(reason)}</span>' if reason else ""
        out.append(f'<li class="fc-d fc-d-{d.status}">{item}</li>')
    out.append(f"</ul></div><div><h3>{esc(t('summary_clarify_now'))}</h3>")
    if summary.clarify:
        out.append("<ul>" + "".join(f'<li class="fc-ask">{esc(q)}</li>' for q in summary.clarify))
        out.append("</ul>")
    else:
        out.append(f"<p>{esc(t('summary_nothing_urgent'))}</p>")
    if summary.coordinator is not None:
        out.append(f"<h3>{esc(t('summary_coordinator'))}</h3><p>{esc(summary.coordinator)}</p>")
    out.append("</div></section>")
    return "".join(out)


def badge_legend_html(lang: Lang, v: Vocabularies) -> str:
    """What the badges mean, and that a reference without one is confirmed."""
    t = v.texts(lang)
    classes = ["fc-duty", "fc-rec", "fc-immediate", "fc-warn", "fc-warn", ""]
    items = []
    for (badge, meaning), css in zip(badge_legend(lang, v), classes, strict=True):
        mark = f'<span class="fc-badge {css}">{esc(badge)}</span> ' if badge else ""
        items.append(f"<li>{mark}{esc(meaning)}</li>")
    return (
        f'<div class="fc-legend"><strong>{esc(t("badge_legend"))}:</strong> '
        f"<ul>{''.join(items)}</ul><p>{esc(t('badge_hover'))}</p></div>"
    )


def people_html(a: Assessment, summary: Summary, lang: Lang, v: Vocabularies) -> str:
    """The people with a concern, an exposure or a service (no empty rows)."""
    t = v.texts(lang)
    names = a.names
    out = [f"<h3>{esc(t('understanding'))}</h3>"]
    out.append(
        f"<table><tr><th>{esc(t('person'))}</th><th>{esc(t('concerns'))}</th>"
        f"<th>{esc(t('exposed').capitalize())}</th><th>{esc(t('services'))}</th></tr>"
    )
    for p in summary.people:
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
    return "".join(out)


def suggestions_html(a: Assessment, lang: Lang, v: Vocabularies) -> str:
    """The suggestions grouped by person (the groups with duties first)."""
    t = v.texts(lang)
    out = [f"<h3>{esc(t('suggestions'))}</h3>"]
    if not a.suggestions:
        out.append(f"<p>{esc(t('nothing_suggested'))}</p>")
    groups: dict[tuple[str, ...], list[Suggestion]] = {}
    for s in a.suggestions:
        groups.setdefault(tuple(s.persons), []).append(s)
    for persons, items in groups.items():
        heading = _names(a.names, list(persons), lang) if persons else t("family")
        out.append(f'<table class="fc-suggestions"><caption><strong>{esc(heading)}</strong>')
        out.append(f"</caption>{_suggestion_head(t)}")
        out += [f"<tr>{suggestion_cells(s, lang, v)}</tr>" for s in items]
        out.append("</table>")
    return "".join(out)


def _heading(title: str, as_of: str, lang: Lang, v: Vocabularies) -> str:
    t = v.texts(lang)
    return (
        f"<h2>{esc(title)}</h2>"
        f'<p class="fc-muted">{esc(t("as_of"))}: {esc(as_of)} · {esc(t("disclaimer"))}</p>'
    )


def references_html(refs: Sequence[LegalReference], lang: Lang, v: Vocabularies) -> str:
    """Every provision cited, once, with its title, status and note, in a fold-out
    (what a citation's hover shows, for touch screens and keyboards; on paper each citation
    has it in brackets, so the list is not printed)."""
    if not refs:
        return ""
    t = v.texts(lang)
    items = [
        f"<li><strong>{esc(ref.citation.get(lang))}</strong>: "
        f"{esc(provision_note(ref, lang, v))}</li>"
        for ref in refs
    ]
    return (
        f'<details class="fc-refs fc-noprint"><summary>{esc(t("legal_references"))} '
        f"({len(refs)})</summary><ul>{''.join(items)}</ul></details>"
    )


def _tail(a: Assessment, summary: Summary, lang: Lang, v: Vocabularies) -> str:
    """Other questions, the responsibility map, the provisions cited, the badge legend and
    the provenance."""
    t = v.texts(lang)
    out = []
    rest = [q for q in a.questions if q.urgency != "immediate"]
    if rest:
        out.append(f"<h3>{esc(t('questions'))}</h3><ul>")
        out += [f"<li>{esc(q.text.get(lang))}</li>" for q in rest]
        out.append("</ul>")
    out.append(responsibility_html(a, lang, vocabularies=v, styled=False))
    out.append(references_html(summary.provisions, lang, v))
    out.append(badge_legend_html(lang, v))
    prov = a.provenance
    out.append(
        f'<p class="fc-muted">{esc(t("provenance"))}: familycase {esc(t("version"))} '
        f"{esc(prov.library_version)} · {esc(t('rulebook'))} {esc(prov.rulebook_hash[:12])} · "
        f"{esc(prov.as_of.isoformat())}</p>"
    )
    return "".join(out)


def _people_and_map(
    a: Assessment, summary: Summary, lang: Lang, v: Vocabularies, ecomap: str
) -> str:
    people = people_html(a, summary, lang, v)
    if not ecomap:
        return people
    return f'<div class="fc-pair"><div>{people}</div><figure>{ecomap}</figure></div>'


def assessment_html(
    assessment: Assessment,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    title: str | None = None,
    case: Case | None = None,
) -> str:
    """The assessment as a one-minute report (an HTML fragment): the heading (``title``, a
    scenario phase's title, say; else the case id) and date; a summary box with the duties
    (triggered, unclear with the questions that settle them, not triggered with why), what
    to clarify now and who coordinates; the people with something recorded (beside the
    ecomap, when ``case`` is given); the suggestions grouped by person, duties first, with
    reasons and legal basis (provision titles on hover and on paper); other questions, the
    responsibility map, what the badges mean and the provenance.

    ``UsageError`` if ``assessment`` is not an ``Assessment``, ``case`` is neither a
    ``Case`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = checked("assessment_html", assessment, Assessment, ASSESSMENT, lang)
    if case is not None:
        expect("assessment_html", case, Case, "case= to be a familycase.Case or None")
    v = vocabularies or load_vocabularies()
    a = assessment
    summary = summarise(a, lang, v, case=case)
    ecomap = (
        ecomap_svg(case, lang, vocabularies=v, assessment=a, title=title)
        if case is not None
        else ""
    )
    return "".join(
        [
            STYLE,
            '<div class="fc">',
            _heading(
                title or f"{v.text('assessment').get(lang)}: {a.case_id}",
                a.as_of.isoformat(),
                lang,
                v,
            ),
            summary_html(summary, lang, v),
            _people_and_map(a, summary, lang, v, ecomap),
            suggestions_html(a, lang, v),
            _tail(a, summary, lang, v),
            "</div>",
        ]
    )


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
    out.append(f"<h3>{esc(t('responsibility_map'))}</h3>")
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


def _changes_html(view: PhaseView, *, case: bool = True) -> str:
    """What changed since the previous phase: in the case (unless not ``case``), in the
    duties (with why) and in the suggestions (a withdrawn one with why)."""
    from familycase.render.player import describe  # noqa: PLC0415 (player imports this)

    v, lang = view.vocabularies, view.lang
    t = v.texts(lang)
    c = view.changes
    out = [f"<h3>{esc(t('changes_since'))}</h3>"]
    if c.first:
        out.append(f"<p>{esc(t('first_phase'))}</p>")
    elif not ((c.case and case) or c.new or c.withdrawn or c.changed or c.duties):
        out.append(f"<p>{esc(t('no_changes'))}</p>")
    if c.case and case:
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
    return "".join(out)


def _discussion_html(view: PhaseView) -> str:
    t = view.vocabularies.texts(view.lang)
    if not view.questions:
        return ""
    items = "".join(f"<li>{esc(q)}</li>" for q in view.questions)
    return f"<h3>{esc(t('discussion_questions'))}</h3><ol>{items}</ol>"


def phase_html(view: PhaseView) -> str:
    """A scenario phase as a one-minute report: the phase title and date, the summary box
    (duties, what to clarify now, who coordinates), the story, what changed since the
    previous phase, the people beside the ecomap, the suggestions, the rest of the
    assessment and the discussion questions.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    from familycase.render.player import PhaseView  # noqa: PLC0415 (player imports this)

    expect("phase_html", view, PhaseView, "a PhaseView (from familycase.render.player)")
    v, lang, a = view.vocabularies, view.lang, view.assessment
    summary = summarise(a, lang, v, case=view.case)
    return "".join(
        [
            STYLE,
            '<div class="fc">',
            _heading(view.title, view.date.isoformat(), lang, v),
            summary_html(summary, lang, v),
            _paragraphs(view.narrative),
            _changes_html(view),
            _people_and_map(a, summary, lang, v, view.ecomap),
            suggestions_html(a, lang, v),
            _tail(a, summary, lang, v),
            _discussion_html(view),
            "</div>",
        ]
    )


def exercise_html(view: PhaseView) -> str:
    """A scenario phase as an exercise that asks before it tells: the title, the story,
    what changed in the case, the ecomap without duty marks and the discussion questions;
    familycase's assessment (summary first) only in a fold-out below.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    from familycase.render.player import PhaseView  # noqa: PLC0415 (player imports this)

    expect("exercise_html", view, PhaseView, "a PhaseView (from familycase.render.player)")
    v, lang, a = view.vocabularies, view.lang, view.assessment
    t = v.texts(lang)
    summary = summarise(a, lang, v, case=view.case)
    out = [
        STYLE,
        '<div class="fc fc-exercise">',
        _heading(view.title, view.date.isoformat(), lang, v),
    ]
    out.append(_paragraphs(view.narrative))
    if view.changes.case:
        out.append(f"<p><strong>{esc(t('case_changes'))}</strong></p><ul>")
        out += [f"<li>{esc(line)}</li>" for line in view.changes.case]
        out.append("</ul>")
    plain = ecomap_svg(view.case, lang, vocabularies=v, title=view.title)
    ask = f"<p><strong>{esc(t('exercise_discuss_first'))}</strong></p>{_discussion_html(view)}"
    out.append(f'<div class="fc-pair"><figure>{plain}</figure><div>{ask}</div></div>')
    out.append(f'<details class="fc-answer"><summary>{esc(t("exercise_show"))}</summary>')
    out.append(f"<h3>{esc(t('exercise_answer'))}</h3>")
    out += [
        summary_html(summary, lang, v),
        _changes_html(view, case=False),
        people_html(a, summary, lang, v),
        suggestions_html(a, lang, v),
        _tail(a, summary, lang, v),
        "</details></div>",
    ]
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
        f"<title>{esc(title)}</title>\n{PAGE_STYLE}\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
