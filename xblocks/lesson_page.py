"""``latarnia_lesson``: one page of a lesson (sanitised HTML) and the course's help contacts.

The OLX tag says "lesson" (courses already imported use it, so it stays), but the block is one
page: a lesson of the course (the builder's ``Lesson``, a subsection) is many such pages, with
quizzes and scenarios between them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from latarnia_xblocks import olx
from latarnia_xblocks.mixins import (
    N_,
    NP_,
    OlxMixin,
    ResourceMixin,
    StudioMixin,
    View,
    WorkbenchMixin,
)
from latarnia_xblocks.sanitise import clean_html, clean_inline
from latarnia_xblocks.vocabulary import LESSON_PAGE_TAG
from latarnia_xblocks.xblock_internals import read_only
from lxml import etree
from xblock.core import XBlock
from xblock.fields import List, Scope, String

MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
    N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
# A month with a year and no day ("October 2025"): Polish says it in the nominative.
MONTHS_ALONE = (
    NP_("month alone", "January"), NP_("month alone", "February"), NP_("month alone", "March"),
    NP_("month alone", "April"), NP_("month alone", "May"), NP_("month alone", "June"),
    NP_("month alone", "July"), NP_("month alone", "August"), NP_("month alone", "September"),
    NP_("month alone", "October"), NP_("month alone", "November"), NP_("month alone", "December"),
)  # fmt: skip
_NOT_DIALLED = re.compile(r"[^\d+]")


@XBlock.needs("i18n")
@XBlock.wants("replace_urls")
@XBlock.wants("user")
class LessonPageBlock(OlxMixin, StudioMixin, ResourceMixin, WorkbenchMixin, XBlock):
    """A page of lesson content as the builder rendered it, sanitised again here, then help
    contacts (the OLX tag ``latarnia_lesson``).

    Completion is by view, as for Open edX's own HTML blocks: the block has no custom completion.
    """

    display_name = String(
        display_name=N_("Display name"), scope=Scope.settings, default="Latarnia lesson page"
    )
    contacts_title = String(
        display_name=N_("Title of the help contacts"),
        help=N_("Shown above the help contacts; empty means “Where to get help”."),
        scope=Scope.settings,
        default="",
    )
    content = String(
        help="The page as HTML (see docs/xblocks.md).", scope=Scope.content, default=""
    )
    contacts = List(help="Help contacts (see xblocks/olx.py).", scope=Scope.content, default=[])

    icon_class = "other"
    olx_tag = LESSON_PAGE_TAG
    workbench_examples = "lesson_scenarios"
    show_in_read_only_mode = True  # no learner state at all
    studio_fields: ClassVar[tuple[str, ...]] = ("display_name", "contacts_title")
    studio_note = N_(
        "The page and its help contacts come from the course's YAML sources: edit them there, "
        "rebuild the course and import it again. Here you change the block's settings only."
    )

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        html = self.render_template(
            "lesson.html",
            id=self.element_id(),
            content=clean_html(self.content),
            contacts_title=self.contacts_title or self._("Where to get help"),
            contacts=self.contact_views(),
        )
        return self.fragment(html, None, None, {}, css=("static/css/lesson.css",))

    def contact_views(self) -> list[View]:
        views = []
        for contact in read_only(self, "contacts"):
            phone = contact.get("phone", "")
            url = contact.get("url", "")
            safe_url = url if url.startswith(("https://", "http://")) else ""
            views.append(
                View(
                    name=contact.get("name", ""),
                    phone=phone,
                    tel="tel:" + _NOT_DIALLED.sub("", phone) if phone else "",
                    hours=contact.get("hours", ""),
                    note=clean_inline(contact.get("note", "")),
                    url=safe_url,
                    url_text=safe_url.split("://", 1)[-1].rstrip("/"),
                    checked=contact.get("checked", ""),
                    checked_text=self.date_text(contact.get("checked", "")),
                )
            )
        return views

    def date_text(self, iso: str) -> str:
        """A check date as a learner reads it, as precise as the source: '31 October 2025',
        '31 października 2025'; 'October 2025', 'październik 2025'; '2025'."""
        try:
            day = date.fromisoformat(iso)
        except ValueError:
            year, _, month = iso.partition("-")
            if not (year.isdigit() and len(year) == 4):
                return iso
            if month.isdigit() and 1 <= int(month) <= 12 and len(month) == 2:
                return f"{self.pgettext('month alone', MONTHS_ALONE[int(month) - 1])} {year}"
            return year if not month else iso
        month = self._(MONTHS[day.month - 1])
        return f"{day.day} {month} {day.year}"

    def student_view_data(self, context=None) -> dict[str, Any]:
        """The page for the mobile apps: sanitised HTML and the contacts."""
        return self.rewrite_urls(
            {
                "display_name": self.display_name,
                "content": clean_html(self.content),
                "contacts_title": self.contacts_title or self._("Where to get help"),
                "contacts": [vars(view) for view in self.contact_views()],
            }
        )

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        settings, content, contacts = olx.lesson_from_xml(node)
        return {**cls.present_settings(node, settings), "content": content, "contacts": contacts}

    def olx_write(self, node: etree._Element) -> None:
        settings = {name: getattr(self, name) for name in olx.LESSON_SETTINGS}
        olx.lesson_to_xml(node, settings, self.content, self.contacts)
