"""Labels that several renderers share."""

from __future__ import annotations

from collections.abc import Iterable

from familycase._text import Lang
from familycase.assess.assessment import Assessment
from familycase.rules.vocabulary import Vocabularies


def concern_labels(a: Assessment, ids: Iterable[str], lang: Lang, v: Vocabularies) -> list[str]:
    """The labels of the concerns ``ids`` of ``a``; a suspected one says so
    ("rusproblem (mistanke)"), as the reasons do."""
    kinds = a.concern_kinds
    suspected = set(a.suspected)
    mark = v.terms["certainty"].label("suspected", lang)
    out = []
    for cid in ids:
        if cid in kinds:
            label = v.concern_kinds.label(kinds[cid], lang)
            out.append(f"{label} ({mark})" if cid in suspected else label)
    return out
