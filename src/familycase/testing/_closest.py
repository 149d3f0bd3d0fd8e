"""The known steps closest to a step familycase does not know.

Shared by the pytest plugin (``_bdd``) and ``familycase check`` (FC612), so both suggest the
same steps: of the same kind as the step (given/when/then; ``Og``/``Men`` take the kind of
the step above), in the feature's language (bokmål first in a bokmål file, nynorsk first in
a nynorsk one), closest by their words, and a negated wording (``foreslås ikke``) only when
the step is negated too. Needs no pytest-bdd.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from familycase._text import Lang
from familycase.testing import _words
from familycase.testing import steps as library

__all__ = ["closest_steps", "expand", "feature_lang"]

_NEGATIONS = frozenset(_words.NEGATIONS) | {"ikkje"}
_OTHER_NORWEGIAN = 0.1  # nynorsk in a bokmål file, or the reverse: a little further away
_NEGATION_MISMATCH = 0.3  # "foreslås ikke ..." for "foreslåes ...": the opposite meaning
_CUTOFF = 0.6


def _shown(definition: library.StepDef, wording: str, lang: Lang) -> str:
    return f"{library.KEYWORDS[definition.kind][lang]} {library.display_template(wording)}"


def _group_end(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "[{":
            depth += 1
        elif text[i] in "]}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(text)


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for c in text:
        depth += c in "[{"
        depth -= c in "]}"
        if c == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    return [*parts, current]


def expand(template: str, limit: int = 64) -> list[str]:
    """Every concrete wording of a template: each ``[...]`` in or out, each ``{a|b}`` as a
    or b (placeholders stay)."""
    start = next((i for i, c in enumerate(template) if c in "[{"), None)
    if start is None:
        return [template]
    end = _group_end(template, start)
    inner = template[start + 1 : end]
    if template[start] == "[":
        inner = re.sub(r"^\?[a-z_]+:", "", inner)
        options = ["", *_split_top(inner)]
    else:
        options = _split_top(inner)
    out: list[str] = []
    for option in options:
        out.extend(expand(template[:start] + option + template[end + 1 :], limit))
        if len(out) >= limit:
            break
    return out[:limit]


_TOKEN = re.compile(r'<[^<>]+>|[^\s"]+')


def _distance(template: list[str], written: list[str]) -> float:
    """How far the written words are from a wording's words: a placeholder takes one or
    more written words for free; a word costs what it takes to misspell it."""
    inf = float("inf")
    n, m = len(template), len(written)
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        token = template[i - 1]
        placeholder = token.startswith("<")
        cost[i][0] = cost[i - 1][0] + 1
        for j in range(1, m + 1):
            if placeholder:
                cost[i][j] = min(cost[i - 1][j] + 1, cost[i - 1][j - 1], cost[i][j - 1])
            else:
                word = written[j - 1].casefold()
                miss = 1 - difflib.SequenceMatcher(None, token.casefold(), word).ratio()
                cost[i][j] = min(cost[i - 1][j - 1] + miss, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    literal = sum(1 for t in template if not t.startswith("<")) or 1
    return cost[n][m] / literal


def _negated(words: Iterable[str]) -> bool:
    return any(w.casefold() in _NEGATIONS for w in words if not w.startswith("<"))


def closest_steps(text: str, kind: str, lang: Lang, n: int = 3) -> list[str]:
    """The wordings of ``kind`` closest to ``text``, one per step, in ``lang``'s language
    (for Norwegian, the other written form counts a little further away)."""
    langs: tuple[Lang, ...] = ("en",) if lang == "en" else ("nb", "nn")
    written = _TOKEN.findall(text)
    negated = _negated(written)
    best: dict[str, tuple[float, str]] = {}
    for definition in library.STEPS:
        if definition.kind != kind or definition.replaced_by is not None:
            continue
        for wording_lang in langs:
            for wording in definition.wordings[wording_lang]:
                plain = library.display_template(wording)
                scores = []
                for concrete in expand(plain):
                    tokens = _TOKEN.findall(concrete)
                    score = _distance(tokens, written)
                    if _negated(tokens) != negated:
                        score += _NEGATION_MISMATCH
                    scores.append(score)
                score = min(scores) + (_OTHER_NORWEGIAN if wording_lang != lang else 0.0)
                if score < best.get(definition.name, (float("inf"), ""))[0]:
                    best[definition.name] = (score, _shown(definition, wording, wording_lang))
    ranked = sorted(best.values(), key=lambda pair: pair[0])
    return [shown for score, shown in ranked if score <= _CUTOFF][:n]


def feature_lang(language: str, steps: Iterable[tuple[str, str]]) -> Lang:
    """The language of a feature: ``en`` unless its ``# language:`` is Norwegian; then
    ``nn`` if more of its ``(kind, text)`` steps match only a nynorsk wording than only a
    bokmål one, else ``nb``."""
    if language == "en":
        return "en"
    votes = {"nb": 0, "nn": 0}
    patterns = [
        (definition.kind, library.compile_template(wording), langs)
        for definition in library.STEPS
        for wording, langs in definition.variants()
    ]
    for kind, text in steps:
        matched: set[str] = set()
        for step_kind, pattern, langs in patterns:
            if step_kind == kind and pattern.fullmatch(text):
                matched |= langs
        if "nn" in matched and "nb" not in matched:
            votes["nn"] += 1
        elif "nb" in matched and "nn" not in matched:
            votes["nb"] += 1
    return "nn" if votes["nn"] > votes["nb"] else "nb"
