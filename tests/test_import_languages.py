"""
Importing texts in the archive's five languages: Kazinform's Russian and Kazakh editions and
Belgian federal press releases in French and Dutch are read (dateline, date, byline), their
language detected and noted as an inference, and their names found through aliases in any
script. The texts in tests/texts/ were written for these tests (see its README).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.importing.importer import Outcome, import_text
from archive.models import Article, Person, Place

TEXTS = Path(__file__).parent / "texts"
RUSSIAN = (TEXTS / "ru_ambassador_senate.txt").read_bytes()
KAZAKH = (TEXTS / "kk_deputy_minister_delegation.txt").read_bytes()
FRENCH = (TEXTS / "fr_federal_release.txt").read_bytes()
DUTCH = (TEXTS / "nl_federal_release.txt").read_bytes()
IMPORT_URL = reverse("admin:archive_article_import")


def add_alias(record, name, language, note="", **fields):
    """An editor's addition: a form of the name in another language or script."""
    # The curated corpus may hold the form already (its Russian and Kazakh names).
    alias, _created = record.aliases.update_or_create(
        name=name,
        defaults={
            "language": language,
            "script": "Cyrl" if any("\u0400" <= char <= "\u04ff" for char in name) else "Latn",
            "origin": "editor",
            "basis": note or "form the press uses in this language",
            **fields,
        },
    )
    return alias


@pytest.fixture
def cyrillic_aliases(corpus):
    """The Russian and Kazakh forms the test texts use, whether or not the corpus holds them."""
    add_alias(Person.objects.get(slug="margulan-baimukhan"), "Маргулан Баймухан", "ru")
    add_alias(Person.objects.get(slug="stephanie-dhose"), "Стефани Д’Оз", "ru")
    add_alias(Person.objects.get(slug="tatyana-kudrenok"), "Кудрёнок Татьяна", "ru")
    add_alias(Person.objects.get(slug="tim-vandenput"), "Тим Ванденпут", "kk")
    add_alias(Place.objects.get(slug="brussels"), "Брюссель", "ru")


def suggested(article, kind=None):
    """{(kind, slug of the record, surface forms)} of the article's known-name suggestions."""
    found = set()
    for suggestion in article.suggestions.filter(match="known"):
        if kind in (None, suggestion.kind):
            found.add((suggestion.kind, suggestion.target.slug, tuple(suggestion.surface_forms)))
    return found


# --- Russian and Kazakh -------------------------------------------------------------------------


def test_a_russian_kazinform_text_is_read_in_full_and_detected_as_russian(cyrillic_aliases):
    result = import_text(RUSSIAN, "ru.txt")

    article = result.article
    assert result.outcome == Outcome.IMPORTED
    assert article.title.startswith("Посол Казахстана обсудил с председателем Сената Бельгии")
    assert (article.date_edtf, str(article.published_time)) == ("2021-10-17", "14:05:00")
    assert article.dateline == "БРЮССЕЛЬ. KAZINFORM –"
    assert (article.dateline_place.slug, article.source.slug) == ("brussels", "kazinform")
    assert article.body.startswith("Посол Казахстана в Бельгии Маргулан Баймухан встретился")
    assert article.source_tags == "Казахстан Бельгия"
    # "Кудренок" is the alias "Кудрёнок" written with е for ё, as Russian print often does.
    assert list(article.authorships.values_list("byline", "person__slug")) == [
        ("Кудренок Татьяна", "tatyana-kudrenok")
    ]
    assert result.flags == []
    assert article.language == "ru"
    assert result.language.describe() == "ru, detected (confidence 100%)"
    assert article.editorial_note == (
        "Language (ru) detected automatically at import, confidence 100%; not checked by an editor."
    )


def test_a_russian_text_suggests_the_people_whose_cyrillic_aliases_it_names(cyrillic_aliases):
    article = import_text(RUSSIAN, "ru.txt").article

    assert suggested(article, "person") == {
        ("person", "margulan-baimukhan", ("Маргулан Баймухан",)),
        ("person", "stephanie-dhose", ("Стефани Д’Оз",)),
    }
    assert ("place", "kazakhstan", ("Казахстана",)) not in suggested(article)


def test_an_inflected_name_is_found_once_an_editor_keeps_that_form_as_an_alias(
    cyrillic_aliases, django_capture_on_commit_callbacks
):
    # "Президента Касым-Жомарта Токаева": the genitive; the alias "Касым-Жомарт Токаев" (ru)
    # is not a stemmer, and neither is the index: only exact forms are found.
    article = import_text(RUSSIAN, "ru.txt").article
    assert not article.suggestions.filter(person__slug="kassym-jomart-tokayev").exists()

    with django_capture_on_commit_callbacks(execute=True):  # pending names are read again
        add_alias(Person.objects.get(slug="kassym-jomart-tokayev"), "Касым-Жомарта Токаева", "ru")

    assert article.suggestions.get(person__slug="kassym-jomart-tokayev").surface_forms == [
        "Касым-Жомарта Токаева"
    ]


def test_a_kazakh_kazinform_text_is_read_and_detected_as_kazakh(cyrillic_aliases):
    result = import_text(KAZAKH, "kk.txt")

    article = result.article
    assert article.title == "Қазақстан мен Бельгия парламентаралық ынтымақтастықты талқылады"
    assert (article.date_edtf, str(article.published_time)) == ("2021-10-17", "14:05:00")
    assert article.dateline == "АСТАНА. KAZINFORM –"
    assert (article.dateline_place.slug, article.source.slug) == ("astana", "kazinform")
    assert article.language == "kk"
    assert result.language.describe() == "kk, detected (confidence 100%)"
    assert "detected automatically at import" in article.editorial_note
    assert suggested(article, "person") == {
        ("person", "roman-vassilenko", ("Роман Василенко",)),
        ("person", "tim-vandenput", ("Тим Ванденпут",)),
    }


# --- French and Dutch: Belgian federal press releases ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "language", "dateline"),
    [
        (FRENCH, "fr", "Bruxelles, le 17 octobre 2021"),
        (DUTCH, "nl", "Brussel, 17 oktober 2021"),
    ],
    ids=["French, opening the text", "Dutch, on a line of its own"],
)
def test_a_belgian_release_gives_its_place_and_date_in_its_dateline(
    corpus, data, language, dateline
):
    result = import_text(data, f"{language}.txt")

    article = result.article
    assert (article.dateline, article.dateline_place.slug) == (dateline, "brussels")
    assert (article.date_edtf, article.published_time) == ("2021-10-17", None)
    assert article.source is None  # a release names no agency: none is guessed
    assert not article.body.startswith(dateline)
    assert article.language == language
    assert result.flags == []


# --- What is not detected -------------------------------------------------------------------------


def test_a_text_too_short_to_tell_keeps_the_default_language_and_says_so(corpus):
    result = import_text("АСТАНА. KAZINFORM – Переговоры.".encode(), "short.txt")

    article = result.article
    assert article.language == "en"
    assert article.editorial_note == ""
    assert result.language.describe() == (
        "en kept by default: the text is too short to tell its language"
    )
    assert result.flagged


def test_a_text_in_two_languages_keeps_the_default_language_and_names_them(corpus):
    text = (
        "БРЮССЕЛЬ. KAZINFORM – Посол Казахстана встретился с председателем Сената Бельгии и "
        "обсудил вопросы двустороннего сотрудничества.\n\n"
        "La ministre des Affaires étrangères a reçu aujourd’hui l’ambassadeur de la République "
        "du Kazakhstan pour évoquer les relations bilatérales et la coopération économique."
    )

    result = import_text(text.encode(), "mixed.txt")

    assert result.article.language == "en"
    assert result.language.describe().startswith("en kept by default: the text mixes languages (")
    assert set(result.language.shares) == {"fr", "ru"}


def test_a_place_name_list_no_language_is_sure_of_keeps_the_default_and_says_so(corpus):
    result = import_text(b"BRUSSELS. KAZINFORM - Kazakhstan Belgium Astana Brussels", "x.txt")

    assert result.article.language == "en"
    assert result.language.describe() == (
        "en kept by default: no language is likely enough (at best en, 40%)"
    )


def test_a_language_the_editor_gives_is_not_detected_nor_noted(corpus):
    result = import_text(KAZAKH, "kk.txt", language="ru")  # the editor's word, even if wrong

    assert result.article.language == "ru"
    assert result.article.editorial_note == ""
    assert result.language.describe() == "ru, given by the editor"


# --- Through the command and the admin ------------------------------------------------------------


def test_the_command_shows_each_texts_language_and_how_it_was_found(
    cyrillic_aliases, tmp_path, capsys
):
    (tmp_path / "ru.txt").write_bytes(RUSSIAN)
    (tmp_path / "short.txt").write_text("BRUSSELS. KAZINFORM - Talks.", encoding="utf-8")

    call_command("import_articles", str(tmp_path))

    out = capsys.readouterr().out
    assert "imported: ru.txt — Посол Казахстана" in out
    assert "Бельгии межпарламентское сотрудничество [2021-10-17]" in out
    assert "    language: ru, detected (confidence 100%)" in out
    assert "    language: en kept by default: the text is too short to tell its language" in out
    assert "imported 2, duplicates 0, flagged 1, failed 0" in out
    assert Article.objects.get(original_filename="ru.txt").language == "ru"


def test_the_command_sets_the_language_it_is_given(corpus, tmp_path, capsys):
    (tmp_path / "kk.txt").write_bytes(KAZAKH)

    call_command("import_articles", str(tmp_path), "--language", "kk")

    assert "    language: kk, given by the editor" in capsys.readouterr().out
    article = Article.objects.get(original_filename="kk.txt")
    assert (article.language, article.editorial_note) == ("kk", "")


def test_an_editor_imports_a_kazakh_text_in_the_admin_and_sees_its_language_detected(
    cyrillic_aliases, editor_client
):
    upload = SimpleUploadedFile("kk.txt", KAZAKH, content_type="text/plain")

    response = editor_client.post(IMPORT_URL, {"files": [upload], "name": "", "language": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported 1, duplicates 0, flagged 0, failed 0" in page
    assert "kk, detected (confidence 100%)" in page
    article = Article.objects.get(original_filename="kk.txt")
    assert (article.language, article.dateline_place.slug) == ("kk", "astana")
    assert "detected automatically at import" in article.editorial_note
    assert suggested(article, "person") >= {("person", "tim-vandenput", ("Тим Ванденпут",))}


def test_an_editor_pastes_a_text_with_its_language_chosen(corpus, editor_client):
    response = editor_client.post(
        IMPORT_URL,
        {"text": FRENCH.decode(), "name": "communique", "language": "fr"},
    )

    assert response.status_code == 200
    assert "fr, given by the editor" in response.content.decode()
    article = Article.objects.get(original_filename="communique")
    assert (article.language, article.editorial_note) == ("fr", "")


def test_a_language_the_archive_does_not_hold_is_refused_with_a_message(corpus, editor_client):
    count = Article.objects.count()

    response = editor_client.post(IMPORT_URL, {"text": FRENCH.decode(), "language": "de"})

    assert response.status_code == 400
    assert "Select a valid choice. de is not one of the available choices." in (
        response.content.decode()
    )
    assert Article.objects.count() == count


def test_the_import_form_offers_detection_first_and_the_five_languages(corpus, editor_client):
    form = editor_client.get(IMPORT_URL).context["form"]

    assert [code for code, _label in form.fields["language"].choices] == [
        "",
        "en",
        "kk",
        "ru",
        "fr",
        "nl",
    ]
