"""Which engine evaluates: durable_rules where it can be imported, else CLIPS.

durable-rules 2.0.28 is built from source (a C compiler), imports only on Python 3.11 and
3.12, and is installed with familycase there (docs/performance.md); clipspy ships binary
wheels for every current CPython and is always installed. The engine modules are imported
only when asked for, so ``import familycase`` works whichever engine is missing.

``default_engine()`` is ``$FAMILYCASE_ENGINE`` when set (``durable``, ``clips`` or
``reference``), else ``"durable"`` if durable_rules imports, else ``"clips"``.
``runner(name)`` is the engine's ``run_*`` function (``UsageError`` naming what to install
when it cannot be imported); every one is a ``Runner``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Literal, Protocol, TypeAlias

from familycase.engine.fact_checks import DeclaredFacts
from familycase.engine.ir import CompiledRulebook, EngineResult
from familycase.errors import UsageError

__all__ = [
    "ENGINES",
    "EngineName",
    "Runner",
    "available",
    "default_engine",
    "describe",
    "runner",
]

EngineName: TypeAlias = Literal["durable", "clips", "reference"]


class Runner(Protocol):
    """An engine's ``run_*`` function: ``run_durable``, ``run_clips``, ``run_reference``.

    Each evaluates ``facts`` with ``rulebook`` on ``as_of`` (an ISO date), runs the same
    checks and returns the same ``EngineResult``. ``declared`` says the facts come from a
    producer that guarantees their shape (``DeclaredFacts``): they are then not checked one
    by one, with the same result; without it (the default, for facts from callers) every
    fact is checked.
    """

    def __call__(
        self,
        rulebook: CompiledRulebook,
        facts: Iterable[Mapping[str, object]],
        *,
        as_of: str,
        declared: DeclaredFacts | None = None,
    ) -> EngineResult: ...


ENGINES: tuple[EngineName, ...] = ("durable", "clips", "reference")
_MODULES = {
    "durable": ("familycase.engine.durable", "run_durable", "durable-rules"),
    "clips": ("familycase.engine.clips", "run_clips", "clipspy"),
    "reference": ("familycase.engine.reference", "run_reference", None),
}
_runners: dict[str, Runner | None] = {}
_INSTALL = {
    "durable": (
        "durable_rules cannot be imported here (it imports on Python 3.11 and 3.12 only, and "
        "is built with a C compiler): on Python 3.12 install 'familycase[durable]', or use "
        "engine='clips'."
    ),
    "clips": "clipspy cannot be imported here: reinstall familycase (it requires clipspy).",
}


def _load(name: str) -> Runner | None:
    if name not in _runners:
        module, function, _ = _MODULES[name]
        try:
            _runners[name] = getattr(importlib.import_module(module), function)
        except ImportError:  # durable on 3.13 fails with an undefined symbol: ImportError too
            _runners[name] = None
    return _runners[name]


def available(name: str) -> bool:
    """Whether engine ``name`` can be imported here."""
    return name in _MODULES and _load(name) is not None


def default_engine() -> EngineName:
    """``$FAMILYCASE_ENGINE`` if set, else durable where it imports, else clips."""
    chosen = os.environ.get("FAMILYCASE_ENGINE", "").strip()
    if chosen:
        if chosen not in _MODULES:
            raise UsageError(
                f"FAMILYCASE_ENGINE is {chosen[:20]!r}; use one of {', '.join(ENGINES)}."
            )
        return chosen  # type: ignore[return-value]
    return "durable" if available("durable") else "clips"


def runner(name: object) -> Runner:
    """The ``run_*`` function of engine ``name`` (``UsageError`` if unknown or missing)."""
    if not isinstance(name, str) or name not in _MODULES:
        raise UsageError(f"Unknown engine {str(name)[:20]!r}. Use one of: {', '.join(ENGINES)}.")
    run = _load(name)
    if run is None:
        raise UsageError(f"The {name} engine is not available. {_INSTALL[name]}")
    return run


def describe() -> str:
    """The default engine and the others available, with versions (for ``--version``)."""
    default = default_engine()
    names = [default, *(n for n in ENGINES if n != default and available(n))]
    return ", ".join(
        ("engine: " if n == default else "") + _with_version(n) for n in names if available(n)
    )


def _with_version(name: str) -> str:
    package = _MODULES[name][2]
    if package is None:
        return name
    try:
        return f"{name} ({package} {version(package)})"
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return name


def run(
    name: EngineName,
    rulebook: CompiledRulebook,
    facts: Iterable[Mapping[str, object]],
    as_of: str,
    *,
    declared: DeclaredFacts | None = None,
) -> EngineResult:
    """Evaluate facts with engine ``name`` (``declared``: see ``Runner``)."""
    return runner(name)(rulebook, facts, as_of=as_of, declared=declared)
