"""`latarnia preview`: build the course, serve it in the XBlock SDK workbench, rebuild on change.

Each lesson of the built course becomes one workbench page (a "scenario") holding its units in
order, so a trainer reads the lesson and takes its quiz as a learner would. Learner state lives
in the preview's work folder and survives restarts and rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from latarnia_builder.i18n import _
from latarnia_builder.preview_page import INDEX, STATUS, ShownProblem, digest
from latarnia_builder.problems import Problem, ordered
from lxml import etree

if TYPE_CHECKING:
    from latarnia_builder.build import BuildResult

POLL_SECONDS = 0.05  # the course folder is a few dozen files: a walk costs ~0.3 ms
SETTLE_SECONDS = 0.01
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
    pages: list[LessonPage] = []
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
    from latarnia_builder.read import CourseReader

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


def _install_pages(pages: list[LessonPage]) -> Callable[[list[LessonPage]], int]:
    """Make the workbench list the course's lessons after the blocks' own scenarios.

    Returns a function that shows new pages after a rebuild and returns how many it loaded:
    only the pages that changed are loaded again (loading one writes each block's fields to
    the workbench's database, ~15 ms a block), each under the ids it had, so the learner
    state stored under them is kept.
    """
    from django.db import transaction
    from workbench import runtime, scenarios

    original_init = scenarios.init_scenarios
    lock = threading.RLock()
    shown: dict[str, LessonPage] = {}
    # The workbench asks the installed packages for asides once per block it renders
    # (a scan of every entry point, ~15 ms); they do not change while the preview runs.
    asides = runtime.WorkbenchRuntime.applicable_aside_types(None, None)
    runtime.WorkbenchRuntime.applicable_aside_types = lambda _self, _block: asides
    runtime.WorkbenchDjangoKeyValueStore.set_many = _set_many

    def show(new_pages: list[LessonPage]) -> int:
        wanted = {page.name: page for page in new_pages}
        with lock, transaction.atomic():  # one write to the database, not one per field
            stale = [name for name, page in shown.items() if wanted.get(name) != page]
            for name in stale:
                scenarios.SCENARIOS.pop(name, None)
                _forget_ids(shown.pop(name).description)
            loaded = 0
            for page in new_pages:
                if page.name in shown:
                    continue
                _forget_ids(page.description)
                try:
                    scenarios.add_xml_scenario(page.name, page.description, page.xml)
                except Exception as error:  # one broken page must not take the index down
                    print(f"preview: cannot show {page.name}: {error!r}", file=sys.stderr)
                    continue
                shown[page.name] = page
                loaded += 1
        return loaded

    def init_scenarios() -> None:
        with lock:
            runtime.ID_MANAGER.clear()
            original_init()
            current = list(shown.values()) or pages
            shown.clear()
            show(current)

    scenarios.init_scenarios = init_scenarios
    init_scenarios()
    scenarios.get_scenarios.initialized = True
    return show


def _set_many(store, update_dict: dict) -> None:
    """The workbench's store writes a block's fields one by one, each a read and a write of
    the same database row (the block's content, its settings…); write each row once."""
    from workbench.models import XBlockState

    rows: dict[tuple, tuple[XBlockState, dict]] = {}
    for key, value in update_dict.items():
        row = (key.scope, key.block_scope_id, key.user_id)
        if row not in rows:
            record = XBlockState.get_for_key(key)
            rows[row] = (record, json.loads(record.state))
        rows[row][1][key.field_name] = value
    for record, state in rows.values():
        record.state = store._to_json_str(state)
        record.save()


def _forget_ids(description: str) -> None:
    """Let a scenario be loaded again under the ids it had.

    The workbench numbers the blocks of a scenario per scenario (``<slug>.<type>.d0.u0``, the
    slug made from its description) and appends children on load; starting the scenario's
    numbering and children afresh gives the same ids, hence the same learner state."""
    from django.template.defaultfilters import slugify
    from workbench import runtime
    from workbench.models import XBlockState

    prefix = slugify(description) + "."
    ids = runtime.ID_MANAGER
    for table in (
        ids._block_types_to_id_seq,
        ids._def_ids_to_id_seq,
        ids._usages,
        ids._definitions,
        ids._aside_defs,
        ids._aside_usages,
    ):
        for key in [key for key in table if key.startswith(prefix)]:
            del table[key]
    XBlockState.objects.filter(scope="children", scope_id__startswith=prefix).delete()


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
    """Build ``course_dir``, serve it at http://host:port/ and rebuild on change until Ctrl-C.

    While the sources have problems, every page shows them at the top (and the terminal
    prints them); an open page reloads by itself when a build changed it."""
    from latarnia_builder.build import BuildSession

    course_dir = course_dir.resolve()
    shown_from = Path.cwd()  # the terminal and the pages show paths relative to it
    primary = primary_language(course_dir)
    shown = lang or primary or "unknown"
    work = work_dir(course_dir, shown)
    session = BuildSession(course_dir, work / "out", [shown])
    result = session.build(archive=False)
    problems = _shown(result, shown_from)
    TERMINAL.report(problems)
    if not result.olx_dirs and (not watch or (lang or primary) is None):
        print("Nothing to preview: fix the problems above, then run again.", file=sys.stderr)
        return 1
    olx_dir = session.out_dir / shown / "course"  # where every build of ``shown`` writes
    pages = lesson_pages(olx_dir, shown) if result.ok else []

    _start_django(work, shown, olx_dir / "static")
    show = _install_pages(pages)
    STATUS.finished(problems, _digests(pages))

    if watch:
        threading.Thread(
            target=_watch, args=(course_dir, session, shown, show, shown_from), daemon=True
        ).start()

    from django.core.management import call_command

    url = f"http://{host}:{port}/"
    print(f"Latarnia preview of {course_dir} ({shown}): {url}", flush=True)
    print("Each lesson is a page on that index. Ctrl-C stops.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
    return 0


def _digests(pages: list[LessonPage]) -> dict[str, str]:
    """Each page's fingerprint, and the index's (its list of pages)."""
    found = {page.name: digest(page.description, page.xml) for page in pages}
    found[INDEX] = digest(*(f"{page.name}\0{page.description}" for page in pages))
    return found


def _watch(
    course_dir: Path,
    session,
    lang: str,
    show: Callable[[list[LessonPage]], int],
    shown_from: Path,
) -> None:
    before = _snapshot(course_dir)
    while True:
        time.sleep(POLL_SECONDS)
        now = _snapshot(course_dir)
        if now == before:
            continue
        # An editor's save may take more than one write: build once it has settled.
        while True:
            time.sleep(SETTLE_SECONDS)
            settled = _snapshot(course_dir)
            if settled == now:
                break
            now = settled
        before = now
        rebuild(session, lang, show, shown_from)


def rebuild(session, lang: str, show: Callable[[list[LessonPage]], int], shown_from: Path) -> None:
    """Build again after a change and tell the open pages (``STATUS``)."""
    started = time.perf_counter()
    try:
        result = session.build(archive=False)
    except Exception as error:  # a preview must survive anything a half-saved file does
        print(f"preview: rebuild failed: {error}", file=sys.stderr, flush=True)
        return
    problems = _shown(result, shown_from)
    TERMINAL.report(problems)
    if result.ok and lang in result.olx_dirs:
        pages = lesson_pages(result.olx_dirs[lang], lang)
        loaded = show(pages)
        STATUS.finished(problems, _digests(pages))  # (warnings only)
        took = time.perf_counter() - started
        print(
            _("preview: rebuilt in {seconds} s ({count} pages changed)").format(
                seconds=f"{took:.2f}", count=loaded
            ),
            flush=True,
        )
    else:
        STATUS.finished(problems)
        print(
            _("preview: the pages show the problems above until they are fixed"),
            file=sys.stderr,
            flush=True,
        )


def _shown(result: BuildResult, shown_from: Path) -> list[ShownProblem]:
    """A build's errors, then the warnings ``latarnia check`` would print: the sources' own
    (keys under an old name) and, when the course built, the advice on its content."""
    from latarnia_builder.build import advice

    warnings = [*result.warnings, *advice(result.courses)]
    return [
        *_shown_problems(result.problems, shown_from),
        *_shown_problems(warnings, shown_from, warning=True),
    ]


def _shown_problems(
    problems: list[Problem], shown_from: Path, warning: bool = False
) -> list[ShownProblem]:
    """The problems in report order, each file relative to where the preview was started
    (the preview itself runs in its work folder)."""
    shown = []
    for problem in ordered(problems):
        where = problem.where
        try:
            path = os.path.relpath(where.file, shown_from)
        except ValueError:  # another drive on Windows
            path = str(where.file)
        if path.startswith(".."):
            path = str(where.file)
        shown.append(
            ShownProblem(
                f"{path}:{where.line}:{where.column}", problem.message, problem.hint, warning
            )
        )
    return shown


class _Terminal:
    """What the terminal prints after each build: every error, and the warnings when they
    changed (the same warnings after every save would bury the rest)."""

    def __init__(self) -> None:
        self.warnings: list[ShownProblem] = []

    def report(self, problems: list[ShownProblem]) -> None:
        warnings = [p for p in problems if p.warning]
        for problem in problems:
            if problem.warning and warnings == self.warnings:
                continue
            message = problem.message
            if problem.warning:
                message = _("warning: {message}").format(message=message)
            text = f"{problem.where}: {message}"
            print(f"{text} — {problem.hint}" if problem.hint else text, file=sys.stderr, flush=True)
        self.warnings = warnings


TERMINAL = _Terminal()
