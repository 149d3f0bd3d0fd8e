"""familycase's exceptions: one root, and families by who must act.

- ``ContentError``: a rule, vocabulary or scenario file is wrong; the author fixes the file.
  It carries every ``Problem`` found, each with file, line, column, a stable code, a
  message and a suggestion.
- ``CaseError``: the case data given to the API is wrong; the caller fixes the data.
- ``EvaluationError``: the engine failed on valid input; a bug to report.
- ``UsageError``: the API or the command line was used wrongly.

Messages name ids, files and fields, never names or free text from a case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, with where it is and how to fix it."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str | None = None  # dotted field path, e.g. ``persons[2].age``
    suggestion: str | None = None
    excerpt: str | None = None  # the source line, when it is safe to show
    # "warning": ``familycase check`` found something doubtful that loading accepts (FC8xx)
    severity: Literal["error", "warning"] = "error"

    def location(self) -> str:
        """``file:line:column`` (as much of it as is known)."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """The problem as a human reads it: location, path, code (and ``warning`` for a
        warning), message, suggestion."""
        head = self.location()
        if self.path:
            head += f"  {self.path}"
        mark = self.code if self.severity == "error" else f"{self.code} warning"
        lines = [f"{head}  [{mark}]", f"  {self.message}"]
        if self.suggestion:
            lines.append(f"  {self.suggestion}")
        if self.excerpt is not None and self.line is not None:
            lines.append(f"  {self.line} | {self.excerpt}")
        return "\n".join(lines)


def without_excerpts(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """The problems without their source lines: a line of a case file may hold a name or a
    note, which must never appear in an error message."""
    return tuple(replace(p, excerpt=None) for p in problems)


class FamilycaseError(Exception):
    """The root of every error familycase raises on purpose."""


#: An error lists at most this many problems; ``omitted`` counts the rest.
MAX_PROBLEMS = 200
#: A problem's message or suggestion is cut to this many characters.
MAX_MESSAGE = 600


def _short(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_MESSAGE:
        return text
    return text[: MAX_MESSAGE - 1] + "…"


class ProblemsError(FamilycaseError):
    """An error that carries one or more located problems: at most ``MAX_PROBLEMS`` (the
    first found), each message at most ``MAX_MESSAGE`` characters; ``omitted`` counts the
    problems not listed (``omitted`` given: problems found but not even made)."""

    def __init__(
        self, problems: Iterable[Problem], summary: str | None = None, *, omitted: int = 0
    ) -> None:
        found = tuple(problems)
        self.omitted: int = max(0, len(found) - MAX_PROBLEMS) + max(0, omitted)
        self.problems: tuple[Problem, ...] = tuple(
            p
            if len(p.message) <= MAX_MESSAGE and len(p.suggestion or "") <= MAX_MESSAGE
            else replace(p, message=_short(p.message) or "", suggestion=_short(p.suggestion))
            for p in found[:MAX_PROBLEMS]
        )
        count = len(self.problems) + self.omitted
        self.summary = summary or f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(self._text())

    def _text(self) -> str:
        more = [f"... and {self.omitted} more problems not listed."] if self.omitted else []
        return "\n".join([self.summary + ":", *(p.format() for p in self.problems), *more])


class ContentError(ProblemsError):
    """A rule, vocabulary, scenario or feature file is invalid."""


class CaseError(ProblemsError):
    """The case data is invalid (unknown ids, impossible ages, unknown vocabulary...)."""


class EvaluationError(FamilycaseError):
    """The engine failed while evaluating a valid case. Please report it (with ids only)."""


class UsageError(FamilycaseError):
    """The API or the command line was used wrongly (unknown phase, bad option...)."""
