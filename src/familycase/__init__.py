"""familycase: decision support for Nav social workers following up families.

Layers (each imports only from the layers above it in this list):

1. ``errors``, ``_yaml``, ``_text``      mechanism with no domain knowledge
2. ``engine.ir``                         the compiled-rule contract
3. ``engine``                            durable_rules and the reference evaluator
4. ``vocabulary``, ``law``               controlled vocabularies and legal provisions (data)
5. ``model``                             the pydantic case model
6. ``graph``, ``facts``                  case -> family graph -> engine facts
7. ``rulebook``                          rule files: load, validate, compile to ``engine.ir``
8. ``assessment``, ``evaluate``          firings -> suggestions, duties, questions, reasons
9. ``scenario``                          scenarios with phases
10. ``render``, ``cli``                  display only; nothing decides here
"""

__version__ = "0.1.0"
