"""Evaluation of compiled rules: durable_rules, CLIPS and a reference evaluator.

- ``ir``: the compiled-rule contract (``CompiledRulebook``, ``Fact``, ``EngineResult``)
- ``analysis``: what every evaluator checks of a rulebook, once, and which facts may matter
- ``fact_checks``: what every evaluator checks of the facts and the date, per evaluation
  (for declared facts, once per rulebook)
- ``durable``: the durable_rules backend (the only module that imports durable_rules)
- ``clips``: the CLIPS backend, via clipspy (the only module that imports clips)
- ``reference``: the reference evaluator, plain Python, by brute force
- ``nearest``: the nearest miss of a rule that did not fire, as the reference evaluator sees it
- ``choice``: which engine runs (durable where it imports, else CLIPS), imported lazily

Every evaluator takes a ``CompiledRulebook``, facts and an ISO evaluation date (and, for facts
whose producer guarantees their shape, a ``DeclaredFacts``: they are then not checked one by
one), runs the same checks and returns the same ``EngineResult``. It imports only the
mechanism modules.
``durable`` and ``clips`` are imported only when used (``choice.runner``): durable_rules
does not import on Python 3.13.
"""

from familycase.engine.choice import available, default_engine, runner
from familycase.engine.fact_checks import DeclaredFacts
from familycase.engine.reference import run_reference

__all__ = ["DeclaredFacts", "available", "default_engine", "run_reference", "runner"]
