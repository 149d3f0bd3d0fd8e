"""The package's layers import downward only (the order is in familycase/__init__.py).

Only module-level imports count: a display hook such as ``Case._repr_svg_`` may import a
renderer lazily inside the method, which keeps the model free of the renderer at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import familycase

ROOT = Path(familycase.__file__).parent

LAYERS: list[set[str]] = [
    {"errors", "_yaml", "_text", "_resources", "_validation"},
    {"engine.ir"},
    {"engine", "engine._durable", "engine.reference", "engine.run"},
    {"vocabulary", "law"},
    {"model"},
    {"graph", "facts"},
    {"rulebook"},
    {"assessment", "evaluation"},
    {"scenario", "synthetic", "batch", "privacy"},
    {"render", "player", "cli", "check", "coverage", "__main__", "_docs"},
    {"testing"},
]


def _layer(module: str) -> int:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        name = ".".join(parts[:size])
        for index, layer in enumerate(LAYERS):
            if name in layer:
                return index
    raise AssertionError(f"module familycase.{module} is in no layer: add it to LAYERS")


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        if parts:
            out[".".join(parts)] = path
    return out


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks are for types only
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("familycase")
        ):
            found.add(node.module.removeprefix("familycase").lstrip("."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("familycase."):
                    found.add(alias.name.removeprefix("familycase."))
    return {m for m in found if m}


def test_every_module_is_in_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_layers_import_downward_only() -> None:
    upward = []
    for module, path in sorted(_modules().items()):
        mine = _layer(module)
        for imported in sorted(_top_level_imports(path)):
            if _layer(imported) > mine:
                upward.append(f"familycase.{module} imports familycase.{imported}")
    assert upward == []
