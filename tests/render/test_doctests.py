"""The examples in the renderers' and the player's docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "familycase.render.svg",
    "familycase.render.ecomap",
    "familycase.render.html",
    "familycase.render.markdown",
    "familycase.render.responsibility",
    "familycase.render.player",
]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, module
    assert result.failed == 0, module
