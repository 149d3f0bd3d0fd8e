"""familycase: decision support for Nav social workers following up families.

familycase models a family, its concerns and the services around it as a graph, runs
declarative rules that encode legal duties and good practice, and suggests what to do, who
is responsible, with whom to cooperate and what must be clarified first, each suggestion
with its reasons and legal basis. It suggests; the caseworker decides.

>>> import familycase
>>> scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> [phase.id for phase in scenario.phases]
['phase1', 'phase2', 'phase3']

Layers, bottom to top. A module imports at its top level only from its own layer and the
layers below it (``tests/test_layers.py`` reads this list and checks every module):

1. mechanism: ``errors``, ``_yaml``, ``_text``, ``_validation``, ``_resources``, ``_contract``
2. engine: ``engine`` (the compiled-rule IR, its checks, the durable_rules and reference
   evaluators)
3. rules: ``rules`` (vocabularies, legal provisions, the fact schema, the rulebook)
4. case: ``case`` (the case model, the family graph, the engine facts, scenarios,
   synthetic families, pseudonymisation)
5. assess: ``assess`` (evaluate, the assessment, batches)
6. render: ``render`` (text, Markdown, HTML, SVG, the responsibility map, the player)
7. tools: ``check``, ``rule_warnings``, ``coverage``, ``review``, ``cli``, ``__main__``,
   ``_docs``, ``testing``, ``service`` (the file checks and their warnings, rule coverage,
   the review table for lawyers, the command line, the JSON schemas, the step library, the
   HTTP service)

A case becomes a graph, then facts, then engine input, then an assessment, then a report;
each package's docstring says what it holds. A convenience method that shows an object (a
Jupyter repr, ``Scenario.play``) imports its renderer inside the method.

Types: ``Lang`` is the language of everything a caseworker reads, ``"nb"`` (bokmål),
``"nn"`` (nynorsk) or ``"en"`` (English), as every renderer (``familycase.render``) takes
it: ``def show(a: familycase.Assessment, lang: familycase.Lang) -> str``.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

from familycase._resources import scenarios_dir
from familycase._text import Lang
from familycase.assess.assessment import Assessment, Question, Suggestion
from familycase.assess.batch import evaluate_many
from familycase.assess.compare import Change, Comparison, compare
from familycase.assess.evaluation import evaluate
from familycase.assess.explanation import DutyEntry, WhyNot
from familycase.case.model import Case, case_from_data
from familycase.case.privacy import pseudonymise
from familycase.case.scenario import Phase, Scenario, load_scenario
from familycase.case.synthetic import synthetic_cases
from familycase.errors import (
    CaseError,
    ContentError,
    EvaluationError,
    FamilycaseError,
    Problem,
    UsageError,
)
from familycase.rules.rulebook import Rulebook, load_rulebook


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
    "Change",
    "Comparison",
    "ContentError",
    "DutyEntry",
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
    "WhyNot",
    "__version__",
    "case_from_data",
    "compare",
    "evaluate",
    "evaluate_many",
    "load_rulebook",
    "load_scenario",
    "pseudonymise",
    "scenario_path",
    "synthetic_cases",
]
