"""Markdown → sanitised HTML, and the images and links it holds.

Python-Markdown with tables and callouts (``!!! warning "Title"``), then an nh3 allowlist.
One parse gives both the HTML and what the checks look at (``Renderer.parse``): every image
and link of the HTML Markdown made — written inline, by reference (``![a][ref]``) or as raw
``<img>`` — and nothing inside code. One rule (``media_target``) then serves both: images
come only from media/, and ``media/x`` becomes ``/static/x``, where Open edX serves a
course's files; the sanitiser drops any other image source.

Most snippets of a course (choices, feedback) are one plain sentence. Such a snippet takes a
fast path that gives the same HTML as Markdown would, without parsing it (on the build
benchmark's 93,000 snippets: 1.2 s instead of 9.7 s). Snippets that need Markdown are
memoised by their text, so a repeated one (a callout, a contact's note, the same feedback)
and the one the checks parsed are rendered once. Plain snippets are not memoised: the fast
path costs about what a look-up does, and keeping 90,000 results cost 15 MB and 10 % more
time (docs/performance.md). A text of several lines made only of paragraphs, "- " lists and
**bold** (``simple_html``, the shape of most text blocks) takes a second fast path: Python-
Markdown took a fifth of a large course's build for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from jinja2 import Environment, PackageLoader, select_autoescape
from latarnia_xblocks.sanitise import CONTENT_RULES
from latarnia_xblocks.vocabulary import CALLOUT_KINDS
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Text without these characters and line starts needs no Markdown: it is one paragraph of
# plain words. (Two simple searches are faster than one with MULTILINE anchors.)
_SYNTAX = re.compile(r"[\\`*_\[\]<>&#!|~=\t\r]")  # inline syntax, HTML, entities, tables
_LINE_SYNTAX = re.compile(
    r"(?:^|\n)(?: {4}"  # code
    r"|[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$|\n)"  # list items
    r"|[ \t]*>"  # quotes
    r"|[ \t]*-+[ \t]*(?:\n|$))"  # rules, setext headings
    r"|  (?:\n|$)|\n[ \t]*\n"  # hard breaks, paragraphs
)
_START_SYNTAX = re.compile(r" {4}|[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$)|[ \t]*>|[ \t]*-+[ \t]*$")
# Simple text (``simple_html``): paragraphs, "- " lists and **bold**, nothing else.
# _SYNTAX but for "*", and no-break spaces (which the sanitiser writes as &nbsp;)
_SIMPLE_SYNTAX = re.compile(r"[\\`_\[\]<>&#!|~=\t\r\xa0]")
_BOLD = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")  # no space inside the stars


MEDIA = "media/"


def is_media_path(path: str) -> bool:
    """Whether ``path`` names a file in the course's media/ folder (no '..', no empty part)."""
    parts = path.split("/")
    return len(parts) > 1 and parts[0] == "media" and ".." not in parts and all(parts[1:])


def media_target(path: str) -> str | None:
    """The one rule for images and links: where ``media/x`` is served (``/static/x``);
    None for anything else."""
    return "/static/" + path[len(MEDIA) :] if is_media_path(path) else None


def _apply_media_rule(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) == ("img", "src"):
        return media_target(value)  # an image from anywhere else is not shown
    if (tag, attribute) == ("a", "href") and value.startswith(MEDIA):
        return media_target(value)
    return value


# The blocks' own allowlist (xblocks/sanitise.py), plus the media rule.
_cleaner = nh3.Cleaner(**CONTENT_RULES, attribute_filter=_apply_media_rule)


@dataclass(frozen=True, slots=True)
class Reference:
    """An image or a link of a text: its target as written, and an image's alt text."""

    target: str
    image: bool
    alt: str | None = None  # None: an <img> without alt


@dataclass(frozen=True, slots=True)
class Rendered:
    """A Markdown text's HTML, and the images and links it holds, in the order written."""

    html: str
    references: tuple[Reference, ...] = ()


_EMPTY = Rendered("")


class _References(HTMLParser):
    """The images and links of HTML, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and values.get("src") is not None:
            self.found.append(Reference(values["src"] or "", True, values.get("alt")))
        elif tag == "a" and values.get("href"):
            self.found.append(Reference(values["href"] or "", False))


def references(html: str) -> tuple[Reference, ...]:
    """The images and links of ``html``."""
    parser = _References()
    parser.feed(html)
    parser.close()
    return tuple(parser.found)


def sanitise(fragment: str) -> str:
    """Keep only the tags and attributes a lesson page may contain."""
    return _cleaner.clean(fragment)


class _BlockMarkup(Treeprocessor):
    """Python-Markdown's output in the markup the blocks style and allow.

    ``!!! warning "Title"`` becomes ``<aside class="latarnia-callout latarnia-callout--warning"
    role="note">`` with ``<p class="latarnia-callout__title">``; a callout written without a
    title gets none (Markdown would invent an English one). Header cells get ``scope="col"``.
    """

    def run(self, root):
        for div in root.iter("div"):
            classes = (div.get("class") or "").split()
            kind = next((c for c in classes if c in CALLOUT_KINDS), None)
            if "admonition" not in classes or kind is None:
                continue
            div.tag = "aside"
            div.set("class", f"latarnia-callout latarnia-callout--{kind}")
            div.set("role", "note")
            for title in div.findall("p"):
                if title.get("class") == "admonition-title":
                    if title.text == kind.capitalize() and len(title) == 0:
                        div.remove(title)  # the default title, not the author's
                    else:
                        title.set("class", "latarnia-callout__title")
        for thead in root.iter("thead"):
            for cell in thead.iter("th"):
                cell.set("scope", "col")


class _BlockMarkupExtension(Extension):
    def extendMarkdown(self, md):  # Python-Markdown's name
        md.treeprocessors.register(_BlockMarkup(md), "latarnia_block_markup", 5)


def is_plain(text: str) -> bool:
    """True when Markdown would turn ``text`` into a single paragraph of the same words."""
    if _SYNTAX.search(text) is not None:
        return False
    if "\n" in text:
        return _LINE_SYNTAX.search(text) is None
    return _START_SYNTAX.match(text) is None and not text.endswith("  ")


def simple_html(text: str) -> str | None:
    """The HTML Markdown makes of ``text`` (stripped) when it is only paragraphs of plain
    words, tight "- " lists and **bold** words, the shape of most lesson texts; None for
    anything else, which needs Markdown itself (tests compare both on random text).

    Strict on purpose: lines with spaces around them, two lists in a row (Markdown joins
    them into one loose list), a list line without "- " (a lazy continuation) and any other
    syntax character give None."""
    if _SIMPLE_SYNTAX.search(text) is not None:
        return None
    if "*" in text:
        text = _BOLD.sub(r"<strong>\1</strong>", text)
        if "*" in text:
            return None
    html: list[str] = []
    after_list = False
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("- "):
            if after_list:
                return None
            items = []
            for line in lines:
                item = line[2:]
                if (
                    not line.startswith("- ")
                    or item != item.strip()
                    or not item
                    or _START_SYNTAX.match(item) is not None
                ):
                    return None
                items.append(f"<li>{item}</li>")
            html.append("<ul>\n" + "\n".join(items) + "\n</ul>")
            after_list = True
        else:
            for line in lines:
                if not line or line != line.strip() or _START_SYNTAX.match(line) is not None:
                    return None
            html.append(f"<p>{block}</p>")
            after_list = False
    return "\n".join(html)


class Renderer:
    """Renders Markdown snippets, remembering those that needed Markdown."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["tables", "admonition", _BlockMarkupExtension()], output_format="html"
        )
        self._blocks: dict[str, Rendered] = {}
        self._inline: dict[str, str] = {}
        self._templates = Environment(
            loader=PackageLoader(__package__, "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=True,
        )

    def block(self, text: str) -> str:
        """Markdown → HTML of paragraphs, lists, tables, callouts."""
        stripped = text.strip()
        if stripped and is_plain(stripped):  # parse's fast path, without its Rendered
            return f"<p>{stripped}</p>"
        return self.parse(text).html

    def parse(self, text: str) -> Rendered:
        """Markdown → HTML, with the images and links found on the way (remembered)."""
        stripped = text.strip()
        if not stripped:
            return _EMPTY
        if is_plain(stripped):
            return Rendered(f"<p>{stripped}</p>")  # plain text has no & < > to escape
        cached = self._blocks.get(stripped)
        if cached is None:
            # Texts of several lines (a lesson's text blocks) in the shape simple_html knows
            # are not kept: that is as cheap as a look-up. One-line snippets with **bold**
            # go to Markdown, and are kept: they are few, and often repeated.
            simple = simple_html(stripped) if "\n" in stripped else None
            if simple is not None:
                return Rendered(simple)
            converted = self._convert(stripped)
            cached = self._blocks[stripped] = Rendered(sanitise(converted), references(converted))
        return cached

    def inline(self, text: str) -> str:
        """Markdown → HTML for a label (a choice, an item): one paragraph, without the <p>."""
        stripped = text.strip()
        if is_plain(stripped):
            return stripped
        cached = self._inline.get(stripped)
        if cached is None:
            cached = self.block(stripped)
            if cached.startswith("<p>") and cached.endswith("</p>") and cached.count("<p>") == 1:
                cached = cached[3:-4]
            self._inline[stripped] = cached
        return cached

    def template(self, name: str, **context: Any) -> str:
        """A builder template (``builder/templates/``) with autoescaping."""
        return self._templates.get_template(name).render(**context)

    def _convert(self, text: str) -> str:
        try:
            return self._markdown.convert(text)
        finally:
            self._markdown.reset()
