"""Behaviour the three Latarnia blocks share, one concern a module; the block classes compose them.

    i18n.py           the learner's language: I18nMixin, our catalogues, N_/NP_ markers
    resources.py      templates, JS and CSS fragments, /static/ links: ResourceMixin, View,
                      the workbench's scenarios: WorkbenchMixin
    json_handlers.py  JSON handlers with limits on the body: json_handler, HandlerError, require
    one_change.py     a learner's change applied once per state: OneChangeMixin
    scoring.py        grades and completion as Open edX expects them: ScoringMixin
    olx.py            Studio import and export: OlxMixin (parse_xml, add_xml_to_node)
    studio.py         Studio's settings form: StudioMixin

Each mixin knows nothing of quizzes or scenarios. The names below are importable from here.
"""

from latarnia_xblocks.mixins.i18n import (
    DOMAIN,
    LANGUAGES,
    N_,
    NP_,
    PACKAGE_DIR,
    TRANSLATIONS_DIR,
    I18nMixin,
    catalogue,
    to_locale,
)
from latarnia_xblocks.mixins.json_handlers import (
    HandlerError,
    json_handler,
    json_response,
    read_json_body,
    require,
)
from latarnia_xblocks.mixins.olx import OlxMixin
from latarnia_xblocks.mixins.one_change import OneChangeMixin
from latarnia_xblocks.mixins.resources import (
    ResourceMixin,
    View,
    WorkbenchMixin,
    js_msgids,
    resource,
)
from latarnia_xblocks.mixins.scoring import ScoringMixin
from latarnia_xblocks.mixins.studio import StudioMixin

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "NP_",
    "N_",
    "PACKAGE_DIR",
    "TRANSLATIONS_DIR",
    "HandlerError",
    "I18nMixin",
    "OlxMixin",
    "OneChangeMixin",
    "ResourceMixin",
    "ScoringMixin",
    "StudioMixin",
    "View",
    "WorkbenchMixin",
    "catalogue",
    "js_msgids",
    "json_handler",
    "json_response",
    "read_json_body",
    "require",
    "resource",
    "to_locale",
]
