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

A ``.json`` file is read as JSON by the json module (its values are exactly what
``json.loads`` gives), and its positions come from a small scanner over the same text
(``_json_positions``). JSON files are case files: no problem in one shows a line of it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from familycase.errors import ContentError, Problem, without_excerpts

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
_RESOLVER = yaml.resolver.Resolver()
MAX_NODES = 100_000

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
    # a case (or a file that may be one): its lines may hold names, so never show them
    private: bool = False

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
        if mark is not None and show_line and not self.private and 0 < mark.line <= len(self.lines):
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
        raw = read_bounded(p, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise ContentError(
            [Problem("FC101", "File not found.", file=name, suggestion="Check the path.")]
        ) from None
    except IsADirectoryError:
        raise ContentError(
            [Problem("FC101", "Expected a file but found a directory.", file=name)]
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ContentError(
                [
                    Problem(
                        "FC101",
                        "The path is a loop of symbolic links.",
                        file=name,
                        suggestion="Point the link at the file itself.",
                    )
                ]
            ) from None
        raise ContentError(
            [Problem("FC101", f"Cannot read the file ({exc.strerror}).", file=name)]
        ) from None
    if raw is None:
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
    if p.suffix.lower() == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path``, or ``None`` if it holds more than ``limit``: the size is
    checked before reading (a regular file) and while reading (a device, a pipe), so no
    more than ``limit`` + 1 bytes are ever read (``/dev/zero`` is refused at once)."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return None
        raw = handle.read(limit + 1)
    return raw if len(raw) <= limit else None


def parse_yaml(text: str, file: str = "<string>") -> Document:
    """Parse YAML text into a ``Document``; raise ``ContentError`` on any problem."""
    at = _LineIndex(text)
    lines = at.lines(text)
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
        node = _compose(text, file)
    except RecursionError:
        raise ContentError(
            [Problem("FC105", "The document is nested too deeply.", file=file)]
        ) from None
    except yaml.reader.ReaderError as exc:
        line: int | None = at.mark(exc.position).line
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
        private = _may_be_case(text)
        exc.problem_mark = at.relocate(exc.problem_mark)
        exc.context_mark = at.relocate(exc.context_mark)
        message, suggestion, where = _syntax_error(exc, lines, private=private)
        line = where.line if where else None
        problem = Problem(
            "FC103",
            message,
            file=file,
            line=line,
            column=where.column if where else None,
            suggestion=suggestion,
            excerpt=lines[line - 1].rstrip()[:160]
            if line and 0 < line <= len(lines) and not private
            else None,
        )
        raise ContentError([problem]) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [Problem("FC103", f"YAML error: {type(exc).__name__}.", file=file)]
        ) from None
    if node is None:
        raise ContentError([Problem("FC104", "The file has no content.", file=file)])
    builder = _Builder(file, lines, at)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise ContentError(
            [Problem("FC105", "The document is nested too deeply.", file=file)]
        ) from None
    private = is_case(data)
    if builder.problems:
        raise ContentError(without_excerpts(builder.problems) if private else builder.problems)
    return Document(
        data=data,
        file=file,
        positions=builder.positions,
        lines=lines,
        key_positions=builder.key_positions,
        private=private,
    )


# Deeper than this, a document is refused before it is composed (no case or rule is).
MAX_DEPTH = 100
# More values than this in one list or mapping (keys count) is refused before the document
# is composed: no valid list holds more than a few hundred items (a case's lists at most
# 400, its links 1000), and one long list is the cheapest way to make a parser work.
MAX_COLLECTION = 20_000
# A text that libyaml finds invalid is parsed again by PyYAML's Python parser, whose errors
# this module explains in plain words, only up to this size: the Python parser takes about
# 10 s a megabyte, so a larger text gets libyaml's error as it is.
_EXPLAIN_BYTES = 200_000


def _compose(text: str, file: str) -> yaml.Node | None:
    """The document's node tree, with the limits enforced while it is parsed.

    libyaml (C) reads the events first, counting values and depth, and stops at the first
    value past ``MAX_NODES``, level past ``MAX_DEPTH`` or item of one list or mapping past
    ``MAX_COLLECTION``: a 2 MB list is refused in well under a second, before any node is
    built. Then libyaml composes the nodes. Without
    libyaml, or to explain a syntax error in a small text, PyYAML's Python parser is used.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # pragma: no cover - PyYAML's wheels ship libyaml
        return yaml.compose(text, Loader=yaml.SafeLoader)
    count = depth = 0
    items = [0]  # values so far in each open list or mapping, innermost last
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.NodeEvent):
                count += 1
                items[-1] += 1
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    items.append(0)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                items.pop()
            if count > MAX_NODES or depth > MAX_DEPTH or items[-1] > MAX_COLLECTION:
                mark = _LineIndex(text).mark(event.start_mark.index if event.start_mark else 0)
                if count > MAX_NODES:
                    what = f"has more than {MAX_NODES} values"
                elif depth > MAX_DEPTH:
                    what = f"has more than {MAX_DEPTH} levels of nesting"
                else:
                    what = f"has a list or mapping of more than {MAX_COLLECTION} values"
                raise ContentError(
                    [
                        Problem(
                            "FC105",
                            f"The document {what}.",
                            file=file,
                            line=mark.line,
                            column=mark.column,
                            suggestion="Split it into smaller files; no case or rule file "
                            "needs this many.",
                        )
                    ]
                )
    except yaml.YAMLError:
        if len(text) > _EXPLAIN_BYTES:
            raise
        return yaml.compose(text, Loader=yaml.SafeLoader)
    return yaml.compose(text, Loader=loader)


def is_case(data: Any) -> bool:
    """Whether ``data`` (a document's top level) is a case: a mapping with ``persons``.

    A case's lines may hold names and health data: no problem in it shows a line."""
    return isinstance(data, dict) and "persons" in data and "phases" not in data


_TOP_LEVEL_PERSONS = re.compile(r"""^["']?persons["']?[ \t]*:""", re.MULTILINE)
_PREAMBLE = re.compile(r"(?:[ \t]*(?:#[^\n]*|---[ \t]*)?\n)*[ \t]*")


def _may_be_case(text: str) -> bool:
    """Whether text that could not be parsed may be a case: ``persons:`` at the start of a
    line, or a document in braces (JSON-like) naming ``persons`` anywhere."""
    if _TOP_LEVEL_PERSONS.search(text):
        return True
    start = _PREAMBLE.match(text)
    return text[start.end() if start else 0 :].startswith(("{", "[")) and "persons" in text


class _LineIndex:
    """Line and column (1-based) of a character index. A line ends at '\n', '\r\n' or '\r'
    only, as in editors: not at U+2028, U+2029 or U+0085 (PyYAML and ``str.splitlines``
    count those too, which put every later line one off)."""

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in self._BREAK.finditer(text))]

    def mark(self, index: int) -> Mark:
        line = bisect_right(self.starts, index)
        return Mark(line, index - self.starts[line - 1] + 1)

    def lines(self, text: str) -> list[str]:
        """The lines of ``text`` (as ``mark`` counts them), without their line breaks."""
        out = self._BREAK.split(text)
        return out[:-1] if out and not out[-1] else out

    def relocate(self, mark: yaml.Mark | None) -> yaml.Mark | None:
        """PyYAML's ``mark`` with the line and column (0-based) of its index here."""
        if mark is None:
            return None
        here = self.mark(mark.index)
        return yaml.Mark(mark.name, mark.index, here.line - 1, here.column - 1, None, 0)


def parse_json(text: str, file: str = "<string>") -> Document:
    """Parse JSON text into a ``Document``; raise ``ContentError`` on any problem.

    The values are exactly what ``json.loads`` gives. No problem shows a line of the file
    (a JSON file is a case, whose lines may hold names).
    """
    if not text.strip():
        raise ContentError([Problem("FC104", "The file is empty.", file=file)])
    at = _LineIndex(text)
    too_long: list[int] = []
    try:
        data = json.loads(text, parse_int=lambda digits: _json_int(digits, too_long))
    except RecursionError:
        raise ContentError(
            [Problem("FC105", "The document is nested too deeply.", file=file)]
        ) from None
    except json.JSONDecodeError as exc:
        message, suggestion, index = _json_syntax_error(exc, text)
        mark = at.mark(index)
        raise ContentError(
            [
                Problem(
                    "FC103",
                    f"JSON syntax error: {message[0].lower()}{message[1:]}",
                    file=file,
                    line=mark.line,
                    column=mark.column,
                    suggestion=suggestion,
                )
            ]
        ) from None
    positions: dict[PathKey, Mark] = {}
    key_positions: dict[PathKey, Mark] = {}
    problems: list[Problem] = []
    try:
        scanned = _json_positions(text)
    except (IndexError, ValueError, AssertionError):  # pragma: no cover - json accepted it
        scanned = None
    if scanned is not None:
        values, keys, duplicates, count = scanned
        if count > MAX_NODES:
            raise ContentError(
                [
                    Problem(
                        "FC105",
                        f"The document has more than {MAX_NODES} values.",
                        file=file,
                        suggestion="Split it into smaller files.",
                    )
                ]
            )
        positions = {path: at.mark(index) for path, index in values.items()}
        key_positions = {path: at.mark(index) for path, index in keys.items()}
        for path, index in values.items():
            if too_long and _value_at(data, path) is _TOO_LONG:
                mark = at.mark(index)
                problems.append(
                    Problem(
                        "FC303",
                        _TOO_LONG_NUMBER,
                        file=file,
                        line=mark.line,
                        column=mark.column,
                        path=format_path(path) or None,
                        suggestion=_TOO_LONG_NUMBER_FIX,
                    )
                )
        for path, index in duplicates:
            mark = at.mark(index)
            problems.append(
                Problem(
                    "FC108",
                    f"Duplicate key '{path[-1]!s:.60}'.",
                    file=file,
                    line=mark.line,
                    column=mark.column,
                    path=format_path(path),
                    suggestion="Each key may appear once in a group of fields; remove or "
                    "rename one.",
                )
            )
    if too_long and not any(p.message == _TOO_LONG_NUMBER for p in problems):
        problems.append(
            Problem("FC303", _TOO_LONG_NUMBER, file=file, suggestion=_TOO_LONG_NUMBER_FIX)
        )
    if problems:
        raise ContentError(problems)
    return Document(
        data=data,
        file=file,
        positions=positions,
        key_positions=key_positions,
        private=True,
    )


_TOO_LONG_NUMBER = "This number is too long to read (thousands of digits)."
_TOO_LONG_NUMBER_FIX = "Check the value: no field takes a number this long."
_TOO_LONG = object()  # stands in for an integer json could not read


def _json_int(digits: str, too_long: list[int]) -> object:
    """An integer as json reads it, or ``_TOO_LONG`` for one longer than Python converts
    (``sys.get_int_max_str_digits``), noted in ``too_long``."""
    try:
        return int(digits)
    except ValueError:
        too_long.append(len(digits))
        return _TOO_LONG


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_SCALAR = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity"
)
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _json_positions(
    text: str,
) -> tuple[dict[PathKey, int], dict[PathKey, int], list[tuple[PathKey, int]], int]:
    """Where each value and key of a valid JSON text starts (character indexes), the keys
    written twice in one object, and the number of values.

    Iterative, so a document nested as deeply as json accepts is scanned too. For a key
    written twice, the position is the last one's (json keeps the last value).
    """
    values: dict[PathKey, int] = {}
    keys: dict[PathKey, int] = {}
    duplicates: list[tuple[PathKey, int]] = []
    stack: list[tuple[PathKey, bool, list[int]]] = []  # container path, is object, [count]
    seen: list[set[str]] = []
    count = 0

    def space(i: int) -> int:
        match = _JSON_SPACE.match(text, i)
        assert match is not None
        return match.end()

    def key(i: int, parent: PathKey, names: set[str]) -> tuple[PathKey, int]:
        match = _JSON_STRING.match(text, i)
        if match is None:
            raise ValueError(i)
        name = json.loads(match.group())
        path = (*parent, name)
        if name in names:
            duplicates.append((path, i))
        names.add(name)
        keys[path] = i
        i = space(match.end())
        if text[i] != ":":
            raise ValueError(i)
        return path, space(i + 1)

    i = space(0)
    path: PathKey = ()
    while True:
        count += 1
        values[path] = i
        char = text[i]
        if char in "{[":
            closer = "}" if char == "{" else "]"
            j = space(i + 1)
            if text[j] == closer:
                i = j + 1
            else:
                stack.append((path, char == "{", [0]))
                if char == "{":
                    seen.append(set())
                    path, i = key(j, path, seen[-1])
                else:
                    path, i = (*path, 0), j
                continue
        else:
            match = (_JSON_STRING if char == '"' else _JSON_SCALAR).match(text, i)
            if match is None:
                raise ValueError(i)
            i = match.end()
        while True:  # after a value: the next item, or the end of its containers
            i = space(i)
            if not stack:
                return values, keys, duplicates, count
            parent, is_object, index = stack[-1]
            if text[i] == ",":
                index[0] += 1
                if is_object:
                    path, i = key(space(i + 1), parent, seen[-1])
                else:
                    path, i = (*parent, index[0]), space(i + 1)
                break
            if text[i] != ("}" if is_object else "]"):
                raise ValueError(i)
            stack.pop()
            if is_object:
                seen.pop()
            i += 1


def _json_syntax_error(exc: json.JSONDecodeError, text: str) -> tuple[str, str, int]:
    """json's syntax error in plain words, with a fix and the index of the place to fix."""
    msg, pos = exc.msg, exc.pos
    char = text[pos] if pos < len(text) else ""
    before = text[:pos].rstrip()
    comma = len(before) - 1
    if msg.startswith("Unterminated string"):
        return (
            "The file ends inside a text that starts here: its closing '\"' is missing, or "
            "the file is cut off.",
            "Close the text with '\"'; check that the whole file was saved.",
            pos,
        )
    if msg != "Extra data" and not text[pos:].strip():
        return (
            "The file ends too early: a '{' or '[' is not closed, or the file is cut off.",
            "Check that the whole file was saved; close every '{' with '}' and every '[' with ']'.",
            pos,
        )
    if (
        msg.startswith(("Expecting property name", "Expecting value"))
        and char in "}]"
        and before.endswith(",")
    ):
        return (
            f"A ',' after the last item, before '{char}': JSON allows no comma there.",
            "Remove that ','.",
            comma,
        )
    if msg.startswith("Expecting property name"):
        return (
            "A field name must be written in double quotes.",
            'Write the field as "name": value.',
            pos,
        )
    if msg == "Expecting value":
        word = re.match(r"[A-Za-z_]+", text[pos:])
        if char == "'":
            return (
                "A text in single quotes.",
                'JSON writes texts in double quotes: "...".',
                pos,
            )
        if word is not None and word.group() in ("True", "False", "None", "TRUE", "FALSE"):
            return (
                f"'{word.group()}' is not a JSON value.",
                "Write true, false or null, in lower case.",
                pos,
            )
        return (
            "A value is missing or is not valid JSON here.",
            "Write a value: a text in double quotes, a number, true, false, null, a list "
            "[...] or a group of fields {...}.",
            pos,
        )
    if msg == "Expecting ',' delimiter":
        return (
            "A ',' is missing between two items, or a '}' or ']' is missing before here.",
            "Put a ',' between the items; check that each '{' and '[' above is closed in "
            "the right place.",
            pos,
        )
    if msg == "Expecting ':' delimiter":
        return "A ':' is missing after a field name.", 'Write the field as "name": value.', pos
    if msg.startswith("Invalid control character"):
        return (
            "A tab, line break or other control character inside a text.",
            "Write a tab as \\t and a line break as \\n, or remove it.",
            pos,
        )
    if msg.startswith("Invalid \\"):
        return (
            "A backslash inside a text that does not start a JSON escape.",
            "Write a backslash as \\\\ (two backslashes).",
            pos,
        )
    if msg == "Extra data":
        return (
            "Something follows the end of the file's value: a JSON file holds one value.",
            "Remove what follows, or check that no '}' or ']' above closes the file too early.",
            pos,
        )
    return "The file is not valid JSON here.", "Check this line against the JSON format.", pos


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


def _sibling(
    lines: Sequence[str], start: int, end: int, column: int, *, private: bool = False
) -> tuple[int, str] | None:
    """The nearest line in ``lines[start:end]`` (from the end) whose key is at ``column``
    (in a case, ``private``, only a line with a key: another line may be a name or a note)."""
    for number in range(end - 1, start - 1, -1):
        found = _key_at(lines[number]) if number < len(lines) else None
        if found is not None and found[0] == column and (not private or ":" in found[1]):
            return number, found[1]
    return None


def _syntax_error(
    exc: yaml.MarkedYAMLError, lines: Sequence[str], *, private: bool = False
) -> tuple[str, str, Mark | None]:
    """PyYAML's syntax error in plain words, with a specific fix and the place to fix it
    (naming no text of the file but keys if ``private``)."""
    message, suggestion, at = _plain_syntax_error(exc, lines, private)
    return f"YAML syntax error: {message[0].lower()}{message[1:]}", suggestion, at


def _plain_syntax_error(
    exc: yaml.MarkedYAMLError, lines: Sequence[str], private: bool
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
            sibling = _sibling(lines, cm.line, pm.line, column, private=private)
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
    def __init__(self, file: str, lines: Sequence[str], at: _LineIndex) -> None:
        self.file = file
        self.lines = lines
        self.at = at
        self.positions: dict[PathKey, Mark] = {}
        self.key_positions: dict[PathKey, Mark] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def _problem(
        self,
        code: str,
        message: str,
        node: yaml.Node,
        suggestion: str,
        path: str | None = None,
    ) -> None:
        mark = self.at.mark(node.start_mark.index)
        line = mark.line
        self.problems.append(
            Problem(
                code,
                message,
                file=self.file,
                line=line,
                column=mark.column,
                path=path,
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
        self.positions[path] = self.at.mark(node.start_mark.index)
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
        try:
            return _scalar(node)
        except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
            self._problem(
                "FC303", _TOO_LONG_NUMBER, node, _TOO_LONG_NUMBER_FIX, format_path(path) or None
            )
            return None

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
            key_mark = self.at.mark(key_node.start_mark.index)
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
