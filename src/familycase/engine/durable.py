"""The durable_rules engine: the only module that imports durable_rules.

``compile_to_durable`` turns checked IR into durable's JSON ruleset format (a pure function);
``run_durable`` registers it once per process and evaluates facts on it. Everything durable
does wrong by default is handled here (``engine-notes.md``):

- one private ``Host`` without Timer threads, created on first use; one ruleset per content
  hash, registered once (from a deep copy), never re-registered;
- a rule with a negated pattern or validity dates starts with the sentinel of its stratum
  (``$eval`` with ``stratum`` k and the rule's validity dates tested on ``date``); pass k
  asserts the sentinel last, so negation is evaluated when every fact of the pass is in
  working memory. Any other rule (positive, in force on every date: most of them) has no
  sentinel and fires as soon as its facts are in: its firings are the same whenever it
  fires, and the facts it derives are asserted with the next pass, before any sentinel
  that a rule negating them waits for. A sentinel pattern costs every new session its
  frame indexes and every evaluation its joins (5-8 % of durable's step, measured);
- a batch in which some fact reaches no rule is answered "not handled" (result code 1,
  ``ERR_EVENT_NOT_HANDLED``): durable still stores and matches the other facts, and the
  actions always run afterwards (below), so that answer is not an error; any other code
  than 0 and 1 is. (A rule reaching every fact, so that durable never answered "not
  handled", cost each fact a frame in its join: 3-5 % of durable's step, measured);
- one extra rule, ``_fc_prime``, fired once when the ruleset is registered. durable never
  initialises two pointers of a new session (``context.messages``/``stateFact``) and frees
  them in ``delete_state`` unless an action ran in the session: with recycled heap memory
  this crashes the process at random (it is the real cause of "delete_state with pending
  actions segfaults"). A deleted session's slot is reused, with the pointers cleared, by the
  next session, so one primed session per ruleset makes every later ``delete_state`` safe;
- facts are asserted with the C API and the actions always run afterwards (no pending
  actions, no Timer thread), dispatched by our own loop over durable's C API: the calls
  durable's ``Ruleset.do_actions`` makes, in its order (``start_action_for_state``, then per
  firing ``complete_and_start_action``; ``abandon_action`` when a call fails, so no started
  action is ever left behind), without its ``Closure``, clock reads and state re-encoding
  per firing, and without its ``update_state`` per firing: that call only replaces the
  session's state fact with the same text (no rule reads the state), see ``_dispatch``.
  The loop only keeps each firing's message; the firings are read once the pass has no
  action left (``_record``). durable's ``Ruleset`` is kept for its handle and
  ``delete_state``; the actions registered with it are no-ops that never run, so nothing
  writes an exception into the session state and it is never read back;
- only facts that some pattern of a rule that may be live could match are asserted
  (``analysis.Relevance``: the literal tests of each pattern, positive or negated, without
  its joins; ``analysis.Liveness``: the rules whose every positive pattern some fact may
  match), base and derived facts alike, and a stratum's sentinel only when one of its
  rules that wait for it is live; of the base facts, only those some fact could pair with where
  ``analysis.JoinFilter`` can tell (as in CLIPS), once the rules-against-facts checks
  passed: a fact that can neither be bound nor block a negation changes no result, and
  durable never spends matching (or its limits) on it;
- a pattern's literal part whose every comparison the fact's ``Relevance`` mask decides
  exactly (``$eq``/``$neq``, orderings of ints) is tested as one *mark*, a field
  ``"<i>": true`` named by the part's bit, instead of its comparisons (``_marks``): a fact
  is asserted with the marks of the bits its mask sets and some rule that may fire uses
  (``Liveness.useful``), so durable finds a fact's patterns by the names of its fields,
  and a fact never reaches a pattern of a rule that cannot fire. A type whose marks could
  fill durable's alpha stack (64 tests) is tested as written instead;
- a fact is asserted with only the fields some durable test reads (its type's ``_Encoder``:
  literal tests not marked, both sides of joins) and its marks, its durable ``id`` first, as
  compact JSON written from a per-type template (one C call of the json encoder per batch
  for the values). A field no test reads takes no part in durable's matching (its alpha
  network looks fields up by the hashes of tested names), so the firings are the same, for
  less parsing, storing and message text;
- the facts a pass derives are asserted with the next pass's batch, before its sentinel,
  not one by one from the actions: only rules of a higher stratum can use them (``analyse``),
  and no such rule that negates them can complete before its stratum's sentinel, asserted
  last; the facts derived in the last pass are never asserted (no rule could use them);
- a firing is recorded with the fids bound to the rule's positive aliases, read from the
  text of durable's message (the ``id`` of each bound fact follows ``"<alias>":{"id":"``,
  see ``_Rule``, and maps to its fid; a message is decoded only when that text is not
  found); deriving rules have an action, a closure per rule id, that derives the fact (a
  content derived before in the evaluation is not hashed again; facts are deduplicated by
  their content-hash fid) and never raises (a failure is recorded, aborts the evaluation
  and is raised after the pass);
- one fixed session id per ruleset, used under a process-wide lock, deleted after every
  evaluation on success and on error, but only once no action is pending. A new session is
  the largest part of durable's own time in an evaluation (about 230 µs for the shipped
  rules: about 8 kB of frame indexes per pattern, allocated and cleared), but it is never
  emptied by retracting its facts to be used again: when an action completes, durable frees
  its frame yet leaves the facts bound in it pointing at it, and retracting such a fact
  reads and writes the freed frame (tried: a crash in about one run of the engine tests in
  25, invalid reads under valgrind in ``deleteMessageFromFrame``);
- every fact is asserted with an explicit durable ``id`` from ``_fact_ids``: short
  strings whose 32-bit FNV-1a hashes differ from each other and from the session state's
  (``sid-w0``). durable identifies a fact without ``id`` by a 64-bit hash of its content
  but looks it up by a 32-bit hash of that: two different facts of one case could collide
  and the second was refused as a duplicate (error code 2). With these ids no two facts of
  an evaluation can collide (the n-th fact asserted gets the n-th id);
- every durable exception becomes an ``EvaluationError`` naming rule ids and error codes,
  never fact values.
"""

from __future__ import annotations

import copy
import json
import operator
import re
import threading
from _json import make_encoder
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from json.encoder import encode_basestring
from typing import Any, TypeAlias

import durable_rules_engine as _dre
from durable import engine as _engine

from familycase.engine.analysis import (
    Analysis,
    Node,
    PatternInfo,
    RuleInfo,
    _collision,
    _comparisons,
    _fnv1a32,
    _has_join,
    _literal_part,
    _parse,
    analyse,
    join_filter,
    liveness,
    masks_of,
    part_key,
)
from familycase.engine.fact_checks import DeclaredFacts, check_as_of, prepare_facts
from familycase.engine.ir import (
    RESERVED_FIELDS,
    SENTINEL_ALIAS,
    SENTINEL_TYPE,
    CompiledRule,
    CompiledRulebook,
    Derivations,
    EngineResult,
    Fact,
    FactValue,
    Firing,
    Ref,
    Test,
    derive_sources,
)
from familycase.errors import EvaluationError

__all__ = ["compile_to_durable", "run_durable"]

SID = "w0"
PRIME_RULE = "_fc_prime"
PRIME_TYPE = "$prime"
MAX_RULESETS = 1024
_MAX_TEMPLATES = 4096  # per fact type (``_Encoder``)
_MAX_DRAIN = 100_000

#: durable's result codes for a batch it evaluated: done, and done with some fact that
#: reached no rule (``ERR_EVENT_NOT_HANDLED``: a fact the relevance test could not rule out,
#: such as one an ordering of texts then refuses). 2, a duplicate fact, is an error here.
_ANSWERED = (0, 1)
_LOCK = threading.Lock()
Bindings: TypeAlias = tuple[tuple[str, str], ...]  # (alias, fid) per positive alias
FiringKey: TypeAlias = tuple[str, Bindings]  # a Firing as a plain tuple (rule id, bindings)
Action: TypeAlias = Callable[[FiringKey], None]  # called with each firing of a deriving rule
_ERROR_CODE = re.compile(r"error code: ([0-9]+)")
_ERRORS = {
    113: "too many expressions in one pattern",
    302: "a fact has too many fields",
    303: "too many rule conditions match one fact (durable_rules evaluates at most 64 at once)",
    304: "too many facts in one rule match",
    311: "a field a rule needs is missing",
    312: "an operation durable_rules does not support",
}
# A batch's values, written by one call of the C json encoder (made once: JSONEncoder.encode
# makes one per call) as a list joined by NUL, which never occurs in its output otherwise
# (it writes control characters in strings as \u escapes). Values are str, int or bool.
_VALUES = make_encoder(
    None, json.JSONEncoder().default, encode_basestring, None, ":", "\x00", False, False, False
)
# The end of every fact's text (the session id: facts are flat, so also the end of its object)
_CLOSE = f',"sid":"{SID}"}}'
# The sentinel of a stratum, asserted after the facts of its pass when some rule of the
# stratum that waits for it (``_gated``) is live (``analysis.Liveness``)
_SENTINEL = (
    '{"id":"%s","type":'
    + json.dumps(SENTINEL_TYPE)
    + ',"stratum":%d,"date":"%s","sid":"'
    + SID
    + '"}'
)
_as_firing: Callable[[FiringKey], Firing] = partial(tuple.__new__, Firing)


# -- fact ids: distinct 32-bit hashes -------------------------------------------------------
_IDS: list[str] = []
_ID_HASHES: set[int] = {_fnv1a32("sid-" + SID)}  # the session state is a fact too


def _fact_ids(count: int) -> list[str]:
    """The first ``count`` fact ids (grown on demand, under ``_LOCK``): ``"0"``, ``"1"``, ...
    skipping any whose 32-bit FNV-1a hash (durable's lookup key) an earlier one has."""
    candidate = int(_IDS[-1], 36) + 1 if _IDS else 0
    while len(_IDS) < count:
        text = _base36(candidate)
        candidate += 1
        digest = _fnv1a32(text)
        if digest not in _ID_HASHES:
            _ID_HASHES.add(digest)
            _IDS.append(text)
    return _IDS


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


# -- compiling ---------------------------------------------------------------------------
def compile_to_durable(rulebook: CompiledRulebook) -> dict[str, Any]:
    """The durable_rules ruleset for a compiled rulebook (a JSON-compatible dict).

    One ruleset named ``"fc_" + content_hash[:16]``; one rule per ``CompiledRule``, named by
    its id, whose ``"all"`` starts with the sentinel pattern ``_s`` if the rule has a
    negated pattern or validity dates, and continues with the rule's patterns (a negated one
    as ``"<alias>$not"``); ``"run"`` is the rule id. A pattern's exact literal part is a
    mark (``_marks``): the ruleset matches facts asserted as ``run_durable`` asserts them,
    with their marks. Raises
    ``ContentError`` (codes ``FC7xx``) for rules the engine cannot run exactly.
    """
    analysis = analyse(rulebook)
    return _compile(analysis, _base_name(analysis.content_hash), _marks(analysis))


def _base_name(content_hash: str) -> str:
    return "fc_" + content_hash[:16]


def _compile(analysis: Analysis, name: str, marks: _Marks) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for info in analysis.infos:
        patterns: list[dict[str, Any]] = (
            [{SENTINEL_ALIAS: _sentinel_test(info.rule)}] if _gated(info) else []
        )
        for pattern in info.patterns:
            key = pattern.alias + "$not" if pattern.negated else pattern.alias
            patterns.append({key: _durable_test(pattern, marks)})
        rules[info.rule.id] = {"all": patterns, "run": info.rule.id}
    rules[PRIME_RULE] = {"all": [{"m": {"type": PRIME_TYPE}}], "run": PRIME_RULE}
    return {name: rules}


# -- marks: a pattern's literal tests as one field, set from the fact's Relevance mask --------
@dataclass(frozen=True, slots=True)
class _Marks:
    """The literal parts durable tests as a mark (``_marks``): the field naming each part's
    bit, by fact type and bit, and the bits of each type that have one."""

    names: Mapping[str, Mapping[int, str]]
    bits: Mapping[str, int]
    parts: Mapping[tuple[str, str | None], int]  # the bit of each marked part, by type and key


def _exact(part: Node) -> bool:
    """Whether ``Relevance.mask`` tells exactly whether a fact satisfies a literal part, once
    the rules-against-facts checks have passed (no field missing, no value of another kind
    than a literal it is compared with): each of its comparisons is ``$eq`` or ``$neq`` with
    a str, int or bool, or an ordering of ints. (An ordering of str or bool is durable's own
    reading of the JSON text: such a part is tested by durable itself.)"""
    for cmp in _comparisons(part):
        kind = type(cmp.operand)
        if kind not in (str, int, bool):
            return False
        if cmp.op not in ("$eq", "$neq") and kind is not int:
            return False
    return True


def _marked(pattern: PatternInfo) -> Node | None:
    """The pattern's literal part if durable tests it as a mark, else None."""
    part = _literal_part(pattern.test)
    return part if part is not None and _exact(part) else None


def _marks(analysis: Analysis) -> _Marks:
    """Which literal parts durable tests as a mark, and the field naming each.

    A pattern's literal part (its test without the type test and the joins) is one bit of
    its type's ``Relevance``, and the evaluator works out every fact's mask before
    asserting it. Where the mask is exact (``_exact``), durable need not test the part's
    comparisons again: the fact is asserted with a field ``"<i>": true`` for each such bit
    ``1 << i`` that its mask sets and that some rule that may fire in the evaluation uses
    (``Liveness.useful``), and the pattern tests that field instead. durable's alpha
    network then finds the patterns a fact may match by the names of the fields it has (a
    hash lookup each) instead of trying each pattern's first test in turn, a fact never
    reaches the patterns of rules that cannot fire, and the fields only literal tests read
    are not asserted at all (9 % less of durable's own time on the vignette's first phase
    from the marks alone, 8-9 % less of the whole `evaluate` with the useful bits only,
    measured). A name starts with a digit, so it is never a fact field's
    (``[A-Za-z_]...``); if two names of a type had the same 32-bit hash (durable's lookup
    key) as each other or as one of its fields, the type's marks take a suffix.

    durable follows the matching tests of a fact on a stack of at most 64 (error 303). A
    type is marked only if its patterns' tests, marked, cannot fill it
    (``_alpha_stack``, an upper bound): otherwise durable tests its parts itself, as
    without marks.
    """
    bits: dict[str, int] = {}
    parts: dict[tuple[str, str | None], int] = {}
    for info in analysis.infos:
        for pattern in info.patterns:
            part = _marked(pattern)
            if part is not None:
                key = part_key(part)
                bit = parts[pattern.type, key] = analysis.relevance[pattern.type].bits[key]
                bits[pattern.type] = bits.get(pattern.type, 0) | bit
    # the stack bound, with each bit's number as its name (names only tell marks apart)
    trial = _Marks(
        {t: {1 << i: str(i) for i in range(b.bit_length())} for t, b in bits.items()},
        bits,
        parts,
    )
    tests: dict[str, list[Test]] = {}
    for info in analysis.infos:
        for pattern in info.patterns:
            tests.setdefault(pattern.type, []).append(_durable_test(pattern, trial))
    for type_name in [t for t in bits if _alpha_stack(tests[t]) >= _MAX_ALPHA_STACK]:
        del bits[type_name]
    parts = {key: bit for key, bit in parts.items() if key[0] in bits}
    fields = _fields_read(analysis, bits)
    names: dict[str, dict[int, str]] = {}
    for type_name, type_bits in bits.items():
        taken = [*fields.get(type_name, ()), "type", *RESERVED_FIELDS]
        each = [1 << i for i in range(type_bits.bit_length()) if type_bits >> i & 1]
        suffix = ""
        while True:
            named = {bit: f"{bit.bit_length() - 1}{suffix}" for bit in each}
            if not _collision([*taken, *named.values()]):
                break
            suffix += "_"
        names[type_name] = named
    return _Marks(names, bits, parts)


#: durable's alpha stack holds 64 tests (``MAX_STACK_SIZE``); the type test and a margin
_MAX_ALPHA_STACK = 56


def _alpha_stack(tests: Sequence[Test]) -> int:
    """An upper bound on how many tests durable's alpha network holds on its stack at once
    for a fact of one type, given the tests of the type's patterns (each ``$and``'s items
    after the type test are a chain of tests, and chains share their common beginnings).

    Popping a test pushes every following test that matches; so while a test's followers
    are handled, the stack holds at most all of them at once plus what the deepest of them
    holds. Each comparison of a group counts as one test."""
    trie: dict[str, tuple[dict[str, Any], int]] = {}
    for test in tests:
        items = test["$and"][1:] if "$and" in test else []
        level = trie
        for item in items:
            key = json.dumps(item, sort_keys=True)
            if key not in level:
                level[key] = ({}, _tests_in(item))
            level = level[key][0]

    def bound(level: dict[str, tuple[dict[str, Any], int]]) -> int:
        if not level:
            return 0
        deepest = max(bound(sub) for sub, _ in level.values())
        return sum(cost for _, cost in level.values()) + deepest

    return bound(trie)


def _tests_in(item: Test) -> int:
    """The comparisons in one item of a compiled test (a mark is one)."""
    ((key, value),) = item.items()
    if key in ("$and", "$or"):
        return sum(_tests_in(i) for i in value)
    return 1


def _fields_read(analysis: Analysis, marked: Mapping[str, int]) -> dict[str, set[str]]:
    """The fields durable's tests read, by fact type: those a pattern of the type compares
    (with a literal its test keeps, or in a join) and those a join reads of a fact of the
    type bound earlier (``{"f": {alias: g}}`` reads ``g`` of the fact bound to ``alias``).
    ``marked``: the types whose exact literal parts are marks (``_marks``)."""
    fields: dict[str, set[str]] = {type_name: set() for type_name in analysis.relevance}
    for info in analysis.infos:
        types = {pattern.alias: pattern.type for pattern in info.patterns}
        for pattern in info.patterns:
            is_mark = pattern.type in marked and _marked(pattern) is not None
            for cmp in _comparisons(_parse(pattern.durable_test)):
                if isinstance(cmp.operand, Ref):
                    fields[pattern.type].add(cmp.field)
                    fields[types[cmp.operand.alias]].add(cmp.operand.field)
                elif not is_mark:
                    fields[pattern.type].add(cmp.field)
    return fields


def _durable_test(pattern: PatternInfo, marks: _Marks) -> Test:
    """The pattern's test as durable evaluates it: its ``durable_test`` (``analyse``), or,
    if its literal part is tested as a mark (``_marks``), that test with the mark in place of
    its literal items: the type test, the mark, then the joins, the ``$or`` of joins and
    the closing always-true ``$or`` as ``durable_test`` has them."""
    part = _marked(pattern) if pattern.type in marks.bits else None
    if part is None:
        return copy.deepcopy(pattern.durable_test)
    mark = {marks.names[pattern.type][marks.parts[pattern.type, part_key(part)]]: True}
    # a marked pattern has literal items, so its durable_test is an $and: the type test,
    # then items with joins (or the closing $or of its type test) or without (literals)
    type_test, *items = pattern.durable_test["$and"]
    closing = {"$or": [type_test]}
    kept = [item for item in items if item == closing or _has_join(_parse(item))]
    return {"$and": [copy.deepcopy(type_test), mark, *copy.deepcopy(kept)]}


def _gated(info: RuleInfo) -> bool:
    """Whether a rule starts with its stratum's sentinel: one with a negated pattern (so that
    it sees every fact of its pass) or validity dates (tested on the sentinel's date)."""
    rule = info.rule
    return (
        any(p.negated for p in info.patterns)
        or rule.valid_from is not None
        or rule.valid_until is not None
    )


def _sentinel_test(rule: CompiledRule) -> dict[str, Any]:
    tests: list[dict[str, Any]] = [{"type": SENTINEL_TYPE}, {"stratum": rule.stratum}]
    if rule.valid_from is not None:
        tests.append({"$gte": {"date": rule.valid_from}})
    if rule.valid_until is not None:
        tests.append({"$lte": {"date": rule.valid_until}})
    return {"$and": tests}


# -- the host and its rulesets -------------------------------------------------------------
class _SyncHost(_engine.Host):  # type: ignore[misc]
    """A Host that starts no Timer threads: actions only run when we run them."""

    def _run(self) -> None:
        return

    def get_action(self, action_name: str) -> Any:
        raise LookupError(f"no action named {action_name!r}")


@dataclass(eq=False, slots=True)
class _Evaluation:
    """What one evaluation's dispatch and actions collect."""

    derivations: Derivations  # what the deriving rules' firings derive
    firings: set[FiringKey] = field(default_factory=set)
    # the durable id of each fact asserted -> its fid, and each fact asserted by its fid (a
    # firing binds only facts asserted)
    fid_of: dict[str, str] = field(default_factory=dict)
    by_fid: dict[str, Fact] = field(default_factory=dict)
    failure: BaseException | None = None
    failed_rule: str | None = None
    aborted: bool = False
    asserted: int = 0  # facts asserted so far: the next one gets fact id _IDS[asserted]
    total: int = 0  # the union of the masks of the facts asserted (analysis.Liveness)

    def fail(self, rule_id: str, exc: BaseException) -> None:
        if self.failure is None:
            self.failure = exc
            self.failed_rule = rule_id
        self.aborted = True


@dataclass(frozen=True, eq=False, slots=True)
class _Rule:
    """What the dispatch loop needs of one rule: its id, how to find the fids it bound in
    durable's message, and its action (deriving rules only).

    durable's messages hold each bound fact as the JSON text it was asserted with, and
    every fact is asserted with its durable ``id`` first (``_Encoder``): the id bound to
    alias ``a`` follows the text ``"a":{"id":"`` (a key followed by an object is an alias:
    facts are flat, and a quote inside a string value is escaped). Ids are base-36 digits.
    """

    rule_id: str
    aliases: tuple[str, ...] = ()  # the positive aliases, in rule order
    # the bindings in a message, read from the position after the rule's name (None: not
    # found as expected)
    read: Callable[[str, int, Mapping[str, str]], Bindings | None] = lambda *_: ()
    action: Action | None = None
    record: bool = True  # False for the rule of our own that primes a session (never a firing)

    @classmethod
    def of(cls, rule_id: str, aliases: tuple[str, ...], action: Action | None = None) -> _Rule:
        return cls(rule_id, aliases, _reader(aliases), action)


def _reader(aliases: tuple[str, ...]) -> Callable[[str, int, Mapping[str, str]], Bindings | None]:
    """How ``_Rule.read`` finds the fid bound to each alias: the id after ``"<alias>":{"id":"``
    (up to the next quote), mapped to its fid. Written out for one and two aliases (nearly
    every rule), a loop for more."""
    keys = tuple((alias, f'"{alias}":{{"id":"', len(alias) + 10) for alias in aliases)
    if len(keys) == 1:
        ((alias, key, length),) = keys

        def read_one(messages: str, end: int, fid_of: Mapping[str, str]) -> Bindings | None:
            start = messages.find(key, end) + length
            if start < length:
                return None
            fid = fid_of.get(messages[start : messages.find('"', start)])
            return None if fid is None else ((alias, fid),)

        return read_one
    if len(keys) == 2:
        (alias1, key1, length1), (alias2, key2, length2) = keys

        def read_two(messages: str, end: int, fid_of: Mapping[str, str]) -> Bindings | None:
            start1 = messages.find(key1, end) + length1
            start2 = messages.find(key2, end) + length2
            if start1 < length1 or start2 < length2:
                return None
            fid1 = fid_of.get(messages[start1 : messages.find('"', start1)])
            fid2 = fid_of.get(messages[start2 : messages.find('"', start2)])
            if fid1 is None or fid2 is None:
                return None
            return ((alias1, fid1), (alias2, fid2))

        return read_two

    def read(messages: str, end: int, fid_of: Mapping[str, str]) -> Bindings | None:
        found: list[tuple[str, str]] = []
        for alias, key, length in keys:
            start = messages.find(key, end) + length
            if start < length:
                return None
            fid = fid_of.get(messages[start : messages.find('"', start)])
            if fid is None:
                return None
            found.append((alias, fid))
        return tuple(found)

    return read


@dataclass(eq=False)
class _Ruleset:
    """A registered durable ruleset and the evaluation currently using it."""

    name: str
    analysis: Analysis
    ruleset: Any = None
    handle: int = 0
    current: _Evaluation | None = None
    rules: dict[str, _Rule] = field(default_factory=dict)
    encoders: dict[Any, _Encoder] = field(default_factory=dict)  # by fact type
    gated: frozenset[int] = frozenset()  # the rules that start with a sentinel, by index


_hosts: list[_SyncHost] = []  # at most one, created on first use
_registry: dict[str, _Ruleset] = {}
_names: set[str] = set()


def _registered(analysis: Analysis) -> _Ruleset:
    """The ruleset of a rulebook, registered on first use (call with ``_LOCK`` held)."""
    entry = _registry.get(analysis.content_hash)
    if entry is not None:
        return entry
    if len(_names) >= MAX_RULESETS:
        raise EvaluationError(
            f"More than {MAX_RULESETS} distinct rulebooks in one process; durable_rules "
            "never frees a ruleset. Reuse rulebooks or start a new process."
        )
    if not _hosts:
        _hosts.append(_SyncHost())
    host = _hosts[0]
    name = _base_name(analysis.content_hash)
    generation = 1
    while name in _names:
        generation += 1
        name = f"{_base_name(analysis.content_hash)}_{generation}"
    entry = _Ruleset(name, analysis)
    marks = _marks(analysis)
    definition = copy.deepcopy(_compile(analysis, name, marks))
    rules = definition[name]
    for info in analysis.infos:
        action = None if info.rule.derive is None else _action(entry, info)
        entry.rules[info.rule.id] = _Rule.of(info.rule.id, info.positive, action)
    entry.rules[PRIME_RULE] = _Rule(PRIME_RULE, record=False)
    entry.encoders = _encoders(analysis, marks)
    entry.gated = frozenset(i for i, info in enumerate(analysis.infos) if _gated(info))
    for rule in rules.values():
        rule["run"] = _noop  # durable's own dispatch never runs (see _run_actions)
    _names.add(name)
    try:
        host.set_rulesets(definition)
        entry.ruleset = host.get_ruleset(name)
        entry.handle = entry.ruleset._handle
    except Exception as exc:
        raise EvaluationError(
            f"durable_rules refused the compiled rulebook {analysis.content_hash[:16]}"
            f"{_describe(exc)}."
        ) from exc
    _prime(entry)
    _registry[analysis.content_hash] = entry
    return entry


def _encoders(analysis: Analysis, marks: _Marks) -> dict[Any, _Encoder]:
    """The encoder of each fact type some pattern uses: the fields durable's tests read
    (``_fields_read``) and the type's marks (``marks``, as the ruleset was compiled with).
    ``type`` is written by the template."""
    fields = _fields_read(analysis, marks.bits)
    encoders: dict[Any, _Encoder] = {}
    for type_name in analysis.relevance:
        names = tuple(sorted(fields[type_name] - {"type"}))
        read: Callable[[Fact], tuple[Any, ...]] = _no_values
        if len(names) > 1:
            read = operator.itemgetter(*names)
        elif names:
            read = partial(_one_value, names[0])
        # type and field names are [A-Za-z_][A-Za-z0-9_]* (analyse): nothing to escape, no %
        head = "".join(['{"id":%s,"type":"', type_name, '"', *[f',"{n}":%s' for n in names]])
        encoders[type_name] = _Encoder(
            read, head, marks.bits.get(type_name, 0), marks.names.get(type_name, {})
        )
    return encoders


class _Encoder:
    """How facts of one type are asserted: the values of the fields durable's tests read
    (``read``), written after the durable id into ``head``, then a field ``"<i>": true`` for
    each of the type's marked bits (``marked``, named by ``names``) that the fact's mask and
    the evaluation's useful bits both set (``_marks``): one template per combination of
    marks, made on first use."""

    __slots__ = ("head", "marked", "names", "read", "templates")

    def __init__(
        self,
        read: Callable[[Fact], tuple[Any, ...]],
        head: str,
        marked: int,
        names: Mapping[int, str],
    ) -> None:
        self.read = read
        self.head = head
        self.marked = marked
        self.names = names
        self.templates: dict[int, str] = {}

    def template(self, bits: int) -> str:
        """The template of a fact with the marks ``bits`` (a subset of ``marked``)."""
        found = self.templates.get(bits)
        if found is None:
            # a mark's name is digits (and underscores): nothing to escape, no %
            marks = [f',"{name}":true' for bit, name in self.names.items() if bits & bit]
            found = self.head + "".join(marks) + _CLOSE
            if len(self.templates) >= _MAX_TEMPLATES:
                self.templates.clear()
            self.templates[bits] = found
        return found


def _one_value(name: str, fact: Fact) -> tuple[Any, ...]:
    return (fact[name],)


def _no_values(fact: Fact) -> tuple[Any, ...]:
    return ()


def _noop(c: Any) -> None:
    """The action durable's ``Ruleset`` holds for every rule (it never runs: we dispatch)."""


def _prime(entry: _Ruleset) -> None:
    """Run one action in the ruleset's first session, then delete it (see the module doc)."""
    _assert(entry, json.dumps([{"sid": SID, "type": PRIME_TYPE, "id": _fact_ids(1)[0]}]))
    try:
        entry.ruleset.delete_state(SID)
    except Exception as exc:
        raise EvaluationError(f"durable_rules failed{_describe(exc)}.") from exc


def _action(entry: _Ruleset, info: RuleInfo) -> Action:
    """The action of a deriving rule, called with each firing (the fids bound to its positive
    aliases, in rule order); never raises."""
    rule_id = info.rule.id
    aliases = info.positive
    derive = info.rule.derive
    assert derive is not None
    sources = derive_sources(derive, aliases)

    def action(firing: FiringKey) -> None:
        evaluation = entry.current
        if evaluation is None or evaluation.aborted:
            return
        try:
            by_fid = evaluation.by_fid
            bindings = firing[1]
            values: list[FactValue] = [
                by_fid[bindings[at][1]][name] if at >= 0 else value for at, name, value in sources
            ]
            # a new fact is asserted with the next pass (run_durable)
            evaluation.derivations.add(_as_firing(firing), derive, values)
        except BaseException as exc:  # recorded, then raised by the evaluator after cleanup
            evaluation.fail(rule_id, exc)

    return action


class _ResultCode(Exception):
    """durable_rules answered an assert with a result code other than 0 (done) and 1 (some
    fact reached no rule)."""

    def __init__(self, code: int) -> None:
        super().__init__(f"result code {code}")
        self.code = code


# -- evaluating --------------------------------------------------------------------------
def run_durable(
    rulebook: CompiledRulebook,
    facts: Iterable[Mapping[str, object]],
    *,
    as_of: str,
    declared: DeclaredFacts | None = None,
) -> EngineResult:
    """Evaluate facts with durable_rules: sorted firings and derived facts by fid.

    Thread-safe (evaluations are serialised: durable holds the GIL anyway). Raises
    ``ContentError`` for a rulebook the engine cannot run, ``UsageError`` for a bad
    ``as_of`` and ``EvaluationError`` for invalid facts or an engine failure; the engine
    session is emptied in every case.

    ``declared``: facts whose producer guarantees their shape (``fact_checks.DeclaredFacts``)
    are not checked one by one, with the same result; without it every fact is checked.
    """
    analysis = analyse(rulebook)
    check_as_of(as_of)
    prepared = prepare_facts(analysis, facts, declared)
    if not analysis.infos:
        return EngineResult(())
    with _LOCK:
        entry = _registered(analysis)
        evaluation = _Evaluation(Derivations(prepared.fids))
        entry.current = evaluation
        try:
            prepared.schema.check(analysis, prepared.schema.kinds)
            # pass k asserts the facts pass k - 1 derived (the base facts in pass 0), then
            # its sentinel, last; the facts the last pass derives are never asserted. This
            # asserts a derived fact later than from its action (as durable's c.assert_fact
            # would), but before any rule that negates it can fire: such rules are in a
            # higher stratum (analyse) and start with their stratum's sentinel, so the order
            # of engine-notes.md (negation of derived facts: a second sentinel in a second
            # pass) is kept, and no fact is asserted while an action is started. A positive
            # rule without validity dates has no sentinel: it fires whenever its facts are
            # in, with the same bindings.
            batch = prepared.facts
            masks, union = masks_of(analysis.relevance, batch)
            rules = liveness(analysis)
            # only facts some rule that may be live could use are asserted, and of the base
            # facts of the types the join filter knows, only those it admits
            useful = rules.useful(union, as_of)
            joined = join_filter(analysis)
            sharper = {} if joined is None else joined.admitting(batch, masks)
            for stratum in range(analysis.strata):
                payload = _batch(entry, evaluation, batch, masks, useful, sharper)
                if any(i in entry.gated for i in rules.live(stratum, evaluation.total, as_of)):
                    payload = _with_sentinel(evaluation, payload, stratum, as_of)
                if payload != "[]":  # else nothing to assert, and no rule of it can fire
                    _assert(entry, payload)
                _raise_failure(entry, evaluation)
                batch = evaluation.derivations.take()
                masks, _ = masks_of(analysis.relevance, batch)
                sharper = {}
                for fact in batch:
                    prepared.schema.add(fact)
                prepared.schema.check(analysis, {str(f["type"]) for f in batch})
            return EngineResult(
                tuple(map(_as_firing, sorted(evaluation.firings))),
                dict(sorted(evaluation.derivations.facts.items())),
                dict(sorted(evaluation.derivations.by.items())),
            )
        finally:
            evaluation.aborted = True
            _clean(entry)
            entry.current = None


def _batch(
    entry: _Ruleset,
    evaluation: _Evaluation,
    facts: list[Fact],
    masks: list[int],
    useful: int,
    sharper: Mapping[str, Callable[[Mapping[str, object], int], bool]],
) -> str:
    """The JSON text of a pass's facts: those some rule that may be live could use
    (``masks``, from ``masks_of``; ``useful``, from ``Liveness.useful``) and the join filter
    admits, if it knows their type (call only once the rules-against-facts checks passed),
    each as its type's ``_Encoder`` writes it. The sentinel is added by ``_with_sentinel``.

    Each fact asserted gets the next durable id, and ``evaluation.fid_of`` maps it back.
    """
    encoders = entry.encoders
    fid_of = evaluation.fid_of
    by_fid = evaluation.by_fid
    index = evaluation.asserted
    total = evaluation.total
    ids = _fact_ids(index + len(facts))
    templates: list[str] = []
    values: list[Any] = []
    for fact, mask in zip(facts, masks, strict=True):
        if not mask & useful:
            continue  # also every fact of a type no pattern uses (its mask is 0)
        type_name: str = fact["type"]  # type: ignore[assignment]  # checked: a str
        if sharper:
            admits = sharper.get(type_name)
            if admits is not None and not admits(fact, mask):
                continue
        encoder = encoders[type_name]
        bits = mask & useful & encoder.marked
        template = encoder.templates.get(bits) or encoder.template(bits)
        total |= mask
        fact_id = ids[index]
        index += 1
        fid = str(fact["fid"])
        fid_of[fact_id] = fid
        by_fid[fid] = fact
        values.append(fact_id)
        values.extend(encoder.read(fact))
        templates.append(template)
    evaluation.asserted = index
    evaluation.total = total
    if not values:
        return "[]"
    encoded = tuple("".join(_VALUES(values, 0))[1:-1].split("\x00"))
    return "[" + ",".join(templates) % encoded + "]"


def _with_sentinel(evaluation: _Evaluation, payload: str, stratum: int, as_of: str) -> str:
    """``payload`` (a pass's facts) with the sentinel of ``stratum`` after them, with the next
    durable id.

    The sentinel is asserted only when some rule of the stratum that waits for it
    (``_gated``) is live: durable's cost is mostly per fact asserted and per pattern in the
    ruleset, not per join, so one sentinel per live rule (as in CLIPS) cost more than the
    joins it saved (measured)."""
    index = evaluation.asserted
    sentinel = _SENTINEL % (_fact_ids(index + 1)[index], stratum, as_of)
    evaluation.asserted = index + 1
    return "[" + sentinel + "]" if payload == "[]" else payload[:-1] + "," + sentinel + "]"


def _assert(entry: _Ruleset, payload: str) -> None:
    """Assert a batch, run every action it caused (even when the assert failed), then record
    the firings (``_record``)."""
    errors: list[BaseException] = []
    fired: list[str] = []
    try:
        code, state = _dre.assert_facts(entry.handle, payload)
        _run_actions(entry, state, errors, fired)
        _drain(entry, errors, fired)
        if errors:
            raise errors[0]
        if code not in _ANSWERED:
            raise _ResultCode(code)
        _record(entry, fired)
    except EvaluationError:
        raise
    except Exception as exc:
        raise EvaluationError(f"durable_rules failed{_describe(exc)}.") from exc


def _run_actions(
    entry: _Ruleset, state_offset: int, errors: list[BaseException], fired: list[str]
) -> None:
    """Run the actions pending in a session, as durable's ``Ruleset.do_actions`` would.

    The same C calls in the same order (``start_action_for_state``, then per firing
    ``complete_and_start_action``, or ``abandon_action`` when one of them fails), without
    durable's ``Closure`` (two clock reads), its ``update_state`` with the unchanged state
    (see ``_dispatch``) or its 10-second action timeout. An error is appended to
    ``errors``, as durable's completion callback would receive it; each firing's message
    to ``fired``.
    """
    try:
        started = _dre.start_action_for_state(entry.handle, state_offset)
        if started:
            _dispatch(entry, state_offset, started[1], errors, fired)
    except BaseException as error:
        errors.append(error)


def _dispatch(
    entry: _Ruleset,
    state_offset: int,
    messages: str,
    errors: list[BaseException],
    fired: list[str],
) -> None:
    """Complete each firing in durable, keeping its message for ``_record``.

    Our actions need nothing from durable while its actions run: a firing is recorded, and
    a fact derived, from the message alone, and derived facts are asserted with the next
    pass. So the messages are only collected here (durable returns each as a new Python
    string), and read once the session has no action left: no code of ours runs between
    starting an action and completing it, and a mistake in reading a message cannot leave
    an action started.

    durable's own dispatch calls ``update_state`` with the session state before each
    ``complete_and_start_action``. We never change the state, and that call only deletes
    the session's state fact and stores the same text again (no rule reads a fact without a
    ``type``: it reaches no alpha node), touching neither the action in progress nor the
    pointers ``delete_state`` frees (engine-notes.md, pitfall 3; the module doc): so it is
    not made. The calls that matter for durable's bookkeeping keep their order: an action
    is started, then completed (or abandoned) before the next one starts.

    A failing call abandons the action (as durable does): an action left started holds
    the session's lease for a minute, during which ``start_action`` does not see it and the
    session would look empty of actions.
    """
    handle = entry.handle
    complete = _dre.complete_and_start_action
    collect = fired.append
    try:
        while messages:
            collect(messages)
            messages = complete(handle, state_offset)
    except BaseException as error:
        _dre.abandon_action(handle, state_offset)
        errors.append(error)


def _record(entry: _Ruleset, fired: list[str]) -> None:
    """Record the firings of a pass from their messages, in durable's order, and run the
    actions of deriving rules (nothing once the evaluation is aborted, or when none runs:
    priming the ruleset)."""
    evaluation = entry.current
    if evaluation is None or evaluation.aborted:
        return
    rules = entry.rules
    fid_of = evaluation.fid_of
    firings = evaluation.firings
    for messages in fired:
        rule, bindings = _bound(rules, messages, fid_of)
        if rule.record:
            firing = (rule.rule_id, bindings)
            firings.add(firing)
            if rule.action is not None:
                rule.action(firing)


def _bound(
    rules: Mapping[str, _Rule], messages: str, fid_of: Mapping[str, str]
) -> tuple[_Rule, Bindings]:
    """The rule of one firing in durable's message and the fid bound to each of its
    positive aliases.

    Found in the message's text (see ``_Rule``); if the text is not as expected, the
    message is decoded instead.
    """
    end = messages.find('"', 2)
    rule = rules.get(messages[2:end]) if messages.startswith('{"') else None
    if rule is not None:
        bindings = rule.read(messages, end, fid_of)
        if bindings is not None:
            return rule, bindings
    name, bound = next(iter(json.loads(messages).items()))
    rule = rules[name]
    return rule, tuple((alias, fid_of[str(bound[alias]["id"])]) for alias in rule.aliases)


def _drain(entry: _Ruleset, errors: list[BaseException], fired: list[str]) -> None:
    """Run actions still pending in the ruleset until there are none."""
    for _ in range(_MAX_DRAIN):
        started = _dre.start_action(entry.handle)
        if started is None:
            return
        _, messages, state_offset = started
        _dispatch(entry, state_offset, messages, errors, fired)
    raise EvaluationError("durable_rules keeps producing actions.")


def _raise_failure(entry: _Ruleset, evaluation: _Evaluation) -> None:
    """Raise what an action of the pass recorded.

    durable's session state never holds an exception any more (only durable's own Python
    dispatch wrote one there): it is not read back.
    """
    failure = evaluation.failure
    if failure is not None:
        if not isinstance(failure, Exception):
            raise failure  # KeyboardInterrupt, SystemExit...
        raise EvaluationError(
            f"Rule {evaluation.failed_rule!r} failed in its action{_describe(failure)}."
        ) from failure


def _clean(entry: _Ruleset) -> None:
    """Empty the session: run pending actions (as no-ops), then delete the state.

    ``delete_state`` with pending actions crashes the process, so if the actions cannot be
    drained the ruleset is abandoned instead: the next evaluation registers a fresh copy.
    """
    try:
        _drain(entry, [], [])  # the firings are not read
        try:
            entry.ruleset.delete_state(SID)
        except Exception as exc:
            if _code(exc) != 309:  # no session: nothing was asserted
                raise
    except Exception:
        if _registry.get(entry.analysis.content_hash) is entry:
            del _registry[entry.analysis.content_hash]


def _code(exc: BaseException) -> int | None:
    if isinstance(exc, _ResultCode):
        return exc.code
    match = _ERROR_CODE.search(str(exc)) if isinstance(exc, _dre.error) else None
    return int(match.group(1)) if match else None


def _describe(exc: BaseException) -> str:
    """`` (code N: meaning)`` or `` (ExceptionType)``: never the exception's text."""
    code = _code(exc)
    if code is None:
        return f" ({type(exc).__name__})"
    meaning = _ERRORS.get(code)
    return f" (error code {code}: {meaning})" if meaning else f" (error code {code})"
