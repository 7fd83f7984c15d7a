"""Speed and weight of the Latarnia blocks next to a peer block, in one run.

    .venv/bin/python bench/blocks_bench.py [--iterations N]

In process, with a fresh block instance for every call (as every request gets one), it times
``student_view`` and a submit of a 10-question quiz, the scenario and the lesson, and the same
for open-craft/xblock-poll (a 10-question SurveyBlock and a PollBlock), then prints the median
and 95th percentile of each, with the JS + CSS each block sends. xblock-poll is installed into
bench/.work/peer (``pip install --target``), never into the project's environment.
"""

from __future__ import annotations

import argparse
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


# -- an in-process runtime ---------------------------------------------------------------------


def make_runtime():
    from xblock.fields import ScopeIds
    from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager
    from xblock.test.tools import TestRuntime

    class BenchRuntime(TestRuntime):
        def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
            return f"/handler/{handler_name}"

        def local_resource_url(self, block, uri):
            return f"/resource/{uri}"

        def resource_url(self, resource):
            return f"/static/{resource}"

        def publish(self, block, event_type, event_data):
            pass

    store, ids = DictKeyValueStore(), MemoryIdManager()
    runtime = BenchRuntime(
        id_reader=ids, id_generator=ids, services={"field-data": KvsFieldData(store)}
    )
    counter = iter(range(10**9))

    def learner(block_class, usage_id, def_id, block_type):
        keys = ScopeIds(f"learner-{next(counter)}", block_type, def_id, usage_id)
        return runtime.construct_xblock_from_class(block_class, keys)

    return runtime, ids, learner


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


def request(body: dict):
    from webob import Request

    return Request.blank("/", method="POST", body=json.dumps(body).encode(),
                         content_type="application/json")  # fmt: skip


def kb(*paths: Path) -> float:
    return sum(path.stat().st_size for path in paths) / 1024


# -- the blocks --------------------------------------------------------------------------------


def latarnia_rows(iterations: int) -> list[tuple]:
    from latarnia_xblocks.lesson import LessonBlock
    from latarnia_xblocks.quiz import QuizBlock
    from latarnia_xblocks.scenario import ScenarioBlock

    from devtools import examples

    runtime, ids, learner = make_runtime()
    questions = [
        {**question, "id": f"{question['id']}-{n}"}
        for n in range(2)
        for question in examples.QUIZZES[0][2]
    ]
    quiz_xml = examples.quiz_xml({"max_attempts": 2, "shuffle": True}, questions)
    quiz_usage = runtime.parse_xml_string(quiz_xml)
    quiz_def = ids.get_definition_id(quiz_usage)
    probe = learner(QuizBlock, quiz_usage, quiz_def, "latarnia_quiz")
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
    assert json.loads(probe.submit(request(body)).body)["attempts"] == 1

    def quiz_view():
        learner(QuizBlock, quiz_usage, quiz_def, "latarnia_quiz").student_view()

    def quiz_submit():
        response = learner(QuizBlock, quiz_usage, quiz_def, "latarnia_quiz").submit(request(body))
        assert response.status_code == 200

    scenario_usage = runtime.parse_xml_string(examples.scenario_xml())
    scenario_def = ids.get_definition_id(scenario_usage)

    def scenario_view():
        learner(ScenarioBlock, scenario_usage, scenario_def, "latarnia_scenario").student_view()

    def scenario_choose():
        block = learner(ScenarioBlock, scenario_usage, scenario_def, "latarnia_scenario")
        assert block.choose(request({"step": "s1", "choice": "c0"})).status_code == 200

    lesson_usage = runtime.parse_xml_string(examples.lesson_xml())
    lesson_def = ids.get_definition_id(lesson_usage)

    def lesson_view():
        learner(LessonBlock, lesson_usage, lesson_def, "latarnia_lesson").student_view()

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

    runtime, ids, learner = make_runtime()
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
        block_type = "survey" if block_class is SurveyBlock else "poll"
        runtime.load_block_type = lambda _type, cls=block_class: cls
        usage = runtime.parse_xml_string(xml)
        definition = ids.get_definition_id(usage)

        def view(block_class=block_class, usage=usage, definition=definition, kind=block_type):
            learner(block_class, usage, definition, kind).student_view({})

        def submit(block_class=block_class, usage=usage, definition=definition, kind=block_type,
                   vote=vote):  # fmt: skip
            response = learner(block_class, usage, definition, kind).vote(request(vote))
            assert json.loads(response.body)["success"], response.body

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
