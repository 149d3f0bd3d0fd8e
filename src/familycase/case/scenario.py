"""Scenarios: a base case told phase by phase.

A scenario file (YAML) has an id, a title and summary in nb/nn/en, a base ``case`` (a case
without ``as_of``) and ``phases``. Each phase has an id, a date (its evaluation date), a
title, a narrative and discussion questions in nb/nn/en, and ``changes`` applied on top of
everything before it: ``add`` new items, ``change`` fields of items by id, ``end`` items by
id (concerns become ``past``; relations, services and consents end on the phase date;
households are removed). See ``docs/scenarios.md``.

``load_scenario(path)`` validates every phase's case when the file is loaded, so an error
names the file and the line of the item that caused it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from familycase._text import Lang, Text
from familycase._validation import field_names, problems_from
from familycase._yaml import Document, PathKey, load_yaml
from familycase.case.model import CASE_MODELS, Case, Date, Id
from familycase.errors import ContentError, Problem, UsageError
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.render.player import PhaseView
    from familycase.rules.rulebook import Rulebook

_LISTS = ("persons", "relations", "households", "concerns", "services", "consents")
_ENDABLE = ("concerns", "relations", "services", "consents", "households")


class Changes(BaseModel):
    """What a phase adds, changes and ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    add: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    change: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    end: dict[str, list[Id]] = Field(default_factory=dict)


class Phase(BaseModel):
    """One phase of a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    date: Date
    title: Text
    narrative: Text
    questions: list[Text] = Field(default_factory=list)
    changes: Changes = Field(default_factory=Changes)

    @property
    def as_of(self) -> dt.date:
        """The phase's evaluation date."""
        return self.date

    def __repr__(self) -> str:
        return f"Phase(id={self.id!r}, date={self.date.isoformat()!r})"


class _ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    title: Text
    summary: Text | None = None
    case: dict[str, Any]
    phases: list[Phase] = Field(min_length=1)


@dataclass(frozen=True)
class Scenario:
    """A loaded, validated scenario. ``case_at(phase_id)`` gives the case in that phase."""

    id: str
    title: Text
    summary: Text | None
    phases: tuple[Phase, ...]
    source: str
    _cases: Mapping[str, Case]

    def __repr__(self) -> str:
        return f"Scenario(id={self.id!r}, phases={[p.id for p in self.phases]!r})"

    def phase(self, phase_id: str) -> Phase:
        """The phase with id ``phase_id``; ``UsageError`` naming the known ids if none."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        known = ", ".join(p.id for p in self.phases)
        raise UsageError(
            f"{self.source}: no phase '{phase_id}' in scenario '{self.id}'. Known phases: {known}."
        )

    def case_at(self, phase_id: str | None = None) -> Case:
        """The case as it stands in ``phase_id`` (default: the last phase)."""
        phase = self.phase(phase_id) if phase_id is not None else self.phases[-1]
        return self._cases[phase.id]

    def __iter__(self) -> Iterator[Phase]:
        return iter(self.phases)

    def play(self, lang: Lang = "nb", *, rulebook: Rulebook | None = None) -> Iterator[PhaseView]:
        """Step through the phases: a ``familycase.render.player.PhaseView`` per phase, with its
        narrative, questions, ecomap, assessment and what changed since the phase before.

        The player is imported here, not at module level: ``render`` is a layer above
        ``case``."""
        from familycase.render.player import play  # noqa: PLC0415 (the player is a higher layer)

        return play(self, lang, rulebook=rulebook)

    def _repr_html_(self) -> str:
        """The phases, for Jupyter. The renderer is imported here, not at module level:
        ``render`` is a layer above ``case``."""
        from familycase.render.html import scenario_html  # noqa: PLC0415

        return scenario_html(self)


@dataclass
class _Item:
    data: dict[str, Any]
    origin: PathKey  # where in the document the item was last written


def load_scenario(path: str | Path, *, vocabularies: Vocabularies | None = None) -> Scenario:
    """Load and validate a scenario file; raise ``ContentError`` naming the file and line."""
    if not isinstance(path, str | Path):
        raise UsageError(
            f"load_scenario takes a file path (str or pathlib.Path), not a {type(path).__name__}."
        )
    doc = load_yaml(path)
    if isinstance(doc.data, dict) and "phases" not in doc.data and "persons" in doc.data:
        # a case file: its lines may hold names and notes, so none is shown
        raise UsageError(
            f"{doc.file} is a case file, not a scenario (it has persons and no phases): "
            "load it with familycase.case.model.load_case, or give it phases."
        )
    vocab = vocabularies or load_vocabularies()
    try:
        raw = _ScenarioFile.model_validate(doc.data)
    except ValidationError as exc:
        known = field_names((_ScenarioFile, Phase, Changes, Text))
        raise ContentError(
            problems_from(exc, document=doc, known_fields=known, model=_ScenarioFile),
            "The scenario is invalid",
        ) from None
    problems: list[Problem] = []
    seen_phases: set[str] = set()
    for index, phase in enumerate(raw.phases):
        if phase.id in seen_phases:
            problems.append(
                doc.problem("FC401", f"Duplicate phase id '{phase.id}'.", ("phases", index, "id"))
            )
        seen_phases.add(phase.id)
        if index and phase.date < raw.phases[index - 1].date:
            problems.append(
                doc.problem(
                    "FC402",
                    f"Phase '{phase.id}' is dated before the phase it follows.",
                    ("phases", index, "date"),
                    "Order phases by date.",
                )
            )
    if problems:
        raise ContentError(problems, "The scenario is invalid")
    base = raw.case
    if "as_of" in base:
        raise ContentError(
            [
                doc.problem(
                    "FC403",
                    "The base case has no 'as_of': each phase's date is its evaluation date.",
                    ("case", "as_of"),
                    "Remove 'as_of' from 'case'.",
                )
            ]
        )
    state: dict[str, list[_Item]] = {name: [] for name in _LISTS}
    for name in _LISTS:
        items = base.get(name, [])
        if not isinstance(items, list):
            raise ContentError([doc.problem("FC303", f"'{name}' must be a list.", ("case", name))])
        state[name] = [
            _Item(copy.deepcopy(item) if isinstance(item, dict) else item, ("case", name, i))
            for i, item in enumerate(items)
        ]
    unknown = sorted(set(base) - {*_LISTS, "id"})
    if unknown:
        raise ContentError(
            [
                doc.problem(
                    "FC302",
                    f"Unknown field '{unknown[0]:.40}' in the base case.",
                    ("case", unknown[0]),
                    f"Known: id, {', '.join(_LISTS)}.",
                )
            ]
        )
    first_date = raw.phases[0].date
    for item in state["persons"]:
        if isinstance(item.data, dict) and "age" in item.data and "age_on" not in item.data:
            item.data["age_on"] = first_date.isoformat()
    cases: dict[str, Case] = {}
    for index, phase in enumerate(raw.phases):
        where: PathKey = ("phases", index, "changes")
        _apply(doc, state, phase, where, problems, first_date)
        if problems:
            break
        data: dict[str, Any] = {"id": base.get("id", raw.id), "as_of": phase.date}
        for name in _LISTS:
            data[name] = [item.data for item in state[name]]
        try:
            cases[phase.id] = Case.model_validate(data, context={"vocabularies": vocab})
        except ValidationError as exc:
            problems.extend(_locate(exc, doc, state, phase.id, vocab))
            break
    if problems:
        raise ContentError(problems, "The scenario is invalid")
    return Scenario(
        id=raw.id,
        title=raw.title,
        summary=raw.summary,
        phases=tuple(raw.phases),
        source=doc.file,
        _cases=cases,
    )


def _locate(
    exc: ValidationError,
    doc: Document,
    state: Mapping[str, Sequence[_Item]],
    phase_id: str,
    vocab: Vocabularies,
) -> list[Problem]:
    """Problems for a phase's case, pointing at the item in the file that caused each, with
    the same details as elsewhere (did-you-mean for allowed values and fields, one problem
    for a misspelt required field)."""

    def relocate(loc: PathKey) -> PathKey:
        if len(loc) >= 2 and loc[0] in state and isinstance(loc[1], int):
            items = state[str(loc[0])]
            if loc[1] < len(items):
                return (*items[loc[1]].origin, *loc[2:])
        return ("case", *loc)

    def resolve_term(field: str, word: str) -> str | None:
        terms = vocab.terms.get(field)
        return terms.resolve(word) if terms is not None else None

    return problems_from(
        exc,
        document=doc,
        known_fields=field_names(CASE_MODELS),
        model=Case,
        relocate=relocate,
        prefix=f"In phase '{phase_id}': ",
        resolve_term=resolve_term,
    )


def _apply(
    doc: Document,
    state: dict[str, list[_Item]],
    phase: Phase,
    where: PathKey,
    problems: list[Problem],
    first_date: dt.date,
) -> None:
    changes = phase.changes
    for section, lists in (("add", changes.add), ("change", changes.change), ("end", changes.end)):
        for name in lists:
            allowed = _ENDABLE if section == "end" else _LISTS
            if name not in allowed:
                problems.append(
                    doc.problem(
                        "FC404",
                        f"'{section}' cannot hold '{name:.40}'.",
                        (*where, section, name),
                        f"Use one of: {', '.join(allowed)}.",
                    )
                )
    if problems:
        return
    for name, items in changes.add.items():
        for i, item in enumerate(items):
            data = copy.deepcopy(item)
            if name == "persons" and "age" in data and "age_on" not in data:
                data["age_on"] = phase.date.isoformat()
            state[name].append(_Item(data, (*where, "add", name, i)))
    for name, items in changes.change.items():
        for i, item in enumerate(items):
            target = _find(state[name], item.get("id"))
            path = (*where, "change", name, i)
            if target is None:
                problems.append(
                    _unknown_item(doc, state[name], item.get("id"), name, (*path, "id"))
                )
                continue
            target.data.update(copy.deepcopy(item))
            target.origin = path
    for name, ids in changes.end.items():
        for i, item_id in enumerate(ids):
            path = (*where, "end", name, i)
            target = _find(state[name], item_id)
            if target is None:
                problems.append(_unknown_item(doc, state[name], item_id, name, path))
                continue
            if name == "households":
                state[name].remove(target)
            elif name == "concerns":
                target.data["status"] = "past"
                target.data.setdefault("until", phase.date.isoformat())
            elif name == "consents":
                target.data["withdrawn_on"] = phase.date.isoformat()
            elif name == "services":
                target.data["status"] = "ended"
                target.data["until"] = phase.date.isoformat()
            else:
                target.data["until"] = phase.date.isoformat()
            target.origin = path
    del first_date


def _find(items: Sequence[_Item], item_id: object) -> _Item | None:
    for item in items:
        if isinstance(item.data, dict) and item.data.get("id") == item_id and item_id is not None:
            return item
    return None


def _unknown_item(
    doc: Document, items: Sequence[_Item], item_id: object, name: str, path: PathKey
) -> Problem:
    import difflib  # noqa: PLC0415

    ids = [str(i.data.get("id")) for i in items if isinstance(i.data, dict) and i.data.get("id")]
    close = difflib.get_close_matches(str(item_id), ids, n=1)
    return doc.problem(
        "FC405",
        f"No item with id '{item_id!s:.60}' in {name} at this phase.",
        path,
        f"Did you mean '{close[0]}'?" if close else f"Known ids: {', '.join(ids[:10]) or 'none'}.",
    )
