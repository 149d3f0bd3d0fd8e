"""The rule-file language: load, validate completely, compile to the engine IR.

Rule files are YAML (``rules/**/*.yaml``, outside ``rules/vocabulary`` and ``rules/law``).
The language is documented in ``docs/rules.md`` with a JSON Schema
(``docs/rule-file.schema.json``). Every problem in every rule file is collected and
reported at once, each with file, line, column, a stable code and a suggestion, before
anything reaches the engine.

A rule::

    - id: notify_child_welfare_witnessed_violence
      title: {nb: ..., nn: ..., en: ...}
      reason: {nb: "{child} har ...", nn: ..., en: ...}   # {alias} / {alias.field}
      legal_basis: [sotjl_45, bvl_13_2_a, bvl1992_6_4]    # provision ids, chosen by date
      when:                                               # facts that must exist
        - person: {age_group: child}
          as: child
        - exposure: {person: $child.pid, category: violence, status: current}
      unless:                                             # facts that must NOT exist
        - service: {person: $child.pid, service: child_welfare, status: active}
      then:
        suggest: {measure: notify_child_welfare, obligation: duty, responsible: nav_office,
                  services: [child_welfare], persons: [$child.pid], urgency: soon}
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from familycase._resources import rules_dir
from familycase._text import LANGS, Text, placeholders, stray_braces
from familycase._validation import Date, field_names, problems_from
from familycase._yaml import Document, PathKey, load_yaml
from familycase.engine.ir import (
    CompiledRule,
    CompiledRulebook,
    Derive,
    FactValue,
    Pattern,
    Ref,
    Test,
    rulebook_hash,
)
from familycase.engine.nearest import Condition, Slot, slots_of
from familycase.errors import ContentError, Problem, UsageError
from familycase.rules.about import FILE_NAME as ABOUT_FILE
from familycase.rules.about import RulebookInfo, load_about
from familycase.rules.explanations import explain_problems
from familycase.rules.fact_types import FACT_TYPES, FactType, FieldSpec
from familycase.rules.provisions import Provisions, load_provisions
from familycase.rules.vocabulary import Vocabularies, Vocabulary, load_vocabularies

Obligation = Literal["duty", "recommendation"]
Urgency = Literal["immediate", "soon", "planned"]
URGENCY_ORDER: dict[str, int] = {"immediate": 0, "soon": 1, "planned": 2}

_ALIAS = re.compile(r"[a-z][a-z0-9_]*")
_REF = re.compile(r"\$([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)")
_OPERATORS = ("not", "gt", "gte", "lt", "lte")
_RESERVED = frozenset({"fid", "type", "id", "sid"})
_SPECIAL_DIRS = frozenset({"vocabulary", "law"})

RuleId = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuggestSpec(_Spec):
    """``then.suggest``: a measure to propose."""

    measure: str = Field(description="A measure id (rules/vocabulary/measures.yaml).")
    obligation: Obligation = Field(description="'duty' (the law requires it) or 'recommendation'.")
    responsible: str = Field(description="The service id responsible for the measure.")
    services: list[str] = Field(
        default_factory=list,
        description="Service ids (or '$alias.field' references to a service) that cooperate "
        "or receive.",
    )
    persons: list[str] = Field(
        default_factory=list, description="'$alias.field' references to the persons concerned."
    )
    urgency: Urgency = Field(description="'immediate', 'soon' or 'planned'.")
    requires_consent: bool = Field(
        default=False, description="Whether the measure needs the person's consent."
    )


class AskSpec(_Spec):
    """``then.ask``: a question to clarify."""

    question: Text = Field(description="The question, a template in nb/nn/en.")
    settles: str | None = Field(
        default=None, description="A measure id whose duty stays unclear until this is answered."
    )
    persons: list[str] = Field(default_factory=list)
    urgency: Urgency = "soon"


class DeriveSpec(_Spec):
    """``then.derive``: a fact for other rules to use."""

    fact: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="The derived fact type.")
    fields: dict[str, str | int | bool] = Field(
        description="Field values: literals or '$alias.field' references."
    )


class ThenSpec(_Spec):
    """What a rule concludes: at least one of suggest, ask, derive."""

    suggest: SuggestSpec | None = None
    ask: AskSpec | None = None
    derive: DeriveSpec | None = None


class RuleSpec(_Spec):
    """One rule as written in a rule file."""

    id: str = RuleId
    title: Text
    reason: Text = Field(description="Why the rule fires; a template in nb/nn/en.")
    legal_basis: list[str] = Field(default_factory=list, description="Provision ids.")
    valid_from: Date | None = None
    valid_until: Date | None = None
    when: list[dict[str, Any]] = Field(min_length=1, description="Facts that must exist.")
    unless: list[dict[str, Any]] = Field(
        default_factory=list, description="Facts that must not exist."
    )
    then: ThenSpec
    note: str | None = Field(default=None, description="A note for rule authors.")
    explain: dict[str, Text] = Field(
        default_factory=dict,
        description="Better words for why the rule did not fire (the duty board, why-not): "
        "'<alias>.<field>' for a condition that is not met, '<alias>' for a fact that is not "
        "recorded; the placeholders of rules/vocabulary/explanations.yaml.",
    )


class RuleFileSpec(_Spec):
    """A rule file."""

    description: str | None = None
    rules: list[RuleSpec] = Field(min_length=1)


# -- validated rules -----------------------------------------------------------------------
@dataclass(frozen=True)
class PatternSpec:
    """A validated pattern: fact type, alias, conditions; ``negated`` for ``unless``."""

    fact: str
    alias: str
    negated: bool
    conditions: Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    """A validated rule, with where it was written."""

    spec: RuleSpec
    file: str
    line: int | None
    patterns: tuple[PatternSpec, ...]
    aliases: Mapping[str, str]  # alias -> fact type (positive patterns only)
    stratum: int = 0

    @property
    def id(self) -> str:
        return self.spec.id

    def __repr__(self) -> str:
        return f"Rule(id={self.id!r})"


@dataclass(frozen=True)
class Rulebook:
    """Validated rules, their vocabularies and provisions, compiled for the engine."""

    rules: tuple[Rule, ...]
    vocabularies: Vocabularies
    provisions: Provisions
    compiled: CompiledRulebook
    derived_types: Mapping[str, FactType]
    content_hash: str = field(default="")  # the compiled rules plus every text and outcome
    sources: tuple[str, ...] = field(default=())
    # name, version and date (rulebook.yaml at the top of the rules folder)
    about: RulebookInfo = field(default=RulebookInfo(name="rules", version="unversioned"))

    def rule(self, rule_id: str) -> Rule:
        """The rule with id ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def fact_type(self, name: str) -> FactType:
        """A base or derived fact type."""
        return FACT_TYPES[name] if name in FACT_TYPES else self.derived_types[name]

    def __repr__(self) -> str:
        return f"Rulebook(rules={len(self.rules)}, hash={self.content_hash[:12]!r})"


# -- loading -------------------------------------------------------------------------------
def load_rulebook(path: str | Path | None = None) -> Rulebook:
    """Load, validate and compile a rulebook.

    ``path`` is a rules folder (rule files in it and its subfolders; vocabularies in
    ``vocabulary/`` and provisions in ``law/`` when present, else the shipped ones) or a
    single rule file. The default, the rules shipped with familycase, is cached. Raises
    ``ContentError`` (with file, line and column) for rules, vocabularies or provisions that
    are wrong, ``UsageError`` for a ``path`` that is not a path.
    """
    if path is None:
        return _default_rulebook()
    if not isinstance(path, str | Path):
        raise UsageError(
            f"load_rulebook takes a rules folder or file path (str or pathlib.Path), "
            f"not a {type(path).__name__}."
        )
    return _load(Path(path))


@cache
def _default_rulebook() -> Rulebook:
    return _load(rules_dir())


def _data_fingerprint(vocab: Vocabularies, provisions: Provisions) -> str:
    """The vocabularies and provisions as one canonical JSON text."""
    import json  # noqa: PLC0415

    def entries(v: Vocabulary) -> dict[str, Any]:
        return {
            key: [e.label.model_dump(), sorted(e.attributes.items())]
            for key, e in v.entries.items()
        }

    data = {
        "vocabularies": {
            name: entries(getattr(vocab, name))
            for name in ("laws", "services", "measures", "concern_kinds", "relation_kinds")
        },
        "terms": {name: entries(v) for name, v in vocab.terms.items()},
        "ui": {key: text.model_dump() for key, text in vocab.ui.items()},
        "explanations": repr(vocab.explanations),
        "provisions": {pid: p.model_dump(mode="json") for pid, p in provisions.entries.items()},
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def rule_files(directory: Path) -> list[Path]:
    """The rule files in a rules folder, sorted (not its ``rulebook.yaml``)."""
    return sorted(
        p
        for p in directory.rglob("*.yaml")
        if not (set(p.relative_to(directory).parts[:-1]) & _SPECIAL_DIRS)
        and p.relative_to(directory) != Path(ABOUT_FILE)
    )


def _load(path: Path) -> Rulebook:
    if path.is_dir():
        vocab_dir = path / "vocabulary"
        vocab = load_vocabularies(vocab_dir) if vocab_dir.is_dir() else load_vocabularies()
        law_file = path / "law" / "provisions.yaml"
        provisions = load_provisions(
            law_file if law_file.is_file() else None,
            vocabularies=vocab if vocab_dir.is_dir() else None,
        )
        files = rule_files(path)
        if not files:
            raise ContentError(
                [Problem("FC500", "No rule files (*.yaml) found.", file=str(path))],
                "The rulebook is empty",
            )
        return replace(build_rulebook(files, vocab, provisions), about=load_about(path))
    vocab, provisions, files = load_vocabularies(), load_provisions(), [path]
    return build_rulebook(files, vocab, provisions)


def build_rulebook(files: Sequence[Path], vocab: Vocabularies, provisions: Provisions) -> Rulebook:
    """Validate and compile rule files against vocabularies and provisions."""
    problems: list[Problem] = []
    specs: list[tuple[RuleSpec, Document, int]] = []
    for file in files:
        try:
            doc = load_yaml(file)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        specs.extend(_rule_specs(doc, problems, vocab))
    checker = _Checker(vocab, provisions, problems)
    checker.collect_derived(specs)
    rules = [checker.check(rule, doc, ("rules", index)) for rule, doc, index in specs]
    seen: dict[str, str] = {}
    for rule_spec, doc, index in specs:
        if rule_spec.id in seen:
            problems.append(
                doc.problem(
                    "FC510",
                    f"Duplicate rule id '{rule_spec.id}' (also in {seen[rule_spec.id]}).",
                    ("rules", index, "id"),
                    "Rule ids are unique across all rule files; rename one.",
                )
            )
        else:
            mark = doc.mark(("rules", index))
            seen[rule_spec.id] = f"{doc.file}:{mark.line}" if mark else doc.file
    valid = [r for r in rules if r is not None]
    strata = checker.strata(valid, specs)
    if problems:
        raise ContentError(problems, "The rules are invalid")
    ordered = tuple(
        Rule(r.spec, r.file, r.line, r.patterns, r.aliases, strata[r.id]) for r in valid
    )
    compiled_rules = tuple(_compile(rule) for rule in ordered)
    content = rulebook_hash(compiled_rules)
    import hashlib  # noqa: PLC0415

    texts = "".join(r.spec.model_dump_json() for r in ordered)
    # the vocabularies and provisions decide labels and which law is cited (with its status):
    # the same hash means the same assessment for the same case
    data = _data_fingerprint(vocab, provisions)
    full_hash = hashlib.sha256((content + texts + data).encode("utf-8")).hexdigest()
    return Rulebook(
        rules=ordered,
        vocabularies=vocab,
        provisions=provisions,
        compiled=CompiledRulebook(compiled_rules, content),
        content_hash=full_hash,
        derived_types=checker.derived_types,
        sources=tuple(str(f) for f in files),
    )


def _rule_specs(
    doc: Document, problems: list[Problem], vocab: Vocabularies
) -> list[tuple[RuleSpec, Document, int]]:
    """Each rule of a file validated on its own, so one bad rule hides no other."""

    def located(exc: ValidationError, base: PathKey = ()) -> list[Problem]:
        # a rule file holds no personal data: suggestions may repeat what was written
        return problems_from(
            exc,
            document=doc,
            base=base,
            known_fields=_SPEC_FIELDS,
            model=RuleSpec if base else RuleFileSpec,
            show_values=True,
            resolve_term=lambda field, word: _resolve_term(vocab, field, word),
        )

    data = doc.data
    if isinstance(data, dict) and "rules" not in data and ("persons" in data or "phases" in data):
        what = "scenario" if "phases" in data else "case"
        problems.append(
            doc.problem(
                "FC109",
                f"This is a {what} file, not a rule file.",
                (),
                "Give only rule files (they start with 'rules:') as rules, and keep other "
                f"files out of a rules folder. To assess the {what}, run 'familycase "
                f"evaluate {doc.file}'.",
                show_line=False,
            )
        )
        return []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        try:
            RuleFileSpec.model_validate(data)
        except ValidationError as exc:
            problems.extend(located(exc))
        else:  # pragma: no cover - a valid file always has a list of rules
            pass
        return []
    header = {k: v for k, v in data.items() if k != "rules"}
    try:
        RuleFileSpec.model_validate({**header, "rules": [_PLACEHOLDER_RULE]})
    except ValidationError as exc:
        problems.extend(located(exc))
    if not data["rules"]:
        problems.append(
            doc.problem("FC301", "A rule file needs at least one rule.", ("rules",), None)
        )
    out: list[tuple[RuleSpec, Document, int]] = []
    for index, raw in enumerate(data["rules"]):
        try:
            out.append((RuleSpec.model_validate(raw), doc, index))
        except ValidationError as exc:
            problems.extend(located(exc, ("rules", index)))
    return out


def _resolve_term(vocab: Vocabularies, field: str, word: str) -> str | None:
    """The value a word for a closed term list means (``obligation: anbefaling`` ->
    ``recommendation``), from the term list's labels in ``vocabulary/terms.yaml``."""
    terms = vocab.terms.get(field)
    return terms.resolve(word) if terms is not None else None


_PLACEHOLDER_RULE = {
    "id": "placeholder",
    "title": {"nb": "x", "nn": "x", "en": "x"},
    "reason": {"nb": "x", "nn": "x", "en": "x"},
    "when": [{"family": {}}],
    "then": {"ask": {"question": {"nb": "x", "nn": "x", "en": "x"}}},
}

_SPEC_FIELDS = field_names((RuleFileSpec, RuleSpec, ThenSpec, SuggestSpec, AskSpec, DeriveSpec))


class _Checker:
    """Semantic checks of rules against the fact schema, vocabularies and provisions."""

    def __init__(self, vocab: Vocabularies, provisions: Provisions, problems: list[Problem]):
        self.vocab = vocab
        self.provisions = provisions
        self.problems = problems
        self.derived_types: dict[str, FactType] = {}
        self._producers: dict[str, list[str]] = {}

    # derived fact types are declared by the rules that derive them
    def collect_derived(self, specs: Sequence[tuple[RuleSpec, Document, int]]) -> None:
        fields_by_type: dict[str, tuple[dict[str, FieldSpec], Document, PathKey]] = {}
        for spec, doc, index in specs:
            derive = spec.then.derive
            if derive is None:
                continue
            where: PathKey = ("rules", index, "then", "derive")
            if derive.fact in FACT_TYPES:
                self.problems.append(
                    doc.problem(
                        "FC521",
                        f"'{derive.fact}' is a built-in fact type; a rule cannot derive it.",
                        (*where, "fact"),
                        "Choose another name for the derived fact.",
                    )
                )
                continue
            aliases = self._aliases_of(spec)
            fields: dict[str, FieldSpec] = {}
            for name, value in derive.fields.items():
                fields[name] = self._derived_field(value, aliases)
            self._producers.setdefault(derive.fact, []).append(spec.id)
            previous = fields_by_type.get(derive.fact)
            if previous is not None and (
                set(previous[0]) != set(fields)
                or any(previous[0][k].kind != fields[k].kind for k in fields)
            ):
                self.problems.append(
                    doc.problem(
                        "FC521",
                        f"Rules derive '{derive.fact}' with different fields.",
                        (*where, "fields"),
                        f"Use the same fields everywhere: {', '.join(sorted(previous[0]))}.",
                    )
                )
                continue
            fields_by_type[derive.fact] = (fields, doc, where)
        for name, (fields, _, _) in fields_by_type.items():
            person_field = (
                "person" if fields.get("person", FieldSpec("str", "")).kind == ("person") else None
            )
            self.derived_types[name] = FactType(
                name, "Derived by rules.", fields, person_field=person_field
            )

    def _aliases_of(self, spec: RuleSpec) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in spec.when:
            if isinstance(item, dict):
                facts = [k for k in item if k != "as"]
                if len(facts) == 1:
                    alias = item.get("as", facts[0])
                    if isinstance(alias, str):
                        out[alias] = facts[0]
        return out

    def _derived_field(self, value: FactValue, aliases: Mapping[str, str]) -> FieldSpec:
        if isinstance(value, str) and (m := _REF.fullmatch(value)):
            fact = aliases.get(m.group(1))
            if fact in FACT_TYPES and m.group(2) in FACT_TYPES[fact].fields:
                return FACT_TYPES[fact].fields[m.group(2)]
            return FieldSpec("str", "")
        if isinstance(value, bool):
            return FieldSpec("bool", "")
        if isinstance(value, int):
            return FieldSpec("int", "")
        return FieldSpec("str", "")

    def fact_type(self, name: str) -> FactType | None:
        return FACT_TYPES.get(name) or self.derived_types.get(name)

    # one rule
    def check(self, spec: RuleSpec, doc: Document, where: PathKey) -> Rule | None:
        before = len(self.problems)
        self._poisoned: set[str] = set()  # aliases of items already reported as broken
        mark = doc.mark(where)
        patterns: list[PatternSpec] = []
        aliases: dict[str, str] = {}
        used: set[str] = set()
        explicit: dict[str, PathKey] = {}
        for section, negated in (("when", False), ("unless", True)):
            for i, item in enumerate(getattr(spec, section)):
                path = (*where, section, i)
                pattern = self._pattern(item, negated, aliases, used, explicit, doc, path)
                if pattern is not None:
                    patterns.append(pattern)
                    if not negated:
                        aliases[pattern.alias] = pattern.fact
        self._legal_basis(spec, doc, where)
        self._outcome(spec, aliases, used, doc, where)
        for name, text in (("title", spec.title), ("reason", spec.reason)):
            self._template(text, aliases, used, doc, (*where, name), allow=(name == "reason"))
        if spec.then.ask is not None:
            self._template(
                spec.then.ask.question,
                aliases,
                used,
                doc,
                (*where, "then", "ask", "question"),
                allow=True,
            )
        self._explain(spec, patterns, doc, where)
        for alias, path in explicit.items():
            if alias not in used and alias not in self._poisoned:
                self.problems.append(
                    doc.problem(
                        "FC515",
                        f"Variable '{alias}' is named with 'as' but never used.",
                        path,
                        "Use it ($" + alias + ".field or {" + alias + "}) or remove 'as'.",
                    )
                )
        if len(self.problems) > before:
            return None
        return Rule(spec, doc.file, mark.line if mark else None, tuple(patterns), aliases)

    def _explain(
        self, spec: RuleSpec, patterns: Sequence[PatternSpec], doc: Document, where: PathKey
    ) -> None:
        """``explain`` keys name a positive alias (and one of its conditions' fields)."""
        fields = {p.alias: list(p.conditions) for p in patterns if not p.negated}
        self.problems.extend(explain_problems(spec.explain, fields, doc, (*where, "explain")))

    def _pattern(
        self,
        item: Any,
        negated: bool,
        aliases: Mapping[str, str],
        used: set[str],
        explicit: dict[str, PathKey],
        doc: Document,
        path: PathKey,
    ) -> PatternSpec | None:
        if not isinstance(item, dict):
            self.problems.append(
                doc.problem("FC518", "A condition must be a mapping like 'person: {...}'.", path)
            )
            return None
        facts = [k for k in item if k != "as"]
        if len(facts) != 1:
            self.problems.append(
                doc.problem(
                    "FC518",
                    f"A condition names exactly one fact type; found {len(facts)}"
                    f"{' (' + ', '.join(facts) + ')' if facts else ''}.",
                    path,
                    "Split it into one list item per fact, e.g. '- person: {age_group: child}'.",
                )
            )
            return None
        fact = facts[0]
        ftype = self.fact_type(fact)
        if ftype is None:
            if isinstance(item.get("as", fact), str):
                self._poisoned.add(item.get("as", fact))
            known = [*FACT_TYPES, *self.derived_types]
            close = difflib.get_close_matches(fact, known, n=1)
            self.problems.append(
                doc.problem(
                    "FC511",
                    f"Unknown fact type '{fact:.40}'.",
                    (*path, fact),
                    f"Did you mean '{close[0]}'?" if close else f"Known: {', '.join(known)}.",
                )
            )
            return None
        alias = item.get("as", fact)
        if "as" in item:
            if negated:
                self.problems.append(
                    doc.problem(
                        "FC514",
                        "'as' cannot be used under 'unless' (nothing is bound there).",
                        (*path, "as"),
                        "Remove 'as'.",
                    )
                )
                return None
            if not isinstance(alias, str) or not _ALIAS.fullmatch(alias):
                self.problems.append(
                    doc.problem(
                        "FC514",
                        "'as' must be a snake_case name.",
                        (*path, "as"),
                        "Use e.g. 'as: child'.",
                    )
                )
                return None
            explicit[alias] = (*path, "as")
        if not negated and alias in aliases:
            self.problems.append(
                doc.problem(
                    "FC514",
                    f"Variable '{alias}' is already bound by an earlier condition.",
                    path,
                    f"Name this one with 'as: <name>' (e.g. 'as: {alias}2').",
                )
            )
            return None
        conditions = item[fact]
        if conditions is None:
            conditions = {}
        if not isinstance(conditions, dict):
            self.problems.append(
                doc.problem(
                    "FC518",
                    f"The conditions on '{fact}' must be a mapping of field: value.",
                    (*path, fact),
                    "Write '{}' for no conditions.",
                )
            )
            return None
        ref_lists = [
            fname
            for fname, cond in conditions.items()
            if isinstance(cond, list)
            and len(cond) > 1
            and any(isinstance(v, str) and v.startswith("$") for v in cond)
        ]
        if len(ref_lists) > 1:
            self.problems.append(
                doc.problem(
                    "FC518",
                    "Only one field of a condition can list several variables "
                    f"(here: {', '.join(ref_lists)}).",
                    (*path, fact),
                    "Split the condition into two rules.",
                )
            )
        ok = True
        for fname, cond in conditions.items():
            spec = ftype.fields.get(fname)
            cpath = (*path, fact, fname)
            if spec is None:
                close = difflib.get_close_matches(fname, list(ftype.fields), n=1)
                self.problems.append(
                    doc.problem(
                        "FC512",
                        f"Fact type '{fact}' has no field '{fname:.40}'.",
                        cpath,
                        f"Did you mean '{close[0]}'?"
                        if close
                        else f"Fields of '{fact}': {', '.join(ftype.fields)}.",
                    )
                )
                ok = False
                continue
            ok = self._condition(fname, spec, cond, aliases, used, doc, cpath) and ok
        # a pattern with a bad condition still binds its alias (the rule is refused anyway),
        # so later references to it do not add false problems
        return PatternSpec(fact, alias, negated, conditions)

    def _condition(
        self,
        fname: str,
        spec: FieldSpec,
        cond: Any,
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        path: PathKey,
    ) -> bool:
        if isinstance(cond, dict):
            # one operator, or a range of comparisons that must all hold ({gte: 0, lte: 14})
            ops = list(cond)
            if (
                not ops
                or any(op not in _OPERATORS for op in ops)
                or (len(ops) > 1 and "not" in ops)
            ):
                self.problems.append(
                    doc.problem(
                        "FC518",
                        "An operator condition has exactly one of: "
                        + ", ".join(_OPERATORS)
                        + "; or a range of gt, gte, lt, lte that must all hold.",
                        path,
                        "E.g. '{not: child}', '{gte: 18}' or '{gte: 0, lte: 14}'.",
                    )
                )
                return False
            if ops == ["not"]:
                return self._value(
                    fname, spec, cond["not"], aliases, used, doc, (*path, "not"), True
                )
            ok = True
            for op, value in cond.items():
                if spec.kind != "int" or isinstance(value, bool) or not isinstance(value, int):
                    self.problems.append(
                        doc.problem(
                            "FC513",
                            f"'{op}' compares whole numbers; '{fname}' is {spec.kind} "
                            "or the value is not a whole number.",
                            (*path, op),
                        )
                    )
                    ok = False
            return ok
        return self._value(fname, spec, cond, aliases, used, doc, path, True)

    def _value(
        self,
        fname: str,
        spec: FieldSpec,
        value: Any,
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        path: PathKey,
        allow_list: bool,
    ) -> bool:
        if isinstance(value, list):
            if not allow_list or not value:
                self.problems.append(
                    doc.problem(
                        "FC522",
                        "An empty list can never match." if not value else "Nested lists.",
                        path,
                        "List at least one value.",
                    )
                )
                return False
            refs = [isinstance(v, str) and v.startswith("$") for v in value]
            if any(refs) and not all(refs):
                self.problems.append(
                    doc.problem(
                        "FC518",
                        "A list cannot mix variables with values.",
                        path,
                        "Write two rules, or list only variables (or only values).",
                    )
                )
                return False
            return all(
                self._value(fname, spec, v, aliases, used, doc, (*path, i), False)
                for i, v in enumerate(value)
            )
        if isinstance(value, str) and value.startswith("$"):
            return self._ref(value, spec, aliases, used, doc, path) is not None
        return self._literal(fname, spec, value, doc, path)

    def _literal(
        self, fname: str, spec: FieldSpec, value: Any, doc: Document, path: PathKey
    ) -> bool:
        def bad(message: str, suggestion: str | None = None) -> bool:
            self.problems.append(doc.problem("FC513", message, path, suggestion))
            return False

        if spec.kind == "person":
            return bad(
                f"'{fname}' holds a person id, which differs from case to case.",
                "Join on a variable instead, e.g. '$child.pid'.",
            )
        if spec.kind == "bool":
            return True if isinstance(value, bool) else bad(f"'{fname}' is true or false.")
        if spec.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return bad(f"'{fname}' is a whole number.")
            return True
        if not isinstance(value, str):
            return bad(f"'{fname}' takes a text value; quote it.")
        if spec.kind == "vocab" and spec.vocabulary is not None:
            vocabulary = self.vocab.by_name(spec.vocabulary)
            if value not in vocabulary:
                return bad(
                    f"Unknown {spec.vocabulary.replace('_', ' ').removesuffix('s')} "
                    f"'{value:.60}' for '{fname}'.",
                    vocabulary.suggest(value),
                )
        if spec.kind == "enum" and value not in spec.values:
            close = difflib.get_close_matches(value, list(spec.values), n=1)
            return bad(
                f"'{value:.60}' is not a value of '{fname}'.",
                f"Did you mean '{close[0]}'?" if close else f"Values: {', '.join(spec.values)}.",
            )
        return True

    def _ref(
        self,
        value: str,
        spec: FieldSpec | None,
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        path: PathKey,
    ) -> FieldSpec | None:
        match = _REF.fullmatch(value)
        if match is None:
            self.problems.append(
                doc.problem(
                    "FC514",
                    f"'{value:.60}' is not a variable reference.",
                    path,
                    "Write '$alias.field', e.g. '$child.pid'.",
                )
            )
            return None
        alias, fname = match.groups()
        if alias in self._poisoned and alias not in aliases:
            return None
        if alias not in aliases:
            close = difflib.get_close_matches(alias, list(aliases), n=1)
            self.problems.append(
                doc.problem(
                    "FC514",
                    f"Unknown variable '{alias}' (not bound by an earlier 'when' condition).",
                    path,
                    f"Did you mean '{close[0]}'?"
                    if close
                    else f"Bound so far: {', '.join(aliases) or 'none'}.",
                )
            )
            return None
        ftype = self.fact_type(aliases[alias])
        assert ftype is not None
        target = ftype.fields.get(fname)
        if target is None:
            close = difflib.get_close_matches(fname, list(ftype.fields), n=1)
            self.problems.append(
                doc.problem(
                    "FC512",
                    f"'{alias}' is a {ftype.name} fact, which has no field '{fname}'.",
                    path,
                    f"Did you mean '{close[0]}'?" if close else None,
                )
            )
            return None
        if spec is not None and not _compatible(spec, target):
            self.problems.append(
                doc.problem(
                    "FC513",
                    f"Cannot compare a {spec.kind} field with '{value}' ({target.kind}).",
                    path,
                )
            )
            return None
        used.add(alias)
        return target

    def _legal_basis(self, spec: RuleSpec, doc: Document, where: PathKey) -> None:
        for i, pid in enumerate(spec.legal_basis):
            path = (*where, "legal_basis", i)
            if pid not in self.provisions:
                close = difflib.get_close_matches(pid, list(self.provisions.entries), n=1)
                self.problems.append(
                    doc.problem(
                        "FC516",
                        f"Unknown legal provision '{pid:.60}'.",
                        path,
                        f"Did you mean '{close[0]}'?"
                        if close
                        else "Add it to rules/law/provisions.yaml first.",
                    )
                )
                continue
            provision = self.provisions[pid]
            start, end = spec.valid_from, spec.valid_until
            if (provision.valid_until and start and start > provision.valid_until) or (
                provision.valid_from and end and end < provision.valid_from
            ):
                self.problems.append(
                    doc.problem(
                        "FC516",
                        f"Provision '{pid}' is not in force at any time the rule is valid.",
                        path,
                        "Check the rule's and the provision's valid_from/valid_until.",
                    )
                )
        if spec.valid_from and spec.valid_until and spec.valid_until < spec.valid_from:
            self.problems.append(
                doc.problem("FC308", "valid_until is before valid_from.", (*where, "valid_until"))
            )

    def _outcome(
        self,
        spec: RuleSpec,
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        where: PathKey,
    ) -> None:
        then = spec.then
        tpath = (*where, "then")
        if then.suggest is None and then.ask is None and then.derive is None:
            self.problems.append(
                doc.problem(
                    "FC523",
                    "'then' concludes nothing.",
                    tpath,
                    "Add 'suggest', 'ask' or 'derive'.",
                )
            )
            return
        if then.suggest is not None:
            s, spath = then.suggest, (*tpath, "suggest")
            self._vocab_id("measures", s.measure, doc, (*spath, "measure"))
            self._vocab_id("services", s.responsible, doc, (*spath, "responsible"))
            for i, service in enumerate(s.services):
                if service.startswith("$"):
                    target = self._ref(service, None, aliases, used, doc, (*spath, "services", i))
                    if target is not None and target.vocabulary != "services":
                        self.problems.append(
                            doc.problem(
                                "FC513",
                                f"'{service}' is not a service field.",
                                (*spath, "services", i),
                                "Refer to a service, e.g. '$service.service'.",
                            )
                        )
                else:
                    self._vocab_id("services", service, doc, (*spath, "services", i))
            self._person_refs(s.persons, aliases, used, doc, (*spath, "persons"))
            if s.obligation == "duty" and not spec.legal_basis:
                self.problems.append(
                    doc.problem(
                        "FC520",
                        "A duty needs a legal basis.",
                        (*spath, "obligation"),
                        "Add 'legal_basis: [...]' to the rule, or make it a 'recommendation'.",
                    )
                )
        if then.ask is not None:
            a, apath = then.ask, (*tpath, "ask")
            if a.settles is not None:
                self._vocab_id("measures", a.settles, doc, (*apath, "settles"))
            self._person_refs(a.persons, aliases, used, doc, (*apath, "persons"))
        if then.derive is not None:
            for name, value in then.derive.fields.items():
                fpath = (*tpath, "derive", "fields", name)
                if name in _RESERVED or not _ALIAS.fullmatch(name):
                    self.problems.append(
                        doc.problem(
                            "FC521",
                            f"'{name:.40}' cannot be a field name.",
                            fpath,
                            "Use a snake_case name other than fid, type, id or sid.",
                        )
                    )
                if isinstance(value, str) and value.startswith("$"):
                    self._ref(value, None, aliases, used, doc, fpath)

    def _person_refs(
        self,
        refs: Sequence[str],
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        path: PathKey,
    ) -> None:
        for i, ref in enumerate(refs):
            target = self._ref(ref, None, aliases, used, doc, (*path, i))
            if target is not None and target.kind != "person":
                self.problems.append(
                    doc.problem(
                        "FC513",
                        f"'{ref}' is not a person field.",
                        (*path, i),
                        "Refer to a person, e.g. '$child.pid' or '$concern.person'.",
                    )
                )

    def _vocab_id(self, name: str, value: str, doc: Document, path: PathKey) -> None:
        vocabulary = self.vocab.by_name(name)
        if value not in vocabulary:
            self.problems.append(
                doc.problem(
                    "FC519",
                    f"Unknown {name.removesuffix('s').replace('_', ' ')} '{value:.60}'.",
                    path,
                    vocabulary.suggest(value),
                )
            )

    def _template(
        self,
        text: Text,
        aliases: Mapping[str, str],
        used: set[str],
        doc: Document,
        path: PathKey,
        *,
        allow: bool,
    ) -> None:
        for lang in LANGS:
            template = text.get(lang)
            lpath = (*path, lang)
            if stray_braces(template):
                self.problems.append(
                    doc.problem(
                        "FC517",
                        "A '{' or '}' that is not part of a placeholder.",
                        lpath,
                        "Placeholders are {alias} or {alias.field}; remove other braces.",
                    )
                )
            for alias, fname in placeholders(template):
                if not allow:
                    self.problems.append(
                        doc.problem(
                            "FC517",
                            "Titles cannot hold placeholders.",
                            lpath,
                            "Move {" + alias + "} to the reason.",
                        )
                    )
                    break
                if alias in self._poisoned and alias not in aliases:
                    continue
                if alias not in aliases:
                    self.problems.append(
                        doc.problem(
                            "FC517",
                            f"Placeholder '{{{alias}}}' names no variable of this rule.",
                            lpath,
                            f"Bound variables: {', '.join(aliases) or 'none'}.",
                        )
                    )
                    continue
                ftype = self.fact_type(aliases[alias])
                assert ftype is not None
                if fname is None and ftype.person_field is None:
                    self.problems.append(
                        doc.problem(
                            "FC517",
                            f"'{{{alias}}}' is a {ftype.name} fact, which names no person.",
                            lpath,
                            "Use {" + alias + ".field}.",
                        )
                    )
                    continue
                if fname is not None and fname not in ftype.fields:
                    self.problems.append(
                        doc.problem(
                            "FC517",
                            f"Placeholder '{{{alias}.{fname}}}': {ftype.name} has no "
                            f"field '{fname}'.",
                            lpath,
                            f"Fields: {', '.join(ftype.fields)}.",
                        )
                    )
                    continue
                used.add(alias)

    def strata(
        self, rules: Sequence[Rule], specs: Sequence[tuple[RuleSpec, Document, int]]
    ) -> dict[str, int]:
        """Each rule's stratum: after every rule deriving a fact type it uses."""
        level = {r.id: 0 for r in rules}
        for _ in range(len(rules) + 1):
            changed = False
            for rule in rules:
                for pattern in rule.patterns:
                    for producer in self._producers.get(pattern.fact, []):
                        want = level.get(producer, 0) + 1
                        if want > level[rule.id]:
                            level[rule.id] = want
                            changed = True
            if not changed:
                return level
        where = {spec.id: (doc, index) for spec, doc, index in specs}
        for rule in rules:
            if level[rule.id] > len(rules) and rule.spec.then.derive is not None:
                doc, index = where[rule.id]
                self.problems.append(
                    doc.problem(
                        "FC521",
                        f"Rule '{rule.id}' depends on a fact it derives itself (a cycle).",
                        ("rules", index, "then", "derive"),
                        "Derived facts must not feed back into the rules that derive them.",
                    )
                )
        return level


def _compatible(a: FieldSpec, b: FieldSpec) -> bool:
    if a.kind in ("person", "str") and b.kind in ("person", "str"):
        return True
    if a.kind in ("vocab", "enum", "str") and b.kind in ("vocab", "enum", "str"):
        return (
            a.vocabulary == b.vocabulary
            or "str" in (a.kind, b.kind)
            or (a.kind == "enum" or b.kind == "enum")
        )
    return a.kind == b.kind


# -- compiling -----------------------------------------------------------------------------
def _compile(rule: Rule) -> CompiledRule:
    patterns = tuple(
        Pattern(alias=p.alias if not p.negated else f"_n{i}", test=_test(p), negated=p.negated)
        for i, p in enumerate(rule.patterns)
    )
    derive = None
    if rule.spec.then.derive is not None:
        fields: list[tuple[str, FactValue | Ref]] = []
        for name, value in sorted(rule.spec.then.derive.fields.items()):
            if isinstance(value, str) and (m := _REF.fullmatch(value)):
                fields.append((name, Ref(m.group(1), m.group(2))))
            else:
                fields.append((name, value))
        derive = Derive(rule.spec.then.derive.fact, tuple(fields))
    return CompiledRule(
        id=rule.id,
        patterns=patterns,
        stratum=rule.stratum,
        derive=derive,
        valid_from=rule.spec.valid_from.isoformat() if rule.spec.valid_from else None,
        valid_until=rule.spec.valid_until.isoformat() if rule.spec.valid_until else None,
    )


def explain_slots(rule: Rule) -> tuple[Slot, ...]:
    """The rule's patterns as ``familycase.engine.nearest`` searches them: one condition per
    field, labelled with the field, an equality with another fact's field marked as a join."""
    compiled = _compile(rule)
    conditions: list[list[Condition]] = []
    for pattern in rule.patterns:
        conds = []
        for fname, cond in pattern.conditions.items():
            join = None
            if isinstance(cond, str) and (m := _REF.fullmatch(cond)):
                join = m.group(1)
            conds.append(Condition(fname, _condition_test(fname, cond), join))
        conditions.append(conds)
    return slots_of(compiled, conditions)


def _test(pattern: PatternSpec) -> Test:
    tests: list[Test] = [{"type": pattern.fact}]
    for fname, cond in pattern.conditions.items():
        test = _condition_test(fname, cond)
        # keep every test at the top level of the pattern: durable_rules ignores joins
        # nested inside groups (see engine/analysis.py)
        tests.extend(test["$and"] if set(test) == {"$and"} else [test])
    return {"$and": tests}


def _operand(value: Any) -> Any:
    if isinstance(value, str) and (m := _REF.fullmatch(value)):
        return {m.group(1): m.group(2)}
    return value


def _condition_test(fname: str, cond: Any) -> Test:
    if isinstance(cond, dict):
        if "not" in cond:
            value = cond["not"]
            if isinstance(value, list):
                return {"$and": [{"$neq": {fname: _operand(v)}} for v in value]}
            return {"$neq": {fname: _operand(value)}}
        if len(cond) > 1:  # a range: every comparison holds
            return {"$and": [{f"${op}": {fname: value}} for op, value in cond.items()]}
        ((op, value),) = cond.items()
        return {f"${op}": {fname: value}}
    if isinstance(cond, list):
        if len(cond) == 1:
            return {fname: _operand(cond[0])}
        return {"$or": [{fname: _operand(v)} for v in cond]}
    return {fname: _operand(cond)}
