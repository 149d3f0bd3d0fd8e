"""The public API is small, explicit and documented."""

from __future__ import annotations

import doctest
import importlib

import familycase

EXPECTED = {
    "Assessment",
    "Case",
    "CaseError",
    "Change",
    "Comparison",
    "ContentError",
    "DutyEntry",
    "EvaluationError",
    "FamilycaseError",
    "Lang",
    "Phase",
    "Problem",
    "Question",
    "Rulebook",
    "Scenario",
    "Suggestion",
    "UsageError",
    "WhyNot",
    "__version__",
    "case_from_data",
    "compare",
    "evaluate",
    "evaluate_many",
    "load_rulebook",
    "load_scenario",
    "pseudonymise",
    "scenario_path",
    "synthetic_cases",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(familycase.__all__) == EXPECTED
    for name in familycase.__all__:
        assert hasattr(familycase, name), name


TYPE_ALIASES = {"Lang"}  # a type alias has no docstring of its own: the package's names it


def test_public_names_have_docstrings() -> None:
    for name in familycase.__all__:
        if name.startswith("__"):
            continue
        if name in TYPE_ALIASES:
            assert f"``{name}``" in (familycase.__doc__ or ""), name
            continue
        assert getattr(familycase, name).__doc__, name


def test_lang_is_the_three_languages() -> None:
    from typing import get_args

    assert get_args(familycase.Lang) == ("nb", "nn", "en")


def test_errors_share_one_root() -> None:
    for name in ("CaseError", "ContentError", "EvaluationError", "UsageError"):
        assert issubclass(getattr(familycase, name), familycase.FamilycaseError)


def test_docstring_examples_run() -> None:
    for module in (
        "familycase",
        "familycase.assess.evaluation",
        "familycase.assess.batch",
        "familycase.assess.assessment",
        "familycase.assess.compare",
        "familycase.case.synthetic",
    ):
        result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0, module
        assert result.failed == 0, module


def test_only_the_engine_module_imports_durable() -> None:
    from pathlib import Path

    root = Path(familycase.__file__).parent
    importers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import durable" in p.read_text(encoding="utf-8")
        or "from durable" in p.read_text(encoding="utf-8")
    )
    assert importers == ["engine/durable.py"]
