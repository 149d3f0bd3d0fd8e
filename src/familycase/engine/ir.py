"""The engine's intermediate representation: compiled rules, facts and firings.

This is the contract between the rule-file language (``familycase.rules.rulebook``), which
compiles YAML rules into these objects, and the two evaluators that run them: the
durable_rules engine (``familycase.engine.durable``) and the plain-Python reference
evaluator (``familycase.engine.reference``). Nothing here knows about YAML, families
or law; it is pure mechanism.

Facts
    A fact is a flat ``dict`` with a ``"type"`` (str) and a ``"fid"`` (str, unique within
    one evaluation) plus typed fields. Field values are ``str``, ``int`` or ``bool`` only
    (never ``None``, floats or nested values) so that durable_rules' loose equality can
    never differ from Python's. ``id``, ``sid`` and names starting with ``$`` are reserved.
    Every evaluator checks every fact (``fact_checks``) unless it is given a declaration of
    the facts (``fact_checks.DeclaredFacts``, the ``declared`` argument): each type's fields
    and kinds, and plain ASCII texts, which the facts' producer guarantees and its tests
    check. Then the checks that depend on names and kinds run once per rulebook and
    declaration, none per fact, and the result is the same. familycase's own facts
    (``familycase.case.facts.case_facts``) come with one; facts from callers do not.

Tests (conditions on one fact)
    A small subset of durable_rules' JSON expression language, used by both evaluators:

    ``{"field": literal}``                      equality
    ``{"$neq"|"$gt"|"$gte"|"$lt"|"$lte": {"field": literal}}``  comparison
    ``{"field": {"alias": "other_field"}}``     join: equal to a field of an earlier pattern
    ``{"$neq": {"field": {"alias": "other"}}}`` join with another comparison (also gt/lt...)
    ``{"$and": [test, ...]}``, ``{"$or": [test, ...]}``

Patterns and rules
    A rule is a list of patterns, each matching one fact. Positive patterns bind an alias
    to a fact; a negated pattern holds when *no* fact satisfies its test (given the facts
    bound so earlier). Two positive patterns of one rule never bind the same fact. Every
    rule implicitly starts with a sentinel pattern that matches the evaluation's sentinel
    fact for the rule's stratum (see ``sentinel_fact``); ``valid_from``/``valid_until``
    (ISO dates) are tested against the sentinel's ``date``.

Strata
    Rules that derive facts run before the rules that consume those facts: a rule's
    stratum is one more than the highest stratum of the rules deriving a fact type it
    uses. Pass ``k`` asserts the sentinel of stratum ``k``; facts derived in pass ``k``
    are therefore complete before any rule of a later stratum can fire. This is what makes
    negation exact in durable_rules (see ``engine-notes.md``, pitfall 1).

Derived facts
    A derived fact's ``fid`` is ``"d" +`` a hash of its content, so the same content
    derived twice is one fact, and fids are the same in both evaluators.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

FactValue: TypeAlias = str | int | bool
Fact: TypeAlias = dict[str, FactValue]
Test: TypeAlias = dict[str, Any]

SENTINEL_TYPE = "$eval"
SENTINEL_ALIAS = "_s"
RESERVED_FIELDS = frozenset({"id", "sid"})


@dataclass(frozen=True)
class Ref:
    """A value taken from a field of a fact bound earlier in the rule."""

    alias: str
    field: str


@dataclass(frozen=True)
class Pattern:
    """One condition of a rule: a test on one fact, positive (binding ``alias``) or negated."""

    alias: str
    test: Test
    negated: bool = False


@dataclass(frozen=True)
class Derive:
    """A fact a rule asserts when it fires: its type and fields (literals or ``Ref``)."""

    type: str
    fields: tuple[tuple[str, FactValue | Ref], ...]


@dataclass(frozen=True)
class CompiledRule:
    """A rule as both evaluators run it."""

    id: str
    patterns: tuple[Pattern, ...]
    stratum: int = 0
    derive: Derive | None = None
    valid_from: str | None = None  # ISO date, inclusive
    valid_until: str | None = None  # ISO date, inclusive


def rule_is_valid(rule: CompiledRule, as_of: str) -> bool:
    """Whether a rule is in force on ``as_of`` (ISO dates compare as strings)."""
    return (rule.valid_from is None or rule.valid_from <= as_of) and (
        rule.valid_until is None or as_of <= rule.valid_until
    )


@dataclass(frozen=True)
class CompiledRulebook:
    """All compiled rules, with a content hash that names the durable ruleset."""

    rules: tuple[CompiledRule, ...]
    content_hash: str

    @property
    def strata(self) -> int:
        """Number of passes an evaluation needs."""
        return 1 + max((r.stratum for r in self.rules), default=0)


class Firing(NamedTuple):
    """One rule firing: the rule and the fid bound to each positive alias, in rule order.

    A named tuple (ordered, hashed and compared as its fields): an evaluation makes one per
    firing, and a tuple is the cheapest to make, hash and sort."""

    rule_id: str
    bindings: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EngineResult:
    """What an evaluation produced: sorted firings, the facts rules derived by fid, and for
    each firing of a deriving rule the fid of the fact it derived (in firing order)."""

    firings: tuple[Firing, ...]
    derived: Mapping[str, Fact] = field(default_factory=dict)
    derived_by: Mapping[Firing, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain tuples: each firing as ``(rule_id, bindings)``, and what each
        derived as a fid (or None) in firing order. A batch worker pickles every result
        it finds: as named tuples, one by one, a synthetic family's took about 33 µs, as
        plain tuples 21 µs."""
        by = self.derived_by
        fids = tuple([by.get(firing) for firing in self.firings])
        if len(by) != len(fids) - fids.count(None):  # some key is not a firing: as it is
            return (EngineResult, (self.firings, self.derived, by))
        plain = tuple([(rule_id, bindings) for rule_id, bindings in self.firings])
        return (_unpickled_result, (plain, self.derived, fids))


def _unpickled_result(
    plain: tuple[tuple[str, tuple[tuple[str, str], ...]], ...],
    derived: Mapping[str, Fact],
    fids: tuple[str | None, ...],
) -> EngineResult:
    """An ``EngineResult`` from what its ``__reduce__`` gave."""
    firings = tuple([Firing._make(item) for item in plain])
    derived_by = {firing: fid for firing, fid in zip(firings, fids, strict=True) if fid is not None}
    return EngineResult(firings, derived, derived_by)


def sentinel_fact(stratum: int, as_of: str) -> Fact:
    """The fact asserted last in pass ``stratum`` (``as_of`` is an ISO date)."""
    return {"type": SENTINEL_TYPE, "fid": f"$eval{stratum}", "stratum": stratum, "date": as_of}


_CONTENT = json.JSONEncoder(sort_keys=True, ensure_ascii=True)  # as json.dumps with those


_QUOTE = json.encoder.encode_basestring_ascii  # how _CONTENT writes a string


def _content_text(content: Mapping[str, FactValue]) -> str:
    """``_CONTENT.encode(content)``, byte for byte, for a flat fact: written directly, as
    the JSON encoder costs more than the rest of ``derived_fact``."""
    parts = []
    for name in sorted(content):
        value = content[name]
        if type(value) is str:
            text = _QUOTE(value)
        elif value is True or value is False:
            text = "true" if value else "false"
        elif type(value) is int:
            text = str(value)
        else:  # a subclass: the encoder's own reading of it
            return _CONTENT.encode(content)
        parts.append(f"{_QUOTE(name)}: {text}")
    return "{" + ", ".join(parts) + "}"


def _made(derive: Derive, values: Sequence[FactValue]) -> Fact:
    """The fact ``derive`` makes with ``values`` (one per field, in ``derive.fields``
    order), with its content-hash fid."""
    content: Fact = {"type": derive.type}
    for (name, _), value in zip(derive.fields, values, strict=True):
        content[name] = value
    digest = hashlib.sha1(
        _content_text(content).encode("ascii"),
        usedforsecurity=False,
    ).hexdigest()[:16]
    content["fid"] = "d" + digest
    return content


def derived_values(derive: Derive, bound: Mapping[str, Mapping[str, FactValue]]) -> list[FactValue]:
    """The values of the fact a firing derives, in ``derive.fields`` order, from the facts
    ``bound`` to the rule's aliases."""
    return [bound[v.alias][v.field] if isinstance(v, Ref) else v for _, v in derive.fields]


#: Where one value of a derived fact comes from: the position, among the rule's positive
#: aliases, of the fact it is read from and the field read; or -1, "" and the literal itself.
DeriveSource: TypeAlias = tuple[int, str, FactValue]


def derive_sources(derive: Derive, positive: Sequence[str]) -> tuple[DeriveSource, ...]:
    """``derived_values``' reading of ``derive``, in ``derive.fields`` order, with each alias
    as its position in ``positive``: for an engine that has a firing's facts in that order,
    so that it need not put them together by alias first."""
    return tuple(
        (positive.index(value.alias), value.field, "")
        if isinstance(value, Ref)
        else (-1, "", value)
        for _, value in derive.fields
    )


def derived_fact(derive: Derive, bound: Mapping[str, Mapping[str, FactValue]]) -> Fact:
    """Build the fact a firing derives, with its content-hash fid."""
    return _made(derive, derived_values(derive, bound))


#: The facts derived in this process, by ``Derivations``' key (the ``Derive``'s id, the
#: values and their types), each with its ``Derive``: an id is only trusted while that
#: ``Derive`` is the one remembered with it (held here, so its id is not reused meanwhile).
#: A content is derived again and again: by the same family evaluated after each change,
#: and by families with the same ids (such as ``p1``, ``p2``); making it (its content hash)
#: cost a few µs each time. Bounded; emptied when full.
_MADE: dict[tuple[object, ...], tuple[Derive, Fact]] = {}
_MAX_MADE = 2048


def _remember_made(key: tuple[object, ...], derive: Derive, fact: Fact) -> None:
    if len(_MADE) >= _MAX_MADE:
        _MADE.clear()
    _MADE[key] = (derive, fact.copy())  # a copy: the evaluation owns the fact it gets


class Derivations:
    """What one evaluation derives, as every evaluator records it.

    ``add`` records that a firing derived a fact with given values: ``by`` maps the firing
    to the fact's fid, and a fact whose fid is not ``known`` (a base fact's, or one derived
    before) is new: kept in ``facts`` and in ``pending`` (for the evaluator's next pass,
    ``take``). A content derived before in the evaluation is not hashed again, nor one
    derived before in the process while it is remembered (``_MADE``): each evaluation gets
    a copy of its own.
    """

    __slots__ = ("_fids", "by", "facts", "known", "pending")

    def __init__(self, known: set[str]) -> None:
        self.known = known  # the fids of the evaluation's facts (grows with new ones)
        self.facts: dict[str, Fact] = {}
        self.by: dict[Firing, str] = {}
        self.pending: list[Fact] = []
        # (the Derive's id, the values, their types: True is not 1 here) -> the fid
        self._fids: dict[tuple[object, ...], str] = {}

    def add(self, firing: Firing, derive: Derive, values: Sequence[FactValue]) -> None:
        """``firing`` derived ``derive``'s fact with ``values`` (in ``derive.fields`` order;
        ``derive`` is the rulebook's, alive as long as the evaluation)."""
        key = (id(derive), *values, *map(type, values))
        fid = self._fids.get(key)
        if fid is None:
            made = _MADE.get(key)
            if made is not None and made[0] is derive:
                fact = made[1].copy()
            else:
                fact = _made(derive, values)
                _remember_made(key, derive, fact)
            fid = self._fids[key] = str(fact["fid"])
            if fid not in self.known:
                self.known.add(fid)
                self.facts[fid] = fact
                self.pending.append(fact)
        self.by[firing] = fid

    def take(self) -> list[Fact]:
        """The new facts since the last ``take``, sorted by fid."""
        new, self.pending = self.pending, []
        new.sort(key=lambda fact: str(fact["fid"]))
        return new


def rulebook_hash(rules: tuple[CompiledRule, ...]) -> str:
    """A stable content hash of compiled rules (used to name the durable ruleset)."""
    text = json.dumps([_rule_as_json(r) for r in rules], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _rule_as_json(rule: CompiledRule) -> Any:
    return {
        "id": rule.id,
        "stratum": rule.stratum,
        "patterns": [[p.alias, p.negated, p.test] for p in rule.patterns],
        "derive": None
        if rule.derive is None
        else [
            rule.derive.type,
            [[n, [v.alias, v.field] if isinstance(v, Ref) else v] for n, v in rule.derive.fields],
        ],
        "valid": [rule.valid_from, rule.valid_until],
    }
