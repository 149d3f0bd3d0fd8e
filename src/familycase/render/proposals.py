"""A group's proposals beside familycase's suggestions: both, only you, only familycase.

For training: a group writes what it would do (measure ids such as ``notify_police``, or a
few words in any of the three languages: "melding til barnevernet", "krisesenter",
"talk to the GP"); ``compare_proposals`` matches each to the measures vocabulary
(``rules/vocabulary/measures.yaml``) and sets them beside the assessment's suggestions.
Duties are flagged, above all a duty the group did not propose. Words that match no measure
are listed with the nearest measure, never silently dropped.

>>> import familycase
>>> from familycase.render.proposals import compare_proposals
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> a = familycase.evaluate(s.case_at("phase1"))
>>> c = compare_proposals(a, ["melding til barnevernet", "krisesenter", "notify_police"], "en")
>>> [i.measure for i in c.both], [i.measure for i in c.only_you]
(['notify_child_welfare', 'crisis_centre_referral'], ['notify_police'])
>>> c.only_familycase[0].duty
False
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from familycase._text import LANGS, Lang, join_names
from familycase.assess.assessment import Assessment
from familycase.render._args import ASSESSMENT, checked
from familycase.render._draw import esc
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SPLIT = re.compile(r"[\n;,]+")


@dataclass(frozen=True)
class ProposalItem:
    """One measure in the comparison."""

    measure: str
    label: str
    duty: bool  # familycase suggests it as a duty
    persons: str  # for whom familycase suggests it ("" if it does not)
    said: tuple[str, ...]  # the group's words that matched it


@dataclass(frozen=True)
class Unmatched:
    """Words that match no measure, and the nearest measure's label (if any is near)."""

    words: str
    nearest: str | None


@dataclass(frozen=True, repr=False)
class ProposalComparison:
    """The group's proposals beside familycase's suggestions (see the module docstring)."""

    lang: Lang
    both: tuple[ProposalItem, ...]
    only_you: tuple[ProposalItem, ...]
    only_familycase: tuple[ProposalItem, ...]  # duties first
    unmatched: tuple[Unmatched, ...]
    vocabularies: Vocabularies

    def __repr__(self) -> str:  # ids only
        return (
            f"ProposalComparison(both={[i.measure for i in self.both]}, "
            f"only_you={[i.measure for i in self.only_you]}, "
            f"only_familycase={[i.measure for i in self.only_familycase]}, "
            f"unmatched={len(self.unmatched)})"
        )

    def _columns(self) -> list[tuple[str, tuple[ProposalItem, ...]]]:
        t = self.vocabularies.texts(self.lang)
        return [
            (t("proposals_both"), self.both),
            (t("proposals_only_you"), self.only_you),
            (t("proposals_only_familycase"), self.only_familycase),
        ]

    def text(self) -> str:
        """The comparison as text: three lists, duties marked §, then the words not
        understood."""
        t = self.vocabularies.texts(self.lang)
        duty = self.vocabularies.terms["obligation"].label("duty", self.lang)
        out = []
        for heading, items in self._columns():
            out.append(f"{heading} ({len(items)})")
            for item in items:
                mark = f"§ {duty.upper()}: " if item.duty else "- "
                who = f" – {item.persons}" if item.persons else ""
                out.append(f"  {mark}{item.label}{who}")
        if self.unmatched:
            out.append(t("proposals_unmatched"))
            for u in self.unmatched:
                near = f" ({t('proposals_nearest')}: {u.nearest})" if u.nearest else ""
                out.append(f"  ? {u.words}{near}")
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        from familycase.render.html import STYLE  # noqa: PLC0415 (html imports the player)

        t = self.vocabularies.texts(self.lang)
        duty = esc(self.vocabularies.terms["obligation"].label("duty", self.lang))
        cells = []
        for heading, items in self._columns():
            lines = []
            for item in items:
                badge = f'<span class="fc-badge fc-duty">§ {duty}</span> ' if item.duty else ""
                who = (
                    f' <span class="fc-muted">– {esc(item.persons)}</span>' if item.persons else ""
                )
                lines.append(f"<li>{badge}{esc(item.label)}{who}</li>")
            cells.append(
                f"<td><strong>{esc(heading)}</strong> ({len(items)})<ul>{''.join(lines)}</ul></td>"
            )
        out = [STYLE, '<div class="fc"><table class="fc-proposals"><tr>', *cells, "</tr></table>"]
        if self.unmatched:
            out.append(f"<p><strong>{esc(t('proposals_unmatched'))}</strong></p><ul>")
            for u in self.unmatched:
                near = f" ({esc(t('proposals_nearest'))}: {esc(u.nearest)})" if u.nearest else ""
                out.append(f"<li>{esc(u.words)}{near}</li>")
            out.append("</ul>")
        out.append("</div>")
        return "".join(out)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _alike(a: str, b: str) -> bool:
    """Two words alike: equal, sharing a long stem ("barnevernet", "barnevernstjenesten"),
    or nearly the same spelling."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = len(_prefix(a, b))
    if common >= 5 and common >= 0.6 * shorter:
        return True
    return shorter >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _score(words: list[str], names: list[list[str]]) -> tuple[float, float]:
    """How well ``words`` match the best of a measure's ``names``: the share of the words
    found, then the share of the name covered."""
    best = (0.0, 0.0)
    for name in names:
        if not name:
            continue
        found = [w for w in words if any(_alike(w, n) for n in name)]
        if not any(len(w) >= 4 for w in found):
            continue
        covered = sum(1 for n in name if any(_alike(w, n) for w in words))
        best = max(best, (len(found) / len(words), covered / len(name)))
    return best


def match_measure(
    words: str, v: Vocabularies, prefer: Iterable[str] = ()
) -> tuple[str | None, str | None]:
    """The measure ``words`` name (an id, or words matched to its labels in nb, nn and en),
    and otherwise None with the nearest measure's id (or None)."""
    text = words.strip()
    if text in v.measures:
        return text, None
    tokens = _words(text)
    if not tokens:
        return None, None
    preferred = set(prefer)
    scored = []
    for mid in v.measures:
        label = v.measures[mid].label
        names = [_words(label.get(lang)) for lang in LANGS] + [_words(mid.replace("_", " "))]
        score = _score(tokens, names)
        scored.append((score, mid in preferred, mid))
    scored.sort(reverse=True)
    (share, cover), _, best = scored[0]
    if share >= 0.5:
        return best, None
    return None, best if share > 0 or cover > 0 else None


def compare_proposals(
    assessment: Assessment,
    proposals: Iterable[str] | str,
    lang: Lang = "nb",
    *,
    vocabularies: Vocabularies | None = None,
) -> ProposalComparison:
    """Set a group's ``proposals`` (measure ids or free words; a string is split at new
    lines, commas and semicolons) beside the suggestions of ``assessment``: what both
    propose, only the group, only familycase (duties first), and the words not understood.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked("compare_proposals", assessment, Assessment, ASSESSMENT, lang)
    v = vocabularies or load_vocabularies()
    a = assessment
    items = _SPLIT.split(proposals) if isinstance(proposals, str) else list(proposals)
    suggested: dict[str, list[str]] = {}
    duty: set[str] = set()
    for s in a.suggestions:
        suggested.setdefault(s.measure, [])
        suggested[s.measure] += [p for p in s.persons if p not in suggested[s.measure]]
        if s.obligation == "duty":
            duty.add(s.measure)
    said: dict[str, list[str]] = {}
    unmatched: list[Unmatched] = []
    for raw in items:
        words = " ".join(str(raw).split())
        if not words:
            continue
        measure, nearest = match_measure(words, v, prefer=suggested)
        if measure is None:
            label = v.measures.label(nearest, lang) if nearest else None
            unmatched.append(Unmatched(words, label))
        else:
            said.setdefault(measure, []).append(words)

    def item(mid: str) -> ProposalItem:
        who = join_names([a.names.get(p, p) for p in suggested.get(mid, [])], lang)
        return ProposalItem(
            mid, v.measures.label(mid, lang), mid in duty, who, tuple(said.get(mid, []))
        )

    both = tuple(item(m) for m in said if m in suggested)
    only_you = tuple(item(m) for m in said if m not in suggested)
    only_fc = sorted((m for m in suggested if m not in said), key=lambda m: m not in duty)
    return ProposalComparison(
        lang, both, only_you, tuple(item(m) for m in only_fc), tuple(unmatched), v
    )
