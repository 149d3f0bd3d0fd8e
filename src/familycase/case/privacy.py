"""Pseudonymised cases, for training material and bug reports.

``pseudonymise(case)`` returns a copy of a case that keeps what decides the assessment (the
structure of the family, every relation, household, concern, service and consent with its
kinds, statuses and dates, and each person's age on the evaluation date) and drops what
identifies the people in it:

- each name becomes a role and a number, in the language asked for (``"Forelder 1"``,
  ``"Barn 2"``; the words are the ``pseudonym_*`` texts of ``vocabulary/ui.yaml``);
- free text (the ``note`` of concerns, households and events) is removed;
- a birth date becomes the age on the evaluation date;
- an expected date of birth (``pregnant_due``) becomes the evaluation date while she is
  pregnant (the rules ask only that) and is dropped once it is past;
- a person's own ``view`` (free text) becomes "-": only that a view is recorded is kept;
- every id is replaced too (``child_1``, ``concern_2``...; the case id becomes ``case``),
  since ids are sometimes chosen from names; ``rekey=False`` keeps the ids;
- with ``coarsen_ages=True`` ages are rounded down to five-year steps, but never across an
  age the rules compare with (15, 18, 26...), so every rule decides the same;
- with ``seed`` the numbers are handed out in a shuffled order (the same seed, the same
  numbers), so "Barn 1" does not tell which child was listed first.

The suggestions for the pseudonymised case are those for the original, apart from names
and ids. See ``docs/privacy.md``.

``without_names(case)`` is lighter, for what a caseworker system stores: the same case with
each person's name replaced by the person's id and free text removed, so that an assessment
of it holds ids and no display name (``evaluate(case, ids_only=True)``).

>>> import familycase
>>> case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
>>> [p.name for p in familycase.pseudonymise(case).persons]
['Forelder 1', 'Forelder 2', 'Barn 1', 'Barn 2', 'Ung voksen 1', 'Person 1', 'Person 2', ...]
>>> [p.id for p in familycase.pseudonymise(case).persons][:3]
['parent_1', 'parent_2', 'child_1']
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from familycase._text import Lang, check_lang
from familycase.case.graph import CHILD_AGE_LIMIT, YOUNG_ADULT_MAX_AGE, CaseGraph
from familycase.case.model import Case, case_from_data
from familycase.errors import UsageError
from familycase.rules.fact_types import FACT_TYPES
from familycase.rules.rulebook import Rulebook, load_rulebook
from familycase.rules.vocabulary import Vocabularies

__all__ = ["age_boundaries", "pseudonymise", "without_names"]

_ROLES = ("parent", "carer", "child", "young_adult", "adult", "person")
_PARENTS = frozenset({"parent", "step_parent", "foster_parent"})
_STEP = 5


def pseudonymise(
    case: Case | Mapping[str, Any],
    *,
    seed: int | None = None,
    rekey: bool = True,
    coarsen_ages: bool = False,
    lang: Lang = "nb",
    rulebook: Rulebook | None = None,
) -> Case:
    """A copy of ``case`` without names, free text or birth dates (see the module doc).

    ``rulebook`` (default: the shipped rules) gives the vocabularies and, for
    ``coarsen_ages``, the ages the rules compare with.

    Raises ``UsageError`` if an argument is of the wrong kind (``case`` not a ``Case`` or a
    mapping, ``seed`` not an int or None, ``rekey`` or ``coarsen_ages`` not a bool, ``lang``
    not nb, nn or en, ``rulebook`` not a ``Rulebook`` or None) or if the rules compare ages
    in a way ``coarsen_ages`` cannot keep; ``CaseError`` if the case data is invalid.
    """
    _check_arguments(case, seed, rekey, coarsen_ages, rulebook)
    lang = check_lang(lang)
    book = rulebook or load_rulebook()
    vocab = book.vocabularies
    valid = case_from_data(case, vocabularies=None if rulebook is None else vocab)
    graph = CaseGraph(valid, vocab)
    roles = _roles(valid, graph)
    rng = random.Random(seed) if seed is not None else None
    numbers = _numbers([p.id for p in valid.persons], roles, rng)
    names = {pid: f"{_word(vocab, roles[pid], lang)} {numbers[pid]}" for pid in roles}
    bands = age_boundaries(book) if coarsen_ages else ()

    pids = {pid: f"{roles[pid]}_{numbers[pid]}" for pid in roles} if rekey else {}
    data = valid.model_dump(mode="json", by_alias=True)
    persons = []
    for person in valid.persons:
        age = graph.age(person.id)
        if age is not None and coarsen_ages:
            age = _coarse(age, bands)
        entry: dict[str, Any] = {"id": pids.get(person.id, person.id), "name": names[person.id]}
        if age is not None:
            entry.update(age=age, age_on=valid.as_of.isoformat())
        if person.applies_for:
            entry["applies_for"] = list(person.applies_for)
        if person.view is not None:  # free text: only that a view is recorded is kept
            entry["view"] = "-"
        if person.pregnant_due is not None and person.pregnant_due >= valid.as_of:
            # the rules ask only whether she is pregnant on the date: the date itself goes
            entry["pregnant_due"] = valid.as_of.isoformat()
        persons.append(entry)
    data["persons"] = persons
    for item in data["households"]:
        item.pop("note", None)
    for item in data["concerns"]:
        item.pop("note", None)
    for item in data["events"]:  # dated events: kind, persons and date stay
        item.pop("note", None)
    if rekey:
        _rekey(data, pids)
    return case_from_data(data, vocabularies=None if rulebook is None else vocab)


def without_names(case: Case, vocabularies: Vocabularies | None = None) -> Case:
    """``case`` with each person's name replaced by the person's id, and without free text
    (notes are removed; a person's ``view`` becomes "-": only that a view is recorded is
    kept, as the rules ask). The ids, dates, ages and everything else stay, so every rule
    decides the same; an assessment of it names persons by id only. ``vocabularies``: those
    the case was validated against (default: the shipped ones)."""
    data = case.model_dump(mode="json", by_alias=True)
    for person in data["persons"]:
        person["name"] = person["id"]
        if person.get("view") is not None:
            person["view"] = "-"
    for group in ("households", "concerns", "events"):
        for item in data[group]:
            item.pop("note", None)
    return case_from_data(data, vocabularies=vocabularies)


def _check_arguments(
    case: object, seed: object, rekey: object, coarsen_ages: object, rulebook: object
) -> None:
    if not isinstance(case, Case | Mapping):
        raise UsageError(
            f"case must be a familycase.Case or a mapping (got {type(case).__name__})."
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise UsageError(f"seed must be an int or None (got {type(seed).__name__}).")
    for name, value in (("rekey", rekey), ("coarsen_ages", coarsen_ages)):
        if not isinstance(value, bool):
            raise UsageError(f"{name} must be True or False (got {type(value).__name__}).")
    _check_rulebook(rulebook)


def _check_rulebook(rulebook: object) -> None:
    if isinstance(rulebook, str | PurePath):
        raise UsageError(
            "rulebook must be a familycase.Rulebook: load the rules with "
            "familycase.load_rulebook(path) and pass what it returns."
        )
    if rulebook is not None and not isinstance(rulebook, Rulebook):
        raise UsageError(
            "rulebook must be a familycase.Rulebook (from load_rulebook) or None "
            f"(got {type(rulebook).__name__})."
        )


def age_boundaries(rulebook: Rulebook | None = None) -> tuple[int, ...]:
    """Every age at which some rule (or an age group) may decide differently, sorted.

    Read from the comparisons of ``person.age`` and of whole-number fields of derived facts
    (which may copy an age) in the rules, and from the age groups; ``UsageError`` if a rule
    compares a number with another fact's number, since no rounding of ages could then be
    known to keep its decisions, or if ``rulebook`` is not a ``Rulebook`` or None.
    """
    _check_rulebook(rulebook)
    book = rulebook or load_rulebook()
    found = {0, CHILD_AGE_LIMIT, YOUNG_ADULT_MAX_AGE + 1}
    for rule in book.rules:
        for pattern in rule.patterns:
            ftype = book.fact_type(pattern.fact)
            for fname, cond in pattern.conditions.items():
                spec = ftype.fields.get(fname)
                if spec is None or spec.kind != "int":
                    continue
                if pattern.fact in FACT_TYPES and (pattern.fact, fname) != ("person", "age"):
                    continue  # counts (concerns, services, children), not ages
                found |= _boundaries(cond, rule.id)
    return tuple(sorted(found))


def _boundaries(cond: Any, rule_id: str) -> set[int]:
    """The ages at which ``cond`` may change its answer (a band starts at each)."""
    if isinstance(cond, str) and cond.startswith("$"):
        raise UsageError(
            f"Rule '{rule_id}' compares a number with another fact's; ages cannot be "
            "coarsened safely. Pseudonymise without coarsen_ages."
        )
    if isinstance(cond, dict):
        found: set[int] = set()
        for op, value in cond.items():  # one operator, or a range ({gte: 0, lte: 14})
            if op == "not":
                found |= _boundaries(value, rule_id)
            elif isinstance(value, int) and not isinstance(value, bool):
                found.add(value + 1 if op in ("gt", "lte") else value)
        return found
    if isinstance(cond, list):
        out: set[int] = set()
        for value in cond:
            out |= _boundaries(value, rule_id)
        return out
    if isinstance(cond, int) and not isinstance(cond, bool):
        return {cond, cond + 1}
    return set()


def _coarse(age: int, bands: Sequence[int]) -> int:
    """``age`` rounded down to a multiple of five, but not below the band it is in."""
    start = max((b for b in bands if b <= age), default=0)
    return max(age - age % _STEP, start)


def _roles(case: Case, graph: CaseGraph) -> dict[str, str]:
    carers: dict[str, str] = {}
    for child in graph.children:
        for cg in graph.caregivers(child):
            role = "parent" if cg.relation in _PARENTS else "carer"
            if carers.get(cg.carer) != "parent":
                carers[cg.carer] = role
    roles: dict[str, str] = {}
    for person in case.persons:
        group = graph.age_group(person.id)
        if group == "child":
            roles[person.id] = "child"
        elif person.id in carers:
            roles[person.id] = carers[person.id]
        else:
            roles[person.id] = group if group in ("young_adult", "adult") else "person"
    return roles


def _numbers(
    order: Sequence[str], roles: Mapping[str, str], rng: random.Random | None
) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for role in _ROLES:
        members = [pid for pid in order if roles[pid] == role]
        if rng is not None:
            rng.shuffle(members)
        for n, pid in enumerate(members, 1):
            numbers[pid] = n
    return numbers


def _word(vocab: Vocabularies, role: str, lang: Lang) -> str:
    key = f"pseudonym_{role}"
    if key not in vocab.ui:
        raise UsageError(f"The vocabularies have no '{key}' text (vocabulary/ui.yaml).")
    return vocab.text(key).get(lang)


_ITEM_PREFIX = {
    "relations": "relation",
    "households": "household",
    "concerns": "concern",
    "services": "service",
    "consents": "consent",
    "reports": "report",
    "events": "event",
}
_PERSON_FIELDS = {
    "relations": ("from", "to"),
    "households": ("members",),
    "concerns": ("about", "exposed", "reported_by"),
    "services": ("person",),
    "consents": ("given_by", "concerning"),
    "reports": ("concerning", "by"),  # by may also be a service id
    "events": ("persons",),
}


def _rekey(data: dict[str, Any], pids: Mapping[str, str]) -> None:
    """Replace every id (persons already done) and every reference to a person."""
    data["id"] = "case"
    for name, prefix in _ITEM_PREFIX.items():
        for n, item in enumerate(data[name], 1):
            if item.get("id") is not None:
                item["id"] = f"{prefix}_{n}"
            for fname in _PERSON_FIELDS[name]:
                value = item.get(fname)
                if isinstance(value, list):
                    item[fname] = [pids.get(v, v) for v in value]
                elif isinstance(value, str):  # reported_by may also be a service id
                    item[fname] = pids.get(value, value)
