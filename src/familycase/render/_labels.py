"""Labels that several renderers share."""

from __future__ import annotations

from collections.abc import Iterable

from familycase._text import Lang, fill_map
from familycase.assess.assessment import Assessment, ConcernBasis, InferredLink
from familycase.rules.vocabulary import Vocabularies


def concern_labels(a: Assessment, ids: Iterable[str], lang: Lang, v: Vocabularies) -> list[str]:
    """The labels of the concerns ``ids`` of ``a``. A concern that is not confirmed says what
    it rests on: "rusproblem (mistanke, meldt av Kari)", "vold mellom voksne i nære
    relasjoner (meldt av Maria)", "rusproblem (mistanke; kilde: anonym)". A suspicion is never
    read as a fact, and a report is read as a report."""
    kinds = a.concern_kinds
    out = []
    for cid in ids:
        if cid in kinds:
            label = v.concern_kinds.label(kinds[cid], lang)
            basis = a.unconfirmed.get(cid)
            out.append(label if basis is None else f"{label} ({_basis(a, basis, lang, v)})")
    return out


def _basis(a: Assessment, basis: ConcernBasis, lang: Lang, v: Vocabularies) -> str:
    t = v.texts(lang)
    who = basis.reported_by
    name = None
    if who is not None:
        name = a.names.get(who) or (v.services.label(who, lang) if who in v.services else None)
    certainty = v.terms["certainty"].label(basis.certainty, lang)
    if name is not None:
        said = f"{t('reported_by')} {name}"
        return said if basis.certainty == "reported" else f"{certainty}, {said}"
    source = v.terms["source"].label(basis.source, lang)
    return f"{certainty}; {t('source')}: {source}"


def inferred_labels(
    a: Assessment, links: Iterable[InferredLink], lang: Lang, v: Vocabularies
) -> list[str]:
    """The concerns that expose a child without the case listing it, each saying through whom
    and why: "vold mellom voksne i nære relasjoner (meldt av Maria; bor i samme husstand som
    David)"."""
    out = []
    for link in links:
        (label,) = concern_labels(a, [link.concern], lang, v) or [link.concern]
        why = fill_map(
            v.texts(lang)(f"exposed_through_{link.basis}"),
            {"via": a.names.get(link.via, link.via)},
        )
        if label.endswith(")"):
            out.append(f"{label[:-1]}; {why})")
        else:
            out.append(f"{label} ({why})")
    return out
