"""The rulebook analysis: what both evaluators check of a compiled rulebook, once.

``analyse`` checks a ``CompiledRulebook`` (once per content hash) and returns its
``Analysis``: each rule's patterns, fields and joins, and which facts may matter to it.
``run_durable`` and ``run_reference`` call it at the same point of an evaluation, so they
accept and refuse exactly the same rulebooks, with the same errors. The restrictions below
exist because durable_rules 2.0.28 silently computes something else outside them (all
measured; see ``engine-notes.md`` and the tests in ``tests/engine``). The facts are checked
in ``familycase.engine.fact_checks``.

Rulebook (checked once per content hash; ``ContentError`` with codes ``FC7xx``)
    - rule ids ``[A-Za-z0-9][A-Za-z0-9_.:-]*``, unique; aliases ``[A-Za-z_][A-Za-z0-9_]*``
      (not ``_s``, the sentinel's), unique in a rule; field and type names
      ``[A-Za-z_][A-Za-z0-9_]*`` (ASCII), never ``id`` or ``sid``.
    - every pattern tests its fact ``type`` once, as a literal, at its top level (directly
      or in its top-level ``$and``).
    - a join names an alias bound by a *positive* pattern *before* it (so a negated pattern
      only sees aliases bound before it, in both evaluators).
    - joins sit in the pattern's top-level conjunction, or in at most one ``$or`` whose items
      are all joins. durable_rules evaluates joins in a separate expression list that stops
      after the first nested group, and drops the literal branches of a mixed ``$or``, so
      anything else is refused; the compiler orders each conjunction as literal tests, joins,
      the ``$or`` of joins, then groups of literal tests, and ends a pattern with joins with
      an always-true ``{"$or": [{"type": T}]}`` (durable reads past the end of its expression
      list, and may crash, when the last join of a group decides it).
    - literals are ``str`` (NFC), ``int`` (within +-2**53) or ``bool``; a string compared with
      ``$gt``/``$gte``/``$lt``/``$lte`` has no control character, space, ``!``, ``"`` or
      backslash (durable compares raw JSON text, where these order differently).
    - a rule using a fact type that another rule derives is in a higher stratum than it.
    - at most 15 patterns per rule and 30 join expressions per pattern (durable's limits).

Relevance (``Relevance``, once per rulebook)
    For each fact type a pattern uses, the literal tests of each such pattern without its
    joins (an exact relaxation, given the join restrictions above): a fact satisfying none
    of them can never be bound nor block a negation. ``run_durable`` asserts only the facts
    that may satisfy one; the reference evaluator looks at every fact.

Liveness (``Liveness``, per evaluation from the facts' ``Relevance`` masks)
    A rule can fire only if each of its positive patterns may match some fact: the others
    are left out of the evaluation (CLIPS never starts their joins), and so are the facts
    only they could use.
"""

from __future__ import annotations

import operator
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeAlias

from familycase.engine.ir import (
    RESERVED_FIELDS,
    SENTINEL_ALIAS,
    CompiledRule,
    CompiledRulebook,
    Derive,
    FactValue,
    Pattern,
    Ref,
    Test,
    rule_is_valid,
    rulebook_hash,
)
from familycase.errors import ContentError, Problem

Kind: TypeAlias = Literal["str", "int", "bool"]

ORDER_OPS = frozenset({"$gt", "$gte", "$lt", "$lte"})
COMPARE_OPS = ORDER_OPS | {"$neq"}
MAX_INT = 2**53
MAX_PATTERNS = 15
MAX_EXPRESSIONS = 30
MAX_FIELDS = 250

_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
_ALIAS = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNORDERABLE = re.compile("[\x00-\x22\\\\]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# -- the analysed rulebook ---------------------------------------------------------------
@dataclass(frozen=True)
class Cmp:
    """One comparison of a fact field with a literal or with a field of a bound alias."""

    field: str
    op: str  # "$eq" or one of COMPARE_OPS
    operand: FactValue | Ref


@dataclass(frozen=True)
class Group:
    """``$and`` / ``$or`` over tests."""

    op: str
    items: tuple[Node, ...]


Node: TypeAlias = Cmp | Group


@dataclass(frozen=True)
class FieldUse:
    """A field a rule reads from facts of one type (``kind`` None: presence only)."""

    rule_id: str
    type: str
    field: str
    kind: Kind | None
    ordered: bool


@dataclass(frozen=True)
class JoinUse:
    """A join: ``type.field`` compared with ``other_type.other_field``."""

    rule_id: str
    type: str
    field: str
    other_type: str
    other_field: str
    ordered: bool


@dataclass(frozen=True)
class PatternInfo:
    """A checked pattern: its fact type and its test, as written and as durable needs it."""

    alias: str
    negated: bool
    type: str
    test: Test
    durable_test: Test


@dataclass(frozen=True)
class RuleInfo:
    """A checked rule with its patterns and positive aliases (in rule order)."""

    rule: CompiledRule
    patterns: tuple[PatternInfo, ...]
    positive: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """A rulebook that passed every check, with what evaluations need from it."""

    rules: tuple[CompiledRule, ...]
    content_hash: str
    infos: tuple[RuleInfo, ...]
    strata: int
    by_stratum: tuple[tuple[RuleInfo, ...], ...]
    consumed_types: frozenset[str]
    relevance: Mapping[str, Relevance]  # by consumed fact type
    field_uses: Mapping[str, tuple[FieldUse, ...]]  # by the fact type read
    join_uses: Mapping[str, tuple[JoinUse, ...]]  # by both fact types joined
    ordered_fields: Mapping[str, tuple[str, ...]]
    #: per rule (in ``infos`` order), the bits (``Relevance``) of its positive patterns'
    #: literal parts: the rule can fire only in an evaluation whose facts set all of them
    needs: tuple[int, ...] = ()


class Relevance:
    """Which facts of one type can satisfy the literal tests of some pattern of that type.

    A pattern's test is the conjunction of its type test, literal comparisons, literal
    groups, joins and at most one ``$or`` of joins (``_pattern`` refuses anything else), so
    dropping the joins leaves a test that every fact the pattern can match, positive or
    negated, satisfies. A fact that satisfies none of these tests for its type can never be
    bound nor block a negation: the evaluator need not assert it.

    Each distinct literal part (``None`` for a pattern with none, which every fact of the
    type satisfies) has a bit of its own in the rulebook (from ``first``); ``mask`` gives
    the bits of the parts a fact may satisfy, so ``admits`` is ``mask != 0``, and a pattern
    whose bit no fact of an evaluation sets can bind nothing in it (``Liveness``).

    ``mask`` evaluates ``$eq``/``$neq`` and int orderings exactly; an ordering of str or
    bool, a missing field or a value of another kind than the literal may match (its bit is
    set, and the rules-against-facts checks refuse the last two). Its answer depends only
    on the values of the fields tested, which are remembered. An answer not known yet is
    worked out by one function made from the type's literal parts (``_mask_function``):
    in a batch of new families most answers are new (a concern's or an exposure's values,
    a person's age), and testing every part node by node (``_may_hold``) took about a tenth
    of such an evaluation.
    """

    __slots__ = (
        "_all",
        "_args",
        "_compute",
        "_fields",
        "_known",
        "_parts",
        "always",
        "bits",
        "fields",
        "type",
    )

    def __init__(self, type_name: str, parts: tuple[Node | None, ...], first: int = 0) -> None:
        self.type = type_name
        self.always = None in parts
        #: the bit of each distinct literal part, by ``part_key``
        self.bits: dict[str | None, int] = {
            part_key(part): 1 << (first + i) for i, part in enumerate(parts)
        }
        self._parts = tuple(
            (part, 1 << (first + i)) for i, part in enumerate(parts) if part is not None
        )
        self._all = sum(self.bits.values())
        names = sorted({c.field for part, _ in self._parts for c in _comparisons(part)})
        self.fields = tuple(names)
        self._fields = operator.itemgetter(*names) if names else None
        self._known: dict[Any, int] = {}  # masks by the values of the fields tested
        self._compute = _mask_function(self._parts, self.bits.get(None, 0))
        self._args = (parts, first)  # what makes it again (``__reduce__``)

    @classmethod
    def of(cls, type_name: str, parts: Sequence[Node | None], first: int = 0) -> Relevance:
        """From the literal part of each pattern of the type (None: it has none); their
        bits start at ``first``."""
        distinct: dict[str | None, Node | None] = {}
        for part in parts:
            distinct.setdefault(part_key(part), part)
        return cls(type_name, tuple(distinct.values()), first)

    def mask(self, fact: Mapping[str, object]) -> int:
        """The bits of the literal parts the fact may satisfy (0: none)."""
        if self._fields is None:
            return self._all
        try:
            key = self._fields(fact)
        except KeyError:  # a field is missing: the checks will refuse the fact
            return self._all
        known = self._known.get(key)
        if known is None:
            known = self._compute(fact)
            if len(self._known) >= _MAX_KNOWN:
                self._known.clear()
            self._known[key] = known
        return known

    def admits(self, fact: Mapping[str, object]) -> bool:
        """Whether the fact may satisfy the literal tests of some pattern of its type."""
        return self.mask(fact) != 0

    def __reduce__(self) -> tuple[Any, ...]:
        # made again from its parts: its function cannot be pickled, its answers need not be
        return (Relevance, (self.type, *self._args))

    def __repr__(self) -> str:
        return f"Relevance({self.type!r}, always={self.always}, fields={self.fields})"


def part_key(part: Node | None) -> str | None:
    """What tells literal parts apart: their text (1 and True are equal, and hash alike, as
    values, but not as literals)."""
    return None if part is None else repr(part)


def pattern_bit(relevance: Mapping[str, Relevance], pattern: PatternInfo) -> int:
    """The bit of a pattern's literal part (``Relevance``)."""
    return relevance[pattern.type].bits[part_key(_literal_part(pattern.test))]


def derived_types(analysis: Analysis) -> set[str]:
    """The fact types some rule derives."""
    return {i.rule.derive.type for i in analysis.infos if i.rule.derive is not None}


_MAX_KNOWN = 4096
_INT_ORDER: dict[str, Any] = {
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$lt": operator.lt,
    "$lte": operator.le,
}


def _literal_part(test: Test) -> Node | None:
    """A pattern's test without its type test and its joins (None: nothing is left)."""
    kept = [
        item
        for item in _conjuncts(_parse(test))
        if not (isinstance(item, Cmp) and (item.field == "type" or isinstance(item.operand, Ref)))
        and not _has_join(item)
    ]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Group("$and", tuple(kept))


def _may_hold(node: Node, fact: Mapping[str, object]) -> bool:
    """Whether a literal test may hold for a fact (True when it cannot tell): the reading
    that ``_mask_function``'s functions give for all of a type's parts at once, and against
    which the tests check them."""
    if isinstance(node, Group):
        if node.op == "$and":
            return all(_may_hold(item, fact) for item in node.items)
        return any(_may_hold(item, fact) for item in node.items)
    value = fact.get(node.field, _MISSING)
    operand = node.operand
    if type(value) is not type(operand):  # missing, or another kind: the checks decide
        return True
    if node.op == "$eq":
        return value == operand
    if node.op == "$neq":
        return value != operand
    if type(value) is int:
        return bool(_INT_ORDER[node.op](value, operand))
    return True  # str or bool orderings: durable's own rules; keep the fact


_MISSING = object()

#: Python's operator for each comparison ``_may_hold`` works out
_PY_OPS = {"$eq": "==", "$neq": "!=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


def _mask_function(
    parts: Sequence[tuple[Node, int]], base: int
) -> Callable[[Mapping[str, object]], int]:
    """One function giving ``base`` with the bit of every part that ``_may_hold`` for a fact:
    the same answers, made once per rulebook and type.

    Its text is made from the parts' structure only: every field name, literal and bit is
    passed to it as a value (``_c[i]``), never written into the text.
    """
    values: list[object] = []
    names: dict[str, str] = {}  # field name -> the local holding the fact's value

    def value(item: object) -> str:
        values.append(item)
        return f"_c[{len(values) - 1}]"

    def local(name: str) -> str:
        if name not in names:
            names[name] = f"v{len(names)}"
        return names[name]

    def expr(node: Node) -> str:
        if isinstance(node, Group):
            if not node.items:
                return "True" if node.op == "$and" else "False"  # all(()) / any(())
            word = " and " if node.op == "$and" else " or "
            return "(" + word.join(expr(item) for item in node.items) + ")"
        operand = node.operand
        kind = type(operand)
        if isinstance(operand, Ref) or kind not in (str, int, bool):
            return "True"  # not a literal test: it may hold
        if node.op not in ("$eq", "$neq") and kind is not int:
            return "True"  # str or bool orderings: it may hold
        v = local(node.field)
        # missing (_m), or another kind than the literal's: the checks decide, so it may hold
        return f"(type({v}) is not {value(kind)} or {v} {_PY_OPS[node.op]} {value(operand)})"

    tests = [(expr(part), value(bit)) for part, bit in parts]
    lines = ["def mask(fact):", "    get = fact.get"]
    lines += [f"    {v} = get({value(name)}, _m)" for name, v in names.items()]
    lines.append(f"    m = {value(base)}")
    for test, bit in tests:
        lines.append(f"    if {test}:")
        lines.append(f"        m |= {bit}")
    lines.append("    return m")
    namespace: dict[str, Any] = {
        "_c": tuple(values),
        "_m": _MISSING,
        "__builtins__": {"type": type},
    }
    exec("\n".join(lines), namespace)  # text of our own making, no value in it
    function: Callable[[Mapping[str, object]], int] = namespace["mask"]
    return function


class _Bad(Exception):
    def __init__(self, code: str, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.suggestion = suggestion


_CACHE: dict[str, Analysis] = {}
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()


def analyse(rulebook: CompiledRulebook) -> Analysis:
    """Check a compiled rulebook for both evaluators (cached by content hash).

    Raises ``ContentError`` listing every problem found.
    """
    cached = _CACHE.get(rulebook.content_hash)
    if cached is not None and (cached.rules is rulebook.rules or cached.rules == rulebook.rules):
        return cached
    analysis = _Analyser(rulebook).run()
    with _CACHE_LOCK:
        while len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[rulebook.content_hash] = analysis
    return analysis


class _Analyser:
    def __init__(self, rulebook: CompiledRulebook) -> None:
        self.rulebook = rulebook
        self.problems: list[Problem] = []

    def problem(self, bad: _Bad, path: str) -> None:
        self.problems.append(Problem(bad.code, bad.message, path=path, suggestion=bad.suggestion))

    def run(self) -> Analysis:
        book = self.rulebook
        rules = book.rules
        if not isinstance(rules, tuple) or not all(isinstance(r, CompiledRule) for r in rules):
            raise ContentError([Problem("FC700", "The rules must be a tuple of CompiledRule.")])
        try:
            matches = rulebook_hash(rules) == book.content_hash
        except (TypeError, ValueError):
            raise ContentError(
                [Problem("FC703", "The rules hold values that are not JSON (tests must be JSON).")]
            ) from None
        if not matches:
            self.problem(
                _Bad(
                    "FC712",
                    "The content hash does not match the rules.",
                    "Build the rulebook with content_hash=rulebook_hash(rules).",
                ),
                "content_hash",
            )
        seen: set[str] = set()
        infos: list[RuleInfo] = []
        for index, rule in enumerate(rules):
            path = f"rules[{index}]"
            if not isinstance(rule.id, str) or not _RULE_ID.fullmatch(rule.id):
                self.problem(_Bad("FC701", f"Invalid rule id {rule.id!r}."), path)
                continue
            if rule.id in seen:
                self.problem(_Bad("FC701", f"Duplicate rule id {rule.id!r}."), path)
                continue
            seen.add(rule.id)
            info = self.rule(rule, f"{path}({rule.id})")
            if info is not None:
                infos.append(info)
        if not self.problems:
            self.strata_check(infos, rules)
        if self.problems:
            raise ContentError(self.problems, summary="The compiled rules cannot be evaluated")
        return self.finish(infos)

    # one rule ------------------------------------------------------------------------
    def rule(self, rule: CompiledRule, path: str) -> RuleInfo | None:
        before = len(self.problems)
        if isinstance(rule.stratum, bool) or not isinstance(rule.stratum, int) or rule.stratum < 0:
            self.problem(_Bad("FC708", "The stratum must be an int >= 0."), f"{path}.stratum")
        self.validity(rule, path)
        if not isinstance(rule.patterns, tuple) or not all(
            isinstance(p, Pattern) for p in rule.patterns
        ):
            self.problem(_Bad("FC703", "The patterns must be a tuple of Pattern."), path)
            return None
        if len(rule.patterns) > MAX_PATTERNS:
            self.problem(
                _Bad("FC711", f"At most {MAX_PATTERNS} patterns per rule (durable_rules' limit)."),
                f"{path}.patterns",
            )
        bound: dict[str, str] = {}  # positive alias -> fact type
        aliases: set[str] = {SENTINEL_ALIAS}
        patterns: list[PatternInfo] = []
        for j, pattern in enumerate(rule.patterns):
            ppath = f"{path}.patterns[{j}]"
            try:
                alias = pattern.alias
                if not isinstance(alias, str) or not _ALIAS.fullmatch(alias):
                    raise _Bad("FC702", f"Invalid alias {alias!r}.")
                if alias in aliases:
                    reason = "is reserved" if alias == SENTINEL_ALIAS else "is used twice"
                    raise _Bad("FC702", f"The alias {alias!r} {reason} in rule {rule.id!r}.")
                aliases.add(alias)
                if not isinstance(pattern.negated, bool):
                    raise _Bad("FC703", "negated must be a bool.")
                info = _pattern(rule.id, pattern, bound)
            except _Bad as bad:
                self.problem(bad, ppath)
                continue
            patterns.append(info)
            if not info.negated:
                bound[info.alias] = info.type
        if _collision(aliases):
            self.problem(_Bad("FC702", "Two aliases of the rule have the same 32-bit hash."), path)
        if rule.derive is not None:
            try:
                _derive_check(rule.derive, bound)
            except _Bad as bad:
                self.problem(bad, f"{path}.derive")
        if len(self.problems) > before:
            return None
        positive = tuple(p.alias for p in patterns if not p.negated)
        return RuleInfo(rule, tuple(patterns), positive)

    def validity(self, rule: CompiledRule, path: str) -> None:
        for name in ("valid_from", "valid_until"):
            value = getattr(rule, name)
            if value is not None and (not isinstance(value, str) or not _is_iso_date(value)):
                self.problem(_Bad("FC710", f"{name} must be an ISO date (YYYY-MM-DD)."), path)
                return
        if rule.valid_from and rule.valid_until and rule.valid_from > rule.valid_until:
            self.problem(_Bad("FC710", "valid_from is after valid_until."), path)

    # the rulebook --------------------------------------------------------------------
    def strata_check(self, infos: Sequence[RuleInfo], rules: Sequence[CompiledRule]) -> None:
        derivers: dict[str, list[CompiledRule]] = {}
        fields_of: dict[str, tuple[str, ...]] = {}
        for rule in rules:
            if rule.derive is None:
                continue
            derivers.setdefault(rule.derive.type, []).append(rule)
            names = tuple(sorted(n for n, _ in rule.derive.fields))
            first = fields_of.setdefault(rule.derive.type, names)
            if first != names:
                self.problem(
                    _Bad(
                        "FC709",
                        f"Rule {rule.id!r} derives {rule.derive.type!r} with other fields than "
                        "another rule deriving it.",
                    ),
                    f"rule {rule.id}",
                )
        for info in infos:
            for pattern in info.patterns:
                for producer in derivers.get(pattern.type, ()):
                    if producer.stratum >= info.rule.stratum:
                        self.problem(
                            _Bad(
                                "FC708",
                                f"Rule {info.rule.id!r} (stratum {info.rule.stratum}) uses "
                                f"{pattern.type!r}, which rule {producer.id!r} (stratum "
                                f"{producer.stratum}) derives.",
                                "A rule must be in a higher stratum than every rule deriving "
                                "a fact type it uses.",
                            ),
                            f"rule {info.rule.id}",
                        )

    def finish(self, infos: list[RuleInfo]) -> Analysis:
        strata = 1 + max((i.rule.stratum for i in infos), default=0)
        field_uses: dict[str, list[FieldUse]] = {}
        join_uses: dict[str, list[JoinUse]] = {}
        ordered: dict[str, set[str]] = {}
        consumed: set[str] = set()
        literal_parts: dict[str, list[Node | None]] = {}
        for info in infos:
            rule_id = info.rule.id
            types = {p.alias: p.type for p in info.patterns}
            for pattern in info.patterns:
                consumed.add(pattern.type)
                literal_parts.setdefault(pattern.type, []).append(_literal_part(pattern.test))
                for cmp in _comparisons(_parse(pattern.test)):
                    is_ordered = cmp.op in ORDER_OPS
                    if isinstance(cmp.operand, Ref):
                        other = types[cmp.operand.alias]
                        join = JoinUse(
                            rule_id, pattern.type, cmp.field, other, cmp.operand.field, is_ordered
                        )
                        join_uses.setdefault(pattern.type, []).append(join)
                        if other != pattern.type:
                            join_uses.setdefault(other, []).append(join)
                        if is_ordered:
                            ordered.setdefault(pattern.type, set()).add(cmp.field)
                            ordered.setdefault(other, set()).add(cmp.operand.field)
                    elif cmp.field != "type":
                        use = FieldUse(
                            rule_id, pattern.type, cmp.field, kind_of(cmp.operand), is_ordered
                        )
                        field_uses.setdefault(pattern.type, []).append(use)
                        if is_ordered:
                            ordered.setdefault(pattern.type, set()).add(cmp.field)
            if info.rule.derive is not None:
                for _, value in info.rule.derive.fields:
                    if isinstance(value, Ref):
                        source = types[value.alias]
                        use = FieldUse(rule_id, source, value.field, None, False)
                        field_uses.setdefault(source, []).append(use)
        by_stratum = tuple(tuple(i for i in infos if i.rule.stratum == k) for k in range(strata))
        relevance: dict[str, Relevance] = {}
        first = 0
        for type_name, parts in sorted(literal_parts.items()):
            relevance[type_name] = Relevance.of(type_name, parts, first)
            first += len(relevance[type_name].bits)
        needs = tuple(
            sum({pattern_bit(relevance, p) for p in info.patterns if not p.negated})
            for info in infos
        )
        return Analysis(
            rules=self.rulebook.rules,
            content_hash=self.rulebook.content_hash,
            infos=tuple(infos),
            strata=strata,
            by_stratum=by_stratum,
            consumed_types=frozenset(consumed),
            relevance=relevance,
            field_uses={t: tuple(u) for t, u in field_uses.items()},
            join_uses={t: tuple(u) for t, u in join_uses.items()},
            ordered_fields={t: tuple(sorted(f)) for t, f in ordered.items()},
            needs=needs,
        )


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# -- tests -----------------------------------------------------------------------------
def _parse(test: Any) -> Node:
    """Parse an IR test into comparisons and groups (raises ``_Bad``)."""
    if not isinstance(test, dict) or len(test) != 1:
        raise _Bad("FC703", "A test is an object with exactly one key.")
    ((key, value),) = test.items()
    if key in ("$and", "$or"):
        if not isinstance(value, list) or not value:
            raise _Bad("FC703", f"{key} takes a non-empty list of tests.")
        return Group(key, tuple(_parse(item) for item in value))
    if key in COMPARE_OPS:
        if not isinstance(value, dict) or len(value) != 1:
            raise _Bad("FC703", f"{key} takes an object with exactly one field.")
        ((name, operand),) = value.items()
        return _cmp(name, key, operand)
    if not isinstance(key, str) or key.startswith("$"):
        raise _Bad(
            "FC703", f"Unknown operator {key!r}.", "Use $and, $or, $neq, $gt, $gte, $lt, $lte."
        )
    return _cmp(key, "$eq", value)


def _cmp(name: Any, op: str, operand: Any) -> Cmp:
    _field_name(name)
    if isinstance(operand, dict):
        if len(operand) != 1:
            raise _Bad("FC703", "A join is {alias: field}.")
        ((alias, other),) = operand.items()
        if not isinstance(alias, str) or not _ALIAS.fullmatch(alias):
            raise _Bad("FC706", f"Invalid alias {alias!r} in a join.")
        _field_name(other)
        return Cmp(name, op, Ref(alias, other))
    _literal(operand, ordered=op in ORDER_OPS)
    return Cmp(name, op, operand)


def _field_name(name: Any) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise _Bad("FC704", f"Invalid field name {name!r}.", "Use [A-Za-z_][A-Za-z0-9_]*.")
    if name in RESERVED_FIELDS:
        raise _Bad("FC704", f"The field name {name!r} is reserved by durable_rules.")


def _literal(value: Any, *, ordered: bool) -> None:
    if type(value) not in (str, int, bool):  # not even a subclass (IntEnum...)
        raise _Bad("FC705", f"A literal is a str, int or bool, not {type(value).__name__}.")
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -MAX_INT <= value <= MAX_INT:
            raise _Bad("FC705", "Integers must be within +-2**53.")
        return
    if isinstance(value, str):
        if _SURROGATE.search(value) or not unicodedata.is_normalized("NFC", value):
            raise _Bad("FC705", "Strings must be valid Unicode in NFC.")
        if ordered and _UNORDERABLE.search(value):
            raise _Bad(
                "FC705",
                "A string compared with $gt/$gte/$lt/$lte may not contain control characters, "
                "space, '!', '\"' or a backslash (durable_rules orders them wrongly).",
            )
        return
    raise _Bad("FC705", f"A literal is a str, int or bool, not {type(value).__name__}.")


def _comparisons(node: Node) -> Iterable[Cmp]:
    if isinstance(node, Cmp):
        yield node
    else:
        for item in node.items:
            yield from _comparisons(item)


def _has_join(node: Node) -> bool:
    return any(isinstance(c.operand, Ref) for c in _comparisons(node))


def _conjuncts(node: Node) -> list[Node]:
    if isinstance(node, Group) and node.op == "$and":
        out: list[Node] = []
        for item in node.items:
            out.extend(_conjuncts(item))
        return out
    return [node]


def _pattern(rule_id: str, pattern: Pattern, bound: Mapping[str, str]) -> PatternInfo:
    node = _parse(pattern.test)
    type_name: str | None = None
    literals: list[Node] = []
    joins: list[Node] = []
    join_or: list[Group] = []
    groups: list[Group] = []
    for item in _conjuncts(node):
        if isinstance(item, Cmp) and item.field == "type":
            if type_name is not None or item.op != "$eq" or not isinstance(item.operand, str):
                raise _Bad("FC707", "A pattern tests its fact type once, with one literal.")
            if not _NAME.fullmatch(item.operand):
                raise _Bad("FC707", f"Invalid fact type {item.operand!r}.")
            type_name = item.operand
        elif isinstance(item, Cmp):
            (joins if isinstance(item.operand, Ref) else literals).append(item)
        elif isinstance(item, Group) and not _has_join(item):
            groups.append(item)
        elif isinstance(item, Group) and all(
            isinstance(i, Cmp) and isinstance(i.operand, Ref) for i in item.items
        ):
            join_or.append(item)
        else:
            raise _Bad(
                "FC703",
                "An $or may not mix joins with other tests, and joins may not be nested "
                "deeper (durable_rules ignores them there).",
                "Write the joins at the top of the pattern, or an $or of joins only.",
            )
    if type_name is None:
        raise _Bad("FC707", "Every pattern must test its fact type: {'type': name}.")
    if len(join_or) > 1:
        raise _Bad("FC703", "At most one $or of joins per pattern (durable_rules' limit).")
    for cmp in _comparisons(node):
        if cmp.field == "type" and cmp.operand != type_name:
            raise _Bad("FC707", "A pattern tests its fact type once, with one literal.")
        if isinstance(cmp.operand, Ref) and cmp.operand.alias not in bound:
            raise _Bad(
                "FC706",
                f"The join names {cmp.operand.alias!r}, which no positive pattern binds before "
                f"this one in rule {rule_id!r}.",
            )
    type_test: Test = {"type": type_name}
    items: list[Test] = [_to_json(i) for i in (*literals, *joins, *join_or, *groups)]
    if joins or join_or:
        # durable_rules' reduceExpressionSequence skips a group's END when it short-circuits
        # on the group's last join, then reads past the expression array (a random crash).
        # A trailing group of literal tests, always true here, is never a join.
        items.append({"$or": [type_test]})
    count = 0 if not items else 2 + len(joins) + sum(_markers(g) for g in join_or + groups)
    if joins or join_or:
        count += 2
    if count > MAX_EXPRESSIONS:
        raise _Bad("FC711", "The pattern has too many joins and groups for durable_rules.")
    durable: Test = {"$and": [type_test, *items]} if items else type_test
    return PatternInfo(pattern.alias, pattern.negated, type_name, pattern.test, durable)


def _markers(node: Node) -> int:
    if isinstance(node, Cmp):
        return 1 if isinstance(node.operand, Ref) else 0
    return 2 + sum(_markers(i) for i in node.items)


def _to_json(node: Node) -> Test:
    if isinstance(node, Group):
        return {node.op: [_to_json(i) for i in node.items]}
    operand: Any = (
        {node.operand.alias: node.operand.field} if isinstance(node.operand, Ref) else node.operand
    )
    return {node.field: operand} if node.op == "$eq" else {node.op: {node.field: operand}}


def _derive_check(derive: Derive, bound: Mapping[str, str]) -> None:
    if not isinstance(derive, Derive):
        raise _Bad("FC709", "derive must be a Derive.")
    if not isinstance(derive.type, str) or not _NAME.fullmatch(derive.type):
        raise _Bad("FC709", f"Invalid derived fact type {derive.type!r}.")
    names: set[str] = set()
    for name, value in derive.fields:
        _field_name(name)
        if name in ("type", "fid") or name in names:
            raise _Bad("FC709", f"The derived field {name!r} is reserved or given twice.")
        names.add(name)
        if isinstance(value, Ref):
            if value.alias not in bound:
                raise _Bad("FC706", f"The derived field {name!r} copies an unbound alias.")
            _field_name(value.field)
        else:
            _literal(value, ordered=False)
    if _collision(names | {"type", "fid", *RESERVED_FIELDS}):
        raise _Bad("FC709", "Two derived field names have the same 32-bit hash.")


# -- names: durable_rules identifies names by a 32-bit FNV-1a hash ------------------------
_COLLISIONS: dict[frozenset[str], bool] = {}


def _fnv1a32(text: str) -> int:
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _collision(names: Iterable[str]) -> bool:
    key = frozenset(names)
    found = _COLLISIONS.get(key)
    if found is None:
        found = len({_fnv1a32(n) for n in key}) != len(key)
        if len(_COLLISIONS) < 4096:
            _COLLISIONS[key] = found
    return found


def kind_of(value: FactValue) -> Kind:
    """The kind of a fact value: ``bool`` is not an ``int`` here."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "str"


# -- liveness: rules no fact can start ---------------------------------------------------
class Liveness:
    """Which rules may fire in an evaluation, and which facts they could need.

    A rule can fire only if every one of its positive patterns can bind a fact: one whose
    bit (``Relevance.mask``) is set. ``total``, the union of the masks of the facts
    asserted up to a pass (the base facts, then the facts each pass derived), therefore
    tells which rules of that pass's stratum may fire: every fact a rule of stratum k can
    bind is asserted by pass k (a derived fact's type is derived in a lower stratum). The
    rules that may fire and are in force on the evaluation's date are *live* (``live``);
    the others cannot fire in it: CLIPS never starts their joins (each rule starts with a
    sentinel of its own, asserted for live rules only), and durable asserts a stratum's
    sentinel only when a rule that waits for it is live.

    Before the first pass only the base facts are known: ``useful`` takes every bit of a
    derived type as set, which gives each stratum's rules that may be live in its pass (all
    of them in pass 0), and the bits of all their patterns, positive and negated. A fact
    setting none of those bits could be bound or block a negation only in a rule that
    cannot fire: it is not asserted. Exact: a rule left out could not fire, and every fact
    a live rule can bind or be blocked by is asserted.
    """

    __slots__ = ("_derived", "_known", "_patterns", "_strata")

    def __init__(self, analysis: Analysis) -> None:
        index = {id(info): i for i, info in enumerate(analysis.infos)}
        self._strata = tuple(
            tuple((index[id(info)], analysis.needs[index[id(info)]], info.rule) for info in stratum)
            for stratum in analysis.by_stratum
        )
        relevance = analysis.relevance
        #: per rule, the bits of all its patterns
        self._patterns = tuple(
            sum({pattern_bit(relevance, p) for p in info.patterns}) for info in analysis.infos
        )
        derived = derived_types(analysis)
        #: the bits of the types some rule derives
        self._derived = sum(
            sum(r.bits.values()) for name, r in relevance.items() if name in derived
        )
        self._known: dict[tuple[int, int, str], Any] = {}

    def live(self, stratum: int, total: int, as_of: str) -> tuple[int, ...]:
        """The indices (in ``Analysis.infos``) of the live rules of ``stratum``, given the
        union of the masks of the facts asserted (``total``) on the ISO date ``as_of``."""
        key = (stratum, total, as_of)
        known: tuple[int, ...] | None = self._known.get(key)
        if known is None:
            known = tuple(
                i
                for i, need, rule in self._strata[stratum]
                if total & need == need and rule_is_valid(rule, as_of)
            )
            self._remember(key, known)
        return known

    def useful(self, total: int, as_of: str) -> int:
        """The bits of the patterns of every rule that may be live in its pass, given the
        union of the masks of the base facts (``total``) on ``as_of``."""
        key = (-1, total, as_of)
        known: int | None = self._known.get(key)
        if known is None:
            known = 0
            every = total | self._derived
            for stratum in range(len(self._strata)):
                for i in self.live(stratum, total if stratum == 0 else every, as_of):
                    known |= self._patterns[i]
            self._remember(key, known)
        return known

    def _remember(self, key: tuple[int, int, str], value: object) -> None:
        if len(self._known) >= _MAX_KNOWN:
            self._known.clear()
        self._known[key] = value


def masks_of(
    relevance: Mapping[str, Relevance], facts: Sequence[Mapping[str, Any]]
) -> tuple[list[int], int]:
    """Each fact's mask (``Relevance.mask``; 0 for a type no pattern uses), and their
    union."""
    out: list[int] = []
    total = 0
    for fact in facts:
        relevant = relevance.get(fact["type"])
        mask = 0 if relevant is None else relevant.mask(fact)
        out.append(mask)
        total |= mask
    return out, total


_LIVENESS: dict[str, Liveness] = {}


def liveness(analysis: Analysis) -> Liveness:
    """``Liveness(analysis)``, made once per rulebook."""
    found = _LIVENESS.get(analysis.content_hash)
    if found is None:
        if len(_LIVENESS) >= 64:
            _LIVENESS.clear()
        found = _LIVENESS[analysis.content_hash] = Liveness(analysis)
    return found


# -- join filters: facts no join can pair -----------------------------------------------------
# (type of the facts joined with, the bit of the literal part of their pattern (``Relevance``),
# the field joined on)
_Source: TypeAlias = tuple[str, int, str]


class JoinFilter:
    """Which facts of some types can satisfy some pattern, joins included, given the facts
    of an evaluation: a sharper ``Relevance`` for the types that have a pattern with only
    joins (such as a relation joined to two persons bound before it), which ``Relevance``
    must keep whole.

    A fact passes if some pattern of its type may hold for it: its literal part may hold
    (its bit is in the fact's mask, ``Relevance.mask``) and, for every equality join
    ``field == alias.other`` to a positive pattern of a type no rule derives, some fact of
    that type whose mask has the bit of that pattern's literal part has that value in
    ``other``. So a fact that fails could never be bound nor block a negation: every fact
    its pattern could be joined with is among the candidates (of a type no rule derives,
    all of them are given before the first pass). Other joins (ordered, ``$neq``, inside an
    ``$or``, to a derived type) are left out, which keeps more facts, never fewer.
    """

    __slots__ = ("_patterns", "types")

    def __init__(
        self, patterns: Mapping[str, tuple[tuple[int, tuple[tuple[str, _Source], ...]], ...]]
    ) -> None:
        self._patterns = patterns  # per type: (the bit of a pattern's literal part, its joins)
        self.types = frozenset(patterns)

    @classmethod
    def of(cls, analysis: Analysis) -> JoinFilter | None:
        """The filter of a rulebook, or None when no type gains from one."""
        relevance = analysis.relevance
        derived = derived_types(analysis)
        found: dict[str, list[tuple[Node | None, int, tuple[tuple[str, _Source], ...]]]] = {}
        gains: set[str] = set()
        for info in analysis.infos:
            by_alias = {p.alias: p for p in info.patterns}
            for pattern in info.patterns:
                joins: list[tuple[str, _Source]] = []
                for item in _conjuncts(_parse(pattern.test)):
                    if isinstance(item, Cmp) and item.op == "$eq" and isinstance(item.operand, Ref):
                        other = by_alias[item.operand.alias]
                        if other.type not in derived and not other.negated:
                            bit = pattern_bit(relevance, other)
                            joins.append((item.field, (other.type, bit, item.operand.field)))
                literal = _literal_part(pattern.test)
                bit = relevance[pattern.type].bits[part_key(literal)]
                found.setdefault(pattern.type, []).append((literal, bit, tuple(joins)))
                if joins and literal is None:
                    gains.add(pattern.type)
        # a pattern with neither a literal part nor a join to filter on keeps every fact of
        # its type: the filter could drop none of them
        # neither does a type with many patterns in practice, and each costs a test per fact
        useless = {
            t
            for t, found_t in found.items()
            if any(literal is None and not joins for literal, _, joins in found_t)
            or len(found_t) > _MAX_FILTERED_PATTERNS
        }
        patterns = {
            t: tuple((bit, joins) for _, bit, joins in found[t]) for t in sorted(gains - useless)
        }
        return cls(patterns) if patterns else None

    def admitting(
        self, facts: Sequence[Mapping[str, object]], masks: Sequence[int]
    ) -> dict[str, Callable[[Mapping[str, object], int], bool]]:
        """For each type the filter knows, whether a fact of it, with its mask, may be bound
        or block, given ``facts`` (every fact of the evaluation of a type no rule derives)
        and their masks (``masks_of``)."""
        by_type: dict[object, list[tuple[Mapping[str, object], int]]] = {}
        for fact, mask in zip(facts, masks, strict=True):
            if mask:
                by_type.setdefault(fact.get("type"), []).append((fact, mask))
        values: dict[_Source, set[object] | None] = {}

        def candidates(source: _Source) -> set[object] | None:
            """The values of the source's field (None: a fact lacks it; keep everything)."""
            if source not in values:
                type_name, bit, name = source
                found: set[object] | None = set()
                for fact, mask in by_type.get(type_name, ()):
                    if mask & bit:
                        value = fact.get(name, _MISSING)
                        if value is _MISSING or found is None:
                            found = None
                            break
                        found.add(value)
                values[source] = found
            return values[source]

        out: dict[str, Callable[[Mapping[str, object], int], bool]] = {}
        for type_name, patterns in self._patterns.items():
            tests = [
                (bit, [(name, candidates(source)) for name, source in joins])
                for bit, joins in patterns
            ]

            def admits(fact: Mapping[str, object], mask: int, tests: list[Any] = tests) -> bool:
                for bit, joins in tests:
                    if not mask & bit:
                        continue
                    for name, allowed in joins:
                        value = fact.get(name, _MISSING)  # missing: the checks refuse it
                        if allowed is not None and value is not _MISSING and value not in allowed:
                            break
                    else:
                        return True
                return False

            out[type_name] = admits
        return out


_FILTERS: dict[str, JoinFilter | None] = {}
_MAX_FILTERED_PATTERNS = 8


def join_filter(analysis: Analysis) -> JoinFilter | None:
    """``JoinFilter.of(analysis)``, made once per rulebook."""
    if analysis.content_hash not in _FILTERS:
        if len(_FILTERS) >= 64:
            _FILTERS.clear()
        _FILTERS[analysis.content_hash] = JoinFilter.of(analysis)
    return _FILTERS[analysis.content_hash]
