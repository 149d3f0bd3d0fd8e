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
from familycase.render._draw import (
    DUTY,
    FONT,
    INK,
    MUTED,
    PAPER,
    SERVICE_LINE,
    Svg,
    esc,
    num,
    text_width,
    wrap,
)
from familycase.render.ecomap import ecomap_svg
from familycase.render.ecomap.sizes import MIN_PT, TEXT
from familycase.render.html import STYLE, summary_html
from familycase.render.player import PhaseView
from familycase.render.responsibility import FAMILY, responsibility_table
from familycase.render.summary import summarise
from familycase.rules.vocabulary import Vocabularies

CARD_STYLE = """<style>
@page{size:A4 landscape;margin:10mm}
body{margin:0;background:#fff}
.fc.fc.fc-card{width:277mm;margin:0 auto;padding:0;font-size:8pt;line-height:1.25}
.fc.fc.fc-card h2{font-size:13pt;margin:0}
.fc.fc.fc-card .fc-card-head{display:flex;gap:4mm;align-items:baseline;margin:0 0 1.5mm}
.fc.fc.fc-card .fc-card-head p{margin:0}
.fc.fc.fc-card .fc-card-body{display:flex;gap:4mm;align-items:flex-start}
.fc.fc.fc-card .fc-card-side{flex:1 1 0;min-width:0}
.fc.fc.fc-card .fc-summary{display:block;margin:0 0 2mm;padding:1.5mm 2.5mm}
.fc.fc.fc-card .fc-summary h3{margin:.2em 0 .1em}
.fc.fc.fc-card .fc-summary li{margin:.15em 0}
.fc.fc .fc-card svg{display:block;width:100%;height:auto}
.fc.fc .fc-card figure{margin:0 0 2mm;break-inside:avoid;page-break-inside:avoid}
.fc.fc.fc-card .fc-card-map{flex:none;margin:0}
.fc.fc.fc-card .fc-cite[title]::after{content:none}
.fc.fc .fc-card-body figcaption{font-weight:700;font-size:9pt;margin-bottom:.5mm}
@media print{.fc.fc.fc-card{break-after:page;page-break-after:always}
.fc.fc.fc-card:last-child{break-after:auto;page-break-after:auto}}
</style>"""

#: The printable page: A4 landscape less 10 mm margins, in CSS pixels (96 per inch).
PAGE_W = 277 / 25.4 * 96  # about 1,047 px
PAGE_H = 190 / 25.4 * 96  # about 718 px
HEAD_H = 34.0  # the card's heading line and the room under it
GAP = 4 / 25.4 * 96  # between the side column and the map
SIDE_MIN = 330.0  # the side column (summary, grid) is never narrower
#: The smallest scale a picture prints at: its smallest text (10.5 px) stays 7 pt.
MIN_SCALE = MIN_PT / (TEXT * 0.75)

CELL = 22.0
LEFT = 120.0  # the widest a row's name may be
SLANT = 160.0  # a slanted column heading wraps at this length
SIN, COS = 0.82, 0.58  # of the headings' slant (55 degrees)


def grid_svg(a: Assessment, lang: Lang, v: Vocabularies) -> str:
    """The responsibility grid as a picture (see the module docstring), as compact as its
    names and headings allow."""
    table = responsibility_table(a)
    t = v.texts(lang)
    duty = {(p or FAMILY, s.responsible) for s in a.duties for p in (s.persons or [FAMILY])}
    heads = [wrap(v.services.label(s, lang), TEXT, SLANT) for s in table.services] or [[""]]
    whos = [t("family") if r == FAMILY else a.names.get(r, r) for r in table.rows]
    left = min(LEFT, max((text_width(w, TEXT, bold=True) for w in whos), default=0) + 14)
    head = max(text_width(line, TEXT) for lines in heads for line in lines) * SIN + 12
    last = left + CELL * max(len(table.services), 1)
    reach = max(  # where the last slanted heading ends on the right
        left + CELL * i + CELL / 2 + 8 + 12 * k + text_width(line, TEXT) * COS
        for i, lines in enumerate(heads)
        for k, line in enumerate(lines)
    )
    width = max(last + 8, reach)
    height = head + CELL * len(table.rows) + 8
    svg = Svg()
    for i, service in enumerate(table.services):
        x = left + CELL * i + CELL / 2
        label = v.services.label(service, lang)
        svg.add(f"<g><title>{esc(label)}</title>")
        for k, line in enumerate(heads[i]):  # slanted, never cut
            lx, ly = x + 4 + 12 * k, head - 6
            svg.add(
                f'<text x="{num(lx)}" y="{num(ly)}" font-size="10.5" fill="{INK}" '
                f'transform="rotate(-55 {num(lx)} {num(ly)})">{esc(line)}</text>'
            )
        svg.add("</g>")
    for r, row in enumerate(table.rows):
        y = head + CELL * r + CELL / 2
        who = whos[r]
        weight = "bold" if row in table.unserved else "normal"
        colour = DUTY if row in table.unserved else INK
        svg.text(
            left - 8,
            y + 4,
            wrap(who, TEXT, left - 12)[0],
            size=10.5,
            weight=weight,
            fill=colour,
            anchor="end",
        )
        svg.add(
            f'<path d="M{num(left)},{num(y + CELL / 2)} H{num(last)}" stroke="#d5dbe1" '
            'stroke-width="1" fill="none"/>'
        )
        for i, service in enumerate(table.services):
            x = left + CELL * i + CELL / 2
            cell = table.cell(row, service)
            names = [v.measures.label(m, lang) for m in (*cell.measures, *cell.cooperates)]
            svg.add(f"<g><title>{esc(who)} · {esc(v.services.label(service, lang))}")
            svg.add(f": {esc('; '.join(names))}</title>" if names else "</title>")
            if cell.measures:
                ring = DUTY if (row, service) in duty else SERVICE_LINE["active"]
                svg.add(
                    f'<circle cx="{num(x)}" cy="{num(y)}" r="8.5" fill="{SERVICE_LINE["active"]}" '
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
                    f'<circle cx="{num(x)}" cy="{num(y)}" r="7" fill="{PAPER}" '
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


def _size(svg: str) -> tuple[float, float]:
    """The width and height of an SVG picture's viewBox."""
    box = svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    return float(box[0]), float(box[1])


def card_ecomap(view: PhaseView) -> tuple[str, str, float, bool]:
    """The card's compact ecomap, the legend if it stands apart from the map ("" if it is
    inside), the width the map prints at (px) and whether the legend stands in the side
    column (else across the page under the map and the side column): the phase's case laid
    out on its own (narrower than in the scenario's frame, which keeps room for every
    phase), with its duty marks, as large as the page allows beside the side column and never below
    ``MIN_SCALE`` (its text 7 pt or more). When the map and its legend are too tall for the
    page at that scale, the legend moves across the foot of the page or, if the map is then
    still too tall, under the grid in the side column."""
    args = {"vocabularies": view.vocabularies, "assessment": view.assessment}
    whole = ecomap_svg(view.case, view.lang, **args)  # type: ignore[arg-type]
    width, height = _size(whole)
    room_w, room_h = PAGE_W - GAP - SIDE_MIN, PAGE_H - HEAD_H
    scale = min(1.0, room_h / height, room_w / width)
    if scale >= MIN_SCALE:
        return whole, "", width * scale, False
    bare = ecomap_svg(view.case, view.lang, with_legend=False, **args)  # type: ignore[arg-type]
    width, height = _size(bare)
    key = ecomap_svg(view.case, view.lang, legend_width=PAGE_W / MIN_SCALE, **args)  # type: ignore[arg-type]
    below = room_h - _size(key)[1] * MIN_SCALE - 4  # the legend across the page, under all
    if min(1.0, below / height, room_w / width) >= MIN_SCALE:
        return bare, key, width * min(1.0, below / height, room_w / width), False
    scale = MIN_SCALE  # the side column as wide as it can be: it holds the legend too
    side = PAGE_W - GAP - width * scale  # the legend in the side column, under the grid
    key = ecomap_svg(view.case, view.lang, legend_width=side / MIN_SCALE, **args)  # type: ignore[arg-type]
    return bare, key, width * scale, True


def card_html(view: PhaseView) -> str:
    """One phase's card on one A4 page (landscape): the heading; beside the map, the summary
    box, the responsibility grid and (when there is no room under the map) its legend.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    expect("card_html", view, PhaseView, "a PhaseView (from familycase.render.player)")
    v, lang, a = view.vocabularies, view.lang, view.assessment
    t = v.texts(lang)
    summary = summarise(a, lang, v, case=view.case)
    picture, key, map_w, beside = card_ecomap(view)
    legend = f'<figure class="fc-card-legend">{key}</figure>' if key else ""
    side, foot = (legend, "") if beside else ("", legend)
    grid = grid_svg(a, lang, v)
    return (
        '<div class="fc fc-card"><div class="fc-card-head">'
        f"<h2>{esc(view.title)}</h2>"
        f'<p class="fc-muted">{esc(t("as_of"))}: {esc(view.date.isoformat())} · '
        f"{esc(t('disclaimer'))}</p></div>"
        '<div class="fc-card-body"><div class="fc-card-side">'
        f"{summary_html(summary, lang, v)}"
        '<figure class="fc-card-grid">'
        f"<figcaption>{esc(t('responsibility_map'))}</figcaption>"
        f'<div style="width:{num(_size(grid)[0] * MIN_SCALE)}px">{grid}</div></figure>{side}</div>'
        f'<figure class="fc-card-map" style="width:{num(map_w)}px">{picture}</figure>'
        f"</div>{foot}</div>"
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
