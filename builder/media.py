"""The files of media/: where a ``media/…`` path leads, and whether the builder may ship it.

A course ships the media its texts use into ``static/``, which Open edX serves from the
site's own origin. So a media file must be a regular file inside the course folder (see
``builder.boundary``), no larger than ``boundary.MAX_IMAGE_BYTES``, and an SVG must be a
picture only: an SVG opened directly runs its scripts in the site's origin, and one that
loads other files makes learners' browsers fetch them. Such an SVG is refused, not cleaned:
the trainer's drawing tool can save a plain one ("Plain SVG" in Inkscape).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from latarnia_builder import boundary
from latarnia_builder.boundary import Refusal
from latarnia_builder.i18n import _
from latarnia_builder.problems import Problem, Where, did_you_mean, display_path
from lxml import etree

MAX_SVG_FINDINGS = 5  # per file: enough to see what to fix


def media_file(course_dir: Path, path: str, lang: str) -> Path | None:
    """The file for ``media/…`` in a language: media/<lang>/… first, then media/….

    A link counts as there (even a broken one): what it leads to is ``media_problems``'s."""
    relative = path.split("/", 1)[1]
    for candidate in (course_dir / "media" / lang / relative, course_dir / "media" / relative):
        if candidate.is_symlink() or candidate.exists():
            return candidate
    return None


IMAGE, LINK, COURSE_IMAGE = "image", "link", "course image"  # how a text uses a media file


def media_problems(
    course_dir: Path, path: str, lang: str, where: Where, use: str = IMAGE
) -> list[Problem]:
    """Why the media file ``path`` (used at ``where``) cannot be shipped; [] when it can."""
    if use == COURSE_IMAGE:
        what = _("course image '{path}'").format(path=path)
    elif use == LINK:
        what = _("linked file '{path}'").format(path=path)
    else:
        what = _("image '{path}'").format(path=path)
    found = media_file(course_dir, path, lang)
    refusal = (
        Refusal.MISSING
        if found is None
        else boundary.inspect(found, course_dir, boundary.MAX_IMAGE_BYTES)
    )
    if refusal is Refusal.MISSING:
        return [
            Problem(
                where,
                _("{what} not found").format(what=what),
                _missing_media_hint(course_dir, path),
            )
        ]
    assert found is not None
    if refusal is not None:
        return [_refused(refusal, what, where, found, course_dir)]
    if found.suffix.lower() == ".svg":
        return [
            Problem(
                where,
                _("{what} is not safe to show: {file}:{line} has {finding}").format(
                    what=what, file=display_path(found), line=line, finding=finding
                ),
                _(
                    "remove scripts, event handlers (on…), foreignObject and links to other "
                    "files; in Inkscape, save as Plain SVG"
                ),
            )
            for line, finding in unsafe_svg(found)
        ]
    return []


def _refused(refusal: Refusal, what: str, where: Where, found: Path, course_dir: Path) -> Problem:
    if refusal is Refusal.OUTSIDE:
        link = display_path(boundary.first_link(found, course_dir))
        return Problem(
            where,
            _("{what} leads outside the course folder ({link} is a link)").format(
                what=what, link=link
            ),
            _("copy the file into media/ instead of linking to it"),
        )
    if refusal is Refusal.SPECIAL:
        return Problem(
            where,
            _("{what} is not a regular file (a pipe, device or socket)").format(what=what),
            _("put the image file itself in media/"),
        )
    if refusal is Refusal.FOLDER:
        return Problem(where, _("{what} is a folder, not a file").format(what=what))
    if refusal is Refusal.TOO_LARGE:
        return Problem(
            where,
            _("{what} is larger than {limit}").format(
                what=what, limit=boundary.megabytes(boundary.MAX_IMAGE_BYTES)
            ),
            _("make it smaller: fewer pixels, or save it with more compression"),
        )
    return Problem(where, _("cannot read {what}").format(what=what))


def _missing_media_hint(course_dir: Path, path: str) -> str:
    media = course_dir / "media"
    try:
        names = sorted(str(p.relative_to(course_dir)) for p in media.rglob("*") if p.is_file())
    except OSError:
        names = []
    return did_you_mean(path, names) or _("put the file in the course's media/ folder")


# -- SVG ------------------------------------------------------------------------------------------

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_SAFE_LINK = re.compile(r"^\s*(#|data:image/(png|jpeg|gif|webp)[;,])", re.IGNORECASE)
_CSS_LOAD = re.compile(r"url\(\s*['\"]?\s*(?!#|data:image/)([^'\")]*)|@import", re.IGNORECASE)
_ANIMATIONS = {"set", "animate"}


def unsafe_svg(path: Path) -> list[tuple[int, str]]:
    """What makes the SVG file ``path`` unsafe to serve: (line, finding) pairs, [] if none."""
    stat = path.stat()
    return list(_unsafe_svg(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _unsafe_svg(path: Path, _mtime: int, _size: int) -> tuple[tuple[int, str], ...]:
    try:
        data = boundary.read_bytes(path, boundary.MAX_IMAGE_BYTES)
        root = etree.fromstring(data, _PARSER)
    except boundary.Refused:
        return ((1, _("content that cannot be read")),)
    except etree.XMLSyntaxError as error:
        return ((error.lineno or 1, _("an XML error: {error}").format(error=error.msg)),)
    findings = list(_findings(root))
    return tuple(findings[:MAX_SVG_FINDINGS])


def _findings(root: etree._Element) -> Iterator[tuple[int, str]]:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _entity in dtd.iterentities()):
        yield 1, _("entity declarations (<!ENTITY>)")
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            yield node.sourceline or 1, _("a style sheet from another file")
    for element in root.iter():
        line = element.sourceline or 1
        if isinstance(element, etree._ProcessingInstruction):
            if element.target == "xml-stylesheet":
                yield line, _("a style sheet from another file")
            continue
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name.lower() == "script":
            yield line, _("a <script>")
        elif name.lower() == "foreignobject":
            yield line, _("a <foreignObject>")
        elif name.lower() == "style" and _CSS_LOAD.search(element.text or ""):
            yield line, _("a style that loads another file")
        if name in _ANIMATIONS:
            target = (element.get("attributeName") or "").lower()
            if target.endswith("href") or target.startswith("on"):
                yield line, _("an animation that changes '{attribute}'").format(attribute=target)
        for attribute, value in element.attrib.items():
            yield from _attribute_findings(line, etree.QName(attribute).localname, value)


def _attribute_findings(line: int, name: str, value: str) -> Iterator[tuple[int, str]]:
    if name.lower().startswith("on"):
        yield line, _("an event handler '{attribute}'").format(attribute=name)
    elif name.lower() == "href" and not _SAFE_LINK.match(value):
        shown = value if len(value) <= 60 else value[:57] + "…"
        yield line, _("a link to '{target}'").format(target=shown)
    elif name.lower() == "style" and _CSS_LOAD.search(value):
        yield line, _("a style that loads another file")
