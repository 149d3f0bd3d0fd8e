"""The state of one feature scenario: the family described so far, and what familycase said.

A ``World`` lives in the ``familycase_world`` fixture, one per scenario. Given steps add to
its case data; the assessment is computed when a step first needs it and again whenever the
case has changed since. It also knows where the scenario is (file, line, step) and which
language the feature is written in, so that every message it produces reads in that language.
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import familycase
from familycase._text import LANGS, Lang, fill_map
from familycase._yaml import load_yaml
from familycase.assess.assessment import (
    Assessment,
    LegalReference,
    Question,
    Suggestion,
    UnclearDuty,
)
from familycase.case.scenario import Scenario
from familycase.errors import CaseError, ContentError, FamilycaseError, UsageError
from familycase.rules.rulebook import Rulebook
from familycase.rules.vocabulary import Vocabulary
from familycase.testing import _words

_MESSAGES = Path(__file__).resolve().parent / "messages.yaml"


@cache
def messages() -> Mapping[str, Mapping[Lang, str]]:
    """The step library's messages, by key, in nb, nn and en (``messages.yaml``)."""
    doc = load_yaml(_MESSAGES)
    raw = doc.data.get("messages") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        raise ContentError([doc.problem("FC601", "Expected a top-level 'messages' mapping.", ())])
    problems = []
    out: dict[str, dict[Lang, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or any(
            not isinstance(texts.get(lang), str) for lang in LANGS
        ):
            problems.append(
                doc.problem(
                    "FC602", f"Message '{key}' needs nb, nn and en texts.", ("messages", key)
                )
            )
            continue
        out[key] = {lang: str(texts[lang]).rstrip("\n") for lang in LANGS}
    if problems:
        raise ContentError(problems, "The step library's messages are invalid")
    return out


def say(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` placeholders filled."""
    return fill_map(messages()[key][lang], {k: str(v) for k, v in values.items()})


# -- errors ----------------------------------------------------------------------------------
class FeatureError(FamilycaseError):
    """A problem in a feature scenario, with a message written for its author."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def report(self) -> str:
        """The text pytest shows instead of a traceback."""
        return f"{self.where}\n\n{self.message}" if self.where else self.message


class StepInputError(FeatureError):
    """A step says something familycase cannot read (an unknown word, a bad date...)."""

    key = ""  # the message's key in messages.yaml


class ExpectationFailed(FeatureError, AssertionError):
    """An expectation in a scenario does not hold for what familycase suggested."""


class FeatureWarning(UserWarning):
    """A step familycase can read but that is easily misread (an old wording, a child
    recorded as the one who uses violence). Shown by pytest and by ``familycase check``."""


# -- where a step is -------------------------------------------------------------------------
@dataclass(frozen=True)
class Location:
    """The scenario and step being run."""

    file: str
    line: int
    scenario: str
    step: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}\n  {self.scenario}\n  {self.step}"


def _person_id(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold()
    for old, new in (("æ", "ae"), ("ø", "o"), ("å", "aa")):
        text = text.replace(old, new)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = "p_" + text
    return text[:60]


# -- the library a session shares ------------------------------------------------------------
@dataclass
class Library:
    """What every scenario of a test session shares: the rulebook and loaded scenarios."""

    rulebook: Rulebook
    _scenarios: dict[Path, Scenario] = field(default_factory=dict)

    def scenario(self, path: Path) -> Scenario:
        """A scenario file, loaded once per session."""
        if path not in self._scenarios:
            self._scenarios[path] = familycase.load_scenario(
                path, vocabularies=self.rulebook.vocabularies
            )
        return self._scenarios[path]


# -- the world ----------------------------------------------------------------------------
class World:
    """One scenario's family, evaluation date and assessment."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.rulebook = library.rulebook
        self.vocab = library.rulebook.vocabularies
        self.data: dict[str, Any] = {
            "id": "feature_case",
            "persons": [],
            "relations": [],
            "households": [],
            "concerns": [],
            "services": [],
            "consents": [],
            "reports": [],
        }
        self.as_of: date | None = None  # the evaluation date
        # the date the Given steps describe the family on: ages written in the steps are
        # ages on this date and move with the evaluation date (as evaluate(as_of=...) does)
        self.case_date: date | None = None
        self.warnings: list[str] = []
        self.shown: list[str] = []  # assessments a "show" step printed
        self.names: dict[str, str] = {}  # person id -> name as written
        self._withdrawn: list[tuple[str, tuple[str, ...]]] = []
        self._assessment: Assessment | None = None
        self.feature_lang: Lang = "nb"
        self.lang: Lang = "nb"
        self.saw_nn = False
        self.feature_dir: Path | None = None
        self.location: Location | None = None

    def __repr__(self) -> str:
        return f"World(persons={sorted(self.names)}, as_of={self.as_of})"

    # -- language and place ------------------------------------------------------------------
    def begin_step(self, langs: frozenset[str]) -> None:
        """Called before each familycase step: the language its wording is in."""
        if langs == frozenset({"nn"}):
            self.saw_nn = True
        if len(langs) == 1:
            (only,) = langs
            self.lang = only if only in LANGS else self.feature_lang
        elif "nn" in langs and self.saw_nn:
            self.lang = "nn"
        elif "nb" in langs and self.feature_lang != "en":
            self.lang = "nb"
        else:
            self.lang = self.feature_lang

    def at(self, *, file: str, line: int, scenario: str, step: str, language: str) -> None:
        """Record where the scenario is (set by the plugin before each step)."""
        self.feature_lang = "en" if language == "en" else "nb"
        self.feature_dir = Path(file).parent
        self.location = Location(display_path(file), line, scenario, step)

    def say(self, key: str, **values: object) -> str:
        return say(key, self.lang, **values)

    def refuse(self, key: str, **values: object) -> StepInputError:
        """An error for a step familycase cannot read."""
        where = self.location.describe() if self.location else ""
        error = StepInputError(self.say(key, **values), where)
        error.key = key
        return error

    def warn(self, key: str, **values: object) -> None:
        """A warning about the step being run (in the feature's language), once."""
        text = self.say(key, **values)
        if text in self.warnings:
            return
        self.warnings.append(text)
        where = f"{self.location.file}:{self.location.line}: " if self.location else ""
        warnings.warn(FeatureWarning(where + text), stacklevel=2)

    def fail(self, text: str) -> ExpectationFailed:
        """A failed expectation, explained in the feature's language."""
        where = self.location.describe() if self.location else ""
        head = self.say("expectation_failed")
        if self.warnings:
            text += "\n" + self.say("warnings_heading")
            text += "".join(f"\n  - {w}" for w in self.warnings)
        return ExpectationFailed(f"{head}\n{text}", where)

    # -- the case ------------------------------------------------------------------------
    def changed(self) -> None:
        """The case changed: the next expectation evaluates it again."""
        self._assessment = None

    def person(self, text: str) -> str:
        """The id of a person already described (by id or by name)."""
        wanted = _words.fold(_words.unquote(text))
        for pid, name in self.names.items():
            if wanted in (_words.fold(pid), _words.fold(name)):
                return pid
        written = _words.unquote(text)
        known = ", ".join(f'"{n}"' for n in self.names.values()) or self.say("none")
        by_fold = {_words.fold(n): n for n in self.names.values()}
        close = difflib.get_close_matches(wanted, list(by_fold), n=1, cutoff=0.6)
        if close:
            raise self.refuse(
                "unknown_person_close", person=written, close=by_fold[close[0]], known=known
            )
        raise self.refuse("unknown_person", person=written, known=known)

    def persons(self, text: str) -> list[str]:
        """Person ids for a list of names."""
        return [self.person(name) for name in _words.split_list(text)]

    def has_person(self, text: str) -> bool:
        wanted = _words.fold(_words.unquote(text))
        return any(wanted in (_words.fold(p), _words.fold(n)) for p, n in self.names.items())

    def add_person(self, name: str) -> str:
        """The person named ``name``, added to the case if new."""
        name = _words.unquote(name)
        if self.has_person(name):
            return self.person(name)
        base = _person_id(name)
        pid, n = base, 2
        while pid in self.names:
            pid, n = f"{base}_{n}", n + 1
        self.names[pid] = name
        self.data["persons"].append({"id": pid, "name": name})
        self.changed()
        return pid

    def person_item(self, pid: str) -> dict[str, Any]:
        item: dict[str, Any] = next(p for p in self.data["persons"] if p["id"] == pid)
        return item

    def set_age(self, pid: str, age: int | None) -> None:
        item = self.person_item(pid)
        for key in ("age", "age_on", "birth_date"):
            item.pop(key, None)
        if age is not None:
            item["age"] = age
        self.changed()

    def set_birth_date(self, pid: str, born: date) -> None:
        item = self.person_item(pid)
        for key in ("age", "age_on"):
            item.pop(key, None)
        item["birth_date"] = born.isoformat()
        self.changed()

    def add_application(self, pid: str, measure: str) -> None:
        item = self.person_item(pid)
        applied = item.setdefault("applies_for", [])
        if measure not in applied:
            applied.append(measure)
        self.changed()

    def set_view(self, pid: str, view: str) -> None:
        self.person_item(pid)["view"] = view
        self.changed()

    def set_pregnant(self, pid: str, due: date) -> None:
        self.person_item(pid)["pregnant_due"] = due.isoformat()
        self.changed()

    def add_relation(self, kind: str, from_: str, to: str, quality: str | None = None) -> None:
        item: dict[str, Any] = {"kind": kind, "from": from_, "to": to}
        if quality is not None:
            item["quality"] = quality
        self.data["relations"].append(item)
        self.changed()

    def set_care(self, from_: str, to: str, field: str, value: bool) -> None:
        """Record ``parental_responsibility`` or ``daily_care`` on the caregiving relations
        from ``from_`` to ``to``; refused when there is none."""
        kinds = self.vocab.relation_kinds
        found = [
            item
            for item in self.data["relations"]
            if item["from"] == from_
            and item["to"] == to
            and item["kind"] in kinds
            and kinds[item["kind"]].attr("caregiving", False)
        ]
        if not found:
            raise self.refuse(
                "no_caregiving_relation", person=self.name(from_), other=self.name(to)
            )
        for item in found:
            item[field] = value
        self.changed()

    def live_together(self, members: Sequence[str], household: str | None = None) -> None:
        """``members`` live together (in ``household``, a name); they leave other households."""
        hid = _person_id(household) if household else None
        if hid is None:
            used = {h["id"] for h in self.data["households"]}
            n = 1
            while f"household_{n}" in used:
                n += 1
            hid = f"household_{n}"
        kept = []
        existing: list[str] = []
        for h in self.data["households"]:
            if h["id"] == hid:
                existing = [m for m in h["members"] if m not in members]
                continue
            h["members"] = [m for m in h["members"] if m not in members]
            if h["members"]:
                kept.append(h)
        kept.append({"id": hid, "members": [*existing, *dict.fromkeys(members)]})
        self.data["households"] = kept
        self.changed()

    def new_id(self, kind: str, prefix: str) -> str:
        items = self.data.get(kind, [])
        used = {item.get("id") for item in items}
        n = len(items) + 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def add(self, kind: str, item: Mapping[str, Any]) -> None:
        self.data.setdefault(kind, []).append(dict(item))
        self.changed()

    def withdraw(self, given_by: str, services: Sequence[str]) -> None:
        """``given_by`` withdraws consent to share with ``services`` (on the evaluation date)."""
        found = False
        for item in self.data["consents"]:
            if item["given_by"] == given_by and set(services) & set(item["share_with"]):
                found = True
        if not found:
            raise self.refuse("no_consent_to_withdraw", person=self.names.get(given_by, given_by))
        self._withdrawn.append((given_by, tuple(services)))
        self.changed()

    def load_scenario(self, text: str, phase: str) -> None:
        """Start from a scenario's case at one of its phases."""
        name = _words.unquote(text)
        if name.endswith((".yaml", ".yml")) or "/" in name:
            path = (self.feature_dir or Path.cwd()) / name
        else:
            try:
                path = familycase.scenario_path(name)
            except UsageError:
                shipped = familycase.scenario_path("maria_and_david").parent
                known = ", ".join(sorted(p.stem for p in shipped.glob("*.yaml")))
                raise self.refuse("unknown_scenario", scenario=name, known=known) from None
        try:
            scenario = self.library.scenario(path)
        except (ContentError, OSError) as exc:
            detail = exc.args[0] if isinstance(exc, ContentError) else path.name
            raise self.refuse("scenario_unreadable", scenario=name, detail=detail) from None
        ids = [p.id for p in scenario.phases]
        if phase not in ids:
            raise self.refuse("unknown_phase", phase=phase, scenario=name, known=", ".join(ids))
        case = scenario.case_at(phase)
        self.data = case.model_dump(mode="json", by_alias=True, exclude_none=True)
        self.as_of = self.case_date = case.as_of
        self.names = {p.id: p.name for p in case.persons}
        self._withdrawn = []
        self.changed()

    def load_case_file(self, text: str) -> None:
        """Start from a case file (JSON or YAML, relative to the feature file's folder)."""
        name = _words.unquote(text)
        path = (self.feature_dir or Path.cwd()) / name
        if not path.is_file():
            raise self.refuse("case_file_missing", file=name)
        try:
            case = familycase.case_from_data(
                load_yaml(path).data, vocabularies=self.vocab, source=str(path)
            )
        except (ContentError, CaseError) as exc:
            problems = "\n".join(self._case_problem(p) for p in exc.problems)
            raise self.refuse("case_file_unreadable", file=name, problems=problems) from None
        self.data = case.model_dump(mode="json", by_alias=True, exclude_none=True)
        for key in ("relations", "households", "concerns", "services", "consents", "reports"):
            self.data.setdefault(key, [])
        self.as_of = self.case_date = case.as_of
        self.names = {p.id: p.name for p in case.persons}
        self._withdrawn = []
        self.changed()

    # -- evaluation ----------------------------------------------------------------------
    def case_data(self) -> dict[str, Any]:
        """The case mapping handed to ``familycase.evaluate``."""
        if self.as_of is None:
            raise self.refuse("no_date")
        if not self.data["persons"]:
            raise self.refuse("no_persons")
        data = copy.deepcopy(self.data)
        data["as_of"] = (self.case_date or self.as_of).isoformat()
        for given_by, services in self._withdrawn:
            for item in data["consents"]:
                if item["given_by"] == given_by and set(services) & set(item["share_with"]):
                    item["withdrawn_on"] = data["as_of"]
        self.check_perpetrators(data)
        return data

    def check_perpetrators(self, data: Mapping[str, Any]) -> None:
        """Warn when a child is recorded as the one who uses violence or abuse."""
        when = self.case_date or self.as_of
        kinds = _words.feature_words().perpetrator_kinds
        persons = {p["id"]: p for p in data.get("persons", [])}
        for concern in data.get("concerns", []):
            if concern.get("kind") not in kinds:
                continue
            for pid in concern.get("about", []):
                age = _age(persons.get(pid, {}), when)
                if age is not None and age < 18:
                    self.warn(
                        "child_as_perpetrator",
                        person=self.name(pid),
                        age=age,
                        concern=self.label(self.vocab.concern_kinds, concern["kind"]),
                    )

    def evaluate(self) -> Assessment:
        """Evaluate the case now (ages restated on the evaluation date)."""
        data = self.case_data()
        try:
            self._assessment = familycase.evaluate(data, rulebook=self.rulebook, as_of=self.as_of)
        except CaseError as exc:
            raise self.refuse(
                "case_invalid", problems="\n".join(self._case_problem(p) for p in exc.problems)
            ) from None
        return self._assessment

    def _case_problem(self, problem: Any) -> str:
        """A problem of the case data in the feature's words: the person's name, not
        ``persons[0]``; no codes or field paths in bokmål and nynorsk."""
        path = str(problem.path or "")
        who = ""
        if m := re.match(r"persons\[(\d+)\]", path):
            index = int(m.group(1))
            if index < len(self.data["persons"]):
                who = self.data["persons"][index]["name"]
        field_name = path.rsplit(".", 1)[-1] if "." in path else ""
        key = f"case_{problem.code}_{field_name}"
        if key in messages() and who:
            return "  - " + self.say(key, person=who, date=(self.as_of or "").__str__())
        if self.lang == "en":
            return f"  - {path} {problem.message} {problem.suggestion or ''}".rstrip()
        # bokmål and nynorsk: the code in words (familycase's own detail is in English)
        code = f"case_code_{problem.code}"
        message = self.say(code if code in messages() else "case_code_other")
        names = self._names_in(problem.message)
        if names:
            message += f" ({names})"
        return "  - " + self.say("case_problem", what=who or self.say("the_case"), message=message)

    def _names_in(self, text: str) -> str:
        """The persons a problem's message names by id ('mor', 'ida'), by their names."""
        quoted = re.findall(r"'([^']+)'", text)
        found = [self.names[q] for q in dict.fromkeys(quoted) if q in self.names]
        return ", ".join(found)

    @property
    def assessment(self) -> Assessment:
        """The assessment of the case as it is now (evaluated when needed)."""
        return self._assessment if self._assessment is not None else self.evaluate()

    @property
    def evaluated(self) -> bool:
        return self._assessment is not None

    # -- words -----------------------------------------------------------------------------
    def word(self, vocab: Vocabulary, text: str, what: str) -> str:
        """The id of a vocabulary word (id or label in any language)."""
        match = _words.lookup(vocab, text)
        if match.id is None:
            raise self._word_error(vocab, text, match, what)
        return match.id

    def words(self, vocab: Vocabulary, text: str, what: str) -> list[str]:
        """Several vocabulary words (``skole og politiet``)."""
        out = []
        for piece, match in _words.lookup_list(vocab, text):
            if match.id is None:
                raise self._word_error(vocab, piece, match, what)
            out.append(match.id)
        return list(dict.fromkeys(out))

    def _word_error(
        self, vocab: Vocabulary, text: str, match: _words.Match, what: str
    ) -> StepInputError:
        written = _words.unquote(text)
        kind = self.say(f"kind_{what}")
        if match.ambiguous:
            options = self.options(vocab, match.candidates)
            return self.refuse("ambiguous_word", word=written, kind=kind, options=options)
        if match.candidates:
            options = self.options(vocab, match.candidates)
            return self.refuse("unknown_word_close", word=written, kind=kind, options=options)
        example = self.label(vocab, next(iter(vocab)))
        return self.refuse("unknown_word", word=written, kind=kind, example=example)

    def options(self, vocab: Vocabulary, ids: Iterable[str]) -> str:
        if self.lang == "en":
            return ", ".join(f'"{self.label(vocab, i)}" ({i})' for i in ids)
        return ", ".join(f"«{self.label(vocab, i)}» ({i})" for i in ids)

    def label(self, vocab: Vocabulary, entry: str) -> str:
        return vocab.label(entry, self.lang)

    def name(self, pid: str) -> str:
        return self.names.get(pid, pid)

    def names_of(self, pids: Iterable[str]) -> str:
        from familycase._text import join_names  # noqa: PLC0415

        listed = [self.name(p) for p in pids]
        return join_names(listed, self.lang) if listed else self.say("nobody")

    # -- describing what familycase said ---------------------------------------------------
    def describe_suggestion(self, s: Suggestion) -> str:
        v = self.vocab
        ui = v.text
        lang = self.lang
        head = (
            f"{s.label.get(lang)} ({v.by_name('obligation').label(s.obligation, lang)}, "
            f"{v.by_name('urgency').label(s.urgency, lang)})"
        )
        parts = [head]
        if s.persons:
            parts.append(f"{ui('concerns_persons').get(lang)} {self.names_of(s.persons)}")
        parts.append(f"{ui('responsible').get(lang)}: {v.services.label(s.responsible, lang)}")
        if s.services:
            together = ", ".join(v.services.label(x, lang) for x in s.services)
            parts.append(f"{ui('cooperate_with').get(lang)}: {together}")
        if s.legal_basis:
            parts.append(f"{ui('legal_basis').get(lang)}: {self.citations(s.legal_basis)}")
        if s.requires_consent:
            parts.append(ui("requires_consent").get(lang))
        parts.append(f"{self.say('rules_word')}: {', '.join(s.rule_ids)}")
        return "; ".join(parts)

    def citations(self, refs: Sequence[LegalReference]) -> str:
        return ", ".join(r.citation.get(self.lang) for r in refs) or self.say("none")

    def describe_suggestions(self, suggestions: Sequence[Suggestion] | None = None) -> str:
        items = self.assessment.suggestions if suggestions is None else suggestions
        if not items:
            return self.say("suggested_nothing")
        lines = [self.say("suggested_these", date=self.assessment.as_of.isoformat())]
        lines.extend(f"  - {self.describe_suggestion(s)}" for s in items)
        return "\n".join(lines)

    def describe_unclear(self, duties: Sequence[UnclearDuty] | None = None) -> str:
        items = self.assessment.unclear_duties if duties is None else duties
        if not items:
            return self.say("unclear_none")
        lines = [self.say("unclear_these")]
        for u in items:
            lines.append(f"  - {u.label.get(self.lang)}: {self.names_of(u.persons)}")
        return "\n".join(lines)

    def describe_questions(self, questions: Sequence[Question] | None = None) -> str:
        items = self.assessment.questions if questions is None else questions
        if not items:
            return self.say("questions_none")
        lines = [self.say("questions_these")]
        for q in items:
            settles = f" [{self.vocab.measures.label(q.settles, self.lang)}]" if q.settles else ""
            lines.append(f"  - {q.text.get(self.lang)}{settles}")
        return "\n".join(lines)

    def unclear_hint(self, measure: str, persons: Sequence[str] = ()) -> str:
        """When ``measure`` is an unclear duty (for ``persons``): that it is, and the
        questions that settle it ('' otherwise)."""
        found = [
            u
            for u in self.assessment.unclear_duties
            if u.measure == measure and set(persons) <= set(u.persons)
        ]
        if not found:
            return ""
        questions = [t.get(self.lang) for u in found for t in u.questions]
        settling = [
            q.text.get(self.lang) for q in self.assessment.questions if q.settles == measure
        ]
        lines = list(dict.fromkeys([*questions, *settling]))
        return (
            "\n"
            + self.say(
                "only_unclear",
                measure=self.label(self.vocab.measures, measure),
                persons=self.names_of(found[0].persons),
            )
            + "".join(f"\n  - {q}" for q in lines)
        )

    def describe_fired(self) -> str:
        fired = self.assessment.fired
        return self.say("fired_these", rules=", ".join(fired) if fired else self.say("none"))


def _age(person: Mapping[str, Any], on: date | None) -> int | None:
    """A person's age on a date, from the case data's age or birth date."""
    if isinstance(person.get("age"), int):
        return int(person["age"])
    born = person.get("birth_date")
    if isinstance(born, str) and on is not None:
        b = date.fromisoformat(born)
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
    return None


def display_path(file: str) -> str:
    """A feature file's path as shown in messages (relative to the working folder)."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
