"""The fact schema: the fact types a case gives the engine, and their fields.

Each fact type has a fixed set of fields (``FACT_TYPES``); every fact of a type has every
field, with a ``str``, ``int`` or ``bool`` value (never ``None``), so rule tests behave the
same in durable_rules and in the reference evaluator. ``familycase.case.facts`` makes the
facts of a case; rule files select on these types and fields, and
``familycase.rules.rulebook`` checks every field and value a rule names against this schema
when the rules are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from familycase.rules.vocabulary import CONCERN_CATEGORIES, EXPOSES

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
# the term list child_welfare_level (terms.yaml); the case model's ChildWelfareLevel
CHILD_WELFARE_LEVELS = (
    "report_received",
    "investigation",
    "support_measures",
    "placement",
    "care_order",
    "aftercare",
)
_CONCERN_FIELDS: dict[str, FieldSpec] = {
    "cid": FieldSpec("str", "The concern's id."),
    "kind": _v("concern_kinds", "The concern kind."),
    "category": FieldSpec("enum", "The concern kind's category.", values=CONCERN_CATEGORIES),
    "certainty": _v("certainty", "suspected (vague), concrete_indications, reported or confirmed."),
    "reason_to_believe": FieldSpec(
        "bool",
        "The certainty meets the evidence threshold 'grunn til å tro' (terms.yaml "
        "certainty.reason_to_believe): more than a vague suspicion.",
    ),
    "status": _v("concern_status", "current, past or resolved."),
    "severity": _v("severity", "unknown, moderate or serious."),
    "source": _v("source", "Who said so."),
    "repeated": FieldSpec("enum", "Has it happened more than once?", values=_YES_NO),
    "reported_by": FieldSpec("str", "The person or service id that reported it ('' unknown)."),
    # -- dates that decide urgency --
    "days_since_incident": FieldSpec(
        "int",
        "Days from the last incident (the concern's last_incident) to the evaluation date: 0 "
        "the same day; -1 when the date is not recorded.",
    ),
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
                "specialised_services": FieldSpec(
                    "int",
                    "Number of distinct active or waiting specialised services (services.yaml "
                    "specialised: true; not school, kindergarten, health clinic, GP, Nav).",
                ),
                "concerns": FieldSpec("int", "Number of current concerns about the person."),
                "exposures": FieldSpec(
                    "int", "Number of current concerns the person is exposed to."
                ),
                "resident_carers": FieldSpec(
                    "int",
                    "For a child: carers with daily care of the child (caregiver daily_care: as "
                    "recorded, else living with the child; 0 for an adult).",
                ),
                "unburdened_carers": FieldSpec(
                    "int",
                    "For a child: carers with daily care of the child about whom no current "
                    "concern of violence, substance use or mental illness is recorded that meets "
                    "the evidence threshold and is serious or repeated (0 for an adult). Says "
                    "nothing about whether a carer is safe; only what is recorded.",
                ),
                "pregnant": FieldSpec(
                    "bool", "An expected date of birth is recorded, on or after the date."
                ),
                "view_recorded": FieldSpec("bool", "The person's own view is recorded."),
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
                "only_resident_carer": FieldSpec(
                    "bool",
                    "The carer is the only carer with daily care of the child (see daily_care).",
                ),
                # -- care -----------------------------------------------------------
                "parental_responsibility": FieldSpec(
                    "enum",
                    "The relation records that the carer has parental responsibility "
                    "(foreldreansvar): yes, no, or unknown (not recorded; always for a de facto "
                    "carer).",
                    values=_YES_NO,
                ),
                "daily_care": FieldSpec(
                    "bool",
                    "The child is in the carer's daily care: as recorded on the relation, or, "
                    "when not recorded, the carer lives with the child.",
                ),
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
            "application",
            "One per person and measure the person has applied for.",
            {
                "person": _p("The applicant."),
                "measure": _v("measures", "The measure applied for."),
            },
            person_field="person",
        ),
        FactType(
            "inferred_exposure",
            "One per child and current concern the case does not list the child as exposed "
            "to, but which exposes the child: violence between adults in the child's "
            "household (basis 'household'), or a carer's substance use or mental illness "
            "while the child is in the carer's daily care (basis 'daily_care'); which kinds "
            "do so is the concern kind's 'exposes'. A rule using it says so in its reason.",
            {
                "person": _p("The child."),
                "via": _p("The adult through whom the child is exposed."),
                "basis": FieldSpec("enum", "Why the child is exposed.", values=EXPOSES),
                **_CONCERN_FIELDS,
            },
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
                "specialised": FieldSpec(
                    "bool",
                    "A specialised service (services.yaml specialised: true), not a universal "
                    "one such as school, kindergarten, health clinic, GP or the Nav office.",
                ),
                "level": FieldSpec(
                    "enum",
                    "For child_welfare: how far the involvement has come ('' not recorded).",
                    values=(*CHILD_WELFARE_LEVELS, ""),
                ),
            },
            person_field="person",
        ),
        # -- reports already made to child welfare --------------------------------
        FactType(
            "report",
            "One per report already made to the child welfare service and child it concerns.",
            {
                "person": _p("The child the report was about."),
                "by": FieldSpec("str", "Who made it: a person id or a service id."),
                "on": FieldSpec("str", "The date it was made (YYYY-MM-DD)."),
                "days_ago": FieldSpec("int", "Days from the report to the evaluation date."),
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
        # -- dated events --
        FactType(
            "event",
            "One per event (the case's events) and each person it concerns.",
            {
                "person": _p("A person the event concerns."),
                "kind": _v("event_kind", "The event kind (terms.yaml event_kind)."),
                "days_until": FieldSpec(
                    "int",
                    "Days from the evaluation date to the event: 0 the same day, 14 in two "
                    "weeks; negative when it has happened (-3: three days ago). Compare with a "
                    "range, e.g. {gte: 0, lte: 14} for 'within 14 days'.",
                ),
                "eid": FieldSpec("str", "The event's id (join the persons of one event)."),
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
                "specialised_services": FieldSpec(
                    "int",
                    "Distinct specialised services active or waiting (services.yaml "
                    "specialised: true): what coordination rules count.",
                ),
                "has_coordinator": FieldSpec("bool", "Some active service coordinates."),
            },
        ),
    )
}
