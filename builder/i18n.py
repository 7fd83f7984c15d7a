"""The language of the ``latarnia`` command: Polish or English, with gettext catalogues.

Messages are marked where they are written: ``_("unknown key '{key}'").format(key=…)``, with
named placeholders so that translators can reorder them; ``N_`` marks text translated later
(titles, noun phrases kept in constants). The language is ``LATARNIA_LANG`` when set, else
gettext's usual environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): Polish when it names pl,
English otherwise. English is the source text; ``python -m devtools.i18n`` extracts
the strings into translations/pl/LC_MESSAGES/latarnia.po and compiles the .mo shipped with us.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DOMAIN = "latarnia"
LANGUAGES = ("pl",)  # the catalogues we ship; English is the source text
ENVIRONMENT = ("LATARNIA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """'pl' or 'en': the first of ``ENVIRONMENT`` that is set decides (read on every call)."""
    for name in ENVIRONMENT:
        value = os.environ.get(name, "").strip()
        if value:
            first = value.split(":")[0].lower()
            return "pl" if first.startswith("pl") else "en"
    return "en"


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; the English source text when there is none."""
    return gettext.translation(DOMAIN, TRANSLATIONS_DIR, [lang], fallback=True)


def _(text: str) -> str:
    """``text`` in the user's language."""
    return catalogue(language()).gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``count`` in the user's language (Polish has three)."""
    return catalogue(language()).ngettext(singular, plural, count)


def N_(text: str) -> str:
    """Mark ``text`` for extraction; it is translated with ``_`` where it is shown."""
    return text
