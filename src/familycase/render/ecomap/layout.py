"""Where everything on the ecomap goes: the person cards and their concern tags, the
households' boxes, the ties, the services, the reporters' keys and the consents.

``scenario_frame`` measures the phases of a scenario once (the grid, each person's card
height, each row's and gap's height, each service's place); ``layout`` places one phase's
case in that frame, so that each person and each service stays where it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from familycase._text import Lang, fill_map, join_names
from familycase.case.graph import CaseGraph
from familycase.case.model import Case, Concern, Consent, Relation
from familycase.render._args import CASE, checked, expect
from familycase.render._draw import CATEGORY_COLOUR, text_width, wrap
from familycase.render.ecomap.grid import Grid, crosses, grid
from familycase.render.ecomap.sizes import (
    BAND_GAP,
    BOX_LABEL,
    BOX_PAD,
    CARD_MIN_H,
    CARD_W,
    LANE,
    MARGIN,
    NAME_LINE,
    NAME_SIZES,
    ROW_GAP,
    SERVICE_GAP,
    SERVICE_H,
    SERVICE_PORT,
    SERVICE_W,
    SIDE_GAP,
    SIDE_PENALTY,
    TAG_GAP,
    TAG_H,
    TEXT,
    TITLE_H,
)
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.assess.assessment import Assessment

_PARENT_KINDS = frozenset({"parent"})
_SIBLINGS = frozenset({"sibling", "half_sibling"})
KEY_W = 13.0  # a reporter's key on a tag: a circle this wide, half over the tag's end


@dataclass
class Tag:
    """A concern mark on a person: a category, about or exposed, current or history.

    ``keys``: the letters of those who reported the concerns that are not confirmed (a tag
    without keys is confirmed); ``suspected``: every concern is only suspected."""

    category: str
    role: str  # "about" | "exposed"
    current: bool
    suspected: bool
    label: str
    kinds: list[str] = field(default_factory=list)  # the concern kinds' labels (tooltip)
    new: bool = False  # a concern that was not in the case the map is compared with
    keys: list[str] = field(default_factory=list)
    width: float = 0.0  # the tag itself; its keys stand beyond
    x: float = 0.0  # relative to the card
    y: float = 0.0

    @property
    def outer(self) -> float:
        """The width with the keys."""
        return self.width + (len(self.keys) * KEY_W - 3 if self.keys else 0.0)


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
    tags: list[Tag]
    boxed: bool
    duty: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    consents: list[str] = field(default_factory=list)  # the consents they gave (tooltip)
    name_lines: list[str] = field(default_factory=list)
    name_size: float = NAME_SIZES[0]
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


@dataclass(repr=False)
class ServiceNode:
    """A service and the persons it is involved with."""

    def __repr__(self) -> str:  # ids only: the consents name persons
        return f"ServiceNode(service={self.service!r}, band={self.band!r}, x={self.x:.0f})"

    service: str
    label: str
    links: list[tuple[str, str]]  # (person id, involvement status)
    coordinator: bool = False  # coordinates the family's services (an active involvement)
    change: str | None = None  # "new" or "ended" since the case the map is compared with
    consents: list[str] = field(default_factory=list)  # consents to share with it (tooltip)
    band: str = "bottom"  # "top" | "bottom" | "under" (a second bottom row) | "left" | "right"
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


@dataclass(frozen=True, repr=False)
class Frame:
    """What the maps of one scenario's phases share, so that each person and each service
    stays in place in every phase: the grid, each person's card height, each row's and
    gap's height, each service's band and place (the largest over the phases), and the
    offsets of the whole. Built by ``scenario_frame``; ids only."""

    grid: Grid
    lang: str
    heights: dict[str, float]
    tops: tuple[float, ...]  # each row's top (before ``dy``)
    rows: dict[int, float]
    gaps: dict[int, float]
    services: dict[str, tuple[str, float, float]]  # band, centre x, top y
    keys: dict[str, str]  # each reporter's key (a person or service id, or source:...)
    dx: float
    dy: float
    width: float
    height: float

    def __repr__(self) -> str:
        return f"Frame(persons={len(self.heights)}, services={sorted(self.services)!r})"

    def holds(self, case: Case, lang: str) -> bool:
        """Whether ``case`` can be drawn in this frame (its persons and services are in it)."""
        return (
            lang == self.lang
            and all(p.id in self.grid.x for p in case.persons)
            and all(s.service in self.services for s in case.services)
        )


@dataclass(repr=False)
class Layout:
    """Where everything goes. Built by ``layout``; drawn by ``ecomap_svg``."""

    def __repr__(self) -> str:  # ids only: never names
        return f"Layout(cards={list(self.cards.values())!r}, services={self.services!r})"

    cards: dict[str, Card]
    households: list[tuple[str, float, float, float, float]]  # id, x, y, w, h
    services: list[ServiceNode]
    bundles: list[Bundle]
    couples: list[tuple[str, str, str, str | None]]  # left, right, style, quality
    width: float
    height: float
    frame: Frame
    reporters: list[tuple[str, str]] = field(default_factory=list)  # key, who (legend)


def ui(v: Vocabularies, key: str, lang: Lang, default: str) -> str:
    """The ui text ``key`` in ``lang``, or ``default`` if the vocabulary lacks it."""
    text = v.ui.get(key)
    return text.get(lang) if text is not None else default


def _key(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _reporter(case: Case, concern: Concern, lang: Lang, v: Vocabularies) -> tuple[str, str]:
    """Who reported ``concern``: an id and a name (a person, a service, or the source)."""
    who = concern.reported_by
    if who is not None:
        names = {p.id: p.name for p in case.persons}
        if who in names:
            return who, names[who]
        if who in v.services:
            return who, v.services.label(who, lang)
    return f"source:{concern.source}", v.terms["source"].label(concern.source, lang)


def _tags(
    case: Case,
    pid: str,
    lang: Lang,
    v: Vocabularies,
    keys: dict[str, str],
    known: frozenset[str] | None = None,
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

    said = ui(v, "reported_by", lang, "reported by")
    source = ui(v, "source", lang, "source")
    tags = []
    for key in sorted(groups, key=order):
        current, role, category = key
        concerns = groups[key]
        suspected = all(c.certainty == "suspected" for c in concerns)
        label = ui(v, f"category_{category}", lang, category) + ("?" if suspected else "")
        kinds = []
        letters: dict[str, None] = {}
        for c in concerns:
            rid, name = _reporter(case, c, lang, v)
            by = f"{source}: {name}" if rid.startswith("source:") else f"{said} {name}"
            details = ", ".join(
                [
                    v.terms["concern_status"].label(c.status, lang),
                    v.terms["certainty"].label(c.certainty, lang),
                ]
            )
            prefix = f"{ui(v, 'exposed', lang, 'exposed')}: " if role == "exposed" else ""
            kinds.append(f"{prefix}{v.concern_kinds.label(c.kind, lang)} ({details}; {by})")
            if c.certainty != "confirmed" and current:  # a past concern: in the tooltip
                letters[keys.setdefault(rid, _key(len(keys)))] = None
        new = known is not None and any(c.id not in known for c in concerns)
        tags.append(
            Tag(category, role, current, suspected, label, kinds, new=new, keys=list(letters))
        )
    return tags


def _name(name: str) -> tuple[float, list[str]]:
    """A name's font size and lines: smaller before it wraps, never cut."""
    for size in NAME_SIZES:
        if text_width(name, size, bold=True) <= CARD_W - 16:
            return size, [name]
    return NAME_SIZES[-1], wrap(name, NAME_SIZES[-1] * 1.08, CARD_W - 16)


def extra(card: Card) -> float:
    """The height a card's name takes beyond one line."""
    return NAME_LINE * (len(card.name_lines) - 1)


def _place_tags(tags: list[Tag]) -> float:
    """Flow the tags inside a card; return the height they take."""
    inner = CARD_W - 12
    x, y = 0.0, 0.0
    for tag in tags:
        mark = 8.0 if tag.role == "exposed" else 0.0
        tag.width = text_width(tag.label, TEXT) + 10 + mark
        tag.width = min(tag.width, inner - (tag.outer - tag.width))
        if x and x + tag.outer > inner:
            x, y = 0.0, y + TAG_H + TAG_GAP
        tag.x, tag.y = 6 + x, y
        x += tag.outer + 4
    return (y + TAG_H + 6) if tags else 0.0


def _style(kind: str, v: Vocabularies) -> str:
    if kind in _PARENT_KINDS:
        return "parent"
    if v.relation_kinds[kind].attr("caregiving", False):
        return "carer"
    if str(v.relation_kinds[kind].attr("ecomap", "network")) == "partner":
        return "partner" if kind == "partner" else "former"
    return "tie"


STYLE_RANK = {"parent": 0, "carer": 1, "partner": 2, "former": 3, "tie": 4}


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
            better = STYLE_RANK[style] < STYLE_RANK[old_style]
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
    bundles.sort(key=lambda b: (STYLE_RANK[b.style], min(cards[p].x for p in b.sources)))
    return bundles, couples


def _lanes(bundles: list[Bundle], cards: dict[str, Card], rows_n: int) -> dict[int, int]:
    """Give each bundle its gap and lane; return the number of lanes in each gap."""
    lanes: dict[int, int] = {}
    for bundle in bundles:
        levels = [cards[p].level for p in (*bundle.sources, *bundle.targets)]
        if min(levels) < max(levels):
            bundle.gap = max(levels)
        else:
            bundle.gap = levels[0] + 1 if levels[0] + 1 < rows_n else levels[0]
        bundle.lane = lanes.get(bundle.gap, 0)
        lanes[bundle.gap] = int(bundle.lane) + 1
    return lanes


def _gap(g: int, lanes: dict[int, int], rows_n: int) -> float:
    """The height of gap ``g`` (above row ``g``; ``rows_n``: below the last row)."""
    need = 14 + LANE * lanes.get(g, 0)
    if g == 0:
        return need if lanes.get(g) else 0
    if g == rows_n:
        return need - 4 if lanes.get(g) else 0
    return max(ROW_GAP, need + BOX_LABEL + BOX_PAD + 14)


def _checked(function: str, case: object, lang: object, assessment: object) -> Lang:
    if assessment is not None:
        from familycase.assess.assessment import Assessment  # noqa: PLC0415 (kept light: a Case's picture)

        expect(function, assessment, Assessment, "assessment= to be an Assessment or None")
    return checked(function, case, Case, CASE, lang)


def _current(consent: Consent, case: Case) -> bool:
    given = consent.given_on is None or consent.given_on <= case.as_of
    return given and (consent.withdrawn_on is None or consent.withdrawn_on > case.as_of)


def _cards(
    case: Case,
    lang: Lang,
    v: Vocabularies,
    where: Grid,
    *,
    assessment: Assessment | None = None,
    since: Case | None = None,
    keys: dict[str, str] | None = None,
) -> dict[str, Card]:
    """The cards of ``case``'s persons, at their places in ``where`` (y not yet set)."""
    graph = CaseGraph(case, v)
    years = ui(v, "age_years", lang, "")
    unknown_age = ui(v, "age_unknown", lang, "?")
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
    names = {p.id: p.name for p in case.persons}
    consents: dict[str, list[str]] = {}
    for consent in case.consents:
        if _current(consent, case) and consent.given_by in names:
            about = join_names(
                [names.get(p, p) for p in consent.concerning or [consent.given_by]], lang
            )
            services = join_names([v.services.label(s, lang) for s in consent.share_with], lang)
            text = ui(v, "ecomap_consent_to", lang, "{persons}: {services}")
            consents.setdefault(consent.given_by, []).append(
                fill_map(text, {"persons": about, "services": services})
            )
    house_of = {pid for h in case.households for pid in h.members}
    known = frozenset(c.id for c in since.concerns) if since is not None else None
    keys = {} if keys is None else keys
    cards: dict[str, Card] = {}
    for person in case.persons:
        age = graph.age(person.id)
        tags = _tags(case, person.id, lang, v, keys, known)
        card = Card(
            pid=person.id,
            name=person.name,
            age_text=f"{age} {years}".strip() if age is not None else unknown_age,
            age_group=graph.age_group(person.id),
            level=where.level[person.id],
            tags=tags,
            boxed=person.id in house_of,
            duty=duty.get(person.id, []),
            unclear=unclear.get(person.id, []),
            consents=consents.get(person.id, []),
            x=where.x[person.id],
        )
        card.new = since is not None and person.id not in {p.id for p in since.persons}
        card.name_size, card.name_lines = _name(person.name)
        card.h = CARD_MIN_H + extra(card) + _place_tags(tags)
        cards[person.id] = card
    return cards


def _nodes(case: Case, lang: Lang, v: Vocabularies) -> list[ServiceNode]:
    """One node per service of ``case``, with the persons it is involved with."""
    nodes: dict[str, ServiceNode] = {}
    for inv in case.services:
        label = v.services.label(inv.service, lang)
        node = nodes.setdefault(inv.service, ServiceNode(inv.service, label, []))
        node.links.append((inv.person, inv.status))
        node.coordinator = node.coordinator or (inv.coordinator and inv.status == "active")
    names = {p.id: p.name for p in case.persons}
    for consent in case.consents:
        if not _current(consent, case):
            continue
        about = join_names(
            [names.get(p, p) for p in consent.concerning or [consent.given_by]], lang
        )
        text = fill_map(
            ui(v, "ecomap_consent_by", lang, "{person}: {persons}"),
            {"person": names.get(consent.given_by, consent.given_by), "persons": about},
        )
        for service in consent.share_with:
            if service in nodes:
                nodes[service].consents.append(text)
    return list(nodes.values())


def scenario_frame(
    cases: Sequence[Case], lang: Lang = "nb", *, vocabularies: Vocabularies | None = None
) -> Frame:
    """The frame that the maps of ``cases`` (a scenario's phases) share: with it, each
    person and each service keeps its place in every phase, also when people move house."""
    v = vocabularies or load_vocabularies()
    where = grid(cases, v)
    rows_n = max(where.level.values()) + 1
    heights: dict[str, float] = {}
    gaps: dict[int, float] = {}
    links: dict[str, list[str]] = {}
    keys: dict[str, str] = {}
    for case in cases:
        cards = _cards(case, lang, v, where, keys=keys)
        for pid, card in cards.items():
            heights[pid] = max(heights.get(pid, 0.0), card.h)
        bundles, _ = _bundles(case, cards, v)
        lanes = _lanes(bundles, cards, rows_n)
        for g in range(rows_n + 1):
            gaps[g] = max(gaps.get(g, 0.0), _gap(g, lanes, rows_n))
        for node in _nodes(case, lang, v):
            for pid, _ in node.links:
                links.setdefault(node.service, [])
                if pid not in links[node.service]:
                    links[node.service].append(pid)
    rows = dict.fromkeys(range(rows_n), CARD_MIN_H)
    for pid, h in heights.items():
        rows[where.level[pid]] = max(rows[where.level[pid]], h)
    # y of each row, from the top of the family
    tops: list[float] = []
    boxed = 0 in where.covered  # the top row in a box: room for the box's label
    y = gaps[0] + (BOX_LABEL + BOX_PAD if boxed else 0)
    for r in range(rows_n):
        tops.append(y)
        y += rows[r] + (gaps[r + 1] if r + 1 < rows_n else 0)
    family_top = tops[0] - (BOX_LABEL + BOX_PAD if boxed else 0)
    family_bottom = y + BOX_PAD + gaps[rows_n]
    # every service of every phase, on the side of the family from where its lines reach its
    # persons behind the fewest cards
    cards = {
        pid: Card(pid, "", "", "", where.level[pid], [], False, x=where.x[pid]) for pid in where.x
    }
    for pid, card in cards.items():
        card.y, card.h = tops[card.level], heights.get(pid, CARD_MIN_H)
    bands = {
        "top": family_top - BAND_GAP - SERVICE_H,
        "bottom": family_bottom + BAND_GAP,
        "under": family_bottom + BAND_GAP + SERVICE_H + SERVICE_GAP,  # a second bottom row
        "left": MARGIN - SIDE_GAP - SERVICE_W / 2,
        "right": MARGIN + where.width + SIDE_GAP + SERVICE_W / 2,
    }
    taken: dict[str, list[float]] = {band: [] for band in bands}
    if not boxed:  # the top row floats above the boxes: the top band shares it
        bands["top"] = tops[0] - (SERVICE_H - rows[0]) / 2
        taken["top"] = [c.x for c in cards.values() if c.level == 0]
    low = dict.fromkeys(("top", "bottom", "under"), MARGIN + SERVICE_W / 2)
    low["left"] = low["right"] = family_top + SERVICE_H / 2
    nodes = [ServiceNode(s, "", [(p, "active") for p in persons]) for s, persons in links.items()]
    for node in nodes:
        right = MARGIN + max(where.width, 2 * SERVICE_W)
        _choose_band(node, cards, bands, taken, low, right, family_bottom - SERVICE_H / 2)
    sides = {n.band for n in nodes}
    inner = max(
        [where.width, 2 * SERVICE_W]
        + [n.x + SERVICE_W / 2 - MARGIN for n in nodes if n.band not in ("left", "right")]
    )
    right = MARGIN + inner + SIDE_GAP + SERVICE_W / 2
    places: dict[str, tuple[str, float, float]] = {}
    for node in nodes:
        if node.band in ("left", "right"):
            x = bands["left"] if node.band == "left" else right
            places[node.service] = (node.band, x, node.x - SERVICE_H / 2)
        else:
            places[node.service] = (node.band, node.x, bands[node.band])
    # everything moves right of the left band and below the title and the top band
    dx = float(SERVICE_W + SIDE_GAP) if "left" in sides else 0.0
    top = min([family_top] + [y for _, _, y in places.values()])
    dy = MARGIN + TITLE_H - top
    lowest = max([family_bottom + dy] + [y + SERVICE_H + dy for _, _, y in places.values()])
    width = dx + inner + 2 * MARGIN + ((SERVICE_W + SIDE_GAP) if "right" in sides else 0)
    return Frame(
        where, lang, heights, tuple(tops), rows, gaps, places, keys, dx, dy, width, lowest + MARGIN
    )


def layout(
    case: Case,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
    assessment: Assessment | None = None,
    since: Case | None = None,
    frame: Frame | None = None,
) -> Layout:
    """Where everything of ``case`` goes on its ecomap (see ``ecomap_svg``); in ``frame``
    (``scenario_frame`` of a scenario's phases, this case among them) if given."""
    lang = _checked("layout", case, lang, assessment)
    v = vocabularies or load_vocabularies()
    if frame is None or not frame.holds(case, lang):
        frame = scenario_frame([case], lang, vocabularies=v)
    where = frame.grid
    keys = dict(frame.keys)
    cards = _cards(case, lang, v, where, assessment=assessment, since=since, keys=keys)
    rows_n = max(where.level.values()) + 1
    bundles, couples = _bundles(case, cards, v)
    _lanes(bundles, cards, rows_n)  # each bundle its gap and lane
    tops = [top + frame.dy for top in frame.tops]
    y = tops[-1] + frame.rows[rows_n - 1]
    for card in cards.values():
        card.x += frame.dx
        card.y = tops[card.level]
        card.h = max(card.h, frame.heights.get(card.pid, 0.0))
    for bundle in bundles:
        if bundle.gap < rows_n:
            edge = tops[bundle.gap] - BOX_LABEL - BOX_PAD - 10
            bundle.lane = edge - LANE * bundle.lane
        else:
            bundle.lane = y + BOX_PAD + 10 + LANE * bundle.lane
    _ports(bundles, cards)
    households = []
    columns = sorted(where.columns)
    for h in case.households:
        spans = {where.column[p] for p in h.members}
        levels = [cards[p].level for p in h.members]
        first, last = min(levels), max(levels)
        top = tops[first] - BOX_LABEL - BOX_PAD
        bottom = tops[last] + frame.rows[last] + BOX_PAD
        run: list[tuple[float, float]] = []
        for col in [*columns, None]:  # a household split by another's column: two boxes
            if col is not None and col in spans:
                run.append(col)
                continue
            if run:
                x0, x1 = run[0][0] + frame.dx - 4, run[-1][1] + frame.dx + 4
                households.append((h.id, x0, top, x1 - x0, bottom - top))
            run = []
    services = _nodes(case, lang, v)
    for node in services:
        node.band, node.x, node.y = frame.services[node.service]
        node.x += frame.dx
        node.y += frame.dy
    if since is not None:
        was = {inv.service: inv.status for inv in since.services}
        for node in services:
            if node.service not in was:
                node.change = "new"
            elif node.status == "ended" and was[node.service] != "ended":
                node.change = "ended"
    reporters = _reporters(case, cards, keys, lang, v)
    return Layout(
        cards,
        households,
        services,
        bundles,
        couples,
        frame.width,
        frame.height,
        frame,
        reporters,
    )


def _reporters(
    case: Case, cards: dict[str, Card], keys: dict[str, str], lang: Lang, v: Vocabularies
) -> list[tuple[str, str]]:
    """The legend's keys: each letter and who it stands for."""
    names = {p.id: p.name for p in case.persons}
    shown = {k for c in cards.values() for t in c.tags for k in t.keys}
    out = []
    for rid, letter in sorted(keys.items(), key=lambda item: (len(item[1]), item[1])):
        if letter not in shown:
            continue
        if rid.startswith("source:"):
            who = v.terms["source"].label(rid.removeprefix("source:"), lang)
        else:
            who = names.get(rid) or v.services.label(rid, lang)
        out.append((letter, who))
    return out


def port(card: Card, band: str) -> tuple[float, float]:
    """Where a service line from ``band`` joins ``card``."""
    if band == "top":
        return card.x + SERVICE_PORT, card.y
    if band in ("bottom", "under"):
        return card.x + SERVICE_PORT, card.bottom
    return (card.left if band == "left" else card.right), card.y + 24


def end(band: str, x: float, y: float) -> tuple[float, float]:
    """Where a service line leaves a service node centred at ``x`` (or ``y`` on a side)."""
    if band not in ("left", "right"):
        return x, y
    return (x + SERVICE_W / 2 if band == "left" else x - SERVICE_W / 2), y


def _choose_band(
    node: ServiceNode,
    cards: dict[str, Card],
    bands: dict[str, float],
    taken: dict[str, list[float]],
    low: dict[str, float],
    right: float,
    high: float,
) -> None:
    """Put ``node`` where its lines pass behind the fewest cards: above or below the family
    before beside it, near its persons before far away, never on another service."""
    served = [cards[p] for p, _ in node.links]
    best: tuple[int, float, int, str, float] | None = None
    for rank, band in enumerate(("top", "bottom", "under", "left", "right")):
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
            if side and pos > high:  # beside the family, never below it
                continue
            if best is not None and best[:2] <= (0, abs(d) + penalty):
                break  # nothing better further away on this band
            if side:
                start = end(band, bands[band], pos)
            else:
                start = (pos, bands[band] + (SERVICE_H if band == "top" else 0))
            hidden = sum(_hidden(start, port(c, band), c, cards) for c in served)
            # beside the family only to hide two cards fewer, and past its right edge only to
            # hide two cards fewer for each service width: the map stays narrow for A4
            over = 0 if side else 2 * math.ceil(max(pos + SERVICE_W / 2 - right - 8, 0) / SERVICE_W)
            # a second row below the family: as bad as hiding one card (the map grows taller)
            cost = hidden + (2 if side else 0) + over + (1 if band == "under" else 0)
            score = (cost, abs(d) + penalty, rank, band, pos)
            if best is None or score[:3] < best[:3]:
                best = score
    assert best is not None
    node.band, node.x = best[3], best[4]
    taken[node.band].append(node.x)


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
