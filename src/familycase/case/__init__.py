"""The case: a family as caseworkers record it, and what follows from it for the engine.

- ``model``: the pydantic case model (persons, relations, concerns, services, consents)
- ``canonical``: the case in canonical order, and content keys for items without ids
- ``graph``: the family graph (``CaseGraph``): households, carers, children, exposure
- ``facts``: the graph's answers as flat engine facts (``case_facts``), of the types in
  ``familycase.rules.fact_types``
- ``scenario``: scenarios, a base case and the phases that change it
- ``synthetic``: generated families for tests and benchmarks
- ``privacy``: pseudonymised copies of a case

It imports the mechanism modules (``errors``, ``_yaml``, ``_text``, ``_validation``,
``_resources``), ``familycase.engine`` and ``familycase.rules``; never ``assess``,
``render`` or the tools. A method that shows a case (the Jupyter repr, ``Scenario.play``)
imports its renderer inside the method.
"""
