"""Why not: the duty board and the nearest miss of every rule that could suggest a measure.

For each duty the rulebook knows (a measure some rule suggests with ``obligation: duty``) the
duty board has one entry per person it could concern (the persons rules derive as
``duty_candidate`` facts for it, and every person a duty or an unclear duty names), with
its status: ``triggered`` (the suggestion), ``unclear`` (the questions that would settle it)
or ``not_triggered`` (why, in one sentence, from the nearest miss of the duty's rules).

``why_not`` lists, for any measure, the rules that could suggest it with the nearest miss of
each (``familycase.engine.nearest``), nearest first. Both are generated from the compiled
rules and the facts; the sentences are the rulebook's (``rules/vocabulary/explanations.yaml``,
or a rule's own ``explain``), filled with labels and display names, never with free text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from familycase._text import LANGS, PLACEHOLDER, Lang, Text
from familycase.engine.ir import CompiledRule, Fact
from familycase.engine.nearest import Failure, Miss, Slot, nearest_miss
from familycase.rules.explanations import Explanations
from familycase.rules.fact_types import FACT_TYPES, FactType
from familycase.rules.rulebook import Rule, Rulebook, explain_slots
from familycase.rules.vocabulary import Vocabularies

CANDIDATE_FACT = "duty_candidate"
DutyStatus = Literal["triggered", "unclear", "not_triggered"]
_MARKED = ("suspected", "concrete_indications")
_MAX_MISSES = 3  # rules shown per duty-board entry


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FailedCondition(_Out):
    """One condition the nearest miss does not meet, in words."""

    kind: Literal["condition", "missing", "blocked", "not_in_force"] = Field(
        description="'condition': a fact does not meet it; 'missing': no fact for a condition; "
        "'blocked': something recorded rules the rule out; 'not_in_force': the date."
    )
    fact_type: str | None = Field(default=None, description="The fact type of the condition.")
    field: str | None = Field(default=None, description="The field tested ('condition').")
    text: Text
    sources: list[str] = Field(
        default_factory=list, description="Case items behind the fact: 'concern:<id>'..."
    )


class RuleMiss(_Out):
    """How near a rule came to firing: what it would need that is not recorded."""

    rule_id: str
    title: Text
    failed: list[FailedCondition] = Field(
        description="Every condition the nearest assignment misses, in the rule's order; the "
        "first is the first condition that failed."
    )
    sources: list[str] = Field(description="Case items of the facts the rule looked at.")
    distance: int = Field(
        description="How many conditions are not met (a missing fact counts its conditions)."
    )
    exhaustive: bool = Field(
        default=True, description="False if the search stopped early (a very large case)."
    )

    def __repr__(self) -> str:
        return f"RuleMiss(rule_id={self.rule_id!r}, distance={self.distance})"

    __str__ = __repr__


class WhyNot(_Out):
    """Why a measure is not suggested (for one person, or at all)."""

    measure: str
    label: Text
    person: str | None
    suggested: bool = Field(description="Whether the measure is suggested after all.")
    suggestion: str | None = Field(
        default=None, description="The id of that suggestion, when it is suggested."
    )
    rules: list[RuleMiss] = Field(
        description="The rules that could suggest it and did not, nearest miss first."
    )

    def __repr__(self) -> str:
        return (
            f"WhyNot(measure={self.measure!r}, person={self.person!r}, "
            f"suggested={self.suggested}, rules={len(self.rules)})"
        )

    __str__ = __repr__


class DutyEntry(_Out):
    """One duty for one person, and whether it is triggered."""

    id: str = Field(description="Stable: derived from the measure and the person.")
    measure: str
    label: Text
    person: str
    status: DutyStatus
    suggestion: str | None = Field(
        default=None, description="'triggered': the id of the suggestion."
    )
    questions: list[str] = Field(
        default_factory=list, description="'unclear': ids of the questions that would settle it."
    )
    reason: Text | None = Field(
        default=None,
        description="'not_triggered': the first condition of the nearest rule that is not met.",
    )
    misses: list[RuleMiss] = Field(
        default_factory=list, description="'not_triggered': the nearest rules, nearest first."
    )

    def __repr__(self) -> str:
        return (
            f"DutyEntry(measure={self.measure!r}, person={self.person!r}, status={self.status!r})"
        )

    __str__ = __repr__


_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), default=str)
#: How ``_ENCODER`` writes a string (its C encoder quotes strings the same way).
_QUOTE = json.encoder.encode_basestring_ascii


def _encoded(parts: tuple[object, ...]) -> str:
    """``_ENCODER.encode(parts)``, written directly for the parts ids are made of (strings,
    ``None`` and lists of strings): an assessment makes one id per suggestion, question and
    duty, and the encoder's set-up costs more than the writing. Other parts go through the
    encoder."""
    out: list[str] = []
    for part in parts:
        kind = part.__class__
        if kind is str:
            out.append(_QUOTE(part))  # type: ignore[arg-type]
        elif part is None:
            out.append("null")
        elif kind is list or kind is tuple:
            items: list[str] = []
            for item in part:  # type: ignore[attr-defined]
                if item.__class__ is not str:
                    return _ENCODER.encode(parts)
                items.append(_QUOTE(item))
            out.append("[" + ",".join(items) + "]")
        else:
            return _ENCODER.encode(parts)
    return "[" + ",".join(out) + "]"


def content_id(prefix: str, *parts: object) -> str:
    """A stable id from content: the same parts give the same id in every run and process."""
    digest = hashlib.sha256(_encoded(parts).encode("ascii")).hexdigest()[:16]
    return f"{prefix}_{digest}"


# -- the per-rulebook view ---------------------------------------------------------------------
@dataclass
class _RuleView:
    rule: Rule
    order: int
    slots: tuple[Slot, ...]
    anchor: tuple[str, str] | None  # (alias, field) of the persons it suggests for


@dataclass
class ExplainPlan:
    """What explaining needs of one rulebook: built once per rulebook. It holds the
    rulebook's parts, never the rulebook, so that the rulebook can be freed."""

    compiled: tuple[CompiledRule, ...]
    vocabularies: Vocabularies
    derived_types: Mapping[str, FactType]
    by_measure: dict[str, list[_RuleView]] = field(default_factory=dict)
    by_rule: dict[str, list[_RuleView]] = field(default_factory=dict)
    duties: list[str] = field(default_factory=list)  # duty measures, in vocabulary order

    def fact_type(self, name: str) -> FactType:
        return FACT_TYPES[name] if name in FACT_TYPES else self.derived_types[name]

    @classmethod
    def of(cls, rulebook: Rulebook) -> ExplainPlan:
        plan = cls(rulebook.compiled.rules, rulebook.vocabularies, rulebook.derived_types)
        duty: set[str] = set()
        for order, rule in enumerate(rulebook.rules):
            then = rule.spec.then
            persons = then.suggest.persons if then.suggest else then.ask.persons if then.ask else []
            anchor = None
            if persons and persons[0].startswith("$") and "." in persons[0]:
                alias, fname = persons[0][1:].split(".", 1)
                anchor = (alias, fname)
            view = _RuleView(rule, order, explain_slots(rule), anchor)
            plan.by_rule.setdefault(rule.id, []).append(view)
            suggest = then.suggest
            if suggest is None:
                continue
            plan.by_measure.setdefault(suggest.measure, []).append(view)
            if suggest.obligation == "duty":
                duty.add(suggest.measure)
        plan.duties = [m for m in rulebook.vocabularies.measures if m in duty]
        return plan


# -- the duty board ---------------------------------------------------------------------------
class _Suggested(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def obligation(self) -> str: ...
    @property
    def persons(self) -> list[str]: ...


class _Asked(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def settles(self) -> str | None: ...
    @property
    def persons(self) -> list[str]: ...


def duty_board(
    explainer: Explainer,
    suggestions: Sequence[_Suggested],
    questions: Sequence[_Asked],
    person_order: Mapping[str, int],
) -> list[DutyEntry]:
    """One entry per duty and person it could concern, in the vocabulary's order of the
    duties and the case's (canonical) order of the persons."""
    candidates = explainer.candidates()
    labels = explainer.vocab.measures
    out: list[DutyEntry] = []
    for measure in explainer.plan.duties:
        triggered = {
            p: s.id
            for s in suggestions
            if s.measure == measure and s.obligation == "duty"
            for p in s.persons
        }
        asked: dict[str, list[str]] = {}
        for q in questions:
            if q.settles == measure:
                for p in q.persons:
                    asked.setdefault(p, []).append(q.id)
        persons = {*candidates.get(measure, ()), *triggered, *asked}
        for person in sorted(persons, key=lambda p: (person_order.get(p, len(person_order)), p)):
            common: dict[str, object] = {
                "id": content_id("d", measure, person),
                "measure": measure,
                "label": labels[measure].label,
                "person": person,
            }
            entry: dict[str, object]
            if person in triggered:
                entry = {"status": "triggered", "suggestion": triggered[person]}
            elif person in asked:
                entry = {"status": "unclear", "questions": list(dict.fromkeys(asked[person]))}
            else:
                misses = explainer.misses(measure, person, limit=_MAX_MISSES)
                reason = misses[0].failed[0].text if misses and misses[0].failed else None
                entry = {"status": "not_triggered", "reason": reason, "misses": misses}
            out.append(DutyEntry.model_validate({**common, **entry}))
    return out


# What each assessment made in this process looked at, by id(assessment), with a weak
# reference to the assessment: kept while the assessment lives (never in its JSON, never
# pickled), so that it can say why not.
_CONTEXTS: dict[int, tuple[weakref.ref[object], Explainer]] = {}


def remember(assessment: object, explainer: Explainer) -> None:
    """Keep ``explainer`` for ``assessment`` while it lives.

    A weak reference whose callback forgets it: ``weakref.finalize`` did the same at a few
    µs more an evaluation (it keeps a registry of its own, for exit)."""
    key = id(assessment)

    def forget(ref: weakref.ref[object]) -> None:
        entry = _CONTEXTS.get(key)
        if entry is not None and entry[0] is ref:
            del _CONTEXTS[key]

    _CONTEXTS[key] = (weakref.ref(assessment, forget), explainer)


def recall(assessment: object) -> Explainer | None:
    """The explainer kept for ``assessment``, if it was made by ``evaluate`` here."""
    entry = _CONTEXTS.get(id(assessment))
    if entry is None or entry[0]() is not assessment:
        return None
    return entry[1]


# -- one assessment's view ---------------------------------------------------------------------
class Explainer:
    """Explains one evaluation: its facts (base and derived), names and case items."""

    def __init__(
        self,
        plan: ExplainPlan,
        facts: Sequence[Fact],
        sources: Callable[[], Mapping[str, tuple[str, ...]]],
        names: Mapping[str, str],
        as_of: str,
    ) -> None:
        self.plan = plan
        self.vocab: Vocabularies = plan.vocabularies
        self.words: Explanations = self.vocab.explanations
        self._sources = sources
        self.names = names
        self.as_of = as_of
        self.facts = facts
        # answers of literal tests by (condition, fact): the plan and the facts outlive it
        self.memo: dict[tuple[int, int], bool] = {}
        self.floors: dict[int, int] = {}  # by slot: the least it fails over these facts

    # the indices are built on first use: most assessments never explain anything
    @functools.cached_property
    def sources(self) -> Mapping[str, tuple[str, ...]]:
        """The case items behind each fact, by fid."""
        return self._sources()

    @functools.cached_property
    def by_fid(self) -> dict[str, Fact]:
        return {str(f["fid"]): f for f in self.facts}

    @functools.cached_property
    def by_type(self) -> dict[str, list[Fact]]:
        out: dict[str, list[Fact]] = {}
        for fact in sorted(self.facts, key=lambda f: str(f["fid"])):
            out.setdefault(str(fact["type"]), []).append(fact)
        return out

    def candidates(self) -> dict[str, list[str]]:
        """The persons each duty could concern, by measure (from ``duty_candidate`` facts)."""
        out: dict[str, list[str]] = {}
        for fact in self.by_type.get(CANDIDATE_FACT, ()):
            out.setdefault(str(fact["measure"]), []).append(str(fact["person"]))
        return out

    def misses(self, measure: str, person: str | None, limit: int | None = None) -> list[RuleMiss]:
        """The nearest miss of every rule suggesting ``measure`` (for ``person``), nearest
        first (the first ``limit`` of them); rules that fire are left out. Only the misses
        returned are put in words."""
        found: list[tuple[int, int, _RuleView, Miss]] = []
        for view in self.plan.by_measure.get(measure, ()):
            # with a limit, a rule is searched only for a miss nearer than the limit-th
            # nearest so far (rules are in order: a tie keeps the earlier rule)
            below = None
            if limit is not None and len(found) >= limit:
                below = found[limit - 1][0]  # strictly nearer than the last kept
            miss = self._search(view, person, below)
            if miss is None or miss.fires:
                continue
            found.append((miss.cost, view.order, view, miss))
            found.sort(key=lambda item: (item[0], item[1]))
            if limit is not None:
                del found[limit:]
        return [self._rule_miss(view, miss, person) for _, _, view, miss in found]

    def rule_miss(self, rule_id: str, person: str | None) -> RuleMiss | None:
        """The nearest miss of one rule (for ``person``), ``None`` if it fires or is unknown."""
        views = self.plan.by_rule.get(rule_id)
        if not views:
            return None
        miss = self._search(views[0], person)
        return None if miss is None or miss.fires else self._rule_miss(views[0], miss, person)

    def _search(self, view: _RuleView, person: str | None, below: int | None = None) -> Miss | None:
        anchor = None
        if person is not None and view.anchor is not None:
            anchor = (view.anchor[0], view.anchor[1], person)
        return nearest_miss(
            self.plan.compiled[view.order],
            view.slots,
            self.by_type,
            as_of=self.as_of,
            anchor=anchor,
            below=below,
            memo=self.memo,
            floors=self.floors,
        )

    # -- wording ---------------------------------------------------------------------------
    def _rule_miss(self, view: _RuleView, miss: Miss, person: str | None) -> RuleMiss:
        bound = {alias: self.by_fid[fid] for alias, fid in miss.bindings if fid is not None}
        items: list[str] = []
        for _, fid in miss.bindings:
            if fid is not None:
                items.extend(self.sources.get(fid, ()))
        failed = [self._failure(view, f, bound, person) for f in miss.failures]
        return RuleMiss(
            rule_id=view.rule.id,
            title=view.rule.spec.title,
            failed=failed,
            sources=list(dict.fromkeys(items)),
            distance=miss.cost,
            exhaustive=miss.exhaustive,
        )

    def _failure(
        self, view: _RuleView, failure: Failure, bound: Mapping[str, Fact], person: str | None
    ) -> FailedCondition:
        if failure.kind == "not_in_force":
            return FailedCondition(kind="not_in_force", text=self._not_in_force(view.rule))
        slot = view.slots[failure.pattern]
        pattern = view.rule.patterns[failure.pattern]
        ftype = self.plan.fact_type(slot.type)
        if failure.kind == "condition":
            assert failure.fid is not None
            assert failure.label is not None
            fact = self.by_fid[failure.fid]
            own = view.rule.spec.explain.get(f"{slot.alias}.{failure.label}")
            text = self._condition(
                ftype,
                slot.type,
                failure.label,
                fact,
                pattern.conditions[failure.label],
                bound,
                own,
            )
            return FailedCondition(
                kind="condition",
                fact_type=slot.type,
                field=failure.label,
                text=text,
                sources=list(self.sources.get(failure.fid, ())),
            )
        if failure.kind == "blocked":
            assert failure.fid is not None
            fact = self.by_fid[failure.fid]
            return FailedCondition(
                kind="blocked",
                fact_type=slot.type,
                text=self._blocked(ftype, slot.type, fact),
                sources=list(self.sources.get(failure.fid, ())),
            )
        own = view.rule.spec.explain.get(slot.alias)
        return FailedCondition(
            kind="missing",
            fact_type=slot.type,
            text=self._missing(ftype, slot, pattern.conditions, bound, person, own),
        )

    def _fill(self, template: Text, values: Mapping[str, Mapping[Lang, str]]) -> Text:
        out: dict[str, str] = {}
        for lang in LANGS:
            text = template.get(lang)

            def value(match: Any, lang: Lang = lang) -> str:
                found = values.get(match.group(1))
                return found[lang] if found is not None else ""

            out[lang] = PLACEHOLDER.sub(value, text)
        return Text(**out)

    def _same(self, text: str) -> dict[Lang, str]:
        return dict.fromkeys(LANGS, text)

    def _label(self, ftype: FactType, fname: str, value: object) -> dict[Lang, str]:
        """A recorded value as a caseworker reads it, per language."""
        spec = ftype.fields.get(fname)
        words = self.words
        if isinstance(value, bool):
            return {lang: words.word("yes" if value else "no", lang) for lang in LANGS}
        text = str(value)
        if spec is None:
            return self._same(text)
        if spec.kind == "person":
            return self._same(self.names.get(text, text))
        if spec.kind == "vocab" and spec.vocabulary is not None:
            vocab = self.vocab.by_name(spec.vocabulary)
            return {lang: vocab.label(text, lang) for lang in LANGS}
        if spec.kind == "enum":
            for key in (f"{fname}_{text}", text):
                if key in words.words:
                    return {lang: words.word(key, lang) for lang in LANGS}
                if f"category_{text}" in self.vocab.ui and fname == "category":
                    ui = self.vocab.ui[f"category_{text}"]
                    return {lang: ui.get(lang) for lang in LANGS}
        return self._same(text)

    def _expected(
        self, ftype: FactType, fname: str, cond: object, bound: Mapping[str, Fact]
    ) -> dict[Lang, str]:
        """What a condition (as written in the rule) needs, in words."""
        words = self.words

        def one(value: object) -> dict[Lang, str]:
            if isinstance(value, str) and value.startswith("$") and "." in value:
                alias, other = value[1:].split(".", 1)
                fact = bound.get(alias)
                if fact is None or other not in fact:
                    return self._same("…")
                return self._label(ftype, fname, fact[other])
            return self._label(ftype, fname, value)

        def joined(values: Sequence[object], word: str) -> dict[Lang, str]:
            parts = [one(v) for v in values]
            out: dict[Lang, str] = {}
            for lang in LANGS:
                shown = list(dict.fromkeys(p[lang] for p in parts))
                if len(shown) == 1:
                    out[lang] = shown[0]
                else:
                    out[lang] = f"{', '.join(shown[:-1])} {words.word(word, lang)} {shown[-1]}"
            return out

        if isinstance(cond, list):
            return joined(cond, "or")
        if isinstance(cond, dict):
            if "not" in cond:
                inner = cond["not"]
                shown = joined(inner if isinstance(inner, list) else [inner], "or")
                return {lang: f"{words.word('not', lang)} {shown[lang]}" for lang in LANGS}
            parts: dict[Lang, list[str]] = {lang: [] for lang in LANGS}
            for op, value in cond.items():
                label = one(value)
                for lang in LANGS:
                    parts[lang].append(f"{words.word(op, lang)} {label[lang]}")
            return {lang: f" {words.word('and', lang)} ".join(parts[lang]) for lang in LANGS}
        return one(cond)

    def _fact_values(self, ftype: FactType, fact: Fact) -> dict[str, dict[Lang, str]]:
        """The placeholders every sentence about ``fact`` may use."""
        values: dict[str, dict[Lang, str]] = {}
        if ftype.person_field is not None and ftype.person_field in fact:
            pid = str(fact[ftype.person_field])
            values["name"] = self._same(self.names.get(pid, pid))
        if "age" in fact:
            values["age"] = self._same(str(fact["age"]))
        elif ftype.fields.get("age") is not None:
            values["age"] = {lang: self.vocab.text("age_unknown").get(lang) for lang in LANGS}
        if "certainty" in fact:
            certainty = self.vocab.terms["certainty"]
            values["certainty"] = {
                lang: certainty.label(str(fact["certainty"]), lang) for lang in LANGS
            }
        if "kind" in fact:
            kind = self._label(ftype, "kind", fact["kind"])
            if fact.get("certainty") in _MARKED:
                mark = values["certainty"]
                kind = {lang: f"{kind[lang]} ({mark[lang]})" for lang in LANGS}
            values["kind"] = kind
        if "service" in fact:
            values["service"] = self._label(ftype, "service", fact["service"])
        return values

    def _condition(
        self,
        ftype: FactType,
        type_name: str,
        fname: str,
        fact: Fact,
        cond: object,
        bound: Mapping[str, Fact],
        own: Text | None,
    ) -> Text:
        values = self._fact_values(ftype, fact)
        values["actual"] = (
            self._label(ftype, fname, fact[fname])
            if fname in fact
            else {lang: self.words.word("unknown", lang) for lang in LANGS}
        )
        values["expected"] = self._expected(ftype, fname, cond, bound)
        values["field"] = self._same(fname)
        template = own or self.words.condition(type_name, fname, fact.get(fname))
        return self._fill(template or self.words.fallback, values)

    def _missing(
        self,
        ftype: FactType,
        slot: Slot,
        conditions: Mapping[str, object],
        bound: Mapping[str, Fact],
        person: str | None,
        own: Text | None,
    ) -> Text:
        values: dict[str, dict[Lang, str]] = {}
        name: str | None = None
        for condition in slot.conditions:  # the person it would be about, through a join
            if condition.join is None or condition.join not in bound:
                continue
            spec = ftype.fields.get(condition.label)
            raw = conditions.get(condition.label)
            if spec is not None and spec.kind == "person" and isinstance(raw, str):
                other = raw[1:].split(".", 1)[1]
                name = str(bound[condition.join].get(other, ""))
                break
        if name is None and person is not None:
            name = person
        values["name"] = self._same(self.names.get(name or "", name or ""))
        first = next(
            (c.label for c in slot.conditions if c.join is None and c.label in conditions), None
        )
        values["expected"] = (
            self._expected(ftype, first, conditions[first], bound)
            if first is not None
            else self._same("…")
        )
        return self._fill(own or self.words.missing_text(slot.type), values)

    def _blocked(self, ftype: FactType, type_name: str, fact: Fact) -> Text:
        values = self._fact_values(ftype, fact)
        what = values.get("kind") or values.get("service") or values.get("name")
        values["what"] = what or self._same(type_name)
        values.setdefault("name", self._same(""))
        return self._fill(self.words.blocked_text(type_name), values)

    def _not_in_force(self, rule: Rule) -> Text:
        start, end = rule.spec.valid_from, rule.spec.valid_until
        period: dict[Lang, str] = {}
        for lang in LANGS:
            parts = []
            if start is not None:
                parts.append(f"{self.words.word('from', lang)} {start.isoformat()}")
            if end is not None:
                parts.append(f"{self.words.word('until', lang)} {end.isoformat()}")
            period[lang] = " ".join(parts)
        return self._fill(
            self.words.not_in_force, {"as_of": self._same(self.as_of), "period": period}
        )
