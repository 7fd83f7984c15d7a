"""Django settings of `latarnia preview`: the SDK workbench, the course's language and assets.

The preview sets LATARNIA_PREVIEW_LANG and LATARNIA_PREVIEW_STATIC before Django starts.
"""

import os

from workbench.settings import *  # noqa: F403 (the workbench's settings are the base)
from workbench.settings import MIDDLEWARE as _WORKBENCH_MIDDLEWARE
from workbench.settings import STATICFILES_DIRS as _WORKBENCH_STATIC

LANGUAGE_CODE = os.environ.get("LATARNIA_PREVIEW_LANG", "pl")
# Lessons refer to images as /static/<file> (Open edX course assets): serve the built static/.
STATICFILES_DIRS = [*_WORKBENCH_STATIC, os.environ.get("LATARNIA_PREVIEW_STATIC", "var/static")]

# First, so that it wraps every page: the problems banner, the reload poll, the status JSON.
MIDDLEWARE = ["latarnia_builder.preview_page.PreviewMiddleware", *_WORKBENCH_MIDDLEWARE]
