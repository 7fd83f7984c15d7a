"""The ``latarnia report`` command line: its options, and the call into ``make_report``.

Imports nothing heavy: ``latarnia --help`` must not load SciPy, and an install without the
``report`` extra gets a sentence saying what to install, not an ImportError.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from latarnia_builder.i18n import _, ngettext
from latarnia_builder.problems import display_path

KEY_ENVIRONMENT = "LATARNIA_REPORT_KEY"
OK, PROBLEMS, USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "course_dir",
        nargs="?",
        default=None,
        metavar="COURSE_DIR",
        help=_(
            "the course: its sources (the folder holding course.yaml), or the folder "
            "'latarnia build' wrote (default: the current folder, or ./course)"
        ),
    )
    parser.add_argument(
        "--grades",
        nargs="+",
        required=True,
        metavar="CSV",
        help=_("the Problem Grade Report of each run (Instructor → Data Download)"),
    )
    parser.add_argument(
        "--responses",
        nargs="+",
        required=True,
        metavar="CSV",
        help=_("the Problem Responses report of each run (Instructor → Data Download)"),
    )
    parser.add_argument(
        "-o", "--out", metavar="OUT_DIR", help=_("where to write (default: ./report)")
    )
    parser.add_argument(
        "--include-learners",
        action="store_true",
        help=_(
            "also write learners-pseudonymised.csv: one row per learner and track, the "
            "username replaced by a keyed hash (for course staff only)"
        ),
    )
    parser.add_argument(
        "--key",
        metavar="KEY",
        help=_(
            "the secret key of the pseudonyms (default: the environment variable {name})"
        ).format(name=KEY_ENVIRONMENT),
    )


# (long: the command's steps in order — arguments, reading, analysis, writing, summary)
def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    """Run the command; ``usage_error`` is the CLI's exception for exit status 2."""
    course_dir = _course(args.course_dir, usage_error)
    paths = [Path(p) for p in (*args.grades, *args.responses)]
    for path in paths:
        if not path.is_file():
            raise usage_error(_("no such file: {path}").format(path=path))
    key = None
    if args.include_learners:
        text = args.key or os.environ.get(KEY_ENVIRONMENT, "")
        if len(text) < 16:
            raise usage_error(
                _(
                    "--include-learners needs a secret key of at least 16 characters: "
                    "--key KEY or the environment variable {name}"
                ).format(name=KEY_ENVIRONMENT)
            )
        key = text.encode()
    out = Path(args.out) if args.out else Path("report")
    if out.exists() and not out.is_dir():
        raise usage_error(_("{path} is a file; give a folder for the output").format(path=out))
    try:
        from latarnia_builder.report import ReportError, make_report
        from latarnia_builder.report.read import terminal_progress
    except ImportError as error:
        print(
            _(
                "latarnia: report needs SciPy and Matplotlib ({error}); install them with: "
                'pip install "latarnia[report]"'
            ).format(error=error),
            file=sys.stderr,
        )
        return PROBLEMS
    try:
        result = make_report(
            course_dir,
            [Path(p) for p in args.grades],
            [Path(p) for p in args.responses],
            out,
            learners_key=key,
            progress=terminal_progress,
        )
    except ReportError as error:
        print(_("latarnia: error: {error}").format(error=error), file=sys.stderr)
        return PROBLEMS
    summary = result.summary
    matched = [t["counted"]["matched"] for t in summary["tracks"]]
    shown = sum(m for m in matched if m is not None)
    print(
        ngettext(
            "Report of {tracks} track written to {path}",
            "Report of {tracks} tracks written to {path}",
            len(matched),
        ).format(tracks=len(matched), path=display_path(out / "report.html"))
        + " "
        + ngettext(
            "({count} matched learner-track shown).",
            "({count} matched learner-tracks shown).",
            shown,
        ).format(count=shown)
    )
    if result.learners_file is not None:
        print(
            _(
                "WARNING: {path} holds one row per learner. The pseudonyms hide the usernames "
                "only from those without the key: keep the file and the key among course staff, "
                "never publish them, delete them when the evaluation is over."
            ).format(path=display_path(result.learners_file)),
            file=sys.stderr,
        )
    return OK


def _course(given: str | None, usage_error: type[Exception]) -> Path:
    if given is None:
        here = Path(".")
        if not (here / "course.yaml").exists() and (here / "course" / "course.yaml").is_file():
            return Path("course")
        return here
    path = Path(given)
    if not path.is_dir():
        raise usage_error(_("no such folder: {path}").format(path=given))
    return path
