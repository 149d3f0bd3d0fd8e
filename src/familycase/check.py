"""``familycase check``: every problem in rule, vocabulary, scenario, case and feature files.

``check(paths)`` reads each file (or every file under each folder), works out what it is,
validates it the way familycase would use it, and returns every problem found, each a
``Problem`` with file, line, column, a stable code, a message and a suggestion. Nothing in a
file is executed. With no paths it checks what familycase ships: ``rules/``, ``scenarios/``
and, in a source checkout, ``features/``.

What a file is:

- a ``.feature`` file: Gherkin (parse errors, unknown steps, coverage tags naming no rule);
- a YAML file in a ``vocabulary/`` folder: that folder's vocabularies (checked together);
- ``law/provisions.yaml``: the legal provisions;
- otherwise a YAML or JSON file by its top-level keys: ``rules`` (rule file), ``phases``
  (scenario), ``persons`` (case).

Rule files are checked as ``load_rulebook`` would load them: with the vocabularies and
provisions of their rules folder (the nearest folder above them with a ``vocabulary/``
folder, else the folder they were found in, with the shipped vocabularies) and together
with the other rule files of that folder, so a derived fact, a duplicate id or a cycle is
found as when the folder is loaded; only the problems in the files asked for are reported.
A rule file given on its own, outside any rules folder, is checked alone. On top of what
``load_rulebook`` refuses, ``check`` finds conditions that can never hold (FC524) and
``unless`` items that do not do what they say (FC525), and it warns (``Problem.severity``
``"warning"``, FC8xx, ``familycase.rule_warnings``) about rules that load but claim too
much: a measure no rule suggests, a fact derived from a suspicion, a claim that
confidentiality is lifted without a provision that lifts it. See ``docs/errors.md`` for
every code.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from familycase._resources import data_root, rules_dir, scenarios_dir
from familycase._yaml import Document, PathKey, load_yaml
from familycase.case.graph import CHILD_AGE_LIMIT, YOUNG_ADULT_MAX_AGE
from familycase.errors import ContentError, FamilycaseError, Problem, ProblemsError
from familycase.rule_warnings import explanation_warnings, measure_warnings, rule_file_warnings
from familycase.rules.about import FILE_NAME as ABOUT_FILE
from familycase.rules.about import load_about
from familycase.rules.fact_types import FACT_TYPES, FieldSpec
from familycase.rules.provisions import Provisions, load_provisions
from familycase.rules.tags import FIRES_TAGS, NOT_FIRES_TAGS, misspelt_rule_tag, rule_tag_forms
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

__all__ = [
    "check",
    "default_paths",
    "feature_rule_tags",
    "feature_syntax_problem",
    "problems_to_json",
]

_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".feature"})
_SKIP_DIRS = frozenset({"__pycache__", "node_modules"})
_MAX_FILES = 5_000


def default_paths() -> list[Path]:
    """What ``familycase check`` checks when given no paths: the shipped content."""
    paths = [rules_dir(), scenarios_dir()]
    features = data_root() / "features"
    if features.is_dir() and any(features.rglob("*.feature")):
        paths.append(features)
    return paths


def check(
    paths: Iterable[str | Path] | None = None, *, rules: str | Path | None = None
) -> list[Problem]:
    """Every problem in ``paths`` (files or folders; default: ``default_paths()``): errors
    and warnings (``problem.severity == "warning"``).

    ``rules`` is the rules folder whose vocabularies scenarios and cases are checked
    against and whose rule ids feature tags may name (default: the shipped rules). The
    problems come sorted by file, line and column, each once.
    """
    checker = _Check(Path(rules) if rules is not None else None)
    targets = [Path(p) for p in paths] if paths is not None else default_paths()
    if not targets:
        targets = default_paths()
    for target in targets:
        checker.add(target)
    return checker.run()


def problems_to_json(problems: Sequence[Problem]) -> str:
    """The problems as a JSON list of objects (``code``, ``message``, ``file``, ``line``,
    ``column``, ``path``, ``suggestion``, ``excerpt``, ``severity``), for editors and CI."""
    return json.dumps([dataclasses.asdict(p) for p in problems], indent=2, ensure_ascii=False)


# -- collecting files ----------------------------------------------------------------------
@dataclass
class _Root:
    """A rules folder with its vocabularies and provisions (None if they are invalid)."""

    path: Path | None  # None: the shipped rules folder
    vocab: Vocabularies | None = None
    provisions: Provisions | None = None


class _Check:
    def __init__(self, rules: Path | None) -> None:
        self.problems: list[Problem] = []
        self.files: list[Path] = []
        self.seen: set[Path] = set()
        self.rules_option = rules
        self.roots: dict[Path | None, _Root] = {}
        self.folders: dict[Path, Path] = {}  # file -> the folder it was found in

    def add(self, target: Path) -> None:
        if not target.exists():
            self.problems.append(
                Problem("FC101", "File not found.", file=str(target), suggestion="Check the path.")
            )
            return
        if target.is_dir():
            found = sorted(_walk(target))
            if not found:
                self.problems.append(
                    Problem(
                        "FC109",
                        "No files familycase can check here (*.yaml, *.yml, *.json, *.feature).",
                        file=str(target),
                        suggestion="Give a rules, scenarios or features folder, or a file.",
                    )
                )
            for path in found:
                self._add_file(path, target)
        else:
            self._add_file(target, None)

    def _add_file(self, path: Path, folder: Path | None) -> None:
        key = path.resolve()
        if key in self.seen:
            return
        self.seen.add(key)
        if len(self.files) == _MAX_FILES:
            self.problems.append(
                Problem(
                    "FC109",
                    f"More than {_MAX_FILES} files; the rest are not checked.",
                    file=str(path),
                    suggestion="Check fewer folders at a time.",
                )
            )
        if len(self.files) < _MAX_FILES:
            self.files.append(path)
            if folder is not None:
                self.folders[path] = folder

    # -- checking ------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        rule_files: dict[Path | None, list[Path]] = {}
        later: list[tuple[str, Path, Document | None]] = []
        vocab_dirs: set[Path] = set()
        for path in self.files:
            if path.suffix == ".feature":
                later.append(("feature", path, None))
                continue
            if path.parent.name == "vocabulary":
                vocab_dirs.add(path.parent)
                continue
            if path.parent.name == "law" and path.name == "provisions.yaml":
                self._root(path.parent.parent)
                continue
            if path.name == ABOUT_FILE:  # a rulebook's name, version and date
                try:
                    load_about(path.parent)
                except ContentError as exc:
                    self.problems.extend(exc.problems)
                continue
            try:
                doc = load_yaml(path)
            except ContentError as exc:
                self.problems.extend(exc.problems)
                continue
            kind = _kind(doc)
            if kind == "rules":
                root = _rules_root(path) or self.folders.get(path)
                rule_files.setdefault(root, []).append(path)
            elif kind in ("scenario", "case"):
                later.append((kind, path, doc))
            else:
                self.problems.append(
                    doc.problem(
                        "FC109",
                        "Not a file familycase knows: expected a rule file ('rules:'), a "
                        "scenario ('phases:'), a case ('persons:'), vocabularies or provisions.",
                        (),
                        "Check the top-level keys, or leave the file out.",
                        show_line=False,
                    )
                )
        for directory in sorted(vocab_dirs):
            vocab = self._root(directory.parent).vocab
            if vocab is not None:
                self.problems.extend(measure_warnings(directory.parent, vocab))
        for root_path, files in rule_files.items():
            self._rules(root_path, files)
        for kind, path, found in later:
            if kind == "feature":
                self._feature(path)
            elif kind == "scenario":
                self._scenario(path)
            elif found is not None:
                self._case(found)
        return _sorted(self.problems)

    def _root(self, path: Path | None) -> _Root:
        """The rules folder ``path`` with its vocabularies and provisions loaded once."""
        key = path.resolve() if path is not None else None
        if key is not None and key == rules_dir().resolve():
            key = None  # the shipped folder: use the cached vocabularies
        root = self.roots.get(key)
        if root is not None:
            return root
        root = _Root(key)
        self.roots[key] = root
        try:
            if key is None:
                root.vocab, root.provisions = load_vocabularies(), load_provisions()
            else:
                vocab_dir = key / "vocabulary"
                root.vocab = (
                    load_vocabularies(vocab_dir) if vocab_dir.is_dir() else load_vocabularies()
                )
                law = key / "law" / "provisions.yaml"
                root.provisions = load_provisions(
                    law if law.is_file() else None,
                    vocabularies=root.vocab if vocab_dir.is_dir() else None,
                )
        except ContentError as exc:
            self.problems.extend(exc.problems)
        return root

    def _context_vocab(self) -> Vocabularies | None:
        return self._root(self.rules_option).vocab

    def _rules(self, root_path: Path | None, files: list[Path]) -> None:
        from familycase.rules.rulebook import build_rulebook, rule_files  # noqa: PLC0415

        root = self._root(root_path)
        if root.vocab is None or root.provisions is None:
            return  # the vocabulary or provision problems are already reported
        asked = {str(f) for f in files}
        if root_path is None:
            groups = [[f] for f in files]  # files given one by one: as load_rulebook(file)
        else:
            context = rule_files(root_path)
            names = {f.resolve() for f in files}
            # the files asked for last: a rule id they share with another file of the
            # folder is then reported in them (the second occurrence), not in the other file
            groups = [[*(f for f in context if f.resolve() not in names), *files]]
        for group in groups:
            try:
                book = build_rulebook(group, root.vocab, root.provisions)
            except ContentError as exc:
                self.problems.extend(p for p in exc.problems if p.file is None or p.file in asked)
            else:
                found = explanation_warnings(book, complete=root_path is not None)
                self.problems.extend(p for p in found if p.file is None or p.file in asked)
        for file in files:
            try:
                doc = load_yaml(file)
            except ContentError:
                continue
            self.problems.extend(never_holds(doc, root.vocab))
            self.problems.extend(rule_file_warnings(doc, root.vocab, root.provisions))

    def _scenario(self, path: Path) -> None:
        from familycase.case.scenario import load_scenario  # noqa: PLC0415

        vocab = self._context_vocab()
        if vocab is None:
            return
        try:
            load_scenario(path, vocabularies=vocab)
        except ProblemsError as exc:
            self.problems.extend(exc.problems)

    def _case(self, doc: Document) -> None:
        from familycase.case.model import case_from_data  # noqa: PLC0415

        vocab = self._context_vocab()
        if vocab is None:
            return
        try:
            case_from_data(doc.data, vocabularies=vocab, source=doc.file, document=doc)
        except ProblemsError as exc:
            self.problems.extend(exc.problems)

    def _feature(self, path: Path) -> None:
        book = self._rulebook()
        ids = frozenset(rule.id for rule in book.rules) if book is not None else None
        self.problems.extend(check_feature(path, ids, book))

    def _rulebook(self) -> Any:
        from familycase.rules.rulebook import load_rulebook  # noqa: PLC0415

        if not hasattr(self, "_book"):
            try:
                self._book: Any = load_rulebook(self.rules_option)
            except FamilycaseError:
                self._book = None  # reported where the rules are checked
        return self._book


def _walk(directory: Path) -> Iterator[Path]:
    for path in directory.rglob("*"):
        parts = path.relative_to(directory).parts
        if any(p.startswith(".") or p in _SKIP_DIRS for p in parts):
            continue
        if path.is_file() and path.suffix in _SUFFIXES:
            yield path


def _kind(doc: Document) -> str | None:
    data = doc.data
    if not isinstance(data, dict):
        return None
    if "rules" in data:
        return "rules"
    if "phases" in data:
        return "scenario"
    if "persons" in data:
        return "case"
    return None


def _rules_root(path: Path) -> Path | None:
    """The nearest folder above ``path`` holding a ``vocabulary/`` folder, if any."""
    for parent in list(path.resolve().parents)[:8]:
        if (parent / "vocabulary").is_dir():
            return parent
    return None


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(
        unique, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code, p.message)
    )


# -- conditions that can never hold -------------------------------------------------------
_INT_MIN = {("person", "age"): -1}
_AGE_GROUPS: dict[str, tuple[int, int | None]] = {
    "unknown": (-1, -1),
    "child": (0, CHILD_AGE_LIMIT - 1),
    "young_adult": (CHILD_AGE_LIMIT, YOUNG_ADULT_MAX_AGE),
    "adult": (YOUNG_ADULT_MAX_AGE + 1, None),
}
_OPS = ("gt", "gte", "lt", "lte")


@dataclass(frozen=True)
class _Range:
    low: int
    high: int | None  # None: no upper bound

    def empty(self) -> bool:
        return self.high is not None and self.low > self.high

    def meets(self, other: _Range) -> bool:
        low = max(self.low, other.low)
        highs = [h for h in (self.high, other.high) if h is not None]
        return not highs or low <= min(highs)


def never_holds(doc: Document, vocab: Vocabularies) -> list[Problem]:
    """Conditions in a rule file that can never hold (FC524) and ``unless`` items that do
    not do what they say (FC525). Works on the raw document, so it runs even when the file
    has other problems; anything malformed is left to the rule-file checks."""
    out: list[Problem] = []
    rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
    if not isinstance(rules, list):
        return out
    for index, rule in enumerate(rules):
        if isinstance(rule, dict):
            out.extend(_rule_never_holds(doc, vocab, rule, ("rules", index)))
    return out


def _items(rule: Mapping[str, Any], section: str) -> list[tuple[int, str, Mapping[str, Any]]]:
    """``(index, fact type, conditions)`` of each well-formed item of ``when``/``unless``."""
    items = rule.get(section)
    out: list[tuple[int, str, Mapping[str, Any]]] = []
    if not isinstance(items, list):
        return out
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        facts = [k for k in item if k != "as"]
        if len(facts) != 1:
            continue
        conditions = item[facts[0]]
        if conditions is None:
            conditions = {}
        if isinstance(conditions, dict):
            out.append((i, facts[0], conditions))
    return out


def _rule_never_holds(
    doc: Document, vocab: Vocabularies, rule: Mapping[str, Any], where: PathKey
) -> list[Problem]:
    out: list[Problem] = []
    when = _items(rule, "when")
    unless = _items(rule, "unless")
    aliases: dict[str, str] = {}
    raw_when = rule.get("when")
    for i, fact, _ in when:
        item = raw_when[i] if isinstance(raw_when, list) else {}
        alias = item.get("as", fact) if isinstance(item, dict) else fact
        if isinstance(alias, str):
            aliases.setdefault(alias, fact)
    for section, items in (("when", when), ("unless", unless)):
        for i, fact, conditions in items:
            path = (*where, section, i, fact)
            reason = _contradiction(fact, conditions, vocab)
            if reason is not None:
                fname, message = reason
                out.append(
                    doc.problem(
                        "FC524",
                        message,
                        (*path, fname),
                        "Remove one of the conditions, or fix the one that is wrong.",
                    )
                )
            same = _same_person_fact(fact, conditions, aliases)
            if same is not None:
                alias = same
                if section == "when":
                    out.append(
                        doc.problem(
                            "FC524",
                            f"This asks for a second person fact for the person of '{alias}'. "
                            "There is one person fact per person, and two conditions never "
                            "match the same fact, so the rule can never fire.",
                            (*path, "pid"),
                            f"Put these tests in the condition that binds '{alias}'.",
                        )
                    )
                else:
                    out.append(
                        doc.problem(
                            "FC525",
                            f"This 'unless' looks for the person fact of '{alias}', which the "
                            "rule has already matched; a rule never matches one fact twice, so "
                            "this 'unless' never matches and never blocks the rule.",
                            (*path, "pid"),
                            f"Put the tests in the condition that binds '{alias}' "
                            "(e.g. 'age: {lt: 18}'), or write two rules.",
                        )
                    )
    for j, fact, conditions in unless:
        for i, wfact, wconditions in when:
            if fact == wfact and _normal(conditions) == _normal(wconditions):
                out.append(
                    doc.problem(
                        "FC525",
                        f"This 'unless' repeats 'when' item {i + 1}. A rule never matches one "
                        "fact twice, so it can only see another such fact: the rule fires "
                        "exactly when one fact matches, and never when there are two.",
                        (*where, "unless", j),
                        "Remove it, or change it to the fact that should block the rule.",
                    )
                )
                break
    return out


def _normal(conditions: Mapping[str, Any]) -> dict[str, Any]:
    """Conditions with a one-item list and its item made equal, and lists unordered."""

    def norm(value: Any) -> Any:
        if isinstance(value, list):
            items = [norm(v) for v in value]
            if len(items) == 1:
                return items[0]
            try:
                return ("any", frozenset(items))
            except TypeError:
                return ("list", repr(items))
        if isinstance(value, dict):
            try:
                return ("op", frozenset((k, norm(v)) for k, v in value.items()))
            except TypeError:
                return ("op", repr(value))
        return value

    return {k: norm(v) for k, v in conditions.items()}


def _same_person_fact(
    fact: str, conditions: Mapping[str, Any], aliases: Mapping[str, str]
) -> str | None:
    """The alias of a person fact that ``pid: $alias.pid`` points back at, if any."""
    if fact != "person":
        return None
    value = conditions.get("pid")
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\$([a-z][a-z0-9_]*)\.pid", value)
    if match and aliases.get(match.group(1)) == "person":
        return match.group(1)
    return None


def _domain(spec: FieldSpec, vocab: Vocabularies) -> frozenset[Any] | None:
    if spec.kind == "vocab" and spec.vocabulary is not None:
        try:
            return frozenset(vocab.by_name(spec.vocabulary))
        except KeyError:
            return None
    if spec.kind == "enum":
        return frozenset(spec.values)
    if spec.kind == "bool":
        return frozenset({True, False})
    return None


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("$")


def _allowed_set(cond: Any, domain: frozenset[Any]) -> frozenset[Any] | None:
    """The values a finite-domain field may take under ``cond`` (None: cannot tell)."""
    negate = False
    if isinstance(cond, dict):
        if len(cond) != 1 or "not" not in cond:
            return None
        cond, negate = cond["not"], True
    values = cond if isinstance(cond, list) else [cond]
    if not values or any(_is_ref(v) or isinstance(v, list | dict) for v in values):
        return None
    if any(v not in domain for v in values):
        return None  # an unknown value is reported by the rule-file checks
    chosen = frozenset(values)
    return domain - chosen if negate else chosen


def _allowed_range(cond: Any, low: int) -> _Range | None:
    """The interval an int field may take under ``cond`` (None: cannot tell)."""

    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if isinstance(cond, dict):
        if len(cond) != 1:
            return None
        ((op, value),) = cond.items()
        if op not in _OPS or not whole(value):
            return None
        bound = {
            "gt": _Range(value + 1, None),
            "gte": _Range(value, None),
            "lt": _Range(low, value - 1),
            "lte": _Range(low, value),
        }[op]
        return _Range(max(low, bound.low), bound.high)
    values = cond if isinstance(cond, list) else [cond]
    if not values or not all(whole(v) for v in values):
        return None
    return _Range(max(low, min(values)), max(values))


def _contradiction(
    fact: str, conditions: Mapping[str, Any], vocab: Vocabularies
) -> tuple[str, str] | None:
    """``(field, message)`` if the conditions of one fact can never all hold."""
    ftype = FACT_TYPES.get(fact)
    if ftype is None:
        return None  # derived facts: their values are whatever the deriving rules copy
    sets: dict[str, frozenset[Any]] = {}
    ranges: dict[str, _Range] = {}
    for fname, cond in conditions.items():
        spec = ftype.fields.get(fname)
        if spec is None:
            continue
        if spec.kind == "int":
            low = _INT_MIN.get((fact, fname), 0)
            interval = _allowed_range(cond, low)
            if interval is None:
                continue
            if interval.empty():
                lowest = "-1 (unknown)" if low < 0 else str(low)
                return fname, f"'{fname}' can never be {_show(cond)}: it is never below {lowest}."
            ranges[fname] = interval
            continue
        domain = _domain(spec, vocab)
        if domain is None:
            continue
        allowed = _allowed_set(cond, domain)
        if allowed is None:
            continue
        if not allowed:
            return fname, f"'{fname}: {_show(cond)}' excludes every value, so it never holds."
        sets[fname] = allowed
    if fact == "person" and "age_group" in sets and "age" in ranges:
        groups = {
            g
            for g in sets["age_group"]
            if g in _AGE_GROUPS and _Range(*_AGE_GROUPS[g]).meets(ranges["age"])
        }
        if not groups:
            return "age", (
                f"'age: {_show(conditions['age'])}' never holds for "
                f"'age_group: {_show(conditions['age_group'])}' "
                f"(child: under {CHILD_AGE_LIMIT}, young_adult: {CHILD_AGE_LIMIT}–"
                f"{YOUNG_ADULT_MAX_AGE}, adult: over {YOUNG_ADULT_MAX_AGE}, unknown: -1)."
            )
    if fact in ("concern", "exposure") and "kind" in sets and "category" in sets:
        kinds = vocab.concern_kinds
        matching = [
            k
            for k in sets["kind"]
            if k in kinds and kinds[k].attr("category", "family") in sets["category"]
        ]
        if not matching:
            categories = sorted(
                {kinds[k].attr("category", "family") for k in sets["kind"] if k in kinds}
            )
            return "category", (
                f"'category: {_show(conditions['category'])}' never holds for "
                f"'kind: {_show(conditions['kind'])}' (its category: {', '.join(categories)})."
            )
    return None


def _show(cond: Any) -> str:
    if isinstance(cond, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in cond.items()) + "}"
    if isinstance(cond, list):
        return "[" + ", ".join(_show(v) for v in cond) + "]"
    if isinstance(cond, bool):
        return "true" if cond else "false"
    return f"{cond!s:.60}"


# -- feature files -------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleTag:
    """A ``@fyrer:<rule_id>`` / ``@fyrer_ikke:<rule_id>`` tag on a feature or scenario."""

    file: str
    line: int
    column: int
    rule_id: str
    fires: bool
    scenario: str  # the scenario's name ('' for a tag on the whole feature)
    scenario_line: int


StepMatcher = Callable[[str, str], bool]


def check_feature(
    path: Path, rule_ids: frozenset[str] | None, rulebook: Any = None
) -> list[Problem]:
    """Problems in one feature file: Gherkin syntax, unknown steps, tags naming no rule
    (also on ``Eksempler:``/``Examples:``) and, with a ``rulebook`` and the step library,
    the words inside the steps (FC615, FC806). Messages are in the feature's language."""
    parsed = _parse_feature(path)
    if isinstance(parsed, list):
        return parsed
    out: list[Problem] = []
    file = str(path)
    lang = _feature_lang(str(parsed["feature"].get("language", "en")), _written(parsed))
    if rule_ids is not None:
        tags = {(t.line, t.column, t.rule_id) for t in _rule_tags(parsed, file)}
        for line, column, rule_id in sorted(tags):
            if rule_id not in rule_ids:
                close = difflib.get_close_matches(rule_id, sorted(rule_ids), n=1)
                out.append(
                    Problem(
                        "FC613",
                        _say("check_unknown_rule_tag", lang, rule=f"{rule_id:.80}"),
                        file=file,
                        line=line,
                        column=column,
                        suggestion=_say("check_did_you_mean_rule", lang, rule=close[0])
                        if close
                        else _say("check_rule_tag_form", lang),
                    )
                )
    out.extend(_misspelt_tags(parsed, file, lang))
    matcher = step_matcher()
    if matcher is not None:
        out.extend(_unknown_steps(parsed, file, matcher, lang))
    checking = _testing_module("checking")
    if checking is not None and rulebook is not None:
        out.extend(checking.check_steps(parsed, file, rulebook, lang))
    return out


def _testing_module(name: str) -> Any:
    """``familycase.testing.<name>`` (the step library's side of feature checks), if there."""
    try:
        return importlib.import_module(f"familycase.testing.{name}")
    except ImportError:
        return None


_ENGLISH = {
    "check_unknown_rule_tag": "The tag names no rule: '{rule}'.",
    "check_did_you_mean_rule": "Did you mean '{rule}'?",
    "check_rule_tag_form": "Use '@fyrer:<rule id>' or '@fyrer_ikke:<rule id>'.",
    "check_misspelt_tag": "Unknown tag '@{tag}': familycase does not know '@{word}:', so the "
    "rule would never be checked.",
    "check_did_you_mean": "Did you mean {options}?",
    "check_unknown_step": "No step definition matches this '{kind}' step.",
    "check_did_you_mean_step": "Did you mean one of these? {steps} (all steps: "
    "docs/writing-features.md)",
    "check_see_catalogue": "See the step catalogue in docs/writing-features.md.",
    "check_no_language_line": "'{keyword}' is a Norwegian keyword, but the file has no "
    "'# language: no' line, so it is read as English.",
    "check_no_language_line_fix": "Add `# language: no` as the first line.",
    "check_unknown_language": "Gherkin does not know the language '{language}'.",
    "check_unknown_language_fix": "Write `# language: no` for bokmål and nynorsk, or leave "
    "the line out for English.",
    "check_english_keyword": "'{keyword}' is an English keyword, but the file says "
    "'# language: {language}', so it is read as Norwegian.",
    "check_english_keyword_fix": "Remove the '# language:' line for an English file, or use "
    "the Norwegian keywords (Egenskap, Bakgrunn, Scenario, Gitt, Når, Så, Og, Men).",
}


def _say(key: str, lang: str, **values: str) -> str:
    """A feature-file message in the feature's language (English without the step library)."""
    checking = _testing_module("checking")
    if checking is not None:
        return str(checking.message(key, lang, **values))
    return _ENGLISH[key].format(**values)


def _written(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for scenario, _ in _scenarios(doc, backgrounds=True):
        current = "given"
        for step in scenario.get("steps", []):
            current = _STEP_TYPES.get(str(step.get("keywordType")), current)
            out.append((current, str(step.get("text", ""))))
    return out


def _misspelt_tags(doc: Mapping[str, Any], file: str, lang: str = "en") -> list[Problem]:
    """FC614: tags that look like coverage tags but have a word familycase does not know."""
    out: list[Problem] = []
    tags: list[Any] = list(doc["feature"].get("tags", []))
    for scenario, _ in _scenarios(doc, backgrounds=False):
        tags.extend(scenario.get("tags", []))
        for examples in scenario.get("examples", []) or []:
            tags.extend(examples.get("tags", []))
    for child in doc["feature"].get("children", []) or []:
        tags.extend((child.get("rule") or {}).get("tags", []))
    for tag in tags:
        written = str(tag.get("name", "")).removeprefix("@")
        found = misspelt_rule_tag(written)
        if found is None:
            continue
        word, rule, fires = found
        loc = tag.get("location", {})
        out.append(
            Problem(
                "FC614",
                _say("check_misspelt_tag", lang, tag=f"{written:.80}", word=f"{word:.40}"),
                file=file,
                line=loc.get("line"),
                column=loc.get("column"),
                suggestion=_say(
                    "check_did_you_mean", lang, options=" / ".join(rule_tag_forms(rule, fires))
                ),
            )
        )
    return out


def feature_rule_tags(path: Path) -> list[RuleTag]:
    """The ``@fyrer:``/``@fyrer_ikke:`` tags of a feature file ([] if it does not parse)."""
    parsed = _parse_feature(path)
    return [] if isinstance(parsed, list) else _rule_tags(parsed, str(path))


def _parse_feature(path: Path) -> dict[str, Any] | list[Problem]:
    file = str(path)
    try:
        from gherkin.errors import CompositeParserException, ParserError  # noqa: PLC0415
        from gherkin.parser import Parser  # noqa: PLC0415
        from gherkin.token_scanner import TokenScanner  # noqa: PLC0415
    except ImportError:
        return [
            Problem(
                "FC610",
                "Cannot check feature files: the Gherkin parser is not installed.",
                file=file,
                suggestion="Install familycase with its dev extras: pip install 'familycase[dev]'.",
            )
        ]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [Problem("FC102", "The file cannot be read as UTF-8.", file=file)]
    try:
        doc: dict[str, Any] = dict(Parser().parse(TokenScanner(text)))
    except CompositeParserException as exc:
        return [_gherkin_problem(exc.errors, file, text)]
    except ParserError as exc:
        return [_gherkin_problem([exc], file, text)]
    except RecursionError:
        return [Problem("FC611", "The feature file is nested too deeply.", file=file)]
    if not doc.get("feature"):
        return [
            Problem(
                "FC104",
                "The feature file has no feature.",
                file=file,
                suggestion="Start it with 'Egenskap:' (after '# language: no') or 'Feature:'.",
            )
        ]
    return doc


def feature_syntax_problem(path: Path) -> Problem | None:
    """The one problem that keeps a feature file from being read (a Gherkin syntax error,
    no feature, not UTF-8), in plain words with its fix; None if the file parses."""
    parsed = _parse_feature(path)
    if isinstance(parsed, list):
        return next((p for p in parsed if p.code != "FC610"), None)
    return None


_NB_KEYWORDS = re.compile(
    r"(Egenskap|Bakgrunn|Scenariomal|Abstrakt Scenario|Eksempler|Regel)\s*:|(Gitt|Når|Så|Og|Men)\s"
)
_EN_KEYWORDS = re.compile(
    r"(Feature|Background|Scenario Outline|Scenario Template|Examples|Scenarios|Rule)\s*:"
    r"|(Given|When|Then|And|But)\s"
)
_LANGUAGE_LINE = re.compile(r"\s*#\s*language\s*:\s*(\S+)")
_TOKENS = {
    "#EOF": "the end of the file",
    "#Language": "'# language: no'",
    "#TagLine": "a tag (@...)",
    "#FeatureLine": "'Egenskap:'/'Feature:'",
    "#RuleLine": "'Regel:'/'Rule:'",
    "#BackgroundLine": "'Bakgrunn:'/'Background:'",
    "#ScenarioLine": "'Scenario:'",
    "#ExamplesLine": "'Eksempler:'/'Examples:'",
    "#StepLine": "a step (Gitt/Når/Så/Og/Men, Given/When/Then/And/But)",
    "#TableRow": "a table row (| ... |)",
    "#DocStringSeparator": '\'"""\'',
    "#Comment": "a comment (#)",
    "#Other": "a description",
}
_ORDER = (
    "Egenskap/Feature comes first, then Bakgrunn/Background, then each Scenario with its "
    "steps (Gitt/Given, Når/When, Så/Then, Og/And, Men/But), and every line starts with one "
    "of these keywords, a tag, a table row or a comment."
)


def _gherkin_problem(errors: Sequence[Any], file: str, text: str) -> Problem:
    """One problem, at the first syntax error, in plain words: the errors after the first
    mostly follow from it (one missing '# language: no' gives a dozen)."""

    def line_of(err: Any) -> int:
        location = getattr(err, "location", None) or {}
        return int(location.get("line") or 0) if isinstance(location, dict) else 0

    err = min(errors, key=line_of)
    location = getattr(err, "location", None) or {}
    line = location.get("line") if isinstance(location, dict) else None
    column = location.get("column") if isinstance(location, dict) else None
    lines = text.splitlines()
    written = lines[line - 1].strip() if line and 0 < line <= len(lines) else ""
    excerpt = lines[line - 1].rstrip()[:160] if line and 0 < line <= len(lines) else None
    raw = re.sub(r"^\(\d+:\d+\): ", "", str(err))
    language = next((m.group(1) for t in lines if (m := _LANGUAGE_LINE.fullmatch(t.strip()))), None)
    message, fix = "", ""
    unsupported = re.match(r"Language not supported: (.*)", raw)
    if language is None and _NB_KEYWORDS.match(written):
        keyword = written.split(":")[0].split()[0]
        message = _say("check_no_language_line", "nb", keyword=keyword)
        fix = _say("check_no_language_line_fix", "nb")
    elif unsupported is not None:
        said = unsupported.group(1).strip()
        lang = "nn" if said in ("nn", "nno") else "en" if _EN_KEYWORDS.search(text) else "nb"
        message = _say("check_unknown_language", lang, language=f"{said:.20}")
        fix = _say("check_unknown_language_fix", lang)
    elif language is not None and language != "en" and _EN_KEYWORDS.match(written):
        keyword = written.split(":")[0].split()[0]
        message = _say("check_english_keyword", "en", keyword=keyword, language=language)
        fix = _say("check_english_keyword_fix", "en")
    elif "inconsistent cell count" in raw:
        message = "This table row does not have as many cells as the first row of its table."
        fix = "Give every row the same cells, separated by '|'; leave a cell empty, not out."
    elif (found := re.match(r"expected: (.*), got '(.*)'$", raw, re.S)) is not None:
        wanted = [_TOKENS[t] for t in found.group(1).split(", ") if t in _TOKENS]
        wanted = [w for w in wanted if w not in ("a comment (#)", "a description")]
        got = found.group(2)
        message = f"This line is not expected here: '{got:.80}'."
        if wanted:
            message += f" Expected here: {', '.join(wanted)}."
        fix = f"Check the keyword at the start of the line and the order of the parts: {_ORDER}"
    else:
        message = f"Gherkin syntax error: {raw[:300]}."
        fix = f"Check this line. {_ORDER}"
    return Problem(
        "FC611", message, file=file, line=line, column=column, suggestion=fix, excerpt=excerpt
    )


def _scenarios(
    doc: Mapping[str, Any], *, backgrounds: bool = False
) -> Iterator[tuple[Mapping[str, Any], list[Any]]]:
    """``(scenario, its tags and those of its feature and rule)`` for every scenario (and,
    with ``backgrounds``, every background) in the feature."""

    def walk(children: Any, tags: list[Any]) -> Iterator[tuple[Mapping[str, Any], list[Any]]]:
        for child in children or []:
            if "rule" in child:
                rule = child["rule"]
                yield from walk(rule.get("children"), [*tags, *rule.get("tags", [])])
            if "background" in child and backgrounds:
                yield child["background"], []
            if "scenario" in child:
                item = child["scenario"]
                yield item, [*tags, *item.get("tags", [])]

    feature = doc["feature"]
    yield from walk(feature.get("children"), list(feature.get("tags", [])))


def _rule_tags(doc: Mapping[str, Any], file: str) -> list[RuleTag]:
    """Every coverage tag, once per scenario it applies to (a feature's tags apply to each
    of its scenarios)."""
    out: list[RuleTag] = []
    for scenario, tags in _scenarios(doc):
        name = str(scenario.get("name", ""))
        sline = int(scenario.get("location", {}).get("line", 0))
        examples = [t for e in scenario.get("examples", []) or [] for t in e.get("tags", [])]
        for tag in [*tags, *examples]:
            word, sep, rule_id = str(tag.get("name", "")).removeprefix("@").partition(":")
            if not sep or word not in (*FIRES_TAGS, *NOT_FIRES_TAGS):
                continue
            loc = tag.get("location", {})
            out.append(
                RuleTag(
                    file,
                    int(loc.get("line", 0)),
                    int(loc.get("column", 0)),
                    rule_id,
                    word in FIRES_TAGS,
                    name,
                    sline,
                )
            )
    return out


_STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}


def _unknown_steps(
    doc: Mapping[str, Any], file: str, matcher: StepMatcher, lang: str
) -> list[Problem]:
    out: list[Problem] = []
    unknown: list[tuple[Mapping[str, Any], str, str]] = []
    for scenario, _ in _scenarios(doc, backgrounds=True):
        current = "given"
        rows = _example_rows(scenario)
        for step in scenario.get("steps", []):
            current = _STEP_TYPES.get(str(step.get("keywordType")), current)
            text = str(step.get("text", ""))
            texts = [_outline(text, row) for row in rows] if rows else [text]
            if not all(matcher(current, t) for t in texts):
                unknown.append((step, current, text))
    for step, kind, text in unknown:
        loc = step.get("location", {})
        out.append(
            Problem(
                "FC612",
                _say("check_unknown_step", lang, kind=_keyword(kind, lang)),
                file=file,
                line=loc.get("line"),
                column=loc.get("column"),
                suggestion=_closest_step(kind, text, lang),
                excerpt=f"{step.get('keyword', '')}{text}"[:160],
            )
        )
    return out


def _example_rows(scenario: Mapping[str, Any]) -> list[dict[str, str]]:
    """The rows of a scenario outline's examples, as ``{column: value}``."""
    rows: list[dict[str, str]] = []
    for examples in scenario.get("examples", []) or []:
        header = [
            str(c.get("value", "")) for c in (examples.get("tableHeader") or {}).get("cells", [])
        ]
        for row in examples.get("tableBody", []) or []:
            cells = [str(c.get("value", "")) for c in row.get("cells", [])]
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _outline(text: str, row: Mapping[str, str]) -> str:
    """A scenario outline's step with ``<column>`` replaced by the row's value."""
    return re.sub(r"<([^<>]+)>", lambda m: row.get(m.group(1), m.group(0)), text)


def step_matcher() -> StepMatcher | None:
    """How steps are looked up: the step library ``familycase.testing`` when it is there.

    The hook: ``familycase.testing.steps`` declares every step in ``STEPS`` (each with a
    ``kind`` and ``wordings`` by language) and turns a wording into a regular expression
    with ``compile_template``; a step is known when one wording of its kind matches its
    whole text, as pytest-bdd matches it. Returns ``None`` when there is no step library,
    so feature files are then checked for syntax and tags only.
    """
    steps = _step_definitions()
    if steps is None:
        return None

    def matches(kind: str, text: str) -> bool:
        return any(stype == kind and regex.fullmatch(text) for stype, regex, _ in steps)

    return matches


def _step_definitions() -> list[tuple[str, re.Pattern[str], str]] | None:
    """``(kind, regex, wording as shown)`` for every wording of the step library."""
    try:
        library = importlib.import_module("familycase.testing.steps")
    except ImportError:
        return None
    declared = getattr(library, "STEPS", None)
    compile_template = getattr(library, "compile_template", None)
    show = getattr(library, "display_template", lambda w: w)
    if not isinstance(declared, list) or not callable(compile_template):
        return None
    out = []
    for definition in declared:
        wordings = getattr(definition, "wordings", {})
        for wording in dict.fromkeys(w for ws in wordings.values() for w in ws):
            out.append((str(definition.kind), compile_template(wording), str(show(wording))))
    return out


def _closest_helper() -> Any:
    """``familycase.testing._closest`` (the same suggestions as the pytest plugin), if there."""
    try:
        return importlib.import_module("familycase.testing._closest")
    except ImportError:
        return None


def _feature_lang(language: str, written: list[tuple[str, str]]) -> str:
    helper = _closest_helper()
    if helper is None:
        return "en" if language == "en" else "nb"
    return str(helper.feature_lang(language, written))


def _closest_step(kind: str, text: str, lang: str) -> str:
    """The closest steps of the same kind, in the feature's language (as pytest says)."""
    helper = _closest_helper()
    close = list(helper.closest_steps(text, kind, lang)) if helper is not None else []
    if close:
        return _say("check_did_you_mean_step", lang, steps=" · ".join(close))
    return _say("check_see_catalogue", lang)


def _keyword(kind: str, lang: str) -> str:
    names = {"given": ("Gitt", "Given"), "when": ("Når", "When"), "then": ("Så", "Then")}
    return names[kind][1 if lang == "en" else 0]
