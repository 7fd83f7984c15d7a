"""YAML text → nodes that know where they are; every YAML mistake becomes a Problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from latarnia_builder.source import Mapping, Scalar, Sequence, parse

FILE = Path("lekcja.yaml")


def test_nodes_remember_line_and_column() -> None:
    node, problems = parse(FILE, "title: Lekcja\nunits:\n  - id: wstep\n    title: Wstęp\n")
    assert problems == []
    assert isinstance(node, Mapping)
    unit = node.entries["units"]
    assert isinstance(unit, Sequence)
    unit_id = unit.items[0].entries["id"]  # type: ignore[attr-defined]
    assert (unit_id.line, unit_id.column, unit_id.value) == (3, 9, "wstep")


def test_scalars_keep_the_text_as_written() -> None:
    node, _ = parse(FILE, "phone: 112\nanswer: no\nchecked: 2025-10-31\nbad: 2025-13-01\n")
    values = {k: (v.value, v.raw) for k, v in node.entries.items()}  # type: ignore[union-attr]
    assert values == {
        "phone": (112, "112"),
        "answer": (False, "no"),
        "checked": (dt.date(2025, 10, 31), "2025-10-31"),
        "bad": ("2025-13-01", "2025-13-01"),
    }


def test_positions_inside_a_literal_block() -> None:
    text = "body: |\n  Pierwsza linia.\n\n  Druga ![x](media/a.png) linia.\n"
    node, _ = parse(FILE, text)
    body = node.entries["body"]  # type: ignore[union-attr]
    assert isinstance(body, Scalar)
    where = body.where_in_text(body.raw.index("!["))
    assert (where.line, where.column) == (4, 9)


def test_positions_inside_a_quoted_scalar() -> None:
    node, _ = parse(FILE, 'ask: "Czy ![x](media/a.png)?"\n')
    ask = node.entries["ask"]  # type: ignore[union-attr]
    assert ask.where_in_text(ask.raw.index("![")).column == 11


def test_duplicate_keys_are_reported_where_the_second_one_is() -> None:
    _, problems = parse(FILE, "title: A\nunits: []\ntitle: B\n")
    assert [str(p) for p in problems] == [
        "lekcja.yaml:3:1: duplicate key 'title' (first on line 1) — "
        "remove one of them: YAML keeps only the last"
    ]


def test_anchors_and_merge_keys_work() -> None:
    text = "base: &b {safe: true, feedback: x}\nchoice:\n  <<: *b\n  feedback: y\n"
    node, problems = parse(FILE, text)
    assert problems == []
    choice = node.entries["choice"]  # type: ignore[union-attr]
    assert {k: v.value for k, v in choice.entries.items()} == {"feedback": "y", "safe": True}


def test_an_alias_that_contains_itself_is_a_problem_not_a_hang() -> None:
    _, problems = parse(FILE, "a: &x [1, *x]\n")
    assert [p.message for p in problems] == ["an alias (*) refers to itself"]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    node, problems = parse(FILE, "a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert node is None or problems == []
    assert all("Traceback" not in str(p) for p in problems)


def test_syntax_errors_point_at_the_line() -> None:
    _, problems = parse(FILE, "title: Lekcja\n  units: x\n")
    assert len(problems) == 1
    assert str(problems[0]).startswith("lekcja.yaml:2:")


def test_parsing_leaves_nothing_for_the_cycle_collector(monkeypatch) -> None:
    """Builds run with the collector paused: a converter kept alive by a reference cycle
    would keep each file's text until the end (25 MB on the build benchmark)."""
    import weakref

    from latarnia_builder import source

    converters: list[weakref.ref] = []

    class Watched(source._Converter):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            converters.append(weakref.ref(self))

    monkeypatch.setattr(source, "_Converter", Watched)
    with source.no_gc():
        for text in ("a: 1\nb: [x, y]\n", "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n"):
            node, problems = parse(Path("t.yaml"), text)
            assert node is not None and not problems
            del node
    assert len(converters) == 2
    assert all(ref() is None for ref in converters)
