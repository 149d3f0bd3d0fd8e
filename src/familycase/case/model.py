"""The case model: a validated description of a family at one date.

A ``Case`` holds persons, relations between them, households (who lives with whom),
concerns (what is known or feared, about whom, who is exposed, who said so and how
certain it is), service involvements, consents and the evaluation date ``as_of``.

Validation refuses, with the path of the bad field and a suggestion: unknown person ids in
relations, households, concerns, services or consents; a person related to themselves;
duplicate ids; impossible ages and dates out of order; dates not written ``YYYY-MM-DD``,
true/false fields that are not bools (nothing is coerced); names that are not one line of
visible text, and control or bidi override characters in any text; unknown vocabulary ids
(checked against the vocabularies passed in the validation context as
``{"vocabularies": ...}``, else the shipped ones).

``Case.model_json_schema()`` is the JSON contract for callers in other languages; see
``docs/case-format.md``. Use ``familycase.case_from_data`` (or ``load_case``) to get
familycase's own ``CaseError`` instead of pydantic's ``ValidationError``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from familycase._validation import CALLER_ID, Bool
from familycase._validation import Date as _StrictDate
from familycase.errors import MAX_PROBLEMS
from familycase.rules.vocabulary import Vocabularies, Vocabulary, load_vocabularies

if TYPE_CHECKING:
    from familycase._yaml import Document

MAX_PERSONS = 60
MAX_ITEMS = 400
MAX_AGE = 125
ADULT_AGE = 18  # a report to child welfare is about someone under this age on its date
# Links between items and persons: each concern's about/exposed entries and each consent's
# (service, person) pairs. Each becomes an engine fact; durable_rules tells facts apart by a
# 32-bit hash (a spurious "duplicate fact" at ~46,000 facts) and evaluation time grows with
# them, so a case, which describes one family, has at most this many.
MAX_LINKS = 1000

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64),
    Field(description="An ASCII snake_case identifier (no names or personal data)."),
]
#: A validation context key: ``{CHECKED: True}`` says the data is the JSON of a ``Case``
#: that passed the case checks against the same vocabularies (a batch worker receives such
#: cases): its fields are validated, the checks across them are not run again.
CHECKED = "familycase.case_checked"
#: The longest id a caller may give a case, a person or an item.
MAX_ID_LENGTH = 64
# A caller's id (a case, a person, an item): as the caller's system has it (a UUID, Sak123,
# case-478212), returned as given. Only letters, digits and . _ : - : no character that is
# special in HTML, Markdown or a terminal, and nothing invisible.
Ref = Annotated[
    str,
    StringConstraints(pattern=CALLER_ID, min_length=1, max_length=MAX_ID_LENGTH),
    Field(
        description="An id as the caller's system has it (UUID, Sak123, case-478212): 1 to 64 "
        "ASCII letters, digits, '.', '_', ':' or '-', starting with a letter or digit. "
        "Returned as given. Never a name or other personal data."
    ),
]
# Control characters (terminal escapes, NUL) and the bidi embedding, override and isolate
# controls (U+202A-U+202E, U+2066-U+2069: they reorder the text around them, in a terminal or
# in HTML) have no place in a name or a note and could make output lie about what it shows:
# they are refused. The marks U+200E/U+200F (and U+061C) only set a direction and stay, so
# right-to-left names can be written as usual.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A name is one line: tab, line feed, carriage return and the Unicode line and paragraph
# separators (NEL, VT and FF are control characters, refused above).
_LINE_BREAK = re.compile("[\t\n\r\u2028\u2029]")
# Letters that draw nothing (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(ch: str) -> bool:
    """Whether ``ch`` draws something on its own: a letter, digit, punctuation or symbol.

    Spaces, format characters (zero-width space, direction marks, joiners), combining marks
    on their own and unassigned code points do not.
    """
    return unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_LETTERS


def _plain_text(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError(
            "control_character",
            "The text holds a control character or a text-direction control. Remove the "
            "character (it may be invisible: retype the text if need be).",
        )
    return value


# Format characters that change nothing a reader sees in a name, or hide text: the byte order
# mark (U+FEFF), zero-width spaces and invisible operators, the tag characters
# (U+E0000-E007F), the interlinear annotation marks (U+FFF9-U+FFFB). The joiners U+200C/D and
# the direction marks U+200E/F and U+061C stay: scripts and right-to-left names need them.
_NAME_FORMAT_OK = frozenset("\u200c\u200d\u200e\u200f\u061c")


def _hidden(ch: str) -> bool:
    """Whether ``ch`` is invisible in a way no name needs (format, unassigned, private use,
    surrogate or noncharacter code points)."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch not in _NAME_FORMAT_OK
    return category in ("Cn", "Co", "Cs")


def _plain_name(value: str) -> str:
    # A printable text holds no character of the categories Other and Separator but the
    # ASCII space: no control, line break, format, private-use, surrogate or unassigned
    # character, so only whether something is visible is left to check, and in ASCII every
    # printable character but the space is. Most names are such: the checks below give the
    # same answer, character by character.
    if value.isprintable() and (
        value.strip(" ") if value.isascii() else any(_visible(ch) for ch in value)
    ):
        return value
    return _checked_name(value)


def _checked_name(value: str) -> str:
    """``_plain_name``, check by check: the errors, and the answer for the names that are
    not printable (a direction mark or a joiner in a right-to-left name)."""
    if _LINE_BREAK.search(value):
        raise PydanticCustomError(
            "control_character",
            "A name is one line, and this one holds a line break, a line or paragraph "
            "separator or a tab. Remove it.",
        )
    _plain_text(value)
    if not any(_visible(ch) for ch in value):
        raise PydanticCustomError(
            "invisible_text",
            "The name has no visible character (only spaces or invisible characters). "
            "Check the name: write it in letters, or a placeholder such as 'Mother'.",
        )
    if any(_hidden(ch) for ch in value):
        raise PydanticCustomError(
            "invisible_character",
            "The name holds an invisible character (a byte order mark, a zero-width space, a "
            "tag or annotation character, or an unassigned code point). Remove it (retype "
            "the name if need be).",
        )
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_plain_name),
]
FreeText = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_plain_text)]


def _strict_int(value: object, info: ValidationInfo) -> object:
    # Only a whole number (a JSON integer): not a bool, a float or a text.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "int_type",
        "'{field}' must be a whole number. Check the value: write it as a number without "
        "quotes, e.g. 34.",
        {"field": info.field_name},
    )


# A date field: a ``datetime.date`` (not a ``datetime``) or the text YYYY-MM-DD, nothing else
# (defined in ``_validation``, so that rule files and provisions read dates as strictly).
Date = _StrictDate
# An age in whole years: an int (not a bool), 0 to MAX_AGE.
Years = Annotated[int, Field(ge=0, le=MAX_AGE), BeforeValidator(_strict_int)]

Certainty = Literal["suspected", "concrete_indications", "reported", "confirmed"]
ConcernStatus = Literal["current", "past", "resolved"]
Severity = Literal["unknown", "moderate", "serious"]
Source = Literal[
    "self_report",
    "family_member",
    "professional",
    "nav_observation",
    "police",
    "school",
    "anonymous",
]
InvolvementStatus = Literal["active", "waiting", "ended"]
RelationQuality = Literal["supportive", "neutral", "stressful", "conflictual", "no_contact"]
# -- care and child welfare: levels of child welfare involvement ------------------
# The ids of the term list ``child_welfare_level`` (rules/vocabulary/terms.yaml), in the
# order a case usually moves through them.
ChildWelfareLevel = Literal[
    "report_received",
    "investigation",
    "support_measures",
    "placement",
    "care_order",
    "aftercare",
]


class _Model(BaseModel):
    # hide_input_in_errors: pydantic's own ValidationError never repeats a name or a note;
    # serialize_by_alias: model_dump() gives the JSON contract's names ("from", not "from_")
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        hide_input_in_errors=True,
        serialize_by_alias=True,
    )

    def __repr__(self) -> str:  # ids only: never names or free text
        ident = getattr(self, "id", None)
        return f"{type(self).__name__}(id={ident!r})" if ident else f"{type(self).__name__}()"

    __str__ = __repr__


def whole_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (an age, when ``start`` is a birth date)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


class Person(_Model):
    """A member of the family or its close network."""

    id: Ref
    name: Name = Field(description="Display name. Personal data: never logged.")
    birth_date: Date | None = Field(default=None, description="Exact birth date, if known.")
    age: Years | None = Field(
        default=None,
        description="Age in years on `age_on` (or on as_of).",
    )
    age_on: Date | None = Field(
        default=None, description="The date `age` was stated; defaults to the case's as_of."
    )
    pregnant_due: Date | None = Field(
        default=None,
        description=(
            "The expected date of birth, when the person is pregnant. The unborn child is not "
            "a person of the case: the duty to inform child welfare covers born children only."
        ),
    )
    applies_for: list[Id] = Field(
        default_factory=list,
        max_length=40,
        description="Measures the person has applied for (measure ids, e.g. "
        "financial_assistance): what the person asks for, not what Nav suggests.",
    )
    view: FreeText | None = Field(
        default=None,
        description="The person's own view, in their words (a child's view in particular). "
        "Personal data: never logged.",
    )

    def age_at(self, when: date) -> int | None:
        """Age in whole years on ``when`` (``None`` if unknown)."""
        if self.birth_date is not None:
            return whole_years(self.birth_date, when)
        if self.age is None:
            return None
        if self.age_on is None or when <= self.age_on:
            return self.age
        return self.age + whole_years(self.age_on, when)


class Relation(_Model):
    """A tie between two persons: ``from`` is ``kind`` of ``to`` (maria is parent of jon)."""

    id: Ref | None = None
    kind: Id = Field(description="A relation kind id (rules/vocabulary/relation_kinds.yaml).")
    # validation_alias (not alias): type checkers see the constructor argument as from_=
    from_: Ref = Field(
        validation_alias="from", serialization_alias="from", description="Person id."
    )
    to: Ref = Field(description="Person id.")
    quality: RelationQuality | None = Field(default=None, description="How the tie is lived.")
    since: Date | None = None
    until: Date | None = Field(default=None, description="The tie ended (e.g. separated).")
    # -- care: facts about a caregiving relation, recorded or not (None) -------
    parental_responsibility: Bool | None = Field(
        default=None,
        description=(
            "Caregiving kinds only: 'from' has parental responsibility (foreldreansvar) for "
            "'to'. Leave it out when it is not recorded."
        ),
    )
    daily_care: Bool | None = Field(
        default=None,
        description=(
            "Caregiving kinds only: 'to' lives with and is cared for by 'from' day to day "
            "(daglig omsorg). Leave it out when it is not recorded: then living in the same "
            "household counts as daily care."
        ),
    )

    def current(self, on: date) -> bool:
        """Whether the relation holds on ``on``."""
        return (self.since is None or self.since <= on) and (self.until is None or self.until > on)


class Household(_Model):
    """People who live together."""

    id: Ref
    members: list[Ref] = Field(min_length=1, max_length=MAX_PERSONS)
    note: FreeText | None = Field(default=None, description="Free text; never logged.")


class Concern(_Model):
    """Something known or feared: its kind, about whom, who is exposed, source and certainty."""

    id: Ref
    kind: Id = Field(description="A concern kind id (rules/vocabulary/concern_kinds.yaml).")
    about: list[Ref] = Field(
        min_length=1, max_length=MAX_PERSONS, description="Whose behaviour or situation it is."
    )
    exposed: list[Ref] = Field(
        default_factory=list, max_length=MAX_PERSONS, description="Who is exposed or harmed."
    )
    source: Source = "self_report"
    reported_by: Ref | None = Field(default=None, description="Person or service id.")
    certainty: Certainty = "reported"
    status: ConcernStatus = "current"
    severity: Severity = "unknown"
    repeated: Bool | None = Field(default=None, description="Has it happened more than once?")
    since: Date | None = None
    until: Date | None = None
    noted_on: Date | None = Field(default=None, description="When Nav learned of it.")
    # -- dates that decide urgency --
    last_incident: Date | None = Field(
        default=None,
        description=(
            "When it last happened (an incident of violence, a threat...), on the evaluation "
            "date or before; omitted when unknown. How often: `repeated`."
        ),
    )
    note: FreeText | None = Field(default=None, description="Free text; never logged.")


class ServiceInvolvement(_Model):
    """A service involved with a person."""

    id: Ref | None = None
    service: Id = Field(description="A service id (rules/vocabulary/services.yaml).")
    person: Ref
    status: InvolvementStatus = "active"
    coordinator: Bool = Field(
        default=False, description="This service coordinates the family's services."
    )
    since: Date | None = None
    until: Date | None = None
    # -- child welfare level ----------------------------------------------------
    level: ChildWelfareLevel | None = Field(
        default=None,
        description=(
            "For child_welfare only: how far the involvement has come (report_received, "
            "investigation, support_measures, placement, care_order, aftercare)."
        ),
    )


class Consent(_Model):
    """A person's consent to share information with services."""

    id: Ref | None = None
    given_by: Ref
    share_with: list[Id] = Field(min_length=1, max_length=MAX_PERSONS, description="Service ids.")
    concerning: list[Ref] = Field(
        default_factory=list, max_length=MAX_PERSONS, description="Person ids it covers."
    )
    given_on: Date | None = None
    withdrawn_on: Date | None = None


# -- reports already made to child welfare ---------------------------------------
class Report(_Model):
    """A report (melding) already made to the child welfare service about children."""

    id: Ref
    concerning: list[Ref] = Field(
        min_length=1, max_length=MAX_PERSONS, description="The children it was about."
    )
    by: Ref = Field(description="Who made it: a person id or a service id (e.g. nav_office).")
    on: Date = Field(description="The date it was made (on the evaluation date or before).")


# -- dated events that decide urgency --------------------------------------------
class Event(_Model):
    """Something dated about to happen (or just happened) that decides how urgent a case is:
    an eviction, a journey abroad, a release from prison or an institution, a hearing."""

    id: Ref
    kind: Id = Field(description="An event kind id (rules/vocabulary/terms.yaml event_kind).")
    persons: list[Ref] = Field(
        min_length=1,
        max_length=MAX_PERSONS,
        description="Whom it concerns: everyone it affects (e.g. each member of a household "
        "being evicted, each child who travels).",
    )
    on: Date = Field(description="The date it happens (a date before as_of: it has happened).")
    note: FreeText | None = Field(default=None, description="Free text; never logged.")


class Case(_Model):
    """A family at one date: the input to ``familycase.evaluate``."""

    id: Ref = Field(default="case", description="The case's id (no personal data).")
    as_of: Date = Field(description="The evaluation date: ages and law are taken on this date.")
    persons: list[Person] = Field(min_length=1, max_length=MAX_PERSONS)
    relations: list[Relation] = Field(default_factory=list, max_length=MAX_ITEMS)
    households: list[Household] = Field(default_factory=list, max_length=MAX_PERSONS)
    concerns: list[Concern] = Field(default_factory=list, max_length=MAX_ITEMS)
    services: list[ServiceInvolvement] = Field(default_factory=list, max_length=MAX_ITEMS)
    consents: list[Consent] = Field(default_factory=list, max_length=MAX_ITEMS)
    reports: list[Report] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Reports already made to the child welfare service.",
    )
    events: list[Event] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Dated events that decide urgency (an eviction, a journey abroad...).",
    )

    # (id of this object, id of the vocabularies) once validated: a copy made without
    # validation (model_copy(update=...), model_construct) has another id, or none
    _validated: tuple[int, int] = PrivateAttr(default=(0, 0))

    def person(self, pid: str) -> Person:
        """The person with id ``pid``."""
        for p in self.persons:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def _repr_svg_(self) -> str:
        """The ecomap, for Jupyter (``familycase.render.svg.ecomap_svg`` for other languages).

        The renderer is imported here, not at module level: ``render`` is a layer above
        ``case``."""
        from familycase.render.svg import ecomap_svg  # noqa: PLC0415 (render is a higher layer)

        return ecomap_svg(self)

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Case:
        context = info.context if isinstance(info.context, dict) else {}
        vocab = context.get("vocabularies")
        if not isinstance(vocab, Vocabularies):
            vocab = load_vocabularies()
        if context.get(CHECKED) is not True:
            # the first MAX_PROBLEMS (+1: more were found): the rest cost without telling more
            errors = list(islice(_case_errors(self, vocab), MAX_PROBLEMS + 1))
            if errors:
                raise ValidationError.from_exception_data("Case", errors)
        self._validated = (id(self), id(vocab))
        return self

    def __eq__(self, other: object) -> bool:
        """Equal data, whether or not (or against what) either case was validated."""
        if not isinstance(other, Case):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # a case holds lists: never hashable

    def _valid_for(self, vocab: Vocabularies) -> bool:
        """Whether this very object was validated against ``vocab``."""
        private = self.__pydantic_private__  # (not through pydantic's __getattr__: hot path)
        return private is not None and private.get("_validated") == (id(self), id(vocab))


def _error(
    loc: tuple[str | int, ...], kind: str, msg: str, value: Any, hint: str
) -> InitErrorDetails:
    # ``hint`` is the suggestion: it must start with one of the words that
    # ``familycase._validation.error_to_problem`` splits on ("Check the", "Did you mean", ...)
    return InitErrorDetails(
        type=PydanticCustomError(kind, msg + " " + hint),
        loc=loc,
        input=value,
    )


def _until_before_since(loc: tuple[str | int, ...], until: date) -> InitErrorDetails:
    return _error(
        loc,
        "date_order",
        "'until' is before 'since'.",
        str(until),
        "Check the dates: 'until' is on or after 'since'.",
    )


def _hint(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else ""


def _case_errors(case: Case, vocab: Vocabularies) -> Iterable[InitErrorDetails]:
    pids = [p.id for p in case.persons]
    known = set(pids)

    def dupes(items: list[str | None], field: str) -> Iterable[InitErrorDetails]:
        ids = [i for i in items if i is not None]
        if len(set(ids)) == len(ids):
            return  # the usual case: every id once
        counts = Counter(ids)
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item is not None and counts[item] > 1:
                if item in seen:
                    yield _error(
                        (field, index, "id"),
                        "duplicate_id",
                        f"Duplicate id '{item}' in {field}.",
                        item,
                        "Each id may be used once.",
                    )
                seen.add(item)

    yield from dupes(list(pids), "persons")
    yield from dupes([c.id for c in case.concerns], "concerns")
    yield from dupes([h.id for h in case.households], "households")
    yield from dupes([r.id for r in case.relations], "relations")
    yield from dupes([s.id for s in case.services], "services")
    yield from dupes([c.id for c in case.consents], "consents")
    yield from dupes([e.id for e in case.events], "events")

    def person_ref(loc: tuple[str | int, ...], pid: str) -> Iterable[InitErrorDetails]:
        if pid not in known:
            yield _error(
                loc,
                "unknown_person",
                f"Unknown person id '{pid}'.",
                pid,
                _hint(pid, known) or "Add the person to 'persons' or fix the id.",
            )

    def twice(loc: tuple[str | int, ...], pid: str, kind: str, item: str) -> InitErrorDetails:
        """A person listed twice in one item (``kind`` "household", ``item`` its id)."""
        article = "an" if kind[:1] in "aeiou" else "a"
        return _error(
            loc,
            "duplicate_id",
            f"Person '{pid}' is listed twice in {kind} '{item}'.",
            pid,
            f"Each id may be listed once in {article} {kind}: remove the repeated one.",
        )

    def vocab_ref(
        loc: tuple[str | int, ...], value: str, vocabulary: Vocabulary
    ) -> Iterable[InitErrorDetails]:
        if value not in vocabulary:
            yield _error(
                loc,
                "unknown_" + vocabulary.name.removesuffix("s"),
                f"Unknown {vocabulary.name.replace('_', ' ').removesuffix('s')} '{value}'.",
                value,
                vocabulary.suggest(value)
                or f"Check the id against rules/vocabulary/{vocabulary.name}.yaml.",
            )

    for i, p in enumerate(case.persons):
        for j, measure in enumerate(p.applies_for):
            yield from vocab_ref(("persons", i, "applies_for", j), measure, vocab.measures)
        if p.birth_date is not None and p.birth_date > case.as_of:
            yield _error(
                ("persons", i, "birth_date"),
                "impossible_age",
                f"Person '{p.id}' is born after the evaluation date {case.as_of}.",
                str(p.birth_date),
                "Check the birth date or as_of.",
            )
        if p.birth_date is not None and whole_years(p.birth_date, case.as_of) > MAX_AGE:
            yield _error(
                ("persons", i, "birth_date"),
                "impossible_age",
                f"Person '{p.id}' would be older than {MAX_AGE}.",
                str(p.birth_date),
                "Check the birth date or as_of.",
            )
        if p.birth_date is not None and p.age is not None:
            derived = p.age_at(p.age_on or case.as_of)
            if derived != p.age:
                yield _error(
                    ("persons", i, "age"),
                    "impossible_age",
                    f"Person '{p.id}': age {p.age} does not match the birth date (age {derived}).",
                    p.age,
                    "Give either birth_date or age, or make them agree.",
                )
        if p.age_on is not None and p.age_on > case.as_of:
            yield _error(
                ("persons", i, "age_on"),
                "impossible_age",
                f"Person '{p.id}': age_on is after the evaluation date.",
                str(p.age_on),
                "Check the age_on date or as_of: an age is stated on the evaluation date or "
                "before (leave age_on out to mean as_of).",
            )
        elif p.birth_date is None and p.age is not None:
            on_as_of = p.age_at(case.as_of)
            if on_as_of is not None and on_as_of > MAX_AGE:
                yield _error(
                    ("persons", i, "age_on"),
                    "impossible_age",
                    f"Person '{p.id}' would be older than {MAX_AGE} on the evaluation date "
                    f"(age {p.age} on {p.age_on}).",
                    str(p.age_on),
                    "Check the age and age_on: age_on is the date on which the age was stated.",
                )

    ages = {p.id: p.age_at(case.as_of) for p in case.persons}
    for i, r in enumerate(case.relations):
        yield from vocab_ref(("relations", i, "kind"), r.kind, vocab.relation_kinds)
        yield from person_ref(("relations", i, "from"), r.from_)
        yield from person_ref(("relations", i, "to"), r.to)
        if r.from_ == r.to:
            yield _error(
                ("relations", i, "to"),
                "self_relation",
                f"Person '{r.from_}' is related to themselves.",
                r.to,
                "A relation links two different persons.",
            )
        if r.since and r.until and r.until < r.since:
            yield _until_before_since(("relations", i, "until"), r.until)
        if r.kind == "parent" and r.from_ in ages and r.to in ages:
            parent, child = ages[r.from_], ages[r.to]
            if parent is not None and child is not None and parent <= child:
                yield _error(
                    ("relations", i, "from"),
                    "impossible_age",
                    f"Person '{r.from_}' (age {parent}) is a parent of '{r.to}' (age {child}), "
                    "who is as old or older.",
                    r.from_,
                    "Check the ages, or the direction of the relation: 'from' is the parent, "
                    "'to' the child.",
                )

    yield from _parent_cycles(case, vocab)

    member_of: dict[str, str] = {}
    for i, h in enumerate(case.households):
        listed: set[str] = set()
        for j, pid in enumerate(h.members):
            yield from person_ref(("households", i, "members", j), pid)
            if pid in listed:
                yield twice(("households", i, "members", j), pid, "household", h.id)
                continue
            listed.add(pid)
            if pid in member_of:
                yield _error(
                    ("households", i, "members", j),
                    "two_households",
                    f"Person '{pid}' is in households '{member_of[pid]}' and '{h.id}'.",
                    pid,
                    "A person lives in one household at a time.",
                )
            member_of.setdefault(pid, h.id)

    for i, c in enumerate(case.concerns):
        yield from vocab_ref(("concerns", i, "kind"), c.kind, vocab.concern_kinds)
        for j, pid in enumerate(c.about):
            yield from person_ref(("concerns", i, "about", j), pid)
        for j, pid in enumerate(c.exposed):
            yield from person_ref(("concerns", i, "exposed", j), pid)
        if (
            c.reported_by is not None
            and c.reported_by not in known
            and (c.reported_by not in vocab.services)
        ):
            yield _error(
                ("concerns", i, "reported_by"),
                "unknown_reporter",
                f"'{c.reported_by}' is neither a person id nor a service id.",
                c.reported_by,
                _hint(c.reported_by, [*known, *vocab.services])
                or vocab.services.suggest(c.reported_by)
                or "Check the id: 'reported_by' is a person id or a service id.",
            )
        if c.since and c.until and c.until < c.since:
            yield _until_before_since(("concerns", i, "until"), c.until)
        for field in ("since", "noted_on", "last_incident"):
            when = getattr(c, field)
            if when is not None and when > case.as_of:
                yield _error(
                    ("concerns", i, field),
                    "date_order",
                    f"Concern '{c.id}': '{field}' is after the evaluation date {case.as_of}.",
                    str(when),
                    f"Check the '{field}' date or as_of: "
                    + {
                        "since": "a concern known on the evaluation date began on it or before.",
                        "noted_on": "Nav learned of the concern on the evaluation date or before.",
                        "last_incident": "an incident known on the evaluation date happened on "
                        "it or before (a planned or feared event is an 'events' entry).",
                    }[field],
                )

    links = (
        sum(len(c.about) + len(c.exposed) for c in case.concerns)
        + sum(len(set(k.share_with)) * len(set(k.concerning) or known) for k in case.consents)
        + sum(len(e.persons) for e in case.events)
    )
    if links > MAX_LINKS:
        yield _error(
            ("concerns",) if case.concerns else ("consents",),
            "too_long",
            f"The case links concerns and consents to persons {links} times; "
            f"at most {MAX_LINKS} are allowed.",
            links,
            "Remove repeated concerns or consents; a case describes one family.",
        )

    for i, s in enumerate(case.services):
        yield from vocab_ref(("services", i, "service"), s.service, vocab.services)
        yield from person_ref(("services", i, "person"), s.person)
        if s.since and s.until and s.until < s.since:
            yield _until_before_since(("services", i, "until"), s.until)

    for i, k in enumerate(case.consents):
        yield from person_ref(("consents", i, "given_by"), k.given_by)
        for j, service in enumerate(k.share_with):
            yield from vocab_ref(("consents", i, "share_with", j), service, vocab.services)
        for j, pid in enumerate(k.concerning):
            yield from person_ref(("consents", i, "concerning", j), pid)
        if k.given_on and k.withdrawn_on and k.withdrawn_on < k.given_on:
            yield _error(
                ("consents", i, "withdrawn_on"),
                "date_order",
                "'withdrawn_on' is before 'given_on'.",
                str(k.withdrawn_on),
                "Check the dates: a consent is withdrawn on or after the day it was given.",
            )

    # -- events --
    event_kinds = vocab.terms.get("event_kind")
    for i, e in enumerate(case.events):
        if event_kinds is not None:
            yield from vocab_ref(("events", i, "kind"), e.kind, event_kinds)
        in_event: set[str] = set()
        for j, pid in enumerate(e.persons):
            yield from person_ref(("events", i, "persons", j), pid)
            if pid in in_event:
                yield twice(("events", i, "persons", j), pid, "event", e.id)
            in_event.add(pid)
    yield from _care_errors(case, vocab)


# -- care and child welfare: parental responsibility, daily care, levels, reports --
def _care_errors(case: Case, vocab: Vocabularies) -> Iterable[InitErrorDetails]:
    """Problems with the care fields of relations, child welfare levels and reports."""
    for i, r in enumerate(case.relations):
        if r.kind not in vocab.relation_kinds or vocab.relation_kinds[r.kind].attr(
            "caregiving", False
        ):
            continue  # an unknown kind is reported already
        for field in ("parental_responsibility", "daily_care"):
            if getattr(r, field) is not None:
                caring = ", ".join(
                    k for k in vocab.relation_kinds if vocab.relation_kinds[k].attr("caregiving")
                )
                yield _error(
                    ("relations", i, field),
                    "not_caregiving",
                    f"'{field}' is recorded on a '{r.kind}' relation, which is not a "
                    "caregiving kind.",
                    r.kind,
                    f"Check the relation kind ({caring}), or leave '{field}' out.",
                )
    for i, s in enumerate(case.services):
        if s.level is not None and s.service != "child_welfare":
            yield _error(
                ("services", i, "level"),
                "level_not_child_welfare",
                f"A level is recorded for the service '{s.service}'; levels are for "
                "child_welfare only.",
                s.level,
                "Check the service: a level (investigation, placement, aftercare ...) "
                "describes a child welfare involvement; leave it out for other services.",
            )
    persons = {p.id: p for p in case.persons}
    yield from _duplicate_reports(case)
    for i, rep in enumerate(case.reports):
        for j, pid in enumerate(rep.concerning):
            person = persons.get(pid)
            if person is None:
                yield _error(
                    ("reports", i, "concerning", j),
                    "unknown_person",
                    f"Unknown person id '{pid}'.",
                    pid,
                    _hint(pid, persons) or "Add the person to 'persons' or fix the id.",
                )
            elif _surely_adult_on(person, rep.on, case.as_of):
                yield _error(
                    ("reports", i, "concerning", j),
                    "impossible_age",
                    f"Report '{rep.id}' concerns '{pid}', who was 18 or older on {rep.on}.",
                    pid,
                    "Check the person or the date: a report to child welfare is about a child "
                    "(under 18 on the day it was made).",
                )
        if rep.by not in persons and rep.by not in vocab.services:
            yield _error(
                ("reports", i, "by"),
                "unknown_reporter",
                f"'{rep.by}' is neither a person id nor a service id.",
                rep.by,
                _hint(rep.by, [*persons, *vocab.services])
                or vocab.services.suggest(rep.by)
                or "Check the id: 'by' is a person id or a service id (e.g. nav_office).",
            )
        if rep.on > case.as_of:
            yield _error(
                ("reports", i, "on"),
                "date_order",
                f"Report '{rep.id}': 'on' is after the evaluation date {case.as_of}.",
                str(rep.on),
                "Check the 'on' date or as_of: a report already made was made on the "
                "evaluation date or before.",
            )


def _parent_cycles(case: Case, vocab: Vocabularies) -> Iterable[InitErrorDetails]:
    """A person who is their own ancestor through parent relations (a -> b -> a): one error
    per cycle, at the relation that closes it."""
    parents = {k for k in vocab.relation_kinds if k == "parent"}
    children: dict[str, list[tuple[str, int]]] = {}
    for i, r in enumerate(case.relations):
        if r.kind in parents and r.from_ != r.to:
            children.setdefault(r.from_, []).append((r.to, i))
    done: set[str] = set()
    for start in children:
        if start in done:
            continue
        # iterative depth-first search; 'on_path' holds the persons of the current path
        on_path: dict[str, int] = {start: 0}
        stack = [(start, iter(children.get(start, ())))]
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                stack.pop()
                on_path.pop(node, None)
                done.add(node)
                continue
            child, index = step
            if child in on_path:
                yield _error(
                    ("relations", index, "to"),
                    "impossible_age",
                    f"Parent relations make '{child}' an ancestor of themselves "
                    f"('{node}' is a parent of '{child}').",
                    child,
                    "Check the direction of the relations: 'from' is the parent, 'to' the child.",
                )
            elif child not in done:
                on_path[child] = len(stack)
                stack.append((child, iter(children.get(child, ()))))


def _duplicate_reports(case: Case) -> Iterable[InitErrorDetails]:
    seen: set[str] = set()
    for i, rep in enumerate(case.reports):
        if rep.id in seen:
            yield _error(
                ("reports", i, "id"),
                "duplicate_id",
                f"Duplicate id '{rep.id}' in reports.",
                rep.id,
                "Each id may be used once.",
            )
        seen.add(rep.id)


def _surely_adult_on(person: Person, when: date, as_of: date) -> bool:
    """Whether ``person`` was certainly 18 or older on ``when``.

    With a birth date this is exact. An age stated on a date (``age_on``; the evaluation
    date when left out, or after pseudonymisation) only bounds the age on an earlier date
    from below, so a person is refused only when even the youngest age they could have had
    is 18 or more; an unknown age is never refused.
    """
    if person.birth_date is not None:
        return whole_years(person.birth_date, when) >= ADULT_AGE
    if person.age is None:
        return False
    stated_on = person.age_on or as_of
    if when >= stated_on:
        youngest = person.age + whole_years(stated_on, when)
    else:
        youngest = person.age - whole_years(when, stated_on) - 1
    return youngest >= ADULT_AGE


def case_from_data(
    data: object,
    *,
    vocabularies: Vocabularies | None = None,
    source: str | None = None,
    document: Document | None = None,
) -> Case:
    """Validate ``data`` (a mapping or a ``Case``) as a ``Case``; raise ``CaseError``.

    A ``Case`` that was validated when it was made (against the same vocabularies) is
    returned as it is; one made without validation (``Case.model_construct``,
    ``case.model_copy(update=...)``) is validated now.

    ``source`` names where the data came from in error messages (a file name, a request id);
    ``document`` (from ``familycase._yaml``) lets errors point at the file's lines.
    """
    from familycase._validation import field_names, problems_from  # noqa: PLC0415
    from familycase.errors import CaseError, without_excerpts  # noqa: PLC0415

    if source is None and document is None and not isinstance(data, Case | Mapping):
        from familycase.errors import UsageError  # noqa: PLC0415

        raise UsageError(
            "A case is a familycase.Case or a mapping (a JSON object), "
            f"not a {type(data).__name__}."
        )
    if isinstance(data, Case) and data._valid_for(vocabularies or load_vocabularies()):
        return data  # validated when it was made, against the same vocabularies
    if isinstance(data, Case):  # made without validation, or for other vocabularies
        data = data.model_dump(by_alias=True, warnings=False)
    context = {"vocabularies": vocabularies} if vocabularies is not None else None
    try:
        return Case.model_validate(data, context=context)
    except ValidationError as exc:
        problems = problems_from(
            exc,
            document=document,
            file=source,
            known_fields=field_names(CASE_MODELS),
            model=Case,
        )
        # every problem in one round: a field of the wrong type stops pydantic before the
        # case's checks (unknown persons, vocabularies, cycles); without those fields they run
        retry = _without_bad_fields(data, exc) if len(problems) <= MAX_PROBLEMS else None
        if retry is not None:
            try:
                Case.model_validate(retry, context=context)
            except ValidationError as again:
                seen = {p.path for p in problems}
                problems += [
                    p
                    for p in problems_from(
                        again,
                        document=document,
                        file=source,
                        known_fields=field_names(CASE_MODELS),
                        model=Case,
                    )
                    # a field taken out is not missing: missing fields came in round one
                    if p.code != "FC301" and p.path not in seen and not _under(p.path, seen)
                ]
        # a case file's line may hold a name or a note: never show it
        raise CaseError(
            without_excerpts(problems),
            "The case is invalid",
            omitted=max(0, exc.error_count() - MAX_PROBLEMS - 1),
        ) from None


def _without_bad_fields(data: object, exc: ValidationError) -> dict[str, Any] | None:
    """A copy of ``data`` without the fields ``exc`` found wrong (each error's last key in a
    mapping), or ``None`` if nothing can be taken out or the case's own checks already ran."""
    if not isinstance(data, Mapping):
        return None
    errors = exc.errors(include_url=False, include_input=False)
    if any(err["loc"] == () for err in errors):
        return None  # the case's own checks ran (or the whole input is wrong)
    try:
        copy: dict[str, Any] = _plain_copy(data)
    except RecursionError:  # nested past any case: round one's problems say enough
        return None
    removed = False
    for err in errors:
        loc = err["loc"]
        if err["type"] == "missing" or not loc or not isinstance(loc[-1], str):
            continue
        parent: Any = copy
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict) and loc[-1] in parent:
            del parent[loc[-1]]
            removed = True
    return copy if removed else None


def _plain_copy(data: Any) -> Any:
    """A copy of nested dicts and lists (their leaves shared)."""
    if isinstance(data, Mapping):
        return {key: _plain_copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain_copy(item) for item in data]
    return data


def _under(path: str | None, seen: set[str | None]) -> bool:
    """Whether ``path`` lies inside a path already reported."""
    return path is not None and any(s and path.startswith((s + ".", s + "[")) for s in seen)


def load_case(path: str | Path, *, vocabularies: Vocabularies | None = None) -> Case:
    """Load a case file (YAML or JSON); errors name the file, line and field."""
    from familycase._yaml import load_yaml  # noqa: PLC0415
    from familycase.errors import ContentError, without_excerpts  # noqa: PLC0415

    try:
        doc = load_yaml(path)
    except ContentError as exc:  # a line of a case file may hold a name or a note
        raise ContentError(without_excerpts(exc.problems), exc.summary) from None
    return case_from_data(doc.data, vocabularies=vocabularies, source=doc.file, document=doc)


CASE_MODELS: tuple[type[BaseModel], ...] = (
    Case,
    Person,
    Relation,
    Household,
    Concern,
    ServiceInvolvement,
    Consent,
    Report,
    Event,
)
