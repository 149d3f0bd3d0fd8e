"""familycase: decision support for Nav social workers following up families.

familycase models a family, its concerns and the services around it as a graph, runs
declarative rules that encode legal duties and good practice, and suggests what to do, who
is responsible, with whom to cooperate and what must be clarified first, each suggestion
with its reasons and legal basis. It suggests; the caseworker decides.

>>> import familycase
>>> scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> [phase.id for phase in scenario.phases]
['phase1', 'phase2', 'phase3']

Layers (each imports only from the layers above it in this list):

1. ``errors``, ``_yaml``, ``_text``, ``_resources``, ``_validation``   mechanism
2. ``engine.ir``                      the compiled-rule contract
3. ``engine``                         durable_rules (only here) and the reference evaluator
4. ``vocabulary``, ``law``            controlled vocabularies and legal provisions (data)
5. ``model``                          the pydantic case model
6. ``graph``, ``facts``               case -> family graph -> engine facts
7. ``rulebook``                       rule files: load, validate, compile to ``engine.ir``
8. ``assessment``, ``evaluation``     firings -> suggestions, duties, questions, reasons
9. ``scenario``, ``synthetic``, ``batch``, ``privacy``  scenarios with phases; synthetic
   families; batches; pseudonymised cases
10. ``render``, ``player``, ``cli``, ``check``, ``coverage``  display, the scenario player,
    the command line, file checks, rule coverage
11. ``testing``                      the step library for feature files (a pytest plugin)

Types: ``Lang`` is the language of everything a caseworker reads, ``"nb"`` (bokmål),
``"nn"`` (nynorsk) or ``"en"`` (English), as every renderer (``familycase.render``) takes
it: ``def show(a: familycase.Assessment, lang: familycase.Lang) -> str``.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

from familycase._resources import scenarios_dir
from familycase._text import Lang
from familycase.assessment import Assessment, Question, Suggestion
from familycase.batch import evaluate_many
from familycase.errors import (
    CaseError,
    ContentError,
    EvaluationError,
    FamilycaseError,
    Problem,
    UsageError,
)
from familycase.evaluation import evaluate
from familycase.model import Case, case_from_data
from familycase.privacy import pseudonymise
from familycase.rulebook import Rulebook, load_rulebook
from familycase.scenario import Phase, Scenario, load_scenario
from familycase.synthetic import synthetic_cases


def scenario_path(name: str) -> Path:
    """The path of a scenario shipped with familycase (e.g. ``"maria_and_david"``)."""
    path = scenarios_dir() / f"{name}.yaml"
    if not (isinstance(name, str) and name.isidentifier() and path.is_file()):
        known = ", ".join(sorted(p.stem for p in scenarios_dir().glob("*.yaml")))
        raise UsageError(f"No shipped scenario {str(name)[:64]!r}. Known: {known}.")
    return path


__all__ = [
    "Assessment",
    "Case",
    "CaseError",
    "ContentError",
    "EvaluationError",
    "FamilycaseError",
    "Lang",
    "Phase",
    "Problem",
    "Question",
    "Rulebook",
    "Scenario",
    "Suggestion",
    "UsageError",
    "__version__",
    "case_from_data",
    "evaluate",
    "evaluate_many",
    "load_rulebook",
    "load_scenario",
    "pseudonymise",
    "scenario_path",
    "synthetic_cases",
]
