"""Benchmark of `latarnia build` against text2qti on the same 10,000 questions.

    .venv/bin/python bench/build_bench.py              # 3 interleaved runs (about 2 minutes)
    .venv/bin/python bench/build_bench.py --repeat 5   # more runs, for a busy machine
    .venv/bin/python bench/build_bench.py --quick      # one run of each measurement

It generates, under bench/.work/ (not in git):

* a synthetic course of 1,000 lessons × 10 questions × 4 choices, with feedback on every
  choice (about 9.8 MB of YAML), and the same course with 100 lessons;
* the same 10,000 questions as one text2qti source file.

Then it measures, each in a fresh process and interleaved (so that other jobs on a shared
machine weigh on each alike): a cold `latarnia build` of the 1,000 lessons with --jobs 1 and
with one process per core, of the 100 lessons, and text2qti on the same questions — wall
time and CPU time (user + system, of every process of the run), with nothing else of the
benchmark running meanwhile. Memory is measured in runs of its own, one of each command
after the timed ones: the peak of the sum of the RSS of the run's processes (the main one
and its workers), sampled every 10 ms from /proc, with PSS beside it (a page shared by n
processes counts 1/n there; RSS counts it in each). Sampling takes a tenth to a fifth of a
core, which a two-process build on two cores has to give up: in the timed runs it would
weigh on the build and not on text2qti, which leaves a core idle.

And in this process a rebuild after editing one lesson of the 1,000 through
BuildSession, as `latarnia preview` does. It prints the figures against the targets of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
REPO = HERE.parent
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
        "          max_attempts: 2",
        "          questions:",
    ]
    for question in range(10):
        correct = rng.randrange(4)
        lines += [
            f"            - id: l{number:04d}-q{question:02d}",
            f"              prompt: {sentence(rng, 9)}",
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
        "end: 2027-12-31\ngrading:\n  pass_mark: 0.6\n  assignments:\n"
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
        out.append(f"{number}.  {question['prompt']}")
        for letter, choice in zip("abcd", question["choices"], strict=True):
            mark = "*" if choice.get("correct") else ""
            out.append(f"{mark}{letter})  {choice['text']}")
            out.append(f"... {choice['feedback']}")
        out.append("")
        number += 1
    return out


# -- measuring ------------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured run of a command."""

    seconds: float  # wall time
    cpu: float  # user + system time of the command and every process it started
    rss_sum: float  # MB: the peak of the sum of the RSS of the command's processes
    pss_sum: float  # MB: the same with PSS (a page shared by n processes counts 1/n)
    max_rss: float  # MB: ru_maxrss, the largest single process


def measure(command: list[str], cwd: Path, memory: bool = False) -> Run:
    """Run ``command`` as the only child of a helper process, and measure it (see Run):
    its time, or with ``memory`` its memory (the time of a sampled run is not reported)."""
    helper = [sys.executable, __file__, "--run", "--sample" if memory else "--time", "--", *command]
    done = subprocess.run(helper, cwd=cwd, capture_output=True, text=True, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result.pop("returncode") != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return Run(**result)


def run_child(command: list[str], sample: bool) -> None:
    """The helper: start ``command``, and with ``sample`` sample the memory of its process
    tree every 10 ms from /proc (without, only wait for it); print the figures as JSON."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    rss_peak = pss_peak = 0
    if not sample:
        child.wait()
    while child.poll() is None:
        rss = pss = 0
        for pid in _tree(child.pid):
            rss += _proc_kb(f"/proc/{pid}/status", "VmRSS:")
            pss += _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
        rss_peak, pss_peak = max(rss_peak, rss), max(pss_peak, pss)
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers were waited for too
    figures = {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_sum": rss_peak / 1024,
        "pss_sum": pss_peak / 1024,
        "max_rss": usage.ru_maxrss / 1024,
        "returncode": child.returncode,
    }
    print(json.dumps(figures))


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (Linux: each thread's /proc/…/children, a few reads
    rather than a scan of every process, so that sampling takes little of the CPU)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.scandir(f"/proc/{pid}/task"):
                with open(f"{task.path}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def _proc_kb(path: str, key: str) -> int:
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


OUTPUTS = WORK / "outputs"  # one new folder for each cold build, removed at the end


def cold_build(course: Path, jobs: int, memory: bool = False) -> Run:
    """A build into a folder that never existed. (Removing the previous run's 1,000 files
    just before made the next run's file creations 0.5 s slower on the bench machine, in
    system time: ext4 still freeing them. That is the benchmark's cost, not the build's.)"""
    OUTPUTS.mkdir(exist_ok=True)
    out = OUTPUTS / f"{course.name}-{len(list(OUTPUTS.iterdir())) + 1}"
    command = [str(BIN / "latarnia"), "build", str(course), "-o", str(out), f"--jobs={jobs}"]
    return measure(command, WORK, memory)


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
        run_child(sys.argv[4:], sample=sys.argv[2] == "--sample")
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one repetition of each measurement")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default: 3)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="the many-process run's --jobs"
    )
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    WORK.mkdir(exist_ok=True)

    # Both tools start as installed: pip compiles a wheel's modules to bytecode, and text2qti
    # was installed so; the editable latarnia would otherwise compile its modules at every
    # start where PYTHONDONTWRITEBYTECODE is set (0.05-0.1 s a run on the bench machine).
    compileall.compile_dir(REPO / "builder", quiet=1)
    compileall.compile_dir(REPO / "xblocks", quiet=1)
    shutil.rmtree(OUTPUTS, ignore_errors=True)  # (a run interrupted before its end)
    for stale in WORK.glob("out-course-*"):  # (the folders of older versions of this script)
        shutil.rmtree(stale, ignore_errors=True)
    print("Generating the synthetic courses…", file=sys.stderr)
    big, big_quiz, size = generate(1000)
    small, _small_quiz, _ = generate(100)
    # Interleaved, so that other jobs on a shared machine weigh on each alike.
    one: list[Run] = []
    many: list[Run] = []
    qti: list[Run] = []
    small_runs: list[Run] = []
    text2qti = [str(BIN / "text2qti"), str(big_quiz)]
    load_before = os.getloadavg()[0]
    for number in range(1, repeat + 1):
        print(f"Run {number} of {repeat}: latarnia build, text2qti…", file=sys.stderr)
        one.append(cold_build(big, jobs=1))
        many.append(cold_build(big, jobs=args.jobs))
        small_runs.append(cold_build(small, jobs=args.jobs))
        qti.append(measure(text2qti, big_quiz.parent))
    print("Memory: one sampled run of each…", file=sys.stderr)
    peaks = {
        "one": cold_build(big, jobs=1, memory=True),
        "many": cold_build(big, jobs=args.jobs, memory=True),
        "small": cold_build(small, jobs=args.jobs, memory=True),
        "qti": measure(text2qti, big_quiz.parent, memory=True),
    }
    shutil.rmtree(OUTPUTS, ignore_errors=True)
    print("Rebuilding after editing one lesson…", file=sys.stderr)
    rebuild, rebuild_archive = rebuild_one_lesson(big, max(repeat, 5))

    def wall(runs: list[Run]) -> float:
        return statistics.median(r.seconds for r in runs)

    def cpu(runs: list[Run]) -> float:
        return statistics.median(r.cpu for r in runs)

    def row(name: str, runs: list[Run], sampled: Run) -> tuple[str, str, str]:
        rss, pss = sampled.rss_sum, sampled.pss_sum
        fastest = min(r.seconds for r in runs)
        figures = (
            f"{wall(runs):.2f} s (min {fastest:.2f}), CPU {cpu(runs):.2f} s, "
            f"{rss:.0f} MB RSS ({pss:.0f} MB PSS)"
        )
        return name, figures, ""

    memory = max(peaks["one"].rss_sum, peaks["many"].rss_sum)
    rows = [
        ("synthetic course", f"1,000 lessons, 10,000 questions, {size / 1e6:.1f} MB of YAML", ""),
        row("latarnia build --jobs 1", one, peaks["one"]),
        row(f"latarnia build --jobs {args.jobs}", many, peaks["many"]),
        row(f"  … 100 lessons, --jobs {args.jobs}", small_runs, peaks["small"]),
        row("text2qti, same questions", qti, peaks["qti"]),
    ]
    # The target is for a build as trainers run it: one process per core (the default).
    for label, runs, target in (("--jobs 1", one, False), (f"--jobs {args.jobs}", many, True)):
        speedup = wall(qti) / wall(runs)
        verdict = _verdict(speedup >= 6, "≥ 6×") if target else "(one core: for comparison)"
        rows.append((f"wall-time speed-up, {label}", f"{speedup:.1f}×", verdict))
        rows.append(("  … in CPU time", f"{cpu(qti) / cpu(runs):.1f}×", ""))
    rows += [
        (
            "peak memory of the cold builds",
            f"{memory:.0f} MB",
            _verdict(memory <= 150, "≤ 150 MB"),
        ),
        (
            "rebuild after editing one lesson",
            f"{rebuild:.3f} s",
            _verdict(rebuild < 0.2, "< 0.2 s"),
        ),
        ("  … and writing the .tar.gz too", f"{rebuild_archive:.2f} s", ""),
    ]
    width = max(len(r[0]) for r in rows) + 2
    value_width = max(len(r[1]) for r in rows) + 2
    print(f"{'measure':<{width}}{'result':<{value_width}}target")
    for name, value, verdict in rows:
        print(f"{name:<{width}}{value:<{value_width}}{verdict}")
    print(
        f"({repeat} timed run(s) each, interleaved: median wall and CPU time; memory: one more "
        f"run each, the peak of the sum over the run's processes, sampled every 10 ms; "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} at the end)"
    )
    return 0


def _verdict(met: bool, target: str) -> str:
    return f"{target}  {'met' if met else 'NOT MET'}"


if __name__ == "__main__":
    sys.exit(main())
