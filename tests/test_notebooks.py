"""The training notebooks are stored without outputs and run top to bottom.

They run on a kernel of the interpreter running the tests (ipykernel's own "python3" spec,
ignoring any kernel installed elsewhere on the machine), in an empty temporary folder, so
they depend on neither the working directory nor anything outside ``pip install -e '.[dev]'``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_training_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == ["vignette_training.ipynb", "writing_a_rule.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {index} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {index} was executed"
        assert "attachments" not in cell or not cell.attachments


def _run(path: Path, workdir: Path, lang: str | None = None) -> Any:
    notebook = nbformat.read(path, as_version=4)
    if lang is not None:  # as a trainer sets LANG in the first code cell
        first = next(cell for cell in notebook.cells if cell.cell_type == "code")
        assert 'LANG = "nb"' in first.source
        first.source = first.source.replace('LANG = "nb"', f'LANG = "{lang}"')
    specs = KernelSpecManager(kernel_dirs=[])  # only ipykernel's own spec: this interpreter
    spec = specs.get_kernel_spec("python3")
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
    manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=180,
        resources={"metadata": {"path": str(workdir)}},
    )
    # raises CellExecutionError, naming the cell, if any cell fails; shuts the kernel down
    client.execute(cleanup_kc=True)
    return notebook


def _outputs(notebook: Any, mime: str) -> list[str]:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout" and mime == "text/plain":
                found.append(output["text"])
            data = output.get("data", {})
            if mime in data:
                found.append(data[mime])
    return found


@pytest.fixture(scope="module")
def vignette(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _run(ROOT / "notebooks" / "vignette_training.ipynb", tmp_path_factory.mktemp("nb"))


@pytest.fixture(scope="module")
def vignette_nn(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = ROOT / "notebooks" / "vignette_training.ipynb"
    return _run(path, tmp_path_factory.mktemp("nb"), lang="nn")


@pytest.fixture(scope="module")
def writing_a_rule(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _run(ROOT / "notebooks" / "writing_a_rule.ipynb", tmp_path_factory.mktemp("nb"))


def test_vignette_notebook_plays_every_phase(vignette: Any) -> None:
    svgs = _outputs(vignette, "image/svg+xml")
    assert svgs  # the ecomap of phase 1 with its duty marks
    html = "".join(_outputs(vignette, "text/html"))
    assert html.count("<svg") >= 3  # the exercises' ecomaps of phases 1, 2 and 3
    assert "Fase 3 – Et år senere" in html
    assert "melding til barnevernstjenesten" in html
    assert "Hvem har ansvar for hva" in html
    assert "Bor nå sammen: Maria og Tomas" in html
    assert "Forslag som faller bort" in html
    assert "Hvordan forstår du situasjonen?" in html
    assert "Maria og David – en familie i tre faser" in html  # the scenario, in LANG
    text = "".join(_outputs(vignette, "text/plain"))
    assert "('melding til barnevernstjenesten', ['Jon', 'Beth'])" in text  # labels, not ids


def test_the_vignette_notebook_asks_before_it_tells(vignette: Any) -> None:
    """Each phase's exercise shows the story, the ecomap and the questions; the assessment
    only in a fold-out after them. The group's proposals are set beside familycase's."""
    exercises = [h for h in _outputs(vignette, "text/html") if "fc-exercise" in h]
    assert len(exercises) == 3
    for page in exercises:
        folded = page.index("<details")
        assert page.index("Drøftingsspørsmål") < folded
        assert page.index("<svg") < folded
        assert page.index('class="fc-summary') > folded
        assert (
            "fc-duty"
            not in page.split("<details", 1)[0].split("<style>", 1)[1].split("</style>", 1)[1]
        )  # no duty mark before the fold-out
    timeline = [h for h in _outputs(vignette, "text/html") if h.startswith("<svg")]
    assert timeline  # the phase timeline
    assert "2019-10-15" in timeline[0]
    proposals = next(h for h in _outputs(vignette, "text/html") if "fc-proposals" in h)
    for heading in ("Begge foreslår", "Bare dere", "Bare familycase", "§ plikt"):
        assert heading in proposals


def test_the_vignette_notebook_follows_lang(vignette_nn: Any) -> None:
    html = "".join(_outputs(vignette_nn, "text/html"))
    text = "".join(_outputs(vignette_nn, "text/plain"))
    assert "melding til barnevernstenesta" in html
    assert "('melding til barnevernstenesta', ['Jon', 'Beth'])" in text
    for bokmal in ("en familie i tre faser", "Psykisk helsetjeneste ringer", "Hvem har ansvar"):
        assert bokmal not in html + text, bokmal


def test_rule_notebook_shows_the_error_then_the_fixed_rule(writing_a_rule: Any) -> None:
    text = "".join(_outputs(writing_a_rule, "text/plain"))
    assert "bolig_barnefamilie.yaml:18:17" in text
    assert "[FC513]" in text
    assert "Did you mean 'housing_instability'" in text
    assert "('FC513', 18, 17, 'rules[0].when[1].concern.kind')" in text
    assert "['course_housing_family_with_children']" in text
    assert "[('housing_assistance', ['anna'], 'immediate')]" in text  # fires
    assert "([], [])" in text  # does not fire for Anna alone
    assert text.rstrip().endswith("False")  # the temporary folder is gone
