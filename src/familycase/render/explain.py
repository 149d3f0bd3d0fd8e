"""Why not, the duty board and changes between assessments, as text for people.

- ``why_not_text``: ``Assessment.why_not`` as text (``familycase explain --why-not``)
- ``change_lines``: ``familycase.compare`` as text lines (the player's "what changed")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from familycase._text import Lang, join_names
from familycase.assess.assessment import Assessment
from familycase.assess.compare import Change, Comparison
from familycase.assess.explanation import WhyNot
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

_INDENT = "  "


def _who(names: Mapping[str, str], persons: Sequence[str], lang: Lang) -> str:
    return join_names([names.get(p, p) for p in persons], lang)


def why_not_text(
    why: WhyNot, a: Assessment, lang: Lang = "nb", vocab: Vocabularies | None = None
) -> str:
    """Why a measure is not suggested, rule by rule, nearest miss first."""
    v = vocab or load_vocabularies()
    t = v.texts(lang)
    who = a.names.get(why.person, why.person) if why.person else t("family")
    out = [f"{t('why_not')}: {why.label.get(lang)} – {who} · {a.as_of.isoformat()}"]
    if why.suggested:
        out.append(f"{_INDENT}{t('why_not_suggested')}")
    if not why.rules:
        out.append(f"{_INDENT}{t('why_not_no_rules')}")
    for index, miss in enumerate(why.rules, 1):
        out.append(f"{_INDENT}{index}. {miss.title.get(lang)} ({miss.rule_id})")
        for failure in miss.failed:
            out.append(f"{_INDENT * 2}- {failure.text.get(lang)}")
        if miss.sources:
            out.append(f"{_INDENT * 2}{t('looked_at')}: {', '.join(miss.sources)}")
    return "\n".join(out) + "\n"


def change_lines(
    comparison: Comparison, names: Mapping[str, str], lang: Lang, v: Vocabularies
) -> list[str]:
    """Each duty and suggestion that appeared, disappeared or changed, with why."""
    t = v.texts(lang)
    out: list[str] = []
    marks = {"appeared": "+", "disappeared": "-", "changed": "~"}
    for item in ("duty", "suggestion"):
        changes = comparison.of(item)
        if not changes:
            continue
        out.append(f"{_INDENT}{t('changes_duties' if item == 'duty' else 'changes_suggestions')}:")
        for change in changes:
            out.append(f"{_INDENT * 2}{marks[change.change]} {_describe(change, names, lang, v)}")
            for reason in change.reasons[:2]:
                out.append(f"{_INDENT * 3}{t('because')}: {reason.get(lang)}")
    return out


def _describe(change: Change, names: Mapping[str, str], lang: Lang, v: Vocabularies) -> str:
    who = _who(names, change.persons, lang) or v.text("family_inline").get(lang)
    line = f"{change.label.get(lang)} – {who}"
    status = v.terms["duty_status"]
    if change.item == "duty" and change.before and change.after:
        return f"{line}: {status.label(change.before, lang)} → {status.label(change.after, lang)}"
    if change.item == "duty" and change.after:
        return f"{line}: {status.label(change.after, lang)}"
    if change.fields:
        fields = ", ".join(v.text(_FIELD_LABELS.get(f, f)).get(lang) for f in change.fields)
        return f"{line} ({fields})"
    return line


_FIELD_LABELS = {"services": "cooperate_with", "requires_consent": "requires_consent"}
