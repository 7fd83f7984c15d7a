"""Speed and weight of the Latarnia blocks next to a peer block, in one run.

    .venv/bin/python bench/blocks_bench.py [--iterations N]

In process, on the tests' runtime (tests/xblocks/conftest.py: ``Course``, handlers through
``call`` as a browser's request goes), with a fresh block instance for every call (as every
request gets one), it times ``student_view`` and a submit of a 10-question quiz, the scenario
and the lesson, and the same for open-craft/xblock-poll (a 10-question SurveyBlock and a
PollBlock), then prints the median and 95th percentile of each, with the JS + CSS each block
sends. xblock-poll is installed into bench/.work/peer (``pip install --target``), never into
the project's environment.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
PEER = WORK / "peer"
PEER_PACKAGES = ["xblock-poll==1.16.1", "bleach", "tinycss2", "webencodings", "django-statici18n",
                 "django-appconf"]  # fmt: skip

sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """The peer renders Django templates: configure the workbench's settings (logs in var/)."""
    (WORK / "var").mkdir(parents=True, exist_ok=True)
    os.chdir(WORK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()


def install_peer() -> str:
    """Install xblock-poll beside the project (not into it); return why not, or ''."""
    if (PEER / "poll" / "poll.py").exists():
        return ""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--no-deps", "--target", str(PEER), *PEER_PACKAGES]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    return "" if result.returncode == 0 else result.stderr.strip().splitlines()[-1]


# -- the tests' in-process runtime (tests/xblocks/conftest.py) ---------------------------------


def make_course(block_class: type | None = None):
    """A course of blocks, its learners' runtime, and ``learner(usage_id)``: the block as a new
    learner sees it (a fresh instance, as every request gets one). ``block_class`` is the class
    for every block type (a peer block, not installed as an entry point)."""
    from tests.xblocks.conftest import Course

    course = Course()
    runtime = course.runtime()  # one runtime for all learners, as in one LMS worker
    if block_class is not None:
        for each in (course.author, runtime):
            each.load_block_type = lambda _type, cls=block_class: cls
    counter = itertools.count()

    def learner(usage_id: str):
        return course.learner(usage_id, f"learner-{next(counter)}", runtime=runtime)

    return course, learner


def time_it(fn: Callable[[], object], iterations: int) -> tuple[float, float]:
    for _ in range(min(50, iterations)):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000


def kb(*paths: Path) -> float:
    return sum(path.stat().st_size for path in paths) / 1024


# -- the blocks --------------------------------------------------------------------------------


def latarnia_rows(iterations: int) -> list[tuple]:
    from latarnia_xblocks.lesson_page import LessonPageBlock
    from latarnia_xblocks.quiz import QuizBlock
    from latarnia_xblocks.scenario import ScenarioBlock

    from devtools import examples
    from tests.xblocks.conftest import call

    course, learner = make_course()
    questions = [
        {**question, "id": f"{question['id']}-{n}"}
        for n in range(2)
        for question in examples.QUIZZES[0][2]
    ]
    quiz_xml = examples.quiz_xml({"max_attempts": 2, "shuffle": True}, questions)
    quiz_usage = course.add(quiz_xml)
    probe = learner(quiz_usage)
    assert isinstance(probe, QuizBlock)
    answers = {}
    for question in probe.questions:  # a wrong-and-right mix, the same for every learner
        count = len(probe.tokens(question))
        answers[question["id"]] = {
            "single": "c0",
            "truefalse": "false",
            "multiple": ["c0"],
            "ordering": [f"o{k}" for k in range(count)],
            "matching": {pair["id"]: "m0" for pair in question["pairs"]},
        }[question["type"]]
    body = {"attempt": 0, "answers": answers}
    assert call(probe, "submit", body).data["attempts"] == 1

    def quiz_view():
        learner(quiz_usage).student_view()

    def quiz_submit():
        assert call(learner(quiz_usage), "submit", body).status == 200

    scenario_usage = course.add(examples.scenario_xml())
    assert isinstance(learner(scenario_usage), ScenarioBlock)

    def scenario_view():
        learner(scenario_usage).student_view()

    def scenario_choose():
        assert call(learner(scenario_usage), "choose", {"step": "s1", "choice": "c0"}).status == 200

    lesson_usage = course.add(examples.lesson_xml())
    assert isinstance(learner(lesson_usage), LessonPageBlock)

    def lesson_view():
        learner(lesson_usage).student_view()

    static = ROOT / "xblocks" / "static"
    common = [static / "js" / "common.js", static / "css" / "common.css"]
    return [
        ("latarnia_quiz, 10 questions", time_it(quiz_view, iterations),
         time_it(quiz_submit, iterations),
         (kb(*common, static / "js" / "quiz.js", static / "css" / "quiz.css"), 0.0)),
        ("latarnia_scenario", time_it(scenario_view, iterations),
         time_it(scenario_choose, iterations),
         (kb(*common, static / "js" / "scenario.js", static / "css" / "scenario.css"), 0.0)),
        ("latarnia_lesson", time_it(lesson_view, iterations), None,
         (kb(static / "css" / "common.css", static / "css" / "lesson.css"), 0.0)),
    ]  # fmt: skip


def peer_rows(iterations: int) -> list[tuple]:
    sys.path.append(str(PEER))  # after the project's own packages: they win any clash
    from poll.poll import PollBlock, SurveyBlock

    from tests.xblocks.conftest import call

    public = PEER / "poll" / "public"
    own = kb(
        public / "js" / "poll_common.js", public / "js" / "poll.js", public / "css" / "poll.css"
    )
    vendor = kb(public / "js" / "vendor" / "handlebars.js", public / "css" / "themes" / "lms.css")
    weight = (own, vendor)
    questions = [(f"q{n}", {"label": f"Question {n}?", "img": None, "img_alt": None})
                 for n in range(10)]  # fmt: skip
    survey_xml = f"<survey questions='{json.dumps(questions)}' max_submissions='0'/>"
    rows = []
    for name, block_class, xml, vote in (
        ("xblock-poll SurveyBlock, 10 questions", SurveyBlock, survey_xml,
         {key: "Y" for key, _ in questions}),
        ("xblock-poll PollBlock", PollBlock, "<poll/>", {"choice": "R"}),
    ):  # fmt: skip
        course, learner = make_course(block_class)
        usage = course.add(xml)

        def view(learner=learner, usage=usage):
            learner(usage).student_view({})

        def submit(learner=learner, usage=usage, vote=vote):
            response = call(learner(usage), "vote", vote)
            assert response.status == 200 and response.data["success"], response.data

        rows.append((name, time_it(view, iterations), time_it(submit, iterations), weight))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=1000)
    args = parser.parse_args()
    setup_django()
    rows = latarnia_rows(args.iterations)
    problem = install_peer()
    if problem:
        print(f"peer block not measured: xblock-poll did not install ({problem})")
    else:
        rows += peer_rows(args.iterations)
    print(f"\nIn process, fresh block per call, {args.iterations} calls each "
          f"(Python {sys.version.split()[0]}); times in ms, median / p95\n")  # fmt: skip
    header = f"{'block':40} {'student_view':>16} {'submit':>16} {'JS+CSS KB own + vendor':>23}"
    print(header)
    print("-" * len(header))
    for name, view, submit, weight in rows:
        submit_text = f"{submit[0]:.2f} / {submit[1]:.2f}" if submit else "—"
        own, vendor = weight
        weight_text = f"{own:.1f} + {vendor:.1f}"
        print(f"{name:40} {view[0]:>7.2f} / {view[1]:<6.2f} {submit_text:>16} {weight_text:>23}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
