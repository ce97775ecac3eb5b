"""
The supplement catalogue (locale_supplement/): the packages' messages their own catalogues lack,
so that an editor works in Kazakh without English showing through, and it keeps in step with the
packages (scripts/missing_translations.py lists what they lack).
"""

import importlib.util
import json
import re
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from .site_helpers import make_article

REPO = Path(__file__).resolve().parent.parent
SUPPLEMENT = REPO / "locale_supplement"
CATALOGUES = sorted(SUPPLEMENT.glob("*/LC_MESSAGES/*.po"))


def load_script():
    spec = importlib.util.spec_from_file_location(
        "missing_translations", REPO / "scripts" / "missing_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kazakh(client, path):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="kk")


def test_the_supplement_comes_after_the_archive_catalogue():
    assert [Path(path) for path in settings.LOCALE_PATHS] == [REPO / "locale", SUPPLEMENT]


def test_the_admin_index_speaks_kazakh(editor_client):
    page = kazakh(editor_client, reverse("admin:index"))

    assertContains(page, "Соңғы әрекеттер")  # Recent actions
    assertContains(page, "Менің әрекеттерім")  # My actions
    assertNotContains(page, "Recent actions")


def test_a_change_list_and_a_history_speak_kazakh(editor_client, corpus):
    article = make_article("in-kazakh")
    changelist = kazakh(editor_client, reverse("admin:archive_article_changelist"))
    history = kazakh(editor_client, reverse("admin:archive_article_history", args=[article.pk]))

    # The box that selects every row for an action.
    assertContains(changelist, "Әрекет үшін осы беттегі барлық объектілерді таңдау")
    assertNotContains(changelist, "Select all objects on this page for an action")
    # The header's theme switch and the sidebar's table of models, on every admin page.
    assertContains(history, "Түс режимін ауыстыру (қазіргі режим: автоматты)")
    assertContains(history, "Тізімді өзгерту немесе көру сілтемесі")
    assertNotContains(history, "Toggle theme")
    assertNotContains(history, "Model name")


def test_the_password_change_page_speaks_kazakh(editor_client):
    page = kazakh(editor_client, reverse("admin:password_change"))

    assertContains(page, "Қауіпсіздік үшін ескі құпия сөзіңізді")
    assertNotContains(page, "for security’s sake")


def test_the_admin_calendar_and_selector_boxes_speak_kazakh(editor_client):
    script = kazakh(editor_client, reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))

    assert catalogue["Choose a Date"] == "Күнді таңдаңыз"
    assert catalogue["Remove all %s"] == "Барлық %s алып тастау"
    assert catalogue["abbrev. month January\x04Jan"] == "Қаң"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            forms.SlugField(),
            "not a slug",
            "Әріптерден, цифрлардан, астыңғы сызықтардан немесе дефистерден тұратын дұрыс «slug» "
            "енгізіңіз.",
        ),
        (
            forms.CharField(min_length=5),
            "abc",
            "Бұл мәнде кемінде 5 таңба болуын тексеріңіз (қазір 3).",
        ),
        (
            forms.DecimalField(max_digits=3),
            "12345",
            "Цифрлардың жалпы саны ең көбі 3 болуын тексеріңіз.",
        ),
        (forms.UUIDField(), "nope", "Дұрыс UUID енгізіңіз."),
        (forms.JSONField(), "{nope", "Дұрыс JSON енгізіңіз."),
    ],
    ids=["slug", "min-length", "max-digits", "uuid", "json"],
)
def test_form_validation_messages_are_in_kazakh(field, value, message):
    with translation.override("kk"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        # The messages are lazy: read them while Kazakh is active.
        assert refused.value.messages == [message]


def test_pagination_errors_are_in_kazakh():
    with translation.override("kk"):
        with pytest.raises(PageNotAnInteger) as not_a_number:
            Paginator(range(10), 5).page("x")
        with pytest.raises(EmptyPage) as empty:
            Paginator(range(10), 5).page(9)

        assert str(not_a_number.value) == "Бет нөмірі бүтін сан емес"
        assert str(empty.value) == "Бұл бетте нәтижелер жоқ"


def test_country_names_are_in_kazakh_and_russian():
    from django_countries.fields import Country

    with translation.override("kk"):
        assert (Country("BE").name, Country("CD").name) == (
            "Бельгия",
            "Конго Демократиялық Республикасы",
        )
    with translation.override("ru"):
        assert Country("CD").name == "Демократическая Республика Конго"


def test_the_few_messages_russian_french_and_dutch_lack_are_supplied():
    from django.apps import apps
    from rest_framework.exceptions import ValidationError

    with translation.override("ru"):
        assert ValidationError().detail == ["Некорректные данные."]
    with translation.override("fr"):
        assert apps.get_app_config("reversion").verbose_name == "Historique des versions"
    with translation.override("nl"):
        assert translation.gettext(
            "Account locked: too many login attempts. Please try again later."
        ) == ("Account geblokkeerd: te veel inlogpogingen. Probeer het later opnieuw.")


def test_plural_forms_follow_each_language():
    with translation.override("kk"):
        one = translation.ngettext(
            "Please correct the error below.", "Please correct the errors below.", 1
        )
        many = translation.ngettext(
            "Please correct the error below.", "Please correct the errors below.", 3
        )

    assert (one, many) == ("Төмендегі қатені түзетіңіз.", "Төмендегі қателерді түзетіңіз.")
    plural_forms = load_script().PLURAL_FORMS  # Kazakh two, Russian as Django's
    for path in CATALOGUES:
        language = path.parts[-3]
        assert polib.pofile(str(path)).metadata["Plural-Forms"] == plural_forms[language]


# --- In step with the packages ----------------------------------------------------------------


@pytest.fixture(scope="module")
def survey():
    """What each package has and lacks per language, as scripts/missing_translations.py reads it."""
    script = load_script()
    return script, script.survey()


def supplement_entries(path):
    return {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(path))}


def named(path, idents):
    return sorted(f"{path.relative_to(REPO)}: {msgid!r}" for _context, msgid in idents)


def test_every_supplement_message_is_still_a_package_message(survey):
    script, results = survey
    stale = []
    for path in CATALOGUES:
        domain = path.stem
        known = {
            (entry.msgctxt, entry.msgid)
            for source in script.SOURCES
            if source.domain == domain
            for entry in results[source, "kk"][0]  # its messages, whatever the language
        }
        stale += named(path, set(supplement_entries(path)) - known)

    assert not stale, (
        f"No package has these messages any more (locale_supplement/README.md): {stale}"
    )


def test_the_supplement_holds_exactly_what_no_other_catalogue_translates(survey):
    script, results = survey
    missing, superseded = [], []
    for language in script.LANGUAGES:
        for domain in ("django", "djangojs"):
            path = script.supplement_path(language, domain)
            needed = set(script.needed(results, language, domain))
            held = set(supplement_entries(path)) if path.exists() else set()
            missing += named(path, needed - held)
            superseded += named(path, held - needed)

    # Each would show in English on a page: run the refresh and translate them.
    assert not missing, f"Messages the pages would show in English: {missing}"
    # A package or the archive translates these now: the refresh drops them.
    assert not superseded, f"Translated elsewhere now: {superseded}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: "/".join(path.parts[-3::2]))
def test_every_entry_is_translated_keeping_its_placeholders(path):
    catalogue = polib.pofile(str(path))
    placeholder = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sdr]|\{[a-z_0-9]*(?::[^}]*)?\}")

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        expected = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation_ in translations:
            assert sorted(placeholder.findall(translation_)) == expected, entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: "/".join(path.parts[-3::2]))
def test_the_compiled_catalogue_matches_its_source(path):
    def translations(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural)
            for entry in catalogue
            if entry.msgid
        }

    compiled = polib.mofile(str(path.with_suffix(".mo")))

    assert translations(compiled) == translations(polib.pofile(str(path))), (
        "compile it with msgfmt (locale_supplement/README.md)"
    )
