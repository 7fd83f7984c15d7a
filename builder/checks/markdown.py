"""The checks of one Markdown text: its images and links, and its callouts.

The images and links are those the renderer's own parse found (``Renderer.parse``), so the
checks see what learners will get: an image written inline, by reference (``![a][ref]``) or
as raw ``<img>`` is checked alike, and one inside a code span is not an image. The rule is
the renderer's too (``render.is_media_path``): images only from media/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from latarnia_builder.i18n import _
from latarnia_builder.model import NOWHERE, Image
from latarnia_builder.problems import Where, did_you_mean, one_of
from latarnia_builder.render import MEDIA, Reference, Renderer, is_media_path
from latarnia_builder.source import XML_INVALID, Node, Scalar, invalid_character_problem
from latarnia_xblocks.vocabulary import CALLOUT_KINDS

_CALLOUT = re.compile(r"^!!!(.*)$", re.MULTILINE)
_CALLOUT_HEAD = re.compile(r'^ ?([\w-]+)(?: +[\w-]+)*(?: +"(.*?)")? *$')
_REMOTE = ("http:", "https:", "//")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")

Report = Callable[[Where, str, str], object]  # (where, message, hint)


def check_markdown(text: str, node: Node | None, renderer: Renderer, report: Report) -> list[Image]:
    """The media files a Markdown text uses (images, and links into media/); problems with
    its images, links and callouts go to ``report``."""
    if "[" not in text and "<" not in text and "&#" not in text and "!!!" not in text:
        return []  # nothing to check (most texts: ~10^5 in a large course)

    def where(offset: int) -> Where:
        return node.where_in_text(offset) if isinstance(node, Scalar) else NOWHERE

    used: list[Image] = []
    if "[" in text or "<" in text:  # no image or link can be written without them
        offset = 0
        for reference in renderer.parse(text).references:
            offset = _locate(text, reference, offset)
            medium = _check_reference(reference, where(offset), report)
            if medium is not None:
                used.append(medium)
    if "&#" in text:
        _check_character_references(text, renderer.parse(text).html, where, report)
    if "!!!" in text:
        _check_callouts(text, where, report)
    return used


def _check_character_references(
    text: str, html: str, where: Callable[[int], Where], report: Report
) -> None:
    """A reference such as ``&#1;`` makes a character no XML file (so no OLX) may hold."""
    invalid = set(XML_INVALID.findall(html))
    for reference in _CHARACTER_REFERENCE.finditer(text):
        number = int(reference.group(1) or reference.group(2), 16 if reference.group(1) else 10)
        if number <= 0x10FFFF and chr(number) in invalid:
            problem = invalid_character_problem(
                where(reference.start()), chr(number), reference.group(0)
            )
            report(problem.where, problem.message, problem.hint)


def _check_reference(reference: Reference, at: Where, report: Report) -> Image | None:
    path = reference.target
    if not reference.image:
        if not path.startswith(MEDIA):
            return None  # a link to the web, an e-mail address …
        if not is_media_path(path):
            report(at, _("'{path}' must name a file inside media/").format(path=path), "")
            return None
        return Image(path, "", at, link=True)
    if not (reference.alt or "").strip():
        report(
            at,
            _("image '{path}' has no alt text").format(path=path),
            _("describe what it shows between the brackets: ![description](…)"),
        )
    if path.startswith(_REMOTE):
        report(
            at,
            _("images must come from the course's media folder, not from the web"),
            _("save the image in media/ and write media/<file>"),
        )
    elif path.startswith(MEDIA) and not is_media_path(path):
        report(at, _("'{path}' must name a file inside media/").format(path=path), "")
    elif not is_media_path(path):
        report(at, _("image path '{path}' must start with media/").format(path=path), "")
    else:
        return Image(path, reference.alt or "", at)
    return None


def _locate(text: str, reference: Reference, after: int) -> int:
    """Where the image or link ``reference`` is written in ``text``: the '![' or '[' of an
    inline one, the '<' of raw HTML, else where its target is written (a reference's
    definition). References are looked for in order, from ``after`` on."""
    found = text.find(reference.target, after)
    if found < 0:
        found = text.find(reference.target)
    if found < 0:
        return after
    before = text[:found].rstrip("<")
    if before.endswith("]("):
        opening = text.rfind("![" if reference.image else "[", 0, found)
        return opening if opening >= 0 else found
    if before.endswith(("src=", 'src="', "src='", "href=", 'href="', "href='")):
        opening = text.rfind("<", 0, found)
        return opening if opening >= 0 else found
    return found


def _check_callouts(text: str, where: Callable[[int], Where], report: Report) -> None:
    for match in _CALLOUT.finditer(text):
        head = _CALLOUT_HEAD.match(match.group(1))
        at = where(match.start())
        kind = head.group(1) if head else ""
        if kind not in CALLOUT_KINDS:
            report(
                at,
                _("unknown callout '{kind}'").format(kind=kind or match.group(1).strip()),
                did_you_mean(kind, CALLOUT_KINDS)
                or _('use {kinds}: !!! tip "Title"').format(kinds=one_of(CALLOUT_KINDS)),
            )
            continue
        following = text[match.end() :].lstrip("\n").split("\n", 1)[0]
        if following.strip() and not following.startswith("    "):
            report(
                at,
                _("the callout's text must be indented by 4 spaces"),
                _("indent the lines after '!!!' by 4 spaces; an unindented line ends the callout"),
            )
