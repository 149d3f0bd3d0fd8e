"""Generated parts of the documentation (kept in sync by tests)."""

from __future__ import annotations

import json

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


def rule_file_schema() -> str:
    """The JSON Schema of a rule file, as formatted JSON."""
    from familycase.rules.rulebook import RuleFileSpec  # noqa: PLC0415

    return json.dumps(RuleFileSpec.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def case_schema() -> str:
    """The JSON Schema of a case, as formatted JSON."""
    from familycase.case.model import Case  # noqa: PLC0415

    return json.dumps(Case.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def assessment_schema() -> str:
    """The JSON Schema of an assessment, as formatted JSON."""
    from familycase.assess.assessment import Assessment  # noqa: PLC0415

    return (
        json.dumps(Assessment.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False)
        + "\n"
    )


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
