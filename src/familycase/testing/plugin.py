"""familycase's pytest plugin (entry point ``pytest11: familycase``).

Installed with familycase, it is loaded by every pytest run in the environment, so it does
nothing unless it can help: when pytest-bdd is installed (``pip install familycase[testing]``)
it registers the familycase step library (``familycase.testing._bdd``), so that a folder of
``.feature`` files and a one-line test module (``from pytest_bdd import scenarios;
scenarios(".")``) is all a domain expert needs. Without pytest-bdd it only adds its options.
"""

from __future__ import annotations

import importlib.util

import pytest

PLUGIN_NAME = "familycase.testing._bdd"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("familycase", "familycase feature files")
    group.addoption(
        "--familycase-rules",
        dest="familycase_rules",
        default=None,
        metavar="DIR",
        help="Run feature files against the rules in DIR (default: the rules shipped with "
        "familycase).",
    )
    group.addoption(
        "--familycase-feature",
        dest="familycase_features",
        action="append",
        default=[],
        metavar="PATH",
        help="Run only the scenarios of this feature file (or of the feature files in this "
        "folder); repeat it for several. The rest is deselected.",
    )
    parser.addini(
        "familycase_rules",
        "Rules folder the feature files run against (relative to the rootdir).",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin(PLUGIN_NAME):
        return
    if importlib.util.find_spec("pytest_bdd") is None or not hasattr(
        config.hook, "pytest_bdd_apply_tag"
    ):
        if config.getoption("familycase_features", None):
            raise pytest.UsageError(
                "--familycase-feature needs pytest-bdd: pip install 'familycase[testing]'"
            )
        return  # pytest-bdd is not installed, or not loaded in this run
    from familycase.testing import _bdd  # noqa: PLC0415

    config.pluginmanager.register(_bdd, PLUGIN_NAME)  # its pytest_configure runs now


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.pluginmanager.has_plugin(PLUGIN_NAME) or config.option.verbose < 1:
        return None
    return (
        "familycase: pytest-bdd is not installed; feature steps are off "
        "(pip install 'familycase[testing]')"
    )
