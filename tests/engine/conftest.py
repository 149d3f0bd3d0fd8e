"""The durable_rules tests run where durable_rules imports (Python 3.11 and 3.12)."""

from familycase.engine import available

collect_ignore = [] if available("durable") else ["test_durable.py", "test_relevance.py"]
