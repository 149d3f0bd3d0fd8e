"""``evaluate``: case -> graph -> facts -> engine -> assessment."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from familycase import __version__
from familycase.assessment import Assessment, build_assessment
from familycase.engine import run_durable, run_reference
from familycase.errors import UsageError
from familycase.facts import case_facts
from familycase.graph import CaseGraph
from familycase.model import Case, case_from_data
from familycase.rulebook import Rulebook, load_rulebook
from familycase.vocabulary import Vocabularies, load_vocabularies

Engine = Literal["durable", "reference"]

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
    engine: Engine = "durable",
) -> Assessment:
    """Evaluate ``case`` with ``rulebook`` (default: the shipped rules).

    ``case`` is a ``Case`` or its JSON-like mapping (validated; bad data raises
    ``CaseError`` naming each bad field). ``as_of`` overrides the case's evaluation date:
    ages and the law in force are taken on that date. ``engine="reference"`` runs the
    plain-Python reference evaluator instead of durable_rules (same results; slower).

    Each call is isolated: nothing of one case is visible to another, and the engine
    session is emptied afterwards, on success and on error.

    >>> import familycase
    >>> scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    >>> assessment = familycase.evaluate(scenario.case_at("phase1"))
    >>> assessment.suggestion("notify_child_welfare").obligation
    'duty'
    """
    book = rulebook or load_rulebook()
    if as_of is not None:
        if isinstance(case, Case):
            data: Any = case.model_dump(by_alias=True)
        elif isinstance(case, Mapping):
            data = dict(case)
        else:
            raise UsageError("case must be a familycase.Case or a mapping.")
        data["as_of"] = as_of
        case = data
    if not isinstance(case, Case | Mapping):
        raise UsageError("case must be a familycase.Case or a mapping.")
    shipped = rulebook is None or _shipped_vocabularies(book.vocabularies)
    valid = case_from_data(case, vocabularies=None if shipped else book.vocabularies)
    graph = CaseGraph(valid, book.vocabularies)
    facts = case_facts(graph)
    iso = valid.as_of.isoformat()
    if engine == "durable":
        result = run_durable(book.compiled, facts.facts, as_of=iso)
    elif engine == "reference":
        result = run_reference(book.compiled, facts.facts, as_of=iso)
    else:
        raise UsageError(f"Unknown engine '{engine}'. Use 'durable' or 'reference'.")
    return build_assessment(
        result,
        rulebook=book,
        graph=graph,
        facts=facts,
        library_version=__version__,
        engine=engine,
    )
