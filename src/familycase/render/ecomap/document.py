"""The ecomap as an SVG document: the heading, the layout drawn, the legend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from familycase._text import Lang, join_names
from familycase.case.model import Case
from familycase.render._args import expect
from familycase.render._draw import (
    FONT,
    HOUSE_FILL,
    HOUSE_LINE,
    MUTED,
    PAPER,
    Svg,
    esc,
    num,
    text_width,
    wrap,
)
from familycase.render.ecomap import shapes
from familycase.render.ecomap.grid import violence_pairs
from familycase.render.ecomap.layout import Frame, Layout, _checked, layout, ui
from familycase.render.ecomap.legend import legend, used
from familycase.render.ecomap.sizes import (
    DATE,
    HEADING,
    HEADING_LINE,
    MARGIN,
    SERVICE_W,
    TEXT,
    TITLE_H,
)
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.assess.assessment import Assessment


def ecomap_svg(
    case: Case,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    assessment: Assessment | None = None,
    title: str | None = None,
    since: Case | None = None,
    frame: Frame | None = None,
    legend_width: float | None = None,
    with_legend: bool = True,
    with_heading: bool = True,
) -> str:
    """The ecomap of ``case`` as an SVG document (a string), with labels in ``lang``.

    ``legend_width`` draws the legend alone (no map), its entries flowing in rows of that
    width (in pixels), and ``with_legend=False`` the map without it: a printed card sets
    the legend beside the map when the page has no room below it (``render.card``).
    ``with_heading=False`` leaves out the map's heading and date (a card shows them).

    ``frame`` (``scenario_frame`` of a scenario's phases, ``case`` among them) keeps each
    person and each service in the same place in every phase's map.

    ``since`` (the previous phase's case) marks the persons and services that are new since
    then, the services that ended, and (a dark dot) the concerns that are new.

    ``assessment`` (of the same case) marks the persons a duty concerns (§) or for whom a
    duty is unclear (§?); ``title`` is added to the heading (e.g. a scenario phase's
    title). Nothing is written to disk.

    ``UsageError`` if ``case`` is not a ``Case``, ``assessment`` is neither an
    ``Assessment`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = _checked("ecomap_svg", case, lang, assessment)
    v = vocabularies or load_vocabularies()
    if since is not None:
        expect("ecomap_svg", since, Case, "since= to be a familycase.Case or None")
    lay = layout(case, lang, vocabularies=v, assessment=assessment, since=since, frame=frame)
    cards = lay.cards
    body = Svg()
    if legend_width is not None:
        return _legend_only(body, lay, lang, v, legend_width, violence_pairs(case, v))
    heading = v.text("ecomap").get(lang) + (f" · {title}" if title else "")
    date_text = f"{v.text('as_of').get(lang)}: {case.as_of.isoformat()}"
    room = lay.width - 2 * MARGIN - text_width(date_text, DATE) - 16
    if not with_heading:  # the map moves up into the heading's room
        shift = -TITLE_H
    elif text_width(heading, HEADING, bold=True) <= room:  # the date beside the heading
        body.text(MARGIN, MARGIN + 14, heading, size=HEADING, weight="bold")
        body.text(lay.width - MARGIN, MARGIN + 14, date_text, size=DATE, fill=MUTED, anchor="end")
        shift = 0.0
    else:  # the heading wraps, the date under it, and the map moves down
        title_lines = wrap(heading, HEADING * 1.08, lay.width - 2 * MARGIN)
        for i, line in enumerate(title_lines):
            body.text(MARGIN, MARGIN + 14 + i * HEADING_LINE, line, size=HEADING, weight="bold")
        shift = HEADING_LINE * len(title_lines) + 2
        body.text(MARGIN, MARGIN + shift + 10, date_text, size=DATE, fill=MUTED)
    body.add(f'<g transform="translate(0 {num(shift)})">')
    for hid, x, y, w, h in lay.households:
        members = next(hh.members for hh in case.households if hh.id == hid)
        label = v.text("household").get(lang)
        body.add(f'<g class="fc-household" data-id="{esc(hid)}">')
        who = join_names([cards[m].name for m in members], lang)
        body.add(f"<title>{esc(label)}: {esc(who)}</title>")
        body.add(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="16" '
            f'fill="{HOUSE_FILL}" stroke="{HOUSE_LINE}" stroke-width="1.4"/>'
        )
        body.text(x + 12, y + 15, label, size=TEXT, fill=MUTED, weight="bold")
        body.add("</g>")
    for node in lay.services:
        shapes.service_lines(body, node, cards)
    for bundle in lay.bundles:
        shapes.bundle(body, bundle, cards)
    for left, right, style, quality in lay.couples:
        shapes.couple(body, cards[left], cards[right], style, quality)
    arrows = violence_pairs(case, v)
    for source, target in arrows:
        a, b = cards[source], cards[target]
        start = shapes.edge(a, (b.x, b.y + b.h / 2))
        body.add(f'<g class="fc-violence" data-from="{esc(source)}" data-to="{esc(target)}">')
        body.add(f"<title>{esc(ui(v, 'ecomap_violence_arrow', lang, ''))}: ")
        body.add(f"{esc(a.name)} → {esc(b.name)}</title>")
        shapes.arrow(body, start, shapes.edge(b, start))
        body.add("</g>")
    marks = {
        "new": v.text("ecomap_new_mark").get(lang),
        "ended": v.terms["involvement_status"].label("ended", lang),
    }
    for card in cards.values():
        shapes.card(body, card, marks)
    for node in lay.services:
        shapes.service(body, node, lang, v)
        if node.change is not None:
            shapes.change_mark(body, node.x - SERVICE_W / 2 + 8, node.y - 6, marks[node.change])
    legend_h = (
        legend(body, lay.height, lay.width, lang, v, lay, used(lay, arrows)) if with_legend else 0.0
    )
    body.add("</g>")
    width, height = lay.width, lay.height + legend_h + MARGIN / 2 + shift
    names = join_names([c.name for c in cards.values()], lang)
    # no fixed size: the picture scales to the page or the cell, never above its own size
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'style="width:100%;max-width:{num(width)}px;height:auto" font-family="{FONT}" '
        f'role="img"><title>{esc(heading)}: {esc(names)} ({esc(case.as_of.isoformat())})</title>'
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="{PAPER}"/>'
    )
    return head + "".join(body.parts) + "</svg>\n"


def _legend_only(
    body: Svg, lay: Layout, lang: Lang, v: Vocabularies, width: float, arrows: list[tuple[str, str]]
) -> str:
    """The legend of ``lay``'s symbols alone, flowing in rows of ``width``."""
    height = legend(body, MARGIN / 2, width, lang, v, lay, used(lay, arrows)) + MARGIN / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'style="width:100%;max-width:{num(width)}px;height:auto" font-family="{FONT}" '
        f'role="img"><title>{esc(v.text("legend").get(lang))}</title>'
        + "".join(body.parts)
        + "</svg>\n"
    )
