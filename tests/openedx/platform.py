"""Open edX as our blocks meet it, re-implemented for tests from openedx-platform's own code.

The XBlock SDK workbench is not Open edX. Open edX mixes its own fields and behaviour into
every block, builds the course structure over all blocks, and calls blocks from instructor
tasks, Studio and the mobile apps. No Open edX can run on these machines (no Docker, and the
platform is not installable as a library), so this module re-implements the parts our blocks
meet, each from the openedx-platform file and function named beside it (read in
openedx/openedx-platform at commit e57a655d77b614f19223984e9805b1fb940ab192, November 2026).

It stays small on purpose: field names, types, scopes and defaults as the platform declares
them, and the logic that reads them, nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from webob import Request
from xblock.core import XBlock, XBlockMixin
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Dict, Field, Float, Integer, JSONField, List, Scope, String
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager
from xblock.scorable import Score
from xblock.test.tools import TestRuntime

UTC = dt.UTC
# xmodule/course_metadata_utils.py: DEFAULT_START_DATE
DEFAULT_START_DATE = dt.datetime(2030, 1, 1, tzinfo=UTC)
# common/djangoapps/xblock_django/constants.py: ATTR_KEY_USER_IS_STAFF
ATTR_KEY_USER_IS_STAFF = "edx-platform.user_is_staff"
_ = lambda text: text  # noqa: E731 — the platform marks its help texts the same way


# -- field types of xmodule/fields.py ----------------------------------------------------------


class Date(JSONField):
    """xmodule/fields.py: Date — an ISO date in JSON, a timezone-aware datetime in Python."""

    def from_json(self, value: Any) -> dt.datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, str):
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            raise TypeError(f"Date: cannot read {value!r}")
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def to_json(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.isoformat()
        raise TypeError(f"Date: cannot write {value!r}")

    def from_string(self, serialized: str) -> dt.datetime | None:
        return self.from_json(json.loads(serialized) if serialized.startswith('"') else serialized)

    enforce_type = from_json


_TIMEDELTA = re.compile(
    r"((?P<days>\d+?) day(?:s?))?(\s)?((?P<hours>\d+?) hour(?:s?))?(\s)?"
    r"((?P<minutes>\d+?) minute(?:s)?)?(\s)?((?P<seconds>\d+?) second(?:s)?)?$"
)


class Timedelta(JSONField):
    """xmodule/fields.py: Timedelta — '1 day 2 hours' in JSON, a timedelta in Python."""

    def from_json(self, value: Any) -> dt.timedelta | None:
        if value is None or isinstance(value, dt.timedelta):
            return value
        parts = _TIMEDELTA.match(value)
        if not parts:
            return None
        return dt.timedelta(**{k: int(v) for k, v in parts.groupdict().items() if v})

    def to_json(self, value: Any) -> str | None:
        if value is None:
            return None
        seconds = int(value.total_seconds())
        days, seconds = divmod(seconds, 86400)
        hours, seconds = divmod(seconds, 3600)
        minutes, seconds = divmod(seconds, 60)
        units = (("days", days), ("hours", hours), ("minutes", minutes), ("seconds", seconds))
        return " ".join(f"{n} {unit}" for unit, n in units if n)

    enforce_type = from_json


class GroupAccessDict(Dict):
    """lms/djangoapps/lms_xblock/mixin.py: GroupAccessDict — integer partition ids."""

    def from_json(self, value: Any) -> dict | None:
        if value is not None:
            return {int(k): value[k] for k in value}
        return None

    def to_json(self, value: Any) -> dict | None:
        if value is not None:
            return {str(k): value[k] for k in value}
        return None


# -- the mixins Open edX adds to every block (lms/envs/common.py: XBLOCK_MIXINS) ----------------


class LmsBlockMixin(XBlockMixin):
    """lms/djangoapps/lms_xblock/mixin.py: LmsBlockMixin (fields, and its completion handler)."""

    hide_from_toc = Boolean(default=False, scope=Scope.settings)
    format = String(scope=Scope.settings)
    chrome = String(scope=Scope.settings, default=None)
    default_tab = String(scope=Scope.settings, default=None)
    source_file = String(scope=Scope.settings)
    visible_to_staff_only = Boolean(default=False, scope=Scope.settings)
    group_access = GroupAccessDict(default={}, scope=Scope.settings)
    user_partitions = List(default=[], scope=Scope.settings)

    @XBlock.json_handler
    def publish_completion(self, data, suffix=""):
        """Completion by view, sent by the LMS's own JavaScript for blocks without custom
        completion."""
        if getattr(self, "has_custom_completion", False):
            raise JsonHandlerError(400, "Block not configured for completion on view.")
        self.runtime.publish(self, "completion", data)
        return {"result": "ok"}


class InheritanceMixin(XBlockMixin):
    """xmodule/modulestore/inheritance.py: InheritanceMixin — the inheritable fields."""

    graded = Boolean(scope=Scope.settings, default=False)
    start = Date(default=DEFAULT_START_DATE, scope=Scope.settings)
    due = Date(scope=Scope.settings)
    relative_weeks_due = Integer(scope=Scope.settings)
    visible_to_staff_only = Boolean(default=False, scope=Scope.settings)
    course_edit_method = String(default="Studio", scope=Scope.settings)
    giturl = String(scope=Scope.settings)
    xqa_key = String(scope=Scope.settings)
    graceperiod = Timedelta(scope=Scope.settings)
    group_access = Dict(scope=Scope.settings)
    showanswer = String(default="finished", scope=Scope.settings)
    show_correctness = String(default="always", scope=Scope.settings)
    rerandomize = String(default="never", scope=Scope.settings)
    days_early_for_beta = Float(default=None, scope=Scope.settings)
    static_asset_path = String(default="", scope=Scope.settings)
    use_latex_compiler = Boolean(default=False, scope=Scope.settings)
    max_attempts = Integer(values={"min": 0}, scope=Scope.settings)
    matlab_api_key = String(scope=Scope.settings)
    user_partitions = List(default=[], scope=Scope.settings)
    video_speed_optimizations = Boolean(default=True, scope=Scope.settings)
    video_auto_advance = Boolean(default=False, scope=Scope.settings)
    video_bumper = Dict(scope=Scope.settings)
    show_reset_button = Boolean(default=False, scope=Scope.settings)
    edxnotes = Boolean(default=False, scope=Scope.settings)
    edxnotes_visibility = Boolean(default=True, scope=Scope.user_info)
    in_entrance_exam = Boolean(default=False, scope=Scope.settings)
    self_paced = Boolean(default=False, scope=Scope.settings)
    hide_from_toc = Boolean(default=False, scope=Scope.settings)

    @property
    def close_date(self):
        if self.graceperiod is not None and self.due:
            return self.due + self.graceperiod
        return self.due


class XModuleMixin(XBlockMixin):
    """xmodule/x_module.py: XModuleFields and XModuleMixin — what they give every block."""

    display_name = String(scope=Scope.settings, default=None)
    has_score = False
    show_in_read_only_mode = False
    always_recalculate_grades = False
    icon_class = "other"

    @property
    def location(self):
        return self.scope_ids.usage_id

    @property
    def url_name(self):
        return str(self.scope_ids.usage_id).split("@", 1)[-1]


# In the order lms/envs/common.py lists them; the runtime mixes them after the block's class.
PLATFORM_MIXINS = (LmsBlockMixin, InheritanceMixin, XModuleMixin)
PLATFORM_FIELD_NAMES = frozenset(name for mixin in PLATFORM_MIXINS for name in mixin.fields)


def platform_field(name: str) -> Field:
    for mixin in PLATFORM_MIXINS:
        if name in mixin.fields:
            return mixin.fields[name]
    raise KeyError(name)


# -- field data with inheritance ---------------------------------------------------------------


class InheritingFieldData(KvsFieldData):
    """xmodule/modulestore/inheritance.py: InheritingFieldData — an unset inheritable field takes
    the value of the nearest ancestor that sets it (read through the block's own field)."""

    def __init__(self, kvs, inheritable_names):
        super().__init__(kvs)
        self.inheritable_names = set(inheritable_names)

    def default(self, block, name):
        if name in self.inheritable_names:
            own_field = block.fields[name]
            ancestor = block.get_parent()
            while ancestor is not None:
                if own_field.is_set_on(ancestor):
                    return own_field.read_json(ancestor)
                ancestor = ancestor.get_parent()
        return super().default(block, name)


class MasqueradingKeyValueStore:
    """lms/djangoapps/courseware/masquerade.py: MasqueradingKeyValueStore — staff viewing as a
    learner read the learner's state; what they change stays in their session."""

    _DELETED = object()

    def __init__(self, kvs, session: dict):
        self.kvs = kvs
        self.session = session

    def get(self, key):
        value = self.session.get(key, None)
        if key in self.session:
            if value is self._DELETED:
                raise KeyError(key)
            return value
        return self.kvs.get(key)

    def set(self, key, value):
        self.session[key] = value

    def delete(self, key):
        self.session[key] = self._DELETED

    def has(self, key):
        if key in self.session:
            return self.session[key] is not self._DELETED
        return self.kvs.has(key)

    def set_many(self, values):
        for key, value in values.items():
            self.set(key, value)

    def default(self, key):
        return self.kvs.default(key)


# -- services ----------------------------------------------------------------------------------


class I18nService:
    """xmodule/modulestore/django.py: XBlockI18nService — a translator with ugettext."""

    def __init__(self):
        import gettext

        self.translator = gettext.NullTranslations()

    def __getattr__(self, name):
        return getattr(self.translator, "gettext" if name == "ugettext" else name)


@dataclass
class XBlockUser:
    """xblock/reference/user_service.py: XBlockUser, with the platform's optional attributes."""

    opt_attrs: dict


class UserService:
    """common/djangoapps/xblock_django/user_service.py: DjangoXBlockUserService."""

    def __init__(self, staff: bool):
        self.staff = staff

    def get_current_user(self):
        return XBlockUser(opt_attrs={ATTR_KEY_USER_IS_STAFF: self.staff})


class ReplaceURLService:
    """common/djangoapps/static_replace/services.py: ReplaceURLService — /static/x becomes the
    course's asset URL (static_replace.replace_static_urls)."""

    def __init__(self, course_key: str):
        self.course_key = course_key

    def replace_urls(self, text, static_replace_only=False):
        asset = f"/asset-v1:{self.course_key}+type@asset+block@"
        return re.sub(r"""(["'(])/static/([^"')]+)""", lambda m: m[1] + asset + m[2], text)


# -- the runtime -------------------------------------------------------------------------------


class UrlNameIds(MemoryIdManager):
    """Usage ids named after each element's url_name (Open edX keys blocks by it)."""

    def __init__(self):
        super().__init__()
        self.pending: str | None = None

    def create_usage(self, def_id):
        if self.pending is None:
            return super().create_usage(def_id)
        usage_id, self.pending = self.pending, None
        self._usages[usage_id] = def_id
        return usage_id


class ContainerBlock(XBlock):
    """course, chapter, sequential and vertical: children and the platform's fields only."""

    has_children = True


@dataclass
class Published:
    """What the runtime received from ``publish``."""

    events: list = field(default_factory=list)


class OpenEdxRuntime(TestRuntime):
    """An XBlock runtime that mixes in the platform's fields, inherits them down the course,
    and offers the services Open edX gives blocks (i18n, user, replace_urls, partitions)."""

    def __init__(self, platform: OpenEdx, user_id: str | None, staff: bool, kvs=None):
        self.platform = platform
        self.staff = staff
        services = {
            "field-data": InheritingFieldData(kvs or platform.store, PLATFORM_FIELD_NAMES),
            "i18n": I18nService(),
            "user": UserService(staff),
            "replace_urls": ReplaceURLService(platform.course_key),
            "partitions": object(),
            "completion": object(),
        }
        super().__init__(
            id_reader=platform.ids, id_generator=platform.ids, services=services,
            mixins=PLATFORM_MIXINS,
        )  # fmt: skip
        self.user_id = user_id

    def load_block_type(self, block_type):
        if block_type in ("course", "chapter", "sequential", "vertical"):
            return ContainerBlock
        return super().load_block_type(block_type)

    def _usage_id_from_node(self, node, parent_id):
        url_name = node.get("url_name")
        self.id_generator.pending = f"{node.tag}@{url_name}" if url_name else None
        return super()._usage_id_from_node(node, parent_id)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{block.scope_ids.usage_id}/{handler_name}"

    def local_resource_url(self, block, uri):
        return f"/resource/{block.scope_ids.block_type}/{uri}"

    def resource_url(self, resource):
        return f"/static/{resource}"

    def publish(self, block, event_type, event_data):
        self.platform.receive(block, self.user_id, event_type, event_data)


# -- the platform ------------------------------------------------------------------------------


class TaskError(Exception):
    """lms/djangoapps/instructor_task/exceptions.py: UpdateProblemModuleStateError."""


class OpenEdx:
    """One course in an Open edX-like LMS: the blocks, every learner's state, the gradebook."""

    def __init__(self, course_key: str = "KWP+HL101+2026"):
        self.course_key = course_key
        self.store = DictKeyValueStore()
        self.ids = UrlNameIds()
        self.grades: dict[tuple[str, str], dict] = {}  # (user, usage) -> last stored grade
        self.events: list[tuple[str, str, str, dict]] = []  # user, usage, type, data
        self.author = self.runtime(None, staff=True)
        self.root: str | None = None

    def runtime(self, user_id: str | None, staff: bool = False, kvs=None) -> OpenEdxRuntime:
        return OpenEdxRuntime(self, user_id, staff, kvs)

    # -- import --------------------------------------------------------------------------------

    def import_xml(self, xml: str | etree._Element) -> str:
        """Studio's import of one element (and its children); returns its usage id."""
        text = xml if isinstance(xml, str) else etree.tostring(xml, encoding="unicode")
        return self.author.parse_xml_string(text)

    def import_course(self, olx_dir: Path) -> str:
        """Import a built course folder (course.xml and the files its pointers name)."""
        self.root = self.import_xml(inline_pointers(olx_dir))
        return self.root

    def export(self, usage_id: str) -> etree._Element:
        """Studio's export (and copy to the clipboard) of one block: its ``add_xml_to_node``."""
        block = self.author.get_block(usage_id)
        node = etree.Element(block.scope_ids.block_type)
        block.add_xml_to_node(node)
        return node

    # -- learners ------------------------------------------------------------------------------

    def block(self, usage_id: str, user: str = "ala", staff: bool = False, kvs=None):
        runtime = self.runtime(user, staff, kvs)
        block = runtime.get_block(usage_id)
        return block

    def walk(self, usage_id: str | None = None, user: str | None = None) -> Iterator[Any]:
        block = self.block(usage_id or self.root, user)
        yield block
        for child in getattr(block, "children", []) or []:
            yield from self.walk(child, user)

    def receive(self, block, user_id, event_type, data) -> None:
        """lms/djangoapps/grades/signals/handlers.py: score_published_handler — a grade with
        ``only_if_higher`` replaces the stored one only when it is higher."""
        usage = str(block.scope_ids.usage_id)
        self.events.append((user_id, usage, event_type, data))
        if event_type != "grade":
            return
        previous = self.grades.get((user_id, usage))
        if data.get("only_if_higher") and previous and data["value"] <= previous["value"]:
            return
        self.grades[(user_id, usage)] = {"value": data["value"], "max_value": data["max_value"]}

    def state(self, user: str, usage_id: str) -> dict:
        """The learner's StudentModule.state: their user_state fields as JSON."""
        block = self.block(usage_id, user)
        return {
            name: f.to_json(getattr(block, name))
            for name, f in block.fields.items()
            if f.scope == Scope.user_state and f.is_set_on(block)
        }

    def write_state(self, user: str, usage_id: str, state: dict) -> None:
        block = self.block(usage_id, user)
        for name, f in block.fields.items():
            if f.scope == Scope.user_state:
                if name in state:
                    setattr(block, name, f.from_json(state[name]))
                elif f.is_set_on(block):
                    delattr(block, name)
        block.save()

    # -- instructor tasks (lms/djangoapps/instructor_task/tasks_helper/module_state.py) --------

    def rescore(self, user: str, usage_id: str, only_if_higher: bool) -> str:
        """rescore_problem_module_state"""
        instance = self.block(usage_id, user)
        if not hasattr(instance, "rescore"):
            raise TaskError(f"{usage_id} does not support rescoring")
        if not instance.has_submitted_answer():
            return "skipped"
        instance.rescore(only_if_higher=only_if_higher)
        instance.save()
        return "succeeded"

    def override_score(self, user: str, usage_id: str, weighted_score: float) -> str:
        """override_score_module_state"""
        instance = self.block(usage_id, user)
        if not hasattr(instance, "set_score"):
            raise TaskError("Scores cannot be overridden for this problem type.")
        if not 0 <= weighted_score <= instance.max_score():
            raise TaskError("Score must be between 0 and the maximum points available.")
        weight = instance.weight if instance.weight is not None else 1
        if weight == 0:
            raise TaskError("Scores cannot be overridden for a problem that has a weight of zero.")
        instance.set_score(
            Score(raw_earned=weighted_score / weight, raw_possible=instance.max_score() / weight)
        )
        instance.publish_grade()
        instance.save()
        return "succeeded"

    def reset_attempts(self, user: str, usage_id: str) -> str:
        """reset_attempts_module_state: ``attempts`` in the stored state set to 0."""
        state = self.state(user, usage_id)
        if state.get("attempts", 0) > 0:
            state["attempts"] = 0
            self.write_state(user, usage_id, state)
            return "succeeded"
        return "skipped"

    def delete_state(self, user: str, usage_id: str) -> str:
        """delete_problem_module_state: the StudentModule row is deleted."""
        self.write_state(user, usage_id, {})
        return "succeeded"


# -- course structure and access (lms/djangoapps/course_blocks/transformers) --------------------


def get_field_on_block(block, name: str, default=None):
    """openedx/core/djangoapps/content/block_structure/block_structure.py: get_field_on_block
    (as used by collect_merged_date_field): the value only when the block sets it."""
    if name in block.fields and block.fields[name].is_set_on(block):
        return getattr(block, name)
    return default


def merged_start_dates(platform: OpenEdx) -> dict[str, dt.datetime]:
    """lms/djangoapps/course_blocks/transformers/start_date.py: StartDateTransformer.collect with
    utils.collect_merged_date_field(func_merge_parents=min, func_merge_ancestors=max)."""
    merged: dict[str, dt.datetime] = {}

    def visit(usage_id: str, parent_dates: list) -> None:
        block = platform.block(usage_id, None)
        own = get_field_on_block(block, "start")
        if not parent_dates:
            value = own or DEFAULT_START_DATE
        else:
            value = min(parent_dates)
            if own:
                value = max(value, own)
        merged[usage_id] = value
        for child in getattr(block, "children", []) or []:
            visit(child, [value])

    visit(platform.root, [])
    return merged


def check_start_date(start, now: dt.datetime, days_early_for_beta=None) -> bool:
    """lms/djangoapps/courseware/access_utils.py: check_start_date (no beta testers here)."""
    if start is None:
        return True
    return now > start


def can_load_on_start_date(block, now: dt.datetime) -> bool:
    """lms/djangoapps/courseware/access.py: _can_load_descriptor_on_start_date — the block's
    own (inherited) ``start`` compared with now when a learner opens a unit."""
    return check_start_date(block.start, now, block.days_early_for_beta)


def has_mobile_support(block) -> bool:
    """lms/djangoapps/mobile_api and course_blocks' student_view_data transformer: a block is
    offered on the mobile apps when its ``student_view`` supports "multi_device"."""
    return block.has_support(getattr(block, "student_view", None), "multi_device")


def filter_displayed_blocks(block, html: str) -> str:
    """lms/djangoapps/courseware/masquerade.py: filter_displayed_blocks — staff viewing the course
    as a specific learner see only blocks that may be shown read-only."""
    if getattr(block, "show_in_read_only_mode", False):
        return html
    return "This type of component cannot be shown while viewing the course as a specific student."


def component_display_name(block_class) -> str:
    """cms/djangoapps/contentstore/helpers.py: xblock_type_display_name — the name Studio's
    "Advanced" component menu shows: the class's ``display_name`` default, else the tag."""
    default = getattr(getattr(block_class, "display_name", None), "default", None)
    return default or block_class.__name__


def call(block, handler: str, body: Any = None) -> tuple[int, Any]:
    request = Request.blank("/", method="POST", body=json.dumps(body or {}).encode())
    request.content_type = "application/json"
    response = block.runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body) if response.body else None


# -- course folders ----------------------------------------------------------------------------


def inline_pointers(olx_dir: Path) -> etree._Element:
    """The course as one tree: each pointer element (a tag with only url_name) replaced by the
    element of ``<tag>/<url_name>.xml``, as Open edX's XML import resolves them."""
    pointer = etree.parse(str(olx_dir / "course.xml")).getroot()

    def resolve(node: etree._Element) -> etree._Element:
        keys = set(node.attrib) - {"org", "course"}
        if keys == {"url_name"} and len(node) == 0:
            path = olx_dir / node.tag / f"{node.get('url_name')}.xml"
            if path.exists():
                loaded = etree.parse(str(path)).getroot()
                loaded.set("url_name", node.get("url_name"))
                node = loaded
        for index, child in enumerate(list(node)):
            if isinstance(child.tag, str):
                replaced = resolve(child)
                if replaced is not child:
                    node[index] = replaced
        return node

    return resolve(pointer)


def blocks_of(platform: OpenEdx, tag: str) -> list[str]:
    return [str(b.scope_ids.usage_id) for b in platform.walk() if b.scope_ids.block_type == tag]


Mutator = Callable[[etree._Element], None]
