"""The ecomap's legend: the symbols the map draws, and only those, each with its meaning in
nb, nn or en; and the key of who reported what is not confirmed."""

from __future__ import annotations

from familycase._text import Lang
from familycase.render._draw import (
    AGE_FILL,
    HOUSE_FILL,
    HOUSE_LINE,
    INK,
    QUALITY_COLOUR,
    SERVICE_LINE,
    Svg,
    esc,
    num,
    poly,
    text_width,
    wrap,
)
from familycase.render.ecomap import shapes
from familycase.render.ecomap.layout import KEY_W, Layout, Tag, ui
from familycase.render.ecomap.sizes import LEGEND_TITLE, LINE, MARGIN, TEXT
from familycase.rules.vocabulary import Vocabularies

ENTRY_W = 200  # a legend entry's text wraps at this width
SYMBOL_W = 50  # the symbol and the room after it


def used(lay: Layout, arrows: list[tuple[str, str]]) -> set[str]:
    """The legend's symbols the map draws: a legend of what is on the page only."""
    out = {f"card:{c.age_group}" for c in lay.cards.values()}
    out |= {"box"} if lay.households else set()
    for b in lay.bundles:
        out.add(f"line:{b.style}")
        out |= {f"quality:{b.quality}"} if b.quality in QUALITY_COLOUR else set()
    for _, _, style, quality in lay.couples:
        out.add(f"line:{style}")
        out |= {f"quality:{quality}"} if quality in QUALITY_COLOUR else set()
    out.discard("quality:neutral")
    for node in lay.services:
        out |= {f"service:{status}" for _, status in node.links}
        out |= {"coordinator"} if node.coordinator else set()
        out |= {"consent"} if node.consents else set()
    for card in lay.cards.values():
        for tag in card.tags:
            if not tag.current:
                out.add("tag:history")
            else:
                out.add(f"tag:{tag.role}")
            out |= {"tag:suspected"} if tag.suspected else set()
        out |= {"duty:duty"} if card.duty else set()
        out |= {"duty:unclear"} if card.unclear and not card.duty else set()
        out |= {"consent"} if card.consents else set()
    out |= {"arrow:violence"} if arrows else set()
    out |= {"change:new"} if any(c.new for c in lay.cards.values()) else set()
    out |= {"change:new"} if any(n.change == "new" for n in lay.services) else set()
    out |= {"change:ended"} if any(n.change == "ended" for n in lay.services) else set()
    out |= {"tag:new"} if any(t.new for c in lay.cards.values() for t in c.tags) else set()
    out |= {f"key:{letter}" for letter, _ in lay.reporters}
    out |= {"reported"} if lay.reporters else set()
    return out


def legend(
    svg: Svg, top: float, width: float, lang: Lang, v: Vocabularies, lay: Layout, symbols: set[str]
) -> float:
    """Draw the legend of the symbols in ``symbols`` from ``top``; return its height."""
    t = v.texts(lang)
    quality = v.terms["relation_quality"]
    status = v.terms["involvement_status"]
    age = v.terms["age_group"]
    service = t("ecomap_service")
    entries: list[tuple[str, str]] = [
        ("card:child", age.label("child", lang)),
        ("card:young_adult", age.label("young_adult", lang)),
        ("card:adult", age.label("adult", lang)),
        ("card:unknown", age.label("unknown", lang)),
        ("box", t("household")),
        ("line:parent", t("ecomap_parent_child")),
        ("line:carer", t("ecomap_carer")),
        ("line:partner", v.relation_kinds.label("partner", lang)),
        ("line:former", v.relation_kinds.label("former_partner", lang)),
        ("line:tie", t("ecomap_tie")),
        ("quality:supportive", quality.label("supportive", lang)),
        ("quality:stressful", quality.label("stressful", lang)),
        ("quality:conflictual", quality.label("conflictual", lang)),
        ("quality:no_contact", quality.label("no_contact", lang)),
        ("arrow:violence", t("ecomap_violence_arrow")),
        ("service:active", f"{service}: {status.label('active', lang)}"),
        ("service:waiting", f"{service}: {status.label('waiting', lang)}"),
        ("service:ended", f"{service}: {status.label('ended', lang)}"),
        ("coordinator", t("ecomap_coordinator")),
        ("consent", t("ecomap_consent")),
        ("tag:about", t("ecomap_concern_about")),
        ("tag:exposed", t("ecomap_concern_exposed")),
        ("tag:suspected", t("ecomap_concern_suspected")),
        ("tag:history", t("ecomap_concern_history")),
        ("duty:duty", t("ecomap_duty")),
        ("duty:unclear", t("ecomap_unclear_duty")),
        ("change:new", t("ecomap_new")),
        ("change:ended", t("ecomap_ended")),
        ("tag:new", t("ecomap_concern_new")),
    ]
    entries.append(("reported", t("ecomap_reported_by")))
    entries += [(f"key:{letter}", who) for letter, who in lay.reporters]
    entries = [(kind, label) for kind, label in entries if kind in symbols]
    marks = {
        "coordinator": ui(v, "coordinator", lang, "coordinator"),
        "new": ui(v, "ecomap_new_mark", lang, "new"),
        "ended": v.terms["involvement_status"].label("ended", lang),
    }
    svg.add('<g class="fc-legend">')
    # the title, then the entries flow in rows, each as wide as its label (at most two lines
    # of ENTRY_W)
    svg.text(MARGIN, top + 14, t("legend"), size=LEGEND_TITLE, weight="bold")
    x, y, row_h = MARGIN + text_width(t("legend"), LEGEND_TITLE, bold=True) + 18, top + 2, 20.0
    for kind, label in entries:
        lines = wrap(label, TEXT, ENTRY_W)
        gap = KEY_W + 5 if kind.startswith("key:") else SYMBOL_W  # a key: only its letter
        entry_w = gap + max(text_width(line, TEXT) for line in lines) + 18
        if x > MARGIN and x + entry_w > width - MARGIN:
            x, y, row_h = float(MARGIN), y + row_h, 20.0
        svg.add(f'<g class="fc-legend-entry" data-symbol="{esc(kind)}">')
        _symbol(svg, kind, x, y, marks)
        for i, line in enumerate(lines):
            svg.text(x + gap, y + 12 + i * LINE, line, size=TEXT)
        svg.add("</g>")
        row_h = max(row_h, 20 + LINE * (len(lines) - 1))
        x += entry_w
    bottom = y + row_h
    svg.add("</g>")
    return bottom - top + 4


def _symbol(svg: Svg, kind: str, x: float, y: float, marks: dict[str, str]) -> None:
    group, _, what = kind.partition(":")
    mid = y + 8
    if group == "change":
        shapes.change_mark(svg, x, y + 8, marks[what])
    elif group == "arrow":
        shapes.arrow(svg, (x, mid), (x + 40, mid))
    elif group == "coordinator":
        w = min(text_width(marks["coordinator"], TEXT, bold=True) + 14, 46)
        svg.add(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="16" rx="8" fill="{INK}"/>'
        )
    elif group == "consent":
        shapes.consent_mark(svg, x + 10, mid)
    elif group == "key":
        shapes.key_mark(svg, x + KEY_W / 2, mid, what)
    elif group == "reported":
        shapes.tag(svg, x, y, Tag("violence", "about", True, False, "", width=26, keys=[""]))
    elif group == "card":
        dash = ' stroke-dasharray="5 3"' if what == "unknown" else ""
        svg.add(
            f'<rect x="{num(x)}" y="{num(y)}" width="40" height="16" rx="5" '
            f'fill="{AGE_FILL[what]}" stroke="{INK}" stroke-width="1.2"{dash}/>'
        )
    elif group == "box":
        svg.add(
            f'<rect x="{num(x)}" y="{num(y - 1)}" width="40" height="18" rx="7" '
            f'fill="{HOUSE_FILL}" stroke="{HOUSE_LINE}" stroke-width="1.3"/>'
        )
    elif group == "line" and what in ("parent", "carer"):
        colour, width, pattern = shapes.stroke(what, None)
        points = [(x + 4, y), (x + 4, mid), (x + 36, mid), (x + 36, y + 16)]
        svg.path(poly(points), colour, width, pattern)
    elif group in ("line", "quality"):
        style = what if group == "line" else "tie"
        shapes.segment(svg, (x, mid), (x + 40, mid), style, what if group == "quality" else None)
    elif group == "service":
        colour = SERVICE_LINE[what]
        dashes = {"active": None, "waiting": "6 4", "ended": "2 3"}[what]
        svg.path(poly([(x, mid), (x + 22, mid)]), colour, 1.6, dashes)
        fill = "#f7f8fa" if what == "ended" else "#eaf1fb"
        pattern = f' stroke-dasharray="{dashes}"' if dashes else ""
        svg.add(
            f'<rect x="{num(x + 22)}" y="{num(y)}" width="20" height="16" rx="8" fill="{fill}" '
            f'stroke="{colour}" stroke-width="1.4"{pattern}/>'
        )
    elif kind == "tag:new":
        shapes.tag(svg, x, y, Tag("violence", "about", True, False, "", width=40, new=True))
    elif group == "tag":
        tag = Tag(
            "violence",
            "exposed" if what == "exposed" else "about",
            what != "history",
            what == "suspected",
            "?" if what == "suspected" else "",
            width=40,
        )
        shapes.tag(svg, x, y, tag)
    elif group == "duty":
        shapes.duty_mark(svg, x + 20, y + 8, what == "duty")
