"""What `latarnia preview` adds to every workbench page: the problems banner and the reload poll.

The banner lists the errors (the pages keep the last version without any) and, folded, the
warnings `latarnia check` would print (keys under an old name, help numbers not checked for a
year …): the course builds with them, but a trainer should see them while editing.

The watcher (``preview.py``) tells ``STATUS`` when a build finishes: the problems it found and
a digest of each lesson page. ``PreviewMiddleware`` (listed in ``preview_settings``) answers
``STATUS_PATH`` with them as JSON and puts, at the top of every HTML page, the banner of the
current problems and a small script that asks for that JSON a few times a second and reloads
the page when its lesson or the problems changed. No extra service and no new dependency: the
workbench's own Django server answers.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from latarnia_builder.i18n import _, ngettext
from markupsafe import Markup

STATUS_PATH = "/latarnia-preview/status.json"
INDEX = ""  # the page key of the workbench's index
# An open page asks again as soon as it has the answer; the preview holds the question until
# the next build finishes, for at most WAIT_SECONDS (a hidden tab: not at all, and asks every
# HIDDEN_POLL_MS). So a page learns of a build at once, with one request a second when idle.
WAIT_SECONDS = 1.0
POLL_MS = 20
HIDDEN_POLL_MS = 1000

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class ShownProblem:
    """A problem as the banner and the terminal show it."""

    where: str  # file:line:column, the file as the trainer would type it
    message: str
    hint: str = ""
    warning: bool = False  # the course builds, but this should change (as `check` says)


def digest(*parts: str) -> str:
    """A short fingerprint of ``parts``: a page reloads when its fingerprint changes."""
    sha = hashlib.sha1()
    for part in parts:
        sha.update(part.encode())
        sha.update(b"\0")
    return sha.hexdigest()[:16]


class PreviewStatus:
    """The state of the preview the open pages poll: builds finished, problems, page digests."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.builds = 0
        self.problems: tuple[ShownProblem, ...] = ()
        self.pages: dict[str, str] = {}  # page key (scenario name, INDEX) -> digest
        self._banner: tuple[int, str] | None = None  # (builds, the problems' markup)

    def finished(
        self, problems: Iterable[ShownProblem], pages: dict[str, str] | None = None
    ) -> None:
        """A build finished: with ``problems`` (the pages stay as they were), or with new
        ``pages`` when it succeeded."""
        with self._lock:
            self.builds += 1
            self.problems = tuple(problems)
            if pages is not None:
                self.pages = dict(pages)
            self._lock.notify_all()

    def wait(self, since: int, seconds: float) -> None:
        """Return when a build after the ``since``-th has finished, or after ``seconds``."""
        with self._lock:
            self._lock.wait_for(lambda: self.builds > since, timeout=seconds)

    def as_json(self) -> dict[str, Any]:
        """What an open page polls: a digest of the problems, their markup, page digests."""
        with self._lock:
            if self._banner is None or self._banner[0] != self.builds:
                self._banner = (self.builds, problems_html(self.problems))
            return {
                "builds": self.builds,
                "problems": digest(
                    *(f"{p.where}\0{p.message}\0{p.hint}\0{p.warning}" for p in self.problems)
                ),
                "messages": [asdict(p) for p in self.problems],
                "banner": self._banner[1],
                "pages": dict(self.pages),
            }


STATUS = PreviewStatus()

_templates = Environment(
    loader=PackageLoader(__package__, "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def problems_html(problems: tuple[ShownProblem, ...]) -> str:
    """The banner of ``problems`` (empty without any), in the trainer's language: the errors
    in an alert; the warnings (the course builds) folded below, with their count."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    heading = ngettext(
        "The course has {count} problem",
        "The course has {count} problems",
        len(errors),
    ).format(count=len(errors))
    warnings_heading = ngettext(
        "{count} warning: the course builds, but this should change",
        "{count} warnings: the course builds, but these should change",
        len(warnings),
    ).format(count=len(warnings))
    return _templates.get_template("preview_problems.html").render(
        problems=errors,
        heading=heading,
        explanation=_(
            "The preview shows the last version without problems. Fix them and save: "
            "this page changes by itself."
        ),
        warnings=warnings,
        warnings_heading=warnings_heading,
        warnings_explanation=_(
            "'latarnia check --strict' fails while they remain: fix them before a release."
        ),
    )


def banner(status: PreviewStatus, page: str | None) -> str:
    """The markup put at the top of a page: the problems (if any) and the poll.

    ``page`` is the key of the lesson page shown (None for a page that is not a lesson)."""
    state = status.as_json()
    return _templates.get_template("preview_banner.html").render(
        status_url=STATUS_PATH,
        page=page,
        page_digest=state["pages"].get(page, "") if page is not None else "",
        problems_digest=state["problems"],
        builds=state["builds"],
        problems_html=Markup(state["banner"]),
        poll_ms=POLL_MS,
        hidden_poll_ms=HIDDEN_POLL_MS,
    )


class PreviewMiddleware:
    """Django middleware: the status JSON, and the banner and poll in every HTML page."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.http import HttpResponse

        if request.path == STATUS_PATH:
            since = request.GET.get("since", "")
            if since.isdigit():
                STATUS.wait(int(since), WAIT_SECONDS)
            response = HttpResponse(
                json.dumps(STATUS.as_json(), ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            response["Cache-Control"] = "no-store"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or response.status_code >= 300
        ):
            return response
        body = _BODY.search(response.content)
        if body is None:
            return response
        added = banner(STATUS, _page_key(request)).encode()
        response.content = response.content[: body.end()] + added + response.content[body.end() :]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


def _page_key(request: Any) -> str | None:
    if request.path == "/":
        return INDEX
    match = getattr(request, "resolver_match", None)
    if match is not None and "scenario_id" in match.kwargs:
        return match.kwargs["scenario_id"]
    return None
