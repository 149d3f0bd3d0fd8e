"""From a case to an assessment: evaluation, the assessment and batches.

- ``evaluation``: ``evaluate`` (case -> graph -> facts -> engine -> assessment)
- ``assessment``: the ``Assessment`` model: suggestions, duties, unclear duties, questions,
  reasons and legal basis
- ``build``: ``build_assessment``, an ``Assessment`` from the engine's firings (what every
  assessment of a rulebook looks up is worked out once per rulebook)
- ``explanation``: the duty board and why not (the nearest miss of each rule, in words)
- ``compare``: ``compare``, what changed between two assessments and why
- ``batch``: ``evaluate_many``, many cases in worker processes

It imports the mechanism modules, ``familycase.engine``, ``familycase.rules`` and
``familycase.case``; never ``render`` or the tools. ``Assessment``'s Jupyter repr imports its
renderer inside the method.
"""
