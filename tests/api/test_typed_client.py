"""A caseworker system's typed client passes ``mypy --strict`` against the installed
package: ``familycase.Lang`` is public, every renderer takes it, and ``evaluate_many`` takes
cases or mappings (not ``Any``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CLIENT = """
from __future__ import annotations

import familycase
from familycase.render.html import assessment_html, case_html, responsibility_html
from familycase.render.markdown import assessment_markdown, responsibility_markdown
from familycase.render.responsibility import responsibility_text
from familycase.render.svg import ecomap_svg
from familycase.render.text import render_assessment, render_case


def language(setting: str) -> familycase.Lang:
    if setting == "nn":
        return "nn"
    return "en" if setting == "en" else "nb"


def pages(case: familycase.Case, lang: familycase.Lang) -> list[str]:
    a = familycase.evaluate(case)
    return [
        assessment_html(a, lang),
        responsibility_html(a, lang),
        case_html(case, lang, assessment=a),
        assessment_markdown(a, lang),
        responsibility_markdown(a, lang),
        responsibility_text(a, lang),
        ecomap_svg(case, lang, assessment=a),
        render_assessment(a, lang),
        render_case(case, lang),
    ]


LANGS: tuple[familycase.Lang, ...] = ("nb", "nn", "en")


def batch(cases: list[familycase.Case], data: list[dict[str, object]]) -> list[str]:
    mixed: list[familycase.Case | dict[str, object]] = [*cases, *data]
    out = []
    for result in familycase.evaluate_many(mixed, workers=0, progress=False, as_of="2025-06-01"):
        if result.assessment is not None:
            out.append(result.assessment.case_id)
    return out
"""

# each marked line must be refused by mypy: a language that is not a Lang, and a batch of
# things that are not cases (evaluate_many took Iterable[Any])
WRONG = """
from __future__ import annotations

import familycase
from familycase.render.html import assessment_html


def page(a: familycase.Assessment, setting: str) -> str:
    german: familycase.Lang = "de"  # line 9
    return assessment_html(a, setting)  # line 10


def numbers() -> None:
    familycase.evaluate_many([1], workers=0)  # line 14: not cases
"""


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("client")
    (folder / "client.py").write_text(textwrap.dedent(CLIENT), encoding="utf-8")
    (folder / "wrong.py").write_text(textwrap.dedent(WRONG), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "client.py", "wrong.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return run.stdout + run.stderr


def test_a_typed_client_of_lang_and_the_renderers_passes_mypy_strict(mypy_output: str) -> None:
    assert "client.py" not in mypy_output, mypy_output


def test_a_language_that_is_not_a_lang_or_a_batch_of_numbers_is_refused_by_mypy(
    mypy_output: str,
) -> None:
    errors = [line for line in mypy_output.splitlines() if line.startswith("wrong.py")]
    assert [line.split(":")[1] for line in errors] == ["9", "10", "14"], mypy_output
