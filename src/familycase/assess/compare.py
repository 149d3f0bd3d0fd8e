"""``compare``: what changed between two assessments of a case, and why.

Between two phases of a scenario, or the same case before and after an edit, each
suggestion, question and duty-board entry that appeared, disappeared or changed is listed
with the reason: for what appeared, the reasons of the rules that now fire (and the case
items behind them that are new); for what disappeared, the first condition the nearest rule
no longer meets (``Assessment.why_not`` on the later assessment); for a duty whose status
changed, why it has the status it has now. Items are matched by their stable ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from familycase._text import Text
from familycase.assess.assessment import Assessment, Question, Suggestion
from familycase.assess.explanation import DutyEntry, recall
from familycase.errors import UsageError
from familycase.rules.vocabulary import load_vocabularies

ChangeKind = Literal["appeared", "disappeared", "changed"]
ItemKind = Literal["suggestion", "question", "duty"]
#: The fields of a suggestion compared between two assessments.
SUGGESTION_FIELDS = (
    "obligation",
    "urgency",
    "responsible",
    "services",
    "requires_consent",
    "legal_basis",
)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Out):
    """One suggestion, question or duty that appeared, disappeared or changed, and why."""

    item: ItemKind
    id: str = Field(description="The item's stable id (the same in both assessments).")
    change: ChangeKind
    measure: str | None = Field(default=None, description="The measure (suggestions, duties).")
    persons: list[str]
    label: Text = Field(description="The measure's label, or the question.")
    fields: list[str] = Field(
        default_factory=list,
        description="'changed': which fields differ (for a duty: 'status').",
    )
    before: str | None = Field(default=None, description="A duty's status before.")
    after: str | None = Field(default=None, description="A duty's status after.")
    reasons: list[Text] = Field(description="Why, in words (the reasons or the condition).")
    sources: list[str] = Field(
        default_factory=list,
        description="Case items behind it: for what appeared, those not in the first case.",
    )

    def __repr__(self) -> str:
        return f"Change(item={self.item!r}, change={self.change!r}, id={self.id!r})"

    __str__ = __repr__


class Comparison(_Out):
    """The changes from ``before`` to ``after`` (see ``familycase.compare``)."""

    case_id: str
    before: date
    after: date
    changes: list[Change]

    def __repr__(self) -> str:
        return (
            f"Comparison(case_id={self.case_id!r}, before={self.before.isoformat()!r}, "
            f"after={self.after.isoformat()!r}, changes={len(self.changes)})"
        )

    __str__ = __repr__

    def of(self, item: ItemKind, change: ChangeKind | None = None) -> list[Change]:
        """The changes of one kind of item (and of one kind of change)."""
        return [
            c for c in self.changes if c.item == item and (change is None or c.change == change)
        ]


def compare(before: Assessment, after: Assessment) -> Comparison:
    """What changed from ``before`` to ``after``, with the reason for each change.

    The reasons for what disappeared need ``after`` as ``evaluate`` returned it in this
    process (it keeps what the rules looked at); for another ``after`` they say only that
    the rules no longer suggest it.

    >>> import familycase
    >>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    >>> a, b = (familycase.evaluate(s.case_at(p)) for p in ("phase2", "phase3"))
    >>> duty = familycase.compare(a, b).of("duty", "changed")[0]
    >>> (duty.persons, duty.before, duty.after)
    (['jon'], 'triggered', 'not_triggered')
    """
    if not isinstance(before, Assessment) or not isinstance(after, Assessment):
        raise UsageError("compare takes two familycase.Assessment objects (from evaluate).")
    known = _sources(before.suggestions) | _sources(before.questions)
    changes: list[Change] = []
    changes += _suggestions(before, after, known)
    changes += _questions(before, after, known)
    changes += _duties(before, after)
    return Comparison(
        case_id=after.case_id, before=before.as_of, after=after.as_of, changes=changes
    )


def _ui(after: Assessment, key: str) -> Text:
    """A text of the user interface, from the rulebook ``after`` was made with when known."""
    explainer = recall(after)
    return (explainer.vocab if explainer is not None else load_vocabularies()).text(key)


def _sources(items: Iterable[Suggestion | Question]) -> set[str]:
    return {src for item in items for reason in item.reasons for src in reason.sources}


def _new_sources(items: Sequence[Suggestion | Question], known: set[str]) -> list[str]:
    return list(
        dict.fromkeys(s for i in items for r in i.reasons for s in r.sources if s not in known)
    )


def _gone(after: Assessment, measure: str, persons: Sequence[str]) -> list[Text]:
    """Why ``measure`` is no longer suggested for ``persons``: the nearest rule's first
    unmet condition, per person."""
    if recall(after) is None:
        return [_ui(after, "compare_no_longer_suggested")]
    out: list[Text] = []
    everyone: list[str | None] = [*persons] or [None]
    for person in everyone:
        why = after.why_not(measure, person)
        if why.rules and why.rules[0].failed:
            out.append(why.rules[0].failed[0].text)
    return list(dict.fromkeys(out)) or [_ui(after, "compare_no_longer_suggested")]


def _change(
    item: ItemKind, change: ChangeKind, thing: Suggestion | Question, **fields: object
) -> Change:
    """A change of a suggestion or a question, with its id, measure, persons and label."""
    measure: str | None
    if isinstance(thing, Suggestion):
        measure, label = thing.measure, thing.label
    else:
        measure, label = thing.settles, thing.text
    return Change.model_validate(
        {
            "item": item,
            "id": thing.id,
            "change": change,
            "measure": measure,
            "persons": thing.persons,
            "label": label,
            **fields,
        }
    )


def _suggestions(before: Assessment, after: Assessment, known: set[str]) -> list[Change]:
    old = {s.id: s for s in before.suggestions}
    now = {s.id: s for s in after.suggestions}
    out: list[Change] = []
    for sid, s in now.items():
        prev = old.get(sid)
        if prev is None:
            reasons = [r.text for r in s.reasons]
            sources = _new_sources([s], known)
            out.append(_change("suggestion", "appeared", s, reasons=reasons, sources=sources))
            continue
        fields = _differs(prev, s)
        if fields:
            added = [r for r in s.reasons if r.rule_id not in prev.rule_ids]
            out.append(
                _change(
                    "suggestion",
                    "changed",
                    s,
                    fields=fields,
                    reasons=[r.text for r in (added or s.reasons)],
                    sources=_new_sources([s], known),
                )
            )
    for sid, s in old.items():
        if sid not in now:
            gone = _gone(after, s.measure, s.persons)
            out.append(_change("suggestion", "disappeared", s, reasons=gone))
    return out


def _differs(a: Suggestion, b: Suggestion) -> list[str]:
    out = []
    for name in SUGGESTION_FIELDS:
        if name == "legal_basis":
            if [r.provision for r in a.legal_basis] != [r.provision for r in b.legal_basis]:
                out.append(name)
        elif getattr(a, name) != getattr(b, name):
            out.append(name)
    return out


def _questions(before: Assessment, after: Assessment, known: set[str]) -> list[Change]:
    old = {q.id: q for q in before.questions}
    now = {q.id: q for q in after.questions}
    out: list[Change] = []
    for qid, q in now.items():
        if qid not in old:
            reasons = [r.text for r in q.reasons]
            sources = _new_sources([q], known)
            out.append(_change("question", "appeared", q, reasons=reasons, sources=sources))
    for qid, q in old.items():
        if qid not in now:
            out.append(_change("question", "disappeared", q, reasons=_unasked(after, q)))
    return out


def _unasked(after: Assessment, question: Question) -> list[Text]:
    explainer = recall(after)
    if explainer is None:
        return [_ui(after, "compare_no_longer_asked")]
    out: list[Text] = []
    everyone: list[str | None] = [*question.persons] or [None]
    for person in everyone:
        miss = explainer.rule_miss(question.rule_id, person)
        if miss is not None and miss.failed:
            out.append(miss.failed[0].text)
    return list(dict.fromkeys(out)) or [_ui(after, "compare_no_longer_asked")]


def _duties(before: Assessment, after: Assessment) -> list[Change]:
    old = {d.id: d for d in before.duty_board}
    now = {d.id: d for d in after.duty_board}
    out: list[Change] = []
    for did, d in now.items():
        prev = old.get(did)
        if prev is not None and prev.status == d.status:
            continue
        out.append(
            Change(
                item="duty",
                id=did,
                change="appeared" if prev is None else "changed",
                measure=d.measure,
                persons=[d.person],
                label=d.label,
                fields=[] if prev is None else ["status"],
                before=None if prev is None else prev.status,
                after=d.status,
                reasons=_status_reasons(after, d),
            )
        )
    for did, d in old.items():
        if did not in now:
            out.append(
                Change(
                    item="duty",
                    id=did,
                    change="disappeared",
                    measure=d.measure,
                    persons=[d.person],
                    label=d.label,
                    before=d.status,
                    reasons=[_ui(after, "compare_off_board")],
                )
            )
    return out


def _status_reasons(after: Assessment, entry: DutyEntry) -> list[Text]:
    """Why a duty has the status it has in ``after``."""
    if entry.status == "not_triggered":
        return (
            [entry.reason]
            if entry.reason is not None
            else [_ui(after, "compare_no_longer_suggested")]
        )
    if entry.status == "triggered":
        found = next((s for s in after.suggestions if s.id == entry.suggestion), None)
        return [r.text for r in found.reasons] if found is not None else []
    return [q.text for q in after.questions if q.id in entry.questions]
