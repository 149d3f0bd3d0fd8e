"""The words inside a feature file's steps, checked without running the scenarios.

``familycase check`` (FC615, FC806) calls ``check_steps`` for each feature file that parses.
Every scenario (each row of a scenario outline's examples, with the background's steps) is
read as the pytest plugin reads it: the Given steps run against a ``World`` (so an unknown
word, a person not described yet, a bad date, an unknown table column or a person listed
twice is refused exactly as the test run would refuse it), and the words of the When and
Then steps are looked up without evaluating the case (measures, services, persons, legal
bases, rule ids, urgencies, the columns and cells of expectation tables). The messages are
the step library's own, in the feature's language, with a did-you-mean where there is one.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from familycase._text import Lang
from familycase.errors import Problem
from familycase.rules.rulebook import Rulebook
from familycase.testing import steps as library
from familycase.testing.steps import expectations
from familycase.testing.steps.registry import (
    Table,
    read_age,
    read_bool,
    read_date,
    read_pairs,
    read_rows,
)
from familycase.testing.world import FeatureError, Library, World, say

__all__ = ["check_steps"]

_KINDS = {"Context": "given", "Action": "when", "Outcome": "then"}


def _persons(world: World, text: str) -> None:
    world.persons(text)


def _services(world: World, text: str) -> None:
    world.words(world.vocab.services, re.sub(r"^the\s+", "", text.strip(), flags=re.I), "service")


def _term(name: str, what: str) -> Callable[[World, str], None]:
    def check(world: World, text: str) -> None:
        world.word(world.vocab.by_name(name), text, what)

    return check


# What a value in a When or Then step must be, by its placeholder's group.
_VALUES: dict[str, Callable[[World, str], Any]] = {
    "measure": lambda w, t: w.word(w.vocab.measures, t, "measure"),
    "service": lambda w, t: w.word(w.vocab.services, t, "service"),
    "services": _services,
    "person": lambda w, t: w.person(t),
    "other": lambda w, t: w.person(t),
    "persons": _persons,
    "exposed": _persons,
    "legal": expectations.parse_reference,
    "urgency": _term("urgency", "urgency"),
    "rule": expectations.rule_id,
    "when": read_date,
    "age": read_age,
    "age_group": _term("age_group", "age_group"),
    "verification": _term("verification", "verification"),
}

# The cells of an expectation table (Så foreslås: / Så foreslås <tiltak>:), by column key.
_CELLS: dict[str, Callable[[World, str], Any]] = {
    "measure": _VALUES["measure"],
    "for": _persons,
    "only_for": _persons,
    "responsible": _VALUES["service"],
    "services": _services,
    "obligation": _term("obligation", "obligation"),
    "urgency": _VALUES["urgency"],
    "legal_basis": lambda w, t: [
        expectations.parse_reference(w, part) for part in re.split(r"\s*[;,]\s*", t)
    ],
    "requires_consent": read_bool,
    "service": _VALUES["service"],
    "person": _VALUES["person"],
}


def _table(step: Mapping[str, Any], row: Mapping[str, str]) -> Table | None:
    table = step.get("dataTable")
    if not table:
        return None
    return [
        [_outline(str(cell.get("value", "")), row) for cell in r.get("cells", [])]
        for r in table.get("rows", [])
    ]


def _outline(text: str, row: Mapping[str, str]) -> str:
    return re.sub(r"<([^<>]+)>", lambda m: row.get(m.group(1), m.group(0)), text)


def _match(kind: str, text: str) -> tuple[library.StepDef, frozenset[str], dict[str, str]] | None:
    for definition in library.STEPS:
        if definition.kind != kind:
            continue
        for wording, langs in definition.variants():
            found = library.compile_template(wording).fullmatch(text)
            if found is not None:
                values = {k: v for k, v in found.groupdict().items() if v is not None}
                return definition, langs, values
    return None


def _check_then(
    world: World, definition: library.StepDef, values: Mapping[str, str], table: Table | None
) -> None:
    for group, value in values.items():
        check = _VALUES.get(group)
        if check is not None:
            check(world, value)
    if definition.table in ("suggestion", "responsibility"):
        if definition.pairs:
            rows = [read_pairs(world, table)]
        else:
            rows = read_rows(world, table, definition.table)
        for cells in rows:
            for key, cell in cells.items():
                if key in _CELLS:
                    _CELLS[key](world, cell)


def _scenarios(doc: Mapping[str, Any]) -> Iterator[tuple[list[Any], list[dict[str, str]], str]]:
    """``(steps with the backgrounds' first, example rows, name)`` of every scenario."""

    def walk(
        children: Any, background: list[Any]
    ) -> Iterator[tuple[list[Any], list[dict[str, str]], str]]:
        steps = list(background)
        for child in children or []:
            if "background" in child:
                steps = [*background, *child["background"].get("steps", [])]
            if "rule" in child:
                yield from walk(child["rule"].get("children"), steps)
            if "scenario" in child:
                scenario = child["scenario"]
                rows: list[dict[str, str]] = []
                for examples in scenario.get("examples", []) or []:
                    header = [
                        str(c.get("value", ""))
                        for c in (examples.get("tableHeader") or {}).get("cells", [])
                    ]
                    for r in examples.get("tableBody", []) or []:
                        cells = [str(c.get("value", "")) for c in r.get("cells", [])]
                        rows.append(dict(zip(header, cells, strict=False)))
                yield [*steps, *scenario.get("steps", [])], rows, str(scenario.get("name", ""))

    yield from walk(doc["feature"].get("children"), [])


def check_steps(doc: Mapping[str, Any], file: str, rulebook: Rulebook, lang: Lang) -> list[Problem]:
    """FC615 (a word familycase cannot read) and FC806 (a warning: a wording that is easily
    misread) for every step of a parsed feature file, in the feature's language."""
    library_ = Library(rulebook)
    found: dict[tuple[int, str], Problem] = {}
    language = "en" if lang == "en" else "no"
    for steps, rows, name in _scenarios(doc):
        for row in rows or [{}]:
            world = World(library_)
            kind = "given"
            failed = False
            for step in steps:
                kind = _KINDS.get(str(step.get("keywordType")), kind)
                text = _outline(str(step.get("text", "")), row)
                line = int(step.get("location", {}).get("line", 0))
                matched = _match(kind, text)
                if matched is None:
                    continue  # FC612, reported by familycase check
                definition, langs, values = matched
                world.at(file=file, line=line, scenario=name, step=text, language=language)
                world.feature_lang = lang if lang != "nn" else "nb"
                world.begin_step(langs)
                if lang == "nn" and "nn" in langs:
                    world.lang = "nn"
                table = _table(step, row)
                before = len(world.warnings)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        if kind == "given":
                            args: dict[str, Any] = dict(values)
                            if definition.table is not None:
                                args["datatable"] = table
                            definition.func(world, **args)
                        elif "when" in values:
                            world.as_of = read_date(world, values["when"])
                        elif kind == "then":
                            _check_then(world, definition, values, table)
                        world.check_perpetrators(world.data)
                except FeatureError as exc:
                    if failed and getattr(exc, "key", "").startswith("unknown_person"):
                        continue  # follows from the step refused above
                    failed = True
                    key = (line, exc.message)
                    found.setdefault(
                        key,
                        Problem(
                            "FC615",
                            exc.message,
                            file=file,
                            line=line,
                            column=int(step.get("location", {}).get("column", 0)) or None,
                            excerpt=f"{step.get('keyword', '')}{text}"[:160],
                        ),
                    )
                for message in world.warnings[before:]:
                    found.setdefault(
                        (line, message),
                        Problem(
                            "FC806",
                            message,
                            file=file,
                            line=line,
                            severity="warning",
                            excerpt=f"{step.get('keyword', '')}{text}"[:160],
                        ),
                    )
    return list(found.values())


def message(key: str, lang: str, **values: object) -> str:
    """A message of ``familycase check`` about a feature file, in the feature's language."""
    return say(key, "en" if lang == "en" else "nn" if lang == "nn" else "nb", **values)
