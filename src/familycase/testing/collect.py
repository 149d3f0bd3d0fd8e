"""``scenarios(folder)``: every feature file's scenarios as tests, one file at a time.

pytest-bdd's ``scenarios(".")`` reads every feature file of a folder at once, so one file
that cannot be read (no ``# language: no`` line, ``# language: nn``, a stray line) stops
every scenario in the folder. This one reads the files one by one: the scenarios of the
files that parse are collected as pytest-bdd collects them, and each file that does not
becomes one failing test that names the file, the line and the fix (the same words as
``familycase check``)::

    from familycase.testing import scenarios

    scenarios(".")
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

__all__ = ["scenarios"]


def _files(base: Path, paths: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for written in paths or (".",):
        path = Path(written) if Path(written).is_absolute() else base / written
        out.extend(sorted(path.rglob("*.feature")) if path.is_dir() else [path])
    return out


def scenarios(*paths: str) -> None:
    """Collect the scenarios of the feature files in ``paths`` (folders or files, relative
    to the calling test module; default: its folder) into the calling module."""
    from pytest_bdd import scenarios as bdd_scenarios  # noqa: PLC0415
    from pytest_bdd.exceptions import GherkinParseError  # noqa: PLC0415

    from familycase import check  # noqa: PLC0415
    from familycase.testing.world import display_path, say  # noqa: PLC0415

    frame = sys._getframe(1)
    module = frame.f_globals
    caller = frame.f_code.co_filename
    base = Path(caller).resolve().parent
    for file in _files(base, paths):
        problem = check.feature_syntax_problem(file)
        if problem is None:
            # run pytest-bdd's scenarios() as if the calling module called it: module-level
            # code whose locals are the module's namespace, compiled with the module's name
            module["__familycase_scenarios__"] = (bdd_scenarios, str(file))
            try:
                code = compile(
                    "__familycase_scenarios__[0](__familycase_scenarios__[1])", caller, "exec"
                )
                exec(code, module)
            except GherkinParseError:  # pragma: no cover - feature_syntax_problem said it parses
                problem = check.feature_syntax_problem(file)
            finally:
                module.pop("__familycase_scenarios__", None)
        if problem is not None:
            shown = problem.format().replace(problem.file or "", display_path(str(file)), 1)
            skipped = [say("feature_file_skipped", lang) for lang in ("nb", "en")]
            text = "\n".join([shown, "", *skipped])
            name = "test_" + re.sub(r"\W+", "_", file.stem) + "_cannot_be_read"
            module[name] = _failing(text, name)


def _failing(text: str, name: str) -> object:
    import pytest  # noqa: PLC0415

    def test() -> None:
        pytest.fail(text, pytrace=False)

    test.__name__ = name
    return test
