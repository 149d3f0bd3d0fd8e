"""The phase timeline of a scenario: one picture of how the case moved.

``timeline_svg(views)`` draws the phases of a played scenario on a time axis with the dates
to scale, one row per person, and in each phase a mark where a duty concerns the person
(§), where one is unclear (§?) and where something concerns them immediately (!). Under the
axis, each phase after the first counts the suggestions that are new, withdrawn or changed
since the phase before (from ``familycase.compare``); the tooltip of a count lists them, a
withdrawn one with why. The phases stand evenly spread, so that none hides another, each
joined to its date on the axis below, which is to scale.

>>> import familycase
>>> from familycase.render.timeline import timeline_svg
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> svg = timeline_svg(list(s.play("en")))
>>> svg.startswith("<svg") and "2019-10-15" in svg and "Maria" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence

from familycase.errors import UsageError
from familycase.render._args import expect
from familycase.render._draw import DUTY, FONT, INK, MUTED, PAPER, UNCLEAR, Svg, esc, num, wrap
from familycase.render.player import PhaseView, describe

LEFT = 150.0
TOP = 64.0
ROW = 26.0
PLOT = 620.0
RIGHT = 110.0


def _column(views: Sequence[PhaseView], index: int) -> float:
    """Where phase ``index``'s marks stand: the phases evenly spread, so none overlap."""
    return LEFT + 40 + (PLOT - 80) * (index / max(len(views) - 1, 1))


def _x(views: Sequence[PhaseView], index: int) -> float:
    """Where phase ``index``'s date lies on the axis: the dates to scale."""
    first, last = views[0].date, views[-1].date
    span = (last - first).days
    if span <= 0:
        return LEFT + PLOT * (index / max(len(views) - 1, 1))
    return LEFT + PLOT * (views[index].date - first).days / span


def timeline_svg(views: Sequence[PhaseView]) -> str:
    """The timeline of ``views`` (``list(scenario.play(lang))``) as an SVG (see the module).

    ``UsageError`` if ``views`` is empty or holds something that is not a ``PhaseView``.
    """
    views = list(views)
    if not views:
        raise UsageError("timeline_svg needs the phases of a scenario: list(scenario.play()).")
    for view in views:
        expect("timeline_svg", view, PhaseView, "PhaseViews (from familycase.render.player)")
    v, lang = views[0].vocabularies, views[0].lang
    t = v.texts(lang)
    names: dict[str, str] = {}
    for view in views:
        names.update(view.assessment.names)
    persons = list(names)
    height = TOP + ROW * len(persons) + 96
    width = LEFT + PLOT + RIGHT
    svg = Svg()
    svg.text(16, 22, t("phases"), size=14, weight="bold")
    axis = TOP + ROW * len(persons) + 6
    svg.path(f"M{num(LEFT)},{num(axis)} H{num(LEFT + PLOT)}", INK, 1.4)
    for r, pid in enumerate(persons):
        y = TOP + ROW * r + ROW / 2
        svg.text(LEFT - 12, y + 4, wrap(names[pid], 11, LEFT - 20)[0], size=11, anchor="end")
        svg.path(f"M{num(LEFT)},{num(y)} H{num(LEFT + PLOT)}", "#d5dbe1", 1)
    for i, view in enumerate(views):
        x, when = _column(views, i), _x(views, i)
        a = view.assessment
        svg.path(
            f"M{num(x)},{num(TOP - 6)} V{num(axis - 14)} L{num(when)},{num(axis)}", MUTED, 1, "3 3"
        )
        svg.add(f'<circle cx="{num(when)}" cy="{num(axis)}" r="3.5" fill="{INK}"/>')
        svg.add(f"<g><title>{esc(view.title)}</title>")
        for k, line in enumerate(wrap(view.title, 10.5, 150)[:2]):
            svg.text(
                x,
                38 + k * 12.5 - (12.5 if len(wrap(view.title, 10.5, 150)) > 1 else 0),
                line,
                size=10.5,
                anchor="middle",
                weight="bold",
            )
        svg.add("</g>")
        svg.text(x, axis + 18, view.date.isoformat(), size=10.5, fill=MUTED, anchor="middle")
        marks: dict[str, list[tuple[str, str, str]]] = {}
        for s in a.duties:
            for pid in s.persons:
                marks.setdefault(pid, []).append(("§", DUTY, s.label.get(lang)))
        for u in a.unclear_duties:
            for pid in u.persons:
                marks.setdefault(pid, []).append(("§?", UNCLEAR, u.label.get(lang)))
        for s in a.suggestions:
            if s.urgency == "immediate":
                for pid in s.persons:
                    marks.setdefault(pid, []).append(("!", INK, s.label.get(lang)))
        for q in a.questions:
            if q.urgency == "immediate":
                for pid in q.persons:
                    marks.setdefault(pid, []).append(("!", INK, q.text.get(lang)))
        for r, pid in enumerate(persons):
            y = TOP + ROW * r + ROW / 2
            if pid not in a.names:
                continue
            svg.add(f'<circle cx="{num(x)}" cy="{num(y)}" r="3" fill="{MUTED}"/>')
            shown = list(dict.fromkeys(m for m, _, _ in marks.get(pid, [])))
            for k, mark in enumerate(shown):
                colour = next(c for m, c, _ in marks[pid] if m == mark)
                texts = [w for m, _, w in marks[pid] if m == mark]
                mx = x + 14 + 22 * k
                svg.add(f"<g><title>{esc(chr(10).join(texts))}</title>")
                svg.add(
                    f'<rect x="{num(mx - 10)}" y="{num(y - 8)}" width="20" height="16" '
                    f'rx="8" fill="{colour}"/>'
                )
                svg.text(mx, y + 4, mark, size=10.5, weight="bold", fill=PAPER, anchor="middle")
                svg.add("</g>")
        if i:
            c = view.changes
            counts = [("+", c.new), ("−", c.withdrawn), ("~", c.changed)]
            for k, (sign, items) in enumerate(counts):
                lines = []
                for change in items:
                    line = describe(change, view)
                    if change.kind == "withdrawn" and change.reasons:
                        line += f" – {t('because')}: {change.reasons[0].get(lang)}"
                    lines.append(line)
                label = t(
                    {"+": "suggestions_new", "−": "suggestions_withdrawn"}.get(
                        sign, "suggestions_changed"
                    )
                )
                svg.add(f"<g><title>{esc(label)}\n{esc(chr(10).join(lines))}</title>")
                svg.text(
                    x,
                    axis + 34 + 14 * k,
                    f"{sign}{len(items)} {label.lower()}",
                    size=10.5,
                    anchor="middle",
                )
                svg.add("</g>")
    legend = (
        f"§ {t('ecomap_duty')} · §? {t('ecomap_unclear_duty')} · ! {t('badge_immediate_means')}"
    )
    svg.text(16, height - 10, legend, size=10.5, fill=MUTED)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'style="width:100%;max-width:{num(width)}px;height:auto" font-family="{FONT}" '
        f'role="img"><title>{esc(t("phases"))}</title>'
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="{PAPER}"/>'
        + "".join(svg.parts)
        + "</svg>\n"
    )
