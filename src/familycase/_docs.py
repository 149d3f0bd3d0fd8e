"""Generated parts of the documentation (kept in sync by tests)."""

from __future__ import annotations

import json
from typing import Any

from familycase._contract import CONTRACT_VERSION, schema_id
from familycase.rules.fact_types import FACT_TYPES


def fact_catalogue() -> str:
    """The fact types and fields rules can use, as Markdown."""
    out = []
    for ftype in FACT_TYPES.values():
        out.append(f"### `{ftype.name}`\n")
        out.append(ftype.description + "\n")
        if ftype.person_field:
            out.append(f"`{{alias}}` in a text names the person in `{ftype.person_field}`.\n")
        out.append("| field | kind | values |")
        out.append("|---|---|---|")
        for name, spec in ftype.fields.items():
            if spec.kind == "vocab":
                values = f"ids from `{spec.vocabulary}`"
            elif spec.kind == "enum":
                values = ", ".join(f"`{v}`" for v in spec.values)
            elif spec.kind == "person":
                values = "a person id (join with `$alias.field`)"
            else:
                values = spec.kind
            out.append(f"| `{name}` | {spec.kind} | {values}. {spec.description} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _published(name: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` as published: ``$schema``, ``$id`` and ``version`` first."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(name),
        "version": CONTRACT_VERSION,
        **schema,
        "title": title,
    }


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def rule_file_schema_data() -> dict[str, Any]:
    """The published JSON Schema of a rule file."""
    from familycase.rules.rulebook import RuleFileSpec  # noqa: PLC0415

    return _published("rule-file", "RuleFile", RuleFileSpec.model_json_schema())


def rule_file_schema() -> str:
    """The JSON Schema of a rule file, as formatted JSON."""
    return _text(rule_file_schema_data())


# Fields of the case schema that take a vocabulary id: (model, field) -> vocabulary (a
# ``Vocabularies`` attribute, or ``terms.<list>``). Their ids become the field's enum.
VOCABULARY_FIELDS = {
    ("Person", "applies_for"): "measures",
    ("Relation", "kind"): "relation_kinds",
    ("Concern", "kind"): "concern_kinds",
    ("ServiceInvolvement", "service"): "services",
    ("Consent", "share_with"): "services",
    ("Event", "kind"): "terms.event_kind",
}


def case_schema_data() -> dict[str, Any]:
    """The published JSON Schema of a case: a field that takes a vocabulary id lists the
    shipped vocabulary's ids as its enum, so a schema-valid case uses known ids only."""
    from familycase.case.model import Case  # noqa: PLC0415
    from familycase.rules.vocabulary import load_vocabularies  # noqa: PLC0415

    schema = Case.model_json_schema()
    vocab = load_vocabularies()
    for (model, field), name in VOCABULARY_FIELDS.items():
        entries = vocab.terms[name[6:]] if name.startswith("terms.") else vocab.by_name(name)
        spec = schema["$defs"][model]["properties"][field]
        target = spec["items"] if spec.get("type") == "array" else spec
        target.pop("pattern", None)
        target["enum"] = sorted(entries)
    return _published("case", "Case", schema)


def case_schema() -> str:
    """The JSON Schema of a case, as formatted JSON."""
    return _text(case_schema_data())


def assessment_schema_data() -> dict[str, Any]:
    """The published JSON Schema of an assessment. Readers must accept fields they do not
    know (a MINOR version adds fields), so no object forbids additional properties."""
    from familycase.assess.assessment import Assessment  # noqa: PLC0415

    schema = Assessment.model_json_schema(mode="serialization")
    for part in [schema, *schema.get("$defs", {}).values()]:
        part.pop("additionalProperties", None)
    return _published("assessment", "Assessment", schema)


def assessment_schema() -> str:
    """The JSON Schema of an assessment, as formatted JSON."""
    return _text(assessment_schema_data())


PUBLISHED = {
    "case": case_schema_data,
    "assessment": assessment_schema_data,
    "rule-file": rule_file_schema_data,
}


def why_not_schema() -> str:
    """The JSON Schema of ``familycase explain --why-not --format json``."""
    from familycase.assess.explanation import WhyNot  # noqa: PLC0415

    schema = WhyNot.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def comparison_schema() -> str:
    """The JSON Schema of ``familycase explain --since --format json`` (``compare``)."""
    from familycase.assess.compare import Comparison  # noqa: PLC0415

    schema = Comparison.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


GENERATED = {
    "docs/case.schema.json": case_schema,
    "docs/assessment.schema.json": assessment_schema,
    "docs/rule-file.schema.json": rule_file_schema,
    "docs/why-not.schema.json": why_not_schema,
    "docs/comparison.schema.json": comparison_schema,
}
