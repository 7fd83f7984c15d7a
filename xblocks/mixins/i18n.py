"""The learner's language: our gettext catalogues, or the one Open edX's i18n service holds."""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from latarnia_xblocks.vocabulary import UI_LANGUAGES

PACKAGE_DIR = Path(__file__).parent.parent  # the latarnia_xblocks package
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
DOMAIN = "text"  # the gettext domain Open edX's XBlockI18nService looks for in translations/
LANGUAGES = UI_LANGUAGES  # the catalogues we ship; other languages fall back to English


def N_(text: str) -> str:
    """Mark ``text`` for extraction; it is translated where it is shown."""
    return text


def NP_(context: str, text: str) -> str:
    """Mark ``text`` with a ``context`` for extraction; translate it with ``pgettext``."""
    return text


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
