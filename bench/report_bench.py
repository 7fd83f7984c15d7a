"""Benchmark of `latarnia report` on 100,000 learners × 40 questions.

    .venv/bin/python bench/report_bench.py                  # 100,000 learners (about a minute)
    .venv/bin/python bench/report_bench.py --learners 10000 # a quicker run

It writes under bench/.work/report/ (not in git) a built course of two tracks, each with a
pre-test of 20 questions and a final test of 20 mirrored questions, and the two Open edX
reports of one run: every learner follows one track and answers its 40 questions, so the
Problem Responses report has learners × 40 rows (4,000,000 for 100,000 learners, about 1 GB).
Then it runs `latarnia report` in a fresh process and prints its wall time and peak memory
(``ru_maxrss`` of that process alone). Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "report"
sys.path.insert(0, str(ROOT))

from tests.report import cohort  # noqa: E402 — the synthetic cohorts of the tests

QUESTIONS = 20  # per test: 20 in the pre-test, 20 mirrored ones in the final test


def tracks() -> tuple[cohort.TrackModel, ...]:
    rng = np.random.default_rng(1)
    found = []
    for t, (gain, share) in enumerate(((1.0, 0.5), (0.7, 0.5)), 1):
        pre = tuple(
            cohort._q(f"t{t}-pre-{i}", float(rng.normal(0, 0.8)), right="abcd"[i % 4])
            for i in range(QUESTIONS)
        )
        final = tuple(
            cohort._q(f"t{t}-fin-{i}", float(rng.normal(0, 0.8)), pre[i].id, right="abcd"[i % 3])
            for i in range(QUESTIONS)
        )
        found.append(cohort.TrackModel(f"t{t}", {"pl": f"Ścieżka {t}"}, gain, pre, final, share))
    return tuple(found)


def write_reports(folder: Path, learners: int) -> tuple[Path, Path, Path]:
    """The course and the two CSVs, written row by row (numpy draws the answers)."""
    model = tracks()
    course = cohort.write_course(folder / "course", model, ("pl",))
    rng = np.random.default_rng(2026)
    ability = rng.normal(size=learners)
    track_of = rng.integers(0, len(model), size=learners)
    words, run = cohort.WORDS["pl"], f"{cohort.RUN}-pl"
    answers: dict[tuple[int, str], np.ndarray] = {}  # (track, kind) -> learners × questions
    for t, track in enumerate(model):
        mine = np.flatnonzero(track_of == t)
        for kind, questions, shift in (
            ("pretest", track.pretest, 0.0),
            ("final", track.final, track.gain),
        ):
            knows = rng.random((len(mine), len(questions))) < cohort.sigmoid(
                ability[mine, None] + shift - np.array([q.difficulty for q in questions])
            )
            wrong = rng.integers(0, 3, size=knows.shape)
            chosen = np.empty(knows.shape, dtype="<U1")
            for j, q in enumerate(questions):
                options = np.array(q.wrong_answers())
                chosen[:, j] = np.where(knows[:, j], q.right[0], options[wrong[:, j]])
            answers[(t, kind)] = chosen
    grades = folder / "grades.csv"
    with open(grades, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        header = list(cohort.GRADE_HEADER)
        columns = [(kind, t) for kind in ("pretest", "quiz", "final") for t in range(len(model))]
        for kind, t in columns:
            sub = words[kind] if kind != "quiz" else words["lesson"]
            block = words[kind] if kind != "quiz" else words["check"]
            name = f"{words[kind]} {t + 1}: {sub} - {block}"
            header += [f"{name} (Earned)", f"{name} (Possible)"]
        writer.writerow(header)
        position = {
            t: {n: i for i, n in enumerate(np.flatnonzero(track_of == t))}
            for t in range(len(model))
        }
        for n in range(learners):
            t = int(track_of[n])
            cells: list[object] = []
            for kind, tt in columns:
                if tt != t or kind == "quiz":
                    cells += ["Not Attempted", float(QUESTIONS if kind != "quiz" else 1)]
                    continue
                questions = model[t].pretest if kind == "pretest" else model[t].final
                row = answers[(t, kind)][position[t][n]]
                earned = sum(row[j] == q.keyed[0] for j, q in enumerate(questions))
                cells += [float(earned), float(QUESTIONS)]
            writer.writerow([n + 1, f"u{n}@example.org", f"u{n:06d}", "enrolled", 0.5, *cells])
    responses = folder / "responses.csv"
    with open(responses, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(cohort.RESPONSE_HEADER)
        for t, track in enumerate(model):
            mine = np.flatnonzero(track_of == t)
            for kind, questions, url in (
                ("pretest", track.pretest, cohort.pretest_url(track)),
                ("final", track.final, cohort.final_url(track)),
            ):
                title = words[kind]
                location = f"{words['course']} > {track.titles['pl']} > {title} > {title} > {title}"
                key = f"block-v1:{cohort.ORG}+{cohort.NUMBER}+{run}+type@latarnia_quiz+block@{url}"
                chosen = answers[(t, kind)]
                prompts = [f"Pytanie {q.id}?" for q in questions]
                for row_index, n in enumerate(mine):
                    username = f"u{n:06d}"
                    sheet = chosen[row_index]
                    state = json.dumps({"attempts": 1})
                    rows = []
                    for j, q in enumerate(questions):
                        a = str(sheet[j])
                        right = a == q.keyed[0]
                        rows.append(
                            [
                                username,
                                title,
                                location,
                                f"Pytanie {q.id}, {a}",
                                a,
                                1,
                                "correct" if right else "incorrect",
                                kind,
                                1.0,
                                q.mirrors,
                                prompts[j],
                                q.id,
                                1.0 if right else 0.0,
                                key,
                                state,
                            ]
                        )
                    writer.writerows(rows)
    return course, grades, responses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=100_000)
    args = parser.parse_args()
    folder = WORK / str(args.learners)
    if not (folder / "responses.csv").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        write_reports(folder, args.learners)
        print(f"generated in {time.perf_counter() - started:.1f} s")
    sizes = {p.name: p.stat().st_size / 1e6 for p in folder.glob("*.csv")}
    command = [
        str(Path(sys.executable).parent / "latarnia"),
        "report",
        str(folder / "course"),
        "--grades",
        str(folder / "grades.csv"),
        "--responses",
        str(folder / "responses.csv"),
        "-o",
        str(folder / "out"),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env={"LATARNIA_LANG": "en", "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"latarnia report, {args.learners:,} learners × {2 * QUESTIONS} questions "
        f"({args.learners * 2 * QUESTIONS:,} response rows; "
        f"responses {sizes['responses.csv']:.0f} MB, "
        f"grades {sizes['grades.csv']:.0f} MB): {seconds:.1f} s, {peak:.0f} MB peak"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
