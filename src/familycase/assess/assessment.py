"""The assessment: what familycase suggests for a case, and why.

An ``Assessment`` answers the three questions Nav social workers ask of every case: how we
understand the situation (``persons``: the concerns seen for each family member), what
should be done (``suggestions``, duties first, by urgency) and who should do it with whom
(``responsible``, ``services``, ``responsibility``); plus what must be clarified
(``questions``) and which duties are ``unclear_duties`` because information is missing.
Every suggestion carries its reasons (rule, rendered text, the facts and case items it came
from) and the legal references in force on the evaluation date. ``provenance`` records the
library version and rulebook hash. Text is in nb, nn and en; ``model_dump(mode="json")`` is
the JSON contract.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from familycase._contract import CONTRACT_VERSION
from familycase._text import Text
from familycase.assess._lazy import LazyModel
from familycase.assess.explanation import (
    DutyEntry,
    WhyNot,
    recall,
)
from familycase.errors import UsageError
from familycase.rules.provisions import Provisions, Verification
from familycase.rules.rulebook import (
    Obligation,
    Urgency,
)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LegalReference(_Out):
    """A legal provision in force on the evaluation date."""

    provision: str = Field(description="Provision id (rules/law/provisions.yaml).")
    law: str = Field(description="Law id (rules/vocabulary/laws.yaml).")
    chapter: str | None = Field(default=None, description="A whole chapter of the act.")
    section: str | None
    paragraph: int | None = None
    letter: str | None = None
    status: Verification = Field(description="Verification status of the reference.")
    note: str | None = Field(
        default=None,
        description="The English text of `notes` (kept for readers of contract 1.0.0).",
    )
    notes: Text | None = Field(
        default=None,
        description=(
            "What is not confirmed about the provision (or how it is cited), in nb, nn and "
            "en; reports show it with the status. Since contract 1.1.0."
        ),
    )
    citation: Text
    title: Text
    overrides_confidentiality: bool = Field(
        default=False,
        description="The provision makes its duty apply notwithstanding confidentiality.",
    )

    @classmethod
    def of(cls, provisions: Provisions, pid: str) -> LegalReference:
        """The reference to provision ``pid`` of ``provisions``."""
        p = provisions[pid]
        return cls(
            provision=pid,
            law=p.law,
            chapter=p.chapter,
            section=p.section,
            paragraph=p.paragraph,
            letter=p.letter,
            status=p.status,
            note=p.note.en if p.note is not None else None,
            notes=p.note,
            citation=provisions.citation_text(pid),
            title=p.title,
            overrides_confidentiality=p.overrides_confidentiality,
        )


class Reason(_Out):
    """Why: the rule that fired, its reason text, and the facts and case items behind it."""

    rule_id: str
    title: Text
    text: Text
    facts: list[dict[str, str | int | bool]] = Field(
        description="The facts the rule matched (ids and vocabulary values only)."
    )
    sources: list[str] = Field(description="Case items: 'concern:<id>', 'relation:<id>'...")

    def __repr__(self) -> str:  # ids only: the texts hold names
        return f"Reason(rule_id={self.rule_id!r}, sources={self.sources!r})"

    __str__ = __repr__


class Suggestion(LazyModel):
    """A measure to consider: what, who is responsible, with whom, for whom, why."""

    id: str = Field(
        description="Stable: derived from the measure and the persons (the same in every run, "
        "whichever rules suggest it)."
    )
    rule_id: str = Field(description="The first rule that suggests it.")
    rule_ids: list[str]
    measure: str
    label: Text
    obligation: Obligation
    responsible: str
    services: list[str]
    persons: list[str]
    urgency: Urgency
    requires_consent: bool
    overrides_confidentiality: bool = Field(
        default=False,
        description=(
            "A duty that applies notwithstanding confidentiality, because a provision it cites "
            "says so (sotjl § 45, bvl § 13-2, strl § 196). False for every other suggestion, "
            "duties included (sotjl § 27 lifts no confidentiality)."
        ),
    )
    legal_basis: list[LegalReference]
    reasons: list[Reason]

    def __repr__(self) -> str:
        return (
            f"Suggestion(measure={self.measure!r}, obligation={self.obligation!r}, "
            f"persons={self.persons!r})"
        )

    __str__ = __repr__


class Question(LazyModel):
    """Something to clarify, and the duty it would settle (if any)."""

    id: str = Field(
        description="Stable: derived from the first rule that asks it, the duty it settles "
        "and the persons."
    )
    rule_id: str = Field(description="The first rule that asks it.")
    rule_ids: list[str]
    text: Text
    persons: list[str]
    urgency: Urgency
    settles: str | None = None
    reasons: list[Reason]

    def __repr__(self) -> str:
        return f"Question(rule_id={self.rule_id!r}, settles={self.settles!r})"

    __str__ = __repr__


class UnclearDuty(LazyModel):
    """A duty that may apply, but cannot be settled without more information."""

    id: str = Field(description="Stable: derived from the measure and the persons.")
    measure: str
    label: Text
    persons: list[str]
    legal_basis: list[LegalReference]
    questions: list[Text]
    rule_ids: list[str]

    def __repr__(self) -> str:
        return f"UnclearDuty(measure={self.measure!r}, persons={self.persons!r})"

    __str__ = __repr__


class ResponsibilityEntry(_Out):
    """A service's measures for one person (``person`` ``None``: the whole family)."""

    person: str | None
    service: str
    measures: list[str]


class InferredLink(_Out):
    """A current concern that exposes a child although the case does not list the child as
    exposed: through whom, and why (the family graph's inference, said so wherever shown)."""

    concern: str = Field(description="The concern id.")
    via: str = Field(description="The adult through whom the child is exposed (a person id).")
    basis: str = Field(
        description="'household' (lives where the violence is) or 'daily_care' (in the "
        "carer's daily care)."
    )


class PersonSummary(_Out):
    """How we understand one person's situation."""

    person: str
    age: int | None
    age_group: str
    household: str | None
    concerns: list[str] = Field(description="Ids of current concerns about this person.")
    exposed_to: list[str] = Field(description="Ids of current concerns this person is exposed to.")
    exposed_through: list[InferredLink] = Field(
        default_factory=list,
        description="Current concerns that expose this child without the case listing it: "
        "violence between the adults it lives with, a carer's substance use or mental illness.",
    )
    history: list[str] = Field(
        description="Ids of past or resolved concerns about or exposing this person."
    )
    services: list[str] = Field(description="Active or waiting services.")


class ConcernBasis(_Out):
    """What a concern that is not confirmed rests on: how certain it is and who said so."""

    certainty: str = Field(description="A certainty id other than 'confirmed'.")
    source: str = Field(description="A source id (rules/vocabulary/terms.yaml).")
    reported_by: str | None = Field(
        default=None, description="The person or service id that reported it, if recorded."
    )


class Provenance(_Out):
    """What produced the assessment."""

    library_version: str
    rulebook_hash: str = Field(
        description="SHA-256 of the rules with their texts, the vocabularies and the provisions: "
        "the same hash, library version and case give the same assessment."
    )
    rulebook_name: str = Field(default="rules", description="From rules/rulebook.yaml.")
    rulebook_version: str = Field(
        default="unversioned", description="MAJOR.MINOR.PATCH, from rules/rulebook.yaml."
    )
    rulebook_date: date | None = Field(
        default=None, description="The date the rulebook version was settled."
    )
    ids_only: bool = Field(
        default=False,
        description="True: the case was evaluated with ids for names and without free text, "
        "so the assessment holds no display name (the service's default).",
    )
    as_of: date
    case_id: str
    engine: str
    firings: int


class Assessment(LazyModel):
    """familycase's suggestions for one case on one date. It suggests; the caseworker decides."""

    schema_version: str = Field(
        default=CONTRACT_VERSION,
        description="The version of the JSON contract this assessment follows "
        "(docs/contract-changelog.md).",
    )
    case_id: str
    as_of: date
    suggestions: list[Suggestion]
    questions: list[Question]
    unclear_duties: list[UnclearDuty]
    duty_board: list[DutyEntry] = Field(
        default_factory=list,
        description="Every duty the rulebook knows, for each person it could concern: "
        "triggered, unclear (with the questions that settle it) or not triggered (and why).",
    )
    persons: list[PersonSummary]
    responsibility: list[ResponsibilityEntry]
    fired: list[str] = Field(
        description="Ids of every rule that fired (derive-only rules included), in rule order."
    )
    names: dict[str, str] = Field(
        description="Display names by person id (personal data: for rendering only)."
    )
    concern_kinds: dict[str, str] = Field(
        description="The kind of each current or past concern, by concern id."
    )
    suspected: list[str] = Field(
        default_factory=list,
        description="Ids of the concerns that are only suspected (certainty 'suspected'), in "
        "case order: renderers mark them, so that a suspicion is never read as a fact.",
    )
    unconfirmed: dict[str, ConcernBasis] = Field(
        default_factory=dict,
        description="For each concern that is not confirmed, by concern id: its certainty, "
        "source and reporter, so that renderers say it is reported, by whom, or suspected.",
    )
    provenance: Provenance

    def __repr__(self) -> str:
        return (
            f"Assessment(case_id={self.case_id!r}, as_of={self.as_of.isoformat()!r}, "
            f"suggestions={len(self.suggestions)}, questions={len(self.questions)})"
        )

    __str__ = __repr__

    @property
    def duties(self) -> list[Suggestion]:
        """The suggestions the law requires."""
        return [s for s in self.suggestions if s.obligation == "duty"]

    def for_person(self, pid: str) -> list[Suggestion]:
        """Suggestions that concern ``pid``."""
        return [s for s in self.suggestions if pid in s.persons]

    def suggestion(self, measure: str) -> Suggestion | None:
        """The first suggestion of ``measure``, if any."""
        return next((s for s in self.suggestions if s.measure == measure), None)

    def duty(self, measure: str, person: str) -> DutyEntry | None:
        """The duty board's entry for ``measure`` and ``person``, if the board has one."""
        return next(
            (d for d in self.duty_board if d.measure == measure and d.person == person), None
        )

    def why_not(self, measure: str, person: str | None = None) -> WhyNot:
        """Why ``measure`` is not suggested (for ``person``): every rule that could suggest
        it, with the first condition it misses and the facts it looked at, nearest miss
        first. Exact for either engine: it reads the same compiled rules and facts.

        Only an assessment made by ``evaluate`` in this process can answer (it keeps what
        the rules looked at, never in its JSON); ``UsageError`` otherwise, or for an unknown
        measure or person.

        >>> import familycase
        >>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
        >>> a = familycase.evaluate(s.case_at("phase1"))
        >>> a.why_not("notify_child_welfare", "tomas").rules[0].failed[0].text.en
        'Tomas is 20, young adult (18–25); the rule concerns only child (under 18)'
        """
        explainer = recall(self)
        if explainer is None:
            raise UsageError(
                "This assessment cannot say why not: only an assessment returned by "
                "familycase.evaluate in this process keeps what the rules looked at (a copy, "
                "a loaded JSON or a batch worker's result does not). Evaluate the case again."
            )
        measures = explainer.vocab.measures
        if not isinstance(measure, str) or measure not in measures:
            raise UsageError(
                f"Unknown measure {str(measure)[:60]!r}. {measures.suggest(str(measure)) or ''}"
            )
        if person is not None and person not in self.names:
            known = ", ".join(self.names)
            raise UsageError(
                f"No person {str(person)[:60]!r} in case '{self.case_id}'. Known: {known}."
            )
        suggested = next(
            (
                s
                for s in self.suggestions
                if s.measure == measure and (person is None or person in s.persons)
            ),
            None,
        )
        return WhyNot(
            measure=measure,
            label=measures[measure].label,
            person=person,
            suggested=suggested is not None,
            suggestion=suggested.id if suggested is not None else None,
            rules=explainer.misses(measure, person),
        )

    def _repr_html_(self) -> str:
        """The assessment as a table grouped by person, for Jupyter (in bokmål; see
        ``familycase.render.html.assessment_html`` for nn and en).

        The renderer is imported here, not at module level: ``render`` is a layer above
        ``assess``."""
        from familycase.render.html import assessment_html  # noqa: PLC0415 (a higher layer)

        return assessment_html(self)
