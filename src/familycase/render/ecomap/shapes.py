"""The ecomap's shapes: person cards and their concern tags, ties, services, and the marks
(duty, new or ended, coordinator, consent, a reporter's key, a violence arrow)."""

from __future__ import annotations

import math

from familycase._text import Lang
from familycase.render._draw import (
    AGE_FILL,
    CATEGORY_COLOUR,
    DUTY,
    FAINT,
    HISTORY_FILL,
    HISTORY_INK,
    INK,
    MUTED,
    PAPER,
    QUALITY_COLOUR,
    SERVICE_LINE,
    UNCLEAR,
    Svg,
    esc,
    fit,
    line_attrs,
    num,
    poly,
    text_width,
    ticks,
    wrap,
    zigzag,
)
from familycase.render.ecomap.layout import (
    KEY_W,
    Bundle,
    Card,
    ServiceNode,
    Tag,
    end,
    extra,
    port,
    ui,
)
from familycase.render.ecomap.sizes import (
    CARD_MIN_H,
    CARD_W,
    LINE,
    NAME_LINE,
    SERVICE_H,
    SERVICE_W,
    TAG_H,
    TEXT,
)
from familycase.rules.vocabulary import Vocabularies

CONSENT = "#2e7d32"  # the consent mark: 5.1:1 on white


def stroke(style: str, quality: str | None) -> tuple[str, float, str | None]:
    """Colour, width and dashes of a tie."""
    if quality == "supportive":
        return QUALITY_COLOUR["supportive"], 2.0, "6 4" if style == "carer" else None
    if quality == "no_contact":
        return QUALITY_COLOUR["no_contact"], 1.6, "2 4"
    if quality in ("stressful", "conflictual"):
        return QUALITY_COLOUR[quality], 1.8, "6 4" if style == "carer" else None
    if style == "parent":
        return INK, 1.5, None
    if style == "carer":
        return INK, 1.5, "6 4"
    if style == "partner":
        return INK, 2.4, None
    if style == "former":
        return MUTED, 2.2, None
    return MUTED, 1.4, None


def segment(
    svg: Svg, a: tuple[float, float], b: tuple[float, float], style: str, quality: str | None
) -> None:
    """The part of a tie that carries its quality (a bar, or a couple's line)."""
    colour, width, dash = stroke(style, quality)
    if quality == "conflictual":
        svg.path(zigzag(*a, *b), colour, width)
    else:
        svg.path(poly([a, b]), colour, width, dash)
    if quality == "stressful":
        ticks(svg, *a, *b, colour)
    if style == "former":
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        for dx in (-3.0, 3.0):
            svg.path(poly([(mx + dx - 4, my + 7), (mx + dx + 4, my - 7)]), INK, 1.6)


def bundle(svg: Svg, b: Bundle, cards: dict[str, Card]) -> None:
    """A bundle of ties: a line from each member to its bar, and the bar."""
    colour, width, dash = stroke(b.style, b.quality)
    xs = []
    for pid in dict.fromkeys((*b.sources, *b.targets)):
        card = cards[pid]
        x = b.ports[pid]
        xs.append(x)
        edge = card.y if card.level >= b.gap else card.bottom
        if b.quality in ("stressful", "conflictual") and abs(edge - b.lane) > 24:
            # the quality shows on the long stretches too, not only on the bar
            segment(svg, (x, edge), (x, b.lane), b.style, b.quality)
        else:
            svg.path(poly([(x, edge), (x, b.lane)]), colour, width, dash)
    if max(xs) - min(xs) > 1:
        segment(svg, (min(xs), b.lane), (max(xs), b.lane), b.style, b.quality)


def couple(svg: Svg, left: Card, right: Card, style: str, quality: str | None) -> None:
    y = left.y + 17
    segment(svg, (left.right, y), (right.left, y), style, quality)


def card(svg: Svg, c: Card, marks: dict[str, str]) -> None:
    """A person's card: name, age, concern tags and marks; every word also in its tooltip."""
    tooltip = [c.name, c.age_text, *[k for tag in c.tags for k in tag.kinds]]
    tooltip += c.duty + c.unclear + c.consents
    if c.duty:
        border, border_w = DUTY, 2.6
    elif c.unclear:
        border, border_w = UNCLEAR, 2.2
    else:
        border, border_w = INK, 1.2
    dash = ' stroke-dasharray="5 3"' if c.age_group == "unknown" and border == INK else ""
    svg.add(f'<g class="fc-person" data-id="{esc(c.pid)}">')
    svg.add(f"<title>{esc(chr(10).join(tooltip))}</title>")
    svg.add(
        f'<rect x="{num(c.left)}" y="{num(c.y)}" width="{num(CARD_W)}" height="{num(c.h)}" '
        f'rx="9" fill="{AGE_FILL.get(c.age_group, PAPER)}" stroke="{border}" '
        f'stroke-width="{border_w}"{dash}/>'
    )
    more = extra(c)
    for i, line in enumerate(c.name_lines):
        y = c.y + 17 + i * NAME_LINE
        svg.text(c.x, y, line, size=c.name_size, weight="bold", anchor="middle")
    svg.text(c.x, c.y + 33 + more, c.age_text, size=TEXT, fill=MUTED, anchor="middle")
    for t in c.tags:
        tag(svg, c.left + t.x, c.y + CARD_MIN_H - 4 + more + t.y, t)
    if c.duty or c.unclear:
        duty_mark(svg, c.right - 10, c.y, bool(c.duty))
    if c.new:
        change_mark(svg, c.left + 6, c.y, marks["new"])
    if c.consents:
        consent_mark(svg, c.left, c.bottom - 12)
    svg.add("</g>")


def change_mark(svg: Svg, x: float, y: float, label: str) -> None:
    """A white pill with a dark border on a card's or service's top-left edge: new (or
    ended) since the previous phase."""
    w = text_width(label, TEXT, bold=True) + 12
    svg.add(
        f'<rect x="{num(x)}" y="{num(y - 9)}" width="{num(w)}" height="17" rx="8.5" '
        f'fill="{PAPER}" stroke="{INK}" stroke-width="1.6"/>'
    )
    svg.text(x + w / 2, y + 3.5, label, size=TEXT, weight="bold", anchor="middle")


def duty_mark(svg: Svg, x: float, y: float, duty: bool) -> None:
    """The '§' mark: a duty concerns the person (red), or a duty is unclear ('§?', amber)."""
    label, colour = ("§", DUTY) if duty else ("§?", UNCLEAR)
    w = 16 if duty else 22
    svg.add(
        f'<rect x="{num(x - w / 2)}" y="{num(y - 8)}" width="{w}" height="16" rx="8" '
        f'fill="{colour}"/>'
    )
    svg.text(x, y + 4, label, size=TEXT, weight="bold", fill=PAPER, anchor="middle")


def consent_mark(svg: Svg, x: float, y: float) -> None:
    """A consent to share information: a green tick in a ring, centred at (x, y)."""
    svg.add(
        f'<circle cx="{num(x)}" cy="{num(y)}" r="7.5" fill="{PAPER}" stroke="{CONSENT}" '
        f'stroke-width="1.6"/><path d="M{num(x - 3.6)},{num(y + 0.2)} L{num(x - 1)},'
        f'{num(y + 3)} L{num(x + 3.8)},{num(y - 3)}" fill="none" stroke="{CONSENT}" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def key_mark(svg: Svg, x: float, y: float, letter: str) -> None:
    """A reporter's key, centred at (x, y): who reported a concern that is not confirmed."""
    svg.add(
        f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(KEY_W / 2)}" fill="{PAPER}" '
        f'stroke="{INK}" stroke-width="1.2"/>'
    )
    svg.text(x, y + 3.8, letter, size=TEXT, weight="bold", anchor="middle")


def tag(svg: Svg, x: float, y: float, t: Tag) -> None:
    """A concern tag: filled on the person it is about, outlined with an arrow on a person
    exposed to it, grey when past; "?" when suspected; a key for each reporter of what is
    not confirmed; a dark dot when new."""
    colour = CATEGORY_COLOUR.get(t.category, MUTED)
    if not t.current:
        fill, line, ink = HISTORY_FILL, FAINT, HISTORY_INK
    elif t.role == "about":
        fill, line, ink = colour, colour, PAPER
    else:
        fill, line, ink = PAPER, colour, colour
    if t.kinds:
        svg.add(f"<g><title>{esc(chr(10).join(t.kinds))}</title>")
    svg.add(
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(t.width)}" height="{num(TAG_H)}" rx="4" '
        f'fill="{fill}" stroke="{line}" stroke-width="1.3"/>'
    )
    tx = x + 5
    if t.role == "exposed":  # an arrow head: something comes at this person
        svg.add(
            f'<path d="M{num(x + 3)},{num(y + 3.5)} L{num(x + 9)},{num(y + 7.5)} '
            f'L{num(x + 3)},{num(y + 11.5)} Z" fill="{ink}"/>'
        )
        tx += 8
    label = fit(t.label, TEXT, t.width - (tx - x) - 3)
    style = "normal" if t.current else "italic"
    svg.text(tx, y + 12, label, size=TEXT, fill=ink, style=style)
    for i, letter in enumerate(t.keys):
        key_mark(svg, x + t.width + 3 + i * KEY_W, y + TAG_H / 2, letter)
    if t.new:  # a concern new since the previous phase: a dark dot on its corner
        svg.add(
            f'<circle cx="{num(x + 1)}" cy="{num(y + 1)}" r="3.6" fill="{INK}" '
            f'stroke="{PAPER}" stroke-width="1.2"/>'
        )
    if t.kinds:
        svg.add("</g>")


def service(svg: Svg, node: ServiceNode, lang: Lang, v: Vocabularies) -> None:
    """A service's box: its name, its status when not active, and its marks."""
    status = node.status
    coordinator = ui(v, "coordinator", lang, "coordinator")
    colour = SERVICE_LINE[status]
    dash = {"active": "", "waiting": ' stroke-dasharray="5 3"', "ended": ' stroke-dasharray="2 3"'}
    fill = "#f7f8fa" if status == "ended" else "#eaf1fb"
    ink = MUTED if status == "ended" else INK
    statuses = ", ".join(
        dict.fromkeys(v.terms["involvement_status"].label(s, lang) for _, s in node.links)
    )
    svg.add(f'<g class="fc-service" data-id="{esc(node.service)}">')
    role = f", {coordinator}" if node.coordinator else ""
    tip = chr(10).join([f"{node.label} ({statuses}{role})", *node.consents])
    svg.add(f"<title>{esc(tip)}</title>")
    svg.add(
        f'<rect x="{num(node.x - SERVICE_W / 2)}" y="{num(node.y)}" width="{num(SERVICE_W)}" '
        f'height="{num(SERVICE_H)}" rx="20" fill="{fill}" stroke="{colour}" stroke-width="1.4"'
        f"{dash[status]}/>"
    )
    lines = wrap(node.label, TEXT, SERVICE_W - 18, 4 if status == "active" else 3)
    if status != "active":
        lines = [*lines, f"({statuses})"]
    base = node.y + SERVICE_H / 2 - (len(lines) - 1) * LINE / 2 + 4
    for i, line in enumerate(lines):
        italic = "italic" if status != "active" and i == len(lines) - 1 else "normal"
        svg.text(node.x, base + i * LINE, line, size=TEXT, fill=ink, anchor="middle", style=italic)
    if node.coordinator:
        coordinator_mark(svg, node.x, node.y, coordinator)
    if node.consents:
        consent_mark(svg, node.x + SERVICE_W / 2 - 14, node.y)
    svg.add("</g>")


def coordinator_mark(svg: Svg, x: float, y: float, label: str) -> None:
    """A pill on a service's top edge: this service coordinates the family's services."""
    w = text_width(label, TEXT, bold=True) + 14
    svg.add(
        f'<rect x="{num(x - w / 2)}" y="{num(y - 9)}" width="{num(w)}" height="17" rx="8.5" '
        f'fill="{INK}"/>'
    )
    svg.text(x, y + 3.5, label, size=TEXT, weight="bold", fill=PAPER, anchor="middle")


def service_lines(svg: Svg, node: ServiceNode, cards: dict[str, Card]) -> None:
    """Lines from a service to its persons: active solid, waiting dashed, ended faint."""
    n = len(node.links)
    for index, (pid, status) in enumerate(node.links):
        spread = (index - (n - 1) / 2) * 12
        if node.band not in ("left", "right"):
            start = (node.x + spread, node.y + (SERVICE_H if node.band == "top" else 0))
        else:
            start = end(node.band, node.x, node.y + SERVICE_H / 2 + spread / 3)
        px, py = port(cards[pid], node.band)
        colour = SERVICE_LINE[status]
        if status == "ended":
            attrs = line_attrs(colour, 1.3, "2 3")
        else:
            attrs = line_attrs(colour, 1.6, "6 4" if status == "waiting" else None, 0.85)
        svg.add(f'<path d="{poly([start, (px, py)])}" {attrs}/>')
        svg.add(f'<circle cx="{num(px)}" cy="{num(py)}" r="2.6" fill="{colour}"/>')


def edge(c: Card, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``c``'s centre toward a point leaves the card."""
    cx, cy = c.x, c.y + c.h / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (CARD_W / 2 + 3) / abs(dx) if dx else math.inf,
        (c.h / 2 + 3) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


def arrow(svg: Svg, a: tuple[float, float], b: tuple[float, float]) -> None:
    """A violence arrow from ``a`` to ``b``: a thick dashed red line with a head at ``b``."""
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    base = (b[0] - ux * 11, b[1] - uy * 11)
    svg.path(poly([a, base]), CATEGORY_COLOUR["violence"], 2.6, "9 3")
    left = (base[0] - uy * 6, base[1] + ux * 6)
    right = (base[0] + uy * 6, base[1] - ux * 6)
    svg.add(f'<path d="{poly([b, left, right])} Z" fill="{CATEGORY_COLOUR["violence"]}"/>')
