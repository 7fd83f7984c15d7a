"""The source format, declared once: every key, its type, whether it is required, its meaning.

The declarations at the end of this module (``SETTINGS``, ``COURSE_TEXT``, ``LESSON``) are the
single statement of what a course file may contain. From them come:

* the structural checks (unknown and missing keys, wrong types, malformed ids), which report
  a Problem at the node's position and return the checked values as a ``Record``;
* the JSON Schema that editors use (``latarnia schema``, ``builder/schema/latarnia.schema.json``);
* the list of keys that ``docs/authoring.md`` must document (a test walks it).

Meaning that spans several keys (one correct answer, reachable steps, …) is ``builder.validate``'s.
Descriptions are in Polish first, then English: editors show them to trainers on hover.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any

from latarnia_builder.i18n import N_, _, language, ngettext
from latarnia_builder.problems import Problem, Where, did_you_mean, one_of
from latarnia_builder.source import Mapping, Node, Scalar, Sequence

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
_ID = re.compile(ID_PATTERN)
CODE_PATTERN = r"^[A-Za-z0-9._-]+$"  # org, number and run in Open edX course keys
LANG_PATTERN = r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"
URL_PATTERN = r"^https?://\S+$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$"
DATE_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}([ Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"
)

_BOOLEAN = re.compile(r"^(true|false|yes|no|on|off)$", re.IGNORECASE)

QUESTION_TYPES = ("single", "multiple", "truefalse", "ordering", "matching")
SHOW_ANSWER = ("always", "finished", "never")


class Invalid:
    """Returned by a check that reported a problem: the value is unusable."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


def describe(node: Node) -> str:
    """What a node is, in a trainer's words: 'a list', 'text', 'the number 12'."""
    if isinstance(node, Mapping):
        return _("a mapping (keys and values)")
    if isinstance(node, Sequence):
        return _("a list")
    assert isinstance(node, Scalar)
    value = node.value
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("'{value}' (true/false)").format(value=node.raw)
    if isinstance(value, int | float):
        return _("the number {value}").format(value=node.raw)
    if isinstance(value, dt.date):
        return _("the date {value}").format(value=node.raw)
    short = node.raw if len(node.raw) <= 40 else node.raw[:37] + "…"
    return f"'{short}'"


class Checker:
    """Collects the problems of one file's structural check."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: Where, message: str, hint: str = "") -> Invalid:
        self.problems.append(Problem(where, message, hint))
        return INVALID


# -- value specs --------------------------------------------------------------------------------


class Spec:
    """What a value must be. ``check`` returns the value, or INVALID after reporting why."""

    expected = N_("a value")

    def expected_text(self) -> str:
        """What the value must be, in the user's language: 'a list', 'text' …"""
        return _(self.expected)

    def check(self, node: Node, checker: Checker) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def walk(self) -> Iterator[tuple[str, Field]]:
        """Every (path, field) below this spec, for the documentation check."""
        return iter(())

    def wrong(self, node: Node, checker: Checker, hint: str = "") -> Invalid:
        if not hint and isinstance(self, Text):
            if isinstance(node, Mapping):
                hint = _("text containing ': ' must be in quotes (or use '|' and the next lines)")
            elif isinstance(node, Sequence):
                hint = _("text starting with [ or - must be in quotes")
        return checker.problem(
            node.where,
            _("expected {expected}, found {found}").format(
                expected=self.expected_text(), found=describe(node)
            ),
            hint,
        )


class Text(Spec):
    """Text: Markdown when ``markdown``; a number or a word like ``no`` is taken as written."""

    def __init__(self, markdown: bool = False, pattern: str = "", numbers: bool = False) -> None:
        self.markdown = markdown
        self.pattern = re.compile(pattern) if pattern else None
        self.numbers = numbers  # the schema accepts a number too (phone: 112)
        self.expected = N_("text")

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Scalar or node.value is None:
            if type(node) is Mapping and len(node.entries) == 1:
                return checker.problem(
                    node.where,
                    _("this text contains ': ', so YAML reads it as a key and a value"),
                    _("put the whole text in quotes, or write it on the next lines after '|'"),
                )
            return self.wrong(node, checker)
        if self.pattern is not None and not self.pattern.match(node.raw):
            return self.mismatch(node, checker)
        return node.raw

    def mismatch(self, node: Scalar, checker: Checker) -> Invalid:
        return checker.problem(node.where, _("'{value}' is not valid here").format(value=node.raw))

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": ["string", "number"] if self.numbers else "string"}
        if self.pattern is not None:
            result["pattern"] = self.pattern.pattern
        return result


class Id(Text):
    """An id: becomes part of a url_name, so learners' progress depends on it staying."""

    def __init__(self) -> None:
        super().__init__(pattern=ID_PATTERN, numbers=True)
        self.expected = N_("an id")

    def mismatch(self, node: Scalar, checker: Checker) -> Invalid:
        suggestion = re.sub(r"[^a-z0-9-]+", "-", _ascii(node.raw).lower()).strip("-")[:40]
        if suggestion and _ID.match(suggestion):
            hint = _(
                "use lowercase letters a-z, digits and '-', at most 40 characters, "
                "e.g. '{suggestion}'"
            ).format(suggestion=suggestion)
        else:
            hint = _("use lowercase letters a-z, digits and '-', at most 40 characters")
        message = _("'{value}' is not a valid id").format(value=node.raw)
        return checker.problem(node.where, message, hint)


class Code(Text):
    """Part of the Open edX course key (org, number, run)."""

    def __init__(self) -> None:
        super().__init__(pattern=CODE_PATTERN, numbers=True)

    def mismatch(self, node: Scalar, checker: Checker) -> Invalid:
        return checker.problem(
            node.where,
            _("'{value}' cannot be part of a course key").format(value=node.raw),
            _("use letters, digits, '.', '_' or '-', without spaces"),
        )


class Url(Text):
    def __init__(self) -> None:
        super().__init__(pattern=URL_PATTERN)

    def mismatch(self, node: Scalar, checker: Checker) -> Invalid:
        return checker.problem(
            node.where,
            _("'{value}' is not a web address").format(value=node.raw),
            _("start it with https://"),
        )


class Number(Spec):
    def __init__(self, minimum: float | None = None, maximum: float | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.expected = N_("a number")

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Scalar:
            return self.wrong(node, checker)
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.wrong(node, checker)
        if self.minimum is not None and value < self.minimum:
            return checker.problem(
                node.where,
                _("{value} is too small: at least {minimum}").format(
                    value=node.raw, minimum=self.minimum
                ),
            )
        if self.maximum is not None and value > self.maximum:
            return checker.problem(
                node.where,
                _("{value} is too large: at most {maximum}").format(
                    value=node.raw, maximum=self.maximum
                ),
            )
        return value

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        if self.maximum is not None:
            result["maximum"] = self.maximum
        return result


class Integer(Number):
    def __init__(self, minimum: int | None = None) -> None:
        super().__init__(minimum)
        self.expected = N_("a whole number")

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value if type(node) is Scalar else None
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(node, checker)
        return super().check(node, checker)

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "type": "integer"}


class Boolean(Spec):
    expected = N_("true or false")

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value if type(node) is Scalar else None
        if not isinstance(value, bool):
            hint = _("write true or false") if type(node) is Scalar else ""
            if type(node) is Scalar and node.style in ("'", '"') and _BOOLEAN.match(node.raw):
                hint = _("remove the quotes: {value} without them is true or false").format(
                    value=node.raw
                )
            return self.wrong(node, checker, hint)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Date(Spec):
    expected = N_("a date like 2025-10-31")

    def __init__(self, time: bool = False) -> None:
        self.time = time  # a date and time is accepted too

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value if type(node) is Scalar else None
        if type(node) is Scalar and isinstance(value, str) and node.style in ("'", '"'):
            value = self.quoted(value)  # "2025-10-31" is the same date (and JSON's way)
        if not isinstance(value, dt.date) or (isinstance(value, dt.datetime) and not self.time):
            hint = ""
            if type(node) is Scalar and re.match(r"^\d{4}-\d{1,2}-\d{1,2}", node.raw):
                hint = _(
                    "the date does not exist; write year-month-day with two-digit month and day"
                )
            elif type(node) is Scalar and re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{4}$", node.raw):
                parts = re.split(r"[./]", node.raw)
                hint = _("write it as year-month-day: {date}").format(
                    date=f"{parts[2]}-{int(parts[1]):02}-{int(parts[0]):02}"
                )
            return self.wrong(node, checker, hint)
        return value

    def quoted(self, text: str) -> Any:
        """The date (or date and time) a quoted ISO text names; the text when none."""
        if not re.match(DATE_PATTERN, text):
            return text
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            return text

    def schema(self) -> dict[str, Any]:
        # A date is a string to JSON (and to editors), quoted or not in the YAML.
        return {"type": "string", "pattern": DATE_PATTERN}


class PartialDate(Date):
    """A date as precise as the facts: 2025-10-31, 2025-10 or 2025. Kept as that text."""

    expected = N_("a date like 2025-10-31 (or 2025-10, or 2025)")
    _MONTH = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")  # 2025 or 2025-10, as written

    def __init__(self) -> None:
        super().__init__(time=False)

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value if type(node) is Scalar else None
        if type(node) is Scalar and type(value) is int and 1000 <= value <= 9999:
            return node.raw
        if isinstance(value, str) and self._MONTH.match(value):
            return value
        checked = super().check(node, checker)
        return checked if checked is INVALID else checked.isoformat()

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }


class Choice(Spec):
    """One of a few words."""

    def __init__(self, *values: str) -> None:
        self.values = values
        self.expected = ""

    def expected_text(self) -> str:
        return one_of(self.values)

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Scalar or node.raw not in self.values:
            if type(node) is Scalar and node.value is not None:
                return checker.problem(
                    node.where,
                    _("'{value}' is not allowed here: expected {expected}").format(
                        value=node.raw, expected=self.expected_text()
                    ),
                    did_you_mean(node.raw, self.values),
                )
            return self.wrong(node, checker)
        return node.raw

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class ListOf(Spec):
    def __init__(self, item: Spec, min_items: int = 0) -> None:
        self.item = item
        self.min_items = min_items
        self.expected = N_("a list")

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Sequence:
            hint = _("write each item on its own line, starting with '- '")
            return self.wrong(node, checker, hint)
        if len(node.items) < self.min_items:
            return checker.problem(node.where, needs_items(_("the list"), self.min_items))
        check = self.item.check
        return [check(item, checker) for item in node.items]

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            result["minItems"] = self.min_items
        return result

    def walk(self) -> Iterator[tuple[str, Field]]:
        return self.item.walk()


class MapOf(Spec):
    """A mapping whose keys are ids (e.g. assignment types) and whose values share a spec."""

    def __init__(self, value: Spec, min_items: int = 0) -> None:
        self.value = value
        self.min_items = min_items
        self.expected = N_("a mapping (keys and values)")

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Mapping:
            return self.wrong(node, checker)
        if len(node.entries) < self.min_items:
            return checker.problem(node.where, _("this needs at least one entry"))
        result: dict[str, Any] = {}
        for name, child in node.entries.items():
            if not _ID.match(name):
                Id().mismatch(node.keys[name], checker)
                continue
            result[name] = self.value.check(child, checker)
        return Record(node, result, {n: node.keys[n] for n in result})

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": self.value.schema(),
        }
        if self.min_items:
            result["minProperties"] = self.min_items
        return result

    def walk(self) -> Iterator[tuple[str, Field]]:
        return self.value.walk()


class Either(Spec):
    """One of several shapes, told apart by the kind of node (text, list or mapping)."""

    def __init__(self, *options: Spec, expected: str) -> None:
        self.options = options
        self.expected = expected

    def check(self, node: Node, checker: Checker) -> Any:
        for option in self.options:
            if _accepts_kind(option, node):
                return option.check(node, checker)
        return self.wrong(node, checker)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [o.schema() for o in self.options]}

    def walk(self) -> Iterator[tuple[str, Field]]:
        for option in self.options:
            yield from option.walk()


def _accepts_kind(spec: Spec, node: Node) -> bool:
    if isinstance(spec, ListOf):
        return type(node) is Sequence
    if isinstance(spec, Obj | MapOf | OneKey):
        return type(node) is Mapping
    return type(node) is Scalar


# -- mappings -----------------------------------------------------------------------------------


class Field:
    """A key of a mapping: its spec, whether it is required, what it means (Polish, English)."""

    def __init__(
        self,
        name: str,
        spec: Spec,
        pl: str,
        en: str,
        required: bool = False,
        default: Any = None,
    ) -> None:
        self.name = name
        self.spec = spec
        self.pl = pl
        self.en = en
        self.required = required
        self.default = default

    def meaning(self) -> str:
        """The first sentence of the description, in the user's language, lowercase."""
        if language() == "pl" and self.pl:
            first = self.pl.split(".")[0]
            return first[:1].lower() + first[1:]
        return self.en.split(".")[0].lower()

    def schema(self) -> dict[str, Any]:
        result = {"description": f"{self.pl}\n\n{self.en}", **self.spec.schema()}

        if self.default is not None:
            result["default"] = self.default
        return result


class Record(dict):
    """The checked values of a mapping, and where each one is.

    ``record[name]`` is the checked value (a Record for a nested mapping, a list for a list)
    or the field's default, or None when the key is absent or its value invalid. (A dict, so
    that the ~400,000 look-ups of a large course stay in C.)"""

    __slots__ = ("mapping", "nodes", "ok", "where")

    def __init__(self, node: Mapping, values: dict[str, Any], nodes: dict[str, Node]) -> None:
        super().__init__(values)
        self.mapping = node
        self.where = node.where
        self.nodes = nodes
        self.ok = True

    def __missing__(self, name: str) -> None:
        return None

    def at(self, name: str) -> Where:
        """Where the value of ``name`` is (the mapping itself when the key is absent)."""
        node = self.nodes.get(name)
        return node.where if node is not None else self.where

    def key_at(self, name: str) -> Where:
        """Where the key ``name`` is written (the mapping itself when it is absent)."""
        key = self.mapping.keys.get(name)
        return key.where if key is not None else self.where

    def item_at(self, name: str, index: int) -> Where:
        node = self.nodes.get(name)
        if type(node) is Sequence and index < len(node.items):
            return node.items[index].where
        return self.at(name)

    def node(self, name: str) -> Node | None:
        return self.nodes.get(name)


class Obj(Spec):
    """A mapping with known keys."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        pl: str = "",
        en: str = "",
        schema_extra: dict[str, Any] | None = None,
    ) -> None:
        self.title = title
        self.fields = {f.name: f for f in fields}
        self.required = [f for f in fields if f.required]
        self.defaults = {f.name: f.default for f in fields if f.default is not None}
        self.pl = pl
        self.en = en
        self.schema_extra = schema_extra or {}
        self.expected = title

    def expected_text(self) -> str:
        return _("{title} (keys and values)").format(title=_(self.title))

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Mapping:
            return self.wrong(node, checker)
        values = dict(self.defaults)
        nodes: dict[str, Node] = {}
        ok = True
        fields = self.fields
        suggested: set[str] = set()  # misspelt keys' likely meaning: not reported as missing
        for name, child in node.entries.items():
            field = fields.get(name)
            if field is None:
                suggested.add(self.unknown(node, name, checker))
                ok = False
                continue
            nodes[name] = child
            if type(child) is Scalar and child.value is None and child.style is None:
                # "key:" with nothing after it: absent when optional, a problem when required
                if field.required:
                    checker.problem(
                        node.keys[name].where,
                        _("'{key}' is empty").format(key=name),
                        _("write its value after '{key}:'").format(key=name),
                    )
                    ok = False
                continue
            spec = field.spec
            if (
                type(spec) is ListOf
                and type(child) is Sequence
                and len(child.items) < spec.min_items
            ):
                checker.problem(child.where, needs_items(f"'{name}'", spec.min_items))
                ok = False
                continue
            value = spec.check(child, checker)
            if value is INVALID:
                ok = False
            else:
                values[name] = value
                if (type(value) is Record and not value.ok) or (
                    type(value) is list
                    and any(v is INVALID or (type(v) is Record and not v.ok) for v in value)
                ):
                    ok = False
        for field in self.required:
            if field.name not in node.entries and field.name not in suggested:
                checker.problem(
                    node.where,
                    _("missing key '{key}' in {title}").format(key=field.name, title=_(self.title)),
                    _("add '{key}: …' ({meaning})").format(key=field.name, meaning=field.meaning()),
                )
                ok = False
        record = Record(node, values, nodes)
        record.ok = ok
        return record

    def unknown(self, node: Mapping, name: str, checker: Checker) -> str:
        """Report an unknown key; return the key it probably means ('' if none)."""
        close = difflib.get_close_matches(name, list(self.fields), n=1, cutoff=0.6)
        if close:
            hint = _("did you mean '{word}'?").format(word=close[0])
        else:
            hint = _("allowed keys: {keys}").format(keys=", ".join(self.fields))
        message = _("unknown key '{key}' in {title}").format(key=name, title=_(self.title))
        checker.problem(node.keys[name].where, message, hint)
        return close[0] if close else ""

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "object"}
        if self.pl or self.en:
            result["description"] = f"{self.pl}\n\n{self.en}".strip()
        result["properties"] = {name: f.schema() for name, f in self.fields.items()}
        if self.required:
            result["required"] = [f.name for f in self.required]
        result["additionalProperties"] = False
        result.update(self.schema_extra)
        return result

    def walk(self) -> Iterator[tuple[str, Field]]:
        for name, field in self.fields.items():
            yield name, field
            yield from field.spec.walk()


class OneKey(Spec):
    """A mapping with exactly one key, which names what it is: ``- quiz: {…}``.

    Returns ``(key, checked value, value node)``."""

    def __init__(self, title: str, options: list[Field]) -> None:
        self.title = title
        self.options = {f.name: f for f in options}
        self.expected = title

    def expected_text(self) -> str:
        return _("{title} ({kinds})").format(title=_(self.title), kinds=one_of(self.options))

    def check(self, node: Node, checker: Checker) -> Any:
        if type(node) is not Mapping:
            hint = _("start it with {kinds} and a colon, e.g. '- text: …'").format(
                kinds=one_of(self.options)
            )
            return self.wrong(node, checker, hint)
        names = list(node.entries)
        kinds = [n for n in names if n in self.options]
        if len(kinds) == 1 and len(names) > 1:
            kind = kinds[0]
            extra = [n for n in names if n != kind]
            value = node.entries[kind]
            if type(value) is Scalar and value.value is None:
                hint = _("indent {keys} further than '{kind}:' so they belong to it").format(
                    keys=one_of(extra), kind=kind
                )
            else:
                hint = _(
                    "each {title} is one '- {kind}:' item; indent the other keys under it"
                ).format(title=_(self.title), kind=kind)
            message = _("unexpected key '{key}' beside '{kind}'").format(key=extra[0], kind=kind)
            return checker.problem(node.keys[extra[0]].where, message, hint)
        if len(kinds) > 1:
            return checker.problem(
                node.keys[kinds[1]].where,
                _("a {title} has one kind, found '{first}' and '{second}'").format(
                    title=_(self.title), first=kinds[0], second=kinds[1]
                ),
                _("start a new item with '- {kind}:'").format(kind=kinds[1]),
            )
        if not kinds:
            name = names[0] if names else ""
            where = node.keys[name].where if name else node.where
            hint = did_you_mean(name, self.options) or _("use {choices}").format(
                choices=one_of(self.options)
            )
            message = _("unknown {title} '{name}'").format(title=_(self.title), name=name)
            return checker.problem(where, message, hint)
        kind = kinds[0]
        value = self.options[kind].spec.check(node.entries[kind], checker)
        if value is INVALID:
            return INVALID
        return (kind, value, node.entries[kind])

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: f.schema() for name, f in self.options.items()},
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
        }

    def walk(self) -> Iterator[tuple[str, Field]]:
        for name, field in self.options.items():
            yield name, field
            yield from field.spec.walk()


def _ascii(text: str) -> str:
    polish = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return text.translate(polish)


# == the format ==================================================================================

MARKDOWN = Text(markdown=True)
TEXT = Text()

GRADING = Obj(
    N_("grading"),
    [
        Field(
            "pass",
            Number(0.01, 1),
            "Próg zaliczenia: część ważonej oceny kursu, np. 0.6.",
            "The pass mark: the share of the weighted course grade, e.g. 0.6.",
            required=True,
        ),
        Field(
            "assignments",
            MapOf(
                Obj(
                    "assignment type",
                    [
                        Field(
                            "weight",
                            Number(0, 1),
                            "Waga w ocenie kursu (0–1); wagi wszystkich rodzajów sumują się do 1.",
                            "Weight in the course grade (0–1); the weights of all types sum to 1.",
                            required=True,
                        ),
                        Field(
                            "short",
                            Text(numbers=True),
                            "Krótki skrót w raporcie ocen, np. Q.",
                            "Short label in the progress report, e.g. Q.",
                            required=True,
                        ),
                        Field(
                            "drop",
                            Integer(0),
                            "Ile najniższych wyników nie liczyć (np. lekcje innej ścieżki).",
                            "How many of the lowest scores do not count (e.g. the other track's).",
                            default=0,
                        ),
                    ],
                ),
                min_items=1,
            ),
            "Rodzaje ocenianych zadań (np. pretest, quiz, final) i ich wagi.",
            "Assignment types (e.g. pretest, quiz, final) and their weights.",
            required=True,
        ),
    ],
)

SETTINGS = Obj(
    N_("course settings"),
    [
        Field(
            "org",
            Code(),
            "Organizacja w Open edX, np. KWP-Szczecin.",
            "The Open edX organisation, e.g. KWP-Szczecin.",
            required=True,
        ),
        Field(
            "number",
            Code(),
            "Numer kursu, np. HL101.",
            "The course number, e.g. HL101.",
            required=True,
        ),
        Field(
            "run",
            Code(),
            'Edycja kursu, np. "2026"; każdy język to edycja <run>-<język>.',
            'The course run, e.g. "2026"; each language is built as run <run>-<lang>.',
            required=True,
        ),
        Field(
            "languages",
            ListOf(Text(pattern=LANG_PATTERN), min_items=1),
            "Języki kursu; pierwszy jest główny. Każdy ma swój folder (pl/, en/).",
            "The course's languages; the first is the primary one. Each has a folder (pl/, en/).",
            required=True,
        ),
        Field(
            "start",
            Date(time=True),
            "Data rozpoczęcia kursu, np. 2026-12-01.",
            "The course start date, e.g. 2026-12-01.",
            required=True,
        ),
        Field(
            "end",
            Date(time=True),
            "Data zakończenia kursu (opcjonalna).",
            "The course end date (optional).",
        ),
        Field(
            "image",
            Text(),
            "Obrazek na karcie kursu, np. media/course-image.png (opcjonalny).",
            "The course card image, e.g. media/course-image.png (optional).",
        ),
        Field(
            "grading",
            GRADING,
            "Ocenianie: próg zaliczenia i rodzaje zadań z wagami.",
            "Grading: the pass mark and the assignment types with their weights.",
            required=True,
        ),
    ],
    "Ustawienia wspólne dla wszystkich języków (course/course.yaml).",
    "Settings shared by every language (course/course.yaml).",
)

CONTACT = Obj(
    N_("contact"),
    [
        Field("id", Id(), "Identyfikator kontaktu.", "The contact's id.", required=True),
        Field("name", TEXT, "Nazwa instytucji lub telefonu.", "Who answers.", required=True),
        Field(
            "phone",
            Text(numbers=True),
            'Numer telefonu, w cudzysłowie, np. "+48 22 628 01 20".',
            'The phone number, in quotes, e.g. "+48 22 628 01 20".',
            required=True,
        ),
        Field("hours", TEXT, "Kiedy można dzwonić.", "When to call."),
        Field(
            "checked",
            PartialDate(),
            "Data, kiedy ktoś sprawdził, że numer działa (albo rok i miesiąc: 2025-10).",
            "The date someone checked that the number works (or year and month: 2025-10).",
            required=True,
        ),
        Field("url", Url(), "Strona internetowa.", "Web page."),
        Field("note", MARKDOWN, "Jedno zdanie wyjaśnienia.", "One sentence of explanation."),
    ],
)

HELP = Obj(
    N_("help"),
    [
        Field(
            "title",
            TEXT,
            "Nagłówek listy kontaktów.",
            "The heading of the contact list.",
            required=True,
        ),
        Field(
            "on_every_page",
            ListOf(Id()),
            "Kontakty pokazywane na dole każdej strony lekcji (domyślnie wszystkie).",
            "Contacts shown at the bottom of every lesson page (default: all).",
        ),
        Field(
            "contacts",
            ListOf(CONTACT, min_items=1),
            "Telefony i instytucje, które pomagają.",
            "Phone lines and organisations that help.",
            required=True,
        ),
    ],
)

TRACK = Obj(
    N_("track"),
    [
        Field("id", Id(), "Identyfikator ścieżki.", "The track's id.", required=True),
        Field("title", TEXT, "Nazwa ścieżki.", "The track's title.", required=True),
        Field(
            "lessons",
            ListOf(Id(), min_items=1),
            "Lekcje ścieżki, w kolejności (nazwy plików z lessons/ bez .yaml).",
            "The track's lessons, in order (file names in lessons/ without .yaml).",
            required=True,
        ),
    ],
)

COURSE_TEXT = Obj(
    N_("course"),
    [
        Field("title", TEXT, "Tytuł kursu.", "The course title.", required=True),
        Field(
            "description",
            MARKDOWN,
            "Opis kursu (Markdown) na stronie „O kursie”.",
            "The course description (Markdown) for the about page.",
            required=True,
        ),
        Field(
            "assignments",
            MapOf(TEXT),
            "Nazwy rodzajów zadań, które widzą uczący się, np. final: Test końcowy.",
            "The names learners see for the assignment types, e.g. final: Final test.",
        ),
        Field(
            "help",
            HELP,
            "Gdzie szukać pomocy: kontakty zdefiniowane raz, pokazywane w lekcjach.",
            "Where to get help: contacts defined once, shown in the lessons.",
            required=True,
        ),
        Field(
            "tracks",
            ListOf(TRACK, min_items=1),
            "Ścieżki kursu (rozdziały), każda z listą lekcji.",
            "The course's tracks (chapters), each with its list of lessons.",
            required=True,
        ),
    ],
    "Kurs w jednym języku (course/<język>/course.yaml).",
    "The course in one language (course/<lang>/course.yaml).",
)

CHOICE = Obj(
    N_("choice"),
    [
        Field("text", MARKDOWN, "Treść odpowiedzi.", "The answer's text.", required=True),
        Field(
            "correct",
            Boolean(),
            "true, jeśli ta odpowiedź jest poprawna.",
            "true if this answer is correct.",
            default=False,
        ),
        Field(
            "feedback",
            MARKDOWN,
            "Informacja zwrotna po wybraniu tej odpowiedzi.",
            "Feedback shown when this answer is chosen.",
            required=True,
        ),
        Field(
            "id",
            Id(),
            "Identyfikator odpowiedzi (domyślnie a, b, c… według kolejności).",
            "The choice's id (default a, b, c… by position).",
        ),
    ],
)

PAIR = Obj(
    N_("pair"),
    [
        Field("left", MARKDOWN, "Lewa strona pary.", "The left side of the pair.", required=True),
        Field(
            "right", MARKDOWN, "Prawa strona pary.", "The right side of the pair.", required=True
        ),
        Field(
            "id",
            Id(),
            "Identyfikator pary (domyślnie a, b, c… według kolejności). Nadaj go, zanim zmienisz "
            "kolejność par w kursie, który ktoś już zaczął.",
            "The pair's id (default a, b, c… by position). Give it before you reorder the pairs "
            "of a course learners have started.",
        ),
    ],
)

ITEM = Either(
    MARKDOWN,
    Obj(
        N_("item"),
        [
            Field("id", Id(), "Identyfikator elementu.", "The item's id.", required=True),
            Field("text", MARKDOWN, "Treść elementu.", "The item's text.", required=True),
        ],
    ),
    expected=N_("Markdown text, or id and text"),
)

# Which keys each question type requires (for editors; builder.validate says it in words).
_TYPE_RULES = [
    {
        "if": {"properties": {"type": {"enum": ["single", "multiple"]}}},
        "then": {"required": ["choices"]},
    },
    *(
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"required": keys},
        }
        for kind, keys in (
            ("truefalse", ["answer", "feedback_true", "feedback_false"]),
            ("ordering", ["items"]),
            ("matching", ["pairs"]),
        )
    ),
]

QUESTION = Obj(
    N_("question"),
    [
        Field(
            "id",
            Id(),
            "Identyfikator pytania, unikalny w całym kursie.",
            "The question's id, unique in the whole course.",
            required=True,
        ),
        Field(
            "type",
            Choice(*QUESTION_TYPES),
            "Rodzaj pytania: single (jedna), multiple (kilka), truefalse, ordering lub matching.",
            "Question type: single (one), multiple (several), truefalse, ordering or matching.",
            default="single",
        ),
        Field("ask", MARKDOWN, "Treść pytania.", "The question.", required=True),
        Field("hint", MARKDOWN, "Podpowiedź (opcjonalna).", "A hint (optional)."),
        Field(
            "explanation",
            MARKDOWN,
            "Wyjaśnienie pokazywane po odpowiedzi.",
            "An explanation shown after answering.",
        ),
        Field(
            "weight",
            Number(0),
            "Waga pytania w quizie (domyślnie 1).",
            "The question's weight in the quiz (default 1).",
        ),
        Field(
            "mirrors",
            Id(),
            "W teście końcowym: id pytania z testu wstępnego, któremu odpowiada.",
            "In a final test: the id of the pre-test question this one mirrors.",
        ),
        Field(
            "choices",
            ListOf(CHOICE, min_items=2),
            "Odpowiedzi do wyboru (single i multiple).",
            "The answers to choose from (single and multiple).",
        ),
        Field(
            "answer",
            Boolean(),
            "Pytanie truefalse: poprawna odpowiedź, true albo false.",
            "A truefalse question: the correct answer, true or false.",
        ),
        Field(
            "feedback_true",
            MARKDOWN,
            "Pytanie truefalse: informacja zwrotna, gdy ktoś wybierze „prawda”.",
            'A truefalse question: feedback when the learner picks "true".',
        ),
        Field(
            "feedback_false",
            MARKDOWN,
            "Pytanie truefalse: informacja zwrotna, gdy ktoś wybierze „fałsz”.",
            'A truefalse question: feedback when the learner picks "false".',
        ),
        Field(
            "items",
            ListOf(ITEM, min_items=2),
            "Pytanie ordering: elementy w poprawnej kolejności (tekst albo id i text; domyślne id "
            "to a, b, c… według kolejności).",
            "An ordering question: the items in the correct order (text, or id and text; the "
            "default ids are a, b, c… by position).",
        ),
        Field(
            "pairs",
            ListOf(PAIR, min_items=2),
            "Pytanie matching: pary do dopasowania.",
            "A matching question: the pairs to match.",
        ),
    ],
    schema_extra={"allOf": _TYPE_RULES},
)

# Keys that only make sense for some question types.
TYPE_KEYS = {
    "choices": ("single", "multiple"),
    "answer": ("truefalse",),
    "feedback_true": ("truefalse",),
    "feedback_false": ("truefalse",),
    "items": ("ordering",),
    "pairs": ("matching",),
}

QUIZ = Obj(
    N_("quiz"),
    [
        Field("id", Id(), "Identyfikator quizu.", "The quiz's id.", required=True),
        Field("title", TEXT, "Tytuł quizu (opcjonalny).", "The quiz's title (optional)."),
        Field(
            "attempts",
            Integer(0),
            "Liczba prób; 0 lub brak = bez ograniczeń.",
            "Number of attempts; 0 or absent = unlimited.",
        ),
        Field(
            "shuffle",
            Boolean(),
            "Odpowiedzi w losowej kolejności, stałej dla danej osoby (domyślnie true); false dla "
            "odpowiedzi, które mają swoją kolejność.",
            "Choices in an order of each learner's own that does not change (default true); false "
            "for choices that have an order of their own.",
            default=True,
        ),
        Field(
            "show_answer",
            Choice(*SHOW_ANSWER),
            "Kiedy pokazać poprawne odpowiedzi: always, finished (domyślnie) albo never.",
            "When to show the correct answers: always, finished (default) or never.",
            default="finished",
        ),
        Field(
            "reset",
            Boolean(),
            "true: uczący się może wyczyścić odpowiedzi i zacząć od nowa.",
            "true: the learner may clear the answers and start again.",
        ),
        Field(
            "weight",
            Number(0),
            "Punkty tego quizu w jego rodzaju zadań (domyślnie 1).",
            "Points of this quiz within its assignment type (default 1).",
        ),
        Field(
            "questions",
            ListOf(QUESTION, min_items=1),
            "Pytania quizu.",
            "The quiz's questions.",
            required=True,
        ),
    ],
)

SCENARIO_CHOICE = Obj(
    N_("scenario choice"),
    [
        Field(
            "id",
            Id(),
            "Identyfikator wyboru (domyślnie a, b, c… według kolejności).",
            "The choice's id (default a, b, c… by position).",
        ),
        Field("text", MARKDOWN, "Treść wyboru.", "What the learner may do.", required=True),
        Field(
            "goto",
            Id(),
            "Id kroku albo zakończenia, do którego prowadzi ten wybór.",
            "The id of the step or ending this choice leads to.",
            required=True,
        ),
        Field(
            "safe",
            Boolean(),
            "true: wybór bezpieczny; false: ryzykowny.",
            "true: a safe choice; false: a risky one.",
            required=True,
        ),
        Field(
            "feedback",
            MARKDOWN,
            "Konsekwencja wyboru, bez oceniania.",
            "The consequence of the choice, without judging.",
            required=True,
        ),
    ],
)

STEP = Obj(
    N_("step"),
    [
        Field("id", Id(), "Identyfikator kroku.", "The step's id.", required=True),
        Field("text", MARKDOWN, "Opis sytuacji.", "The situation.", required=True),
        Field(
            "choices",
            ListOf(SCENARIO_CHOICE, min_items=1),
            "Możliwe wybory.",
            "The choices the learner has.",
            required=True,
        ),
    ],
)

ENDING = Obj(
    N_("ending"),
    [
        Field("id", Id(), "Identyfikator zakończenia.", "The ending's id.", required=True),
        Field("title", TEXT, "Tytuł zakończenia.", "The ending's title."),
        Field(
            "summary",
            MARKDOWN,
            "Podsumowanie: co się stało i gdzie szukać pomocy.",
            "The debrief: what happened and where to get help.",
            required=True,
        ),
    ],
)

SCENARIO = Obj(
    N_("scenario"),
    [
        Field("id", Id(), "Identyfikator scenariusza.", "The scenario's id.", required=True),
        Field("title", TEXT, "Tytuł scenariusza.", "The scenario's title."),
        Field(
            "note",
            MARKDOWN,
            "Uwaga o treści, pokazywana przed pierwszym krokiem.",
            "A content note, shown before the first step.",
        ),
        Field(
            "scored",
            Boolean(),
            "true: wynik to udział bezpiecznych wyborów na ścieżce uczącego się.",
            "true: the score is the share of safe choices on the learner's path.",
        ),
        Field(
            "weight",
            Number(0),
            "Punkty scenariusza (gdy scored: true).",
            "The scenario's points (when scored: true).",
        ),
        Field(
            "first_step",
            Id(),
            "Id pierwszego kroku (domyślnie pierwszy na liście).",
            "The id of the first step (default: the first in the list).",
        ),
        Field(
            "steps",
            ListOf(STEP, min_items=1),
            "Kroki scenariusza.",
            "The scenario's steps.",
            required=True,
        ),
        Field(
            "endings",
            ListOf(ENDING, min_items=1),
            "Zakończenia scenariusza.",
            "The scenario's endings.",
            required=True,
        ),
    ],
)

# Figures that expire (a year's minimum wage): sources and text blocks may say until when.
VALID_UNTIL = Field(
    "valid_until",
    PartialDate(),
    "Do kiedy ta informacja obowiązuje (np. kwoty na jeden rok: 2026-12-31). Sprawdzanie ostrzega, "
    "gdy ten dzień wypada przed końcem kursu.",
    "Until when this holds (e.g. figures for one year: 2026-12-31). The check warns when that day "
    "comes before the course ends.",
)

TEXT_BLOCK = Either(
    MARKDOWN,
    Obj(
        "text block",
        [
            Field("id", Id(), "Identyfikator bloku tekstu.", "The text block's id.", required=True),
            Field("body", MARKDOWN, "Tekst (Markdown).", "The text (Markdown).", required=True),
            VALID_UNTIL,
        ],
    ),
    expected=N_("Markdown text, or id and body"),
)

BLOCK = OneKey(
    N_("block"),
    [
        Field(
            "text",
            TEXT_BLOCK,
            "Tekst (Markdown): akapity, listy, tabele, obrazki z media/, ramki !!! tip itp.",
            "Markdown: paragraphs, lists, tables, images from media/, !!! tip callouts etc.",
        ),
        Field(
            "help",
            Either(
                Choice("all"),
                ListOf(Id(), min_items=1),
                expected=N_("'all' or a list of contact ids"),
            ),
            "Kontakty pomocowe kursu: all albo lista id kontaktów.",
            "The course's help contacts: all, or a list of contact ids.",
        ),
        Field("quiz", QUIZ, "Quiz z pytaniami.", "A quiz with questions."),
        Field(
            "scenario",
            SCENARIO,
            "Scenariusz z rozgałęzieniami: kroki, wybory, zakończenia.",
            "A branching scenario: steps, choices, endings.",
        ),
    ],
)

UNIT = Obj(
    N_("unit"),
    [
        Field("id", Id(), "Identyfikator strony lekcji.", "The unit's id.", required=True),
        Field("title", TEXT, "Tytuł strony.", "The unit's title.", required=True),
        Field(
            "blocks",
            ListOf(BLOCK, min_items=1),
            "Zawartość strony: bloki text, help, quiz, scenario.",
            "The unit's content: text, help, quiz and scenario blocks.",
            required=True,
        ),
    ],
)

SOURCE = Obj(
    N_("source"),
    [
        Field("title", TEXT, "Co to za źródło.", "What the source is.", required=True),
        Field(
            "date",
            PartialDate(),
            "Data źródła lub stanu prawnego (może być sam rok i miesiąc albo rok).",
            "The date of the source or of the law as cited (may be year-month, or a year).",
            required=True,
        ),
        Field("url", Url(), "Adres internetowy (opcjonalny).", "Web address (optional)."),
        VALID_UNTIL,
    ],
)

LESSON = Obj(
    N_("lesson"),
    [
        Field("title", TEXT, "Tytuł lekcji.", "The lesson's title.", required=True),
        Field(
            "assignment",
            Id(),
            "Rodzaj zadania, do którego liczą się quizy lekcji (np. quiz, final).",
            "The assignment type this lesson's quizzes count as (e.g. quiz, final).",
        ),
        Field(
            "objectives",
            ListOf(MARKDOWN, min_items=1),
            "Cele lekcji, pokazywane na jej początku.",
            "The lesson's objectives, shown at its start.",
        ),
        Field(
            "units",
            ListOf(UNIT, min_items=1),
            "Strony lekcji, w kolejności.",
            "The lesson's pages (units), in order.",
            required=True,
        ),
        Field(
            "sources",
            ListOf(SOURCE, min_items=1),
            "Źródła, na których opiera się lekcja.",
            "What the lesson relies on.",
            required=True,
        ),
    ],
    "Jedna lekcja (course/<język>/lessons/<id>.yaml).",
    "One lesson (course/<lang>/lessons/<id>.yaml).",
)

FILES = {"settings": SETTINGS, "course": COURSE_TEXT, "lesson": LESSON}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of all three kinds of course file (editors pick the matching one)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Latarnia course source",
        "description": "Plik kursu Latarnia: ustawienia, kurs w jednym języku albo lekcja.\n\n"
        "A Latarnia course file: shared settings, the course in one language, or a lesson.",
        "definitions": {name: spec.schema() for name, spec in FILES.items()},
        "anyOf": [{"$ref": f"#/definitions/{name}"} for name in FILES],
    }


def all_keys() -> set[str]:
    """Every key name the format knows, in any file."""
    return {name for spec in FILES.values() for name, _ in spec.walk()}


def needs_items(what: str, count: int) -> str:
    """'… needs at least 2 items', with the plural form of ``count``."""
    if count == 1:
        return _("{what} needs at least one item").format(what=what)
    return ngettext(
        "{what} needs at least {count} item", "{what} needs at least {count} items", count
    ).format(what=what, count=count)
