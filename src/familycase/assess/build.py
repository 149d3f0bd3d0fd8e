"""``build_assessment``: an engine's firings made into an ``Assessment``.

What every assessment of one rulebook looks up is worked out once per rulebook (``_Plan``:
each rule's plan, how its placeholders render, its legal references per epoch, what a
suggestion takes from the rules that make it). An evaluation then builds its suggestions
and questions; their ids, reasons and texts, the duty board and the assessment's summaries
are built when first read (``familycase.assess._lazy``).
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from familycase._text import LANGS, PLACEHOLDER, Lang, Text, join_names
from familycase.assess._lazy import trusted
from familycase.assess.assessment import (
    Assessment,
    ConcernBasis,
    InferredLink,
    LegalReference,
    PersonSummary,
    Provenance,
    Question,
    Reason,
    ResponsibilityEntry,
    Suggestion,
    UnclearDuty,
)
from familycase.assess.explanation import (
    Explainer,
    ExplainPlan,
    content_id,
    duty_board,
    remember,
)
from familycase.case.facts import CaseFacts
from familycase.case.graph import CaseGraph
from familycase.case.model import Case
from familycase.engine.ir import CompiledRule, EngineResult, Fact, Firing
from familycase.rules.fact_types import FACT_TYPES, FactType
from familycase.rules.provisions import Provisions
from familycase.rules.rulebook import (
    URGENCY_ORDER,
    AskSpec,
    Rule,
    Rulebook,
    SuggestSpec,
)
from familycase.rules.vocabulary import Vocabularies, Vocabulary

# -- building ------------------------------------------------------------------------------
#: A value in a rule's ``then``: a literal, or ``(alias, field, position)`` for
#: ``$alias.field``, where ``position`` is the alias's place among the rule's positive
#: patterns (where a firing's bindings list it), -1 if not known.
_Ref = str | tuple[str, str, int]


def _ref(value: str, positions: Mapping[str, int]) -> _Ref:
    if value.startswith("$"):
        alias, fname = value[1:].split(".", 1)
        return alias, fname, positions.get(alias, -1)
    return value


def _resolved(refs: Sequence[_Ref], bound: Mapping[str, Fact]) -> list[str]:
    """The values of ``refs`` given the bound facts by alias (``$alias.field`` resolved)."""
    return [r if isinstance(r, str) else str(bound[r[0]][r[1]]) for r in refs]


def _values(refs: Sequence[_Ref], firing: _Firing) -> list[str]:
    """``_resolved`` for one firing, without putting its facts by alias together."""
    out: list[str] = []
    for ref in refs:
        if isinstance(ref, str):
            out.append(ref)
            continue
        alias, fname, position = ref
        bindings = firing.bindings
        # a firing binds the rule's positive aliases in order: look there first
        if 0 <= position < len(bindings) and bindings[position][0] == alias:
            fact = firing.by_fid[bindings[position][1]]
        else:
            fact = firing.bound[alias]
        value = fact[fname]
        out.append(value if type(value) is str else str(value))
    return out


@dataclass(eq=False)
class _RulePlan:
    """What the assessment needs of one rule, looked up once per rulebook."""

    rule: Rule
    rule_id: str
    order: int
    suggest: SuggestSpec | None
    ask: AskSpec | None
    family: bool  # the suggested measure concerns the whole family
    persons: tuple[_Ref, ...]  # then.suggest.persons
    services: tuple[_Ref, ...]  # then.suggest.services
    ask_persons: tuple[_Ref, ...]
    rank: tuple[bool, int]  # how the suggestion ranks: (not a duty, urgency)
    measure: str | None  # then.suggest.measure
    # the services besides the responsible one when all are literal (then the same for
    # every firing), without repeats; None when one is taken from a fact
    fixed_services: tuple[str, ...] | None
    ask_key: tuple[str | None, str] | None  # what the question is (settles, its nb text)
    ask_rank: int  # the question's urgency, as URGENCY_ORDER ranks it


class _Firing:
    """One firing that suggests or asks (derive-only firings are never resolved), with the
    evaluation's facts by fid. Its facts by alias are put together when first needed (a
    reason, a text): the suggestions and questions look up only the facts they name."""

    __slots__ = ("_bound", "bindings", "by_fid", "plan", "rule", "rule_id")

    def __init__(
        self, plan: _RulePlan, bindings: tuple[tuple[str, str], ...], by_fid: Mapping[str, Fact]
    ) -> None:
        self.plan = plan
        self.rule = plan.rule
        self.rule_id = plan.rule_id
        self.bindings = bindings
        self.by_fid = by_fid
        self._bound: dict[str, Fact] | None = None

    @property
    def bound(self) -> dict[str, Fact]:
        """The bound facts by alias."""
        bound = self._bound
        if bound is None:  # two threads may both make it: equal either way
            by_fid = self.by_fid
            bound = self._bound = {alias: by_fid[fid] for alias, fid in self.bindings}
        return bound

    @property
    def fids(self) -> tuple[str, ...]:
        """The bound facts' fids, in the order of ``bound``."""
        return tuple([fid for _, fid in self.bindings])


def build_assessment(
    result: EngineResult,
    *,
    rulebook: Rulebook,
    graph: CaseGraph,
    facts: CaseFacts,
    library_version: str,
    engine: str,
    ids_only: bool = False,
) -> Assessment:
    """Turn engine firings into an ``Assessment``. Only the suggestions and questions are
    built now; their ids, reasons and texts, the duty board and the assessment's other parts
    are built when first read (``familycase.assess._lazy``)."""
    case = graph.case
    plan = _plan(rulebook)
    by_fid: dict[str, Fact] = facts.by_fid()
    if result.derived:
        by_fid.update(result.derived)
    sources = _sources_of(result, plan, facts.sources)
    # the firings by rule (the engines give them sorted, so each rule's are together), the
    # rules in rulebook order, each rule's firings by their bindings
    runs: dict[str, list[Firing]] = {}
    for f in result.firings:
        run = runs.get(f.rule_id)
        if run is None:
            runs[f.rule_id] = [f]
        else:
            run.append(f)
    fired_ids = sorted(runs, key=plan.order.__getitem__)
    firings: list[_Firing] = []
    rule_plan = plan.rule_plan
    for rule_id in fired_ids:
        rp = rule_plan(rule_id)
        if rp.suggest is None and rp.ask is None:
            continue  # derive-only: seen through the facts it derived
        run = runs[rule_id]
        if len(run) > 1:
            run.sort()  # one rule's firings: by their bindings
        for f in run:
            firings.append(_Firing(rp, f.bindings, by_fid))
    names = {p.id: p.name for p in case.persons}
    person_order = {p.id: i for i, p in enumerate(case.persons)}
    renderer = _Renderer(plan, names, sources)
    on = case.as_of
    epoch = plan.epoch(on)

    suggestions = _suggestions(firings, plan, renderer, person_order, on, epoch)
    questions = _questions(firings, renderer, person_order)
    explainer = Explainer(
        plan.explain(rulebook),
        [*facts.facts, *result.derived.values()],
        sources,
        names,
        case.as_of.isoformat(),
    )
    assessment: Assessment = Assessment.pending(
        {
            "case_id": case.id,
            "as_of": case.as_of,
            "suggestions": suggestions,
            "questions": questions,
            "fired": fired_ids,
            "names": names,
            # made of the validated case's and rulebook's values as they are
            # (familycase.assess._lazy.trusted)
            "provenance": trusted(
                Provenance,
                {
                    "library_version": library_version,
                    "rulebook_hash": rulebook.content_hash,
                    "rulebook_name": rulebook.about.name,
                    "rulebook_version": rulebook.about.version,
                    "rulebook_date": rulebook.about.date,
                    "ids_only": ids_only,
                    "as_of": case.as_of,
                    "case_id": case.id,
                    "engine": engine,
                    "firings": len(result.firings),
                },
            ),
        },
        (*_PARTS, "duty_board"),
        lambda: {"duty_board": duty_board(explainer, suggestions, questions, person_order)},
        # each built alone when first read, without the duty board
        {
            "unclear_duties": lambda: {
                "unclear_duties": _unclear(
                    questions, suggestions, firings, plan, person_order, on, epoch
                )
            },
            "persons": lambda: {"persons": _summaries(graph)},
            "responsibility": lambda: {
                "responsibility": _responsibility(suggestions, person_order)
            },
            **dict.fromkeys(_CONCERNS, lambda: _concerns(case)),
        },
    )
    remember(assessment, explainer)
    return assessment


#: The assessment's fields built when first read, each part on its own (the duty board is
#: built with them when read first, or by anything that reads the whole assessment).
_CONCERNS = ("concern_kinds", "suspected", "unconfirmed")
_PARTS = ("unclear_duties", "persons", "responsibility", *_CONCERNS)


def _concerns(case: Case) -> dict[str, object]:
    """What renderers need to know of the concerns: their kinds, and how certain each one
    that is not confirmed is and who said so."""
    return {
        "concern_kinds": {c.id: c.kind for c in case.concerns},
        "suspected": [c.id for c in case.concerns if c.certainty == "suspected"],
        # made of the validated case's values as they are (familycase.assess._lazy.trusted)
        "unconfirmed": {
            c.id: trusted(
                ConcernBasis,
                {"certainty": c.certainty, "source": c.source, "reported_by": c.reported_by},
            )
            for c in case.concerns
            if c.certainty != "confirmed"
        },
    }


def _sources_of(
    result: EngineResult, plan: _Plan, base: Mapping[str, tuple[str, ...]]
) -> Callable[[], Mapping[str, tuple[str, ...]]]:
    """The case items behind each fact of one evaluation, base and derived, by fid: only
    reasons and why-nots read them, both built when first read, so the derived facts' are
    worked out then (once)."""
    if not result.derived_by:
        return lambda: base
    merged: list[Mapping[str, tuple[str, ...]]] = []

    def sources() -> Mapping[str, tuple[str, ...]]:
        if not merged:  # two threads may both work it out: the same either way
            derived = _derived_sources(result, plan, base)
            merged.append({**base, **derived} if derived else base)
        return merged[0]

    return sources


def _derived_sources(
    result: EngineResult, plan: _Plan, base: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Each derived fact's case items: the union over the firings that derived it."""
    if not result.derived_by:
        return {}
    stratum = plan.stratum
    # strata order (in firing order within one): a derived fact's sources may themselves be
    # derived
    strata: list[list[tuple[Firing, str]]] = [[] for _ in range(plan.strata)]
    for item in result.derived_by.items():
        strata[stratum[item[0].rule_id]].append(item)
    out: dict[str, list[str]] = {}
    for items in strata:
        for firing, fid in items:
            bucket = out.get(fid)
            if bucket is None:
                bucket = out[fid] = []
            for _, bound_fid in firing.bindings:
                bucket.extend(base.get(bound_fid, ()) or out.get(bound_fid, ()))
    return {fid: tuple(dict.fromkeys(items)) for fid, items in out.items()}


# -- per-rulebook lookups and render plans --------------------------------------------------
@dataclass(frozen=True)
class _Slot:
    """How a placeholder of one rule renders: which field, and as a name, a label or as is."""

    field: str | None  # None: the fact type has no person field (renders "")
    kind: str  # "person", "vocab", "concern_kind" (a vocab with certainty) or "raw"
    labels: Mapping[str, Mapping[str, str]] | None = None  # vocab: lang -> id -> label

    def base(self, fact: Mapping[str, object], names: Mapping[str, str]) -> str:
        """The value before translation: a display name, a vocabulary id or the raw value
        (a concern's kind with ``|suspected`` when it is only suspected)."""
        if self.field is None:
            return ""
        raw = fact.get(self.field, "")
        if type(raw) is not str:
            raw = str(raw)
        if self.kind == "person":
            return names.get(raw, raw)
        if self.kind == "concern_kind":
            certainty = fact.get("certainty")
            if certainty in _MARKED:
                return f"{raw}|{certainty}"
        return raw

    def translate(self, base: str, lang: Lang) -> str:
        if self.labels is not None:
            return self.labels[lang].get(base, base)  # Vocabulary.label: the id if unknown
        return base


def _labels(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    return {lang: {i: vocabulary.label(i, lang) for i in vocabulary} for lang in LANGS}


_SUSPECTED = "suspected"
# Certainty levels a concern's kind is marked with wherever a text names it: a suspicion,
# with or without concrete indications, is never told as a fact.
_MARKED = (_SUSPECTED, "concrete_indications")


def _only_suspected(rule: Rule, alias: str) -> bool:
    """Whether ``rule`` matches ``alias`` only when it is a vague suspicion (its text then
    speaks of a suspicion already)."""
    for pattern in rule.patterns:
        if pattern.alias == alias and not pattern.negated:
            conditions = pattern.conditions
            return (
                conditions.get("certainty") in (_SUSPECTED, [_SUSPECTED])
                or conditions.get("reason_to_believe") is False
            )
    return False


def _kind_labels(kinds: Vocabulary, certainty: Vocabulary) -> dict[str, dict[str, str]]:
    """A concern kind's labels, and for each kind ``<id>|<certainty>`` with the certainty's
    label after it ("rusproblem (mistanke)", "vold mot barn (konkrete holdepunkter)")."""
    labels = _labels(kinds)
    for lang in LANGS:
        table = labels[lang]
        plain = list(table)
        for level in _MARKED:
            mark = certainty.label(level, lang)
            table.update({f"{i}|{level}": f"{table[i]} ({mark})" for i in plain})
    return labels


@dataclass(eq=False)
class _Template:
    """A template of one rule, ready to fill: its distinct placeholders with their slots, and
    per language the literal parts and placeholder numbers, in order."""

    slots: tuple[tuple[str, _Slot], ...]  # (alias, slot) per distinct placeholder
    parts: tuple[tuple[str | int, ...], ...]  # per language of LANGS


@dataclass
class _Plan:
    """What every assessment of one rulebook looks up: built once per rulebook.

    It holds the rulebook's parts, never the rulebook itself, so that the rulebook (and
    with it its plan) can be freed.
    """

    vocabularies: Vocabularies
    provisions: Provisions
    derived_types: Mapping[str, FactType]
    rules: dict[str, Rule]
    order: dict[str, int]
    compiled: dict[str, CompiledRule]
    measure_order: dict[str, int]
    stratum: dict[str, int]  # each compiled rule's stratum, by rule id
    strata: int  # how many
    # the dates on which some provision comes into force or goes out of it, in order: the
    # provisions in force are the same on every date between two of them (an epoch)
    breaks: tuple[date, ...]
    slots: dict[tuple[int, str, str | None], _Slot] = field(default_factory=dict)
    references: dict[str, LegalReference] = field(default_factory=dict)
    rule_plans: dict[str, _RulePlan] = field(default_factory=dict)
    templates: dict[tuple[int, int], tuple[Text, _Template]] = field(default_factory=dict)
    legal: dict[tuple[tuple[int, ...], int], list[LegalReference]] = field(default_factory=dict)
    groups: dict[tuple[tuple[_RulePlan, ...], int], _Grouped] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    explained: ExplainPlan | None = None

    def epoch(self, on: date) -> int:
        """The epoch of ``on``: two dates of one epoch have the same provisions in force."""
        return bisect.bisect_right(self.breaks, on)

    def grouped(self, rps: tuple[_RulePlan, ...], on: date, epoch: int) -> _Grouped:
        """What a suggestion takes from the rules ``rps`` that suggest it (each once, the
        lead first) on ``on`` (of ``epoch``): worked out once per rulebook, rules and epoch."""
        key = (rps, epoch)  # the plan keeps its rule plans alive
        found = self.groups.get(key)
        if found is not None:
            return found
        specs: list[SuggestSpec] = [rp.suggest for rp in rps]  # type: ignore[misc]
        lead = specs[0]
        duty = any(spec.obligation == "duty" for spec in specs)
        legal_basis = tuple(_legal(self, [rp.rule for rp in rps], on, epoch))
        urgency = min((spec.urgency for spec in specs), key=URGENCY_ORDER.__getitem__)
        rule_ids = tuple(dict.fromkeys(rp.rule.id for rp in rps))
        values: dict[str, object] = {
            "rule_id": rule_ids[0],
            "measure": lead.measure,
            "label": self.vocabularies.measures[lead.measure].label,
            "obligation": "duty" if duty else "recommendation",
            "responsible": lead.responsible,
            "urgency": urgency,
            "requires_consent": (not duty) and any(spec.requires_consent for spec in specs),
            "overrides_confidentiality": duty
            and any(ref.overrides_confidentiality for ref in legal_basis),
        }
        found = _Grouped(
            measure=lead.measure,
            responsible=lead.responsible,
            rule_ids=rule_ids,
            legal_basis=legal_basis,
            rank=(not duty, URGENCY_ORDER[urgency], self.measure_order.get(lead.measure, 0)),
            values=values,
        )
        if len(self.groups) >= 4096:  # the rulebook's rules' groups: bounded in practice
            self.groups.clear()
        self.groups[key] = found
        return found

    def explain(self, rulebook: Rulebook) -> ExplainPlan:
        """What explaining needs of the rulebook (built on first use)."""
        made = self.explained
        if made is None:
            made = self.explained = ExplainPlan.of(rulebook)
        return made

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]  # KeyError(rule_id), as Rulebook.rule

    def rule_plan(self, rule_id: str) -> _RulePlan:
        found = self.rule_plans.get(rule_id)
        if found is not None:
            return found
        rule = self.rule(rule_id)
        then = rule.spec.then
        suggest, ask = then.suggest, then.ask
        family = False
        rank = (True, 0)
        fixed_services: tuple[str, ...] | None = None
        if suggest is not None:
            family = self.vocabularies.measures[suggest.measure].attr("scope") == "family"
            rank = (suggest.obligation != "duty", URGENCY_ORDER[suggest.urgency])
            if not any(v.startswith("$") for v in suggest.services):
                fixed_services = tuple(
                    v for v in dict.fromkeys(suggest.services) if v != suggest.responsible
                )
        compiled = self.compiled.get(rule_id)
        positions = (
            {}
            if compiled is None
            else {
                alias: i
                for i, alias in enumerate([p.alias for p in compiled.patterns if not p.negated])
            }
        )
        made = _RulePlan(
            rule=rule,
            rule_id=rule.id,
            order=self.order[rule_id],
            suggest=suggest,
            ask=ask,
            family=family,
            persons=tuple(_ref(v, positions) for v in suggest.persons) if suggest else (),
            services=tuple(_ref(v, positions) for v in suggest.services) if suggest else (),
            ask_persons=tuple(_ref(v, positions) for v in ask.persons) if ask else (),
            rank=rank,
            measure=suggest.measure if suggest else None,
            fixed_services=fixed_services,
            ask_key=(ask.settles, ask.question.nb) if ask else None,
            ask_rank=URGENCY_ORDER[ask.urgency] if ask else 0,
        )
        with self.lock:  # the same plan if two threads made one
            return self.rule_plans.setdefault(rule_id, made)

    def slot(self, rule: Rule, alias: str, fname: str | None) -> _Slot:
        key = (id(rule), alias, fname)  # the plan keeps its rules alive
        slot = self.slots.get(key)
        if slot is None:
            type_name = rule.aliases[alias]
            ftype = FACT_TYPES.get(type_name) or self.derived_types[type_name]  # fact_type()
            name = fname or ftype.person_field
            spec = None if name is None else ftype.fields.get(name)
            if spec is not None and spec.kind == "person":
                slot = _Slot(name, "person")
            elif (
                spec is not None
                and spec.vocabulary == "concern_kinds"
                and name == "kind"
                and "certainty" in ftype.fields
                and not _only_suspected(rule, alias)
            ):  # a concern's or exposure's kind: says so when it is only suspected
                v = self.vocabularies
                slot = _Slot(
                    name, "concern_kind", _kind_labels(v.concern_kinds, v.terms["certainty"])
                )
            elif spec is not None and spec.kind == "vocab" and spec.vocabulary is not None:
                vocab = self.vocabularies.by_name(spec.vocabulary)
                slot = _Slot(name, "vocab", _labels(vocab))
            else:
                slot = _Slot(name, "raw")
            self.slots[key] = slot
        return slot

    def template(self, rule: Rule, template: Text) -> _Template:
        """``template`` of ``rule`` split into literal text and numbered placeholders."""
        key = (id(rule), id(template))
        cached = self.templates.get(key)
        if cached is not None and cached[0] is template:
            return cached[1]
        numbers: dict[tuple[str, str | None], int] = {}
        slots: list[tuple[str, _Slot]] = []
        parts: list[tuple[str | int, ...]] = []
        for lang in LANGS:
            text = template.get(lang)
            items: list[str | int] = []
            end = 0
            for match in PLACEHOLDER.finditer(text):
                if match.start() > end:
                    items.append(text[end : match.start()])
                alias, fname = match.group(1), match.group(2)
                number = numbers.get((alias, fname))
                if number is None:
                    number = numbers[(alias, fname)] = len(slots)
                    slots.append((alias, self.slot(rule, alias, fname)))
                items.append(number)
                end = match.end()
            if end < len(text):
                items.append(text[end:])
            parts.append(tuple(items))
        made = _Template(tuple(slots), tuple(parts))
        if len(self.templates) < 4096:  # the rulebook's own rules and templates: bounded
            self.templates[key] = (template, made)
        return made

    def reference(self, pid: str) -> LegalReference:
        ref = self.references.get(pid)
        if ref is None:
            ref = self.references[pid] = LegalReference.of(self.provisions, pid)
        return ref


_PLANS: dict[int, tuple[weakref.ref[Rulebook], _Plan]] = {}
_PLANS_LOCK = threading.Lock()


def _plan(rulebook: Rulebook) -> _Plan:
    """The plan of a rulebook (built on first use, dropped with the rulebook)."""
    key = id(rulebook)
    entry = _PLANS.get(key)
    if entry is not None and entry[0]() is rulebook:
        return entry[1]
    compiled = {r.id: r for r in rulebook.compiled.rules}
    breaks: set[date] = set()
    # Provision.in_force reads these two dates only
    for provision in rulebook.provisions.entries.values():
        if provision.valid_from is not None:
            breaks.add(provision.valid_from)
        if provision.valid_until is not None and provision.valid_until < date.max:
            breaks.add(provision.valid_until + timedelta(days=1))
    plan = _Plan(
        vocabularies=rulebook.vocabularies,
        provisions=rulebook.provisions,
        derived_types=rulebook.derived_types,
        rules={rule.id: rule for rule in reversed(rulebook.rules)},  # the first of an id wins
        order={rule.id: i for i, rule in enumerate(rulebook.rules)},
        compiled=compiled,
        measure_order={m: i for i, m in enumerate(rulebook.vocabularies.measures)},
        stratum={rid: r.stratum for rid, r in compiled.items()},
        strata=1 + max((r.stratum for r in compiled.values()), default=0),
        breaks=tuple(sorted(breaks)),
    )
    with _PLANS_LOCK:
        _PLANS[key] = (weakref.ref(rulebook, _forget(key)), plan)
    return plan


def _forget(key: int) -> Callable[[object], None]:
    def forget(_ref: object) -> None:
        with _PLANS_LOCK:
            entry = _PLANS.get(key)
            if entry is not None and entry[0]() is None:
                del _PLANS[key]

    return forget


class _Renderer:
    """Fills templates and builds reasons for one assessment."""

    def __init__(
        self,
        plan: _Plan,
        names: Mapping[str, str],
        sources: Callable[[], Mapping[str, tuple[str, ...]]],
    ) -> None:
        self.plan = plan
        self.names = names
        self.sources = sources
        self._reasons: dict[tuple[int, ...], Reason] = {}  # by the firings (alive meanwhile)
        # fid -> the fact as a reason shows it (no fid; Reason's validation copies it), and
        # its content, by which a reason lists equal facts once
        self._shown: dict[str, tuple[dict[str, str | int | bool], frozenset[object]]] = {}

    def _fact(self, fid: str, fact: Fact) -> tuple[dict[str, str | int | bool], frozenset[object]]:
        shown = self._shown.get(fid)
        if shown is None:
            item = {k: v for k, v in fact.items() if k != "fid"}
            shown = self._shown[fid] = (item, frozenset(item.items()))
        return shown

    def joined(self, template: Text, firings: Sequence[_Firing]) -> Text:
        """A template filled once for several firings: each placeholder's values, in order
        and without repeats, are joined ("Jon og Beth")."""
        rule = firings[0].rule
        for f in firings:
            if f.rule is not rule:
                return self._joined_rules(template, firings)
        filled = self.plan.template(rule, template)
        names = self.names
        one = len(firings) == 1
        values: list[tuple[str, str, str]] = []  # per placeholder, in nb, nn, en
        for alias, slot in filled.slots:
            if one:
                bases = [slot.base(firings[0].bound[alias], names)]
            else:
                bases = list(dict.fromkeys([slot.base(f.bound[alias], names) for f in firings]))
            labels = slot.labels
            if labels is None and len(bases) == 1:
                values.append((bases[0], bases[0], bases[0]))
                continue
            texts: list[str] = []
            for lang in LANGS:
                if labels is None:
                    shown = bases
                else:
                    table = labels[lang]
                    shown = list(dict.fromkeys([table.get(v, v) for v in bases]))
                texts.append(shown[0] if len(shown) == 1 else join_names(shown, lang))
            values.append((texts[0], texts[1], texts[2]))
        nb_parts, nn_parts, en_parts = filled.parts
        return Text(
            nb="".join([p if p.__class__ is str else values[p][0] for p in nb_parts]),  # type: ignore[index]
            nn="".join([p if p.__class__ is str else values[p][1] for p in nn_parts]),  # type: ignore[index]
            en="".join([p if p.__class__ is str else values[p][2] for p in en_parts]),  # type: ignore[index]
        )

    def _joined_rules(self, template: Text, firings: Sequence[_Firing]) -> Text:
        """``joined`` for firings of several rules (a question several rules ask): each
        firing's placeholder renders by its own rule's slot."""
        names = self.names
        slot = self.plan.slot
        texts: dict[str, str] = {}
        # each placeholder's values before translation, per firing: the same in every language
        bases: dict[tuple[str, str | None], list[tuple[_Slot, str]]] = {}
        for lang in LANGS:
            out: list[str] = []
            text = template.get(lang)
            end = 0
            for match in PLACEHOLDER.finditer(text):
                out.append(text[end : match.start()])
                end = match.end()
                part = (match.group(1), match.group(2))
                values = bases.get(part)
                if values is None:
                    alias, fname = part
                    values = []
                    for f in firings:
                        s = slot(f.rule, alias, fname)
                        values.append((s, s.base(f.bound[alias], names)))
                    bases[part] = values
                shown = [s.translate(base, lang) for s, base in values]
                out.append(join_names(list(dict.fromkeys(shown)), lang))
            out.append(text[end:])
            texts[lang] = "".join(out)
        return Text(**texts)

    def reasons(self, firings: Sequence[_Firing]) -> list[Reason]:
        """One reason per rule, in the order given, covering all of that rule's firings."""
        by_rule: dict[str, list[_Firing]] = {}
        for firing in firings:
            by_rule.setdefault(firing.rule_id, []).append(firing)
        out = []
        sources = self.sources()
        for group in by_rule.values():
            key = tuple(map(id, group))
            known = self._reasons.get(key)
            if known is not None:  # a rule that both suggests and asks: one Reason object
                out.append(known)
                continue
            rule = group[0].rule
            facts: list[dict[str, str | int | bool]] = []
            seen: set[frozenset[object]] = set()  # equal as dicts
            items: list[str] = []
            for firing in group:
                for fact, fid in zip(firing.bound.values(), firing.fids, strict=True):
                    item, content = self._fact(fid, fact)
                    if content not in seen:
                        seen.add(content)
                        facts.append(item)
                    items.extend(sources.get(fid, ()))
            reason = Reason(
                rule_id=rule.id,
                title=rule.spec.title,
                text=self.joined(rule.spec.reason, group),
                facts=facts,
                sources=list(dict.fromkeys(items)),
            )
            self._reasons[key] = reason
            out.append(reason)
        return out


# What is built when first read (familycase.assess._lazy): each fill keeps the firings
# and the assessment's renderer until then.
_Fill = Callable[[], dict[str, object]]


# A suggestion's and a question's id is a hash of what it is: built when first read, on its
# own (not with the reasons and texts), from the values given when the suggestion or
# question was made (the persons as a tuple, which the id's text writes as the list: the
# list read from it and changed meanwhile would not change the id, as with an id built at
# once). One small object per suggestion or question holds what its fills need: an
# evaluation makes dozens of them and keeps them as long as the assessment, and two
# closures with their cells would be four times as many objects for the cyclic garbage
# collector to walk.
class _SuggestionFill:
    """A suggestion's reasons (``fill()``), and its id on its own (``id()``)."""

    __slots__ = ("firings", "measure", "persons", "renderer")

    def __init__(
        self, renderer: _Renderer, firings: list[_Firing], measure: str, persons: tuple[str, ...]
    ) -> None:
        self.renderer = renderer
        self.firings = firings
        self.measure = measure
        self.persons = persons

    def __call__(self) -> dict[str, object]:
        return {"reasons": self.renderer.reasons(self.firings)}

    def id(self) -> dict[str, object]:
        return {"id": content_id("s", self.measure, self.persons)}


class _QuestionFill:
    """A question's text and reasons (``fill()``), and its id on its own (``id()``)."""

    __slots__ = ("firings", "persons", "renderer", "rule_id", "settles", "template")

    def __init__(
        self,
        renderer: _Renderer,
        template: Text,
        firings: list[_Firing],
        rule_id: str,
        settles: str | None,
        persons: tuple[str, ...],
    ) -> None:
        self.renderer = renderer
        self.template = template
        self.firings = firings
        self.rule_id = rule_id
        self.settles = settles
        self.persons = persons

    def __call__(self) -> dict[str, object]:
        return {
            "text": self.renderer.joined(self.template, self.firings),
            "reasons": self.renderer.reasons(self.firings),
        }

    def id(self) -> dict[str, object]:
        return {"id": content_id("q", self.rule_id, self.settles, self.persons)}


def _texts_of(questions: list[Question]) -> _Fill:
    return lambda: {"questions": list(dict.fromkeys(q.text for q in questions))}


def _legal(plan: _Plan, rules: Sequence[Rule], on: date, epoch: int) -> list[LegalReference]:
    """The provisions the rules cite that are in force on ``on`` (of ``epoch``), each once,
    in order."""
    key = (tuple(map(id, rules)), epoch)  # the plan keeps its rules alive
    known = plan.legal.get(key)
    if known is None:
        provisions = plan.provisions
        ids = dict.fromkeys(pid for rule in rules for pid in rule.spec.legal_basis)
        # frozen: one object per provision and rulebook
        known = [plan.reference(pid) for pid in ids if provisions[pid].in_force(on)]
        if len(plan.legal) >= 4096:
            plan.legal.clear()
        plan.legal[key] = known
    return list(known)


@dataclass(frozen=True, eq=False)
class _Grouped:
    """What a suggestion takes from the rules that suggest it rather than from the facts
    they matched: the same for every case those rules suggest it in, on any date of one
    epoch (``_Plan.grouped``)."""

    measure: str
    responsible: str
    rule_ids: tuple[str, ...]
    legal_basis: tuple[LegalReference, ...]
    rank: tuple[bool, int, int]  # how it ranks: (not a duty, urgency, the measure's order)
    # the suggestion's other fields the rules give (rule_id, label, obligation, urgency...):
    # each suggestion's values start as a copy
    values: dict[str, object]


def _suggestions(
    firings: Sequence[_Firing],
    plan: _Plan,
    renderer: _Renderer,
    person_order: Mapping[str, int],
    on: date,
    epoch: int,
) -> list[Suggestion]:
    groups: dict[tuple[str, ...], list[tuple[_Firing, list[str]]]] = {}
    rank_of_person = person_order.get
    for firing in firings:
        rp = firing.plan
        measure = rp.measure
        if measure is None:
            continue
        persons = _values(rp.persons, firing)
        if rp.family:
            key: tuple[str, ...] = (measure,)
        elif len(persons) == 1:
            key = (measure, persons[0])
        else:
            key = (measure, *sorted(set(persons), key=lambda p: rank_of_person(p, 0)))
        members = groups.get(key)
        if members is None:
            groups[key] = [(firing, persons)]
        else:
            members.append((firing, persons))
    out: list[Suggestion] = []
    keys: list[tuple[bool | int, ...]] = []  # how each ranks
    for members in groups.values():
        services: list[str]
        if len(members) == 1:
            firing, persons = members[0]
            rp = firing.plan
            info = plan.grouped((rp,), on, epoch)
            if len(persons) > 1:
                persons = list(dict.fromkeys(persons))
                if len(persons) > 1:
                    persons.sort(key=lambda p: rank_of_person(p, 0))
            if rp.fixed_services is not None:
                services = list(rp.fixed_services)
            else:
                services = []
                for service in _values(rp.services, firing):
                    if service != info.responsible and service not in services:
                        services.append(service)
            ordered = [firing]
        else:
            members.sort(key=lambda m: m[0].plan.rank)
            info = plan.grouped(tuple(dict.fromkeys([m[0].plan for m in members])), on, epoch)
            persons = sorted(
                {p for _, ps in members for p in ps}, key=lambda p: rank_of_person(p, 0)
            )
            services = []
            for firing, _ in members:
                rp = firing.plan
                assert rp.suggest is not None
                for service in (rp.suggest.responsible, *_values(rp.services, firing)):
                    if service != info.responsible and service not in services:
                        services.append(service)
            ordered = [m[0] for m in members]
            ordered.sort(key=lambda f: f.plan.order)
        # the fields the rules give, then this suggestion's own (a pending suggestion's
        # fields are put in order when it is filled)
        values = info.values.copy()
        values["rule_ids"] = list(info.rule_ids)
        values["services"] = services
        values["persons"] = persons
        values["legal_basis"] = list(info.legal_basis)
        fill = _SuggestionFill(renderer, ordered, info.measure, tuple(persons))
        out.append(Suggestion.pending(values, ("id", "reasons"), fill, {"id": fill.id}))
        # the persons' ranks after the rules' rank: as a list of them, a shorter one first
        if len(persons) == 1:
            keys.append((*info.rank, rank_of_person(persons[0], 0)))
        else:
            keys.append((*info.rank, *[rank_of_person(p, 0) for p in persons]))
    # duties first, then by urgency, the measures' order and the persons' (a stable sort)
    return [out[i] for i in sorted(range(len(out)), key=keys.__getitem__)]


def _questions(
    firings: Sequence[_Firing], renderer: _Renderer, person_order: Mapping[str, int]
) -> list[Question]:
    # rules asking the same question (same template) ask it once
    groups: dict[tuple[str | None, str], list[_Firing]] = {}
    for firing in firings:
        key = firing.plan.ask_key
        if key is not None:
            members = groups.get(key)
            if members is None:
                groups[key] = [firing]
            else:
                members.append(firing)
    out: list[Question] = []
    ranks: list[int] = []
    for members in groups.values():
        lead = members[0]
        ask = lead.plan.ask
        assert ask is not None
        if len(members) == 1:
            persons = _values(lead.plan.ask_persons, lead)
            rule_ids = [lead.rule_id]
        else:
            persons = [p for f in members for p in _values(f.plan.ask_persons, f)]
            rule_ids = list(dict.fromkeys([f.rule_id for f in members]))
        if len(persons) > 1:
            persons = sorted(set(persons), key=lambda p: person_order.get(p, 0))
        fill = _QuestionFill(
            renderer, ask.question, members, lead.rule_id, ask.settles, tuple(persons)
        )
        out.append(
            Question.pending(
                {
                    "rule_id": lead.rule_id,
                    "rule_ids": rule_ids,
                    "persons": persons,
                    "urgency": ask.urgency,
                    "settles": ask.settles,
                },
                ("id", "text", "reasons"),
                fill,
                {"id": fill.id},
            )
        )
        ranks.append(lead.plan.ask_rank)
    return [out[i] for i in sorted(range(len(out)), key=ranks.__getitem__)]


def _unclear(
    questions: Sequence[Question],
    suggestions: Sequence[Suggestion],
    firings: Sequence[_Firing],
    plan: _Plan,
    person_order: Mapping[str, int],
    on: date,
    epoch: int,
) -> list[UnclearDuty]:
    groups: dict[str, list[Question]] = {}
    settled: dict[str, set[str]] | None = None  # worked out when a question settles a duty
    for q in questions:
        if q.settles is None:
            continue
        if settled is None:
            settled = {}
            for s in suggestions:
                if s.obligation == "duty":
                    settled.setdefault(s.measure, set()).update(s.persons or ["*"])
        covered = settled.get(q.settles, set())
        if "*" in covered or (q.persons and set(q.persons) <= covered):
            continue
        groups.setdefault(q.settles, []).append(q)
    if not groups:
        return []
    rules = {f.rule_id: f.rule for f in firings}
    out: list[UnclearDuty] = []
    measures = plan.vocabularies.measures
    for measure, qs in groups.items():
        rule_ids = list(dict.fromkeys(r for q in qs for r in q.rule_ids))
        persons = sorted({p for q in qs for p in q.persons}, key=lambda p: person_order.get(p, 0))
        out.append(
            UnclearDuty.pending(
                {
                    "id": content_id("u", measure, persons),
                    "measure": measure,
                    "label": measures[measure].label,
                    "persons": persons,
                    "legal_basis": _legal(plan, [rules[r] for r in rule_ids], on, epoch),
                    "rule_ids": rule_ids,
                },
                ("questions",),
                _texts_of(qs),
            )
        )
    return out


def _responsibility(
    suggestions: Sequence[Suggestion], person_order: Mapping[str, int]
) -> list[ResponsibilityEntry]:
    table: dict[tuple[str | None, str], list[str]] = {}
    for s in suggestions:
        measure = s.measure
        for person in s.persons or (None,):
            measures = table.get((person, s.responsible))
            if measures is None:
                table[(person, s.responsible)] = [measure]
            elif measure not in measures:
                measures.append(measure)
    return [
        trusted(ResponsibilityEntry, {"person": p, "service": svc, "measures": m})
        for (p, svc), m in sorted(
            table.items(),
            key=lambda kv: (
                -1 if kv[0][0] is None else person_order.get(kv[0][0] or "", 0),
                kv[0][1],
            ),
        )
    ]


def _summaries(graph: CaseGraph) -> list[PersonSummary]:
    """How we understand each person's situation, in case order."""
    inferred: dict[str, list[InferredLink]] = {}
    for e in graph.inferred_exposures():
        link = trusted(InferredLink, {"concern": e.concern.id, "via": e.via, "basis": e.basis})
        inferred.setdefault(e.child, []).append(link)
    return [_summary(graph, p.id, inferred.get(p.id) or []) for p in graph.case.persons]


def _summary(graph: CaseGraph, pid: str, inferred: list[InferredLink]) -> PersonSummary:
    about = graph.concerns_about(pid)
    exposing = graph.concerns_exposing(pid)
    return trusted(
        PersonSummary,
        {
            "person": pid,
            "age": graph.age(pid),
            "age_group": graph.age_group(pid),
            "household": graph.household_of(pid),
            "concerns": [c.id for c in about if c.status == "current"],
            "exposed_to": [c.id for c in exposing if c.status == "current"],
            "exposed_through": inferred,
            "history": list(
                dict.fromkeys([c.id for c in (*about, *exposing) if c.status != "current"])
            ),
            "services": [s.service for s in graph.services_of(pid)],
        },
    )
