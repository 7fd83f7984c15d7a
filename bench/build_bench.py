"""Benchmark of `latarnia build` against text2qti on the same 10,000 questions.

    .venv/bin/python bench/build_bench.py            # the full run (about two minutes)
    .venv/bin/python bench/build_bench.py --quick    # one repetition of each measurement

It generates, under bench/.work/ (not in git):

* a synthetic course of 1,000 lessons × 10 questions × 4 choices, with feedback on every
  choice (about 9 MB of YAML), and the same course with 100 lessons;
* the same 10,000 questions as one text2qti source file.

Then it measures, each in a fresh process: a cold `latarnia build` of both courses, and
text2qti on the same questions (wall time and peak memory); and in this process a rebuild
after editing one lesson of the 1,000 through BuildSession, as `latarnia preview` does.
It prints a table of the figures against the targets (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
BIN = Path(sys.executable).parent

WORDS = [
    "praca",
    "oferta",
    "pracodawca",
    "umowa",
    "paszport",
    "agencja",
    "wyjazd",
    "granica",
    "pomoc",
    "telefon",
    "policja",
    "zaufanie",
    "dokumenty",
    "wynagrodzenie",
    "mieszkanie",
    "rejestr",
    "dojazd",
    "kontakt",
    "ogłoszenie",
    "zarobek",
    "komunikator",
    "znajomy",
    "koordynator",
    "hotel",
    "pensja",
    "godziny",
    "nadgodziny",
    "dług",
    "kaucja",
    "zaliczka",
    "pośrednik",
    "przewoźnik",
    "autobus",
    "granicy",
    "zatrudnienie",
    "legalnie",
    "ryzyko",
    "sygnał",
    "ostrzeżenie",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def lesson_yaml(rng: random.Random, number: int) -> str:
    lines = [
        f"title: Lekcja {number}",
        "assignment: quiz",
        "objectives:",
        f"  - {sentence(rng, 9)}",
        f"  - {sentence(rng, 9)}",
        "units:",
        "  - id: wstep",
        "    title: Wprowadzenie",
        "    blocks:",
        "      - text: |",
        f"          {sentence(rng, 22)} **{sentence(rng, 4)}**",
        "",
        f"          - {sentence(rng, 6)}",
        f"          - {sentence(rng, 6)}",
        "  - id: sprawdz",
        "    title: Sprawdź się",
        "    blocks:",
        "      - quiz:",
        "          id: quiz",
        "          attempts: 2",
        "          questions:",
    ]
    for question in range(10):
        correct = rng.randrange(4)
        lines += [
            f"            - id: l{number:04d}-q{question:02d}",
            f"              ask: {sentence(rng, 9)}",
            "              choices:",
        ]
        for choice in range(4):
            lines.append(f"                - text: {sentence(rng, 6)}")
            if choice == correct:
                lines.append("                  correct: true")
            lines.append(f"                  feedback: {sentence(rng, 8)}")
    lines += ["sources:", "  - title: Kodeks pracy, art. 29", "    date: 2016-09-01", ""]
    return "\n".join(lines)


def generate(lessons: int) -> tuple[Path, Path, int]:
    """The course folder, the text2qti file with the same questions, and the YAML size."""
    root = WORK / f"course-{lessons}"
    if root.exists():
        shutil.rmtree(root)
    size, qti = write_course(root, lessons)
    quiz = WORK / f"text2qti-{lessons}" / "quiz.txt"
    if quiz.parent.exists():
        shutil.rmtree(quiz.parent)
    quiz.parent.mkdir(parents=True)
    quiz.write_text("\n".join(qti) + "\n")
    return root, quiz, size


def write_course(root: Path, lessons: int) -> tuple[int, list[str]]:
    """Write the synthetic course of ``lessons`` lessons into ``root`` (also used by
    tests/builder/test_parallel.py): the size of its lessons' YAML, and the lines of the
    text2qti file holding the same questions."""
    (root / "pl" / "lessons").mkdir(parents=True)
    (root / "course.yaml").write_text(
        "org: Bench\nnumber: B1\nrun: '1'\nlanguages: [pl]\nstart: 2026-12-01\n"
        "end: 2027-12-31\ngrading:\n  pass: 0.6\n  assignments:\n"
        "    quiz: {weight: 1, short: Q}\n"
    )
    ids = [f"lekcja-{n:04d}" for n in range(1, lessons + 1)]
    (root / "pl" / "course.yaml").write_text(
        "title: Kurs testowy\ndescription: Kurs do pomiaru szybkości.\nassignments: {quiz: Quiz}\n"
        "help:\n  title: Pomoc\n  contacts:\n    - id: kcik\n      name: KCIK\n"
        "      phone: '+48 22 628 01 20'\n      checked: 2025-10-31\n"
        "tracks:\n  - id: sciezka\n    title: Ścieżka\n    lessons:\n"
        + "".join(f"      - {i}\n" for i in ids)
    )
    rng = random.Random(lessons)
    size = 0
    qti = ["Quiz title: Bench", ""]
    for number, lesson_id in enumerate(ids, 1):
        text = lesson_yaml(rng, number)
        size += len(text.encode())
        (root / "pl" / "lessons" / f"{lesson_id}.yaml").write_text(text)
        qti += _qti_questions(text, start=(number - 1) * 10 + 1)
    return size, qti


def _qti_questions(lesson: str, start: int) -> list[str]:
    """The questions of a generated lesson, in text2qti's format."""
    import yaml

    data = yaml.load(lesson, Loader=yaml.CSafeLoader)
    out: list[str] = []
    number = start
    for question in data["units"][1]["blocks"][0]["quiz"]["questions"]:
        out.append(f"{number}.  {question['ask']}")
        for letter, choice in zip("abcd", question["choices"], strict=True):
            mark = "*" if choice.get("correct") else ""
            out.append(f"{mark}{letter})  {choice['text']}")
            out.append(f"... {choice['feedback']}")
        out.append("")
        number += 1
    return out


# -- measuring ------------------------------------------------------------------------------------


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of ``command``, run as the only child of a helper."""
    helper = [sys.executable, __file__, "--run", "--", *command]
    done = subprocess.run(helper, cwd=cwd, capture_output=True, text=True, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return result["seconds"], result["maxrss_kb"] / 1024


def run_child(command: list[str]) -> None:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": done.returncode}
        )
    )


def cold_build(course: Path, repeat: int) -> tuple[float, float]:
    out = course.parent / f"out-{course.name}"
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        runs.append(measure([str(BIN / "latarnia"), "build", str(course), "-o", str(out)], WORK))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def rebuild_one_lesson(course: Path, repeat: int) -> tuple[float, float]:
    """Seconds of BuildSession.build after editing one lesson: without and with the archive."""
    sys.path.insert(0, str(HERE.parent))
    from latarnia_builder.build import BuildSession

    session = BuildSession(course, course.parent / "out-rebuild")
    assert session.build(archive=True).ok
    lesson = course / "pl" / "lessons" / "lekcja-0500.yaml"
    original = lesson.read_text()
    plain, archived = [], []
    for attempt in range(repeat):
        for timings, archive in ((plain, False), (archived, True)):
            lesson.write_text(
                original.replace("title: Lekcja 500", f"title: Lekcja 500 ({attempt} {archive})")
            )
            started = time.perf_counter()
            result = session.build(archive=archive)
            timings.append(time.perf_counter() - started)
            assert result.ok, result.problems[:3]
    lesson.write_text(original)
    return statistics.median(plain), statistics.median(archived)


def main() -> int:
    if sys.argv[1:2] == ["--run"]:  # the helper that measures one command (see measure)
        run_child(sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one repetition of each measurement")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    WORK.mkdir(exist_ok=True)

    print("Generating the synthetic courses…", file=sys.stderr)
    big, big_quiz, size = generate(1000)
    small, _small_quiz, _ = generate(100)
    print("Building…", file=sys.stderr)
    big_time, big_memory = cold_build(big, repeat)
    small_time, small_memory = cold_build(small, repeat)
    print("Running text2qti on the same 10,000 questions…", file=sys.stderr)
    qti_time, qti_memory = measure([str(BIN / "text2qti"), str(big_quiz)], big_quiz.parent)
    print("Rebuilding after editing one lesson…", file=sys.stderr)
    rebuild, rebuild_archive = rebuild_one_lesson(big, repeat)

    speedup = qti_time / big_time
    growth = big_time / small_time
    rows = [
        ("synthetic course", f"1,000 lessons, 10,000 questions, {size / 1e6:.1f} MB of YAML", ""),
        ("latarnia build, cold (1,000 lessons)", f"{big_time:.2f} s, {big_memory:.0f} MB peak", ""),
        (
            "latarnia build, cold (100 lessons)",
            f"{small_time:.2f} s, {small_memory:.0f} MB peak",
            "",
        ),
        ("text2qti, same questions", f"{qti_time:.2f} s, {qti_memory:.0f} MB peak", ""),
        ("speed-up over text2qti", f"{speedup:.1f}×", _verdict(speedup >= 4, "≥ 4×")),
        (
            "peak memory of the cold build",
            f"{big_memory:.0f} MB",
            _verdict(big_memory <= 200, "≤ 200 MB"),
        ),
        ("10× the lessons costs", f"{growth:.1f}× the time", _verdict(growth <= 11, "≤ 11×")),
        (
            "rebuild after editing one lesson",
            f"{rebuild:.2f} s",
            _verdict(rebuild <= 0.5, "≤ 0.5 s"),
        ),
        ("  … and writing the .tar.gz too", f"{rebuild_archive:.2f} s", ""),
    ]
    width = max(len(r[0]) for r in rows) + 2
    value_width = max(len(r[1]) for r in rows) + 2
    print(f"{'measure':<{width}}{'result':<{value_width}}target")
    for name, value, verdict in rows:
        print(f"{name:<{width}}{value:<{value_width}}{verdict}")
    print(f"({repeat} run(s) each, median time; Python {sys.version.split()[0]})")
    return 0


def _verdict(met: bool, target: str) -> str:
    return f"{target}  {'met' if met else 'NOT MET'}"


if __name__ == "__main__":
    sys.exit(main())
