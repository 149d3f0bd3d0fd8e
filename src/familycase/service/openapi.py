"""The OpenAPI document: FastAPI's, with the published case and assessment schemas.

The case endpoints read their body themselves (after the size check), so their body and
responses are declared here from the published schemas (``familycase._docs``): the same
``Case`` and ``Assessment`` a caller in another language generates its types from. In a
response a text holds the languages asked for with ``lang``, so ``Text`` requires none.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from familycase._contract import CONTRACT_VERSION
from familycase._docs import PUBLISHED
from familycase.assess.explanation import WhyNot

_PROBLEM = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "A stable code (docs/errors.md)."},
        "message": {"type": "string"},
        "file": {"type": ["string", "null"]},
        "line": {"type": ["integer", "null"]},
        "column": {"type": ["integer", "null"]},
        "path": {"type": ["string", "null"], "description": "e.g. persons[2].age"},
        "suggestion": {"type": ["string", "null"]},
        "excerpt": {"type": "null", "description": "Never a line of a case."},
        "severity": {"enum": ["error", "warning"]},
    },
}
_ERROR = {
    "type": "object",
    "required": ["error", "message", "problems", "omitted", "request_id"],
    "properties": {
        "error": {
            "enum": [
                "CaseError",
                "ContentError",
                "UsageError",
                "EvaluationError",
                "Timeout",
                "InternalError",
            ]
        },
        "message": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "omitted": {"type": "integer", "minimum": 0, "description": "Problems not listed."},
        "request_id": {"type": "string"},
    },
}
_VALIDATION = {
    "type": "object",
    "required": ["valid", "problems", "omitted", "request_id"],
    "properties": {
        "valid": {"type": "boolean"},
        "error": {"type": "string"},
        "message": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "omitted": {"type": "integer", "minimum": 0},
        "request_id": {"type": "string"},
    },
}


@cache
def published_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema ``name`` (``case``, ``assessment``, ``rule-file``)."""
    return PUBLISHED[name]()


def _components(name: str) -> dict[str, Any]:
    """The published schema ``name`` and its definitions, as OpenAPI components."""
    schema = copy.deepcopy(published_schema(name))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id", "version"):
        schema.pop(key, None)
    out = {schema["title"]: schema, **defs}
    text = _rewrite_refs(out)
    assert isinstance(text, dict)
    return text


def _rewrite_refs(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: (
                value.replace("#/$defs/", "#/components/schemas/")
                if key == "$ref" and isinstance(value, str)
                else _rewrite_refs(value)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_rewrite_refs(item) for item in data]
    return data


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The service's OpenAPI document (built once per application)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description="The JSON contract is versioned (contract "
        f"{CONTRACT_VERSION}; docs/contract-changelog.md): every assessment carries "
        "schema_version, and GET /v1/schemas/{name} gives the published schemas with $id.",
        routes=app.routes,
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    case, assessment = _components("case"), _components("assessment")
    clash = (set(case) & set(assessment)) - {"Text"}
    assert not clash, f"case and assessment schemas both define {clash}"
    schemas.update(case)
    schemas.update(assessment)
    why_not = _rewrite_refs(WhyNot.model_json_schema(mode="serialization"))
    schemas.update({k: v for k, v in why_not.pop("$defs", {}).items() if k not in schemas})
    schemas["WhyNot"] = why_not
    text = schemas["Text"]
    text["required"] = []
    text["description"] = (
        "A text in the languages asked for with lang (nb, nn and en unless asked)."
    )
    schemas.update(Problem=_PROBLEM, Error=_ERROR, Validation=_VALIDATION)
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and unused not in ("Validation",):
            del schemas[unused]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in doc["paths"].values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            if "HTTPValidationError" in str(responses.get("422", "")):
                del responses["422"]  # FastAPI's own: the service answers 400 with an Error
            if operation.get("parameters") or "requestBody" in operation:
                responses.setdefault(
                    "400", {"description": "A bad parameter, or not JSON.", "content": error}
                )
            responses.setdefault(
                "413", {"description": "The body is over the size limit.", "content": error}
            )
    app.openapi_schema = doc
    return doc
