"""The schema machinery: value specs that check a node and say what they expected.

A ``Spec`` checks a source node (``builder.source``) and returns the checked value, or
``INVALID`` after reporting a Problem at the node's position; ``Obj`` checks a mapping of
known keys (``Field``s) and returns a ``Record`` that remembers where each value is. Every
spec also gives its JSON Schema and walks its fields, so that one declaration
(``builder.format.course``) yields the checks, the schema editors use and the list of keys the
documentation must name.

The value types that are part of the course format's vocabulary (``Id``, ``Code``, ``Url``,
dates) live here with their patterns, because the generic ``MapOf`` keys are ids too. The
module is about 800 lines: some twenty small classes that refer to one another (``Either``
tells options apart by their class, ``Obj`` treats ``ListOf`` and ``Record`` specially);
apart, they would import each other in a circle.
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
URL_PATTERN = r"^https?://\S+$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$"
DATE_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}([ Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"
)

_BOOLEAN = re.compile(r"^(true|false|yes|no|on|off)$", re.IGNORECASE)


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
    """Collects the problems of one file's structural check, and the keys written under an
    old name (``renames``: the key's node and its name now, for ``latarnia upgrade``)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.renames: list[tuple[Scalar, str]] = []

    def problem(self, where: Where, message: str, hint: str = "") -> Invalid:
        self.problems.append(Problem(where, message, hint))
        return INVALID

    def renamed(self, key: Scalar, name: str) -> None:
        """A key written under its old name: a warning, and a rename ``upgrade`` can make."""
        self.renames.append((key, name))
        self.problems.append(
            Problem(
                key.where,
                _("'{old}' is now called '{new}'").format(old=key.raw, new=name),
                _("rename the key (latarnia upgrade does it for you)"),
                warning=True,
            )
        )


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
    """A key of a mapping: its spec, whether it is required, what it means (Polish, English).

    ``old_names``: names the key had before (like mkdocs' ``Deprecated(moved_to=…)``). A key
    written under an old name still works, with a warning that says its name now; the old and
    the new name in one mapping is an error. The JSON Schema keeps old names, marked
    deprecated, so that editors accept files not yet upgraded."""

    def __init__(
        self,
        name: str,
        spec: Spec,
        pl: str,
        en: str,
        required: bool = False,
        default: Any = None,
        old_names: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.spec = spec
        self.pl = pl
        self.en = en
        self.required = required
        self.default = default
        self.old_names = old_names

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

    def old_schema(self) -> dict[str, Any]:
        """The schema of the key under an old name: the same value, marked deprecated."""
        return {
            **self.schema(),
            "description": f"Dawna nazwa klucza '{self.name}'; zmień ją (zrobi to latarnia "
            f"upgrade).\n\nThe old name of '{self.name}'; rename it (latarnia upgrade does).",
            "deprecated": True,
        }


class Record(dict):
    """The checked values of a mapping, and where each one is.

    ``record[name]`` is the checked value (a Record for a nested mapping, a list for a list)
    or the field's default, or None when the key is absent or its value invalid. (A dict, so
    that the ~400,000 look-ups of a large course stay in C.)"""

    __slots__ = ("mapping", "nodes", "ok", "where", "written")

    def __init__(
        self,
        node: Mapping,
        values: dict[str, Any],
        nodes: dict[str, Node],
        written: dict[str, str] | None = None,
    ) -> None:
        super().__init__(values)
        self.mapping = node
        self.where = node.where
        self.nodes = nodes
        self.written = written or {}  # field name -> the old name it is written under
        self.ok = True

    def __missing__(self, name: str) -> None:
        return None

    def at(self, name: str) -> Where:
        """Where the value of ``name`` is (the mapping itself when the key is absent)."""
        node = self.nodes.get(name)
        return node.where if node is not None else self.where

    def key_at(self, name: str) -> Where:
        """Where the key ``name`` is written (the mapping itself when it is absent)."""
        key = self.mapping.keys.get(self.written.get(name, name))
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
        self.old_names = {old: f for f in fields for old in f.old_names}
        self.required = [f for f in fields if f.required]
        self.defaults = {f.name: f.default for f in fields if f.default is not None}
        # Fields of any text (``Text`` itself, no pattern): checked inline in ``check``.
        self.any_text = frozenset(
            f.name for f in fields if type(f.spec) is Text and f.spec.pattern is None
        )
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
        written: dict[str, str] = {}  # field name -> the old name it is written under
        ok = True
        fields, any_text = self.fields, self.any_text
        suggested: set[str] = set()  # misspelt keys' likely meaning: not reported as missing
        for key, child in node.entries.items():
            field = fields.get(key)
            if field is None:  # an unknown key, or an old name (rare: the slow path)
                field = self.other_key(node, key, nodes, checker, suggested)
                if field is None:
                    ok = False
                    continue
                written[field.name] = key
            name = field.name
            nodes[name] = child
            if type(child) is Scalar:
                if child.value is not None:
                    if name in any_text:  # what Text.check returns, without the call
                        values[name] = child.raw
                        continue
                elif child.style is None:
                    # "key:" with nothing after it: absent when optional, a problem when required
                    if field.required:
                        checker.problem(
                            node.keys[key].where,
                            _("'{key}' is empty").format(key=key),
                            _("write its value after '{key}:'").format(key=key),
                        )
                        ok = False
                    continue
            spec = field.spec
            if (
                type(spec) is ListOf
                and type(child) is Sequence
                and len(child.items) < spec.min_items
            ):
                checker.problem(child.where, needs_items(f"'{key}'", spec.min_items))
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
        if not self.has_required(node, nodes, suggested, checker):
            ok = False
        record = Record(node, values, nodes, written)
        record.ok = ok
        return record

    def other_key(
        self,
        node: Mapping,
        key: str,
        nodes: dict[str, Node],
        checker: Checker,
        suggested: set[str],
    ) -> Field | None:
        """The field a key that is not a field's name stands for: an old name (a warning; an
        error when the new name is written too), else None after reporting an unknown key."""
        field = self.old_names.get(key)
        if field is None:
            suggested.add(self.unknown(node, key, checker))
            return None
        if field.name in node.entries or field.name in nodes:
            checker.problem(
                node.keys[key].where,
                _("'{old}' is the old name of '{new}', which is written here too").format(
                    old=key, new=field.name
                ),
                _("keep only '{new}'").format(new=field.name),
            )
            return None
        checker.renamed(node.keys[key], field.name)
        return field

    def has_required(
        self, node: Mapping, nodes: dict[str, Node], suggested: set[str], checker: Checker
    ) -> bool:
        """Report each required key that is missing (unless a misspelt key meant it)."""
        ok = True
        for field in self.required:
            if field.name not in nodes and field.name not in suggested:
                checker.problem(
                    node.where,
                    _("missing key '{key}' in {title}").format(key=field.name, title=_(self.title)),
                    _("add '{key}: …' ({meaning})").format(key=field.name, meaning=field.meaning()),
                )
                ok = False
        return ok

    def unknown(self, node: Mapping, name: str, checker: Checker) -> str:
        """Report an unknown key; return the key it probably means ('' if none)."""
        # A misspelt old name means the key under its name now.
        known = {
            **{old: f.name for old, f in self.old_names.items()},
            **{n: n for n in self.fields},
        }
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        meant = known[close[0]] if close else ""
        if meant:
            hint = _("did you mean '{word}'?").format(word=meant)
        else:
            hint = _("allowed keys: {keys}").format(keys=", ".join(self.fields))
        message = _("unknown key '{key}' in {title}").format(key=name, title=_(self.title))
        checker.problem(node.keys[name].where, message, hint)
        return meant

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "object"}
        if self.pl or self.en:
            result["description"] = f"{self.pl}\n\n{self.en}".strip()
        result["properties"] = {name: f.schema() for name, f in self.fields.items()}
        result["properties"].update({old: f.old_schema() for old, f in self.old_names.items()})
        required = [f.name for f in self.required if not f.old_names]
        if required:
            result["required"] = required
        result["additionalProperties"] = False
        result.update(self.schema_extra)
        renamed = [self._one_name(f) for f in self.fields.values() if f.old_names]
        if renamed:
            result["allOf"] = [*result.get("allOf", []), *renamed]
        return result

    @staticmethod
    def _one_name(field: Field) -> dict[str, Any]:
        """A key with old names is written under one of them (exactly one when required)."""
        names = [field.name, *field.old_names]
        if field.required:
            return {"oneOf": [{"required": [name]} for name in names]}
        return {"not": {"anyOf": [{"required": [a, b]} for a in names for b in names if a < b]}}

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


def needs_items(what: str, count: int) -> str:
    """'… needs at least 2 items', with the plural form of ``count``."""
    if count == 1:
        return _("{what} needs at least one item").format(what=what)
    return ngettext(
        "{what} needs at least {count} item", "{what} needs at least {count} items", count
    ).format(what=what, count=count)
