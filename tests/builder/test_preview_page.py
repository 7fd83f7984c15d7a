"""What the preview adds to every workbench page: the problems banner (escaped, in the
trainer's language), the page digests the reload poll compares, the status JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, astuple

import pytest
from latarnia_builder.preview_page import PreviewStatus, ShownProblem, banner

PROBLEM = ShownProblem(
    "course/pl/lessons/a.yaml:3:13", "unknown assignment type '<quizz>'", "did you mean 'quiz'?"
)


def test_the_banner_names_file_line_column_message_and_hint() -> None:
    status = PreviewStatus()
    status.finished([PROBLEM], {"latarnia-pl-001-a": "d1", "": "d0"})
    html = banner(status, "latarnia-pl-001-a")
    assert 'role="alert"' in html and 'tabindex="0"' in html
    assert "course/pl/lessons/a.yaml:3:13" in html
    assert "&lt;quizz&gt;" in html and "<quizz>" not in html  # escaped
    assert "did you mean" in html
    assert 'data-page="latarnia-pl-001-a" data-digest="d1"' in html


def test_the_banner_speaks_the_trainers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LATARNIA_LANG", "pl")
    status = PreviewStatus()
    status.finished([PROBLEM, PROBLEM])
    assert "Kurs ma 2 problemy" in banner(status, None)


WARNING = ShownProblem(
    "course/pl/course.yaml:20:7",
    "help contact 'kcik' was checked on 2025-10, more than a year before the course starts",
    "check the number again and update 'checked'",
    warning=True,
)


def test_warnings_are_folded_below_the_problems_not_an_alert() -> None:
    status = PreviewStatus()
    status.finished([WARNING, WARNING], {"": "d0"})
    html = banner(status, "")
    assert 'role="alert"' not in html  # the course builds: nothing urgent
    assert "<details" in html and "<summary>2 warnings: the course builds" in html
    assert "course/pl/course.yaml:20:7" in html and "update &#39;checked&#39;" in html
    status.finished([PROBLEM, WARNING])
    html = banner(status, "")
    assert html.index('role="alert"') < html.index("<details")
    assert "The course has 1 problem<" in html and "1 warning: the course builds" in html


def test_warnings_speak_the_trainers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LATARNIA_LANG", "pl")
    status = PreviewStatus()
    status.finished([WARNING] * 2)
    assert "<summary>2 ostrzeżenia: kurs się buduje, ale trzeba je poprawić" in banner(status, None)
    status.finished([WARNING] * 5)
    assert "<summary>5 ostrzeżeń: kurs się buduje" in banner(status, None)


def test_a_changed_warning_changes_what_the_open_pages_compare() -> None:
    status = PreviewStatus()
    status.finished([PROBLEM])
    before = status.as_json()["problems"]
    status.finished([PROBLEM, WARNING])
    assert status.as_json()["problems"] != before
    flagged = {**asdict(PROBLEM), "warning": True}
    status.finished([ShownProblem(**flagged)])
    assert status.as_json()["problems"] != digest_of([PROBLEM], status)


def digest_of(problems: list[ShownProblem], status: PreviewStatus) -> str:
    other = PreviewStatus()
    other.finished(problems)
    return other.as_json()["problems"]


def test_without_problems_only_the_poll_is_added() -> None:
    status = PreviewStatus()
    status.finished([], {"": "d0"})
    html = banner(status, "")
    assert 'role="alert"' not in html and "<script>" in html


MIDDLEWARE_IN_DJANGO = """
import json, sys
from django.conf import settings
settings.configure(DEFAULT_CHARSET="utf-8")
from django.http import HttpResponse
from django.test import RequestFactory
from latarnia_builder import preview_page
from latarnia_builder.preview_page import ShownProblem
preview_page.STATUS.finished([ShownProblem(*sys.argv[1:4])], {"": "d0"})
page = HttpResponse("<html><body class='x'><h1>Index</h1></body></html>")
middleware = preview_page.PreviewMiddleware(lambda request: page)
answer = middleware(RequestFactory().get(preview_page.STATUS_PATH))
html = middleware(RequestFactory().get("/")).content.decode()
print(json.dumps({"status": json.loads(answer.content), "cache": answer["Cache-Control"],
                  "html": html}))
"""


def test_the_status_json_and_the_banner_in_a_page() -> None:
    # In a process of its own: configuring Django here would change the blocks' tests.
    done = subprocess.run(
        [sys.executable, "-c", MIDDLEWARE_IN_DJANGO, *astuple(PROBLEM)[:3]],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["status"]["messages"] == [asdict(PROBLEM)]
    assert "course/pl/lessons/a.yaml:3:13" in answer["status"]["banner"]
    assert answer["cache"] == "no-store"
    html = answer["html"]
    assert html.index("<body class='x'>") < html.index('role="alert"') < html.index("<h1>")
