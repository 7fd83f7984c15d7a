"""Benchmark of the trainer's loop: save a lesson, see the change in the open preview page.

    .venv/bin/python bench/preview_bench.py            # 10 saves of each kind
    .venv/bin/python bench/preview_bench.py --saves 3  # quicker

It copies the real course (course/) to bench/.work/preview/, starts `latarnia preview` on it
as `make preview` does, opens the lesson "Jak sprawdzić ofertę pracy" in headless Chromium
and then, again and again, saves the lesson file and waits until the open page shows the
change, without a manual reload:

* a text edit (a word in the lesson's first text block);
* a quiz edit (a word in the prompt of the lesson's first question);
* a broken edit (an unknown assignment type): the page must show the banner naming
  file:line of the mistake; then the fix, until the banner is gone.

Save-to-visible is the time from writing the file to the change being visible in the page.
It prints the median and the worst of each kind against the targets (docs/performance.md)
and exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM_ARGS  # noqa: E402 (the repository's root goes first)
from tests.support.servers import free_port, running  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "preview"
BIN = Path(sys.executable).parent
LESSON = Path("pl") / "lessons" / "praca-sprawdz-oferte.yaml"
LESSON_TITLE = "Jak sprawdzić ofertę pracy"
TEXT = "Niektóre oferty pracy służą do werbowania ludzi"
QUIZ = "Na portalu z ofertami pracy widzisz ogłoszenie"
BROKEN = ("assignment: quiz\n", "assignment: quizz\n")
TARGETS = {"text": 0.5, "quiz": 1.0, "broken": 0.5}  # median, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10, help="saves of each kind (default 10)")
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    course = WORK / "course"
    shutil.copytree(ROOT / "course", course)
    lesson = course / LESSON
    original = lesson.read_text(encoding="utf-8")
    for name, text in (("TEXT", TEXT), ("QUIZ", QUIZ), ("BROKEN", BROKEN[0])):
        if text not in original:  # the course was edited: say so rather than wait in vain
            raise SystemExit(f"{name} ({text!r}) is no longer in {LESSON}: update {__file__}")
    port = free_port()
    cmd = [str(BIN / "latarnia"), "preview", str(course), "--port", str(port)]

    from playwright.sync_api import sync_playwright

    with running(cmd, WORK, port) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(url + "/")
        href = page.get_by_role("link", name=LESSON_TITLE, exact=False).first.get_attribute("href")
        page.goto(url + href)
        blocks = page.locator("[data-block-type]")  # not the scenario source the workbench shows
        blocks.get_by_text(TEXT).first.wait_for()

        def save_and_wait(edited: str, visible: Callable[[], None]) -> float:
            started = time.perf_counter()
            lesson.write_text(edited, encoding="utf-8")
            visible()
            return time.perf_counter() - started

        def shows(text: str) -> Callable[[], None]:
            return lambda: blocks.get_by_text(text).first.wait_for(timeout=20_000)

        figures: dict[str, list[float]] = {"text": [], "quiz": [], "broken": []}
        for n in range(args.saves):
            marker = f"Zmiana{n}"
            figures["text"].append(
                save_and_wait(original.replace(TEXT, f"{marker} {TEXT}", 1), shows(marker))
            )
            marker = f"Pytanie{n}"
            figures["quiz"].append(
                save_and_wait(original.replace(QUIZ, f"{marker} {QUIZ}", 1), shows(marker))
            )
            banner = page.get_by_role("alert").filter(has_text=f"{LESSON.name}:")

            def banner_shown() -> None:
                banner.wait_for(timeout=20_000)  # noqa: B023 (used at once)

            figures["broken"].append(save_and_wait(original.replace(*BROKEN, 1), banner_shown))
            save_and_wait(original, lambda: banner.wait_for(state="detached", timeout=20_000))  # noqa: B023
            time.sleep(0.3)  # let the preview settle, as a trainer reads before saving again
        browser.close()
    lesson.write_text(original, encoding="utf-8")

    failed = False
    print(f"save to visible, real course, {args.saves} saves of each kind (seconds)")
    print(f"{'edit':<8} {'median':>7} {'worst':>7} {'target (median)':>16}")
    for kind, times in figures.items():
        median, worst = statistics.median(times), max(times)
        met = median <= TARGETS[kind]
        failed |= not met
        verdict = "met" if met else "MISSED"
        print(f"{kind:<8} {median:7.2f} {worst:7.2f} {f'≤ {TARGETS[kind]} s — {verdict}':>16}")
    print("all:", {kind: [round(t, 3) for t in times] for kind, times in figures.items()})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
