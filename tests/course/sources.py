"""Reading the course's YAML as plain data, for the tests that count each track's structure.

These tests read the sources with PyYAML alone, independently of the builder, so that a fault
in the builder cannot hide a lesson that shrank.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

COURSE = Path(__file__).resolve().parents[2] / "course"
LANGS = ("pl", "en")


@cache
def lesson(lang: str, lesson_id: str) -> dict[str, Any]:
    path = COURSE / lang / "lessons" / f"{lesson_id}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def blocks(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every block of a lesson as (kind, value), in order."""
    found = []
    for unit in data["units"]:
        for block in unit["blocks"]:
            assert isinstance(block, dict) and len(block) == 1, block
            found.append(next(iter(block.items())))
    return found


def texts(data: dict[str, Any]) -> list[str]:
    """The Markdown of every text block (``- text: …`` or ``- text: {body: …}``)."""
    return [
        value if isinstance(value, str) else value["body"]
        for kind, value in blocks(data)
        if kind == "text"
    ]


def quizzes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [value for kind, value in blocks(data) if kind == "quiz"]


def scenarios(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [value for kind, value in blocks(data) if kind == "scenario"]


def questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for quiz in quizzes(data) for q in quiz["questions"]]


def choice_ids(choices: list[dict[str, Any]]) -> list[str]:
    """The ids of choices as the builder gives them: their own, else a, b, c … by position."""
    return [c.get("id", chr(ord("a") + i)) for i, c in enumerate(choices)]
