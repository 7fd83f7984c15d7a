"""`latarnia report` on the project's real course, the way a trainer meets it.

``latarnia build course`` writes the OLX; every pre-test and final test of both tracks (and each
track's first lesson quiz, whose rows the report must skip) is imported, per language run, into
the Open edX-like LMS (``tests/openedx/platform.py``). 120 learners per run with realistic names
and emails answer through the quiz's own ``submit`` handler: the pre-test mostly wrong, the final
test mostly right (a known gain), some only the pre-test (they left), some only the final test
(they skipped the pre-test), a few nothing; some need the final test's second attempt. The two
data downloads are then made as Open edX makes them (``tests/report/openedx_reports.py``: the
grades the blocks published, the state they stored, the block's ``generate_report_data``), and
``latarnia report course --grades … --responses …`` runs as a subprocess.

The gain the report finds must be the gain of the answers given: every figure is checked against
the same figure computed here from what was submitted, on the mirrored pairs (docs/report.md).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from tests.report.openedx_reports import (
    Block,
    Lms,
    Run,
    User,
    csv_bytes,
    problem_grade_report,
    problem_responses_report,
    read_run,
    report_name,
)
from tests.xblocks.test_quiz import answers_for

REPO = Path(__file__).resolve().parents[2]
LATARNIA = str(Path(sys.executable).parent / "latarnia")
LANGS = ("pl", "en")
SEED = 20261201
# Learners per language run and track: who took which test. Every count of the report is at
# least 10 in every track, so that none is hidden (docs/report.md, Privacy).
ROLES = {"both": 38, "pretest_only": 10, "final_only": 8, "inactive": 4}  # 60 × 2 tracks
# The chance of a right answer: sigmoid(ability + shift), ability ~ N(0, 0.7²)
PRE_SHIFT, FINAL_SHIFT, ABILITY_SD = -0.9, 1.2, 0.7
SECOND_ATTEMPT = 0.25  # of the final-test takers, first submit a worse attempt

# first names, surnames (split on spaces when used) and mail domains of each run's learners
NAMES = {
    "pl": (
        "anna katarzyna magdalena agnieszka joanna ewa monika malgorzata karolina natalia "
        "piotr krzysztof tomasz pawel michal marcin lukasz grzegorz jakub mateusz",
        "nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski "
        "wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk piotrowski",
        ("gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "sp12.szczecin.pl"),
    ),
    "en": (
        "emily olivia sophie grace hannah chloe amelia jessica james oliver harry jack "
        "thomas daniel samuel joseph william george",
        "smith jones taylor brown williams wilson johnson davies robinson wright thompson "
        "evans walker white roberts green hall wood",
        ("gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.com", "btinternet.com"),
    ),
}


@dataclass
class Learner:
    user: User
    lang: str
    track: str  # chapter id
    role: str
    ability: float
    # url_name -> question id -> answered right (the last attempt, the one the LMS keeps)
    right: dict[str, dict[str, bool]] = field(default_factory=dict)


@dataclass
class Made:
    runs: dict[str, Run]
    learners: list[Learner]
    grades: list[Path]
    responses: list[Path]
    out: Path
    process: subprocess.CompletedProcess
    summary: dict
    seconds: dict[str, float]


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def people(lang: str, tracks: list[str], rng: np.random.Generator, first_id: int) -> list[Learner]:
    firsts, lasts, domains = NAMES[lang][0].split(), NAMES[lang][1].split(), NAMES[lang][2]
    roles = [
        (track, role) for track in tracks for role, count in ROLES.items() for _i in range(count)
    ]
    order = rng.permutation(len(roles))
    found: list[Learner] = []
    taken: set[str] = set()
    for number, index in enumerate(order):
        track, role = roles[index]
        while True:
            first, last = str(rng.choice(firsts)), str(rng.choice(lasts))
            if lang == "pl" and first.endswith("a") and last.endswith("ki"):
                last = last[:-1] + "a"  # kowalski → kowalska
            style = int(rng.integers(3))
            year = int(rng.integers(62, 100))
            username = (
                f"{first}.{last}{year}",
                f"{first[0]}{last}{year}",
                f"{last}_{first}{int(rng.integers(1, 99))}",
            )[style]
            if username not in taken:
                taken.add(username)
                break
        email = f"{first}.{last}{year}@{rng.choice(domains)}"
        user = User(first_id + number, username, email)
        found.append(Learner(user, lang, track, role, float(rng.normal(0, ABILITY_SD))))
    return found


def mixed_answers(block, picks: dict[str, bool], rng: np.random.Generator) -> dict:
    """Wire answers: question by question the right one or a wrong one (a single-choice
    question's wrong answer drawn from all its wrong choices, as real learners spread)."""
    right, wrong = answers_for(block, True), answers_for(block, False)
    wire = {}
    for question in block.questions:
        qid = question["id"]
        if picks[qid]:
            wire[qid] = right[qid]
        elif question["type"] == "single":
            tokens = block.tokens(question)
            wrong_ids = [c["id"] for c in question["choices"] if not c["correct"]]
            wire[qid] = f"c{tokens.index(str(rng.choice(wrong_ids)))}"
        else:
            wire[qid] = wrong[qid]
    return wire


def take(lms: Lms, quiz: Block, learner: Learner, shift: float, rng: np.random.Generator):
    """One submit of ``quiz`` by ``learner``; returns question id -> answered right."""
    block = lms.learner_block(quiz, learner.user.username)
    attempt = block.attempts
    p = sigmoid(learner.ability + shift)
    picks = {q["id"]: bool(rng.random() < p) for q in block.questions}
    lms.submit(quiz, learner.user.username, attempt, mixed_answers(block, picks, rng))
    # the grade the block published is the weighted count of right answers: a wrong answer
    # earns nothing, so the gain computed here from the picks is the gain of the scores
    weights = {q["id"]: float(q.get("weight", 1.0)) for q in block.questions}
    grade = lms.grade(quiz, learner.user.username)
    assert grade is not None
    assert grade["value"] == pytest.approx(sum(weights[q] for q, ok in picks.items() if ok))
    assert grade["max_value"] == pytest.approx(sum(weights.values()))
    return picks


def simulate(lms: Lms, run: Run, learners: list[Learner], rng: np.random.Generator) -> None:
    pretests = {b.chapter: b for b in run.tests("pretest")}
    finals = {b.chapter: b for b in run.tests("final")}
    lessons: dict[str, Block] = {}
    for block in run.tests("quiz"):
        lessons.setdefault(block.chapter, block)
    for block in [*pretests.values(), *finals.values(), *lessons.values()]:
        lms.add(block)
    for learner in learners:
        track = learner.track
        if learner.role in ("both", "pretest_only"):
            pre = pretests[track]
            learner.right[pre.url_name] = take(lms, pre, learner, PRE_SHIFT, rng)
            take(lms, lessons[track], learner, 0.0, rng)  # the first lesson's quiz
        if learner.role in ("both", "final_only"):
            final = finals[track]
            attempts = int(final.element.get("max_attempts", "0"))
            if attempts >= 2 and rng.random() < SECOND_ATTEMPT:
                first = take(lms, final, learner, PRE_SHIFT, rng)
                if all(first.values()):  # every answer right: the quiz is finished
                    learner.right[final.url_name] = first
                    continue
            learner.right[final.url_name] = take(lms, final, learner, FINAL_SHIFT, rng)


def mirrored(pre: Block, final: Block) -> tuple[dict[str, float], dict[str, float]]:
    """The mirrored questions' weights: (pre-test, final test), as docs/report.md counts them."""
    pre_weights = {q.get("id"): float(q.get("weight", "1")) for q in pre.element.iter("question")}
    pairs = [q for q in final.element.iter("question") if q.get("mirrors") in pre_weights]
    mirrors = {q.get("mirrors") for q in pairs}
    return (
        {qid: w for qid, w in pre_weights.items() if qid in mirrors},
        {q.get("id"): float(q.get("weight", "1")) for q in pairs},
    )


def percent(right: dict[str, bool], weights: dict[str, float]) -> float:
    return 100.0 * sum(w for q, w in weights.items() if right[q]) / sum(weights.values())


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    folder = tmp_path_factory.mktemp("real-course")
    seconds: dict[str, float] = {}
    started = time.monotonic()
    built = subprocess.run(
        [LATARNIA, "build", str(REPO / "course"), "-o", str(folder / "built")],
        capture_output=True,
        text=True,
        env={**os.environ, "LATARNIA_LANG": "en"},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    seconds["build"] = time.monotonic() - started

    started = time.monotonic()
    rng = np.random.default_rng(SEED)
    runs: dict[str, Run] = {}
    learners: list[Learner] = []
    grades, responses = [], []
    for n, lang in enumerate(LANGS):
        run = runs[lang] = read_run(folder / "built" / lang / "course")
        tracks = [b.chapter for b in run.tests("pretest")]
        assert tracks, "the built course has no pre-test"
        mine = people(lang, tracks, rng, first_id=1000 * (n + 1) + 7)
        learners += mine
        lms = Lms(run)
        simulate(lms, run, mine, rng)
        users = [learner.user for learner in mine]
        path = folder / report_name(run, "problem_grade_report", "2027-01-15-1200")
        path.write_bytes(csv_bytes(problem_grade_report(run, lms, users)))
        grades.append(path)
        location = f"block-v1_{run.org}+{run.number}+{run.run}+type@course+block@course"
        path = folder / report_name(run, f"student_state_from_{location}", "2027-01-15-1201")
        path.write_bytes(csv_bytes(problem_responses_report(run, lms, users)))
        responses.append(path)
    seconds["simulate"] = time.monotonic() - started

    started = time.monotonic()
    out = folder / "report"
    command = [LATARNIA, "report", "course", "--grades", *map(str, grades)]
    command += ["--responses", *map(str, responses), "-o", str(out)]
    process = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "LATARNIA_LANG": "en"},
    )
    seconds["report"] = time.monotonic() - started
    summary_path = out / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return Made(runs, learners, grades, responses, out, process, summary, seconds)


def test_the_report_is_written(made: Made):
    assert made.process.returncode == 0, made.process.stdout + made.process.stderr
    for name in ("report.html", "summary.json", "counted.csv", "gain.csv", "pairs.csv"):
        assert (made.out / name).is_file(), name
    assert len(list(made.out.glob("*.csv"))) >= 8
    assert made.summary["course"]["runs"] == sorted(r.run for r in made.runs.values())
    assert made.summary["enrolled"]["total"] == len(made.learners)
    print(f"\ntimings (s): {made.seconds}")


def test_the_downloads_are_what_open_edx_writes(made: Made):
    """The inputs hold what the real downloads hold (else the rest proves little): learners'
    names and emails, the grade columns the course's subsections name, our block's columns."""
    for lang, grades, responses in zip(LANGS, made.grades, made.responses, strict=True):
        run = made.runs[lang]
        text = grades.read_bytes().decode("utf-8")
        header = text.split("\r\n", 1)[0]
        assert header.startswith("Student ID,Email,Username,Enrollment Status,Grade,")
        pretest = run.tests("pretest")[0]
        column = f"{pretest.assignment} 1: {pretest.subsection} - {pretest.display_name} (Earned)"
        assert column in header
        mine = [le for le in made.learners if le.lang == lang]
        assert all(le.user.email in text and le.user.username in text for le in mine)
        text = responses.read_bytes().decode("utf-8")
        assert text.split("\r\n", 1)[0] == (
            "username,title,location,Answer,Answer ID,Attempts,Correct,Kind,Max score,Mirrors,"
            "Question,Question ID,Score,block_key,state"
        )
        assert f"block-v1:{run.org}+{run.number}+{run.run}+type@latarnia_quiz+block@" in text


def test_no_learner_is_named_in_any_output(made: Made):
    assert made.process.returncode == 0, made.process.stderr
    files = [p for p in made.out.rglob("*") if p.is_file()]
    assert files
    outputs = {p.name: p.read_text(encoding="utf-8") for p in files}
    outputs["(stdout)"], outputs["(stderr)"] = made.process.stdout, made.process.stderr
    for learner in made.learners:
        for secret in (learner.user.username, learner.user.email):
            leaked = [name for name, text in outputs.items() if secret.lower() in text.lower()]
            assert not leaked, (secret, leaked)


def expected(made: Made, track: str) -> dict:
    """The counts and scores of ``track`` computed from what the learners submitted."""
    counts = dict.fromkeys(("took_pretest", "took_final", "matched", "pretest_only"), 0)
    counts["final_only"] = 0
    pre_scores, final_scores = [], []
    for learner in made.learners:
        if learner.track != track:
            continue
        run = made.runs[learner.lang]
        pre = next(b for b in run.tests("pretest") if b.chapter == track)
        final = next(b for b in run.tests("final") if b.chapter == track)
        took_pre, took_final = pre.url_name in learner.right, final.url_name in learner.right
        counts["took_pretest"] += took_pre
        counts["took_final"] += took_final
        counts["matched"] += took_pre and took_final
        counts["pretest_only"] += took_pre and not took_final
        counts["final_only"] += took_final and not took_pre
        if took_pre and took_final:
            pre_weights, final_weights = mirrored(pre, final)
            pre_scores.append(percent(learner.right[pre.url_name], pre_weights))
            final_scores.append(percent(learner.right[final.url_name], final_weights))
    pre_array, final_array = np.array(pre_scores), np.array(final_scores)
    return {
        "counts": counts,
        "pre_mean": float(pre_array.mean()),
        "final_mean": float(final_array.mean()),
        "gain": float((final_array - pre_array).mean()),
    }


def tracks_of(made: Made) -> list[str]:
    return [b.chapter for b in made.runs["en"].tests("pretest")]


@pytest.mark.parametrize("index", [0, 1])
def test_who_is_counted_is_who_took_the_tests(made: Made, index: int):
    assert made.process.returncode == 0, made.process.stderr
    track = tracks_of(made)[index]
    result = made.summary["tracks"][index]
    assert result["id"] == track
    counted = result["counted"]
    want = expected(made, track)["counts"]
    assert counted["suppressed"] == []  # every count is at least 10 (ROLES)
    assert {k: counted[k] for k in want} == want
    assert want["matched"] == 2 * ROLES["both"]  # both language runs
    assert result["gain"]["n"] == want["matched"]


@pytest.mark.parametrize("index", [0, 1])
def test_the_reported_gain_is_the_gain_of_the_answers(made: Made, index: int):
    assert made.process.returncode == 0, made.process.stderr
    track = tracks_of(made)[index]
    gain = made.summary["tracks"][index]["gain"]
    want = expected(made, track)
    print(
        f"\n{track}: simulated pre {want['pre_mean']:.2f} final {want['final_mean']:.2f} "
        f"gain {want['gain']:+.2f}; reported gain {gain['difference_mean']:+.2f} "
        f"[{gain['difference_ci_low']:.2f}, {gain['difference_ci_high']:.2f}]"
    )
    assert want["gain"] > 0  # the simulated course teaches
    assert np.sign(gain["difference_mean"]) == np.sign(want["gain"])
    assert gain["difference_ci_low"] < want["gain"] < gain["difference_ci_high"]
    assert gain["difference_ci_low"] > 0  # a gain the report can vouch for
    # the same learners and the same answers: the same figures
    assert gain["difference_mean"] == pytest.approx(want["gain"], abs=1e-6)
    assert gain["pre_mean"] == pytest.approx(want["pre_mean"], abs=1e-6)
    assert gain["final_mean"] == pytest.approx(want["final_mean"], abs=1e-6)


def test_all_tracks_pool_the_tracks(made: Made):
    assert made.process.returncode == 0, made.process.stderr
    overall = made.summary["all_tracks"]
    wants = [expected(made, track) for track in tracks_of(made)]
    assert overall["counted"]["matched"] == sum(w["counts"]["matched"] for w in wants)
    n = [w["counts"]["matched"] for w in wants]
    pooled = sum(w["gain"] * k for w, k in zip(wants, n, strict=True)) / sum(n)
    assert overall["gain"]["difference_mean"] == pytest.approx(pooled, abs=1e-6)


def test_the_lesson_quiz_rows_are_skipped_not_counted(made: Made):
    """Each track's first lesson quiz was answered too: its rows are in the responses report
    and the report says it skipped them."""
    assert made.process.returncode == 0, made.process.stderr
    assert any("were skipped" in note for note in made.summary["notes"]), made.summary["notes"]


def test_the_mirrored_pairs_of_the_real_course(made: Made):
    """Every final-test question that mirrors one is paired in the report, question by question."""
    assert made.process.returncode == 0, made.process.stderr
    run = made.runs["en"]
    for index, track in enumerate(tracks_of(made)):
        pre = next(b for b in run.tests("pretest") if b.chapter == track)
        final = next(b for b in run.tests("final") if b.chapter == track)
        _pre_weights, final_weights = mirrored(pre, final)
        pairs = made.summary["tracks"][index]["pairs"]
        assert sorted(p["final_question"] for p in pairs) == sorted(final_weights)
        for q in final.element.iter("question"):
            assert q.get("mirrors") is None or q.get("mirrors") in {
                p.get("id") for p in pre.element.iter("question")
            }, etree.tostring(q)[:200]
