"""Safe YAML loading that keeps the line and column of every value.

PyYAML composes the document into nodes (no object is ever constructed from a tag), and
this module turns the nodes into plain Python values itself, with YAML 1.2-like scalar
rules: ``NO``, ``yes`` and ``off`` stay strings (the "Norway problem"), ``0123`` stays a
string, dates stay strings (the models parse them). Duplicate keys, non-string keys and
custom tags are problems, reported with their position. Every value's position is kept in
``Document.positions`` under its path (``("persons", 2, "age")``), so a validation error on
a path can point at the line in the file; every mapping key's position is kept in
``Document.key_positions``, so a problem with the key itself (an unknown field) points at
the key, not at its value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from familycase.errors import ContentError, Problem

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
_RESOLVER = yaml.resolver.Resolver()
MAX_NODES = 200_000

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int


@dataclass
class Document:
    """A loaded YAML document: plain data plus the position of every value."""

    data: Any
    file: str
    positions: dict[PathKey, Mark] = field(default_factory=dict)
    lines: Sequence[str] = ()
    key_positions: dict[PathKey, Mark] = field(default_factory=dict)

    def mark(self, path: Sequence[str | int]) -> Mark | None:
        """The position of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while True:
            found = self.positions.get(key)
            if found is not None or not key:
                return found
            key = key[:-1]

    def problem(
        self,
        code: str,
        message: str,
        path: Sequence[str | int] = (),
        suggestion: str | None = None,
        *,
        show_line: bool = True,
        at_key: bool = False,
    ) -> Problem:
        """A ``Problem`` located at ``path`` in this document (at its key if ``at_key``)."""
        mark = (self.key_positions.get(tuple(path)) if at_key else None) or self.mark(path)
        excerpt = None
        if mark is not None and show_line and 0 < mark.line <= len(self.lines):
            excerpt = self.lines[mark.line - 1].rstrip()[:160]
        return Problem(
            code=code,
            message=message,
            file=self.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            path=format_path(path) or None,
            suggestion=suggestion,
            excerpt=excerpt,
        )


def format_path(path: Sequence[str | int]) -> str:
    """``("persons", 2, "age")`` -> ``persons[2].age``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: str | Path, *, display_name: str | None = None) -> Document:
    """Load one YAML file safely; raise ``ContentError`` naming the file and line."""
    p = Path(path)
    name = display_name or str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ContentError(
            [Problem("FC101", "File not found.", file=name, suggestion="Check the path.")]
        ) from None
    except IsADirectoryError:
        raise ContentError(
            [Problem("FC101", "Expected a file but found a directory.", file=name)]
        ) from None
    except OSError as exc:
        raise ContentError(
            [Problem("FC101", f"Cannot read the file ({exc.strerror}).", file=name)]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(
            [
                Problem(
                    "FC105",
                    f"The file is larger than {MAX_FILE_BYTES} bytes.",
                    file=name,
                    suggestion="Split it into smaller files.",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            [
                Problem(
                    "FC102",
                    f"The file is not valid UTF-8 (byte {exc.start}).",
                    file=name,
                    suggestion="Save the file as UTF-8.",
                )
            ]
        ) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, file: str = "<string>") -> Document:
    """Parse YAML text into a ``Document``; raise ``ContentError`` on any problem."""
    lines = text.splitlines()
    if not text.strip():
        raise ContentError(
            [
                Problem(
                    "FC104",
                    "The file is empty.",
                    file=file,
                    suggestion="A file needs at least its top-level mapping.",
                )
            ]
        )
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise ContentError(
            [Problem("FC105", "The document is nested too deeply.", file=file)]
        ) from None
    except yaml.reader.ReaderError as exc:
        line: int | None = text[: exc.position].count("\n") + 1
        raise ContentError(
            [
                Problem(
                    "FC103",
                    "The file contains a character YAML does not allow"
                    + (
                        f" (#x{ord(exc.character):02x})."
                        if isinstance(exc.character, str) and len(exc.character) == 1
                        else "."
                    ),
                    file=file,
                    line=line,
                    suggestion="Remove control characters from the file.",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        message, suggestion, at = _syntax_error(exc, lines)
        line = at.line if at else None
        problem = Problem(
            "FC103",
            message,
            file=file,
            line=line,
            column=at.column if at else None,
            suggestion=suggestion,
            excerpt=lines[line - 1].rstrip()[:160] if line and 0 < line <= len(lines) else None,
        )
        raise ContentError([problem]) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [Problem("FC103", f"YAML error: {type(exc).__name__}.", file=file)]
        ) from None
    if node is None:
        raise ContentError([Problem("FC104", "The file has no content.", file=file)])
    builder = _Builder(file, lines)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise ContentError(
            [Problem("FC105", "The document is nested too deeply.", file=file)]
        ) from None
    if builder.problems:
        raise ContentError(builder.problems)
    return Document(
        data=data,
        file=file,
        positions=builder.positions,
        lines=lines,
        key_positions=builder.key_positions,
    )


_GENERIC_FIX = (
    "Check this line and the one above: indent with spaces, lined up with the lines "
    "around; a space after each ':' and '-'; quotes in pairs."
)
_NO_SPACE_AFTER_DASH = re.compile(r" *-[A-Za-z_$]")
_CLOSERS = {"]": ("[", "list"), "}": ("{", "group")}


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_at(text: str) -> tuple[int, str] | None:
    """The 0-based column and text of the key a line starts (after '- ' for a list item)."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    column = _indent(text)
    if stripped.startswith("- "):
        rest = stripped[2:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    key = stripped.split(":", 1)[0] + ":" if ":" in stripped else stripped
    return column, key[:40]


def _sibling(lines: Sequence[str], start: int, end: int, column: int) -> tuple[int, str] | None:
    """The nearest line in ``lines[start:end]`` (from the end) whose key is at ``column``."""
    for number in range(end - 1, start - 1, -1):
        found = _key_at(lines[number]) if number < len(lines) else None
        if found is not None and found[0] == column:
            return number, found[1]
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, lines: Sequence[str]) -> tuple[str, str, Mark | None]:
    """PyYAML's syntax error in plain words, with a specific fix and the place to fix it."""
    message, suggestion, at = _plain_syntax_error(exc, lines)
    return f"YAML syntax error: {message[0].lower()}{message[1:]}", suggestion, at


def _plain_syntax_error(
    exc: yaml.MarkedYAMLError, lines: Sequence[str]
) -> tuple[str, str, Mark | None]:
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    pm, cm = exc.problem_mark, exc.context_mark
    at = Mark(pm.line + 1, pm.column + 1) if pm else None
    text = lines[pm.line] if pm and pm.line < len(lines) else ""
    if "'\\t'" in problem or "'\t'" in problem:
        return (
            "A tab character: YAML indents with spaces only.",
            "Replace the tab by spaces, lined up with the lines around it.",
            at,
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return (
            f"A value cannot start with '{char}'.",
            f'Put the value in quotes, e.g. "{char}...".',
            at,
        )
    if problem.startswith("expected <block end>") and pm is not None:
        if "<scalar>" in problem and ('"' in text[: pm.column] or "'" in text[: pm.column]):
            return (
                "Text after the closing quote of a value.",
                "Put the whole value in one pair of quotes; for a quote inside a value, use "
                "the other kind ('He said \"no\"') or double it inside single quotes "
                "('it''s').",
                at,
            )
        indent = _indent(text)
        at = Mark(pm.line + 1, indent + 1)
        message = "This line is indented differently from the lines around it."
        first = cm.line if cm is not None else max(pm.line - 3, 0)
        for number in range(min(pm.line, len(lines) - 1), first - 1, -1):
            if _NO_SPACE_AFTER_DASH.match(lines[number]):
                return (
                    "A '-' starting a list item without a space after it.",
                    f"Put a space after the '-' on line {number + 1} ('- ...').",
                    Mark(number + 1, _indent(lines[number]) + 1),
                )
        if cm is not None:
            # the open block: a list ('- ...') whose items' keys sit two columns in, or a mapping
            column = cm.column + 2 if "collection" in context else cm.column
            sibling = _sibling(lines, cm.line, pm.line, column)
            if sibling is not None:
                number, key = sibling
                dash = "- " if lines[number].strip().startswith("- ") else ""
                return (
                    message,
                    f"Line it up with '{dash}{key}' on line {number + 1}: start it in column "
                    f"{column + 1}.",
                    at,
                )
        return message, "Line it up with the field it belongs beside, using spaces.", at
    if problem == "mapping values are not allowed here":
        return (
            "A second ':' on this line.",
            "Put a value that holds ': ' in quotes (key: \"a: b\"); or, if a new field "
            "starts here, put it on its own line.",
            at,
        )
    if problem.startswith(("expected ',' or ", "did not find expected ',' or ")) and cm:
        closer = problem.split("'")[3] if problem.count("'") >= 4 else "]"
        opener, what = _CLOSERS.get(closer, ("[", "list"))
        return (
            f"A {what} opened with '{opener}' on line {cm.line + 1} is not closed.",
            f"Close it with '{closer}' on line {cm.line + 1}, or check the commas between "
            "its items.",
            at,
        )
    if "quoted scalar" in context and cm is not None:
        return (
            f"A quote opened on line {cm.line + 1} is not closed.",
            f"Close the quote at the end of the value on line {cm.line + 1}.",
            at,
        )
    if problem == "could not find expected ':'" and cm is not None:
        return (
            "A line without ':' where a field was expected.",
            "Write the field as 'name: value' (a space after the colon).",
            Mark(cm.line + 1, cm.column + 1),
        )
    return "The file is not valid YAML here.", _GENERIC_FIX, at


class _Builder:
    def __init__(self, file: str, lines: Sequence[str]) -> None:
        self.file = file
        self.lines = lines
        self.positions: dict[PathKey, Mark] = {}
        self.key_positions: dict[PathKey, Mark] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def _problem(self, code: str, message: str, node: yaml.Node, suggestion: str) -> None:
        line = node.start_mark.line + 1
        self.problems.append(
            Problem(
                code,
                message,
                file=self.file,
                line=line,
                column=node.start_mark.column + 1,
                suggestion=suggestion,
                excerpt=self.lines[line - 1].rstrip()[:160] if line <= len(self.lines) else None,
            )
        )

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._problem(
                    "FC105",
                    f"The document has more than {MAX_NODES} values (aliases included).",
                    node,
                    "Remove repeated aliases or split the file.",
                )
            return None
        self.positions[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            self._problem(
                "FC106",
                f"Custom YAML tags are not allowed ({node.tag!s:.40}).",
                node,
                "Remove the '!' tag.",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    "FC106",
                    "YAML merge keys ('<<') are not allowed.",
                    key_node,
                    "Write the keys out.",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(
                    "FC107",
                    "A mapping key must be a plain word.",
                    key_node,
                    "Use a simple key such as 'name:'.",
                )
                continue
            key = key_node.value
            if key in out:
                self._problem(
                    "FC108",
                    f"Duplicate key '{key:.60}'.",
                    key_node,
                    "Each key may appear once in a mapping; remove or rename one.",
                )
                continue
            key_mark = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            self.key_positions[(*path, key)] = key_mark
            out[key] = self.build(value_node, (*path, key))
            if isinstance(value_node, yaml.MappingNode | yaml.SequenceNode) and (
                value_node.flow_style is not True
            ):
                # a block value starts on the next line: point at the key instead
                self.positions[(*path, key)] = key_mark
        return out


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style is not None and node.style != "":
        return value  # quoted or block scalars are always strings
    if node.tag == "tag:yaml.org,2002:str" and _explicit_str(node):
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _explicit_str(node: yaml.ScalarNode) -> bool:
    """Whether a plain scalar carries an explicit ``!!str`` tag (not the resolver's)."""
    implicit: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, node.value, (True, False)
    )
    return implicit != "tag:yaml.org,2002:str"
