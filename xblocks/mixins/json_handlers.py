"""The blocks' JSON handlers: reading a request body within limits, refusals with a reason.

Why not ``XBlock.json_handler``: it reads a body of any size, depth and length of numbers,
and a body nested 100,000 deep raises RecursionError there, a 500. ``read_json_body`` answers
4xx instead. The answers have the shape XBlock's own decorator gives: JSON, and refusals
``{"error": reason}`` with their status (``HandlerError`` is a ``JsonHandlerError``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError


class HandlerError(JsonHandlerError):
    """A request the handler refuses: 400 (malformed), 403 (not allowed), 409 (not now) …, with
    a reason; ``extra`` keys are added to the answer (``{"error": reason, **extra}``)."""

    def __init__(self, status: int, reason: str, **extra: Any):
        super().__init__(status, reason)
        self.status = status
        self.reason = reason
        self.extra = extra

    def __str__(self) -> str:
        return self.reason


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(
        body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


MAX_BODY = 256 * 1024  # bytes: a whole quiz's answers take a few kilobytes
MAX_DEPTH = 16  # nesting of a request body: answers are at most four levels deep
MAX_DIGITS = 20  # digits of a JSON number: attempts and settings are small


def _json_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError("number too long")
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > 2 * MAX_DIGITS:
        raise ValueError("number too long")
    return float(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is shallow enough and holds only text that UTF-8 can carry."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, str):
        return not any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    return True


def read_json_body(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or ``HandlerError(400)``: not JSON, too big, too deep,
    numbers too long or not finite, text with lone surrogates."""
    if len(body) > MAX_BODY:
        raise HandlerError(413, "the request body is too large")
    try:
        data = json.loads(
            body.decode("utf-8") if body else "null",
            parse_int=_json_number,
            parse_float=_json_float,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HandlerError(400, "the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HandlerError(400, "the request body must be a JSON object")
    if not _plain(data):
        raise HandlerError(400, "the request body is nested too deeply or holds invalid text")
    return data


def json_handler(method: Callable[[Any, dict[str, Any]], Any]) -> Callable:
    """An XBlock handler taking a JSON object by POST and answering JSON.

    Used instead of ``XBlock.json_handler`` for the limits of ``read_json_body`` (see the
    module's docstring). Malformed input answers 400 with ``{"error": reason}``; a
    ``HandlerError`` raised by the method answers its own status and reason. Only POST changes
    state.
    """

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        if request.method != "POST":
            return json_response({"error": "use POST"}, 405)
        try:
            data = read_json_body(request.body)
        except HandlerError as refused:
            return json_response({"error": refused.reason}, refused.status)
        try:
            payload = method(self, data)
            rewrite = getattr(self, "rewrite_urls", None)
            return json_response(rewrite(payload) if rewrite else payload)
        except HandlerError as refused:
            return json_response({"error": refused.reason, **refused.extra}, refused.status)

    return handler


def require(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """``data[key]`` if it is present and of ``kind`` (bool is not an int here), else 400."""
    value = data.get(key)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (
        key not in data
        or not isinstance(value, kinds)
        or (isinstance(value, bool) and bool not in kinds)
    ):
        names = " or ".join(k.__name__ for k in kinds)
        raise HandlerError(400, f"'{key}' must be a {names}")
    return value
