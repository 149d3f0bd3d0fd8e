"""Evaluation of compiled rules: the durable_rules engine and a reference evaluator.

Only ``familycase.engine._durable`` imports durable_rules. Both evaluators take a
``CompiledRulebook`` (``familycase.engine.ir``), facts and an ISO evaluation date, run the
same checks (``familycase.engine.run``) and return the same ``EngineResult``.
"""

from familycase.engine._durable import compile_to_durable, run_durable
from familycase.engine.reference import run_reference

__all__ = ["compile_to_durable", "run_durable", "run_reference"]
