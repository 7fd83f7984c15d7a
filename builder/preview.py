"""`latarnia preview`: build the course, serve it in the XBlock SDK workbench, rebuild on change.

Each lesson of the built course becomes one workbench page (a "scenario") holding its units in
order, so a trainer reads the lesson and takes its quiz as a learner would. Learner state lives
in the preview's work folder and survives restarts and rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

POLL_SECONDS = 0.5
SCENARIO_PREFIX = "latarnia"  # workbench scenario names; the index lists them sorted by name


@dataclass(frozen=True)
class LessonPage:
    """One lesson of the built OLX, as a workbench scenario."""

    name: str  # sortable scenario name, e.g. "latarnia-pl-03-praca-twoje-prawa"
    description: str  # what the workbench index shows
    xml: str  # <vertical_demo> holding the lesson's blocks


def lesson_pages(olx_dir: Path, lang: str) -> list[LessonPage]:
    """Read the lessons (sequentials) of a built OLX course folder, in course order."""
    pointer = etree.parse(str(olx_dir / "course.xml")).getroot()
    course = _load(olx_dir, "course", pointer.get("url_name", ""))
    pages = []
    for chapter in _children(olx_dir, course, "chapter"):
        for sequential in _children(olx_dir, chapter, "sequential"):
            page = etree.Element("vertical_demo")
            for vertical in _children(olx_dir, sequential, "vertical"):
                heading = etree.SubElement(page, "latarnia_lesson")
                heading.set("display_name", vertical.get("display_name", ""))
                h2 = etree.Element("h2")
                h2.text = vertical.get("display_name", "")
                etree.SubElement(heading, "content").text = etree.tostring(h2, encoding="unicode")
                for block in vertical:
                    if isinstance(block.tag, str):
                        page.append(_strip_url_name(block))
            number = len(pages) + 1
            pages.append(
                LessonPage(
                    name=f"{SCENARIO_PREFIX}-{lang}-{number:03d}-{sequential.get('url_name')}",
                    description=f"[{lang}] {chapter.get('display_name', '')} — "
                    f"{sequential.get('display_name', '')}",
                    xml=etree.tostring(page, encoding="unicode"),
                )
            )
    return pages


def _load(olx_dir: Path, tag: str, url_name: str) -> etree._Element:
    node = etree.parse(str(olx_dir / tag / f"{url_name}.xml")).getroot()
    node.set("url_name", url_name)
    return node


def _children(olx_dir: Path, parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children of ``parent`` with ``tag``, following OLX pointers (a tag holding only url_name)."""
    for child in parent.findall(tag):
        if set(child.attrib) == {"url_name"} and len(child) == 0:
            yield _load(olx_dir, tag, child.get("url_name"))
        else:
            yield child


def _strip_url_name(block: etree._Element) -> etree._Element:
    # The workbench makes its own ids; url_name is an Open edX notion it does not know.
    copy = etree.fromstring(etree.tostring(block))
    copy.attrib.pop("url_name", None)
    return copy


# -- the workbench ---------------------------------------------------------------------------


def work_dir(course_dir: Path, lang: str) -> Path:
    """The folder of one language's preview of a course: its build and its database (learner
    state), kept between runs. Each language has its own, so that previews of one course in
    two languages, side by side, do not share (and reset) one database."""
    digest = hashlib.sha1(str(course_dir.resolve()).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"latarnia-preview-{digest}" / lang


def primary_language(course_dir: Path) -> str | None:
    """The course's first language, or None when course.yaml cannot be read."""
    from latarnia_builder.validate import CourseReader

    settings = CourseReader(course_dir).settings()
    return settings.languages[0] if settings is not None else None


def _start_django(work: Path, lang: str, static_dir: Path) -> None:
    (work / "var").mkdir(parents=True, exist_ok=True)
    os.chdir(work)  # the workbench keeps var/workbench.db and var/workbench.log relative to the cwd
    os.environ["DJANGO_SETTINGS_MODULE"] = "latarnia_builder.preview_settings"
    os.environ["EXCLUDE_SAMPLE_XBLOCKS"] = "yes"
    os.environ["LATARNIA_PREVIEW_LANG"] = lang
    os.environ["LATARNIA_PREVIEW_STATIC"] = str(static_dir)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)


def _install_pages(get_pages: Callable[[], list[LessonPage]]) -> Callable[[], None]:
    """Make the workbench list the course's lessons after the blocks' own scenarios.

    Returns a function that reloads every scenario (after a rebuild) with the same ids, so the
    learner state stored under them is kept.
    """
    from workbench import runtime, scenarios

    original_init = scenarios.init_scenarios
    lock = threading.Lock()

    def init_scenarios() -> None:
        with lock:
            runtime.ID_MANAGER.clear()
            original_init()
            for page in get_pages():
                try:
                    scenarios.add_xml_scenario(page.name, page.description, page.xml)
                except Exception as error:  # one broken page must not take the index down
                    print(f"preview: cannot show {page.name}: {error!r}", file=sys.stderr)

    scenarios.init_scenarios = init_scenarios

    def reload() -> None:
        init_scenarios()
        scenarios.get_scenarios.initialized = True

    return reload


def _snapshot(course_dir: Path) -> dict[str, tuple[int, int]]:
    files = {}
    for root, _dirs, names in os.walk(course_dir):
        for name in names:
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


def serve(course_dir: Path, *, host: str, port: int, lang: str | None, watch: bool) -> int:
    """Build ``course_dir``, serve it at http://host:port/ and rebuild on change until Ctrl-C."""
    from latarnia_builder.build import BuildSession

    course_dir = course_dir.resolve()
    shown = lang or primary_language(course_dir) or "unknown"
    work = work_dir(course_dir, shown)
    session = BuildSession(course_dir, work / "out", [shown])
    result = session.build(archive=False)
    _report(result)
    if not result.olx_dirs:
        print("Nothing to preview: fix the problems above, then run again.", file=sys.stderr)
        return 1
    olx_dir = result.olx_dirs[shown]
    state = {"pages": lesson_pages(olx_dir, shown)}

    _start_django(work, shown, olx_dir / "static")
    reload = _install_pages(lambda: state["pages"])
    reload()

    if watch:
        threading.Thread(
            target=_watch, args=(course_dir, session, shown, state, reload), daemon=True
        ).start()

    from django.core.management import call_command

    url = f"http://{host}:{port}/"
    print(f"Latarnia preview of {course_dir} ({shown}): {url}", flush=True)
    print("Each lesson is a page on that index. Ctrl-C stops.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
    return 0


def _watch(course_dir: Path, session, lang: str, state: dict, reload: Callable[[], None]) -> None:
    before = _snapshot(course_dir)
    while True:
        time.sleep(POLL_SECONDS)
        now = _snapshot(course_dir)
        if now == before:
            continue
        before = now
        started = time.perf_counter()
        try:
            result = session.build(archive=False)
        except Exception as error:  # a preview must survive anything a half-saved file does
            print(f"preview: rebuild failed: {error}", file=sys.stderr, flush=True)
            continue
        _report(result)
        if result.ok and lang in result.olx_dirs:
            state["pages"] = lesson_pages(result.olx_dirs[lang], lang)
            reload()
            took = time.perf_counter() - started
            print(f"preview: rebuilt in {took:.2f} s — reload the page", flush=True)


def _report(result) -> None:
    for problem in result.problems:
        print(problem, file=sys.stderr, flush=True)
