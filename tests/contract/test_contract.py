"""The versioned JSON contract: $id and version in every published schema, vocabulary ids as
enums, and today's assessments readable with every earlier published schema of the same
major version (docs/contract/, docs/contract-changelog.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

import familycase
from familycase._contract import CONTRACT_VERSION
from familycase._docs import PUBLISHED, VOCABULARY_FIELDS

ROOT = Path(__file__).parents[2]
FROZEN = sorted((ROOT / "docs" / "contract").glob("*.schema.json"))
SCENARIOS = sorted(
    p.stem for p in familycase.scenario_path("maria_and_david").parent.glob("*.yaml")
)


def _assessments() -> list[dict[str, object]]:
    out = []
    for name in SCENARIOS:
        scenario = familycase.load_scenario(familycase.scenario_path(name))
        for phase in scenario.phases:
            for ids_only in (False, True):
                assessment = familycase.evaluate(scenario.case_at(phase.id), ids_only=ids_only)
                out.append(assessment.model_dump(mode="json"))
    return out


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_every_published_schema_has_an_id_and_a_version(name: str) -> None:
    schema = PUBLISHED[name]()
    assert schema["$id"] == f"urn:familycase:{name}:{CONTRACT_VERSION}"
    assert schema["version"] == CONTRACT_VERSION
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_changelog_has_an_entry_for_the_version() -> None:
    changelog = (ROOT / "docs" / "contract-changelog.md").read_text(encoding="utf-8")
    assert f"## {CONTRACT_VERSION}" in changelog


def test_the_current_version_is_frozen_as_published() -> None:
    """A change to the contract needs a new version (and a frozen copy, and a changelog
    entry): copy docs/assessment.schema.json to docs/contract/assessment-<version>.schema.json."""
    for name in ("assessment", "case"):
        frozen = ROOT / "docs" / "contract" / f"{name}-{CONTRACT_VERSION}.schema.json"
        assert frozen.is_file(), f"freeze {name} {CONTRACT_VERSION} in docs/contract/"
        assert json.loads(frozen.read_text(encoding="utf-8")) == PUBLISHED[name](), (
            f"The {name} schema changed: raise CONTRACT_VERSION (familycase/_contract.py), "
            "freeze the new schema in docs/contract/ and say what changed in "
            "docs/contract-changelog.md."
        )


@pytest.mark.parametrize("frozen", [p for p in FROZEN if p.name.startswith("assessment-")])
def test_every_shipped_assessment_reads_with_each_published_schema(frozen: Path) -> None:
    schema = json.loads(frozen.read_text(encoding="utf-8"))
    if schema["version"].split(".")[0] != CONTRACT_VERSION.split(".")[0]:
        pytest.skip("another major version")
    validator = jsonschema.Draft202012Validator(schema)
    for data in _assessments():
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{frozen.name}: {errors[0].json_path}: {errors[0].message}"


def test_a_schema_valid_case_uses_only_known_vocabulary_ids() -> None:
    schema = PUBLISHED["case"]()
    vocab = familycase.load_rulebook().vocabularies
    for (model, field), name in VOCABULARY_FIELDS.items():
        spec = schema["$defs"][model]["properties"][field]
        target = spec.get("items", spec)
        entries = vocab.terms[name[6:]] if name.startswith("terms.") else vocab.by_name(name)
        assert set(target["enum"]) == set(entries), (model, field)
    validator = jsonschema.Draft202012Validator(schema)
    case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
    data = case.model_dump(mode="json", by_alias=True)
    assert not list(validator.iter_errors(data))
    for path, value in (
        (("concerns", 0, "kind"), "no_such_kind"),
        (("relations", 0, "kind"), "cousin_twice_removed"),
        (("services", 0, "service"), "no_such_service"),
    ):
        bad = copy.deepcopy(data)
        bad[path[0]][path[1]][path[2]] = value
        assert list(validator.iter_errors(bad)), path


def test_external_ids_are_in_the_schema_and_returned_as_given() -> None:
    ids = ["3f2b8c1e-9a4d-4e0b-8f7a-1c2d3e4f5a6b", "Sak123", "case-478212", "x" * 64]
    data = {
        "id": "case-478212",
        "as_of": "2025-01-01",
        "persons": [{"id": pid, "name": "N", "age": 30 + i} for i, pid in enumerate(ids)],
    }
    jsonschema.validate(data, PUBLISHED["case"]())
    assessment = familycase.evaluate(data)
    assert sorted(p.person for p in assessment.persons) == sorted(ids)
    assert assessment.case_id == "case-478212"
    for bad in ("x" * 65, "a b", "<b>", "-lead", "ø"):
        with pytest.raises(familycase.CaseError) as info:
            familycase.evaluate({**data, "persons": [{"id": bad, "name": "N"}]})
        assert info.value.problems[0].path == "persons[0].id"
