"""How a rule that did not fire is explained: the wording in ``rules/vocabulary/explanations.yaml``.

The sentences word kinds of condition (a field of a fact type, a fact type that is missing, a
negated condition that holds), never single rules; ``familycase.assess.explanation`` fills
them from the nearest miss (``familycase.engine.nearest``). Loaded and checked once per
folder; every problem is reported with file, line and a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from familycase._resources import rules_dir
from familycase._text import LANGS, PLACEHOLDER, Lang, Text
from familycase._yaml import Document, load_yaml
from familycase.errors import ContentError, Problem

FILE = "explanations.yaml"

_CONDITION_KEY = re.compile(r"(\*|[a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)(?:=([A-Za-z0-9_]+))?")
_TYPE_KEY = re.compile(r"\*|[a-z][a-z0-9_]*")
_WORDS = ("or", "and", "not", "lt", "lte", "gt", "gte", "yes", "no", "unknown", "from", "until")

# The placeholders each section may use.
EXPLAIN_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "conditions": frozenset({"name", "actual", "expected", "kind", "certainty", "age", "service"}),
    "fallback": frozenset({"field", "actual", "expected", "name", "kind"}),
    "missing": frozenset({"name", "expected"}),
    "blocked": frozenset({"name", "what"}),
    "not_in_force": frozenset({"as_of", "period"}),
    "words": frozenset(),
}


@dataclass(frozen=True)
class Explanations:
    """The sentences that say why a rule did not fire (see the module docstring)."""

    conditions: Mapping[str, Text]
    fallback: Text
    missing: Mapping[str, Text]
    blocked: Mapping[str, Text]
    not_in_force: Text
    words: Mapping[str, Text]

    def condition(self, type_name: str, field: str, actual: object) -> Text | None:
        """The sentence for a failed condition on ``type_name.field`` whose recorded value is
        ``actual`` (the most specific key that exists), or ``None`` if only the fallback
        words it."""
        value = _value_key(actual)
        for key in (
            f"{type_name}.{field}={value}",
            f"*.{field}={value}",
            f"{type_name}.{field}",
            f"*.{field}",
        ):
            found = self.conditions.get(key)
            if found is not None:
                return found
        return None

    def worded(self, type_name: str, field: str) -> bool:
        """Whether every value of ``type_name.field`` has a sentence of its own."""
        if f"{type_name}.{field}" in self.conditions or f"*.{field}" in self.conditions:
            return True
        prefixes = (f"{type_name}.{field}=", f"*.{field}=")
        values = {k.split("=", 1)[1] for k in self.conditions if k.startswith(prefixes)}
        return {"true", "false"} <= values

    def missing_text(self, type_name: str) -> Text:
        return self.missing.get(type_name) or self.missing["*"]

    def blocked_text(self, type_name: str) -> Text:
        return self.blocked.get(type_name) or self.blocked["*"]

    def word(self, key: str, lang: Lang) -> str:
        return self.words[key].get(lang)


def explain_problems(
    explain: Mapping[str, Text],
    fields: Mapping[str, Sequence[str]],
    doc: Document,
    path: tuple[str | int, ...],
) -> list[Problem]:
    """Problems (FC530) with a rule's ``explain``: each key names a positive alias of the rule
    (``fields``: alias -> its condition fields), or an alias and one of its fields, and its
    sentences use only the placeholders of their kind."""
    out: list[Problem] = []
    for key, text in explain.items():
        where = (*path, key)
        alias, _, fname = key.partition(".")
        if alias not in fields or (fname and fname not in fields[alias]):
            known = [*fields, *(f"{a}.{f}" for a, fs in fields.items() for f in fs)]
            out.append(
                doc.problem(
                    "FC530",
                    f"'explain' names '{key:.60}', which is not a condition of this rule.",
                    where,
                    f"Use one of: {', '.join(known)[:300]}.",
                    at_key=True,
                )
            )
            continue
        allowed = EXPLAIN_PLACEHOLDERS["conditions" if fname else "missing"]
        for lang in LANGS:
            for match in PLACEHOLDER.finditer(text.get(lang)):
                if match.group(1) not in allowed or match.group(2) is not None:
                    out.append(
                        doc.problem(
                            "FC530",
                            f"Unknown placeholder '{match.group(0)}' in explain '{key}'.",
                            (*where, lang),
                            f"Use {', '.join('{' + a + '}' for a in sorted(allowed))}.",
                        )
                    )
    return out


def _value_key(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_explanations(directory: str | Path | None = None) -> Explanations:
    """The explanations of a vocabulary folder (the shipped ones if it has none)."""
    if directory is None:
        return _shipped()
    file = Path(directory) / FILE
    if not file.exists():
        return _shipped()
    return _load(file)


@cache
def _shipped() -> Explanations:
    return _load(rules_dir() / "vocabulary" / FILE)


def _load(file: Path) -> Explanations:
    doc = load_yaml(file)
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        problems.append(doc.problem("FC220", f"{file.name} must be a mapping.", ()))
    known = set(EXPLAIN_PLACEHOLDERS)
    for key in data:
        if key not in known:
            problems.append(
                doc.problem(
                    "FC220",
                    f"Unknown section '{str(key)[:40]}' in {file.name}.",
                    (key,),
                    f"Use {', '.join(sorted(known))}.",
                    at_key=True,
                )
            )

    def texts(section: str, pattern: re.Pattern[str]) -> dict[str, Text]:
        raw = data.get(section)
        out: dict[str, Text] = {}
        if not isinstance(raw, dict):
            problems.append(
                doc.problem("FC220", f"{file.name} needs a '{section}' mapping.", (section,))
            )
            return out
        for key, value in raw.items():
            if not isinstance(key, str) or not pattern.fullmatch(key):
                problems.append(
                    doc.problem(
                        "FC221",
                        f"Key '{str(key)[:60]}' in '{section}' is not of the form this section "
                        "takes.",
                        (section, str(key)),
                        "Write '<fact type>.<field>' or '*.<field>', optionally '=<value>', "
                        "in 'conditions'; a fact type or '*' in 'missing' and 'blocked'.",
                        at_key=True,
                    )
                )
                continue
            text = _text(doc, value, (section, key), EXPLAIN_PLACEHOLDERS[section], problems)
            if text is not None:
                out[key] = text
        return out

    conditions = texts("conditions", _CONDITION_KEY)
    missing = texts("missing", _TYPE_KEY)
    blocked = texts("blocked", _TYPE_KEY)
    words = texts("words", re.compile(r"[a-z][a-z0-9_]*"))
    fallback = _text(
        doc, data.get("fallback"), ("fallback",), EXPLAIN_PLACEHOLDERS["fallback"], problems
    )
    not_in_force = _text(
        doc,
        data.get("not_in_force"),
        ("not_in_force",),
        EXPLAIN_PLACEHOLDERS["not_in_force"],
        problems,
    )
    for section, table, key in (("missing", missing, "*"), ("blocked", blocked, "*")):
        if data.get(section) is not None and key not in table:
            problems.append(
                doc.problem(
                    "FC222",
                    f"'{section}' needs a '*' entry for the fact types it does not name.",
                    (section,),
                )
            )
    if isinstance(data.get("words"), dict):
        for word in _WORDS:
            if word not in words:
                problems.append(doc.problem("FC222", f"'words' lacks '{word}'.", ("words",), None))
    if problems or fallback is None or not_in_force is None:
        raise ContentError(problems, f"The explanations in {file.name} are invalid")
    return Explanations(conditions, fallback, missing, blocked, not_in_force, words)


def _text(
    doc: Document,
    raw: Any,
    path: tuple[str, ...],
    allowed: frozenset[str],
    problems: list[Problem],
) -> Text | None:
    if not isinstance(raw, dict):
        problems.append(
            doc.problem(
                "FC221",
                f"'{'.'.join(path)}' must be a mapping with nb, nn and en texts.",
                path,
                "Write {nb: ..., nn: ..., en: ...}.",
            )
        )
        return None
    ok = True
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                doc.problem(
                    "FC221",
                    f"'{'.'.join(path)}' lacks its {lang} text.",
                    path,
                    "Every sentence exists in bokmål (nb), nynorsk (nn) and English (en).",
                )
            )
            ok = False
            continue
        for match in PLACEHOLDER.finditer(value):
            if match.group(1) not in allowed or match.group(2) is not None:
                problems.append(
                    doc.problem(
                        "FC223",
                        f"Unknown placeholder '{match.group(0)}' in '{'.'.join(path)}' ({lang}).",
                        (*path, lang),
                        f"Use {', '.join('{' + a + '}' for a in sorted(allowed)) or 'none'}.",
                    )
                )
                ok = False
    extra = set(raw) - set(LANGS)
    if extra:
        problems.append(
            doc.problem(
                "FC221",
                f"'{'.'.join(path)}' has keys other than nb, nn and en: "
                f"{', '.join(sorted(map(str, extra)))[:80]}.",
                path,
            )
        )
        ok = False
    return Text(nb=raw["nb"], nn=raw["nn"], en=raw["en"]) if ok else None
