"""Markdown → sanitised HTML.

Python-Markdown with tables and callouts (``!!! warning "Title"``), then an nh3 allowlist.
Images and links to ``media/x`` become ``/static/x``, where Open edX serves a course's files.

Most snippets of a course (choices, feedback) are one plain sentence. Such a snippet takes a
fast path that gives the same HTML as Markdown would, without parsing it; every result is
memoised, so a rebuild renders only text that changed.
"""

from __future__ import annotations

import re
from typing import Any

import markdown
import nh3
from jinja2 import Environment, PackageLoader, select_autoescape

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
_CLASSES = {  # callouts; nh3 wants "class" here and not in _ATTRIBUTES
    "div": {"admonition", "warning", "tip", "note"},
    "p": {"admonition-title"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}

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


def _rewrite_media(tag: str, attribute: str, value: str) -> str:
    if (tag, attribute) in (("img", "src"), ("a", "href")) and value.startswith("media/"):
        return "/static/" + value[len("media/") :]
    return value


def sanitise(fragment: str) -> str:
    """Keep only the tags and attributes a lesson page may contain."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes=_SCHEMES,
        filter_style_properties={"text-align"},
        attribute_filter=_rewrite_media,
        link_rel="noopener noreferrer",
    )


def is_plain(text: str) -> bool:
    """True when Markdown would turn ``text`` into a single paragraph of the same words."""
    if _SYNTAX.search(text) is not None:
        return False
    if "\n" in text:
        return _LINE_SYNTAX.search(text) is None
    return _START_SYNTAX.match(text) is None and not text.endswith("  ")


class Renderer:
    """Renders Markdown snippets, remembering every result."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["tables", "admonition"], output_format="html"
        )
        self._blocks: dict[str, str] = {}
        self._inline: dict[str, str] = {}
        self._templates = Environment(
            loader=PackageLoader("builder", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=True,
        )

    def block(self, text: str) -> str:
        """Markdown → HTML of paragraphs, lists, tables, callouts."""
        cached = self._blocks.get(text)
        if cached is not None:
            return cached
        stripped = text.strip()
        if not stripped:
            result = ""
        elif is_plain(stripped):
            result = f"<p>{stripped}</p>"  # plain text has no & < > to escape
        else:
            result = sanitise(self._convert(stripped))
        self._blocks[text] = result
        return result

    def inline(self, text: str) -> str:
        """Markdown → HTML for a label (a choice, an item): one paragraph, without the <p>."""
        cached = self._inline.get(text)
        if cached is not None:
            return cached
        stripped = text.strip()
        if is_plain(stripped):
            result = stripped
        else:
            result = self.block(stripped)
            if result.startswith("<p>") and result.endswith("</p>") and result.count("<p>") == 1:
                result = result[3:-4]
        self._inline[text] = result
        return result

    def template(self, name: str, **context: Any) -> str:
        """A builder template (``builder/templates/``) with autoescaping."""
        return self._templates.get_template(name).render(**context)

    def _convert(self, text: str) -> str:
        try:
            return self._markdown.convert(text)
        finally:
            self._markdown.reset()
