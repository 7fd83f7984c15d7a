"""Reading and scoring a learner's answers to quiz questions (pure functions, no XBlock).

Questions are the dicts of ``xblocks/olx.py``. Answers come in two forms:

wire      what the browser sends: tokens ``c<k>`` (choices), ``o<k>`` (ordering items) and
          ``m<k>`` (matches), positions in a keyed shuffle of the choices, items or pairs, so
          that neither the page nor the request shows an author's order or which item goes
          where; ``true`` / ``false`` for truefalse.
internal  what the block stores: choice ids, item ids in the learner's order, and for matching
          {pair id: id of the pair whose match the learner chose}.

Every question scores a fraction in [0, 1]; ``multiple``, ``ordering`` and ``matching`` give
partial credit.
"""

from __future__ import annotations

from typing import Any

CORRECT, PARTIAL, INCORRECT = "correct", "partial", "incorrect"


class AnswerError(ValueError):
    """An answer that does not fit its question (unknown id, wrong shape)."""


PREFIXES = {"single": "c", "multiple": "c", "ordering": "o", "matching": "m"}


def parse_answer(question: dict, raw: Any, tokens: list[str]) -> Any:
    """The internal form of the wire answer ``raw``; ``tokens`` maps token index -> id."""
    kind = question["type"]
    if kind == "truefalse":
        if not isinstance(raw, str) or raw not in _choice_ids(question):
            raise AnswerError(f"unknown choice {raw!r}")
        return raw
    if kind == "single":
        if not isinstance(raw, str) or raw not in _wire(tokens, "c"):
            raise AnswerError(f"unknown choice {raw!r}")
        return tokens[int(raw[1:])]
    if kind == "multiple":
        if not isinstance(raw, list) or not all(isinstance(choice, str) for choice in raw):
            raise AnswerError("expected a list of choices")
        unknown = set(raw) - set(_wire(tokens, "c"))
        if unknown:
            raise AnswerError(f"unknown choice {sorted(unknown)[0]!r}")
        if len(set(raw)) != len(raw):
            raise AnswerError("a choice is repeated")
        return sorted(tokens[int(token[1:])] for token in raw)
    if kind == "ordering":
        if not isinstance(raw, list) or sorted(map(str, raw)) != sorted(_wire(tokens, "o")):
            raise AnswerError("expected every item exactly once")
        return [tokens[int(token[1:])] for token in raw]
    if kind == "matching":
        pair_ids = [pair["id"] for pair in question.get("pairs", [])]
        if not isinstance(raw, dict) or set(raw) != set(pair_ids):
            raise AnswerError("expected a match for every item")
        valid = set(_wire(tokens, "m"))
        if not all(isinstance(token, str) and token in valid for token in raw.values()):
            raise AnswerError("unknown match")
        return {pair_id: tokens[int(raw[pair_id][1:])] for pair_id in pair_ids}
    raise AnswerError(f"unknown question type {kind!r}")


def wire_answer(question: dict, answer: Any, tokens: list[str]) -> Any:
    """The wire form of a stored internal answer (to show it again after a reload)."""
    kind = question["type"]
    if kind == "single":
        return token(tokens, "c", answer)
    if kind in ("multiple", "ordering"):
        return [token(tokens, PREFIXES[kind], entry) for entry in answer if entry in tokens]
    if kind == "matching":
        return {
            left: token(tokens, "m", chosen) for left, chosen in answer.items() if chosen in tokens
        }
    return answer


def token(tokens: list[str], prefix: str, entry_id: str) -> str:
    """The wire token of a choice, item or pair id (empty if the id is unknown)."""
    return f"{prefix}{tokens.index(entry_id)}" if entry_id in tokens else ""


def score(question: dict, answer: Any) -> float:
    """The fraction of the question's points that ``answer`` (internal form) earns."""
    kind = question["type"]
    if kind in ("single", "truefalse"):
        return 1.0 if answer in correct_choice_ids(question) else 0.0
    if kind == "multiple":
        correct = correct_choice_ids(question)
        chosen = set(answer)
        if not correct:
            return 0.0 if chosen else 1.0
        # Each right pick earns a share, each wrong pick takes one back; never below zero.
        return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))
    if kind == "ordering":
        expected = [item["id"] for item in question.get("items", [])]
        if not expected:
            return 0.0
        return sum(a == b for a, b in zip(answer, expected, strict=False)) / len(expected)
    if kind == "matching":
        pairs = question.get("pairs", [])
        if not pairs:
            return 0.0
        return sum(answer.get(pair["id"]) == pair["id"] for pair in pairs) / len(pairs)
    return 0.0


def status(fraction: float) -> str:
    if fraction >= 1.0:
        return CORRECT
    return PARTIAL if fraction > 0 else INCORRECT


def correct_choice_ids(question: dict) -> set[str]:
    return {choice["id"] for choice in question.get("choices", []) if choice.get("correct")}


def _choice_ids(question: dict) -> set[str]:
    return {choice["id"] for choice in question.get("choices", [])}


def _wire(tokens: list[str], prefix: str) -> list[str]:
    return [f"{prefix}{index}" for index in range(len(tokens))]
