"""The printable case card: one A4 page per scenario phase (``familycase card``).

A card holds what a caseworker takes to a meeting: the phase title and date, the summary box
(duties, what to clarify now, who coordinates), the responsibility grid as a picture
(persons × services: a filled dot where a service holds measures, the count
inside, a red ring where one is a duty; a ring where it cooperates; a dash where it is
involved with nothing to do), and a compact ecomap across the page (legible in print: its
text 7 pt or more). Print styles start each card on its own A4 page and never split a
picture; a card whose summary and pictures do not fit one page continues on a second (the
vignette's: the summary and the grid, then the ecomap).

>>> import familycase
>>> from familycase.render.card import cards_document
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> page = cards_document(list(s.play("en"))[:1])
>>> "@page{size:A4" in page and "Phase 1 – Maria phones Nav" in page
True
"""

from __future__ import annotations

from collections.abc import Sequence

from familycase._text import Lang
from familycase.assess.assessment import Assessment
from familycase.render._args import expect
from familycase.render._draw import DUTY, FONT, INK, MUTED, PAPER, SERVICE_LINE, Svg, esc, num, wrap
from familycase.render.ecomap import ecomap_svg
from familycase.render.html import STYLE, summary_html
from familycase.render.player import PhaseView
from familycase.render.responsibility import FAMILY, responsibility_table
from familycase.render.summary import summarise
from familycase.rules.vocabulary import Vocabularies

CARD_STYLE = """<style>
@page{size:A4;margin:10mm}
body{margin:0;background:#fff}
.fc.fc.fc-card{max-width:190mm;margin:0 auto;padding:0;font-size:10pt}
.fc.fc.fc-card h2{font-size:15pt;margin:0 0 1mm}
.fc.fc.fc-card .fc-summary{margin:2mm 0}
.fc.fc .fc-card-pictures svg{width:100%;height:auto}
.fc.fc .fc-card-pictures figure{margin:0 0 3mm;break-inside:avoid;page-break-inside:avoid}
.fc.fc .fc-card-grid svg{max-width:90mm}
.fc.fc .fc-card-pictures figcaption{font-weight:700;font-size:10pt;margin-bottom:1mm}
@media print{.fc.fc.fc-card{break-after:page;page-break-after:always;font-size:9pt}
.fc.fc.fc-card:last-child{break-after:auto;page-break-after:auto}}
</style>"""

CELL = 30.0
HEAD = 140.0
LEFT = 120.0
SLANT = 160.0  # the length of a slanted column heading


def grid_svg(a: Assessment, lang: Lang, v: Vocabularies) -> str:
    """The responsibility grid as a picture (see the module docstring)."""
    table = responsibility_table(a)
    t = v.texts(lang)
    duty = {(p or FAMILY, s.responsible) for s in a.duties for p in (s.persons or [FAMILY])}
    width = LEFT + CELL * max(len(table.services), 1) + 8 + SLANT * 0.58
    height = HEAD + CELL * len(table.rows) + 8
    svg = Svg()
    for i, service in enumerate(table.services):
        x = LEFT + CELL * i + CELL / 2
        label = v.services.label(service, lang)
        svg.add(f"<g><title>{esc(label)}</title>")
        for k, line in enumerate(wrap(label, 10.5, SLANT)):  # slanted, never cut
            lx, ly = x + 4 + 12 * k, HEAD - 6
            svg.add(
                f'<text x="{num(lx)}" y="{num(ly)}" font-size="10.5" fill="{INK}" '
                f'transform="rotate(-55 {num(lx)} {num(ly)})">{esc(line)}</text>'
            )
        svg.add("</g>")
    for r, row in enumerate(table.rows):
        y = HEAD + CELL * r + CELL / 2
        who = t("family") if row == FAMILY else a.names.get(row, row)
        weight = "bold" if row in table.unserved else "normal"
        colour = DUTY if row in table.unserved else INK
        svg.text(
            LEFT - 8,
            y + 4,
            wrap(who, 10.5, LEFT - 12)[0],
            size=10.5,
            weight=weight,
            fill=colour,
            anchor="end",
        )
        svg.add(
            f'<path d="M{num(LEFT)},{num(y + CELL / 2)} H{num(width - 8)}" stroke="#d5dbe1" '
            'stroke-width="1" fill="none"/>'
        )
        for i, service in enumerate(table.services):
            x = LEFT + CELL * i + CELL / 2
            cell = table.cell(row, service)
            names = [v.measures.label(m, lang) for m in (*cell.measures, *cell.cooperates)]
            svg.add(f"<g><title>{esc(who)} · {esc(v.services.label(service, lang))}")
            svg.add(f": {esc('; '.join(names))}</title>" if names else "</title>")
            if cell.measures:
                ring = DUTY if (row, service) in duty else SERVICE_LINE["active"]
                svg.add(
                    f'<circle cx="{num(x)}" cy="{num(y)}" r="10" fill="{SERVICE_LINE["active"]}" '
                    f'stroke="{ring}" stroke-width="{3 if ring == DUTY else 1}"/>'
                )
                svg.text(
                    x,
                    y + 4,
                    str(len(cell.measures)),
                    size=10.5,
                    weight="bold",
                    fill=PAPER,
                    anchor="middle",
                )
            elif cell.cooperates:
                svg.add(
                    f'<circle cx="{num(x)}" cy="{num(y)}" r="8" fill="{PAPER}" '
                    f'stroke="{SERVICE_LINE["active"]}" stroke-width="2"/>'
                )
            elif cell.idle:
                svg.text(x, y + 4, "–", size=12, fill=MUTED, anchor="middle")
            svg.add("</g>")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'style="width:100%;max-width:{num(width)}px;height:auto" font-family="{FONT}" '
        f'role="img"><title>{esc(t("responsibility_map"))}</title>' + "".join(svg.parts) + "</svg>"
    )


def card_ecomap(view: PhaseView) -> str:
    """The card's compact ecomap: the phase's case laid out on its own (narrower than in the
    scenario's frame, which keeps room for every phase), with its duty marks. Printed across
    the card (190 mm), its text is 7 pt or more when it is at most ``sizes.A4_TALL`` (about
    808 px) wide, as every shipped map is (``tests/render/test_card.py``)."""
    return ecomap_svg(
        view.case, view.lang, vocabularies=view.vocabularies, assessment=view.assessment
    )


def card_html(view: PhaseView) -> str:
    """One phase's card: heading, summary box, compact ecomap and the responsibility grid.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    expect("card_html", view, PhaseView, "a PhaseView (from familycase.render.player)")
    v, lang, a = view.vocabularies, view.lang, view.assessment
    t = v.texts(lang)
    summary = summarise(a, lang, v, case=view.case)
    return (
        '<div class="fc fc-card">'
        f"<h2>{esc(view.title)}</h2>"
        f'<p class="fc-muted">{esc(t("as_of"))}: {esc(view.date.isoformat())} · '
        f"{esc(t('disclaimer'))}</p>"
        f"{summary_html(summary, lang, v)}"
        '<div class="fc-card-pictures">'
        '<figure class="fc-card-grid">'
        f"<figcaption>{esc(t('responsibility_map'))}</figcaption>"
        f"{grid_svg(a, lang, v)}</figure>"
        f"<figure><figcaption>{esc(t('ecomap'))}</figcaption>{card_ecomap(view)}</figure>"
        "</div></div>"
    )


def cards_document(views: Sequence[PhaseView]) -> str:
    """A standalone HTML page with one card per phase in ``views``, one A4 page each."""
    expect("cards_document", list(views), list, "a list of PhaseViews")
    if not views:
        from familycase.errors import UsageError  # noqa: PLC0415

        raise UsageError("cards_document needs at least one phase.")
    lang = views[0].lang
    title = " · ".join(view.title for view in views)
    body = "".join(card_html(view) for view in views)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n{STYLE}{CARD_STYLE}\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )
