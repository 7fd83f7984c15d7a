"""The ``latarnia`` command: check, build, new, upgrade, schema, preview, report.

Commands only parse their arguments and wire the stages together. Exit status: 0 when all
is well, 1 when the course has problems (or the output cannot be written), 2 on a usage
error. A trainer never sees a traceback (set LATARNIA_DEBUG=1 to get one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from latarnia_builder.i18n import _, ngettext
from latarnia_builder.parallel import WorkerFailed
from latarnia_builder.problems import Problem, display_path, report

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot work: reported with exit status 2."""


def run() -> NoReturn:
    """The console script: ``main``, then leave at once, as mypy does. A build of a large
    course holds ~10^6 objects; freeing them one by one and tearing the interpreter down
    takes 0.05-0.1 s after the work is done. Every file is closed and every worker gone when
    ``main`` returns; what was printed is flushed here."""
    try:
        code = main()
    except SystemExit as leaving:  # argparse's --help and usage errors
        code = leaving.code if isinstance(leaving.code, int) else 0 if leaving.code is None else 1
        if isinstance(leaving.code, str):
            print(leaving.code, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (latarnia check | head)
        code = code or PROBLEMS
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return USAGE
    try:
        return args.run(args)
    except UsageError as error:
        print(_("latarnia: error: {error}").format(error=error), file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print(_("latarnia: interrupted"), file=sys.stderr)
        return 130
    except WorkerFailed as error:
        print(_("latarnia: error: {error}").format(error=error), file=sys.stderr)
        return PROBLEMS
    except OSError as error:
        if os.environ.get("LATARNIA_DEBUG"):
            raise
        where = f" {error.filename}" if error.filename else ""
        message = _("latarnia: error:{where}: {reason}")
        print(message.format(where=where, reason=error.strerror or error), file=sys.stderr)
        return PROBLEMS
    except SystemExit:
        raise
    except BaseException as error:  # a bug of ours: say so briefly, without a traceback
        if os.environ.get("LATARNIA_DEBUG"):
            raise
        message = _(
            "latarnia: internal error ({error}). "
            "Please report it; LATARNIA_DEBUG=1 shows the details."
        )
        print(message.format(error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return PROBLEMS


Command = Callable[[str, Callable[[argparse.Namespace], int], str, str], argparse.ArgumentParser]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="latarnia",
        description=_("Build an Open edX course from YAML lessons, and check them."),
        epilog=_(
            "Run 'latarnia COMMAND --help' for a command's options. "
            "The format is described in docs/authoring.md."
        ),
    )
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], summary: str, text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=text)
        sub.set_defaults(run=run)
        return sub

    for add in (
        _add_check,
        _add_build,
        _add_new,
        _add_upgrade,
        _add_schema,
        _add_preview,
        _add_report,
    ):
        add(command)
    return parser


def _course_help() -> str:
    return _("the course folder, holding course.yaml (default: the current folder, or ./course)")


def _lang_help() -> str:
    return _("only this language (repeat for several; default: all)")


def _jobs_help() -> str:
    return _(
        "read a large course with N processes (default: one per core; "
        "1: no worker processes). Small courses always use one"
    )


def _add_check(command: Command) -> None:
    check = command(
        "check",
        _check,
        _("check the course and report every problem"),
        _(
            "Check every file of the course and report all problems at once, each as "
            "file:line:column: message. Exit status 0 when clean, 1 when problems were found."
        ),
    )
    check.add_argument("course_dir", nargs="?", metavar="COURSE_DIR", help=_course_help())
    check.add_argument("--lang", action="append", metavar="L", help=_lang_help())
    check.add_argument("-j", "--jobs", type=_jobs, metavar="N", help=_jobs_help())
    check.add_argument(
        "--strict",
        action="store_true",
        help=_(
            "fail (exit status 1) on warnings too: keys under an old name, item quality, "
            "mirrors, stale contacts, template text, grading across tracks, media of another "
            "language"
        ),
    )


def _add_build(command: Command) -> None:
    build = command(
        "build",
        _build,
        _("check, then write the OLX folder and .tar.gz of each language"),
        _(
            "Check the course, then write for each language the OLX folder "
            "(OUT_DIR/<lang>/course/) and a .tar.gz that Studio imports (Tools → Import). "
            "Nothing is written when the course has problems."
        ),
    )
    build.add_argument("course_dir", nargs="?", metavar="COURSE_DIR", help=_course_help())
    build.add_argument("-o", "--out", metavar="OUT_DIR", help=_("where to write (default: ./out)"))
    build.add_argument("--lang", action="append", metavar="L", help=_lang_help())
    build.add_argument("-j", "--jobs", type=_jobs, metavar="N", help=_jobs_help())


def _add_new(command: Command) -> None:
    new = command(
        "new",
        _new_missing,
        _("create a new lesson that passes the checks"),
        _("Create course files from a template."),
    )
    kinds = new.add_subparsers(title=_("what to create"), metavar="WHAT")
    lesson = kinds.add_parser(
        "lesson",
        help=_("a lesson, in every language, added to a track"),
        description=_(
            "Create lessons/<ID>.yaml in every language of the course (a short "
            "template that passes 'latarnia check'; 'check' warns until its texts marked "
            "[TODO] are replaced) and put ID in a track: before the track's final test "
            "(assignment: final), else at the end, or where --after or --before says."
        ),
    )
    lesson.set_defaults(run=_new_lesson)
    lesson.add_argument("lesson_id", metavar="ID", help=_("the lesson's id, e.g. praca-umowa"))
    lesson.add_argument("--course", metavar="DIR", help=_course_help())
    lesson.add_argument("--lang", action="append", metavar="L", help=_("only this language"))
    lesson.add_argument(
        "--track", metavar="T", help=_("the track to add it to (needed when there are several)")
    )
    place = lesson.add_mutually_exclusive_group()
    place.add_argument(
        "--after", metavar="LESSON", help=_("put it right after this lesson of the track")
    )
    place.add_argument(
        "--before", metavar="LESSON", help=_("put it right before this lesson of the track")
    )
    from latarnia_builder.new import template_languages

    for lang in template_languages():
        lesson.add_argument(
            f"--title-{lang}",
            metavar="TITLE",
            help=_("the lesson's title in '{lang}' (asked for when run in a terminal)").format(
                lang=lang
            ),
        )
    lesson.add_argument("--title", help=_("the lesson's title in the primary language"))


def _add_upgrade(command: Command) -> None:
    upgrade = command(
        "upgrade",
        _upgrade,
        _("rename the keys the course writes under an old name"),
        _(
            "Rename, in place, every key of the course written under an old name (e.g. 'ask', "
            "now 'prompt'). Only the keys change: comments, order and quoting stay as written. "
            "Each change is listed as file:line:column."
        ),
    )
    upgrade.add_argument("course_dir", nargs="?", metavar="COURSE_DIR", help=_course_help())
    upgrade.add_argument(
        "--check",
        action="store_true",
        help=_("only list what would change; exit status 1 when something would"),
    )


def _add_schema(command: Command) -> None:
    command(
        "schema",
        _schema,
        _("print the JSON Schema of the course files"),
        _(
            "Print the JSON Schema of the course files, which editors (VS Code with the YAML "
            "extension) use to complete keys and flag errors while typing."
        ),
    )


def _add_preview(command: Command) -> None:
    preview = command(
        "preview",
        _preview,
        _("build, serve in the workbench, and rebuild when a file changes"),
        _(
            "Build the course, serve it in the XBlock workbench, and rebuild when a source "
            "file changes. Stop with Ctrl-C."
        ),
    )
    preview.add_argument("course_dir", nargs="?", metavar="COURSE_DIR", help=_course_help())
    preview.add_argument(
        "--host", default="127.0.0.1", help=_("address to serve on (default: %(default)s)")
    )
    preview.add_argument("--port", type=int, default=8000, help=_("port (default: %(default)s)"))
    preview.add_argument("--lang", help=_("the language to preview (default: the primary one)"))
    preview.add_argument(
        "--no-watch", dest="watch", action="store_false", help=_("build once, do not rebuild")
    )


def _add_report(command: Command) -> None:
    report = command(
        "report",
        _report,
        _("did the course work? knowledge gain and item analysis from the LMS's reports"),
        _(
            "Read the Problem Grade Report and the Problem Responses report (Instructor → Data "
            "Download) of one or more runs and write OUT_DIR/report.html, a CSV per table and "
            "summary.json: who is counted, knowledge gain between pre-test and final test, "
            "question by question, item analysis. Aggregates only; see docs/report.md."
        ),
    )
    from latarnia_builder.report.command import add_arguments as report_arguments

    report_arguments(report)


# -- commands -----------------------------------------------------------------------------------


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(_("give a whole number of processes, 1 or more"))
    return jobs


def course_folder(given: str | None) -> Path:
    """The course folder named on the command line, or the current one (or ./course)."""
    if given is None:
        here = Path(".")
        if not (here / "course.yaml").exists() and (here / "course" / "course.yaml").is_file():
            return Path("course")
        path = here
    else:
        path = Path(given)
    if not path.exists():
        raise UsageError(_("no such folder: {path}").format(path=given))
    if not path.is_dir():
        raise UsageError(
            _("{path} is a file; give the course folder (the one holding course.yaml)").format(
                path=given
            )
        )
    if not (path / "course.yaml").exists():
        if given:
            message = _("{path} is not a course folder: it has no course.yaml")
        else:
            message = _("the current folder is not a course folder: it has no course.yaml")
        raise UsageError(message.format(path=display_path(path)))
    return path


def _progress() -> Callable[[str, int, int], None] | None:
    """A progress line on a terminal, for builds long enough to need one."""
    if not sys.stderr.isatty():
        return None
    shown = {"last": -1}

    def show(stage: str, done: int, total: int) -> None:
        if total < 100:
            return
        percent = done * 100 // total
        if percent != shown["last"]:
            shown["last"] = percent
            end = "\n" if done == total else ""
            line = _("{stage}: {done}/{total} lessons").format(stage=stage, done=done, total=total)
            print(f"\r{line}", end=end, file=sys.stderr, flush=True)
            if done == total:
                shown["last"] = -1

    return show


def _check(args: argparse.Namespace) -> int:
    from latarnia_builder.build import BuildSession, advice

    course_dir = course_folder(args.course_dir)
    session = BuildSession(course_dir, langs=args.lang, progress=_progress(), jobs=args.jobs)
    courses, problems = session.check()
    if problems:
        if session.warnings:
            print(report_warnings(session.warnings, course_dir))
        print(report(problems))
        return PROBLEMS
    lessons = sum(len(c.lessons) for c in courses.values())
    languages = ", ".join(courses)
    counted = ngettext("{count} lesson", "{count} lessons", lessons).format(count=lessons)
    message = _("No problems found in {path} ({languages}; {lessons}).")
    warnings = [*session.warnings, *advice(courses)]
    if warnings:
        print(report_warnings(warnings, course_dir))
    print(message.format(path=display_path(course_dir), languages=languages, lessons=counted))
    return PROBLEMS if warnings and args.strict else OK


def report_warnings(warnings: list[Problem], course_dir: Path | None = None) -> str:
    """Each warning as ``file:line:column: warning: message — hint``, then a count, and, when
    keys have an old name, the one command that renames them all."""
    unique = sorted(set(warnings), key=lambda w: w.sort_key)
    lines = [
        f"{w.where}: " + _("warning: {message}").format(message=str(w).split(": ", 1)[1])
        for w in unique
    ]
    count = ngettext("{count} warning.", "{count} warnings.", len(unique)).format(count=len(unique))
    old_keys = sum(1 for w in unique if w.warning)  # only old key names carry the flag
    if old_keys and course_dir is not None:
        count += " " + ngettext(
            "{count} key has an old name: 'latarnia upgrade {path}' renames it.",
            "{count} keys have an old name: 'latarnia upgrade {path}' renames them.",
            old_keys,
        ).format(count=old_keys, path=display_path(course_dir))
    return "\n".join([*lines, count])


def _build(args: argparse.Namespace) -> int:
    from latarnia_builder.build import BuildSession

    course_dir = course_folder(args.course_dir)
    out = Path(args.out) if args.out else Path("out")
    if not args.out and out.resolve().is_relative_to(course_dir.resolve()):
        out = course_dir.resolve().parent / "out"  # never write into the course folder
    if out.exists() and not out.is_dir():
        raise UsageError(_("{path} is a file; give a folder for the output").format(path=args.out))
    session = BuildSession(course_dir, out, langs=args.lang, progress=_progress(), jobs=args.jobs)
    result = session.build(archive=True)
    if result.warnings:
        print(report_warnings(result.warnings, course_dir))
    if not result.ok:
        print(report(result.problems))
        print(_("Nothing was written."))
        return PROBLEMS
    for lang, folder in result.olx_dirs.items():
        print(f"{lang}: {display_path(folder)}  {display_path(result.archives[lang])}")
    print(_("Built in {seconds} s.").format(seconds=f"{result.seconds:.1f}"))
    return OK


def _new_missing(args: argparse.Namespace) -> int:
    raise UsageError(_("say what to create, e.g. 'latarnia new lesson praca-umowa'"))


def _new_lesson(args: argparse.Namespace) -> int:
    from latarnia_builder.assemble import read_settings
    from latarnia_builder.new import NewError, new_lesson

    course_dir = course_folder(args.course)
    settings = read_settings(course_dir / "course.yaml")[0]
    languages = list(settings.languages) if settings is not None else []
    titles = {
        lang: title
        for lang in languages
        if (title := getattr(args, f"title_{lang.replace('-', '_')}", None))
    }
    if args.title and languages:
        titles.setdefault(languages[0], args.title)
    if sys.stdin.isatty():
        for lang in args.lang or languages:
            if lang not in titles and (course_dir / lang).is_dir():
                prompt = _("Title of the lesson in '{lang}' (Enter: write it later): ")
                answer = input(prompt.format(lang=lang)).strip()
                if answer:
                    titles[lang] = answer
    try:
        created, edited = new_lesson(
            course_dir,
            args.lesson_id,
            langs=args.lang,
            track=args.track,
            titles=titles,
            after=args.after,
            before=args.before,
        )
    except NewError as error:
        raise UsageError(str(error)) from None
    for path in created:
        print(_("created {path}").format(path=display_path(path)))
    for path in edited:
        print(_("added '{id}' to {path}").format(id=args.lesson_id, path=display_path(path)))
    return OK


def _upgrade(args: argparse.Namespace) -> int:
    from latarnia_builder.upgrade import upgrade

    course_dir = course_folder(args.course_dir)
    renames = upgrade(course_dir, write=not args.check)
    for rename in renames:
        if args.check:
            line = _("{where}: '{old}' would be renamed '{new}'")
        else:
            line = _("{where}: '{old}' renamed '{new}'")
        print(line.format(where=rename.where, old=rename.old, new=rename.new))
    count = len(renames)
    if not renames:
        print(_("Every key of {path} has its current name.").format(path=display_path(course_dir)))
    elif args.check:
        print(
            ngettext(
                "{count} key to rename: run 'latarnia upgrade' without --check.",
                "{count} keys to rename: run 'latarnia upgrade' without --check.",
                count,
            ).format(count=count)
        )
    else:
        print(ngettext("{count} key renamed.", "{count} keys renamed.", count).format(count=count))
    return PROBLEMS if args.check and renames else OK


def _schema(args: argparse.Namespace) -> int:
    from latarnia_builder.format import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return OK


def _preview(args: argparse.Namespace) -> int:
    course_dir = course_folder(args.course_dir)
    try:
        from latarnia_builder.preview import serve
    except ImportError as error:
        print(_("latarnia: preview is not available: {error}").format(error=error), file=sys.stderr)

        return PROBLEMS
    return serve(course_dir, host=args.host, port=args.port, lang=args.lang, watch=args.watch)


def _report(args: argparse.Namespace) -> int:
    from latarnia_builder.report.command import run

    return run(args, UsageError)


if __name__ == "__main__":
    sys.exit(main())
