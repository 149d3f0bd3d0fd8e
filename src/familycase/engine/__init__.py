"""Evaluation of compiled rules: the durable_rules engine and a reference evaluator.

Only ``familycase.engine._durable`` imports durable_rules.
"""
