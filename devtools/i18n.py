"""The gettext catalogues of both packages: extract every string, update the .po, compile .mo.

    python -m devtools.i18n          extract, update <package>/translations/<lang>/
                                                  LC_MESSAGES/<domain>.po, compile the .mo
                                                  (what `make translations` runs)
    python -m devtools.i18n --check  report stale catalogues, write nothing
                                                  (the tests run it)

The blocks (``xblocks``, domain ``text``): strings come from the Python modules (``_``, ``N_``,
``ngettext``, ``pgettext``), the Jinja templates (``_()``, ``{% trans %}``) and the JavaScript
(``gettext("…")``), in the domain where Open edX's XBlockI18nService looks for bundled XBlock
translations. English is their source language; its catalogue repeats the source text so that
wording can be changed without code.

The ``latarnia`` command (``builder``, domain ``latarnia``): strings come from its Python modules
(``_``, ``N_``, ``ngettext`` of builder.i18n); only Polish has a catalogue, English being the
source text.

Babel is a development dependency only: both read the compiled .mo with ``gettext``.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from latarnia_builder import i18n as builder_i18n
from latarnia_xblocks.mixins import DOMAIN, LANGUAGES, PACKAGE_DIR, TRANSLATIONS_DIR

SOURCE_LANGUAGE = "en"
# NP_(context, text) marks a string with a context, as N_ marks one without.
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
METHODS = [
    ("i18n_tools.py", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("static/js/**.js", "javascript"),
]
OPTIONS = {
    "templates/**.html": {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}


@dataclass(frozen=True)
class Package:
    """One package's catalogues: where its strings are and where its translations go."""

    directory: Path
    domain: str
    languages: tuple[str, ...]
    methods: list[tuple[str, str]]
    options: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def translations(self) -> Path:
        return self.directory / "translations"


BLOCKS = Package(PACKAGE_DIR, DOMAIN, LANGUAGES, METHODS, OPTIONS)
BUILDER = Package(
    builder_i18n.TRANSLATIONS_DIR.parent,
    builder_i18n.DOMAIN,
    builder_i18n.LANGUAGES,
    [("**.py", "python")],
)
PACKAGES = (BLOCKS, BUILDER)
assert BLOCKS.translations == TRANSLATIONS_DIR

# Fixed dates keep the catalogues' headers, and so the .mo files, the same from run to run.
STAMP = datetime(2026, 11, 29, tzinfo=UTC)


def extract(package: Package = BLOCKS) -> Catalog:
    """Every translatable string of the package, as a catalogue template."""
    template = Catalog(project="latarnia", charset="utf-8", creation_date=STAMP)
    found = extract_from_dir(
        package.directory,
        package.methods,
        keywords=KEYWORDS,
        options_map=package.options,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str, package: Package = BLOCKS) -> Path:
    return package.translations / language / "LC_MESSAGES" / f"{package.domain}.po"


def read(language: str, package: Package = BLOCKS) -> Catalog:
    path = po_path(language, package)
    if not path.exists():
        return Catalog(locale=language, project="latarnia", creation_date=STAMP)
    with path.open("rb") as file:
        return read_po(file, locale=language)


def updated(language: str, template: Catalog, package: Package = BLOCKS) -> Catalog:
    """The catalogue of ``language`` with exactly the template's strings."""
    catalog = read(language, package)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            if message.id and not any(message.string or ()):
                message.string = message.id
    catalog.revision_date = STAMP
    catalog.fuzzy = False
    catalog.version = "1"
    catalog.copyright_holder = "Latarnia contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "Latarnia contributors"
    catalog.language_team = f"{language} (Latarnia)"
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def check(packages: tuple[Package, ...] = PACKAGES) -> list[str]:
    """What is out of date: strings missing from a .po, untranslated ones, stale .mo files."""
    problems = []
    for package in packages:
        template = extract(package)
        wanted = {(message.id, message.context) for message in template if message.id}
        domain = package.domain
        for language in package.languages:
            catalog = read(language, package)
            have = {(message.id, message.context) for message in catalog if message.id}
            for msgid, _ in sorted(wanted - have, key=str):
                problems.append(f"{language}: not in {domain}.po: {msgid!r}")
            for msgid, _ in sorted(have - wanted, key=str):
                problems.append(f"{language}: {domain}.po: no longer used: {msgid!r}")
            problems += [
                f"{language}: {domain}.po: untranslated: {msgid!r}"
                for msgid in untranslated(catalog)
            ]
            mo = po_path(language, package).with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
                problems.append(f"{language}: {domain}.mo is not compiled from {domain}.po")
    return problems


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for problem in problems:
            print(problem)
        print("catalogues up to date" if not problems else "run: make translations")
        return 1 if problems else 0
    for package in PACKAGES:
        template = extract(package)
        for language in package.languages:
            catalog = updated(language, template, package)
            path = po_path(language, package)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po_bytes(catalog))
            with path.open("rb") as file:  # compile what was written, as the check does
                path.with_suffix(".mo").write_bytes(mo_bytes(read_po(file, locale=language)))
            missing = untranslated(catalog)
            print(
                f"{path.relative_to(package.directory.parent)}: {len(catalog)} strings, "
                f"{len(missing)} untranslated"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
