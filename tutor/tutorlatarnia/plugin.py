"""Tutor plugin for Latarnia.

- Installs the pinned ``latarnia`` distribution into the ``openedx`` image (so into the LMS,
  Studio and their workers, which all run that image), through the Dockerfile patch
  ``openedx-dockerfile-post-python-requirements``. The setting ``LATARNIA_PIP_REQUIREMENT`` is
  either a requirement that pip resolves from the image's package index (default
  ``latarnia==<version>``) or the file name of a wheel in a host folder named ``latarnia-dist``
  that was added with ``tutor mounts add /path/to/latarnia-dist``: that folder becomes a build
  context of the image. A URL that carries a user name, password or token is refused, so that
  no credential ends up in the image.
- Adds the job ``tutor local do importlatarnia``: in the cms job container it gets the course
  sources (a git clone or a folder in the container), runs ``latarnia build`` and then
  ``./manage.py cms import`` for each language.
"""

from __future__ import annotations

import os
import re
import shlex
import typing as t
from urllib.parse import urlsplit

import click

from tutor import exceptions, hooks

from .__about__ import LATARNIA_VERSION

SETTING = "LATARNIA_PIP_REQUIREMENT"
# The host folder (by its base name) that `tutor mounts add` turns into a build context.
DIST_FOLDER = "latarnia-dist"
# Where that build context is mounted while pip installs the wheel (only for that RUN step).
DIST_MOUNT = "/openedx/latarnia-dist"

hooks.Filters.CONFIG_DEFAULTS.add_items([(SETTING, f"latarnia=={LATARNIA_VERSION}")])

# -- what goes into the image --------------------------------------------------------------------

_WHEEL_FILE = re.compile(r"^latarnia-[A-Za-z0-9_.+!-]+\.whl$")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")


def _redact(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://***@{host}{parts.path}"


def check_requirement(value: object, name: str = SETTING) -> str:
    """The requirement as given, stripped; a TutorError when it cannot go into an image."""
    text = str(value or "").strip()
    if not text:
        raise exceptions.TutorError(
            f"{name} is empty: set it to a pinned release (latarnia=={LATARNIA_VERSION}) "
            f"or to the file name of a wheel in the mounted {DIST_FOLDER} folder."
        )
    if any(c in text for c in "\n\r'\"`$\\;|&<>"):
        raise exceptions.TutorError(
            f"{name} must be one pip requirement (no quotes, newlines or shell characters)."
        )
    for url in _URL.findall(text):
        if "@" in urlsplit(url).netloc:
            raise exceptions.TutorError(
                f"{name} holds a URL with a user name, password or token ({_redact(url)}). "
                "Credentials in a requirement are written into the Docker image and its build "
                f"log: use a pinned release from your package index, or build the wheel "
                f"(`make dist`) and install it from a mounted {DIST_FOLDER} folder "
                "(see docs/administrators.md)."
            )
    return text


def is_wheel_file(value: object) -> bool:
    """True when the setting names a wheel in the mounted latarnia-dist folder."""
    return bool(_WHEEL_FILE.match(str(value or "").strip()))


def pip_install_step(value: object) -> str:
    """The Dockerfile RUN step that installs Latarnia (used by the patch below)."""
    requirement = check_requirement(value)
    if is_wheel_file(requirement):
        wheel = shlex.quote(f"{DIST_MOUNT}/{requirement}")
        return (
            f"RUN --mount=type=bind,from={DIST_FOLDER},target={DIST_MOUNT} \\\n"
            f"    $PIP_COMMAND install {wheel}"
        )
    if "/" in requirement and "://" not in requirement:
        raise exceptions.TutorError(
            f"{SETTING}={requirement}: a path cannot be installed from the image build. Put the "
            f"wheel in a host folder named {DIST_FOLDER}, run `tutor mounts add "
            f"/path/to/{DIST_FOLDER}` and set {SETTING} to the wheel's file name."
        )
    return (
        "RUN --mount=type=cache,target=/openedx/.cache/pip,sharing=shared \\\n"
        f"    $PIP_COMMAND install {shlex.quote(requirement)}"
    )


hooks.Filters.ENV_TEMPLATE_FILTERS.add_item(("latarnia_pip_install_step", pip_install_step))

hooks.Filters.ENV_PATCHES.add_item(
    (
        "openedx-dockerfile-post-python-requirements",
        "# Latarnia XBlocks (tutor-contrib-latarnia)\n"
        "{{ LATARNIA_PIP_REQUIREMENT|latarnia_pip_install_step }}",
    )
)


@hooks.Filters.IMAGES_BUILD_MOUNTS.add()
def _mount_latarnia_dist(mounts: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    """`tutor mounts add /path/to/latarnia-dist` makes that folder a build context of the image."""
    if os.path.basename(path.rstrip("/")) == DIST_FOLDER:
        mounts += [("openedx", DIST_FOLDER), ("openedx-dev", DIST_FOLDER)]
    return mounts


# -- the import job ------------------------------------------------------------------------------

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_SAFE = re.compile(r"^[^\s{}'\"`$\\;|&<>]+$")


def _safe(value: str, what: str) -> str:
    # Job scripts pass through Tutor's Jinja renderer and then `sh -e -c`: keep both inert.
    if not _SAFE.match(value):
        raise click.BadParameter(f"{what}: no spaces, braces, quotes or shell characters")
    return value


def import_script(
    repository: str | None,
    version: str | None,
    directory: str | None,
    langs: t.Sequence[str] = (),
) -> str:
    """The shell script the job runs in the cms job container (POSIX sh, run with `sh -e -c`)."""
    if not repository and not directory:
        raise click.UsageError("give the course sources: -r REPOSITORY (git) or -d DIRECTORY")
    for lang in langs:
        if not _LANG.match(lang):
            raise click.BadParameter(f"not a language code: {lang}", param_hint="--lang")
    lines = [
        "# Latarnia: build the course and import it into Studio (tutor-contrib-latarnia)",
        'work="$(mktemp -d /tmp/latarnia.XXXXXX)"',
        "trap 'rm -rf \"$work\"' EXIT",
    ]
    if repository:
        url = check_requirement(_safe(repository, "--repository"), "--repository")
        branch = f"--branch {shlex.quote(_safe(version, '--version'))} " if version else ""
        subdir = _safe(directory or "course", "--directory").strip("/")
        lines += [
            f'echo "INFO: cloning {url} {version or ""}"',
            f'git clone --depth 1 {branch}{shlex.quote(url)} "$work/src"',
            f'sources="$work/src/{subdir}"',
        ]
    else:
        lines.append(f"sources={shlex.quote(_safe(directory or '', '--directory'))}")
    lang_args = "".join(f" --lang {lang}" for lang in langs)
    lines += [
        'if [ ! -f "$sources/course.yaml" ]; then',
        '    echo "ERROR: no course.yaml in $sources (the folder of the course sources)" >&2',
        "    exit 1",
        "fi",
        f'latarnia build "$sources" -o "$work/out"{lang_args}',
    ]
    # latarnia build writes OUT/<lang>/course/ (and an archive per language beside it).
    folders = " ".join(f'"$work/out/{lang}/course"' for lang in langs) or '"$work"/out/*/course'
    lines += [
        f"for course_root in {folders}; do",
        '    if [ ! -f "$course_root/course.xml" ]; then',
        '        echo "ERROR: latarnia build wrote no course at $course_root" >&2',
        "        exit 1",
        "    fi",
        '    echo "INFO: importing $course_root"',
        '    python ./manage.py cms import ../data "$course_root"',
        "done",
        'echo "INFO: done. In Studio, reindex the course if search is used."',
    ]
    return "\n".join(lines) + "\n"


@click.command(name="importlatarnia", help="Build the Latarnia course and import it into Studio")
@click.option(
    "-r",
    "--repository",
    help="Git repository with the course sources (a URL without credentials).",
)
@click.option(
    "-v",
    "--version",
    help="Git branch or tag to clone (default: the repository's default branch).",
)
@click.option(
    "-d",
    "--directory",
    help=(
        "Folder of the course sources (the one holding course.yaml): with -r, relative to the "
        "repository root (default: course); without -r, a path inside the cms container, "
        "e.g. under /openedx/data."
    ),
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="LANG",
    help="Import only this language (repeat for several; default: every language).",
)
def importlatarnia(
    repository: str | None, version: str | None, directory: str | None, langs: tuple[str, ...]
) -> t.Iterable[tuple[str, str]]:
    yield ("cms", import_script(repository, version, directory, langs))


hooks.Filters.CLI_DO_COMMANDS.add_item(importlatarnia)
