"""Evaluation of compiled rules: the durable_rules engine and a reference evaluator.

- ``ir``: the compiled-rule contract (``CompiledRulebook``, ``Fact``, ``EngineResult``)
- ``analysis``: what both evaluators check of a rulebook, once, and which facts may matter
- ``fact_checks``: what both evaluators check of the facts and the date, per evaluation
- ``durable``: the durable_rules backend (the only module that imports durable_rules)
- ``reference``: the reference evaluator, plain Python, by brute force
- ``nearest``: the nearest miss of a rule that did not fire, as the reference evaluator sees it

Both evaluators take a ``CompiledRulebook``, facts and an ISO evaluation date, run the same
checks and return the same ``EngineResult``. It imports only the mechanism modules.
"""

from familycase.engine.durable import compile_to_durable, run_durable
from familycase.engine.reference import run_reference

__all__ = ["compile_to_durable", "run_durable", "run_reference"]
