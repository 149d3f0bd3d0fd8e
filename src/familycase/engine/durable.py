"""The durable_rules engine: the only module that imports durable_rules.

``compile_to_durable`` turns checked IR into durable's JSON ruleset format (a pure function);
``run_durable`` registers it once per process and evaluates facts on it. Everything durable
does wrong by default is handled here (``engine-notes.md``):

- one private ``Host`` without Timer threads, created on first use; one ruleset per content
  hash, registered once (from a deep copy), never re-registered;
- every rule starts with the sentinel of its stratum (``$eval`` with ``stratum`` k and the
  rule's validity dates tested on ``date``); pass k asserts the sentinel last, so negation is
  evaluated when every fact of the pass is in working memory;
- one extra rule, ``_fc_handled``, that never fires but reaches every fact, so durable never
  answers "not handled" and any other result code than 0 is an error;
- one extra rule, ``_fc_prime``, fired once when the ruleset is registered. durable never
  initialises two pointers of a new session (``context.messages``/``stateFact``) and frees
  them in ``delete_state`` unless an action ran in the session: with recycled heap memory
  this crashes the process at random (it is the real cause of "delete_state with pending
  actions segfaults"). A deleted session's slot is reused, with the pointers cleared, by the
  next session, so one primed session per ruleset makes every later ``delete_state`` safe;
- facts are asserted with the C API and the actions always run afterwards (no pending
  actions, no Timer thread), dispatched by our own loop over durable's C API: the calls
  durable's ``Ruleset.do_actions`` makes, in its order (``start_action_for_state``, then per
  firing ``update_state`` and ``complete_and_start_action``; ``abandon_action`` when a
  call fails, so no started action is ever left behind), without its ``Closure``, clock reads
  and state re-encoding per firing (the state goes back as durable serialised it).
  durable's ``Ruleset`` is kept for its handle and ``delete_state``; the actions
  registered with it are no-ops that never run, so nothing writes an exception into the
  session state and it is never read back;
- only facts that some pattern may match are asserted (``run.Relevance``: the literal tests
  of each pattern, positive or negated, without its joins), base and derived facts alike,
  once the rules-against-facts checks passed: a fact that can neither be bound nor block a
  negation changes no result, and durable never spends matching (or its limits) on it;
- actions are closures per rule id, called with the fids bound to the rule's positive
  aliases, that record the firing and assert derived facts (a content derived before in
  the evaluation is not hashed again; facts are deduplicated by their content-hash fid); they
  never raise (a failure is recorded, aborts the evaluation and is raised after the pass).
  The fids are read from the text of durable's message (every fact is asserted with its
  fid first, see ``_Rule``); a message is decoded only when a fid holds a JSON escape;
- one fixed session id per ruleset, used under a process-wide lock, deleted after every
  evaluation on success and on error, but only once no action is pending;
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
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import durable_rules_engine as _dre
from durable import engine as _engine

from familycase.engine.analysis import Analysis, RuleInfo, _fnv1a32, analyse
from familycase.engine.fact_checks import DeclaredFacts, check_as_of, prepare_facts
from familycase.engine.ir import (
    SENTINEL_ALIAS,
    SENTINEL_TYPE,
    CompiledRule,
    CompiledRulebook,
    EngineResult,
    Fact,
    Firing,
    Ref,
    derived_fact,
    sentinel_fact,
)
from familycase.errors import EvaluationError

__all__ = ["compile_to_durable", "run_durable"]

SID = "w0"
HANDLED_RULE = "_fc_handled"
PRIME_RULE = "_fc_prime"
PRIME_TYPE = "$prime"
MAX_RULESETS = 1024
_MAX_DRAIN = 100_000

_LOCK = threading.Lock()
Action: TypeAlias = Callable[[tuple[str, ...]], None]  # called with the fids bound
_ERROR_CODE = re.compile(r"error code: ([0-9]+)")
_ERRORS = {
    113: "too many expressions in one pattern",
    302: "a fact has too many fields",
    303: "too many rule conditions match one fact (durable_rules evaluates at most 64 at once)",
    304: "too many facts in one rule match",
    311: "a field a rule needs is missing",
    312: "an operation durable_rules does not support",
}


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
    its id, whose ``"all"`` starts with the sentinel pattern ``_s`` and continues with the
    rule's patterns (a negated one as ``"<alias>$not"``); ``"run"`` is the rule id. Raises
    ``ContentError`` (codes ``FC7xx``) for rules the engine cannot run exactly.
    """
    analysis = analyse(rulebook)
    return _compile(analysis, _base_name(analysis.content_hash))


def _base_name(content_hash: str) -> str:
    return "fc_" + content_hash[:16]


def _compile(analysis: Analysis, name: str) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for info in analysis.infos:
        patterns: list[dict[str, Any]] = [{SENTINEL_ALIAS: _sentinel_test(info.rule)}]
        for pattern in info.patterns:
            key = pattern.alias + "$not" if pattern.negated else pattern.alias
            patterns.append({key: copy.deepcopy(pattern.durable_test)})
        rules[info.rule.id] = {"all": patterns, "run": info.rule.id}
    # Never fires (no fact has type "$never"), but every fact reaches its second pattern, so
    # a batch is never "not handled" and result codes other than 0 are real errors.
    rules[HANDLED_RULE] = {
        "all": [{"_n": {"type": "$never"}}, {"m": {"$ex": {"type": 1}}}],
        "run": HANDLED_RULE,
    }
    rules[PRIME_RULE] = {"all": [{"m": {"type": PRIME_TYPE}}], "run": PRIME_RULE}
    return {name: rules}


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


@dataclass(eq=False)
class _Evaluation:
    """What one evaluation's actions collect."""

    base: list[Fact]
    known_fids: set[str]
    firings: set[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=set)
    derived: dict[str, Fact] = field(default_factory=dict)
    # a derived fact's content -> its fid: a fact derived again is not hashed again
    derived_keys: dict[tuple[object, ...], str] = field(default_factory=dict)
    # (rule id, bindings) of each firing of a deriving rule -> the fid it derived
    derived_by: dict[tuple[str, tuple[tuple[str, str], ...]], str] = field(default_factory=dict)
    _by_fid: dict[str, Fact] | None = None
    pending: list[Fact] = field(default_factory=list)
    failure: BaseException | None = None
    failed_rule: str | None = None
    aborted: bool = False
    asserted: int = 0  # facts asserted so far: the next one gets fact id _IDS[asserted]

    def next_id(self) -> str:
        """The durable ``id`` of the next fact asserted (see ``_fact_ids``)."""
        index = self.asserted
        self.asserted = index + 1
        ids = _IDS if index < len(_IDS) else _fact_ids(index + 1)
        return ids[index]

    def fail(self, rule_id: str, exc: BaseException) -> None:
        if self.failure is None:
            self.failure = exc
            self.failed_rule = rule_id
        self.aborted = True

    def fact(self, fid: str) -> Fact:
        """The base or derived fact durable bound by its fid."""
        found = self.derived.get(fid)
        if found is None:
            if self._by_fid is None:
                self._by_fid = {str(f["fid"]): f for f in self.base}
            found = self._by_fid[fid]
        return found


@dataclass(frozen=True, eq=False)
class _Rule:
    """What the dispatch loop needs of one rule: its action and the fids it must be given.

    durable's messages hold each bound fact as the JSON text it was asserted with, and
    every fact is asserted with its ``fid`` first: the fid of alias ``a`` follows the
    text ``"a":{"fid": "`` (a key followed by an object is an alias: facts are flat).
    """

    action: Action
    aliases: tuple[str, ...] = ()  # the positive aliases, in rule order
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, action: Action, aliases: tuple[str, ...]) -> _Rule:
        return cls(action, aliases, tuple(f'"{a}":{{"fid": "' for a in aliases))


@dataclass(eq=False)
class _Ruleset:
    """A registered durable ruleset and the evaluation currently using it."""

    name: str
    analysis: Analysis
    ruleset: Any = None
    handle: int = 0
    current: _Evaluation | None = None
    rules: dict[str, _Rule] = field(default_factory=dict)


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
    definition = copy.deepcopy(_compile(analysis, name))
    rules = definition[name]
    for info in analysis.infos:
        entry.rules[info.rule.id] = _Rule.of(_action(entry, info), info.positive)
    entry.rules[HANDLED_RULE] = entry.rules[PRIME_RULE] = _Rule(_ignore)
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


def _noop(c: Any) -> None:
    """The action durable's ``Ruleset`` holds for every rule (it never runs: we dispatch)."""


def _ignore(fids: tuple[str, ...]) -> None:
    """The action of ``_fc_handled`` (never fires) and ``_fc_prime`` (fires once)."""


def _prime(entry: _Ruleset) -> None:
    """Run one action in the ruleset's first session, then delete it (see the module doc)."""
    _assert(entry, json.dumps([{"sid": SID, "type": PRIME_TYPE, "id": _fact_ids(1)[0]}]))
    try:
        entry.ruleset.delete_state(SID)
    except Exception as exc:
        raise EvaluationError(f"durable_rules failed{_describe(exc)}.") from exc


def _action(entry: _Ruleset, info: RuleInfo) -> Action:
    """The action of one rule, called with the fids bound to its positive aliases (in rule
    order); never raises."""
    rule_id = info.rule.id
    aliases = info.positive
    derive = info.rule.derive
    relevance = entry.analysis.relevance
    # the derived fields by name (rules deriving one type derive the same fields), each a
    # literal or the position of the alias it copies from and the field
    fields: tuple[tuple[int | None, object], ...] = ()
    if derive is not None:
        fields = tuple(
            (aliases.index(value.alias), value.field) if isinstance(value, Ref) else (None, value)
            for _, value in sorted(derive.fields, key=lambda item: item[0])
        )

    def action(fids: tuple[str, ...]) -> None:
        evaluation = entry.current
        if evaluation is None or evaluation.aborted:
            return
        try:
            firing = (rule_id, tuple(zip(aliases, fids, strict=True)))
            evaluation.firings.add(firing)
            if derive is None:
                return
            values = [
                value if index is None else evaluation.fact(fids[index])[value]  # type: ignore[index]
                for index, value in fields
            ]
            key = (derive.type, *[(type(v), v) for v in values])  # True is not 1 here
            known = evaluation.derived_keys.get(key)
            if known is not None:  # derived before in this evaluation: the same fact and fid
                evaluation.derived_by[firing] = known
                return
            bound = {alias: evaluation.fact(fid) for alias, fid in zip(aliases, fids, strict=True)}
            fact = derived_fact(derive, bound)
            fid = str(fact["fid"])
            evaluation.derived_keys[key] = fid
            evaluation.derived_by[firing] = fid
            if fid in evaluation.known_fids:
                return
            evaluation.known_fids.add(fid)
            evaluation.derived[fid] = fact
            evaluation.pending.append(fact)
            relevant = relevance.get(str(fact["type"]))
            if relevant is None or not relevant.admits(fact):
                return  # no pattern can match it: durable need not see it
            payload = {"fid": fid, **fact, "id": evaluation.next_id(), "sid": SID}
            code, _ = _dre.assert_fact(entry.handle, json.dumps(payload, ensure_ascii=False))
            if code != 0:
                raise _ResultCode(code)
        except BaseException as exc:  # recorded, then raised by the evaluator after cleanup
            evaluation.fail(rule_id, exc)

    return action


class _ResultCode(Exception):
    """durable_rules answered an assert with a result code other than 0."""

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
        evaluation = _Evaluation(prepared.facts, prepared.fids)
        entry.current = evaluation
        try:
            prepared.schema.check(analysis, prepared.schema.kinds)
            for stratum in range(analysis.strata):
                batch: list[dict[str, Any]] = []
                if stratum == 0:
                    batch = _relevant(analysis, prepared.facts, evaluation)
                batch.append(
                    {**sentinel_fact(stratum, as_of), "id": evaluation.next_id(), "sid": SID}
                )
                _assert(entry, json.dumps(batch, ensure_ascii=False))
                _raise_failure(entry, evaluation)
                for fact in sorted(evaluation.pending, key=lambda f: str(f["fid"])):
                    prepared.schema.add(fact)
                prepared.schema.check(analysis, {str(f["type"]) for f in evaluation.pending})
                evaluation.pending.clear()
            return EngineResult(
                tuple(
                    Firing(rule_id, bindings) for rule_id, bindings in sorted(evaluation.firings)
                ),
                dict(sorted(evaluation.derived.items())),
                {Firing(*firing): fid for firing, fid in sorted(evaluation.derived_by.items())},
            )
        finally:
            evaluation.aborted = True
            _clean(entry)
            entry.current = None


def _relevant(
    analysis: Analysis, facts: Iterable[Fact], evaluation: _Evaluation
) -> list[dict[str, Any]]:
    """The facts some pattern may match (``run.Relevance``), with their durable ids and the
    session id.

    Call only once the rules-against-facts checks passed."""
    relevance = analysis.relevance
    batch: list[dict[str, Any]] = []
    for fact in facts:
        relevant = relevance.get(str(fact["type"]))
        if relevant is not None and relevant.admits(fact):
            # fid first: _Rule
            batch.append({"fid": fact["fid"], **fact, "id": evaluation.next_id(), "sid": SID})
    return batch


def _assert(entry: _Ruleset, payload: str) -> None:
    """Assert a batch, then run every action it caused (even when the assert failed)."""
    errors: list[BaseException] = []
    try:
        code, state = _dre.assert_facts(entry.handle, payload)
        _run_actions(entry, state, errors)
        _drain(entry, errors)
        if errors:
            raise errors[0]
        if code != 0:
            raise _ResultCode(code)
    except EvaluationError:
        raise
    except Exception as exc:
        raise EvaluationError(f"durable_rules failed{_describe(exc)}.") from exc


def _run_actions(entry: _Ruleset, state_offset: int, errors: list[BaseException]) -> None:
    """Run the actions pending in a session, as durable's ``Ruleset.do_actions`` would.

    The same C calls in the same order (``start_action_for_state``, then per firing
    ``update_state`` with the session state and ``complete_and_start_action``, or
    ``abandon_action`` when one of them fails), without durable's ``Closure`` (two clock
    reads), its re-encoding of the unchanged state or its 10-second action timeout. An
    error is appended to ``errors``, as durable's completion callback would receive it.
    """
    try:
        started = _dre.start_action_for_state(entry.handle, state_offset)
        if started:
            _dispatch(entry, state_offset, started[0], started[1], errors)
    except BaseException as error:
        errors.append(error)


def _dispatch(
    entry: _Ruleset, state_offset: int, state: str, messages: str, errors: list[BaseException]
) -> None:
    """Call each firing's action with the fids it bound, then complete it in durable.

    A failure after an action was started abandons it (as durable does for a failing C
    call): an action left started holds the session's lease for a minute, during which
    ``start_action`` does not see it and the session would look empty of actions.
    """
    handle = entry.handle
    rules = entry.rules
    while True:
        try:
            rule, fids = _bound(rules, messages)
            try:
                rule.action(fids)
            except BaseException as error:  # our actions never raise; durable completes too
                errors.append(error)
            _dre.update_state(handle, state)
            messages = _dre.complete_and_start_action(handle, state_offset)
        except BaseException as error:
            _dre.abandon_action(handle, state_offset)
            errors.append(error)
            return
        if not messages:
            return


def _bound(rules: Mapping[str, _Rule], messages: str) -> tuple[_Rule, tuple[str, ...]]:
    """The rule of one firing in durable's message and the fids bound to its aliases.

    Found in the message's text (see ``_Rule``); a fid with an escape, or any surprise,
    is read by decoding the message instead.
    """
    end = messages.find('"', 2)
    rule = rules.get(messages[2:end]) if messages.startswith('{"') else None
    if rule is not None:
        fids: list[str] = []
        for key in rule.keys:
            start = messages.find(key, end)
            if start < 0:
                break
            start += len(key)
            fid = messages[start : messages.find('"', start)]
            if "\\" in fid:
                break
            fids.append(fid)
        else:
            return rule, tuple(fids)
    name, bound = next(iter(json.loads(messages).items()))
    rule = rules[name]
    return rule, tuple(str(bound[alias]["fid"]) for alias in rule.aliases)


def _drain(entry: _Ruleset, errors: list[BaseException]) -> None:
    """Run actions still pending in the ruleset until there are none."""
    for _ in range(_MAX_DRAIN):
        started = _dre.start_action(entry.handle)
        if started is None:
            return
        state, messages, state_offset = started
        _dispatch(entry, state_offset, state, messages, errors)
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
        _drain(entry, [])
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
