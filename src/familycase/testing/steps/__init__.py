"""The familycase step library: what a domain expert can write in a feature file.

Every step is declared once in this package, with its wording in bokmål, nynorsk and
English, a short explanation and an example. ``familycase.testing._bdd`` turns each wording
into a pytest-bdd step; ``familycase.testing.catalogue`` turns the same declarations into
the step catalogue of ``docs/writing-features.md``. The two cannot drift apart: both read ``STEPS``.

Wordings are written in a small template language:

- ``<tiltak>``, ``<measure>``... a value (see ``PLACEHOLDERS``). Names of persons and other
  free texts are written in double quotes: ``"<person>"``.
- ``[at ]`` may be left out; ``{saken|familien}`` means one of the alternatives.
- ``[?flag:, som koordinerer]`` may be left out, and the step function is told whether it
  was written (argument ``flag``). The catalogue shows it as ``[, som koordinerer]``.

Step functions take the scenario's ``World`` and the values read from the step. They never
guess: a word familycase does not know is refused with the closest words it does know.

Modules: ``registry`` (the template language, ``STEPS``, reading values), ``family`` (Given
and When: the family, its date, evaluating), ``expectations`` (Then: suggestions, their
details, unclear duties, questions, rules), ``reasoning`` (Then: reasons, questions in order,
age groups, a legal basis's status, the responsibility map, showing the assessment),
``duties`` (Then: the duty board, a duty changed between two dates, why not) and ``tags``
(the coverage tags). Importing the package registers every step, in catalogue order.
"""

from familycase.rules.tags import FIRES_TAGS, NOT_FIRES_TAGS

# Importing the modules registers their steps, in catalogue order.
# isort: off
from familycase.testing.steps import family
from familycase.testing.steps import expectations
from familycase.testing.steps import reasoning
from familycase.testing.steps import duties
from familycase.testing.steps import tags

# isort: on
from familycase.testing.steps.registry import (
    _PLACEHOLDER_LIST,
    KEYWORDS,
    PLACEHOLDERS,
    SECTIONS,
    STEPS,
    Kind,
    Placeholder,
    StepDef,
    StepFunc,
    Table,
    compile_template,
    display_template,
    step,
)
from familycase.testing.steps.tags import (
    check_rule_tags,
    misspelt_rule_tags,
    rule_tags,
)

__all__ = [
    "FIRES_TAGS",
    "KEYWORDS",
    "NOT_FIRES_TAGS",
    "PLACEHOLDERS",
    "SECTIONS",
    "STEPS",
    "_PLACEHOLDER_LIST",
    "Kind",
    "Placeholder",
    "StepDef",
    "StepFunc",
    "Table",
    "check_rule_tags",
    "compile_template",
    "display_template",
    "duties",
    "expectations",
    "family",
    "misspelt_rule_tags",
    "reasoning",
    "rule_tags",
    "step",
    "tags",
]
