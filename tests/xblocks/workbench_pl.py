"""The SDK workbench speaking Polish: Django's LANGUAGE_CODE is the language the runtime gives."""

from workbench.settings import *  # noqa: F403

LANGUAGE_CODE = "pl"
