"""Templates bound to the learner's language, our JS and CSS, and ``/static/`` links."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from importlib import resources
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar

import jinja2
from latarnia_xblocks.mixins.i18n import PACKAGE_DIR, I18nMixin
from web_fragments.fragment import Fragment

_PACKAGE = __package__.rpartition(".")[0]  # latarnia_xblocks: templates/ and static/ live there


class View(SimpleNamespace):
    """A template's view of something: plain attributes (the fastest lookup in Jinja)."""

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(PACKAGE_DIR / "templates")),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
_JS_MSGID = re.compile(r'\bgettext\(\s*"((?:[^"\\]|\\.)*)"')


@functools.cache
def resource(path: str) -> str:
    """The text of a file shipped in this package (``static/js/quiz.js`` …), read once."""
    return resources.files(_PACKAGE).joinpath(path).read_text(encoding="utf-8")


@functools.cache
def js_msgids(path: str) -> tuple[str, ...]:
    """The strings a JS file passes to ``gettext("…")`` (extracted for the .po by devtools/i18n)."""
    return tuple(json.loads(f'"{raw}"') for raw in _JS_MSGID.findall(resource(path)))


class ResourceMixin(I18nMixin):
    """Jinja templates bound to the learner's language, and fragments with our JS and CSS inline.

    Resources are inlined rather than served by URL: they are small, and it spares the runtime a
    request per file (Open edX serves an XBlock's files only from its ``public/`` folder).
    """

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        fields: ClassVar[dict[str, Any]]
        scope_ids: Any
        display_name: str

    def render_template(self, name: str, **context: Any) -> str:
        translations = self._translations()
        return _TEMPLATES.get_template(name).render(
            gettext=translations.gettext, ngettext=translations.ngettext, **context
        )

    def js_catalogue(self, *paths: str) -> dict[str, str]:
        """The translations of the JS strings, for the JS ``gettext`` (English needs none)."""
        gettext_ = self._translations().gettext
        strings = {msgid: gettext_(msgid) for path in paths for msgid in js_msgids(path)}
        return {msgid: text for msgid, text in strings.items() if text != msgid}

    def fragment(
        self,
        html: str,
        name: str | None,
        init_fn: str | None,
        init_args: dict[str, Any],
        css: Iterable[str] = (),
    ) -> Fragment:
        """A fragment with ``html``, the shared and the block's CSS, and, when the block has a
        script (``static/js/<name>.js``), the shared and the block's JS and the init call."""
        frag = Fragment(html)
        frag.add_css("\n".join(resource(path) for path in ("static/css/common.css", *css)))
        if name:
            scripts = ("static/js/common.js", f"static/js/{name}.js")
            frag.add_javascript("\n".join(resource(path) for path in scripts))
            frag.initialize_js(init_fn, {**init_args, "i18n": self.js_catalogue(*scripts)})
        return frag

    def rewrite_urls(self, value: Any) -> Any:
        """``value`` (HTML, or a dict or list holding HTML) with ``/static/…`` links turned into
        the course's asset URLs by Open edX's ``replace_urls`` service.

        Open edX rewrites the student view's fragment itself, not what handlers return or
        ``student_view_data`` gives the mobile apps. Runtimes without the service (the
        workbench, tests) serve ``/static/`` as it is.
        """
        service = self.runtime.service(self, "replace_urls")
        if service is None:
            return value
        return _each_string(
            value, lambda text: service.replace_urls(text) if "/static/" in text else text
        )

    def title(self, fallback: str) -> str:
        """The block's title; ``fallback`` (translated) when the author gave none."""
        if self.fields["display_name"].is_set_on(self) and self.display_name:
            return self.display_name
        return self._(fallback)

    def element_id(self) -> str:
        """A short id prefix unique to this block on the page."""
        usage = str(self.scope_ids.usage_id).encode()
        return "latarnia-" + hashlib.blake2s(usage, digest_size=4).hexdigest()


def _each_string(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _each_string(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_each_string(item, change) for item in value]
    return value


class WorkbenchMixin:
    """The XBlock SDK workbench's scenarios of a block: ``devtools/examples.py`` of the
    repository (kept out of the installed package); none where it is not importable, as in
    Open edX. A block names the function of ``examples`` that lists its scenarios."""

    workbench_examples: ClassVar[str] = ""

    @classmethod
    def workbench_scenarios(cls) -> list[tuple[str, str]]:
        try:
            from devtools import examples
        except ImportError:
            return []
        return getattr(examples, cls.workbench_examples)()
