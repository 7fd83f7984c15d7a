"""Behaviour the three Latarnia blocks share: language, templates and resources, JSON handlers,
scoring and completion, Studio settings.

Each mixin is small and knows nothing of quizzes or scenarios; the block classes compose them.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import hashlib
import hmac
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar

import jinja2
from latarnia_xblocks import olx
from lxml import etree
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, Scope
from xblock.scorable import ScorableXBlockMixin, Score

PACKAGE_DIR = Path(__file__).parent
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
DOMAIN = "text"  # the gettext domain Open edX's XBlockI18nService looks for in translations/
LANGUAGES = ("pl", "en")  # the catalogues we ship; other languages fall back to English


def N_(text: str) -> str:
    """Mark ``text`` for extraction; it is translated where it is shown."""
    return text


def NP_(context: str, text: str) -> str:
    """Mark ``text`` with a ``context`` for extraction; translate it with ``pgettext``."""
    return text


# -- language ----------------------------------------------------------------------------------


def to_locale(language: str) -> str:
    """'en-us' -> 'en_US', 'pl' -> 'pl' (Django's rule)."""
    language, _, country = language.replace("_", "-").partition("-")
    return f"{language.lower()}_{country.upper()}" if country else language.lower()


@functools.cache
def catalogue(locale: str) -> gettext.NullTranslations:
    """Our compiled catalogue for ``locale`` ('pl', 'en_US' …), English source text if none."""
    return gettext.translation(DOMAIN, TRANSLATIONS_DIR, [locale], fallback=True)


class I18nMixin:
    """The block speaks the language the runtime gives it (blocks declare ``needs("i18n")``).

    Open edX's i18n service already holds our catalogue for the learner's language (it loads
    ``translations/<locale>/LC_MESSAGES/text.mo`` of this package, or the OEP-58 catalogue pulled
    by atlas): we use it as it is. Other runtimes (the SDK workbench, tests) tell us the language
    through ``get_language()`` (the workbench passes Django's); we load our own catalogue for it.
    """

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        runtime: Any

    def _translations(self) -> gettext.NullTranslations:
        cached = getattr(self, "_latarnia_translations", None)
        if cached is None:
            service = self.runtime.service(self, "i18n")
            translator = getattr(service, "translator", None)
            if isinstance(translator, gettext.NullTranslations):
                cached = translator
            else:
                get_language = getattr(service, "get_language", None)
                language = (get_language() if callable(get_language) else None) or "en"
                cached = catalogue(to_locale(language))
            self._latarnia_translations = cached
        return cached

    def _(self, text: str) -> str:
        """``text`` in the learner's language."""
        return self._translations().gettext(text)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations().ngettext(singular, plural, count)

    def pgettext(self, context: str, text: str) -> str:
        return self._translations().pgettext(context, text)


# -- templates and static resources ------------------------------------------------------------


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
    return resources.files(__package__).joinpath(path).read_text(encoding="utf-8")


@functools.cache
def js_msgids(path: str) -> tuple[str, ...]:
    """The strings a JS file passes to ``gettext("…")`` (extracted for the .po by i18n_tools)."""
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


def workbench_examples(name: str) -> list[tuple[str, str]]:
    """The XBlock SDK workbench's scenarios: the repository's ``devtools/examples.py`` (kept out
    of the installed package); none where it is not importable, as in Open edX."""
    try:
        from devtools import examples
    except ImportError:
        return []
    return getattr(examples, name)()


# -- reading author content -------------------------------------------------------------------


def read_only(block: XBlock, name: str) -> Any:
    """The value of a content field the block only reads (questions, steps…).

    Reading a List or Dict field through XBlock deep-copies it, so that ``save()`` can tell
    whether it changed; author content never changes in a learner's request, and the copy of a
    whole quiz would cost more than rendering it. A value set in this request is returned as set.

    It reads XBlock's ``_field_data`` and ``_field_data_cache`` (what ``Field.__get__`` reads):
    tests/openedx/test_xblock_internals.py pins both on every XBlock the release matrix installs.
    """
    cache = getattr(block, "_field_data_cache", {})
    if name in cache:
        return cache[name]
    field = block.fields[name]
    field_data = block._field_data
    if field_data.has(block, name):
        return field.from_json(field_data.get(block, name))
    return field.default


# -- stable per-block and per-learner orders ---------------------------------------------------

_PROCESS_KEY = os.urandom(32)


@functools.cache
def _secret() -> bytes:
    """Django's SECRET_KEY where there is one (Open edX, the workbench), else a per-process key.

    Orders derived from public ids alone could be recomputed by a curious learner who reads this
    source; keyed with a secret they reveal nothing.
    """
    try:
        from django.conf import settings

        if settings.configured and settings.SECRET_KEY:
            return str(settings.SECRET_KEY).encode()
    except Exception:
        pass
    return _PROCESS_KEY


def permutation(count: int, *seed_parts: object) -> list[int]:
    """A shuffled ``range(count)``, the same for the same seed, unguessable without the key."""
    return list(_permutation(count, "\x1f".join(str(part) for part in seed_parts)))


@functools.lru_cache(maxsize=16384)
def _permutation(count: int, message: str) -> tuple[int, ...]:
    seed = hmac.new(_secret(), message.encode(), hashlib.sha256).hexdigest()
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return tuple(order)


# -- JSON handlers -----------------------------------------------------------------------------


class HandlerError(Exception):
    """A request the handler refuses: 400 (malformed) or 409 (not now), with a reason."""

    def __init__(self, status: int, reason: str, **extra: Any):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(
        body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


MAX_BODY = 256 * 1024  # bytes: a whole quiz's answers take a few kilobytes
MAX_DEPTH = 16  # nesting of a request body: answers are at most four levels deep
MAX_DIGITS = 20  # digits of a JSON number: attempts and settings are small


def _json_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError("number too long")
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > 2 * MAX_DIGITS:
        raise ValueError("number too long")
    return float(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is shallow enough and holds only text that UTF-8 can carry."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, str):
        return not any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    return True


def read_json_body(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or ``HandlerError(400)``: not JSON, too big, too deep,
    numbers too long or not finite, text with lone surrogates."""
    if len(body) > MAX_BODY:
        raise HandlerError(413, "the request body is too large")
    try:
        data = json.loads(
            body.decode("utf-8") if body else "null",
            parse_int=_json_number,
            parse_float=_json_float,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HandlerError(400, "the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HandlerError(400, "the request body must be a JSON object")
    if not _plain(data):
        raise HandlerError(400, "the request body is nested too deeply or holds invalid text")
    return data


def json_handler(method: Callable[[Any, dict[str, Any]], Any]) -> Callable:
    """An XBlock handler taking a JSON object by POST and answering JSON.

    Not ``XBlock.json_handler``: it sets no limit on a body's size, depth or numbers, and a
    100,000-deep body raises RecursionError there, a 500 (``read_json_body`` answers 4xx).

    Malformed input answers 400 with ``{"error": reason}``; a ``HandlerError`` raised by the
    method answers its own status and reason. Only POST changes state.
    """

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        if request.method != "POST":
            return json_response({"error": "use POST"}, 405)
        try:
            data = read_json_body(request.body)
        except HandlerError as refused:
            return json_response({"error": refused.reason}, refused.status)
        try:
            payload = method(self, data)
            rewrite = getattr(self, "rewrite_urls", None)
            return json_response(rewrite(payload) if rewrite else payload)
        except HandlerError as refused:
            return json_response({"error": refused.reason, **refused.extra}, refused.status)

    return handler


def require(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """``data[key]`` if it is present and of ``kind`` (bool is not an int here), else 400."""
    value = data.get(key)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (
        key not in data
        or not isinstance(value, kinds)
        or (isinstance(value, bool) and bool not in kinds)
    ):
        names = " or ".join(k.__name__ for k in kinds)
        raise HandlerError(400, f"'{key}' must be a {names}")
    return value


# -- one change at a time ---------------------------------------------------------------------

CLAIM_SECONDS = 30  # longer than any request; short enough not to matter after a state reset


class _ProcessClaims:
    """Claims kept in this process, for runtimes without Django (tests, scripts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def add(self, key: str, value: Any, timeout: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            if len(self._until) > 10_000:
                self._until = {k: t for k, t in self._until.items() if t > now}
            self._until[key] = now + timeout
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._until.pop(key, None)


_PROCESS_CLAIMS = _ProcessClaims()


def _claims() -> Any:
    """Django's default cache where there is one (Open edX: memcached or Redis, shared by every
    LMS worker; the workbench: one process's memory), else this process's claims."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.core.cache import cache

            return cache
    except Exception:
        pass
    return _PROCESS_CLAIMS


class OneChangeMixin:
    """A learner's change (a submit, a choice, starting again) is applied once per state.

    Open edX loads a learner's state when a request starts and saves it when it ends, in
    whichever LMS worker takes the request: a double click, two tabs or a retried request on a
    mobile network would each see the same state and each apply a change. Every change claims
    the state's ``revision`` in a cache all workers share (``cache.add`` is atomic there); the
    first request wins, the others answer 409 with ``duplicate``. A change that fails frees
    its claim; one that succeeds raises ``revision`` for the next.
    """

    revision = Integer(
        help="Changes made to the learner's state (see OneChangeMixin).",
        scope=Scope.user_state,
        default=0,
    )

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        scope_ids: Any

    @contextlib.contextmanager
    def one_change(self) -> Iterator[None]:
        ids = self.scope_ids
        name = f"{ids.usage_id}|{ids.user_id}|{self.revision}"
        key = "latarnia-claim:" + hashlib.sha256(name.encode()).hexdigest()
        claims = _claims()
        if not claims.add(key, 1, CLAIM_SECONDS):
            raise HandlerError(409, "this change is already being saved", duplicate=True)
        try:
            yield
        except BaseException:
            claims.delete(key)
            raise
        self.revision += 1


# -- scoring and completion --------------------------------------------------------------------


class ScoringMixin(ScorableXBlockMixin, CompletableXBlockMixin):
    """A grade the platform can trust: computed on the server, published as ``grade``.

    ``max_score()`` is the block's raw points; Open edX scales them to ``weight`` points in the
    assignment type (``weight`` follows the Open edX convention of capa problems). The score
    the block shows is always the one it last published: a learner's submit, an instructor's
    rescore (``rescore(only_if_higher)``) and an override (``set_score`` then
    ``publish_grade``, as openedx-platform's instructor tasks call them) all pass through
    ``_publish_grade``.
    """

    weight = Float(
        display_name=N_("Weight"),
        help=N_("Points of this block in its assignment type."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0},
    )
    raw_earned = Float(
        help="The learner's raw score, published as the grade.",
        scope=Scope.user_state,
        default=None,
    )

    def get_score(self) -> Score:
        return Score(self.raw_earned or 0.0, self.max_score())

    def set_score(self, score: Score) -> None:
        self.raw_earned = score.raw_earned

    def publish_grade(self) -> None:
        """Publish the stored score (the instructor's override task calls this)."""
        self._publish_grade(self.get_score())

    def _publish_grade(self, score: Score, only_if_higher: bool | None = None) -> None:
        """Store ``score`` unless ``only_if_higher`` keeps a better one, then publish it; the
        gradebook applies the same rule, so the block and the gradebook agree."""
        if not (only_if_higher and (self.raw_earned or 0.0) >= score.raw_earned):
            self.set_score(score)
        super()._publish_grade(score, only_if_higher)

    def publish_score(self, score: Score) -> None:
        """Store ``score`` and publish it as the learner's grade."""
        self._publish_grade(score)

    def mark_complete(self) -> None:
        # Not "publish_completion": Open edX's LmsBlockMixin has a handler of that name.
        self.emit_completion(1.0)


class OlxMixin:
    """Import and export of a block's OLX, the same for the three blocks.

    The block's own settings and content go through ``olx.py`` (``olx_read``/``olx_write`` of
    each block). Every other setting Open edX gives the block — "Hide from learners"
    (``visible_to_staff_only``), content groups (``group_access``), dates — is kept the way
    XBlock's default export keeps fields (``Field.to_string``/``from_string``), so that nothing
    set in Studio is lost on export, copy and paste, or re-import.
    """

    olx_tag: ClassVar[str] = ""

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        fields: ClassVar[dict[str, Any]]
        entry_point: ClassVar[str]

        def xml_element_name(self) -> str: ...

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        """Field name -> value from ``node``; settings only where the attribute is present."""
        raise NotImplementedError

    def olx_write(self, node: etree._Element) -> None:
        raise NotImplementedError

    @classmethod
    def own_field_names(cls) -> set[str]:
        """The fields the block declares itself (the runtime mixes the platform's in)."""
        return set(getattr(cls, "unmixed_class", cls).fields)

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        where = node.get("url_name") or str(getattr(keys.usage_id, "block_id", keys.usage_id))
        try:
            values = cls.olx_read(node)
        except olx.OlxError as refused:
            raise olx.OlxError(cls.olx_tag, where, refused.problems) from None
        for name, value in values.items():
            setattr(block, name, value)
        own = cls.own_field_names()
        problems = []
        for name, raw in node.items():
            field = block.fields.get(name)
            if name in own or field is None or field.scope != Scope.settings:
                continue
            if (
                name == "start"
                and cls.olx_tag == "latarnia_scenario"
                and olx.legacy_first_step(node)
            ):
                continue  # 0.1's first step, read by olx_read
            try:
                setattr(block, name, field.from_string(raw))
            except Exception:
                problems.append(f'{name}="{raw}" is not a valid value of Open edX\'s {name}')
        if problems:
            raise olx.OlxError(cls.olx_tag, where, problems)
        return block

    def add_xml_to_node(self, node: etree._Element) -> None:
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        self.olx_write(node)
        own = self.own_field_names()
        for name, field in self.fields.items():
            if name in own or field.scope != Scope.settings or not field.is_set_on(self):
                continue
            node.set(name, field.to_string(field.read_from(self)))


# -- Studio settings ---------------------------------------------------------------------------


class StudioMixin:
    """Studio's settings form: the block's scalar settings, validated on save.

    A block lists ``studio_fields`` (names of Scope.settings fields) and may give
    ``studio_choices`` (name -> ((value, label), …)); ``validate_settings`` adds its own rules.
    Content (questions, steps, pages) comes from the course's YAML sources, not from Studio.
    """

    studio_fields: ClassVar[tuple[str, ...]] = ("display_name",)
    studio_choices: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {}
    studio_note: str = ""

    if TYPE_CHECKING:  # the XBlock's own, and those of I18nMixin and ResourceMixin
        fields: ClassVar[dict[str, Any]]
        runtime: Any

        def _(self, text: str) -> str: ...
        def render_template(self, name: str, **context: Any) -> str: ...
        def element_id(self) -> str: ...
        def js_catalogue(self, *paths: str) -> dict[str, str]: ...

    def studio_view(self, context=None) -> Fragment:
        fields = []
        for name in self.studio_fields:
            field = self.fields[name]
            kind = type(field).__name__.lower()  # string, integer, float, boolean
            fields.append(
                {
                    "name": name,
                    "kind": "choice" if name in self.studio_choices else kind,
                    "label": self._(field.display_name or name),
                    "help": self._(field.help) if field.help else "",
                    "value": getattr(self, name),
                    "choices": [
                        (v, self._(label)) for v, label in self.studio_choices.get(name, ())
                    ],
                }
            )
        html = self.render_template(
            "studio.html", id=self.element_id(), fields=fields, note=self._(self.studio_note)
        )
        frag = Fragment(html)
        frag.add_css(resource("static/css/common.css") + resource("static/css/studio.css"))
        frag.add_javascript(resource("static/js/common.js") + resource("static/js/studio.js"))
        frag.initialize_js(
            "LatarniaStudio",
            {"i18n": self.js_catalogue("static/js/studio.js"), "fields": list(self.studio_fields)},
        )
        return frag

    @json_handler
    def studio_submit(self, data: dict[str, Any]) -> dict[str, Any]:
        """Save ``{"values": {setting: value}}``: every value checked before any is set.

        Only someone who may edit the course may: Studio lets only course authors call a
        block's handlers, but the LMS would let any learner call this one.
        """
        if not self.may_edit():
            raise HandlerError(403, "only course staff may change the settings")
        values = require(data, "values", dict)
        unknown = sorted(set(values) - set(self.studio_fields))
        if unknown:
            raise HandlerError(400, f"unknown settings: {', '.join(unknown)}")
        cleaned = {name: self._studio_value(name, raw) for name, raw in values.items()}
        for name, value in cleaned.items():
            setattr(self, name, value)
        return {"result": "success"}

    def may_edit(self) -> bool:
        """Course staff (Open edX's user service), Studio (its author-mode runtime), or the
        workbench's ``?student=author`` (the preview's author)."""
        if getattr(self.runtime, "is_author_mode", False):
            return True
        service = self.runtime.service(self, "user")
        user = service.get_current_user() if service is not None else None
        attrs = getattr(user, "opt_attrs", None) or {}
        return bool(
            attrs.get("edx-platform.user_is_staff")
            or attrs.get("xblock-workbench.user_id") == "author"
        )

    def _studio_value(self, name: str, raw: Any) -> Any:
        """``raw`` as the field's type, or 400 with a reason the author can act on."""
        field = self.fields[name]
        label = self._(field.display_name or name)

        def refuse(message: str) -> HandlerError:
            return HandlerError(400, self._(message).format(setting=label))

        if isinstance(field, Boolean):
            if not isinstance(raw, bool):
                raise refuse(N_("{setting}: tick the box or leave it empty."))
            return raw
        if isinstance(field, Integer | Float):
            number = _number(raw, whole=isinstance(field, Integer))
            if number is None:
                raise refuse(N_("{setting}: enter a number 0 or greater."))
            return number
        if not isinstance(raw, str):
            raise refuse(N_("{setting}: enter text."))
        value = raw.strip()
        allowed = [choice for choice, _label in self.studio_choices.get(name, ())]
        if allowed and value not in allowed:
            raise refuse(N_("{setting}: choose one of the options."))
        if len(value) > 200:
            raise refuse(N_("{setting}: at most 200 characters."))
        return value


def _number(raw: Any, whole: bool) -> float | int | None:
    """``raw`` as a finite number >= 0 (a whole one if ``whole``) below a million, else None."""
    if isinstance(raw, bool):
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    if number >= 1_000_000:
        return None
    if not 0 <= number < float("inf") or (whole and not number.is_integer()):
        return None
    return int(number) if whole else number
