"""The service's settings: limits, timeout and privacy defaults.

Every worker process is started by uvicorn without arguments, so the settings travel in
environment variables (``FAMILYCASE_SERVICE_*``) that ``serve`` sets before it starts them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from familycase.errors import UsageError

_PREFIX = "FAMILYCASE_SERVICE_"


@dataclass(frozen=True)
class Settings:
    """How the service runs. Every limit holds before any work is done for a request."""

    #: the largest request body accepted, in bytes (checked before the body is read)
    max_body_bytes: int = 1_000_000
    #: seconds a request may take (waiting for the engine included) before a 504
    timeout_seconds: float = 10.0
    #: the most problems one error response lists (the rest are counted)
    max_problems: int = 100
    #: ``False``: assessments carry display names unless a caller asks ``names=false``
    ids_only_default: bool = True
    #: a rules folder (``None``: the rules shipped with familycase)
    rules: str | None = None

    def to_environment(self) -> dict[str, str]:
        """The settings as environment variables, for the worker processes."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[_PREFIX + f.name.upper()] = str(value)
        return out

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings ``serve`` put in the environment (defaults for the rest)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(_PREFIX + f.name.upper())
            if raw is None:
                continue
            default = f.default
            try:
                if isinstance(default, bool):
                    values[f.name] = raw == "True"
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError:
                raise UsageError(f"{_PREFIX}{f.name.upper()}: {raw[:40]!r} is not valid.") from None
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse settings that would not protect the service."""
        if not 1_000 <= self.max_body_bytes <= 50_000_000:
            raise UsageError("--max-body-bytes must be between 1000 and 50000000.")
        if not 0.1 <= self.timeout_seconds <= 600:
            raise UsageError("--timeout must be between 0.1 and 600 seconds.")
        if not 1 <= self.max_problems <= 10_000:
            raise UsageError("the problem cap must be between 1 and 10000.")
