"""The rules as data: vocabularies, legal provisions, the fact schema and the rulebook.

- ``vocabulary``: the controlled vocabularies of ``rules/vocabulary/`` (ids and nb/nn/en texts)
- ``explanations``: the sentences that say why a rule did not fire (``explanations.yaml``)
- ``provisions``: the legal provisions of ``rules/law/`` with their dates and status
- ``fact_types``: the fact types and fields a rule may select on (the engine's input schema)
- ``tags``: the feature tags that name a rule shown firing or not firing
- ``rulebook``: rule files: load, validate, and compile to ``familycase.engine.ir``
- ``about``: the rulebook's name, version and date (``rulebook.yaml``)

It imports the mechanism modules (``errors``, ``_yaml``, ``_text``, ``_validation``,
``_resources``) and ``familycase.engine``; never ``case``, ``assess``, ``render`` or the
tools.
"""
