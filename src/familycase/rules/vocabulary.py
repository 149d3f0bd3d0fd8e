"""Controlled vocabularies: laws, services, measures, concern kinds, relation kinds, terms.

Each vocabulary is data in ``rules/vocabulary/*.yaml``: a mapping from an ASCII
snake_case id to its labels in bokmål, nynorsk and English, plus a few typed attributes
(a measure's ``scope``, a relation kind's ``caregiving``...). They are loaded and validated
once; every problem in every file is reported together with file, line and a suggestion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from familycase._resources import rules_dir
from familycase._text import LANGS, Lang, Text
from familycase._validation import iso_date
from familycase._yaml import Document, load_yaml
from familycase.errors import ContentError, Problem
from familycase.rules.explanations import Explanations, load_explanations

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

# The categories a concern kind belongs to (rules select on them; the ecomap groups by them).
CONCERN_CATEGORIES = (
    "violence",
    "substance",
    "mental_health",
    "work",
    "economy",
    "housing",
    "social",
    "family",
    "care",
    "child",
)

# Whom a concern about an adult exposes without being recorded as exposed (a concern kind's
# ``exposes``): "household" — the children living in the household of the adults it is about
# or who are exposed (violence between adults); "daily_care" — the children in the daily care
# of the carer it is about (the carer's substance use or mental illness). The family graph
# infers these exposures and the rules that use them say so in their reasons.
EXPOSES = ("household", "daily_care")

# Which attributes each vocabulary's entries may carry, and their types.
_ATTRIBUTES: dict[str, dict[str, tuple[type, ...] | frozenset[str]]] = {
    "laws": {
        "lovdata": (str,),
        "abbreviation": (str,),
        "valid_from": (str,),
        "valid_until": (str,),
    },
    # specialised: a service met because of a particular difficulty (not universal);
    # counted by the coordination rules (facts person/family.specialised_services).
    "services": {"level": (str,), "specialised": (bool,)},
    "measures": {"scope": frozenset({"family", "person"})},
    "concern_kinds": {
        "category": frozenset(CONCERN_CATEGORIES),
        "exposes": frozenset(EXPOSES),
    },
    "relation_kinds": {
        "symmetric": (bool,),
        "caregiving": (bool,),
        "ecomap": frozenset({"family", "partner", "network"}),
    },
}
# Attributes of term lists (terms.yaml). ``certainty.reason_to_believe`` is the one place
# where the legal evidence threshold "grunn til å tro" (more than a vague suspicion, resting
# on concrete indications; law-and-services.md § 1.2) is mapped onto the certainty scale:
# every certainty entry must say whether it meets it, and facts carry the answer.
_TERM_ATTRIBUTES: dict[str, dict[str, tuple[type, ...] | frozenset[str]]] = {
    "certainty": {"reason_to_believe": (bool,)},
}
_REQUIRED_ATTRIBUTES: dict[str, tuple[str, ...]] = {"certainty": ("reason_to_believe",)}
# Files whose top-level keys are each a vocabulary of their own (small closed term lists).
_TERM_FILE = "terms.yaml"
_REQUIRED_TERMS = (
    "certainty",
    "concern_status",
    "severity",
    "source",
    "involvement_status",
    "relation_quality",
    "obligation",
    "urgency",
    "age_group",
    "verification",
    "child_welfare_level",
    "event_kind",
)


@dataclass(frozen=True)
class Entry:
    """One vocabulary entry: its id, labels and attributes."""

    id: str
    label: Text
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def attr(self, name: str, default: Any = None) -> Any:
        """An attribute's value (``default`` if the entry does not set it)."""
        return self.attributes.get(name, default)


@dataclass(frozen=True)
class Vocabulary:
    """A named, ordered set of entries."""

    name: str
    entries: Mapping[str, Entry]

    def __contains__(self, item: object) -> bool:
        return item in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, item: str) -> Entry:
        return self.entries[item]

    def label(self, item: str, lang: Lang) -> str:
        """The label of ``item`` in ``lang`` (the id itself if unknown)."""
        entry = self.entries.get(item)
        return entry.label.get(lang) if entry else item

    def resolve(self, text: str) -> str | None:
        """The id for ``text``, given as an id or as a label in any language."""
        if text in self.entries:
            return text
        wanted = _fold(text)
        for entry in self.entries.values():
            if wanted == _fold(entry.id) or any(
                wanted == _fold(entry.label.get(lang)) for lang in LANGS
            ):
                return entry.id
        return None

    def suggest(self, text: str) -> str | None:
        """A 'did you mean' hint for an unknown id or label, or ``None``."""
        resolved = self.resolve(text)
        if resolved is not None:
            entry = self.entries[resolved]
            return f"Did you mean '{resolved}' (nb: {entry.label.nb})?"
        candidates: dict[str, str] = {}
        for entry in self.entries.values():
            candidates[_fold(entry.id)] = entry.id
            for lang in LANGS:
                candidates.setdefault(_fold(entry.label.get(lang)), entry.id)
        close = difflib.get_close_matches(_fold(text), list(candidates), n=1, cutoff=0.6)
        if close:
            best = candidates[close[0]]
            return f"Did you mean '{best}' (nb: {self.entries[best].label.nb})?"
        shown = ", ".join(list(self.entries)[:12])
        more = ", ..." if len(self.entries) > 12 else ""
        return f"Known {self.name.replace('_', ' ')}: {shown}{more}."


@dataclass(frozen=True)
class Vocabularies:
    """All vocabularies of a rulebook."""

    laws: Vocabulary
    services: Vocabulary
    measures: Vocabulary
    concern_kinds: Vocabulary
    relation_kinds: Vocabulary
    terms: Mapping[str, Vocabulary]
    ui: Mapping[str, Text] = field(default_factory=dict)
    # how a rule that did not fire is explained (explanations.yaml; the shipped one if the
    # folder has none)
    explanations: Explanations = field(default_factory=load_explanations)

    def by_name(self, name: str) -> Vocabulary:
        """A vocabulary by its name (``"services"``, or a term list such as ``"urgency"``)."""
        if name in _ATTRIBUTES:
            vocab: Vocabulary = getattr(self, name)
            return vocab
        return self.terms[name]

    def text(self, key: str) -> Text:
        """A user-interface text (from ``ui.yaml``)."""
        return self.ui[key]

    def texts(self, lang: Lang) -> Callable[[str], str]:
        """A lookup of user-interface texts in ``lang``: ``t = v.texts("nn"); t("persons")``."""

        def text(key: str) -> str:
            return self.ui[key].get(lang)

        return text

    def law_in_force(self, law: str, on: date) -> bool:
        """Whether ``law`` is in force on ``on`` (by its valid_from/valid_until)."""
        entry = self.laws[law]
        start, end = entry.attr("valid_from"), entry.attr("valid_until")
        return (start is None or on >= date.fromisoformat(start)) and (
            end is None or on <= date.fromisoformat(end)
        )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip().replace("-", " ").replace("_", " ")


def _check_entries(
    doc: Document, name: str, raw: Any, path: tuple[str | int, ...], problems: list[Problem]
) -> Vocabulary:
    allowed = _ATTRIBUTES.get(name) or _TERM_ATTRIBUTES.get(name, {})
    entries: dict[str, Entry] = {}
    if not isinstance(raw, dict) or not raw:
        problems.append(
            doc.problem(
                "FC201",
                f"'{name}' must be a mapping from ids to labels.",
                path,
                "Write 'some_id: {nb: ..., nn: ..., en: ...}' entries.",
            )
        )
        return Vocabulary(name, entries)
    for key, value in raw.items():
        where = (*path, key)
        if not ID_PATTERN.fullmatch(key):
            problems.append(
                doc.problem(
                    "FC202",
                    f"Id '{key:.60}' is not ASCII snake_case.",
                    where,
                    "Use lower-case ASCII letters, digits and '_', starting with a letter.",
                )
            )
            continue
        if not isinstance(value, dict):
            problems.append(
                doc.problem(
                    "FC201",
                    f"Entry '{key}' must be a mapping with nb, nn and en labels.",
                    where,
                )
            )
            continue
        labels: dict[str, str] = {}
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(
                    doc.problem(
                        "FC203",
                        f"Entry '{key}' has no {lang} label.",
                        where,
                        f"Add '{lang}: ...' (every text exists in nb, nn and en).",
                    )
                )
            else:
                labels[lang] = text.strip()
        attributes: dict[str, Any] = {}
        for attr, attr_value in value.items():
            if attr in LANGS:
                continue
            spec = allowed.get(attr)
            if spec is None:
                known = ", ".join(["nb", "nn", "en", *allowed])
                hint = difflib.get_close_matches(attr, list(allowed), n=1)
                problems.append(
                    doc.problem(
                        "FC204",
                        f"Unknown attribute '{attr:.40}' on {name} entry '{key}'.",
                        (*where, attr),
                        f"Did you mean '{hint[0]}'?" if hint else f"Known attributes: {known}.",
                    )
                )
                continue
            if isinstance(spec, frozenset):
                if attr_value not in spec:
                    problems.append(
                        doc.problem(
                            "FC205",
                            f"'{attr}' of '{key}' must be one of {', '.join(sorted(spec))}.",
                            (*where, attr),
                        )
                    )
                    continue
            elif not isinstance(attr_value, spec):
                problems.append(
                    doc.problem(
                        "FC205",
                        f"'{attr}' of '{key}' must be a {spec[0].__name__}.",
                        (*where, attr),
                    )
                )
                continue
            if attr in ("valid_from", "valid_until") and iso_date(attr_value) is None:
                problems.append(
                    doc.problem(
                        "FC205",
                        f"'{attr}' of '{key}' is not a date.",
                        (*where, attr),
                        "Write dates as YYYY-MM-DD.",
                    )
                )
                continue
            attributes[attr] = attr_value
        if len(labels) == len(LANGS):
            entries[key] = Entry(key, Text(**labels), attributes)
    return Vocabulary(name, entries)


def load_vocabularies(directory: str | Path | None = None) -> Vocabularies:
    """Load and validate the vocabularies in ``directory`` (default: the shipped ones).

    The default set is loaded once per process and cached.
    """
    if directory is None:
        return _default_vocabularies()
    return _load(Path(directory))


@cache
def _default_vocabularies() -> Vocabularies:
    return _load(rules_dir() / "vocabulary")


def _load(directory: Path) -> Vocabularies:
    problems: list[Problem] = []
    vocabs: dict[str, Vocabulary] = {}
    for name in _ATTRIBUTES:
        file = directory / f"{name}.yaml"
        try:
            doc = load_yaml(file)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(doc.data, dict) or set(doc.data) != {name}:
            problems.append(
                doc.problem(
                    "FC201",
                    f"{file.name} must have exactly one top-level key, '{name}'.",
                    (),
                )
            )
            continue
        vocabs[name] = _check_entries(doc, name, doc.data[name], (name,), problems)
    terms: dict[str, Vocabulary] = {}
    try:
        doc = load_yaml(directory / _TERM_FILE)
    except ContentError as exc:
        problems.extend(exc.problems)
    else:
        data = doc.data if isinstance(doc.data, dict) else {}
        for term in _REQUIRED_TERMS:
            if term not in data:
                problems.append(
                    doc.problem("FC206", f"terms.yaml lacks the '{term}' list.", (), None)
                )
        for term, raw in data.items():
            terms[term] = _check_entries(doc, term, raw, (term,), problems)
            for attr in _REQUIRED_ATTRIBUTES.get(term, ()):
                for entry in terms[term].entries.values():
                    if attr not in entry.attributes:
                        problems.append(
                            doc.problem(
                                "FC207",
                                f"The {term} '{entry.id}' does not say '{attr}'.",
                                (term, entry.id),
                                f"Add '{attr}: true' or '{attr}: false' to the entry.",
                            )
                        )
    ui: dict[str, Text] = {}
    ui_file = directory / "ui.yaml"
    if ui_file.exists():
        try:
            doc = load_yaml(ui_file)
        except ContentError as exc:
            problems.extend(exc.problems)
        else:
            raw_ui = doc.data.get("ui") if isinstance(doc.data, dict) else None
            ui_vocab = _check_entries(doc, "ui", raw_ui, ("ui",), problems)
            ui = {k: e.label for k, e in ui_vocab.entries.items()}
    explanations: Explanations | None = None
    try:
        explanations = load_explanations(directory)
    except ContentError as exc:
        problems.extend(exc.problems)
    if problems or explanations is None:
        raise ContentError(problems, "The vocabularies are invalid")
    return Vocabularies(
        laws=vocabs["laws"],
        services=vocabs["services"],
        measures=vocabs["measures"],
        concern_kinds=vocabs["concern_kinds"],
        relation_kinds=vocabs["relation_kinds"],
        terms=terms,
        ui=ui,
        explanations=explanations,
    )
