"""Studio's settings form: a block's scalar settings, checked again when saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from latarnia_xblocks.mixins.i18n import N_
from latarnia_xblocks.mixins.json_handlers import HandlerError, json_handler, require
from latarnia_xblocks.mixins.resources import resource
from web_fragments.fragment import Fragment
from xblock.fields import Boolean, Float, Integer


class StudioMixin:
    """Studio's settings form: the block's scalar settings, validated on save.

    A block lists ``studio_fields`` (names of Scope.settings fields) and may give
    ``studio_choices`` (name -> ((value, label), …)); ``_studio_value`` checks each value.
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

    @json_handler  # not XBlock.json_handler: limits on the body (mixins/json_handlers.py)
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
