"""The ecomap: a family, its households, ties, concerns and services as SVG, in pure Python.

``ecomap_svg(case)`` draws the case as it stands on its evaluation date:

- **persons** as cards (a neutral shape: the model has no gender) with name and age; the
  card's colour shows the age group. Generations are rows (parents above their children),
  computed from the relations; persons with no relation are placed by age.
- **households** side by side, each a rounded box around its members; persons who live in
  no household stand outside the boxes, above or beside their relatives.
- **ties**: parent and child joined by a line through a bar above the children (other
  carers: dashed), partners side by side joined by a line (former partners with a double
  slash), and other family and network ties as curves. The quality of a tie shows in its
  line: supportive thick and green, stressful with cross-ticks, conflictual zigzag, no
  contact dotted.
- **concerns** as small tags on the persons they are about (filled), and on the persons
  exposed to them (outlined, with a mark); suspected ones end in "?", past or resolved ones
  are grey. A tag names the concern's category; the card's tooltip names every concern.
- **services** in a band above and below the family, with lines to the persons they serve:
  active solid, waiting dashed, ended faint and dotted.
- a **legend**, and, when an ``assessment`` is given, a mark on the persons a duty concerns.

Every text comes from the vocabularies (nb, nn or en) or from the case, and every text is
escaped: a name like ``<script>`` is drawn as those characters. The layout is deterministic
(the same case gives the same SVG, byte for byte) and needs no fonts or system programs;
text widths are estimated.

>>> import familycase
>>> from familycase.render.svg import ecomap_svg
>>> case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
>>> svg = ecomap_svg(case, "en")
>>> svg.startswith("<svg") and "Maria" in svg and "Ecomap" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from familycase._text import Lang, join_names
from familycase.case.graph import CaseGraph
from familycase.case.model import Case, Concern, Relation
from familycase.render._args import CASE, checked, expect
from familycase.render._draw import (
    AGE_FILL,
    CATEGORY_COLOUR,
    DUTY,
    FAINT,
    FONT,
    HISTORY_FILL,
    HISTORY_INK,
    HOUSE_FILL,
    HOUSE_LINE,
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
from familycase.render._generations import (
    GENERATION_STEP,
    Frame,
    crosses,
    generations,
    violence_pairs,
)
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.assess.assessment import Assessment

# -- geometry (pixels) ---------------------------------------------------------------------
CARD_W = 136
SLOT_W = 146  # a card and the gutter beside it
CARD_MIN_H = 44
ROW_GAP = 58  # between two generations: room for the bars joining parents and children
BOX_PAD = 12
BOX_LABEL = 18
COLUMN_GAP = 22
MARGIN = 16
TITLE_H = 34
SERVICE_W = 144
SERVICE_H = 52  # room for four lines of a service's name
SERVICE_GAP = 10
SIDE_GAP = 40  # between a side band and the family
SIDE_PENALTY = 240.0  # a service beside the family counts as this much further away
BAND_GAP = 28  # between the service bands and the family
TAG_H = 16
TAG_SIZE = 10.5  # the smallest text: 7.9 pt at 100 %, legible on A4 down to 89 %
NAME_LINE = 14
TAG_GAP = 3


_PARENT_KINDS = frozenset({"parent"})
_SIBLINGS = frozenset({"sibling", "half_sibling"})


# -- the layout ----------------------------------------------------------------------------
@dataclass
class Tag:
    """A concern mark on a person: a category, about or exposed, current or history."""

    category: str
    role: str  # "about" | "exposed"
    current: bool
    suspected: bool
    label: str
    kinds: list[str] = field(default_factory=list)  # the concern kinds' labels (tooltip)
    new: bool = False  # a concern that was not in the case the map is compared with
    width: float = 0.0
    x: float = 0.0  # relative to the card
    y: float = 0.0


@dataclass(repr=False)
class Card:
    """A person's card: where it is and what it shows."""

    def __repr__(self) -> str:  # ids only: never names
        return f"Card(pid={self.pid!r}, level={self.level}, x={self.x:.0f}, y={self.y:.0f})"

    pid: str
    name: str
    age_text: str
    age_group: str
    level: int
    column: int
    tags: list[Tag]
    boxed: bool
    duty: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    name_lines: list[str] = field(default_factory=list)
    name_size: float = 12.5
    new: bool = False  # not in the case the map is compared with (the previous phase)
    x: float = 0.0  # centre
    y: float = 0.0  # top
    h: float = CARD_MIN_H

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def left(self) -> float:
        return self.x - CARD_W / 2

    @property
    def right(self) -> float:
        return self.x + CARD_W / 2


@dataclass
class ServiceNode:
    """A service and the persons it is involved with."""

    service: str
    label: str
    links: list[tuple[str, str]]  # (person id, involvement status)
    coordinator: bool = False  # coordinates the family's services (an active involvement)
    change: str | None = None  # "new" or "ended" since the case the map is compared with
    band: str = "bottom"  # "top" | "bottom"
    anchor: float = 0.0
    x: float = 0.0  # centre
    y: float = 0.0  # top

    @property
    def status(self) -> str:
        """The node's status: active if any link is active, then waiting, else ended."""
        statuses = {s for _, s in self.links}
        for status in ("active", "waiting"):
            if status in statuses:
                return status
        return "ended"


@dataclass
class Bundle:
    """Ties drawn together: each member joins a horizontal bar (a lane between two rows).

    ``style`` is ``parent`` (parents and their children), ``carer`` (step, foster and
    temporary carers), ``partner``, ``former`` (former partners) or ``tie`` (other family
    and network ties); ``quality`` is the relation quality, if given.
    """

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    style: str
    quality: str | None
    gap: int = 0  # the lane is in the gap above row ``gap`` (``rows`` = below the last row)
    lane: float = 0.0
    ports: dict[str, float] = field(default_factory=dict)  # x where each member joins


@dataclass
class Layout:
    """Where everything goes. Built by ``layout``; drawn by ``ecomap_svg``."""

    cards: dict[str, Card]
    households: list[tuple[str, float, float, float, float]]  # id, x, y, w, h
    services: list[ServiceNode]
    bundles: list[Bundle]
    couples: list[tuple[str, str, str, str | None]]  # left, right, style, quality
    width: float
    height: float
    frame: Frame = field(default_factory=Frame)  # what this layout measured


def _ui(v: Vocabularies, key: str, lang: Lang, default: str) -> str:
    text = v.ui.get(key)
    return text.get(lang) if text is not None else default


def _tags(
    case: Case, pid: str, lang: Lang, v: Vocabularies, known: frozenset[str] | None = None
) -> list[Tag]:
    groups: dict[tuple[bool, str, str], list[Concern]] = {}
    for concern in case.concerns:
        roles = (["about"] if pid in concern.about else []) + (
            ["exposed"] if pid in concern.exposed else []
        )
        category = str(v.concern_kinds[concern.kind].attr("category", "social"))
        current = concern.status == "current"
        for role in roles if current else roles[:1]:  # history: one grey tag per category
            groups.setdefault((current, role if current else "about", category), []).append(concern)
    categories = list(CATEGORY_COLOUR)

    def order(key: tuple[bool, str, str]) -> tuple[bool, bool, int]:
        current, role, category = key
        rank = categories.index(category) if category in categories else len(categories)
        return (not current, role != "about", rank)

    tags = []
    for key in sorted(groups, key=order):
        current, role, category = key
        concerns = groups[key]
        suspected = current and all(c.certainty == "suspected" for c in concerns)
        label = _ui(v, f"category_{category}", lang, category) + ("?" if suspected else "")
        kinds = []
        for c in concerns:
            details = ", ".join(
                [
                    v.terms["concern_status"].label(c.status, lang),
                    v.terms["certainty"].label(c.certainty, lang),
                ]
            )
            prefix = f"{_ui(v, 'exposed', lang, 'exposed')}: " if role == "exposed" else ""
            kinds.append(f"{prefix}{v.concern_kinds.label(c.kind, lang)} ({details})")
        new = known is not None and any(c.id not in known for c in concerns)
        tags.append(Tag(category, role, current, suspected, label, kinds, new=new))
    return tags


def _name(name: str) -> tuple[float, list[str]]:
    """A name's font size and lines: smaller before it wraps, never cut."""
    for size in (12.5, 11.5, 10.5):
        if text_width(name, size, bold=True) <= CARD_W - 16:
            return size, [name]
    return 10.5, wrap(name, 10.5 * 1.08, CARD_W - 16)


def _extra(card: Card) -> float:
    """The height a card's name takes beyond one line."""
    return NAME_LINE * (len(card.name_lines) - 1)


def _place_tags(tags: list[Tag]) -> float:
    """Flow the tags inside a card; return the height they take."""
    inner = CARD_W - 12
    x, y = 0.0, 0.0
    for tag in tags:
        mark = 8.0 if tag.role == "exposed" else 0.0
        tag.width = min(text_width(tag.label, TAG_SIZE) + 10 + mark, inner)
        if x and x + tag.width > inner:
            x, y = 0.0, y + TAG_H + TAG_GAP
        tag.x, tag.y = 6 + x, y
        x += tag.width + 4
    return (y + TAG_H + 6) if tags else 0.0


def _style(kind: str, v: Vocabularies) -> str:
    if kind in _PARENT_KINDS:
        return "parent"
    if v.relation_kinds[kind].attr("caregiving", False):
        return "carer"
    if str(v.relation_kinds[kind].attr("ecomap", "network")) == "partner":
        return "partner" if kind == "partner" else "former"
    return "tie"


_STYLE_RANK = {"parent": 0, "carer": 1, "partner": 2, "former": 3, "tie": 4}


def _bundles(
    case: Case, cards: dict[str, Card], v: Vocabularies
) -> tuple[list[Bundle], list[tuple[str, str, str, str | None]]]:
    """The ties to draw: one per pair of persons (the closest kind wins), gathered into
    bundles of shared ends; partners side by side become couples (a short line)."""
    chosen: dict[frozenset[str], tuple[Relation, str]] = {}
    for rel in case.relations:
        if not rel.current(case.as_of):
            continue
        pair = frozenset((rel.from_, rel.to))
        style = _style(rel.kind, v)
        if pair in chosen:
            old, old_style = chosen[pair]
            better = _STYLE_RANK[style] < _STYLE_RANK[old_style]
            if not better and not (old.quality is None and rel.quality is not None):
                continue
            if not better:  # keep the closer kind, take the quality that was missing
                chosen[pair] = (old.model_copy(update={"quality": rel.quality}), old_style)
                continue
        chosen[pair] = (rel, style)
    parents: dict[str, set[str]] = {}
    for rel, style in chosen.values():
        if style == "parent":
            parents.setdefault(rel.to, set()).add(rel.from_)
    couples: list[tuple[str, str, str, str | None]] = []
    by_target: dict[tuple[str, str, str | None], list[str]] = {}
    for rel, style in chosen.values():
        a, b = cards[rel.from_], cards[rel.to]
        shared = parents.get(a.pid, set()) & parents.get(b.pid, set())
        if rel.kind in _SIBLINGS and rel.quality in (None, "neutral") and shared:
            continue  # siblings are shown by their parents' bar
        if style in ("partner", "former") and a.level == b.level:
            left, right = sorted((a, b), key=lambda c: c.x)
            between = any(c.level == a.level and left.x < c.x < right.x for c in cards.values())
            if not between:
                couples.append((left.pid, right.pid, style, rel.quality))
                continue
        source, target = (a, b) if (a.level, 0) <= (b.level, 0) else (b, a)
        if style in ("parent", "carer"):
            source, target = a, b
        by_target.setdefault((target.pid, style, rel.quality), []).append(source.pid)
    grouped: dict[tuple[tuple[str, ...], str, str | None], list[str]] = {}
    for (end, style, quality), sources in by_target.items():
        key = (tuple(sorted(set(sources), key=lambda p: cards[p].x)), style, quality)
        grouped.setdefault(key, []).append(end)
    bundles = [
        Bundle(sources, tuple(sorted(targets, key=lambda p: cards[p].x)), style, quality)
        for (sources, style, quality), targets in grouped.items()
    ]
    bundles.sort(key=lambda b: (_STYLE_RANK[b.style], min(cards[p].x for p in b.sources)))
    return bundles, couples


def _checked(function: str, case: object, lang: object, assessment: object) -> Lang:
    if assessment is not None:
        from familycase.assess.assessment import Assessment  # noqa: PLC0415 (kept light: a Case's picture)

        expect(function, assessment, Assessment, "assessment= to be an Assessment or None")
    return checked(function, case, Case, CASE, lang)


def layout(
    case: Case,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    assessment: Assessment | None = None,
    since: Case | None = None,
    frame: Frame | None = None,
) -> Layout:
    """Compute where every card, box, tie and service goes (deterministic); with ``since``
    (the previous phase's case), which persons, concerns and services are new or ended.

    ``UsageError`` if ``case`` is not a ``Case``, ``assessment`` is neither an
    ``Assessment`` nor None, or ``lang`` is not nb, nn or en.
    """
    lang = _checked("layout", case, lang, assessment)
    v = vocabularies or load_vocabularies()
    graph = CaseGraph(case, v)
    level = generations(case, graph)
    years = _ui(v, "age_years", lang, "")
    unknown_age = _ui(v, "age_unknown", lang, "?")
    duty: dict[str, list[str]] = {}
    unclear: dict[str, list[str]] = {}
    if assessment is not None:
        for s in assessment.suggestions:
            if s.obligation == "duty":
                for pid in s.persons:
                    duty.setdefault(pid, []).append(s.label.get(lang))
        for u in assessment.unclear_duties:
            for pid in u.persons:
                unclear.setdefault(pid, []).append(u.label.get(lang))

    # columns: one per household (in case order); persons who live in no household stand
    # above or below a relative's household, or in a last column of their own
    house_of = {pid: h.id for h in case.households for pid in h.members}
    columns: list[list[str]] = [list(h.members) for h in case.households]
    column_of = {pid: i for i, h in enumerate(case.households) for pid in h.members}
    spans = [(min(level[p] for p in m), max(level[p] for p in m)) for m in columns]
    loose: list[str] = []
    for person in case.persons:
        if person.id in column_of:
            continue
        anchor = None
        for rel in case.relations:
            if rel.current(case.as_of) and person.id in (rel.from_, rel.to):
                other = rel.to if rel.from_ == person.id else rel.from_
                if other in house_of:
                    anchor = column_of[other]
                    break
        if anchor is not None and not spans[anchor][0] <= level[person.id] <= spans[anchor][1]:
            columns[anchor].append(person.id)
            column_of[person.id] = anchor
        else:
            loose.append(person.id)
    if loose:
        columns.append(loose)
        for pid in loose:
            column_of[pid] = len(columns) - 1

    cards: dict[str, Card] = {}
    for person in case.persons:
        age = graph.age(person.id)
        known = frozenset(c.id for c in since.concerns) if since is not None else None
        tags = _tags(case, person.id, lang, v, known)
        card = Card(
            pid=person.id,
            name=person.name,
            age_text=f"{age} {years}".strip() if age is not None else unknown_age,
            age_group=graph.age_group(person.id),
            level=level[person.id],
            column=column_of[person.id],
            tags=tags,
            boxed=person.id in house_of,
            duty=duty.get(person.id, []),
            unclear=unclear.get(person.id, []),
        )
        card.new = since is not None and person.id not in {p.id for p in since.persons}
        card.name_size, card.name_lines = _name(person.name)
        card.h = CARD_MIN_H + _extra(card) + _place_tags(tags)
        cards[person.id] = card
    rows_n = max(level.values()) + 1

    # x: each column as wide as its widest row, its rows centred; row by row from the top,
    # children are ordered under their parents (half-siblings on their own parent's side)
    parents_of: dict[str, list[str]] = {}
    for rel in case.relations:
        step = GENERATION_STEP.get(rel.kind)
        if rel.current(case.as_of) and step == 1 and rel.kind != "aunt_uncle":
            parents_of.setdefault(rel.to, []).append(rel.from_)
    fixed = frame or Frame()
    keys = [h.id for h in case.households] + ([""] if loose else [])
    measured = Frame()
    x = float(MARGIN)
    column_x: list[tuple[float, float]] = []
    cells: dict[tuple[int, int], list[str]] = {}
    for col, column in enumerate(columns):
        for pid in column:
            cells.setdefault((col, level[pid]), []).append(pid)
        slots = max(len(cells[(col, r)]) for r in range(rows_n) if (col, r) in cells)
        measured.slots[keys[col]] = slots
        slots = max(slots, fixed.slots.get(keys[col], 0))
        column_x.append((x, slots * SLOT_W))
        x += slots * SLOT_W + COLUMN_GAP
    family_width = x - COLUMN_GAP - MARGIN

    def under_parents(pid: str) -> float:
        card = cards[pid]
        above = [cards[p].x for p in parents_of.get(pid, []) if cards[p].level < card.level]
        return sum(above) / len(above) if above else card.x

    for r in range(rows_n):
        for col, (cx, cw) in enumerate(column_x):
            row = cells.get((col, r), [])
            start = cx + (cw - len(row) * SLOT_W) / 2
            for i, pid in enumerate(row):
                cards[pid].x = start + SLOT_W * (i + 0.5)
            for i, pid in enumerate(sorted(row, key=under_parents)):
                cards[pid].x = start + SLOT_W * (i + 0.5)

    # ties: lanes between the rows, as many as each gap needs
    bundles, couples = _bundles(case, cards, v)
    lanes: dict[int, int] = {}
    for bundle in bundles:
        levels = [cards[p].level for p in (*bundle.sources, *bundle.targets)]
        if min(levels) < max(levels):
            bundle.gap = max(levels)
        else:
            bundle.gap = levels[0] + 1 if levels[0] + 1 < rows_n else levels[0]
        bundle.lane = lanes.get(bundle.gap, 0)
        lanes[bundle.gap] = int(bundle.lane) + 1

    # y, relative to the top of the family; a gap's lanes sit just above its row's boxes
    def gap_height(g: int) -> float:
        measured.gaps[g] = _gap(g)
        return max(measured.gaps[g], fixed.gaps.get(g, 0.0))

    def _gap(g: int) -> float:
        need = 14 + LANE * lanes.get(g, 0)
        if g == 0:
            return need if lanes.get(g) else 0
        if g == rows_n:
            return need - 4 if lanes.get(g) else 0
        return max(ROW_GAP, need + BOX_LABEL + BOX_PAD + 14)

    row_top: list[float] = []
    y = gap_height(0) + BOX_LABEL + BOX_PAD
    for r in range(rows_n):
        row_top.append(y)
        height = max([CARD_MIN_H] + [c.h for c in cards.values() if c.level == r])
        measured.rows[r] = height
        height = max(height, fixed.rows.get(r, 0.0))
        y += height + (gap_height(r + 1) if r + 1 < rows_n else 0)
    last_bottom = y
    family_bottom = last_bottom + BOX_PAD + gap_height(rows_n)
    for card in cards.values():
        card.y = row_top[card.level]
    for bundle in bundles:
        if bundle.gap < rows_n:
            edge = row_top[bundle.gap] - BOX_LABEL - BOX_PAD - 10
            bundle.lane = edge - LANE * bundle.lane
        else:
            bundle.lane = last_bottom + BOX_PAD + 10 + LANE * bundle.lane
    _ports(bundles, cards)

    households = []
    for i, h in enumerate(case.households):
        levels = [cards[p].level for p in h.members]
        first, last = min(levels), max(levels)
        cx, cw = column_x[i]
        box_top = row_top[first] - BOX_LABEL - BOX_PAD
        box_bottom = row_top[last] + max(c.h for c in cards.values() if c.level == last)
        households.append((h.id, cx - 4, box_top, cw + 8, box_bottom + BOX_PAD - box_top))

    # services: one node per service, on the side of the family (above, below, left or
    # right) from where its lines reach its persons behind the fewest cards
    nodes: dict[str, ServiceNode] = {}
    for inv in case.services:
        label = v.services.label(inv.service, lang)
        node = nodes.setdefault(inv.service, ServiceNode(inv.service, label, []))
        node.links.append((inv.person, inv.status))
        node.coordinator = node.coordinator or (inv.coordinator and inv.status == "active")
    services = list(nodes.values())
    if since is not None:
        was = {inv.service: inv.status for inv in since.services}
        for node in services:
            if node.service not in was:
                node.change = "new"
            elif node.status == "ended" and was[node.service] != "ended":
                node.change = "ended"
    family_top = row_top[0] - BOX_LABEL - BOX_PAD
    bands = {
        "top": family_top - BAND_GAP - SERVICE_H,
        "bottom": family_bottom + BAND_GAP,
        "left": MARGIN - SIDE_GAP - SERVICE_W / 2,
        "right": MARGIN + family_width + SIDE_GAP + SERVICE_W / 2,
    }
    taken: dict[str, list[float]] = {band: [] for band in bands}
    low = {"top": MARGIN + SERVICE_W / 2, "bottom": MARGIN + SERVICE_W / 2}
    low["left"] = low["right"] = family_top + SERVICE_H / 2
    for node in services:
        _choose_band(node, cards, bands, taken, low)
    by_band = {band: [n for n in services if n.band == band] for band in bands}
    inner = max(
        [family_width, 2 * SERVICE_W]
        + [n.x + SERVICE_W / 2 - MARGIN for n in services if n.band in ("top", "bottom")]
    )
    for band in ("left", "right"):
        for node in by_band[band]:
            node.x, node.y = bands[band], node.x - SERVICE_H / 2
    if by_band["right"]:
        bands["right"] = MARGIN + inner + SIDE_GAP + SERVICE_W / 2
        for node in by_band["right"]:
            node.x = bands["right"]
    for band in ("top", "bottom"):
        for node in by_band[band]:
            node.y = bands[band]

    # move everything right of the left band and below the title and the top band
    dx = float(SERVICE_W + SIDE_GAP) if by_band["left"] else 0.0
    top = min([family_top] + [n.y for n in services])
    dy = MARGIN + TITLE_H - top
    measured = Frame(measured.slots, measured.rows, measured.gaps, dx, dy)
    dx, dy = max(dx, fixed.dx), max(dy, fixed.dy)
    for card in cards.values():
        card.x += dx
        card.y += dy
    for bundle in bundles:
        bundle.lane += dy
        bundle.ports = {pid: px + dx for pid, px in bundle.ports.items()}
    for node in services:
        node.x += dx
        node.y += dy
    households = [(h, hx + dx, hy + dy, hw, hh) for h, hx, hy, hw, hh in households]
    lowest = max([family_bottom + dy] + [n.y + SERVICE_H for n in services])
    right = (SERVICE_W + SIDE_GAP) if by_band["right"] else 0
    return Layout(
        cards,
        households,
        services,
        bundles,
        couples,
        dx + inner + 2 * MARGIN + right,
        lowest + MARGIN,
        measured,
    )


def scenario_frame(
    cases: Sequence[Case], lang: Lang = "nb", *, vocabularies: Vocabularies | None = None
) -> Frame:
    """The frame that the maps of ``cases`` (a scenario's phases) share: with it, each
    person keeps their place across the phases as long as their household does."""
    v = vocabularies or load_vocabularies()
    frame = Frame()
    for case in cases:
        frame = frame.widen(layout(case, lang, vocabularies=v).frame)
    return frame


def _port(card: Card, band: str) -> tuple[float, float]:
    """Where a service line from ``band`` joins ``card``."""
    if band == "top":
        return card.x + SERVICE_PORT, card.y
    if band == "bottom":
        return card.x + SERVICE_PORT, card.bottom
    return (card.left if band == "left" else card.right), card.y + 24


def _end(band: str, x: float, y: float) -> tuple[float, float]:
    """Where a service line leaves a service node centred at ``x`` (or ``y`` on a side)."""
    if band == "top":
        return x, y
    if band == "bottom":
        return x, y
    return (x + SERVICE_W / 2 if band == "left" else x - SERVICE_W / 2), y


def _choose_band(
    node: ServiceNode,
    cards: dict[str, Card],
    bands: dict[str, float],
    taken: dict[str, list[float]],
    low: dict[str, float],
) -> None:
    """Put ``node`` where its lines pass behind the fewest cards: above or below the family
    before beside it, near its persons before far away, never on another service."""
    served = [cards[p] for p, _ in node.links]
    best: tuple[int, float, int, str, float] | None = None
    for rank, band in enumerate(("top", "bottom", "left", "right")):
        side = band in ("left", "right")
        room = (SERVICE_H + 12) if side else (SERVICE_W + SERVICE_GAP)
        if side:
            anchor = sum(c.y + 24 for c in served) / len(served)
        else:
            anchor = sum(c.x for c in served) / len(served) + SERVICE_PORT
        penalty = SIDE_PENALTY if side else 0.0
        for d in sorted(range(-1600, 1601, 20), key=lambda d: (abs(d), d)):
            pos = anchor + d
            if pos < low[band] or any(abs(pos - other) < room for other in taken[band]):
                continue
            if best is not None and best[:2] <= (0, abs(d) + penalty):
                break  # nothing better further away on this band
            if side:
                start = _end(band, bands[band], pos)
            else:
                start = (pos, bands[band] + (SERVICE_H if band == "top" else 0))
            hidden = sum(_hidden(start, _port(c, band), c, cards) for c in served)
            # beside the family only to hide two cards fewer: the map stays narrow for A4
            score = (hidden + (2 if side else 0), abs(d) + penalty, rank, band, pos)
            if best is None or score[:3] < best[:3]:
                best = score
    assert best is not None
    node.band, node.x = best[3], best[4]
    taken[node.band].append(node.x)


LANE = 7.0


def _ports(bundles: list[Bundle], cards: dict[str, Card]) -> None:
    """Where each bundle joins each member's card: spread along the card's edge, ordered by
    where the bundle goes, so that lines leaving one card do not cross."""
    sides: dict[tuple[str, bool], list[tuple[float, int]]] = {}
    for index, bundle in enumerate(bundles):
        members = (*bundle.sources, *bundle.targets)
        far = sum(cards[p].x for p in members) / len(members)
        for pid in dict.fromkeys(members):
            below = cards[pid].level >= bundle.gap  # the lane is above this card
            sides.setdefault((pid, below), []).append((far, index))
    for (pid, _), entries in sides.items():
        entries.sort()
        n = len(entries)
        step = min(14.0, (CARD_W - 40) / max(n - 1, 1))
        for i, (_, index) in enumerate(entries):
            bundles[index].ports[pid] = cards[pid].x - 8 + (i - (n - 1) / 2) * step


def _hidden(
    start: tuple[float, float], end: tuple[float, float], card: Card, cards: dict[str, Card]
) -> int:
    """How many other cards a straight line from ``start`` to ``end`` passes behind."""
    return sum(
        crosses(start, end, (o.left - 4, o.y - 4, o.right + 4, o.bottom + 4))
        for o in cards.values()
        if o is not card
    )


SERVICE_PORT = 40.0  # service lines join a card right of its centre


def _stroke(style: str, quality: str | None) -> tuple[str, float, str | None]:
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


def _segment(
    svg: Svg, a: tuple[float, float], b: tuple[float, float], style: str, quality: str | None
) -> None:
    """The part of a tie that carries its quality (a bar, or a couple's line)."""
    colour, width, dash = _stroke(style, quality)
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


def _draw_bundle(svg: Svg, bundle: Bundle, cards: dict[str, Card]) -> None:
    colour, width, dash = _stroke(bundle.style, bundle.quality)
    xs = []
    for pid in dict.fromkeys((*bundle.sources, *bundle.targets)):
        card = cards[pid]
        x = bundle.ports[pid]
        xs.append(x)
        edge = card.y if card.level >= bundle.gap else card.bottom
        if bundle.quality in ("stressful", "conflictual") and abs(edge - bundle.lane) > 24:
            # the quality shows on the long stretches too, not only on the bar
            _segment(svg, (x, edge), (x, bundle.lane), bundle.style, bundle.quality)
        else:
            svg.path(poly([(x, edge), (x, bundle.lane)]), colour, width, dash)
    if max(xs) - min(xs) > 1:
        _segment(svg, (min(xs), bundle.lane), (max(xs), bundle.lane), bundle.style, bundle.quality)


def _draw_couple(svg: Svg, left: Card, right: Card, style: str, quality: str | None) -> None:
    y = left.y + 17
    _segment(svg, (left.right, y), (right.left, y), style, quality)


def _card(svg: Svg, card: Card, marks: dict[str, str]) -> None:
    tooltip = [card.name, card.age_text, *[k for tag in card.tags for k in tag.kinds]]
    tooltip += card.duty + card.unclear
    if card.duty:
        border, border_w = DUTY, 2.6
    elif card.unclear:
        border, border_w = UNCLEAR, 2.2
    else:
        border, border_w = INK, 1.2
    dash = ' stroke-dasharray="5 3"' if card.age_group == "unknown" and border == INK else ""
    svg.add(f'<g class="fc-person" data-id="{esc(card.pid)}">')
    svg.add(f"<title>{esc(chr(10).join(tooltip))}</title>")
    svg.add(
        f'<rect x="{num(card.left)}" y="{num(card.y)}" width="{CARD_W}" height="{num(card.h)}" '
        f'rx="9" fill="{AGE_FILL.get(card.age_group, PAPER)}" stroke="{border}" '
        f'stroke-width="{border_w}"{dash}/>'
    )
    extra = _extra(card)
    for i, line in enumerate(card.name_lines):
        y = card.y + 17 + i * NAME_LINE
        svg.text(card.x, y, line, size=card.name_size, weight="bold", anchor="middle")
    svg.text(card.x, card.y + 33 + extra, card.age_text, size=10.5, fill=MUTED, anchor="middle")
    for tag in card.tags:
        _tag(svg, card.left + tag.x, card.y + CARD_MIN_H - 4 + extra + tag.y, tag)
    if card.duty or card.unclear:
        _duty_mark(svg, card.right - 10, card.y, bool(card.duty))
    if card.new:
        _change_mark(svg, card.left + 6, card.y, marks["new"])
    svg.add("</g>")


def _change_mark(svg: Svg, x: float, y: float, label: str) -> None:
    """A white pill with a dark border on a card's or service's top-left edge: new (or
    ended) since the previous phase."""
    w = text_width(label, 10.5, bold=True) + 12
    svg.add(
        f'<rect x="{num(x)}" y="{num(y - 9)}" width="{num(w)}" height="17" rx="8.5" '
        f'fill="{PAPER}" stroke="{INK}" stroke-width="1.6"/>'
    )
    svg.text(x + w / 2, y + 3.5, label, size=10.5, weight="bold", anchor="middle")


def _duty_mark(svg: Svg, x: float, y: float, duty: bool) -> None:
    """The '§' mark: a duty concerns the person (red), or a duty is unclear ('§?', amber)."""
    label, colour = ("§", DUTY) if duty else ("§?", UNCLEAR)
    w = 16 if duty else 22
    svg.add(
        f'<rect x="{num(x - w / 2)}" y="{num(y - 8)}" width="{w}" height="16" rx="8" '
        f'fill="{colour}"/>'
    )
    svg.text(x, y + 4, label, size=10.5, weight="bold", fill=PAPER, anchor="middle")


def _tag(svg: Svg, x: float, y: float, tag: Tag) -> None:
    colour = CATEGORY_COLOUR.get(tag.category, MUTED)
    if not tag.current:
        fill, stroke, ink = HISTORY_FILL, FAINT, HISTORY_INK
    elif tag.role == "about":
        fill, stroke, ink = colour, colour, PAPER
    else:
        fill, stroke, ink = PAPER, colour, colour
    svg.add(
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(tag.width)}" height="{TAG_H}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.3"/>'
    )
    tx = x + 5
    if tag.role == "exposed":  # an arrow head: something comes at this person
        svg.add(
            f'<path d="M{num(x + 3)},{num(y + 3.5)} L{num(x + 9)},{num(y + 7.5)} '
            f'L{num(x + 3)},{num(y + 11.5)} Z" fill="{ink}"/>'
        )
        tx += 8
    if tag.new:  # a concern new since the previous phase: a dark dot on its corner
        svg.add(
            f'<circle cx="{num(x + tag.width - 1)}" cy="{num(y + 1)}" r="3.6" fill="{INK}" '
            f'stroke="{PAPER}" stroke-width="1.2"/>'
        )
    label = fit(tag.label, TAG_SIZE, tag.width - (tx - x) - 3)
    if tag.kinds:
        svg.add(f"<g><title>{esc(chr(10).join(tag.kinds))}</title>")
    style = "normal" if tag.current else "italic"
    svg.text(tx, y + 12, label, size=TAG_SIZE, fill=ink, style=style)
    if tag.kinds:
        svg.add("</g>")


def _service(svg: Svg, node: ServiceNode, lang: Lang, v: Vocabularies) -> None:
    status = node.status
    coordinator = _ui(v, "coordinator", lang, "coordinator")
    stroke = SERVICE_LINE[status]
    dash = {"active": "", "waiting": ' stroke-dasharray="5 3"', "ended": ' stroke-dasharray="2 3"'}
    fill = "#f7f8fa" if status == "ended" else "#eaf1fb"
    ink = MUTED if status == "ended" else INK
    statuses = ", ".join(
        dict.fromkeys(v.terms["involvement_status"].label(s, lang) for _, s in node.links)
    )
    svg.add(f'<g class="fc-service" data-id="{esc(node.service)}">')
    role = f", {coordinator}" if node.coordinator else ""
    svg.add(f"<title>{esc(node.label)} ({esc(statuses)}{esc(role)})</title>")
    svg.add(
        f'<rect x="{num(node.x - SERVICE_W / 2)}" y="{num(node.y)}" width="{SERVICE_W}" '
        f'height="{SERVICE_H}" rx="20" fill="{fill}" stroke="{stroke}" stroke-width="1.4"'
        f"{dash[status]}/>"
    )
    lines = wrap(node.label, 10.5, SERVICE_W - 18, 4 if status == "active" else 3)
    if status != "active":
        lines = [*lines, f"({statuses})"]
    base = node.y + SERVICE_H / 2 - (len(lines) - 1) * 6.25 + 4
    for i, line in enumerate(lines):
        italic = "italic" if status != "active" and i == len(lines) - 1 else "normal"
        svg.text(node.x, base + i * 12.5, line, size=10.5, fill=ink, anchor="middle", style=italic)
    if node.coordinator:
        _coordinator_mark(svg, node.x, node.y, coordinator)
    svg.add("</g>")


def _coordinator_mark(svg: Svg, x: float, y: float, label: str) -> None:
    """A pill on a service's top edge: this service coordinates the family's services."""
    w = text_width(label, 10.5, bold=True) + 14
    svg.add(
        f'<rect x="{num(x - w / 2)}" y="{num(y - 9)}" width="{num(w)}" height="17" rx="8.5" '
        f'fill="{INK}"/>'
    )
    svg.text(x, y + 3.5, label, size=10.5, weight="bold", fill=PAPER, anchor="middle")


def _service_lines(svg: Svg, node: ServiceNode, cards: dict[str, Card]) -> None:
    """Lines from a service to its persons: active solid, waiting dashed, ended faint."""
    n = len(node.links)
    for index, (pid, status) in enumerate(node.links):
        spread = (index - (n - 1) / 2) * 12
        if node.band in ("top", "bottom"):
            start = (node.x + spread, node.y + (SERVICE_H if node.band == "top" else 0))
        else:
            start = _end(node.band, node.x, node.y + SERVICE_H / 2 + spread / 3)
        px, py = _port(cards[pid], node.band)
        colour = SERVICE_LINE[status]
        if status == "ended":
            attrs = line_attrs(colour, 1.3, "2 3")
        else:
            attrs = line_attrs(colour, 1.6, "6 4" if status == "waiting" else None, 0.85)
        svg.add(f'<path d="{poly([start, (px, py)])}" {attrs}/>')
        svg.add(f'<circle cx="{num(px)}" cy="{num(py)}" r="2.6" fill="{colour}"/>')


def _used(lay: Layout, arrows: list[tuple[str, str]]) -> set[str]:
    """The legend's symbols the map draws: a legend of what is on the page only."""
    used = {f"card:{c.age_group}" for c in lay.cards.values()}
    used |= {"box"} if lay.households else set()
    for bundle in lay.bundles:
        used.add(f"line:{bundle.style}")
        used |= {f"quality:{bundle.quality}"} if bundle.quality in QUALITY_COLOUR else set()
    for _, _, style, quality in lay.couples:
        used.add(f"line:{style}")
        used |= {f"quality:{quality}"} if quality in QUALITY_COLOUR else set()
    used.discard("quality:neutral")
    for node in lay.services:
        used |= {f"service:{status}" for _, status in node.links}
        used |= {"coordinator"} if node.coordinator else set()
    for card in lay.cards.values():
        for tag in card.tags:
            if not tag.current:
                used.add("tag:history")
            else:
                used.add(f"tag:{tag.role}")
                used |= {"tag:suspected"} if tag.suspected else set()
        used |= {"duty:duty"} if card.duty else set()
        used |= {"duty:unclear"} if card.unclear and not card.duty else set()
    used |= {"arrow:violence"} if arrows else set()
    used |= {"change:new"} if any(c.new for c in lay.cards.values()) else set()
    used |= {"change:new"} if any(n.change == "new" for n in lay.services) else set()
    used |= {"change:ended"} if any(n.change == "ended" for n in lay.services) else set()
    used |= {"tag:new"} if any(t.new for c in lay.cards.values() for t in c.tags) else set()
    return used


def _legend(
    svg: Svg, top: float, width: float, lang: Lang, v: Vocabularies, used: set[str]
) -> float:
    """Draw the legend of the symbols in ``used`` from ``top``; return its height."""
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
    entries = [(kind, label) for kind, label in entries if kind in used]
    marks = {
        "coordinator": _ui(v, "coordinator", lang, "coordinator"),
        "new": _ui(v, "ecomap_new_mark", lang, "new"),
        "ended": v.terms["involvement_status"].label("ended", lang),
    }
    svg.add('<g class="fc-legend">')
    svg.text(MARGIN, top + 14, t("legend"), size=12, weight="bold")
    # the entries flow in rows, each as wide as its label (at most two lines of 200)
    x, y, row_h = float(MARGIN), top + 28, 20.0
    for kind, label in entries:
        lines = wrap(label, 10.5, 200)
        entry_w = 50 + max(text_width(line, 10.5) for line in lines) + 18
        if x > MARGIN and x + entry_w > width - MARGIN:
            x, y, row_h = float(MARGIN), y + row_h, 20.0
        svg.add(f'<g class="fc-legend-entry" data-symbol="{esc(kind)}">')
        _legend_symbol(svg, kind, x, y, marks)
        for i, line in enumerate(lines):
            svg.text(x + 50, y + 12 + i * 12.5, line, size=10.5)
        svg.add("</g>")
        row_h = max(row_h, 20 + 12.5 * (len(lines) - 1))
        x += entry_w
    bottom = y + row_h
    svg.add("</g>")
    return bottom - top + 8


def _legend_symbol(svg: Svg, kind: str, x: float, y: float, marks: dict[str, str]) -> None:
    group, _, what = kind.partition(":")
    mid = y + 8
    coordinator = marks["coordinator"]
    if group == "change":
        _change_mark(svg, x, y + 8, marks[what])
    elif group == "arrow":
        _arrow(svg, (x, mid), (x + 40, mid))
    elif group == "coordinator":
        w = min(text_width(coordinator, 10.5, bold=True) + 14, 46)
        svg.add(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="16" rx="8" fill="{INK}"/>'
        )
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
        colour, width, pattern = _stroke(what, None)
        points = [(x + 4, y), (x + 4, mid), (x + 36, mid), (x + 36, y + 16)]
        svg.path(poly(points), colour, width, pattern)
    elif group in ("line", "quality"):
        style = what if group == "line" else "tie"
        _segment(svg, (x, mid), (x + 40, mid), style, what if group == "quality" else None)
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
        tag = Tag("violence", "about", True, False, "", width=40, new=True)
        _tag(svg, x, y, tag)
    elif group == "tag":
        tag = Tag(
            "violence",
            "exposed" if what == "exposed" else "about",
            what != "history",
            what == "suspected",
            "?" if what == "suspected" else "",
            width=40,
        )
        _tag(svg, x, y, tag)
    elif group == "duty":
        _duty_mark(svg, x + 20, y + 8, what == "duty")


def _edge(card: Card, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``card``'s centre toward a point leaves the card."""
    cx, cy = card.x, card.y + card.h / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (CARD_W / 2 + 3) / abs(dx) if dx else math.inf,
        (card.h / 2 + 3) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


def _arrow(svg: Svg, a: tuple[float, float], b: tuple[float, float]) -> None:
    """A violence arrow from ``a`` to ``b``: a thick dashed red line with a head at ``b``."""
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    base = (b[0] - ux * 11, b[1] - uy * 11)
    svg.path(poly([a, base]), CATEGORY_COLOUR["violence"], 2.6, "9 3")
    left = (base[0] - uy * 6, base[1] + ux * 6)
    right = (base[0] + uy * 6, base[1] - ux * 6)
    svg.add(f'<path d="{poly([b, left, right])} Z" fill="{CATEGORY_COLOUR["violence"]}"/>')


def ecomap_svg(
    case: Case,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    assessment: Assessment | None = None,
    title: str | None = None,
    since: Case | None = None,
    frame: Frame | None = None,
) -> str:
    """The ecomap of ``case`` as an SVG document (a string), with labels in ``lang``.

    ``frame`` (``scenario_frame`` of a scenario's phases) keeps each person in the same
    place in every phase's map while their household stays the same.

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
    heading = v.text("ecomap").get(lang) + (f" · {title}" if title else "")
    date_text = f"{v.text('as_of').get(lang)}: {case.as_of.isoformat()}"
    room = lay.width - 2 * MARGIN - text_width(date_text, 11) - 16
    if text_width(heading, 15, bold=True) <= room:  # the date beside the heading
        body.text(MARGIN, MARGIN + 14, heading, size=15, weight="bold")
        body.text(lay.width - MARGIN, MARGIN + 14, date_text, size=11, fill=MUTED, anchor="end")
        shift = 0.0
    else:  # the heading wraps, the date under it, and the map moves down
        title_lines = wrap(heading, 15 * 1.08, lay.width - 2 * MARGIN)
        for i, line in enumerate(title_lines):
            body.text(MARGIN, MARGIN + 14 + i * 19, line, size=15, weight="bold")
        shift = 19.0 * len(title_lines) + 2
        body.text(MARGIN, MARGIN + shift + 10, date_text, size=11, fill=MUTED)
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
        body.text(x + 12, y + 15, label, size=10.5, fill=MUTED, weight="bold")
        body.add("</g>")
    for node in lay.services:
        _service_lines(body, node, cards)
    for bundle in lay.bundles:
        _draw_bundle(body, bundle, cards)
    for left, right, style, quality in lay.couples:
        _draw_couple(body, cards[left], cards[right], style, quality)
    arrows = violence_pairs(case, v)
    for source, target in arrows:
        a, b = cards[source], cards[target]
        start = _edge(a, (b.x, b.y + b.h / 2))
        body.add(f'<g class="fc-violence" data-from="{esc(source)}" data-to="{esc(target)}">')
        body.add(f"<title>{esc(_ui(v, 'ecomap_violence_arrow', lang, ''))}: ")
        body.add(f"{esc(a.name)} → {esc(b.name)}</title>")
        _arrow(body, start, _edge(b, start))
        body.add("</g>")
    marks = {
        "new": v.text("ecomap_new_mark").get(lang),
        "ended": v.terms["involvement_status"].label("ended", lang),
    }
    for card in cards.values():
        _card(body, card, marks)
    for node in lay.services:
        _service(body, node, lang, v)
        if node.change is not None:
            _change_mark(body, node.x - SERVICE_W / 2 + 8, node.y - 6, marks[node.change])
    legend_h = _legend(body, lay.height, lay.width, lang, v, _used(lay, arrows))
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
