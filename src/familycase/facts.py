"""Engine facts: the family graph's answers as flat, typed facts.

Each fact type has a fixed set of fields (``FACT_TYPES``); every fact of a type has every
field, with a ``str``, ``int`` or ``bool`` value (never ``None``), so rule tests behave the
same in durable_rules and in the reference evaluator. Each fact records the case items it
came from (``CaseFacts.sources``), so every reason can be traced back to the input.

Rule files select on these types and fields; ``familycase.rulebook`` checks every field
and value a rule names against this schema when the rules are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from familycase.engine.ir import Fact, FactValue
from familycase.graph import CaseGraph
from familycase.vocabulary import CONCERN_CATEGORIES

FieldKind = Literal["person", "vocab", "enum", "int", "bool", "str"]


@dataclass(frozen=True)
class FieldSpec:
    """The type of a fact field, and what values it may take."""

    kind: FieldKind
    description: str
    vocabulary: str | None = None  # for kind "vocab" (a vocabulary or term-list name)
    values: tuple[str, ...] = ()  # for kind "enum"


@dataclass(frozen=True)
class FactType:
    """A fact type: its fields and the field naming the person it is about."""

    name: str
    description: str
    fields: Mapping[str, FieldSpec]
    person_field: str | None = None


def _p(d: str) -> FieldSpec:
    return FieldSpec("person", d)


def _v(vocab: str, d: str) -> FieldSpec:
    return FieldSpec("vocab", d, vocabulary=vocab)


_YES_NO = ("yes", "no", "unknown")
_CONCERN_FIELDS: dict[str, FieldSpec] = {
    "cid": FieldSpec("str", "The concern's id."),
    "kind": _v("concern_kinds", "The concern kind."),
    "category": FieldSpec("enum", "The concern kind's category.", values=CONCERN_CATEGORIES),
    "certainty": _v("certainty", "suspected, reported or confirmed."),
    "status": _v("concern_status", "current, past or resolved."),
    "severity": _v("severity", "unknown, moderate or serious."),
    "source": _v("source", "Who said so."),
    "repeated": FieldSpec("enum", "Has it happened more than once?", values=_YES_NO),
    "reported_by": FieldSpec("str", "The person or service id that reported it ('' unknown)."),
}

FACT_TYPES: dict[str, FactType] = {
    t.name: t
    for t in (
        FactType(
            "person",
            "One per person in the case.",
            {
                "pid": _p("The person."),
                "age": FieldSpec("int", "Age in whole years on the evaluation date (-1 unknown)."),
                "age_group": _v("age_group", "child (<18), young_adult (18–25), adult, unknown."),
                "household": FieldSpec("str", "Household id ('' if none)."),
                "lives_with_child": FieldSpec("bool", "Lives in a household with a child."),
                "is_carer": FieldSpec("bool", "Cares for a child (relation or household)."),
                "active_services": FieldSpec("int", "Number of active or waiting services."),
                "concerns": FieldSpec("int", "Number of current concerns about the person."),
                "exposures": FieldSpec(
                    "int", "Number of current concerns the person is exposed to."
                ),
            },
            person_field="pid",
        ),
        FactType(
            "caregiver",
            "One per child and each person caring for it.",
            {
                "child": _p("The child (under 18)."),
                "carer": _p("The carer."),
                "relation": FieldSpec(
                    "str", "The caregiving relation kind, or 'household' (de facto carer)."
                ),
                "lives_with": FieldSpec("bool", "The carer lives with the child."),
                "de_facto": FieldSpec("bool", "Cares only by living with the child."),
            },
            person_field="carer",
        ),
        FactType(
            "relation",
            "One per relation that holds on the evaluation date (symmetric: both ways).",
            {
                "from": _p("Who is <kind> of 'to'."),
                "to": _p("The other person."),
                "kind": _v("relation_kinds", "The relation kind."),
                "quality": FieldSpec(
                    "enum",
                    "How the tie is lived.",
                    values=(
                        "supportive",
                        "neutral",
                        "stressful",
                        "conflictual",
                        "no_contact",
                        "unknown",
                    ),
                ),
            },
            person_field="from",
        ),
        FactType(
            "concern",
            "One per concern and each person it is about.",
            {"person": _p("The person it is about."), **_CONCERN_FIELDS},
            person_field="person",
        ),
        FactType(
            "exposure",
            "One per concern and each person exposed to or harmed by it.",
            {"person": _p("The person exposed."), **_CONCERN_FIELDS},
            person_field="person",
        ),
        FactType(
            "service",
            "One per service involvement.",
            {
                "person": _p("The person the service works with."),
                "service": _v("services", "The service."),
                "status": _v("involvement_status", "active, waiting or ended."),
                "coordinator": FieldSpec("bool", "This service coordinates."),
            },
            person_field="person",
        ),
        FactType(
            "consent",
            "One per consent (not withdrawn), service it covers and person it concerns.",
            {
                "person": _p("Who gave the consent."),
                "service": _v("services", "The service information may be shared with."),
                "concerning": _p(
                    "A person it covers (a consent not limited to persons covers everyone)."
                ),
            },
            person_field="person",
        ),
        FactType(
            "family",
            "One per case: counts over the whole family.",
            {
                "children": FieldSpec("int", "Number of children (under 18)."),
                "young_adults": FieldSpec("int", "Number of young adults (18–25)."),
                "services": FieldSpec("int", "Distinct services active or waiting."),
                "has_coordinator": FieldSpec("bool", "Some active service coordinates."),
            },
        ),
    )
}


@dataclass
class CaseFacts:
    """A case's facts, and for each fact the case items it came from."""

    facts: list[Fact] = field(default_factory=list)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, fact: dict[str, FactValue], *sources: str) -> None:
        fid = f"f{len(self.facts)}"
        fact["fid"] = fid
        self.facts.append(fact)
        self.sources[fid] = sources if len(sources) < 2 else tuple(dict.fromkeys(sources))

    def by_fid(self) -> dict[str, Fact]:
        """The facts by fid."""
        return {str(f["fid"]): f for f in self.facts}


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def case_facts(graph: CaseGraph) -> CaseFacts:
    """The facts for one case, in a deterministic order."""
    case, vocab = graph.case, graph.vocabularies
    out = CaseFacts()
    children = set(graph.children)
    caregivers = [cg for child in graph.children for cg in graph.caregivers(child)]
    carers = {cg.carer for cg in caregivers}
    for person in case.persons:
        age = graph.age(person.id)
        out.add(
            {
                "type": "person",
                "pid": person.id,
                "age": -1 if age is None else age,
                "age_group": graph.age_group(person.id),
                "household": graph.household_of(person.id) or "",
                "lives_with_child": bool(
                    (graph.household_members(person.id) - {person.id}) & children
                ),
                "is_carer": person.id in carers,
                "active_services": len(graph.services_of(person.id)),
                "concerns": sum(
                    1 for c in graph.concerns_about(person.id) if c.status == "current"
                ),
                "exposures": sum(
                    1 for c in graph.concerns_exposing(person.id) if c.status == "current"
                ),
            },
            f"person:{person.id}",
        )
    for cg in caregivers:
        out.add(
            {
                "type": "caregiver",
                "child": cg.child,
                "carer": cg.carer,
                "relation": cg.relation,
                "lives_with": cg.lives_with,
                "de_facto": cg.de_facto,
            },
            f"person:{cg.child}",
            f"person:{cg.carer}",
            cg.source,
        )
    for index, rel in enumerate(case.relations):
        if not rel.current(graph.as_of):
            continue
        ref = f"relation:{rel.id or index}"
        pairs = [(rel.from_, rel.to)]
        if vocab.relation_kinds[rel.kind].attr("symmetric", False):
            pairs.append((rel.to, rel.from_))
        for a, b in pairs:
            out.add(
                {
                    "type": "relation",
                    "from": a,
                    "to": b,
                    "kind": rel.kind,
                    "quality": rel.quality or "unknown",
                },
                ref,
            )
    for concern in case.concerns:
        common: dict[str, FactValue] = {
            "cid": concern.id,
            "kind": concern.kind,
            "category": vocab.concern_kinds[concern.kind].attr("category", "family"),
            "certainty": concern.certainty,
            "status": concern.status,
            "severity": concern.severity,
            "source": concern.source,
            "repeated": _yes_no(concern.repeated),
            "reported_by": concern.reported_by or "",
        }
        for pid in concern.about:
            out.add({"type": "concern", "person": pid, **common}, f"concern:{concern.id}")
        for pid in concern.exposed:
            out.add({"type": "exposure", "person": pid, **common}, f"concern:{concern.id}")
    for index, inv in enumerate(case.services):
        out.add(
            {
                "type": "service",
                "person": inv.person,
                "service": inv.service,
                "status": inv.status,
                "coordinator": inv.coordinator,
            },
            f"service:{inv.id or index}",
        )
    seen_consents: set[tuple[str, str, str]] = set()
    for index, consent in enumerate(case.consents):
        if consent.withdrawn_on is not None and consent.withdrawn_on <= graph.as_of:
            continue
        if consent.given_on is not None and consent.given_on > graph.as_of:
            continue
        for service in consent.share_with:
            for concerning in consent.concerning or [p.id for p in case.persons]:
                key = (consent.given_by, service, concerning)
                if key in seen_consents:
                    continue
                seen_consents.add(key)
                out.add(
                    {
                        "type": "consent",
                        "person": consent.given_by,
                        "service": service,
                        "concerning": concerning,
                    },
                    f"consent:{consent.id or index}",
                )
    out.add(
        {
            "type": "family",
            "children": len(graph.children),
            "young_adults": len(graph.young_adults),
            "services": len(graph.active_services()),
            "has_coordinator": any(s.coordinator and s.status == "active" for s in case.services),
        },
        f"case:{case.id}",
    )
    return out
