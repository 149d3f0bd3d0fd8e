"""The printable case card: one A4 page per scenario phase (``familycase card``).

A card holds what a caseworker takes to a meeting, on one A4 page in landscape: the phase
title and date; on the left the summary box (duties, what to clarify now, who coordinates;
each citation numbered), the numbered notes on the cited provisions (title, status, note)
and the responsibility grid as a picture (persons × services: a filled dot where a service
holds measures, the count inside, a red ring where one is a duty; a ring where it
cooperates; a dash where it is involved with nothing to do; the columns numbered, a key
naming the services); on the right a compact ecomap (legible in print: its text 7 pt or
more), its legend apart across the foot or under the grid when the page needs it. Print
styles start each card on its own page and never split a picture.

>>> import familycase
>>> from familycase.render.card import cards_document
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> page = cards_document(list(s.play("en"))[:1])
>>> "@page{size:A4" in page and "Phase 1 – Maria phones Nav" in page
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from familycase._text import Lang
from familycase.assess.assessment import Assessment, LegalReference
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
from familycase.render.ecomap.sizes import LINE, MIN_PT, TEXT
from familycase.render.html import STYLE, summary_html
from familycase.render.player import PhaseView
from familycase.render.responsibility import FAMILY, responsibility_table
from familycase.render.summary import Summary, provision_note, status_badge, summarise
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
.fc.fc.fc-card .fc-note-ref{font-size:7pt;font-weight:700;margin-left:.1em}
.fc.fc.fc-card .fc-card-notes{font-size:7pt;line-height:1.2;margin:0 0 1mm;color:#333}
.fc.fc.fc-card ol.fc-card-notes{padding-left:1.4em}
.fc.fc.fc-card ol.fc-card-notes li{margin:0 0 .3mm}
.fc.fc .fc-card-body figcaption{font-weight:700;font-size:9pt;margin-bottom:.5mm}
@media print{.fc.fc.fc-card{break-after:page;page-break-after:always}
.fc.fc.fc-card:last-child{break-after:auto;page-break-after:auto}}
</style>"""

#: The printable page: A4 landscape less 10 mm margins, in CSS pixels (96 per inch).
PAGE_W = 277 / 25.4 * 96  # about 1,047 px
PAGE_H = 190 / 25.4 * 96  # about 718 px
HEAD_H = 34.0  # the card's heading line and the room under it
BODY_PT, NOTE_PT = 8.0, 7.0  # the side column's text, the notes'
CAPTION_H = 16.0  # a figure's caption (9 pt) and the room under it
GAP = 4 / 25.4 * 96  # between the side column and the map
SIDE_MIN = 330.0  # the side column (summary, grid) is never narrower
#: The smallest scale a picture prints at: its smallest text (10.5 px) stays 7 pt.
MIN_SCALE = MIN_PT / (TEXT * 0.75)

CELL = 22.0
LEFT = 120.0  # the widest a row's name may be
HEAD = 18.0  # the row of column numbers
NUMBER_W = 18.0  # a key entry's number
KEY_W = 230.0  # the widest the key beside the grid is
KEY_MIN = 100.0  # the key goes under the grid when there is less room beside it


def grid_svg(a: Assessment, lang: Lang, v: Vocabularies, width: float | None = None) -> str:
    """The responsibility grid as a picture (see the module docstring), as compact as its
    names allow: the columns numbered, and a key ("1 Nav office") beside the grid or, when
    ``width`` (the room, in the picture's pixels) leaves too little beside it, under it.
    No name is cut: a long service name wraps in the key."""
    table = responsibility_table(a)
    t = v.texts(lang)
    duty = {(p or FAMILY, s.responsible) for s in a.duties for p in (s.persons or [FAMILY])}
    labels = [v.services.label(s, lang) for s in table.services]
    rows = [  # a person with nothing in any column and no need left unmet is left out
        r
        for r in table.rows
        if r in table.unserved
        or any(
            table.cell(r, s).measures or table.cell(r, s).cooperates or table.cell(r, s).involved
            for s in table.services
        )
    ]
    whos = [t("family") if r == FAMILY else a.names.get(r, r) for r in rows]
    left = min(LEFT, max((text_width(w, TEXT, bold=True) for w in whos), default=0) + 14)
    last = left + CELL * max(len(table.services), 1)
    bottom = HEAD + CELL * len(rows)
    widest = max((text_width(label, TEXT) for label in labels), default=0) + NUMBER_W + 4
    room = KEY_W if width is None else width - last - 14
    if room >= KEY_MIN:  # the key beside the grid, from its top
        key_x, key_y, key_w = last + 14, HEAD - 4, min(room, widest)
    else:  # the key under the grid, as wide as the room
        key_x, key_y = 4.0, bottom + 10
        key_w = min(max((width or 0) - 8, last - 4), widest)
    svg = Svg()
    y = key_y
    for i, label in enumerate(labels):
        svg.add(f"<g><title>{esc(label)}</title>")
        svg.text(
            left + CELL * i + CELL / 2,
            HEAD - 5,
            str(i + 1),
            size=TEXT,
            weight="bold",
            anchor="middle",
        )
        svg.add("</g>")
        svg.text(key_x, y + 9, str(i + 1), size=TEXT, weight="bold")
        for line in wrap(label, TEXT, key_w - NUMBER_W):
            svg.text(key_x + NUMBER_W, y + 9, line, size=TEXT)
            y += LINE
        y += 2
    for r, row in enumerate(rows):
        cy = HEAD + CELL * r + CELL / 2
        who = whos[r]
        weight = "bold" if row in table.unserved else "normal"
        colour = DUTY if row in table.unserved else INK
        svg.text(
            left - 8,
            cy + 4,
            wrap(who, TEXT, left - 12)[0],
            size=TEXT,
            weight=weight,
            fill=colour,
            anchor="end",
        )
        svg.add(
            f'<path d="M{num(left)},{num(cy + CELL / 2)} H{num(last)}" stroke="#d5dbe1" '
            'stroke-width="1" fill="none"/>'
        )
        for i, service in enumerate(table.services):
            x = left + CELL * i + CELL / 2
            cell = table.cell(row, service)
            names = [v.measures.label(m, lang) for m in (*cell.measures, *cell.cooperates)]
            svg.add(f"<g><title>{esc(who)} · {i + 1} {esc(labels[i])}")
            svg.add(f": {esc('; '.join(names))}</title>" if names else "</title>")
            if cell.measures:
                ring = DUTY if (row, service) in duty else SERVICE_LINE["active"]
                svg.add(
                    f'<circle cx="{num(x)}" cy="{num(cy)}" r="8.5" fill="{SERVICE_LINE["active"]}" '
                    f'stroke="{ring}" stroke-width="{3 if ring == DUTY else 1}"/>'
                )
                svg.text(
                    x,
                    cy + 4,
                    str(len(cell.measures)),
                    size=TEXT,
                    weight="bold",
                    fill=PAPER,
                    anchor="middle",
                )
            elif cell.cooperates:
                svg.add(
                    f'<circle cx="{num(x)}" cy="{num(cy)}" r="7" fill="{PAPER}" '
                    f'stroke="{SERVICE_LINE["active"]}" stroke-width="2"/>'
                )
            elif cell.idle:
                svg.text(x, cy + 4, "–", size=12, fill=MUTED, anchor="middle")
            svg.add("</g>")
    width_out = max(last + 8, key_x + key_w + 4)
    height = max(bottom, y) + 6
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width_out)} {num(height)}" '
        f'style="width:100%;max-width:{num(width_out)}px;height:auto" font-family="{FONT}" '
        f'role="img"><title>{esc(t("responsibility_map"))}</title>' + "".join(svg.parts) + "</svg>"
    )


def _size(svg: str) -> tuple[float, float]:
    """The width and height of an SVG picture's viewBox."""
    box = svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    return float(box[0]), float(box[1])


def _lines(text: str, size: float, width: float) -> int:
    """How many lines ``text`` takes at font ``size`` (px) in ``width`` (on the wide side)."""
    return max(1, math.ceil(text_width(text, size) * 1.05 / max(width, 40.0)))


def _badge(ref: LegalReference, lang: Lang, v: Vocabularies) -> str:
    return "" if ref.status == "confirmed" else status_badge(ref.status, lang, v)


def side_height(
    view: PhaseView, summary: Summary, refs: Sequence[LegalReference], width: float
) -> float:
    """An estimate (on the tall side) of how tall the side column is at ``width`` (px): the
    summary box, the notes and the grid with its caption (not the map's legend)."""
    v, lang = view.vocabularies, view.lang
    t, status = v.texts(lang), v.terms["duty_status"]
    inner = width - 26  # the box's padding and border
    body = BODY_PT * 4 / 3  # px
    line = body * 1.25
    height = 12 + 3 * 20.0  # the box's padding, its three headings
    for d in summary.duties:
        text = f"{status.label(d.status, lang)} {d.label} – {d.persons} {d.urgency or ''}"
        height += _lines(text, body, inner) * line + 4
        if d.legal:
            cites = "; ".join(f"{r.citation.get(lang)}9 {_badge(r, lang, v)}" for r in d.legal)
            height += _lines(cites, body, inner) * line
        asks = d.details if d.status == "unclear" else [f"{t('because')}: {x}" for x in d.details]
        height += sum(_lines(q, body, inner - 14) * line + 2 for q in asks)
    height += sum(_lines(q, body, inner - 14) * line + 4 for q in summary.clarify) or line
    height += _lines(summary.coordinator or "", body, inner) * line + 4
    note = NOTE_PT * 4 / 3
    for ref in refs:
        text = f"{ref.citation.get(lang)}: {provision_note(ref, lang, v)}"
        height += _lines(text, note, width - 14) * note * 1.2 + 1
    if refs:
        height += _lines(t("badge_none_means"), note, width) * note * 1.2 + 4
    grid = grid_svg(view.assessment, lang, v, width=width / MIN_SCALE)
    return height + 8 + CAPTION_H + _size(grid)[1] * MIN_SCALE + 8


def card_ecomap(
    view: PhaseView, side: Callable[[float], float] = lambda w: 0.0
) -> tuple[str, str, float, bool]:
    """The card's compact ecomap, the legend if it stands apart from the map ("" if it is
    inside), the width the map prints at (px) and whether the legend stands in the side
    column (else across the page under the map and the side column): the phase's case laid
    out on its own (narrower than in the scenario's frame, which keeps room for every
    phase), with its duty marks and without its own heading and date (the card's heading
    has them), never below ``MIN_SCALE`` (its text 7 pt or more).

    ``side`` tells how tall the side column is at a width: the map is as large as the page
    allows with the side column beside it. When they do not fit at that scale, the legend
    moves across the foot of the page or, if that is not enough, under the grid in the side
    column (the arrangement that overflows least)."""
    args = {"vocabularies": view.vocabularies, "assessment": view.assessment}
    whole = ecomap_svg(view.case, view.lang, with_heading=False, **args)  # type: ignore[arg-type]
    room_h = PAGE_H - HEAD_H
    tries: list[tuple[float, tuple[str, str, float, bool]]] = []  # (overflow, arrangement)

    def fit(picture: str, key: str, room: float, beside: float = 0.0) -> bool:
        width, height = _size(picture)
        top = min(1.0, (room - CAPTION_H) / height, (PAGE_W - GAP - SIDE_MIN) / width)
        scale = top
        while scale >= MIN_SCALE - 1e-9:
            map_w = width * scale
            over = side(PAGE_W - GAP - map_w) + beside - room
            tries.append((max(over, 0.0), (picture, key, map_w, bool(beside))))
            if over <= 0:
                return True
            scale -= 0.01
        return False

    if fit(whole, "", room_h):
        return tries[-1][1]
    bare = ecomap_svg(view.case, view.lang, with_legend=False, with_heading=False, **args)  # type: ignore[arg-type]
    key = ecomap_svg(view.case, view.lang, legend_width=PAGE_W / MIN_SCALE, **args)  # type: ignore[arg-type]
    if fit(bare, key, room_h - _size(key)[1] * MIN_SCALE - 4):
        return tries[-1][1]
    width = _size(bare)[0] * MIN_SCALE  # the side column as wide as it can be: the legend in it
    key = ecomap_svg(view.case, view.lang, legend_width=(PAGE_W - GAP - width) / MIN_SCALE, **args)  # type: ignore[arg-type]
    if fit(bare, key, room_h, _size(key)[1] * MIN_SCALE + 4):
        return tries[-1][1]
    if not tries:  # too tall at 7 pt even without its legend: printed at 7 pt all the same
        return bare, key, width, True
    return min(tries, key=lambda tried: tried[0])[1]


def notes_html(refs: Sequence[LegalReference], lang: Lang, v: Vocabularies) -> str:
    """The numbered notes under a card's summary: each cited provision's citation, title,
    status (unless confirmed) and note, and what a citation without a badge means."""
    if not refs:
        return ""
    items = "".join(
        f"<li><strong>{esc(ref.citation.get(lang))}</strong>: "
        f"{esc(provision_note(ref, lang, v))}</li>"
        for ref in refs
    )
    none = esc(v.texts(lang)("badge_none_means"))
    return f'<ol class="fc-card-notes">{items}</ol><p class="fc-card-notes">{none}</p>'


def card_html(view: PhaseView) -> str:
    """One phase's card on one A4 page (landscape): the heading; beside the map, the summary
    box (each citation numbered), the notes on the cited provisions, the responsibility grid
    and (when there is no room under the map) the map's legend.

    ``UsageError`` if ``view`` is not a ``PhaseView`` (from the player).
    """
    expect("card_html", view, PhaseView, "a PhaseView (from familycase.render.player)")
    v, lang, a = view.vocabularies, view.lang, view.assessment
    t = v.texts(lang)
    summary = summarise(a, lang, v, case=view.case)
    refs = list({r.provision: r for d in summary.duties for r in d.legal}.values())
    numbers = {ref.provision: i + 1 for i, ref in enumerate(refs)}
    picture, key, map_w, beside = card_ecomap(
        view, lambda width: side_height(view, summary, refs, width)
    )
    legend = f'<figure class="fc-card-legend">{key}</figure>' if key else ""
    side, foot = (legend, "") if beside else ("", legend)
    grid = grid_svg(a, lang, v, width=(PAGE_W - GAP - map_w) / MIN_SCALE)
    return (
        '<div class="fc fc-card"><div class="fc-card-head">'
        f"<h2>{esc(view.title)}</h2>"
        f'<p class="fc-muted">{esc(t("as_of"))}: {esc(view.date.isoformat())} · '
        f"{esc(t('disclaimer'))}</p></div>"
        '<div class="fc-card-body"><div class="fc-card-side">'
        f"{summary_html(summary, lang, v, numbers)}{notes_html(refs, lang, v)}"
        '<figure class="fc-card-grid">'
        f"<figcaption>{esc(t('responsibility_map'))}</figcaption>"
        f'<div style="width:{num(_size(grid)[0] * MIN_SCALE)}px">{grid}</div></figure>{side}</div>'
        f'<figure class="fc-card-map" style="width:{num(map_w)}px">'
        f"<figcaption>{esc(t('ecomap'))}</figcaption>{picture}</figure>"
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
