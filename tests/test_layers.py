"""The package's layers import downward only, in the order ``familycase/__init__.py`` gives.

The layer list is read from the package docstring, so the documentation and this test cannot
drift apart. Only module-level imports count: a display hook such as ``Case._repr_svg_`` may
import a renderer inside the method, which keeps the model free of the renderer at import time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import familycase

ROOT = Path(familycase.__file__).parent
MAX_LINES = 1_200


def _layers() -> list[tuple[str, set[str]]]:
    """``(name, top-level modules and packages)`` per layer, bottom first, from the docstring."""
    doc = familycase.__doc__ or ""
    section = doc[doc.index("Layers, bottom to top") : doc.index("A case becomes a graph")]
    layers = []
    for match in re.finditer(r"^(\d+)\. (\w+): (.*?)(?=^\d+\. |\Z)", section, re.M | re.S):
        names = re.findall(r"``([\w.]+)``", match[3])
        layers.append((match[2], set(names)))
    return layers


LAYERS = _layers()


def _layer(module: str) -> int:
    top = module.split(".", maxsplit=1)[0]
    for index, (_, names) in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(
        f"module familycase.{module} is in no layer: add it to the list in familycase/__init__.py"
    )


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        if parts:
            out[".".join(parts)] = path
    return out


def _top_level_imports(module: str, path: Path) -> set[str]:
    """The familycase modules ``module`` imports at its top level (``from x import m`` names
    the module ``x.m`` when ``m`` is a module)."""
    known = _modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks are for types only
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # relative imports resolve against the module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module])
            elif node.module == "familycase" or node.module.startswith("familycase."):
                name = node.module.removeprefix("familycase").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{name}.{alias.name}" if name else alias.name
                found.add(sub if sub in known else name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("familycase."):
                    found.add(alias.name.removeprefix("familycase."))
    return {m for m in found if m and m != module}


def test_the_layer_list_is_read() -> None:
    assert [name for name, _ in LAYERS] == [
        "mechanism",
        "engine",
        "rules",
        "case",
        "assess",
        "render",
        "tools",
    ]


def test_every_module_is_in_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_layers_import_downward_only() -> None:
    upward = []
    for module, path in sorted(_modules().items()):
        mine = _layer(module)
        for imported in sorted(_top_level_imports(module, path)):
            if _layer(imported) > mine:
                upward.append(f"familycase.{module} imports familycase.{imported}")
    assert upward == []


def test_no_import_circles() -> None:
    """Within a layer too, no module's top-level imports lead back to itself."""
    graph = {m: _top_level_imports(m, p) for m, p in _modules().items()}
    circles: list[str] = []
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in stack:
                circles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt in graph and nxt not in done:
                visit(nxt, [*stack, nxt])
        done.add(node)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert circles == []


def test_the_test_finds_an_upward_import(tmp_path: Path) -> None:
    """The checks above read real imports: an upward one written into a copy is found."""
    source = ROOT / "case" / "model.py"
    copy = tmp_path / "model.py"
    copy.write_text(
        source.read_text(encoding="utf-8") + "\nfrom familycase.render.svg import ecomap_svg\n",
        encoding="utf-8",
    )
    imported = _top_level_imports("case.model", copy)
    assert "render.svg" in imported
    assert _layer("render.svg") > _layer("case.model")


@pytest.mark.parametrize(
    "package", sorted(p.parent for p in ROOT.rglob("__init__.py") if p.parent != ROOT)
)
def test_each_package_says_what_it_holds(package: Path) -> None:
    """A package's docstring names each of its public modules and subpackages."""
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"{package.name}/__init__.py has no docstring"
    members = [
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    ]
    missing = [m for m in members if not m.startswith("_") and f"``{m}``" not in doc]
    assert missing == [], f"familycase.{package.name}'s docstring does not name {missing}"


def test_no_module_is_too_long_to_hold_one_idea() -> None:
    """A module past 1,200 lines becomes a package named for what it holds."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in ROOT.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
