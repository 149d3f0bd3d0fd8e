"""The responsibility map: who (which service) is responsible for what, for whom.

``responsibility_table(assessment)`` crosses the persons of the case with the services:
those that hold a measure (``Assessment.responsibility``) and those already involved with
someone (active or waiting). Each cell lists the measures a service holds for a person, the
measures it cooperates on (a suggestion's ``services``), and whether the service is involved
with that person. Two lists make the gaps stand out:

- ``idle_services``: services involved with the family that neither hold nor cooperate on any
  measure;
- ``unserved``: persons with current concerns (about them or exposing them), or children,
  for whom no service holds a measure.

``responsibility_text`` renders it for a terminal; ``render.html`` and ``render.markdown``
render the same table as HTML and markdown.

>>> import familycase
>>> from familycase.render.responsibility import responsibility_table
>>> s = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> table = responsibility_table(familycase.evaluate(s.case_at("phase3")))
>>> table.cell("jon", "school").cooperates, "school" in table.idle_services
(('talk_with_child',), False)
"""

from __future__ import annotations

from dataclasses import dataclass

from familycase._text import Lang, join_names
from familycase.assess.assessment import Assessment
from familycase.render._args import ASSESSMENT, checked, expect
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

FAMILY = ""  # the row of measures for the whole family


@dataclass(frozen=True)
class Cell:
    """What one service has to do for one person (or for the whole family)."""

    measures: tuple[str, ...]
    involved: bool
    cooperates: tuple[str, ...] = ()  # measures another service holds, with this one

    @property
    def idle(self) -> bool:
        """Involved with the person, but with nothing to do for them."""
        return self.involved and not self.measures and not self.cooperates


@dataclass(frozen=True)
class ResponsibilityTable:
    """Persons (rows; ``FAMILY`` first when a measure is for the whole family) × services."""

    rows: tuple[str, ...]
    services: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    idle_services: tuple[str, ...]
    unserved: tuple[str, ...]

    def cell(self, row: str, service: str) -> Cell:
        """The cell of ``row`` (a person id or ``FAMILY``) and ``service`` (may be empty)."""
        return self.cells.get((row, service), Cell((), False))

    def responsible_for(self, row: str) -> list[str]:
        """The services that hold a measure for ``row``."""
        return [s for s in self.services if self.cell(row, s).measures]


def responsibility_table(assessment: Assessment) -> ResponsibilityTable:
    """The person × service table of an assessment (see the module docstring).

    ``UsageError`` if ``assessment`` is not an ``Assessment``.
    """
    expect("responsibility_table", assessment, Assessment, ASSESSMENT)
    services: list[str] = []
    cells: dict[tuple[str, str], Cell] = {}
    family = False
    for entry in assessment.responsibility:
        row = entry.person or FAMILY
        family = family or entry.person is None
        if entry.service not in services:
            services.append(entry.service)
        cells[(row, entry.service)] = Cell(tuple(entry.measures), False)
    involved_anywhere: list[str] = []
    for person in assessment.persons:
        for service in person.services:
            if service not in involved_anywhere:
                involved_anywhere.append(service)
            old = cells.get((person.person, service), Cell((), False))
            cells[(person.person, service)] = Cell(old.measures, True)
    services += [s for s in involved_anywhere if s not in services]
    for suggestion in assessment.suggestions:
        for service in suggestion.services:
            for row in suggestion.persons or [FAMILY]:
                old = cells.get((row, service), Cell((), False))
                if suggestion.measure not in old.cooperates:
                    cooperates = (*old.cooperates, suggestion.measure)
                    cells[(row, service)] = Cell(old.measures, old.involved, cooperates)
    busy = {s for (_, s), cell in cells.items() if cell.measures or cell.cooperates}
    idle = tuple(s for s in involved_anywhere if s not in busy)
    unserved = tuple(
        p.person
        for p in assessment.persons
        if (p.concerns or p.exposed_to or p.exposed_through or p.age_group == "child")
        and not any(cells.get((p.person, s), Cell((), False)).measures for s in services)
    )
    rows = ((FAMILY,) if family else ()) + tuple(p.person for p in assessment.persons)
    return ResponsibilityTable(rows, tuple(services), cells, idle, unserved)


def cooperation(cell: Cell, lang: Lang, v: Vocabularies) -> str:
    """What a service without measures of its own does in ``cell``: "cooperates on ..."."""
    labels = join_names([v.measures.label(m, lang) for m in cell.cooperates], lang)
    return f"{v.texts(lang)('responsibility_cooperates')}: {labels}"


def responsibility_text(
    assessment: Assessment, lang: Lang = "nb", vocabularies: Vocabularies | None = None
) -> str:
    """The responsibility map as plain text: per person, each service and its measures;
    then the services with nothing to do and the persons nobody is responsible for.

    ``UsageError`` if ``assessment`` is not an ``Assessment`` or ``lang`` is not nb, nn or en.
    """
    lang = checked(
        "responsibility_text",
        assessment,
        Assessment,
        ASSESSMENT,
        lang,
    )
    v = vocabularies or load_vocabularies()
    table = responsibility_table(assessment)
    t = v.texts(lang)
    names = assessment.names
    out = [t("responsibility_map")]
    for row in table.rows:
        lines = []
        for service in table.services:
            cell = table.cell(row, service)
            if cell.measures:
                what = ", ".join(v.measures.label(m, lang) for m in cell.measures)
            elif cell.cooperates:
                what = cooperation(cell, lang, v)
            elif cell.involved:
                what = t("responsibility_idle")
            else:
                continue
            lines.append(f"    {v.services.label(service, lang)}: {what}")
        if not lines and row not in table.unserved:
            continue
        out.append(f"  {t('family') if row == FAMILY else names.get(row, row)}")
        if row in table.unserved:
            lines.insert(0, f"    ! {t('no_responsible_service')}")
        out.extend(lines)
    if table.idle_services:
        out += ["", t("responsibility_idle_services")]
        out += [f"  - {v.services.label(s, lang)}" for s in table.idle_services]
    if table.unserved:
        out += ["", t("responsibility_unserved")]
        out.append("  - " + join_names([names.get(p, p) for p in table.unserved], lang))
    return "\n".join(out) + "\n"
