"""The CLIPS engine (via clipspy): the only module that imports clips.

``compile_to_clips`` turns checked IR into CLIPS constructs (a pure function, text);
``run_clips`` builds one CLIPS environment per rulebook and process, once, and evaluates
facts on it. It runs the same checks as the other evaluators (``familycase.engine.analysis``
and ``familycase.engine.fact_checks``, at the same points) and gives the same
``EngineResult``; property-based tests compare the three.

Compilation
    - facts are CLIPS *ordered* facts, ``(t-<type> <v1> ... <vk> <n>)``: the values of the
      fields some pattern tests or joins on, in sorted field order, then ``n`` (the fact's
      position in the evaluation's list of facts). Ordered facts are about twice as fast for
      CLIPS to read as the same facts with named slots (which it must look up one by one);
      the fields no rule tests are never asserted (a derived fact's fields are copied in
      Python, from the facts bound);
    - one ``defrule`` per rule: a first pattern on its own sentinel (``(fc-go <index>)``,
      asserted only when the rule is live: ``analysis.Liveness``, which also tests its
      validity dates), then one pattern per IR pattern, a negated one inside
      ``(not ...)``. Literal equalities become constants in their position and equality
      joins shared variables (CLIPS indexes both); every other test is one predicate on
      ``n``, which comes last so that the predicate sees every variable of its pattern.
      Two positive patterns of the same type never bind the same fact, and a negated
      pattern never sees a fact bound before it (``n`` differs), as in the other
      evaluators;
    - strings compare with ``str-compare`` (byte order of UTF-8, which is code point order,
      as in Python), ints with ``=``/``<``..., bools are asserted as the ints 0 and 1 (the
      fact checks guarantee that a comparison never mixes kinds, so no other value is ever
      compared with them); joins whose kind is not known before the facts are use small
      ``deffunction`` s that order strings or numbers;
    - a firing appends its rule's index and the ``n`` of each positive pattern to its
      rule's global ``?*fc-out<index>*``; it calls no Python. A function per stratum
      (``fc-fired<k>``) answers the firings of its rules as one string.

Evaluation
    Pass k asserts (one ``assert`` command, its text made from one format per fact type
    and the kinds of its fields) the facts not yet asserted that a rule that may be live
    could use (the base facts in pass 0, the facts derived in pass k-1 after) and the
    sentinels of the live rules of stratum k, runs the agenda, then reads the firings. A
    rule that cannot fire in the evaluation (``analysis.Liveness``) never starts its joins.
    CLIPS negation is exact whatever the order of assertion; the strata still order the
    passes, so that facts derived in pass k are complete before a rule of a later stratum
    runs. Derived facts get their content-hash fid in Python (``ir.Derivations``), as in
    the other evaluators. The environment is ``reset`` before every evaluation, on success
    and on error, under a process-wide lock.

    clipspy installs a Python router for CLIPS' error messages; while it is active CLIPS
    asks Python about every character it reads (five times slower). It is deactivated once
    the rules are built: a CLIPS error while evaluating becomes an ``EvaluationError`` with
    no text from CLIPS (which could quote fact values).

CLIPS strings are C strings: NUL and SOH are written escaped (``_text``), so that every
string the other evaluators accept compares alike here. Nearly every text needs no escape:
the assert command is made without any, then checked (its count of double quotes, and no
backslash, NUL or SOH); only a text that fails the check is made again value by value.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import clips as _clips

from familycase.engine.analysis import (
    Analysis,
    Cmp,
    Group,
    Node,
    PatternInfo,
    RuleInfo,
    _comparisons,
    _conjuncts,
    _parse,
    analyse,
    join_filter,
    liveness,
    masks_of,
)
from familycase.engine.fact_checks import DeclaredFacts, check_as_of, prepare_facts
from familycase.engine.ir import (
    CompiledRulebook,
    Derivations,
    Derive,
    DeriveSource,
    EngineResult,
    Fact,
    FactValue,
    Firing,
    Ref,
    derive_sources,
)
from familycase.errors import EvaluationError

__all__ = ["clips_version", "compile_to_clips", "run_clips"]

_LOCK = threading.Lock()
_MAX_ENVIRONMENTS = 64
_FUNCTIONS = """
(deffunction fc-order (?a ?b)
  (if (and (lexemep ?a) (lexemep ?b)) then (str-compare ?a ?b)
   else (if (< ?a ?b) then -1 else (if (> ?a ?b) then 1 else 0))))
"""


def _out(index: int) -> str:
    """The global where rule ``index`` appends its firings.

    One per rule: a firing copies the list it appends to, so one list for all would cost
    the square of the firings of a pass (a fifth of CLIPS' time in vignette phase 2)."""
    return f"?*fc-out{index}*"


def _fired(stratum: int, indices: Sequence[int]) -> str:
    """A function answering the firings of the rules ``indices`` (those of ``stratum``:
    only they can fire in its pass, as a rule reads no fact type that a rule of its own or
    a later stratum derives) as one string of numbers (clipspy turns a multifield into
    Python one value at a time); a function, so that CLIPS reads the globals' names once.
    ``reset`` empties the globals after the evaluation."""
    outs = " ".join(_out(i) for i in indices)
    return f"(deffunction fc-fired{stratum} () (implode$ (create$ {outs})))"


_CMP = {"$eq": "eq", "$neq": "neq", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


def clips_version() -> str:
    """The version of clipspy in use."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("clipspy")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "unknown"


# -- compiling ---------------------------------------------------------------------------
def compile_to_clips(rulebook: CompiledRulebook) -> str:
    """The CLIPS constructs for a compiled rulebook (text for ``Environment.build``, one
    construct per blank-line-separated block). Raises ``ContentError`` like the others."""
    return _Compiled.of(analyse(rulebook)).text


def _template(type_name: str) -> str:
    return "t-" + type_name


def _string(value: str) -> str:
    return _text(value)


def _inner(value: str) -> str:
    """A string's text between CLIPS' double quotes.

    CLIPS strings are C strings: NUL is written as SOH SOH and SOH as SOH STX, an encoding
    that keeps equality and (byte, so code point) order."""
    if '"' in value or "\\" in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
    if "\x00" in value or "\x01" in value:
        value = value.replace("\x01", "\x01\x02").replace("\x00", "\x01\x01")
    return value


def _text(value: FactValue) -> str:
    """A fact value as CLIPS text (a string escaped by ``_inner``, a bool as 0 or 1)."""
    if type(value) is str:
        return f'"{_inner(value)}"'
    if value is True:
        return "1"
    if value is False:
        return "0"
    return str(value)


def _literal(value: FactValue) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    if isinstance(value, int):
        return str(value)
    return _string(value)


@dataclass
class _Compiled:
    """The constructs of a rulebook and what evaluation needs to read CLIPS' answers."""

    constructs: list[str]  # globals, functions and templates (the rules are built apart)
    slots: dict[str, tuple[str, ...]]  # fact type -> the fields asserted, in slot order
    rules: tuple[RuleInfo, ...]  # by the index a firing reports
    runs: tuple[str, ...] = ()  # by stratum: what runs the pass and answers its firings
    go: tuple[str, ...] = ()  # by rule index: its sentinel fact

    @classmethod
    def of(cls, analysis: Analysis) -> _Compiled:
        fields: dict[str, set[str]] = {}
        for info in analysis.infos:
            types = {p.alias: p.type for p in info.patterns}
            for pattern in info.patterns:
                fields.setdefault(pattern.type, set())
                for cmp in _comparisons(_parse(pattern.test)):
                    if cmp.field != "type":
                        fields[pattern.type].add(cmp.field)
                    if isinstance(cmp.operand, Ref):
                        fields.setdefault(types[cmp.operand.alias], set()).add(cmp.operand.field)
        slots = {t: tuple(sorted(names)) for t, names in sorted(fields.items())}
        outs = " ".join(f"{_out(i)} = (create$)" for i in range(len(analysis.infos)))
        constructs = [
            f"(defglobal {outs})",
            _FUNCTIONS.strip(),
        ]
        index = {id(info): i for i, info in enumerate(analysis.infos)}
        for k, stratum in enumerate(analysis.by_stratum):
            constructs.append(_fired(k, [index[id(info)] for info in stratum]))
        # after a pass's assert: run the agenda, then answer its firings
        runs = tuple(f"(run) (fc-fired{k})" for k in range(analysis.strata))
        go = tuple(f"({_GO} {i})" for i in range(len(analysis.infos)))
        return cls(constructs, slots, analysis.infos, runs, go)

    @property
    def text(self) -> str:
        """Every construct, the rules included."""
        rules = [_rule(index, info, self.slots) for index, info in enumerate(self.rules)]
        return "\n\n".join([*self.constructs, *rules])


def _rule(
    index: int,
    info: RuleInfo,
    slots: Mapping[str, tuple[str, ...]],
    *,
    generic: bool = False,
) -> str:
    """One defrule: the sentinel pattern, then the rule's patterns, then the firing.

    ``slots``: the fields asserted of each fact type, in their order in the fact.
    ``generic``: every test in the predicate, through functions (see ``_environment``)."""
    lines = [f"(defrule r{index}", f"  ({_GO} {index})"]
    # the fields of each positive pattern that a later pattern joins on: bound to variables
    joined: dict[str, set[str]] = {}
    for pattern in info.patterns:
        for cmp in _comparisons(_parse(pattern.test)):
            if isinstance(cmp.operand, Ref):
                joined.setdefault(cmp.operand.alias, set()).add(cmp.operand.field)
    position = {p.alias: j for j, p in enumerate(info.patterns)}
    earlier: list[PatternInfo] = []  # positive patterns before this one
    for j, pattern in enumerate(info.patterns):
        text = _pattern(
            j,
            pattern,
            slots[pattern.type],
            joined.get(pattern.alias, set()),
            position,
            earlier,
            generic=generic,
        )
        lines.append("  " + (f"(not {text})" if pattern.negated else text))
        if not pattern.negated:
            earlier.append(pattern)
    bound = " ".join(f"?n{position[alias]}" for alias in info.positive)
    lines.append("  =>")
    lines.append(f"  (bind {_out(index)} (create$ {_out(index)} {index} {bound})))")
    return "\n".join(lines)


#: The sentinel of one rule, ``(fc-go <index>)``: asserted in its stratum's pass when the
#: rule is live (``analysis.Liveness``), after the pass's facts.
_GO = "fc-go"


def _var(j: int, name: str) -> str:
    return f"?p{j}_{name}"


def _pattern(
    j: int,
    pattern: PatternInfo,
    fields: Sequence[str],
    joined: set[str],
    position: Mapping[str, int],
    earlier: Sequence[PatternInfo],
    *,
    generic: bool = False,
) -> str:
    """One pattern: a constraint per field in ``fields`` order (constants, equality joins,
    ``?`` for a field it does not test), then ``n`` with one predicate."""
    constraints: dict[str, list[str]] = {}
    rest: list[Node] = []
    for item in _conjuncts(_parse(pattern.test)):
        if isinstance(item, Cmp) and item.field == "type":
            continue
        if (
            isinstance(item, Cmp)
            and item.op == "$eq"
            and item.field not in constraints
            and not generic
        ):
            # one equality per slot in the pattern (CLIPS refuses a pattern whose constants
            # conflict: "a"&"b"); any other stays in the predicate
            operand = item.operand
            value = (
                _var(position[operand.alias], operand.field)
                if isinstance(operand, Ref)
                else _literal(operand)
            )
            constraints.setdefault(item.field, []).append(value)
        else:
            rest.append(item)
    used = set(joined)
    for item in rest:
        used.update(c.field for c in _comparisons(item))
    slots = []
    for name in fields:
        parts = [_var(j, name)] if name in used else []
        parts += constraints.get(name, [])
        # "?v&x": bind then test; a constant or a join alone is its own constraint
        slots.append("&".join(parts) or "?")
    n_parts = [f"?n{j}"] if not pattern.negated else []
    n_parts += [f"~?n{position[p.alias]}" for p in earlier if p.type == pattern.type]
    if rest:
        n_parts.append(":" + _and(rest, j, position, generic))
    slots.append("&".join(n_parts) or "?")
    return f"({_template(pattern.type)} {' '.join(slots)})"


def _and(items: Sequence[Node], j: int, position: Mapping[str, int], generic: bool) -> str:
    return _connect("and", [_expr(i, j, position, generic) for i in items])


def _connect(word: str, exprs: Sequence[str]) -> str:
    """``(and a b ...)`` / ``(or a b ...)``; CLIPS wants two operands at least."""
    return exprs[0] if len(exprs) == 1 else f"({word} {' '.join(exprs)})"


def _expr(node: Node, j: int, position: Mapping[str, int], generic: bool) -> str:
    """A test as a CLIPS expression over the pattern's variables and earlier ones."""
    if isinstance(node, Group):
        word = "and" if node.op == "$and" else "or"
        return _connect(word, [_expr(i, j, position, generic) for i in node.items])
    left = _var(j, node.field)
    operand = node.operand
    right = (
        _var(position[operand.alias], operand.field)
        if isinstance(operand, Ref)
        else _literal(operand)
    )
    if node.op in ("$eq", "$neq"):
        return f"({_CMP[node.op]} {left} {right})"
    if isinstance(operand, Ref) or generic:
        return f"({_CMP[node.op]} (fc-order {left} {right}) 0)"
    if isinstance(operand, str):
        return f"({_CMP[node.op]} (str-compare {left} {right}) 0)"
    return f"({_CMP[node.op]} {left} {right})"


# -- environments ----------------------------------------------------------------------
@dataclass(eq=False)
class _Environment:
    """A CLIPS environment holding one rulebook's rules."""

    analysis: Analysis
    compiled: _Compiled
    env: Any
    # per fact type and the kinds of its asserted fields (every fact of a type in one
    # evaluation has the same, ``Schema``): how to write such a fact
    writers: dict[tuple[str, tuple[str, ...]], _Writer] = field(default_factory=dict)
    # by the index a firing reports: the rule's id, the aliases of its positive patterns
    # (in the order their ``n`` follow), how many, what it derives and where each of the
    # derived fact's values comes from (``ir.derive_sources``)
    plans: list[_Plan] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plans = [
            (
                info.rule.id,
                info.positive,
                len(info.positive),
                info.rule.derive,
                () if info.rule.derive is None else derive_sources(info.rule.derive, info.positive),
            )
            for info in self.compiled.rules
        ]

    def writer(self, type_name: str, kinds: Mapping[str, str]) -> _Writer:
        """How to write a fact of ``type_name`` whose fields have ``kinds``."""
        names = self.compiled.slots[type_name]
        key = (type_name, tuple(kinds[name] for name in names))
        writer = self.writers.get(key)
        if writer is None:
            if len(self.writers) >= _MAX_WRITERS:
                self.writers.clear()
            writer = self.writers[key] = _Writer.of(names, key[1])
        return writer


_Plan = tuple[str, tuple[str, ...], int, Derive | None, tuple[DeriveSource, ...]]


class _Writer(NamedTuple):
    """How to write the facts of one type whose fields have given kinds, as CLIPS text.

    ``format % (*values(fact), n)`` is the fact with its texts written as they are, between
    double quotes (``quotes`` of them in all); only a text holding a double quote, a
    backslash, NUL or SOH needs ``_inner``, and the caller checks the whole command for
    those at once. ``values`` gives the type name first (so that it always gives a tuple)."""

    format: str
    values: Callable[[Fact], tuple[FactValue, ...]]
    quotes: int

    @classmethod
    def of(cls, names: tuple[str, ...], kinds: tuple[str, ...]) -> _Writer:
        fields = "".join(' "%s"' if kind == "str" else " %d" for kind in kinds)
        values: Callable[[Fact], tuple[FactValue, ...]] = (
            operator.itemgetter("type", *names) if names else _type_only
        )
        return cls(f"({_template('%s')}{fields} %d)", values, 2 * kinds.count("str"))


def _type_only(fact: Fact) -> tuple[FactValue, ...]:
    return (fact["type"],)


_environments: dict[str, _Environment] = {}
_MAX_WRITERS = 4096


_OUTPUTS = frozenset({"stdout", "stderr", "stdwrn", "wdisplay", "werror", "wwarning", "wtrace"})


class _Silent(_clips.Router):  # type: ignore[misc]
    """A router taking every message CLIPS writes, and dropping it."""

    def __init__(self) -> None:
        super().__init__("familycase-silent", 50)

    def query(self, name: str) -> bool:
        return name in _OUTPUTS

    def write(self, name: str, message: str) -> None:
        return


def _environment(analysis: Analysis) -> _Environment:
    """The environment of a rulebook, built on first use (call with ``_LOCK`` held)."""
    entry = _environments.get(analysis.content_hash)
    if entry is not None:
        return entry
    compiled = _Compiled.of(analysis)
    env = _clips.Environment()
    silent = _Silent()
    env.add_router(silent)  # CLIPS' messages while building are not printed
    try:
        for construct in compiled.constructs:
            env.build(construct)
        for index, info in enumerate(compiled.rules):
            try:
                env.build(_rule(index, info, compiled.slots))
            except _clips.CLIPSError:
                # CLIPS found kinds that cannot match (a str literal ordered against a field
                # an int literal also tests): the fact checks refuse such a rule once facts of
                # the type exist, as the other evaluators do. Until then it must build: as
                # a rule comparing through functions whose kinds CLIPS cannot see.
                env.build(_rule(index, info, compiled.slots, generic=True))
    except _clips.CLIPSError as exc:
        raise EvaluationError(
            f"CLIPS refused the compiled rulebook {analysis.content_hash[:16]} "
            f"({type(exc).__name__})."
        ) from exc
    for router in list(env.routers()):
        router.deactivate()  # see the module doc: no Python in CLIPS' reading loop
    silent.delete()
    entry = _Environment(analysis, compiled, env)
    if len(_environments) >= _MAX_ENVIRONMENTS:
        del _environments[next(iter(_environments))]
    _environments[analysis.content_hash] = entry
    return entry


# -- evaluating --------------------------------------------------------------------------
def _escaped(written: Sequence[Fact], writers: Mapping[str, _Writer], first: int) -> str:
    """The assert command's facts with every text escaped (``_inner``), numbered from
    ``first``: for the rare pass where some text holds a character that needs it."""
    parts = ["(progn (assert"]
    for n, fact in enumerate(written, start=first):
        writer = writers[str(fact["type"])]
        values = [_inner(v) if type(v) is str else v for v in writer.values(fact)]
        parts.append(writer.format % (*values, n))
    return "".join(parts)


def run_clips(
    rulebook: CompiledRulebook,
    facts: Iterable[Mapping[str, object]],
    *,
    as_of: str,
    declared: DeclaredFacts | None = None,
) -> EngineResult:
    """Evaluate facts with CLIPS: sorted firings and derived facts by fid.

    Accepts and refuses exactly what ``run_reference`` does, with the same errors.
    Thread-safe (evaluations are serialised).

    ``declared``: facts whose producer guarantees their shape (``fact_checks.DeclaredFacts``)
    are not checked one by one, with the same result; without it every fact is checked.
    """
    analysis = analyse(rulebook)
    check_as_of(as_of)
    prepared = prepare_facts(analysis, facts, declared)
    if not analysis.infos:
        return EngineResult(())
    with _LOCK:
        entry = _environment(analysis)
        env = entry.env
        try:
            return _evaluate(entry, prepared.facts, prepared.fids, prepared.schema, as_of)
        except _clips.CLIPSError as exc:
            raise EvaluationError(f"CLIPS failed ({type(exc).__name__}).") from exc
        finally:
            env.reset()


def _evaluate(
    entry: _Environment, base: list[Fact], known: set[str], schema: Any, as_of: str
) -> EngineResult:
    analysis = entry.analysis
    env = entry.env
    relevance = analysis.relevance
    rules = liveness(analysis)
    live = rules.live
    total = 0  # the union of the masks of the facts asserted (analysis.Liveness)
    useful = 0  # the bits of the facts worth asserting: set in pass 0
    joined = join_filter(analysis)
    sharper: Mapping[str, Callable[[Mapping[str, object], int], bool]] = {}
    facts: list[Fact] = []  # asserted, by their n
    fids: list[str] = []  # their fids, by n
    firings: set[Firing] = set()
    derivations = Derivations(known)
    schema.check(analysis, schema.kinds)
    new: list[Fact] = base
    plans = entry.plans
    runs = entry.compiled.runs
    go = entry.compiled.go
    writers: dict[str, _Writer] = {}  # by fact type, in this evaluation
    new_firing = tuple.__new__
    kinds = schema.kinds
    for stratum in range(analysis.strata):
        parts = ["(progn (assert"]
        first = len(facts)
        quotes = 0
        masks, union = masks_of(relevance, new)
        if stratum == 0:
            # only facts some rule that may be live could use are asserted, and of the
            # types the join filter knows, only those it admits
            useful = rules.useful(union, as_of)
            if joined is not None:
                sharper = joined.admitting(new, masks)
        n = first  # the next fact's n
        for fact, mask in zip(new, masks, strict=True):
            if not mask & useful:
                continue
            type_name: str = fact["type"]  # type: ignore[assignment]  # checked: a str
            if sharper:
                admits = sharper.get(type_name)
                if admits is not None and not admits(fact, mask):
                    continue
            total |= mask
            writer = writers.get(type_name)
            if writer is None:
                writer = writers[type_name] = entry.writer(type_name, kinds[type_name])
            text, values, count = writer
            parts.append(text % (*values(fact), n))
            n += 1
            quotes += count
            facts.append(fact)
            fids.append(fact["fid"])  # type: ignore[arg-type]  # checked: a str
        body = "".join(parts)
        if body.count('"') != quotes or "\\" in body or "\x00" in body or "\x01" in body:
            body = _escaped(facts[first:], writers, first)
        run = runs[stratum]
        sentinels = "".join([go[i] for i in live(stratum, total, as_of)])
        # nothing to assert and no live rule: nothing to run
        out = str(env.eval(f"{body}{sentinels}) {run})")) if sentinels or len(facts) > first else ""
        numbers = list(map(int, out.split()))
        i = 0
        end = len(numbers)
        while i < end:
            rule_id, positive, count, derive, sources = plans[numbers[i]]
            j = i + 1
            i = j + count
            # most rules bind one or two facts: their bindings are written out
            if count == 1:
                bindings: tuple[tuple[str, str], ...] = ((positive[0], fids[numbers[j]]),)
            elif count == 2:
                bindings = ((positive[0], fids[numbers[j]]), (positive[1], fids[numbers[j + 1]]))
            else:
                bindings = tuple(zip(positive, [fids[n] for n in numbers[j:i]], strict=True))
            firing = new_firing(Firing, (rule_id, bindings))  # Firing(...) without its __new__
            firings.add(firing)
            if derive is None:
                continue
            derivations.add(
                firing,
                derive,
                [facts[numbers[j + at]][name] if at >= 0 else value for at, name, value in sources],
            )
        pending = derivations.take()
        for fact in pending:
            schema.add(fact)
        schema.check(analysis, {str(f["type"]) for f in pending})
        new = pending
        sharper = {}
    return EngineResult(
        tuple(sorted(firings)),  # a Firing is a named tuple: sorted as its fields
        dict(sorted(derivations.facts.items())),
        dict(sorted(derivations.by.items())),
    )
