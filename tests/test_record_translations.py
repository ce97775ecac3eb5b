"""
Names, titles and descriptions in the other languages: a page shows the reader's, else the
English marked as English; the name of record stays English on every path that writes it.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from archive import merging, roles
from archive.importing.importer import import_text
from archive.models import Event, Person, PersonAlias, Topic
from archive.models.translations import OTHER_LANGUAGES

from .admin_forms import change_form_data, post_from_list
from .conftest import role_group

BAIMUKHAN = "/people/margulan-baimukhan/"
MISSION = "/events/belgian-business-mission-to-kazakhstan-2021/"


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)


def untranslated(response):
    """The texts a page shows in English for want of its own language's."""
    return re.findall(
        r'<span lang="en" class="untranslated"[^>]*>(.*?)</span>', response.content.decode()
    )


@pytest.fixture
def person_named_in_french(corpus):
    return Person.objects.create(
        name="Jean Testaert",
        sort_name="Testaert, Jean",
        slug="jean-testaert",
        name_fr="Jean Testaërt-Dupont",
        description="A test diplomat.",
        description_fr="Un diplomate d'essai.",
    )


def test_a_name_given_in_the_readers_language_is_the_one_shown(client, corpus):
    kazakh = client.get(f"/kk{BAIMUKHAN}")

    assert heading(kazakh) == "Марғұлан Баймұхан"
    assert "<title>Марғұлан Баймұхан ·" in kazakh.content.decode()
    # The description is not given in Kazakh: it is the English one, marked, and said once.
    assert untranslated(kazakh)[0] == "Ambassador of Kazakhstan to Belgium (attested 2021)."
    assert 'class="untranslated-note"' in kazakh.content.decode()


def test_a_record_not_yet_translated_is_shown_in_english_and_marked(client, corpus):
    russian = client.get(f"/ru{MISSION}")

    assert "Business mission of Belgian entrepreneurs to Kazakhstan" in untranslated(russian)
    assert 'class="untranslated-note"' in russian.content.decode()


def test_an_english_page_marks_nothing(client, corpus):
    for path in (BAIMUKHAN, MISSION, "/topics/", "/people/", "/statistics/"):
        page = client.get(path)
        assert untranslated(page) == []
        assert 'class="untranslated-note"' not in page.content.decode()


def test_a_page_fully_given_in_the_readers_language_has_no_note(client, person_named_in_french):
    french = client.get("/fr/people/jean-testaert/")

    assert heading(french) == "Jean Testaërt-Dupont"
    assert "Un diplomate d&#x27;essai." in french.content.decode()
    assert 'class="untranslated-note"' not in french.content.decode()
    assert untranslated(french) == []


def test_lists_name_each_record_in_the_readers_language(client, corpus):
    french = client.get("/fr/topics/").content.decode()
    dutch = client.get("/nl/people/")

    assert ">Commerce et investissement</a>" in french
    assert ">Trade and investment</a>" not in french
    # Nobody in the corpus has a Dutch name but the king: the others are English, marked.
    assert ">Filip</a>" in dutch.content.decode()
    assert "Margulan Baimukhan" in untranslated(dutch)


def test_the_api_keeps_the_name_of_record_and_lists_the_translations(client, corpus):
    record = client.get(f"/api{BAIMUKHAN}", HTTP_ACCEPT_LANGUAGE="ru").json()
    topic = client.get("/api/topics/trade-and-investment/").json()
    event = client.get(f"/api{MISSION}").json()

    assert record["name"] == "Margulan Baimukhan"
    assert record["translations"] == [
        {"language": "kk", "name": "Марғұлан Баймұхан", "description": None},
        {"language": "ru", "name": "Маргулан Баймухан", "description": None},
    ]
    assert [t["language"] for t in topic["translations"]] == ["kk", "ru", "fr", "nl"]
    assert event["translations"] == []


# --- Searching -------------------------------------------------------------------------------


def test_a_name_in_another_language_finds_its_record(client, person_named_in_french):
    people = client.get("/people/", {"q": "Testaërt-Dupont"}).content.decode()
    topics = client.get("/ru/topics/", {"q": "торговля"}).content.decode()
    api = client.get("/api/people/", {"q": "testaert dupont"}).json()

    assert "/people/jean-testaert/" in people
    assert "/ru/topics/trade-and-investment/" in topics
    assert [row["slug"] for row in api["results"]] == ["jean-testaert"]


def test_an_event_is_found_by_its_title_in_another_language(client, corpus):
    event = Event.objects.get(slug="belgian-business-mission-to-kazakhstan-2021")
    event.title_nl = "Handelsmissie van Belgische ondernemers naar Kazachstan"
    event.save()

    found = client.get("/nl/events/", {"q": "handelsmissie"}).content.decode()

    assert f"/nl{MISSION}" in found


# --- Editing ---------------------------------------------------------------------------------


def admin_change_url(record):
    return f"/{settings.ADMIN_URL}archive/{record._meta.model_name}/{record.pk}/change/"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_editor_working_in_another_language_keeps_the_name_of_record(
    editor_client, corpus, language
):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    person = Person.objects.get(slug="aigul-kuspan")
    url = admin_change_url(person)
    form = editor_client.get(url)
    assert form.context["LANGUAGE_CODE"] == language
    assert 'name="name_fr"' in form.content.decode()

    saved = editor_client.post(
        url,
        change_form_data(editor_client, url, name_fr="Aïgoul Kouspan", description_kk="Депутат."),
    )

    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.name == "Aigul Kuspan"
    assert (person.name_fr, person.description_kk) == ("Aïgoul Kouspan", "Депутат.")
    assert person.name_ru == "Айгуль Куспан"  # what the form showed is kept
    # A name added in another language is not a rename: no "former name" alias.
    assert not person.aliases.filter(name="Aigul Kuspan").exists()


def test_a_translation_typed_in_a_textarea_is_stored_as_the_archive_stores_text(
    editor_client, corpus
):
    topic = Topic.objects.get(slug="trade-and-investment")
    url = admin_change_url(topic)

    editor_client.post(
        url, change_form_data(editor_client, url, description_nl="Handel\r\nen investeringen.")
    )

    topic.refresh_from_db()
    assert topic.description_nl == "Handel\nen investeringen."


def test_the_admin_search_finds_a_record_by_its_name_in_another_language(
    editor_client, person_named_in_french
):
    found = editor_client.get(f"/{settings.ADMIN_URL}archive/person/", {"q": "Testaërt-Dupont"})

    assert "Jean Testaert" in found.content.decode()


# --- Merging ---------------------------------------------------------------------------------


def test_a_merge_loses_no_name_in_another_language(corpus, person_named_in_french):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    duplicate = Person.objects.create(
        name="M. Baimukhan",
        sort_name="Baimukhan, M.",
        slug="m-baimukhan",
        name_ru="М. Баймухан",
        name_fr="Margoulan Baïmoukhan",
        description_nl="Ambassadeur van Kazachstan in België.",
    )

    merging.merge(survivor, [duplicate])

    survivor.refresh_from_db()
    assert survivor.name_ru == "Маргулан Баймухан"  # its own is kept
    assert survivor.name_fr == "Margoulan Baïmoukhan"  # an empty one is filled
    assert survivor.description_nl == "Ambassadeur van Kazachstan in België."
    # The duplicate's other Russian name is kept as a Russian alias.
    assert PersonAlias.objects.get(person=survivor, name="М. Баймухан").language == "ru"


def test_two_editors_translating_one_record_lose_neither_translation(editor_client, corpus):
    second = User.objects.create_user("second-editor", password="x", is_staff=True)
    second.groups.add(role_group(roles.EDITORS))
    second_client = Client()
    second_client.force_login(second)
    second_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    topic = Topic.objects.get(slug="political-parties")
    url = admin_change_url(topic)
    french = change_form_data(editor_client, url, description_fr="Les partis des deux pays.")
    dutch = change_form_data(second_client, url, description_nl="De partijen van beide landen.")

    assert editor_client.post(url, french).status_code == 302
    refused = second_client.post(url, dutch)

    assert refused.status_code == 409
    topic.refresh_from_db()
    assert (topic.description_fr, topic.description_nl) == ("Les partis des deux pays.", "")


def test_a_record_created_from_a_suggestion_by_an_editor_working_in_kazakh(editor_client, corpus):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    article = import_text(b"BRUSSELS. KAZINFORM - Askar Zhumabayev spoke.", "t.txt").article
    new = article.suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_create_record", args=(new.pk,))

    response = post_from_list(editor_client, url, {"name": "Askar Zhumabayev", "sort_name": ""})

    assert response.status_code == 302
    person = Person.objects.get(name="Askar Zhumabayev")
    assert [getattr(person, f"name_{code}") for code in OTHER_LANGUAGES] == ["", "", "", ""]
