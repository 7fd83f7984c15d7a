"""50 simultaneous requests from one learner against the real workbench (threaded Django server):
a one-attempt quiz takes one submit, a scenario step takes one choice.

The rest answer 409 with ``duplicate`` (the page says "This was already sent…"). Marked
``browser`` because it needs the workbench server, like the Chromium tests.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
from lxml import html as lxml_html

from tests.support.burst import burst

pytestmark = pytest.mark.browser


class Learner:
    """One learner's browser: cookies (the CSRF token) and their ``?student=`` id."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.student = f"burst-{uuid.uuid4().hex[:10]}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def page(self, scenario: str, block_type: str) -> tuple[str, lxml_html.HtmlElement]:
        url = f"{self.base_url}/scenario/{scenario}/?student={self.student}"
        with self.opener.open(url) as response:
            document = lxml_html.fromstring(response.read())
        block = document.xpath(f'//*[@data-block-type="{block_type}"]')[0]
        return block.get("data-usage"), block

    def post(self, usage: str, handler: str, body: dict) -> tuple[int, dict]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        request = urllib.request.Request(
            f"{self.base_url}/handler/{usage}/{handler}/?student={self.student}",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": token,
                "Referer": self.base_url + "/",
            },
            method="POST",
        )
        for _retry in range(20):  # the dev server's listen queue is short: retry, as phones do
            try:
                with self.opener.open(request, timeout=60) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as refused:
                return refused.code, json.loads(refused.read() or b"{}")
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.05 * (1 + _retry))
        raise AssertionError("the workbench did not answer")


def answers_from(block) -> dict:
    """Answers as the page's script would send them: the first option everywhere."""
    answers = {}
    for fieldset in block.xpath(".//fieldset[@data-question]"):
        kind = fieldset.get("data-type")
        qid = fieldset.get("data-question")
        if kind == "ordering":
            answers[qid] = [li.get("data-token") for li in fieldset.xpath(".//li[@data-token]")]
        elif kind == "matching":
            answers[qid] = {
                select.get("data-pair"): select.xpath(".//option[@value!='']")[0].get("value")
                for select in fieldset.xpath(".//select")
            }
        else:
            value = fieldset.xpath(".//input")[0].get("value")
            answers[qid] = [value] if kind == "multiple" else value
    return answers


def test_fifty_submits_to_a_one_attempt_quiz_count_once(workbench_url: str) -> None:
    learner = Learner(workbench_url)
    usage, block = learner.page("latarnia_quiz.1", "latarnia_quiz")
    body = {"attempt": 0, "answers": answers_from(block)}
    results = burst(lambda _i: lambda: learner.post(usage, "submit", body))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) == 1, statuses
    assert set(statuses) == {200, 409}
    reasons = {data.get("error") for status, data in results if status == 409}
    later = {"no attempts left", "every answer is already right"}  # the one submit was saved
    assert reasons <= {"this change is already being saved", *later}, reasons
    _usage, block = learner.page("latarnia_quiz.1", "latarnia_quiz")
    assert block.xpath(".//form")[0].get("data-attempt") == "1"


def test_fifty_choices_at_one_scenario_step_count_once(workbench_url: str) -> None:
    learner = Learner(workbench_url)
    usage, block = learner.page("latarnia_scenario.0", "latarnia_scenario")
    step = block.xpath(".//form[@data-step]")[0]
    choice = step.xpath(".//input")[0].get("value")
    body = {"step": step.get("data-step"), "choice": choice}
    results = burst(lambda _i: lambda: learner.post(usage, "choose", body))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) == 1, statuses
    _usage, block = learner.page("latarnia_scenario.0", "latarnia_scenario")
    assert not block.xpath(f'.//form[@data-step="{body["step"]}"]')  # moved on, once
