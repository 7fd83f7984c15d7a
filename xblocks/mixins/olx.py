"""Studio import and export of a block's OLX, the same for the three blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from latarnia_xblocks import olx
from lxml import etree
from xblock.fields import Scope


class OlxMixin:
    """``parse_xml`` and ``add_xml_to_node`` of the three blocks.

    The block's own settings and content go through ``olx.py`` (each block's ``olx_read`` and
    ``olx_write``, a few lines calling the contract). Every other setting Open edX gives the
    block — "Hide from learners" (``visible_to_staff_only``), content groups
    (``group_access``), dates — is kept the way XBlock's default export keeps fields
    (``Field.to_string``/``from_string``), so that nothing set in Studio is lost on export,
    copy and paste, or re-import.
    """

    olx_tag: ClassVar[str] = ""

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        fields: ClassVar[dict[str, Any]]
        entry_point: ClassVar[str]

        def xml_element_name(self) -> str: ...

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        """Field name -> value from ``node``; settings only where the attribute is present
        (``present_settings``), so that absent ones keep their defaults."""
        raise NotImplementedError

    def olx_write(self, node: etree._Element) -> None:
        """Write the block's own settings and content into ``node``."""
        raise NotImplementedError

    @classmethod
    def olx_foreign_attributes(cls, node: etree._Element) -> set[str]:
        """Attributes of ``node`` that carry the block's own data under a platform field's
        name (read by ``olx_read``, not as the platform's field); none by default."""
        return set()

    @staticmethod
    def present_settings(node: etree._Element, settings: dict[str, Any]) -> dict[str, Any]:
        """The ``settings`` read from ``node`` whose attribute ``node`` has."""
        return {name: value for name, value in settings.items() if node.get(name) is not None}

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
        foreign = cls.olx_foreign_attributes(node)
        problems = []
        for name, raw in node.items():
            field = block.fields.get(name)
            if name in own or name in foreign or field is None or field.scope != Scope.settings:
                continue
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
