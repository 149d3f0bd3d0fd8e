"""familycase's feature-file support: a step library for domain experts.

Social workers and lawyers describe a family in Gherkin (bokmål, nynorsk or English) and
say what familycase must suggest for it; pytest-bdd runs the scenarios on every change.

- ``steps``: every step's wording, explanation, example and function (``STEPS``)
- ``world``: one scenario's state (the family, the date, the assessment) and its messages
- ``catalogue``: the step catalogue of ``docs/writing-features.md``, generated from ``STEPS``
- ``plugin``: the pytest plugin (entry point); it registers ``_bdd``, the pytest-bdd side,
  when pytest-bdd is installed (``pip install 'familycase[testing]'``)
- ``collect``: ``scenarios(folder)``, pytest-bdd's ``scenarios`` one feature file at a time
  (a file that cannot be read fails alone)
- ``checking``: the words inside a feature file's steps, for ``familycase check``
- ``_words``, ``_closest``: reading values (with ``words.yaml``'s synonyms), closest steps

This package is a layer of its own, above ``render`` and ``cli``: it imports the public API
and nothing imports it.
"""

from familycase.testing.collect import scenarios

__all__ = ["scenarios"]
