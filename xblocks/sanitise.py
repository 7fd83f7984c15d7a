"""Allowlist sanitising of author HTML (nh3, the sanitiser Open edX itself uses).

Every piece of author text reaches the learner through one of these functions, whether it came
from our builder or from a Studio import: a ``<script>``, an ``onerror=`` or a ``javascript:`` link
never survives. The allowlist is documented in docs/xblocks.md; the builder emits only this markup.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TypedDict

import nh3
from latarnia_xblocks.vocabulary import CALLOUT_KINDS

# Block content: lessons, scenario steps and endings, explanations, feedback.
CONTENT_TAGS = {
    *("p", "br", "hr", "strong", "em", "b", "i", "s", "sub", "sup", "small", "mark", "code", "pre"),
    *("abbr", "span", "blockquote", "ul", "ol", "li", "dl", "dt", "dd"),
    *("h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    *("div", "aside", "details", "summary"),
}
# Inside a <legend> or <label>: phrasing content only, and no links (a click must pick the choice).
INLINE_TAGS = {
    "br",
    "strong",
    "em",
    "b",
    "i",
    "s",
    "sub",
    "sup",
    "small",
    "mark",
    "code",
    "abbr",
    "span",
}

_ATTRIBUTES = {
    "*": {"lang"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_ATTRIBUTE_VALUES = {
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
    "aside": {"role": {"note"}},
}
_CLASSES = {
    "aside": {"latarnia-callout", *(f"latarnia-callout--{kind}" for kind in CALLOUT_KINDS)},
    "p": {"latarnia-callout__title"},
    "div": {"latarnia-objectives", "latarnia-sources"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class CleanerRules(TypedDict):
    """The nh3.Cleaner arguments that make an allowlist."""

    tags: AbstractSet[str]
    attributes: Mapping[str, AbstractSet[str]]
    tag_attribute_values: Mapping[str, Mapping[str, AbstractSet[str]]]
    allowed_classes: Mapping[str, AbstractSet[str]]
    url_schemes: AbstractSet[str]
    link_rel: str
    clean_content_tags: AbstractSet[str]


# The allowlist of block content, as nh3.Cleaner arguments. The builder sanitises with these
# same rules (adding only its media-link rewrite), so what it writes is what the blocks keep.
CONTENT_RULES: CleanerRules = {
    "tags": CONTENT_TAGS,
    "attributes": _ATTRIBUTES,
    "tag_attribute_values": _ATTRIBUTE_VALUES,
    "allowed_classes": _CLASSES,
    "url_schemes": URL_SCHEMES,
    "link_rel": "noopener noreferrer",
    "clean_content_tags": {"script", "style"},
}
_content = nh3.Cleaner(**CONTENT_RULES)
_inline = nh3.Cleaner(
    tags=INLINE_TAGS,
    attributes={"*": {"lang"}, "abbr": {"title"}},
    clean_content_tags={"script", "style"},
)
_text = nh3.Cleaner(tags=set(), attributes={}, clean_content_tags={"script", "style"})

_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p(?:\s[^>]*)?>", re.IGNORECASE)
_BLOCK_ELEMENT = re.compile(
    r"<(?:ul|ol|dl|table|img|figure|blockquote|pre|h[1-6]|aside|details|div|hr)\b", re.IGNORECASE
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def clean_html(html: str) -> str:
    """Author HTML reduced to the content allowlist (safe to insert as markup).

    An image without alt text gets ``alt=""`` (the builder requires alt text; an image from an
    import that lacks it is treated as decorative rather than read out as its file name).
    """
    if not html:
        return ""
    return _IMG_WITHOUT_ALT.sub('<img alt=""', _content.clean(html))


def is_inline(html: str) -> bool:
    """Whether ``html`` is paragraphs of phrasing content only (so it can live in a legend)."""
    return not _BLOCK_ELEMENT.search(html or "")


@lru_cache(maxsize=4096)
def clean_inline(html: str) -> str:
    """Author HTML reduced to phrasing content, paragraphs joined by line breaks."""
    if not html:
        return ""
    joined = _PARAGRAPH_BREAK.sub("<br>", html.strip())
    return _inline.clean(joined).strip()


@lru_cache(maxsize=4096)
def clean_text(html: str) -> str:
    """The text of author HTML, escaped for insertion as markup (e.g. in an ``<option>``)."""
    if not html:
        return ""
    return _SPACE.sub(" ", _text.clean(html)).strip()


def plain_text(html: str) -> str:
    """The text of author HTML, unescaped, for reports and JSON (never inserted as markup)."""
    return html_module.unescape(_SPACE.sub(" ", _TAG.sub(" ", html or ""))).strip()
