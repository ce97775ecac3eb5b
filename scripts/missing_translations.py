#!/usr/bin/env python
"""
The messages of the installed packages that the archive's pages, admin and API can show and that
no package catalogue translates, per package and interface language; the supplement catalogue
(locale_supplement/, see its README) supplies them.

    .venv/bin/python scripts/missing_translations.py            # counts per package and language
    .venv/bin/python scripts/missing_translations.py --list kk  # the missing messages themselves
    .venv/bin/python scripts/missing_translations.py --write    # refresh locale_supplement/*.po

A package's messages are its English catalogue where it ships one (Django), else what Django's
`makemessages` extracts from its code. "Own" counts what the package's own catalogue leaves
untranslated; "shown" what no catalogue Django loads (Django's, every installed app's) translates,
which is what a page would show in English and what the supplement must hold. `--write` adds the
new ones untranslated, for a translator, and drops the entries no longer needed (a package now
translates them, or no longer has them); then fill in every empty msgstr and compile with
`msgfmt --check`.
"""

import argparse
import gettext
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
SUPPLEMENT = REPO / "locale_supplement"
LANGUAGES = ("kk", "ru", "fr", "nl")
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    # Django's own Russian formula, so that the forms line up with its catalogues'.
    "ru": (
        "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || "
        "n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
    ),
    "fr": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);",
}
LANGUAGE_TEAMS = {"kk": "Kazakh", "ru": "Russian", "fr": "French", "nl": "Dutch"}


@dataclass(frozen=True)
class Source:
    """One package's messages in one gettext domain."""

    label: str
    module: str  # its directory holds the code and locale/
    domain: str = "django"
    # False: the package's English catalogue lists its messages; True: extract them from the code.
    extract: bool = False
    # Code the archive never runs, or pages it never shows (`makemessages --ignore` patterns, or
    # the start of a catalogue's source references: an entry all of whose references start so
    # is left out).
    ignore: tuple[str, ...] = field(default=())
    # Messages the package has but never displays, beyond those `ignore` leaves out.
    hidden: Callable[[], set[str]] | None = None


def hidden_country_names():
    """
    Country names django-countries knows but never displays: former names (for looking a country
    up by name) and the official names its common names replace ("Netherlands (Kingdom of the)").
    """
    from django.utils import translation
    from django_countries import countries
    from django_countries.data import COUNTRIES

    with translation.override(None):
        displayed = {str(name) for _code, name in countries}
        known = {str(name) for name in COUNTRIES.values()}
        known |= {str(name) for names in countries.OLD_NAMES.values() for name in names}
    return known - displayed


SOURCES = (
    # Language names: the archive names its five languages itself. The welcome page: only a
    # project without URLs shows it.
    Source(
        "django",
        "django.conf",
        ignore=("conf/global_settings.py", "views/templates/default_urlconf.html"),
    ),
    Source("django.contrib.admin", "django.contrib.admin"),
    # The admin's scripts (calendar, clock, selector boxes), through its JavaScript catalogue.
    Source("django.contrib.admin (js)", "django.contrib.admin", domain="djangojs"),
    Source("django.contrib.auth", "django.contrib.auth"),
    Source("django.contrib.contenttypes", "django.contrib.contenttypes"),
    Source("django_filters", "django_filters", extract=True),
    Source("reversion", "reversion", extract=True),
    Source("axes", "axes", extract=True),
    # The API renders JSON only: the browsable API's templates never show; authtoken is not
    # installed.
    Source("rest_framework", "rest_framework", extract=True, ignore=("templates", "authtoken")),
    # The API has no token authentication (plumbing.py), and the schema leaves out its own view
    # (views.py).
    Source("drf_spectacular", "drf_spectacular", extract=True, ignore=("views.py", "plumbing.py")),
    Source(
        "django_countries",
        "django_countries",
        extract=True,
        ignore=("tests",),
        hidden=hidden_country_names,
    ),
)


def package_dir(module):
    return Path(importlib.util.find_spec(module).origin).parent


def key(entry):
    """The entry's key in a compiled catalogue (gettext's, for a plural its first form's)."""
    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
    return (msgid, 0) if entry.msgid_plural else msgid


def extracted_catalogue(source, workdir):
    """What Django's makemessages finds in the package's code, as a catalogue."""
    copy = Path(workdir) / source.module
    shutil.copytree(package_dir(source.module), copy, ignore=shutil.ignore_patterns("locale"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # -P: the package directory is the working directory; its modules must not shadow the
    # standard library (drf_spectacular has a types.py).
    command = [sys.executable, "-P", "-m", "django", "makemessages", "-l", "en"]
    command += ["-d", source.domain]
    for pattern in source.ignore:
        command += ["--ignore", pattern]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"makemessages failed in {source.module}: {done.stderr}")
    return polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / f"{source.domain}.po"))


def messages(source, workdir):
    """The package's messages the archive can show, in the package's order."""
    if source.extract:
        catalogue = extracted_catalogue(source, workdir)
    else:
        path = package_dir(source.module) / "locale" / "en" / "LC_MESSAGES"
        catalogue = polib.pofile(str(path / f"{source.domain}.po"))
    hidden = source.hidden() if source.hidden else set()
    entries = []
    for entry in catalogue:
        if entry.obsolete or not entry.msgid or entry.msgid in hidden:
            continue
        places = [place for place, _line in entry.occurrences]
        if places and all(place.startswith(source.ignore) for place in places):
            continue
        entries.append(entry)
    return entries


def own_catalogue(source, language):
    """The package's compiled catalogue for the language (what Django reads), or {}."""
    path = package_dir(source.module) / "locale" / language / "LC_MESSAGES" / f"{source.domain}.mo"
    if not path.exists():
        return {}
    with path.open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def loaded_catalogue(domain, language):
    """
    Every message Django translates in the language without the supplement: its own catalogue,
    every installed app's (the admin's alone for its scripts) and the archive's own.
    """
    from django.conf import settings
    from django.utils.translation.trans_real import DjangoTranslation

    saved = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [path for path in saved if Path(path) != SUPPLEMENT]
    try:
        if domain == "django":
            return DjangoTranslation(language)._catalog
        admin_locale = str(package_dir("django.contrib.admin") / "locale")
        return DjangoTranslation(language, domain=domain, localedirs=[admin_locale])._catalog
    finally:
        settings.LOCALE_PATHS = saved


def survey():
    """{(source, language): (its messages, those its catalogue lacks, those none translates)}."""
    results = {}
    loaded = {
        (domain, language): loaded_catalogue(domain, language)
        for domain in {source.domain for source in SOURCES}
        for language in LANGUAGES
    }
    with tempfile.TemporaryDirectory() as workdir:
        for source in SOURCES:
            entries = messages(source, workdir)
            for language in LANGUAGES:
                own = own_catalogue(source, language)
                own_missing = [e for e in entries if key(e) not in own]
                shown_missing = [
                    e for e in own_missing if key(e) not in loaded[source.domain, language]
                ]
                results[source, language] = (entries, own_missing, shown_missing)
    return results


def needed(results, language, domain):
    """The supplement's entries for a language and domain: each missing message once."""
    wanted = {}
    for source in SOURCES:
        if source.domain != domain:
            continue
        for entry in results[source, language][2]:
            wanted.setdefault((entry.msgctxt, entry.msgid), (source, entry))
    return wanted


def supplement_path(language, domain):
    return SUPPLEMENT / language / "LC_MESSAGES" / f"{domain}.po"


def new_catalogue(language):
    catalogue = polib.POFile(wrapwidth=100)
    catalogue.header = (
        f"{LANGUAGE_TEAMS[language]} translations of the installed packages' messages that the\n"
        "packages' own catalogues lack (locale_supplement/README.md)."
    )
    catalogue.metadata = {
        "Project-Id-Version": "kzbe-archive supplement",
        "PO-Revision-Date": "",
        "Last-Translator": "Archive translators",
        "Language": language,
        "Language-Team": LANGUAGE_TEAMS[language],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    return catalogue


def write(results):
    """Bring each supplement catalogue in line with what is missing; report the changes."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    for language in LANGUAGES:
        nplurals = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
        for domain in sorted({source.domain for source in SOURCES}):
            wanted = needed(results, language, domain)
            path = supplement_path(language, domain)
            catalogue = polib.pofile(str(path), wrapwidth=100) if path.exists() else None
            if catalogue is None and not wanted:
                continue
            if catalogue is None:
                catalogue = new_catalogue(language)
            dropped = [entry for entry in catalogue if (entry.msgctxt, entry.msgid) not in wanted]
            for entry in dropped:
                catalogue.remove(entry)
                print(f"{language} {domain}: dropped {entry.msgid!r}")
            have = {(entry.msgctxt, entry.msgid) for entry in catalogue}
            added = [
                new_entry(source, template, nplurals)
                for ident, (source, template) in wanted.items()
                if ident not in have
            ]
            catalogue.extend(added)
            if added or dropped or not path.exists():
                catalogue.metadata["PO-Revision-Date"] = now
                path.parent.mkdir(parents=True, exist_ok=True)
                catalogue.save(str(path))
            print(f"{language} {domain}: {len(added)} added, {len(catalogue)} entries")


def new_entry(source, template, nplurals):
    """An untranslated entry for a package's message, named after the package."""
    entry = polib.POEntry(
        msgctxt=template.msgctxt,
        msgid=template.msgid,
        msgid_plural=template.msgid_plural,
        comment=source.label,
        flags=[flag for flag in template.flags if flag.endswith("-format")],
    )
    if template.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
    return entry


def report(results):
    """A table: per package its messages, and per language how many are missing (own/shown)."""
    width = max(len(source.label) for source in SOURCES)
    languages = "  ".join(f"{language} own/shown" for language in LANGUAGES)
    print(f"{'package':<{width}}  messages  {languages}")
    for source in SOURCES:
        cells = []
        for language in LANGUAGES:
            everything, own_missing, shown_missing = results[source, language]
            cells.append(f"{len(own_missing):>6}/{len(shown_missing):<5}")
        print(f"{source.label:<{width}}  {len(everything):>8}  " + "  ".join(cells))
    domains = sorted({source.domain for source in SOURCES})
    totals = ", ".join(
        f"{language} {sum(len(needed(results, language, domain)) for domain in domains)}"
        for language in LANGUAGES
    )
    print(f"supplement entries needed: {totals}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--list", metavar="LANG", help="list the missing messages in LANG")
    parser.add_argument("--write", action="store_true", help="refresh locale_supplement/")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzbe_site.settings")
    import django

    django.setup()
    results = survey()
    report(results)
    if args.list:
        for source in SOURCES:
            for entry in results[source, args.list][2]:
                context = f" [{entry.msgctxt}]" if entry.msgctxt is not None else ""
                print(f"{source.label}{context}: {entry.msgid!r}")
    if args.write:
        write(results)


if __name__ == "__main__":
    main()
