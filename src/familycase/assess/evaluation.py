"""``evaluate``: case -> graph -> facts -> engine -> assessment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from familycase import __version__
from familycase._validation import iso_date
from familycase.assess.assessment import Assessment
from familycase.assess.build import build_assessment
from familycase.case.canonical import canonical
from familycase.case.facts import DECLARED, CaseFacts, case_facts
from familycase.case.graph import CaseGraph
from familycase.case.model import Case, case_from_data, whole_years
from familycase.case.privacy import without_names
from familycase.engine import default_engine, runner
from familycase.engine.choice import Runner
from familycase.engine.ir import EngineResult
from familycase.errors import CaseError, Problem, UsageError
from familycase.rules.rulebook import Rulebook, load_rulebook
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

Engine = Literal["durable", "clips", "reference"]

_SHIPPED: dict[int, tuple[Vocabularies, bool]] = {}


def _shipped_vocabularies(vocabularies: Vocabularies) -> bool:
    """Whether ``vocabularies`` equal the shipped ones, against which a ``Case`` given without
    a validation context was validated (so it need not be validated again)."""
    known = _SHIPPED.get(id(vocabularies))
    if known is not None and known[0] is vocabularies:
        return known[1]
    same = vocabularies == load_vocabularies()
    if len(_SHIPPED) >= 64:
        _SHIPPED.clear()
    _SHIPPED[id(vocabularies)] = (vocabularies, same)
    return same


def evaluate(
    case: Case | Mapping[str, Any],
    *,
    rulebook: Rulebook | None = None,
    as_of: date | str | None = None,
    engine: Engine | None = None,
    ids_only: bool = False,
) -> Assessment:
    """Evaluate ``case`` with ``rulebook`` (default: the shipped rules).

    ``case`` is a ``Case`` or its JSON-like mapping (validated; bad data raises
    ``CaseError`` naming each bad field). ``as_of`` overrides the case's evaluation date:
    ages and the law in force are taken on that date (an age given without a birth date is
    restated on it; someone not born yet on it is refused). ``rulebook`` is a ``Rulebook``
    from ``load_rulebook``. ``engine`` is ``"durable"`` (durable_rules),
    ``"clips"`` (CLIPS, via clipspy) or ``"reference"`` (the plain-Python reference
    evaluator: slower); all give the same results. The default is ``$FAMILYCASE_ENGINE``
    if set, else durable_rules where it can be imported (Python 3.11 and 3.12), else CLIPS.
    The assessment's ``provenance.engine`` names the engine used.
    ``ids_only=True`` evaluates the case with each name replaced by the person's id and
    without free text (``familycase.case.privacy.without_names``): the assessment holds no
    display name, for a system that stores it (``provenance.ids_only`` says so).

    Each call is isolated: nothing of one case is visible to another, and the engine
    session is emptied afterwards, on success and on error.

    The suggestions' and questions' ids and reasons, the questions' texts, the duty board,
    the persons' summaries, the responsibility table, the unclear duties and what is known
    of the concerns are built when first read (by attribute, ``model_dump``/
    ``model_dump_json``, equality, copying or pickling): most callers read few of them, and
    the values and JSON are the same either way.

    Raises ``CaseError`` for invalid case data (each problem with the field's path, a code and
    a suggestion; a ``Case`` made without validation is validated first), ``UsageError`` for
    arguments of the wrong kind (a case that is not a ``Case`` or mapping, a rulebook that is
    not a ``Rulebook``, an unknown ``engine`` or one not installed here), and
    ``EvaluationError`` if the engine fails on a valid case (a bug: please report it with
    the case's ids).

    >>> import familycase
    >>> scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    >>> assessment = familycase.evaluate(scenario.case_at("phase1"))
    >>> assessment.suggestion("notify_child_welfare").obligation
    'duty'
    """
    if isinstance(rulebook, str | Path):
        raise UsageError(
            "rulebook must be a familycase.Rulebook: load the rules once with "
            "familycase.load_rulebook(path) and pass what it returns (loading takes about "
            "0.1 s; evaluate_many takes a path and loads it once)."
        )
    name = default_engine() if engine is None else engine
    run = runner(name)
    prepared = _prepare(case, rulebook=rulebook, as_of=as_of, ids_only=ids_only)
    return _built(_engine_result(prepared, run), prepared, name)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A case made ready for the engine: what ``build_assessment`` needs besides the engine's
    result. ``evaluate_many`` makes it twice for a case in its ``"assessment"`` mode: in the
    worker, for the engine, and in the reading process, for the build; so the steps that
    make it live here only, and give the same facts in both processes."""

    book: Rulebook
    graph: CaseGraph
    facts: CaseFacts
    as_of: str  # the evaluation date, ISO
    ids_only: bool


def _prepare(
    case: Case | Mapping[str, Any],
    *,
    rulebook: Rulebook | None,
    as_of: date | str | None,
    ids_only: bool = False,
) -> _Prepared:
    """``case`` validated (against ``rulebook``'s vocabularies), on ``as_of``, canonical, as a
    graph and as facts: everything of ``evaluate`` before the engine."""
    if rulebook is not None and not isinstance(rulebook, Rulebook):
        raise UsageError("rulebook must be a familycase.Rulebook (from load_rulebook) or None.")
    book = rulebook or load_rulebook()
    if not isinstance(case, Case | Mapping):
        raise UsageError("case must be a familycase.Case or a mapping.")
    shipped = rulebook is None or _shipped_vocabularies(book.vocabularies)
    vocabularies = None if shipped else book.vocabularies
    if as_of is not None:
        # the case as it is, then on the new date: every age stated without a birth date is
        # restated on that date, so that people age (or are younger) with it
        case = _on_date(case_from_data(case, vocabularies=vocabularies), as_of)
    # a Case made without validation (model_construct, model_copy(update=...)) is validated
    valid = case_from_data(case, vocabularies=vocabularies)
    if not isinstance(ids_only, bool):
        raise UsageError("ids_only must be True or False.")
    if ids_only:
        valid = without_names(valid, vocabularies)
    # the order of the case's lists means nothing: the same case in any order gives a
    # byte-identical assessment
    graph = CaseGraph(canonical(valid), book.vocabularies)
    return _Prepared(book, graph, case_facts(graph), valid.as_of.isoformat(), ids_only)


def _engine_result(prepared: _Prepared, run: Runner) -> EngineResult:
    """What the engine finds in a prepared case."""
    # the facts go straight from case_facts to the engine: they keep its declaration, so the
    # engine checks the rules against their types once, not every fact of every case
    return run(
        prepared.book.compiled, prepared.facts.facts, as_of=prepared.as_of, declared=DECLARED
    )


def _built(result: EngineResult, prepared: _Prepared, engine: str) -> Assessment:
    """The assessment of a prepared case from what engine ``engine`` found in it."""
    return build_assessment(
        result,
        rulebook=prepared.book,
        graph=prepared.graph,
        facts=prepared.facts,
        library_version=__version__,
        engine=engine,
        ids_only=prepared.ids_only,
    )


def _on_date(case: Case, as_of: date | str) -> dict[str, Any]:
    """``case`` as data, evaluated on ``as_of``, with each age restated on that date.

    An age given without a birth date holds on its ``age_on`` (by default the case's own
    date). On ``as_of`` the person is the age they have if born on the latest day their age
    allows (the same reading as for any later date of the case); someone who cannot have
    been born yet on ``as_of`` is refused.
    """
    data: dict[str, Any] = case.model_dump(by_alias=True)
    data["as_of"] = as_of
    on = iso_date(as_of)
    if on is None:
        return data  # validation reports the bad date
    problems: list[Problem] = []
    for index, (person, item) in enumerate(zip(case.persons, data["persons"], strict=True)):
        if person.birth_date is not None and person.birth_date > on:
            problems.append(
                Problem(
                    "FC308",
                    f"Person '{person.id}' was not born yet on {on.isoformat()} (birth date "
                    f"{person.birth_date.isoformat()}).",
                    path=f"persons[{index}].birth_date",
                    suggestion="Evaluate the case on a later date, or leave this person out.",
                )
            )
        if person.birth_date is not None or person.age is None:
            continue
        stated = person.age_on or case.as_of
        if on < _years_before(stated, person.age + 1) + timedelta(days=1):
            problems.append(
                Problem(
                    "FC308",
                    f"Person '{person.id}' was not born yet on {on.isoformat()} (age "
                    f"{person.age} on {stated.isoformat()}).",
                    path=f"persons[{index}].age",
                    suggestion="Evaluate the case on a later date, or leave this person out.",
                )
            )
            continue
        # born on the latest day the age allows: on a later date, as Person.age_at reads it
        item["age"] = max(0, whole_years(_years_before(stated, person.age), on))
        item["age_on"] = on.isoformat()
    if problems:
        raise CaseError(problems, f"The case cannot be evaluated on {on.isoformat()}")
    return data


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
