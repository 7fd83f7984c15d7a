"""YAML text → nodes that remember their file, line and column.

libyaml's C composer builds the node graph; one walk turns it into small ``Scalar``,
``Mapping`` and ``Sequence`` nodes that keep their position. Nothing here knows the course
format: that is ``builder.format`` and ``builder.assemble``.

Scalars keep both their resolved value (YAML 1.1 rules: ``true``, ``12``, ``2025-10-31``)
and the text as written, so a field that expects text can take ``112`` or ``no`` literally.
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from latarnia_builder import boundary
from latarnia_builder.i18n import _
from latarnia_builder.problems import Problem, Where

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_new_where: Any = tuple.__new__


# (a base chosen at run time: the type checker cannot know it)
class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's loader, leaving the tags of plain scalars to ``_Converter``.

    libyaml asks Python for the tag of every node. Keys (a third of all nodes) and containers
    need none, so the answer here is immediate, and only the values get YAML 1.1's implicit
    tags (true, 12, 2025-10-31, null), later and only when written without quotes."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        return _UNRESOLVED


_UNRESOLVED = "tag:latarnia,2026:unresolved"
_IMPLICIT = _BaseLoader.yaml_implicit_resolvers  # first character -> [(tag, regexp)]
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_MAX_NODES = boundary.MAX_YAML_NODES
# Characters that separate or open YAML values: a text with fewer of them has fewer values.
_VALUE_MARKS = (",", "\n", ":", "-", "[", "{", "?")


@dataclass(slots=True)
class SourceFile:
    """A source file's path and text (kept to locate positions inside multi-line text)."""

    path: Path
    text: str

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline ('' when out of range)."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


class Node:
    """A YAML node and where it starts."""

    __slots__ = ("column", "line", "source")
    kind = "value"

    def __init__(self, source: SourceFile, line: int, column: int) -> None:
        self.source = source
        self.line = line
        self.column = column

    @property
    def where(self) -> Where:
        # (tuple.__new__ as Where's own __new__ does, without its frame: ~10^5 calls)
        return _new_where(Where, (self.source.path, self.line, self.column))


class Scalar(Node):
    """A single value: ``value`` as YAML resolves it, ``raw`` as written."""

    __slots__ = ("raw", "style", "value")
    kind = "scalar"

    def __init__(
        self, source: SourceFile, line: int, column: int, value: Any, raw: str, style: str | None
    ) -> None:
        self.source = source  # (not super().__init__: ~300,000 scalars in a large course)
        self.line = line
        self.column = column
        self.value = value
        self.raw = raw
        self.style = style  # None (plain), "'", '"', "|" or ">"

    def where_in_text(self, offset: int) -> Where:
        """The position of character ``offset`` of this scalar's text, as exact as YAML allows."""
        before = self.raw[:offset]
        if self.style == "|":
            # A literal block starts on the line after the "|"; lines keep their indentation.
            line = self.line + 1 + before.count("\n")
            lines = self.source.text.splitlines()[self.line :]
            first = next((t for t in lines if t.strip()), "")
            indent = len(first) - len(first.lstrip(" "))
            return Where(self.source.path, line, indent + len(before.rsplit("\n", 1)[-1]) + 1)
        if "\n" not in self.raw and self.style in (None, "'", '"'):
            quote = 1 if self.style else 0
            return Where(self.source.path, self.line, self.column + quote + offset)
        return self.where


class Mapping(Node):
    """Keys (plain text) to values, in source order; ``keys`` keeps each key's node."""

    __slots__ = ("entries", "keys")
    kind = "mapping"

    def __init__(self, source: SourceFile, line: int, column: int) -> None:
        super().__init__(source, line, column)
        self.entries: dict[str, Node] = {}
        self.keys: dict[str, Scalar] = {}


class Sequence(Node):
    """A list of nodes."""

    __slots__ = ("items",)
    kind = "sequence"

    def __init__(self, source: SourceFile, line: int, column: int, items: list[Node]) -> None:
        super().__init__(source, line, column)
        self.items = items


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector: building ~10^6 acyclic objects otherwise triggers it
    hundreds of times and more than doubles parsing time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read(path: Path) -> tuple[Node | None, list[Problem]]:
    """Read and parse one YAML file; every failure becomes a Problem, never an exception.

    Only a regular file of at most ``boundary.MAX_YAML_BYTES`` is read (see builder.boundary:
    whether the file lies inside the course folder is the caller's to check)."""
    where = Where(path)
    try:
        data = boundary.read_bytes(path, boundary.MAX_YAML_BYTES)
    except boundary.Refused as refused:
        return None, [Problem(where, *refused_file(refused.refusal, refused.reason))]
    if b"\x00" in data:
        return None, [Problem(where, _("this is not a text file (it contains binary data)"))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                Where(path, line, column),
                _("this file is not UTF-8 text"),
                _("save it as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)"),
            )
        ]
    return parse(path, text, data)


def refused_file(refusal: boundary.Refusal, reason: str = "") -> tuple[str, str]:
    """The message and hint for a source file that may not be read."""
    kind = boundary.Refusal
    if refusal is kind.MISSING:
        return _("file not found"), ""
    if refusal is kind.FOLDER:
        return _("this is a folder, expected a YAML file"), ""
    if refusal is kind.OUTSIDE:
        return (
            _("this file is a link to a file outside the course folder"),
            _("copy the file into the course folder instead of linking to it"),
        )
    if refusal is kind.SPECIAL:
        return (
            _("this is not a regular file (a pipe, device or socket)"),
            _("replace it with a YAML text file"),
        )
    if refusal is kind.TOO_LARGE:
        return (
            _("the file is larger than {limit}").format(
                limit=boundary.megabytes(boundary.MAX_YAML_BYTES)
            ),
            _("split it into several lessons"),
        )
    if reason == "Permission denied":
        return _("cannot read this file (permission denied)"), ""
    return _("cannot read this file: {reason}").format(reason=reason), ""


def parse(path: Path, text: str, data: bytes | None = None) -> tuple[Node | None, list[Problem]]:
    """Parse YAML ``text`` (one document) into nodes; syntax errors become Problems.

    ``data``, the file's bytes when at hand, is what libyaml reads (UTF-8; given text, it
    would encode it again: 0.03-0.09 s for a course of 1,000 lessons)."""
    source = SourceFile(path, text)
    first = text.lstrip()[:1]  # the first character of the first line that is not blank
    if not first or (
        first == "#"
        and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
    ):
        return None, [Problem(Where(path), _("the file is empty"))]
    if _has_too_many_values(text):
        return None, [Problem(Where(path), _too_many_values())]
    if data is None:
        stream = text.encode("utf-8")
    else:  # (the text was decoded without its byte order mark)
        stream = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        root = yaml.compose(stream, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(source, error)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(source, stream, error)]
    except yaml.YAMLError as error:
        return None, [Problem(Where(path), _("YAML error: {error}").format(error=error))]
    if root is None:
        return None, [Problem(Where(path), _("the file is empty"))]
    problems: list[Problem] = []
    try:
        converter = _Converter(source, problems, anchors="&" in text)
        node = converter.convert(root) if converter.anchors else converter.tree(root)
    except RecursionError:
        return None, [Problem(Where(path), _("the file is nested too deeply"))]
    except _TooMany as too_many:
        return None, [Problem(Where(path), str(too_many))]
    return node, problems


def _has_too_many_values(text: str) -> bool:
    """Whether ``text`` writes out more than ``_MAX_NODES`` values (aliases not expanded).

    Counted on libyaml's event stream, which stops as soon as the limit is passed, before
    any node is built: composing a dense 2 MB file would take seconds and hundreds of MB.
    Text with fewer separators than the limit cannot hold that many values (all real
    course files), so it is not scanned at all."""
    if len(text) < _MAX_NODES or sum(text.count(mark) for mark in _VALUE_MARKS) < _MAX_NODES:
        return False
    values = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.NodeEvent):
                values += 1
                if values > _MAX_NODES:
                    return True
    except yaml.YAMLError:
        return False  # composing reports it, with its position
    return False


def _too_many_values() -> str:
    return _("the file has too many values: more than {limit} in all").format(
        limit=f"{_MAX_NODES:,}".replace(",", " ")
    )


def _reader_problem(source: SourceFile, stream: bytes, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character pasted with the text, often
    invisible), where it is: libyaml gives its offset in the UTF-8 bytes."""
    before = stream[: error.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    where = Where(source.path, line, len(before) - (before.rfind("\n") + 1) + 1)
    code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "?")
    if XML_INVALID.match(chr(code)):
        return invalid_character_problem(where, chr(code), "")
    return Problem(
        where,
        _("the character U+{code:04X} cannot be written in a YAML file").format(code=code),
        _("remove it from the text (it may be invisible: retype the words around it)"),
    )


def _syntax_problem(source: SourceFile, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = error.problem or "YAML syntax error"
    hint = ""
    if error.context and "quoted scalar" in error.context and error.context_mark:
        mark = error.context_mark  # where the quote opens, not where the file ends
        message, hint = _("this quoted text is not closed"), _("add the closing quote")
    elif error.context and "expected a single document" in error.context:
        message = _("a second document starts here")
        hint = _("remove the '---' line: a course file holds one document")
    elif error.context:
        message = f"{message} ({error.context})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    line_text = source.line_text(line)
    if hint:
        pass
    elif "\t" in message or "tab" in message or "\t" in line_text[: max(column, 1)]:
        hint = _("indent with spaces, not tabs")
    elif "mapping values are not allowed" in message:
        hint = _("check this line's indentation, or put text containing ': ' in quotes")
    elif "could not find expected ':'" in message or "expected <block end>" in message:
        hint = _("check the indentation of this line and the one before it")
    elif "found character '@'" in message or "found character '`'" in message:
        hint = _("text starting with @ or ` must be in quotes")
    elif "found undefined alias" in message or "found undefined tag" in message:
        hint = _("text starting with * or ! must be in quotes")
    message = _("YAML syntax: {message}").format(message=message)
    return Problem(Where(source.path, line, column), message, hint)


# What XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); OLX is XML.
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPE = re.compile(r"\\(\\|[0abtnvfre \"/N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b"}


def _unescape(escape: str) -> str:
    if escape[0] in "xuU":
        return chr(int(escape[1:], 16))
    return _ESCAPES.get(escape, " ")


def invalid_character_problem(where: Where, character: str, written: str) -> Problem:
    """The problem of a character that no XML file (so no OLX) may hold."""
    message = _("the character U+{code:04X} cannot be part of a course: XML does not allow it")
    hint = (
        _("remove '{written}' from the text").format(written=written)
        if written
        else _("remove it from the text")
    )
    return Problem(where, message.format(code=ord(character)), hint)


class _TooMany(Exception):
    """Raised when a file holds more values than ``_MAX_NODES``; its text says why."""


class _Converter:
    """One walk over libyaml's nodes, building ours and reporting duplicate keys."""

    def __init__(self, source: SourceFile, problems: list[Problem], anchors: bool = True) -> None:
        self.source = source
        self.problems = problems
        # Without an anchor (&a) no alias (*a) can share a node: each is converted once, and
        # the walk (``tree``) needs none of the bookkeeping below (most files). (A flag, not
        # a bound method kept on self: that cycle would outlive parsing while the collector
        # is paused, with the file's text.)
        self.anchors = anchors
        self.active: set[int] = set()  # nodes being converted: an alias to one is a cycle
        # An alias (*a) gives the node of its anchor (&a) again: it is converted once and
        # shared, and only the values it repeats are counted ("billion laughs").
        self.converted: dict[int, Node] = {}
        self.sizes: dict[int, int] = {}
        self.repeated = 0

    def tree(self, node: yaml.Node) -> Node:
        """``convert`` for a file without anchors."""
        if type(node) is yaml.ScalarNode:
            return self.scalar(node)
        mark = node.start_mark
        if type(node) is yaml.SequenceNode:
            tree = self.tree
            return Sequence(
                self.source, mark.line + 1, mark.column + 1, [tree(i) for i in node.value]
            )
        return self.mapping(node, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node) -> Node:
        if type(node) is yaml.ScalarNode:
            return self.scalar(node)
        converted = self.converted.get(id(node))
        if converted is not None:
            self.repeated += self.size(node)
            if self.repeated > _MAX_NODES:
                raise _TooMany(
                    _(
                        "the file repeats anchors (&, *) too many times: "
                        "more than {limit} values in all"
                    ).format(limit=f"{_MAX_NODES:,}".replace(",", " "))
                )
            return converted
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if id(node) in self.active:
            self.problems.append(
                Problem(Where(self.source.path, line, column), _("an alias (*) refers to itself"))
            )
            return Scalar(self.source, line, column, None, "", None)
        self.active.add(id(node))
        try:
            if type(node) is yaml.SequenceNode:
                converted = Sequence(
                    self.source, line, column, [self.convert(i) for i in node.value]
                )
            else:
                converted = self.mapping(node, line, column)
        finally:
            self.active.discard(id(node))
        self.converted[id(node)] = converted
        return converted

    def size(self, node: yaml.Node) -> int:
        """How many values ``node`` holds, itself included, aliases expanded."""
        if type(node) is yaml.ScalarNode:
            return 1
        size = self.sizes.get(id(node))
        if size is None:
            if type(node) is yaml.SequenceNode:
                children = node.value
            else:
                children = [part for pair in node.value for part in pair]
            size = 1 + sum(self.size(child) for child in children)
            self.sizes[id(node)] = size
        return size

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        mark = node.start_mark
        raw = node.value
        style = node.style or None
        tag = node.tag
        if tag == _UNRESOLVED:
            tag = _STR
            if style is None:  # plain: YAML 1.1 reads true, 12, 2025-10-31, null
                for candidate, pattern in _IMPLICIT.get(raw[:1], ()):
                    if pattern.match(raw):
                        tag = candidate
                        break
        value: Any = raw
        if tag != _STR:
            constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
            try:
                value = constructor(_CONSTRUCTOR, node) if constructor else raw
            except Exception:  # e.g. 2025-13-01 looks like a date but is not one
                value = raw
        if style == '"' and XML_INVALID.search(raw):
            self.problems.append(self.invalid_character(node))
        return Scalar(self.source, mark.line + 1, mark.column + 1, value, raw, style)

    def invalid_character(self, node: yaml.ScalarNode) -> Problem:
        """A double-quoted text whose escape (\\x01, \\0, \\v …) makes a character no XML
        file may hold: reported where the escape is written."""
        start, end = node.start_mark, node.end_mark
        lines = self.source.text.splitlines(keepends=True)
        offset = sum(len(line) for line in lines[: start.line]) + start.column
        written = self.source.text[offset : offset + (end.index - start.index)]
        for escape in _ESCAPE.finditer(written):
            character = _unescape(escape.group(1))
            if XML_INVALID.match(character):
                before = written[: escape.start()]
                line = start.line + 1 + before.count("\n")
                column = (
                    start.column + 1 + escape.start()
                    if "\n" not in before
                    else escape.start() - before.rfind("\n")
                )
                where = Where(self.source.path, line, column)
                return invalid_character_problem(where, character, escape.group(0))
        # (the caller found an invalid character in the value)
        character = XML_INVALID.search(node.value).group(0)  # type: ignore[union-attr]
        return invalid_character_problem(
            Where(self.source.path, start.line + 1, start.column + 1), character, ""
        )

    def mapping(self, node: yaml.MappingNode, line: int, column: int) -> Mapping:
        result = Mapping(self.source, line, column)
        keys, entries = result.keys, result.entries
        merged: list[Mapping] = []
        convert = self.convert if self.anchors else self.tree
        scalar, source_file = self.scalar, self.source
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                key = convert(key_node)
                self.problems.append(Problem(key.where, _("a key must be a single word or phrase")))
                continue
            if key_node.value == "<<" and not key_node.style:  # YAML's merge key
                merged.extend(self.merge_sources(value_node))
                continue
            # A key: its text is all that matters (made here: a third of all nodes are keys).
            name = key_node.value
            style = key_node.style or None
            if style == '"' and XML_INVALID.search(name):
                self.problems.append(self.invalid_character(key_node))
            mark = key_node.start_mark
            key = Scalar(source_file, mark.line + 1, mark.column + 1, name, name, style)
            if name in keys:
                self.problems.append(
                    Problem(
                        key.where,
                        _("duplicate key '{key}' (first on line {line})").format(
                            key=name, line=keys[name].line
                        ),
                        _("remove one of them: YAML keeps only the last"),
                    )
                )
            keys[name] = key
            entries[name] = (
                scalar(value_node) if type(value_node) is yaml.ScalarNode else convert(value_node)
            )
        for source in merged:  # keys written here win over merged ones (YAML "<<")
            for name, value in source.entries.items():
                if name not in entries:
                    entries[name] = value
                    keys[name] = source.keys[name]
        return result

    def merge_sources(self, node: yaml.Node) -> list[Mapping]:
        converted = self.convert(node) if self.anchors else self.tree(node)
        items = converted.items if isinstance(converted, Sequence) else [converted]
        sources = [i for i in items if isinstance(i, Mapping)]
        if len(sources) != len(items):
            self.problems.append(
                Problem(converted.where, _("'<<' must refer to a mapping (&name)"))
            )

        return sources
