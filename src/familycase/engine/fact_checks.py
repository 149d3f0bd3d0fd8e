"""The fact checks: what both evaluators check of the facts and the date, per evaluation.

``run_durable`` and ``run_reference`` call these functions at the same points of an
evaluation, so they accept and refuse exactly the same facts, with the same errors; the
rulebook itself is checked by ``familycase.engine.analysis``.

Facts (checked per evaluation; ``EvaluationError``)
    Flat mappings of ``str`` names to ``str``/``int``/``bool`` values (``bool`` is not an
    ``int`` here), ints within +-2**53, strings normalised to NFC, a ``type`` and a unique
    ``fid``; every fact of a type has the same fields with the same kinds.

Rules against facts (checked against the base facts before the first pass, and against
the facts a pass derived before the next one)
    A field a rule tests or copies must exist in the facts of the pattern's type, a literal
    must have the field's kind, both sides of a join must have the same kind, and a string
    field that is ordered must not contain the characters above. So no comparison ever mixes
    kinds (durable's loose ``"42" == 42``, ``True == 1`` never happens) and no field is ever
    missing when a test runs.

Declared facts (``DeclaredFacts``; checked once per rulebook and declaration)
    A producer of facts that guarantees their shape (familycase's own ``case_facts``) may
    say so: a table of each fact type's fields and kinds, and a promise that every string
    value is plain ASCII text of the kind ids are written in. The checks that depend only on
    field names and kinds (names, reserved names, 32-bit hash collisions, the rules against
    every declared type) then run once per rulebook and declaration and are remembered; the
    checks of each value are skipped. An evaluation given a declaration still builds the set
    of fids and the types present, and falls back to the full checks when a fid repeats, a
    type is not declared or the rulebook does not pass against the declaration, so a
    declaration changes no outcome: only how much is checked to reach it.
"""

from __future__ import annotations

import operator
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, cast

from familycase.engine.analysis import (
    _NAME,
    _SURROGATE,
    _UNORDERABLE,
    MAX_FIELDS,
    MAX_INT,
    Analysis,
    JoinUse,
    Kind,
    _collision,
    _is_iso_date,
)
from familycase.engine.ir import RESERVED_FIELDS, Fact, FactValue
from familycase.errors import EvaluationError, UsageError


# -- facts -----------------------------------------------------------------------------
def check_as_of(as_of: object) -> str:
    """The evaluation date must be an ISO date string (raises ``UsageError``)."""
    if not isinstance(as_of, str) or not _is_iso_date(as_of):
        raise UsageError("as_of must be an ISO date string (YYYY-MM-DD).")
    return as_of


_PASSED: set[tuple[str, frozenset[str], frozenset[Any], frozenset[tuple[str, str]]]] = set()
_PASSED_LOCK = threading.Lock()


@dataclass
class Schema:
    """The fields and kinds of each fact type seen in an evaluation."""

    ordered_fields: Mapping[str, tuple[str, ...]]
    kinds: dict[str, dict[str, Kind]] = field(default_factory=dict)  # never mutate a value
    unorderable: set[tuple[str, str]] = field(default_factory=set)
    _ordered_texts: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _frozen: dict[str, frozenset[tuple[str, Kind]]] = field(default_factory=dict, repr=False)
    _kinds_key: frozenset[Any] | None = field(default=None, repr=False)

    def add(self, fact: Fact) -> None:
        """Record a fact's fields; all facts of a type must have the same fields and kinds.

        The evaluators add each derived fact: its kinds, frozen kinds and whether its names
        collide are worked out once per shape (field names and value types) in the process,
        as a ``_Shape`` (``_ADDED``; kept apart from ``_SHAPES``, which holds the shapes
        ``_fact`` accepted)."""
        key = (tuple(fact), tuple(map(type, fact.values())))
        shape = _ADDED.get(key)
        if shape is None:
            shape = _Shape(fact)
            if len(_ADDED) >= _MAX_SHAPES:
                _ADDED.clear()
            _ADDED[key] = shape
        self._add(fact, str(fact["type"]), shape.kinds, shape.collision, shape.frozen)

    def _add(
        self,
        fact: Fact,
        type_name: str,
        signature: dict[str, Kind],
        collision: bool | None = None,
        frozen: frozenset[tuple[str, Kind]] | None = None,
    ) -> None:
        """``add`` for a fact whose type and kinds are known (``collision``: whether its
        field names collide, and ``frozen``: its kinds as a frozenset, when known)."""
        kinds = self.kinds.get(type_name)
        if kinds is None:
            if collision is None:
                collision = _collision([*signature, *RESERVED_FIELDS])
            if collision:
                raise EvaluationError(
                    f"Two field names of fact type {type_name!r} have the same 32-bit hash."
                )
            kinds = signature
            self._new_type(type_name, signature, frozen)
        elif signature is not kinds and signature != kinds:
            raise EvaluationError(
                f"Fact {fact['fid']!r} of type {type_name!r} has other fields or kinds than "
                f"an earlier fact of that type (fields {sorted(fact)} vs {sorted(kinds)})."
            )
        for name in self._ordered_texts[type_name]:
            if _UNORDERABLE.search(str(fact[name])):
                self.unorderable.add((type_name, name))

    def _new_type(
        self,
        type_name: str,
        kinds: dict[str, Kind],
        frozen: frozenset[tuple[str, Kind]] | None = None,
        ordered_texts: tuple[str, ...] | None = None,
    ) -> None:
        """Record the kinds of a type not seen before (its names checked already)."""
        self.kinds[type_name] = kinds
        self._frozen[type_name] = frozenset(kinds.items()) if frozen is None else frozen
        self._kinds_key = None
        if ordered_texts is None:
            # all facts of the type have these kinds: only its str fields can be unorderable
            ordered_texts = tuple(
                name for name in self.ordered_fields.get(type_name, ()) if kinds.get(name) == "str"
            )
        self._ordered_texts[type_name] = ordered_texts

    def check(self, analysis: Analysis, types: Iterable[str]) -> None:
        """Check every rule reading facts of ``types`` against the facts seen so far.

        Both evaluators call this with the base facts' types before the first pass and with
        the types of the facts derived in a pass before the next one, in sorted order, so
        they raise the same error first.

        The outcome depends only on the rulebook, the types and the kinds seen, which are
        the same for nearly every evaluation: a check that passed is remembered.
        """
        kinds = self._kinds_key
        if kinds is None:  # recomputed when a new type is added
            kinds = self._kinds_key = frozenset(self._frozen.items())
        key = (analysis.content_hash, frozenset(types), kinds, frozenset(self.unorderable))
        if key in _PASSED:
            return
        self._check(analysis, key[1])
        with _PASSED_LOCK:
            if len(_PASSED) >= 1024:
                _PASSED.clear()
            _PASSED.add(key)

    def _check(self, analysis: Analysis, types: Iterable[str]) -> None:
        for type_name in sorted(set(types)):
            for use in analysis.field_uses.get(type_name, ()):
                kinds = self.kinds.get(use.type)
                if kinds is None:
                    continue
                kind = self._kind(kinds, use.rule_id, use.type, use.field)
                if use.kind is not None and kind != use.kind:
                    raise EvaluationError(
                        f"Rule {use.rule_id!r} compares {use.type}.{use.field} ({kind}) with a "
                        f"{use.kind} literal."
                    )
                if use.ordered:
                    self._orderable(use.rule_id, use.type, use.field)
            for join in analysis.join_uses.get(type_name, ()):
                self._check_join(join)

    def _check_join(self, join: JoinUse) -> None:
        left = self.kinds.get(join.type)
        right = self.kinds.get(join.other_type)
        left_kind = None if left is None else self._kind(left, join.rule_id, join.type, join.field)
        right_kind = (
            None
            if right is None
            else self._kind(right, join.rule_id, join.other_type, join.other_field)
        )
        if left_kind is not None and right_kind is not None and left_kind != right_kind:
            raise EvaluationError(
                f"Rule {join.rule_id!r} joins {join.type}.{join.field} ({left_kind}) with "
                f"{join.other_type}.{join.other_field} ({right_kind})."
            )
        if join.ordered:
            if left_kind is not None:
                self._orderable(join.rule_id, join.type, join.field)
            if right_kind is not None:
                self._orderable(join.rule_id, join.other_type, join.other_field)

    @staticmethod
    def _kind(kinds: Mapping[str, Kind], rule_id: str, type_name: str, name: str) -> Kind:
        kind = kinds.get(name)
        if kind is None:
            raise EvaluationError(
                f"Rule {rule_id!r} uses field {name!r}, which facts of type {type_name!r} "
                "do not have."
            )
        return kind

    def _orderable(self, rule_id: str, type_name: str, name: str) -> None:
        if (type_name, name) in self.unorderable:
            raise EvaluationError(
                f"Rule {rule_id!r} orders {type_name}.{name}, but a value contains a control "
                "character, space, '!', '\"' or a backslash, which durable_rules orders wrongly."
            )


@dataclass
class Prepared:
    """Validated, normalised facts of one evaluation.

    The evaluators read ``facts`` and never change them (nor the list): for declared facts
    they are the caller's own, not copies."""

    facts: list[Fact]
    fids: set[str]
    schema: Schema


# -- declared facts ----------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DeclaredFacts:
    """What a producer of facts guarantees of every list of facts it makes.

    ``types``: each fact type's fields (without ``type`` and ``fid``, which every fact has,
    both ``str``) and their kinds. ``plain_texts=True``: the producer promises that

    - the facts are a ``list`` of plain ``dict`` s, each with exactly the keys ``type``, the
      fields declared for its type and ``fid``; values are plain ``str``, ``int`` or
      ``bool`` (not subclasses) of the declared kinds; ints are within +-2**53;
    - every ``str`` value is ASCII text of the kind ids are written in: no control
      character, space, ``!``, ``"`` or backslash (so it is NFC, valid Unicode and ordered
      alike by every evaluator); ``fid`` s are non-empty.

    Nothing checks these promises per evaluation: a producer's tests must (familycase's own
    in ``tests/engine/test_declared.py``). What depends only on names and kinds is checked
    here, when the declaration is made (``UsageError``): valid type and field names, none
    reserved, no two field names of a type with the same 32-bit hash, at most ``MAX_FIELDS``
    fields; and once per rulebook (``check_declared``): every field a rule tests or copies
    exists with the kind the rule needs, joins compare fields of one kind, and no ordered
    field can hold a string durable_rules orders wrongly.

    Compared and hashed by identity: make one per producer, once.
    """

    types: Mapping[str, Mapping[str, Kind]]
    plain_texts: Literal[True]
    # each type's kinds as its facts have them (type, the fields, fid): set on construction
    _kinds: Mapping[str, dict[str, Kind]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.plain_texts is not True:
            raise UsageError("DeclaredFacts declares plain texts only (plain_texts=True).")
        if not isinstance(self.types, Mapping) or not self.types:
            raise UsageError("DeclaredFacts takes a mapping of fact types to their fields.")
        types: dict[str, dict[str, Kind]] = {}
        for type_name, fields in self.types.items():
            if not isinstance(type_name, str) or not _NAME.fullmatch(type_name):
                raise UsageError(
                    f"Declared fact type {str(type_name)[:64]!r} is not a valid type name "
                    "([A-Za-z_][A-Za-z0-9_]*)."
                )
            if not isinstance(fields, Mapping) or len(fields) + 2 > MAX_FIELDS:
                raise UsageError(
                    f"Declared fact type {type_name!r} needs a mapping of at most "
                    f"{MAX_FIELDS - 2} fields to their kinds."
                )
            kinds: dict[str, Kind] = {"type": "str"}
            for name, kind in fields.items():
                if not isinstance(name, str) or not _NAME.fullmatch(name):
                    raise UsageError(
                        f"Declared fact type {type_name!r}: invalid field name {str(name)[:64]!r}."
                    )
                if name in RESERVED_FIELDS or name in ("type", "fid"):
                    raise UsageError(
                        f"Declared fact type {type_name!r}: the field name {name!r} is reserved."
                    )
                if kind not in ("str", "int", "bool"):
                    raise UsageError(
                        f"Declared fact type {type_name!r}: field {name!r} has kind "
                        f"{str(kind)[:20]!r}; kinds are str, int or bool."
                    )
                kinds[name] = kind
            kinds["fid"] = "str"
            if _collision([*kinds, *RESERVED_FIELDS]):
                raise UsageError(
                    f"Two field names of declared fact type {type_name!r} have the same "
                    "32-bit hash."
                )
            types[type_name] = kinds
        # private copies, read-only: what was checked cannot change afterwards
        object.__setattr__(
            self,
            "types",
            MappingProxyType(
                {
                    t: MappingProxyType(
                        {n: k for n, k in kinds.items() if n not in ("type", "fid")}
                    )
                    for t, kinds in types.items()
                }
            ),
        )
        object.__setattr__(self, "_kinds", MappingProxyType(types))

    def __repr__(self) -> str:
        return f"DeclaredFacts({sorted(self.types)})"


@dataclass(frozen=True, eq=False)
class _Proof:
    """A rulebook passed its checks against a declaration: each declared type's kinds (with
    ``type`` and ``fid``) as ``Schema`` records them."""

    kinds: dict[str, dict[str, Kind]]
    frozen: dict[str, frozenset[tuple[str, Kind]]]
    ordered_texts: dict[str, tuple[str, ...]]


_PROOFS: dict[tuple[str, DeclaredFacts], _Proof | EvaluationError] = {}
_PROOFS_LOCK = threading.Lock()


def check_declared(analysis: Analysis, declared: DeclaredFacts) -> None:
    """Check a rulebook against declared facts (raises ``EvaluationError`` as the checks of
    facts of every declared type would; the outcome is remembered)."""
    proof = _proof(analysis, declared)
    if isinstance(proof, EvaluationError):
        raise EvaluationError(str(proof))


def _proof(analysis: Analysis, declared: DeclaredFacts) -> _Proof | EvaluationError:
    """The rules against facts of every declared type at once, as ``Schema.check`` runs
    them: facts of fewer of these types pass whenever all of them do (a field use or a join
    is checked only for the types present, against the same kinds)."""
    key = (analysis.content_hash, declared)
    found = _PROOFS.get(key)
    if found is not None:
        return found
    schema = Schema(analysis.ordered_fields)
    kinds = declared._kinds
    for type_name, signature in kinds.items():
        schema._new_type(type_name, signature)
    outcome: _Proof | EvaluationError
    try:
        schema._check(analysis, kinds)
    except EvaluationError as exc:
        outcome = exc
    else:
        outcome = _Proof(schema.kinds, schema._frozen, schema._ordered_texts)
    with _PROOFS_LOCK:
        if len(_PROOFS) >= 256:
            _PROOFS.clear()
        _PROOFS[key] = outcome
    return outcome


def _prepare_declared(
    analysis: Analysis, facts: Iterable[Mapping[str, object]], declared: DeclaredFacts
) -> Prepared | None:
    """``prepare_facts``' result for declared facts, without checking each value (None:
    take the full checks, which find what is wrong)."""
    if not isinstance(declared, DeclaredFacts):
        raise UsageError("declared must be a DeclaredFacts or None.")
    proof = _proof(analysis, declared)
    if type(facts) is not list or isinstance(proof, EvaluationError):
        return None
    try:
        fids = {fact["fid"] for fact in facts}
        types = dict.fromkeys([fact["type"] for fact in facts])  # in order of first use
    except (TypeError, KeyError):
        return None
    if len(fids) != len(facts) or not proof.kinds.keys() >= types.keys():
        return None
    schema = Schema(analysis.ordered_fields)
    # the types present only, as prepare_facts records them: a type that is declared but
    # absent may still be derived, with kinds of its own
    for type_name in types:
        schema._new_type(
            type_name,
            proof.kinds[type_name],
            proof.frozen[type_name],
            proof.ordered_texts[type_name],
        )
    return Prepared(cast(list[Fact], facts), cast(set[str], fids), schema)


def prepare_facts(
    analysis: Analysis,
    facts: Iterable[Mapping[str, object]],
    declared: DeclaredFacts | None = None,
) -> Prepared:
    """Validate and normalise the base facts (raises ``EvaluationError``).

    With ``declared`` (facts its producer guarantees, see ``DeclaredFacts``), the values are
    not checked nor copied; the result is the same."""
    if declared is not None:
        prepared = _prepare_declared(analysis, facts, declared)
        if prepared is not None:
            return prepared
    schema = Schema(analysis.ordered_fields)
    out: list[Fact] = []
    fids: set[str] = set()
    if isinstance(facts, Mapping | str | bytes):
        raise EvaluationError("facts must be an iterable of fact mappings.")
    shapes = _SHAPES
    kinds_of = schema.kinds
    ordered_texts = schema._ordered_texts
    for index, raw in enumerate(facts):
        shape = (
            shapes.get((tuple(raw), tuple(map(type, raw.values())))) if type(raw) is dict else None
        )
        fact = None if shape is None else shape.accept(raw)
        if fact is None:
            fact = _fact(index, raw)
            shape = _remember(raw, fact)
        fid = str(fact["fid"])
        if fid in fids:
            raise EvaluationError(f"Fact {index}: the fid {fid!r} is used twice.")
        fids.add(fid)
        if shape is None:
            schema.add(fact)
        else:
            type_name = str(fact["type"])
            # what Schema._add would do for a fact of a known type and shape: nothing
            if kinds_of.get(type_name) is not shape.kinds or ordered_texts[type_name]:
                schema._add(fact, type_name, shape.kinds, shape.collision, shape.frozen)
        out.append(fact)
    return Prepared(out, fids, schema)


_KINDS: dict[type, Kind] = {str: "str", int: "int", bool: "bool"}
_GOOD_NAMES: set[str] = set()
_GOOD_TYPES: set[str] = set()


class _Shape:
    """Fact field names and value types that passed every check of ``_fact`` once.

    Whether a fact passes ``_fact`` depends on its field names and value types, and then on
    its values alone: a fact with a known shape needs only the value checks (ASCII text,
    ints within +-2**53, a valid type name, a non-empty fid). When one fails, ``_fact``
    runs in full and finds the same error, in the same order, as without this shortcut.
    """

    __slots__ = ("collision", "frozen", "ints", "kinds", "texts")

    def __init__(self, fact: Fact) -> None:
        texts = tuple(name for name, value in fact.items() if type(value) is str)
        self.texts = operator.itemgetter(*texts)  # type and fid at least: a tuple
        self.ints = tuple(name for name, value in fact.items() if type(value) is int)
        self.kinds: dict[str, Kind] = {name: _KINDS[type(value)] for name, value in fact.items()}
        self.collision = _collision([*self.kinds, *RESERVED_FIELDS])
        self.frozen = frozenset(self.kinds.items())

    def accept(self, raw: Mapping[str, Any]) -> Fact | None:
        """A copy of ``raw`` if its values pass ``_fact``'s value checks as they are."""
        if not "".join(self.texts(raw)).isascii() or not raw["fid"]:
            return None
        for name in self.ints:
            if not -MAX_INT <= raw[name] <= MAX_INT:
                return None
        if raw["type"] not in _GOOD_TYPES:
            return None
        return dict(raw)


_SHAPES: dict[tuple[tuple[Any, ...], tuple[type, ...]], _Shape] = {}
#: ``Schema.add``'s reading of a derived fact's shape (field names, value types)
_ADDED: dict[tuple[tuple[Any, ...], tuple[type, ...]], _Shape] = {}
_MAX_SHAPES = 4096


def _remember(raw: object, fact: Fact) -> _Shape | None:
    """Remember what ``_fact`` accepted: the fact's type name and, for a plain dict of plain
    values, its shape."""
    if len(_GOOD_TYPES) < 10_000:
        _GOOD_TYPES.add(str(fact["type"]))
    if type(raw) is not dict or any(type(v) not in _KINDS for v in raw.values()):
        return None
    key = (tuple(raw), tuple(map(type, raw.values())))
    shape = _SHAPES.get(key)
    if shape is None:
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        shape = _SHAPES[key] = _Shape(fact)
    return shape


def _fact(index: int, raw: object) -> Fact:
    if not isinstance(raw, Mapping):
        raise EvaluationError(f"Fact {index} is a {type(raw).__name__}, not a mapping.")
    if len(raw) > MAX_FIELDS:
        raise EvaluationError(f"Fact {index} has more than {MAX_FIELDS} fields.")
    fact: Fact = {}
    for name, raw_value in raw.items():
        if name not in _GOOD_NAMES:
            _check_fact_field(index, name)
        value: FactValue
        if isinstance(raw_value, str):  # a str subclass (StrEnum...) becomes its plain value
            value = raw_value if type(raw_value) is str else str.__str__(raw_value)
            if not value.isascii():
                value = _text(index, name, value)
        elif isinstance(raw_value, bool):
            value = raw_value
        elif isinstance(raw_value, int):  # an int subclass (IntEnum...) too
            value = raw_value if type(raw_value) is int else int(raw_value)
            if not -MAX_INT <= value <= MAX_INT:
                raise EvaluationError(f"Fact {index}: field {name!r} is outside +-2**53.")
        else:
            raise EvaluationError(
                f"Fact {index}: field {name!r} is a {type(raw_value).__name__}; "
                "fact values are str, int or bool."
            )
        fact[name] = value
    type_name = fact.get("type")
    if not isinstance(type_name, str) or not _NAME.fullmatch(type_name):
        raise EvaluationError(f"Fact {index} has no valid 'type' ([A-Za-z_][A-Za-z0-9_]*).")
    fid = fact.get("fid")
    if not isinstance(fid, str) or not fid:
        raise EvaluationError(f"Fact {index} has no 'fid' (a non-empty str).")
    return fact


def _check_fact_field(index: int, name: object) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise EvaluationError(f"Fact {index}: invalid field name {str(name)[:64]!r}.")
    if name in RESERVED_FIELDS:
        raise EvaluationError(f"Fact {index}: the field name {name!r} is reserved.")
    if len(_GOOD_NAMES) < 10_000:
        _GOOD_NAMES.add(name)


def _text(index: int, name: str, value: str) -> str:
    if _SURROGATE.search(value):
        raise EvaluationError(f"Fact {index}: field {name!r} is not valid Unicode.")
    return unicodedata.normalize("NFC", value)
