"""Engine facts: the family graph's answers as flat, typed facts.

``case_facts`` turns a ``CaseGraph`` into facts of the types in
``familycase.rules.fact_types.FACT_TYPES``; each fact records the case items it came from
(``CaseFacts.sources``), so every reason can be traced back to the input.

``DECLARED`` tells the engine what every list of facts ``case_facts`` makes is like (see
``familycase.engine.fact_checks.DeclaredFacts``): exactly the fields of ``FACT_TYPES``, with
their kinds, and str values that are ids of a validated case (``Ref``: letters, digits,
``.``, ``_``, ``:``, ``-``), vocabulary ids, enum values, ISO dates or ``""``. The engine
then checks the rules against the fact types once, not each fact at each evaluation;
``tests/engine/test_declared.py`` checks that the facts keep this promise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from familycase.case.canonical import item_key
from familycase.case.graph import CaseGraph
from familycase.engine.analysis import Kind
from familycase.engine.fact_checks import DeclaredFacts
from familycase.engine.ir import Fact, FactValue
from familycase.rules.fact_types import FACT_TYPES, FieldKind

# a person id, a vocabulary id and an enum value are all str facts
_ENGINE_KINDS: dict[FieldKind, Kind] = {
    "person": "str",
    "vocab": "str",
    "enum": "str",
    "str": "str",
    "int": "int",
    "bool": "bool",
}

#: What ``case_facts``' facts are like (made once): the fields of each type in
#: ``FACT_TYPES`` with their kinds, and plain texts (the values come from a validated case).
DECLARED = DeclaredFacts(
    {
        name: {field_name: _ENGINE_KINDS[spec.kind] for field_name, spec in ft.fields.items()}
        for name, ft in FACT_TYPES.items()
    },
    plain_texts=True,
)


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


# -- reports already made to child welfare ---------------------------------------
def _add_report_facts(graph: CaseGraph, out: CaseFacts) -> None:
    """One ``report`` fact per report and child it concerns."""
    for report in graph.case.reports:
        for pid in dict.fromkeys(report.concerning):
            out.add(
                {
                    "type": "report",
                    "person": pid,
                    "by": report.by,
                    "on": report.on.isoformat(),
                    "days_ago": (graph.as_of - report.on).days,
                },
                f"report:{report.id}",
                f"person:{pid}",
            )


def case_facts(graph: CaseGraph) -> CaseFacts:
    """The facts for one case, in a deterministic order."""
    case, vocab = graph.case, graph.vocabularies
    out = CaseFacts()
    children = set(graph.children)
    caregivers = [cg for child in graph.children for cg in graph.caregivers(child)]
    carers = {cg.carer for cg in caregivers}
    # The carers counted for a child (resident_carers, unburdened_carers, only_resident_carer):
    # those with daily care, as recorded on the relation or, when not recorded, by living
    # with the child (``Caregiver.daily_care``). A parent the child only visits on contact
    # weekends is not counted; one recorded with daily care who lives elsewhere for a time is.
    resident: dict[str, list[str]] = {}
    for cg in caregivers:
        if cg.daily_care:
            resident.setdefault(cg.child, []).append(cg.carer)

    def specialised(service: str) -> bool:
        return bool(vocab.services[service].attr("specialised", False))

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
                "specialised_services": len(
                    {s.service for s in graph.services_of(person.id) if specialised(s.service)}
                ),
                "concerns": sum(
                    1 for c in graph.concerns_about(person.id) if c.status == "current"
                ),
                "exposures": sum(
                    1 for c in graph.concerns_exposing(person.id) if c.status == "current"
                ),
                "resident_carers": len(resident.get(person.id, ())),
                "unburdened_carers": sum(
                    1 for carer in resident.get(person.id, ()) if not graph.burdened(carer)
                ),
                "pregnant": person.pregnant_due is not None and person.pregnant_due >= graph.as_of,
                "view_recorded": person.view is not None,
            },
            f"person:{person.id}",
        )
    for person in case.persons:
        for measure in dict.fromkeys(person.applies_for):
            out.add(
                {"type": "application", "person": person.id, "measure": measure},
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
                "only_resident_carer": cg.daily_care and resident.get(cg.child) == [cg.carer],
                # -- care -------------------------------------------------------
                "parental_responsibility": _yes_no(cg.parental_responsibility),
                "daily_care": cg.daily_care,
            },
            f"person:{cg.child}",
            f"person:{cg.carer}",
            cg.source,
        )
    for rel in case.relations:
        if not rel.current(graph.as_of):
            continue
        ref = f"relation:{item_key(rel)}"
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
    commons: dict[str, dict[str, FactValue]] = {}
    for concern in case.concerns:
        common: dict[str, FactValue] = {
            "cid": concern.id,
            "kind": concern.kind,
            "category": vocab.concern_kinds[concern.kind].attr("category", "family"),
            "certainty": concern.certainty,
            "reason_to_believe": bool(
                vocab.terms["certainty"][concern.certainty].attr("reason_to_believe")
            ),
            "status": concern.status,
            "severity": concern.severity,
            "source": concern.source,
            "repeated": _yes_no(concern.repeated),
            "reported_by": concern.reported_by or "",
            # -- dates that decide urgency --
            "days_since_incident": -1
            if concern.last_incident is None
            else (graph.as_of - concern.last_incident).days,
        }
        commons[concern.id] = common
        for pid in concern.about:
            out.add({"type": "concern", "person": pid, **common}, f"concern:{concern.id}")
        for pid in concern.exposed:
            out.add({"type": "exposure", "person": pid, **common}, f"concern:{concern.id}")
    for inferred in graph.inferred_exposures():
        out.add(
            {
                "type": "inferred_exposure",
                "person": inferred.child,
                "via": inferred.via,
                "basis": inferred.basis,
                **commons[inferred.concern.id],
            },
            f"concern:{inferred.concern.id}",
            f"person:{inferred.child}",
            f"person:{inferred.via}",
        )
    for inv in case.services:
        out.add(
            {
                "type": "service",
                "person": inv.person,
                "service": inv.service,
                "status": inv.status,
                "coordinator": inv.coordinator,
                "specialised": specialised(inv.service),
                "level": inv.level or "",
            },
            f"service:{item_key(inv)}",
        )
    _add_report_facts(graph, out)
    seen_consents: set[tuple[str, str, str]] = set()
    for consent in case.consents:
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
                    f"consent:{item_key(consent)}",
                )
    # -- dated events --
    for event in case.events:
        for pid in dict.fromkeys(event.persons):
            out.add(
                {
                    "type": "event",
                    "person": pid,
                    "kind": event.kind,
                    "days_until": (event.on - graph.as_of).days,
                    "eid": event.id,
                },
                f"event:{event.id}",
                f"person:{pid}",
            )
    out.add(
        {
            "type": "family",
            "children": len(graph.children),
            "young_adults": len(graph.young_adults),
            "services": len(graph.active_services()),
            "specialised_services": sum(1 for s in graph.active_services() if specialised(s)),
            "has_coordinator": any(s.coordinator and s.status == "active" for s in case.services),
        },
        f"case:{case.id}",
    )
    return out
