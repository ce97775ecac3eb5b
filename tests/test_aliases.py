"""
Aliases and where they come from: a name a text prints, or an editor's addition (a form in
another language or script that no text gives) with its language, script and basis, in the
curated corpus, the admin, the API, the export and the record pages.
"""

import csv
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import (
    Alias,
    Article,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
)
from archive.text import fold

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ALIAS_MODELS = [PersonAlias, OrganisationAlias, PlaceAlias]
EDITOR = Alias.Origin.EDITOR
MISSING_BASIS = "Say what an editor&#x27;s addition rests on."

# The Kazakh people whose names have a well-established Kazakh and Russian Cyrillic spelling.
KAZAKH_AND_RUSSIAN_FORMS = {
    "kassym-jomart-tokayev",
    "margulan-baimukhan",
    "nursultan-nazarbayev",
    "nurlan-nigmatulin",
    "askar-shakirov",
    "abay-kunanbayev",
}
# The bodies with a Cyrillic name: Kazakhstan's state bodies, the international ones, the
# Belgian state and its parliament's chambers (the bodies left out have no settled form).
CYRILLIC_BODIES = {
    "republic-of-kazakhstan",
    "parliament-of-kazakhstan",
    "majilis",
    "senate-of-kazakhstan",
    "majilis-committee-on-international-relations-defence-and-security",
    "kazakhstan-mfa",
    "kazinform",
    "kingdom-of-belgium",
    "belgian-federal-parliament",
    "belgian-senate",
    "belgian-chamber-of-representatives",
    "united-nations",
    "unama",
    "european-union",
    "osce",
    "osce-parliamentary-assembly",
    "council-of-europe",
    "parliamentary-assembly-of-the-council-of-europe",
    "inter-parliamentary-union",
    "world-health-organization",
}
# The bodies whose French and Dutch names are theirs in Belgium or in the organisation itself.
FRENCH_AND_DUTCH_BODIES = {
    "republic-of-kazakhstan",
    "kingdom-of-belgium",
    "belgian-federal-parliament",
    "belgian-senate",
    "belgian-chamber-of-representatives",
    "kazakhstan-mfa",
    "united-nations",
    "european-union",
    "osce",
    "osce-parliamentary-assembly",
    "council-of-europe",
    "parliamentary-assembly-of-the-council-of-europe",
    "inter-parliamentary-union",
    "world-health-organization",
}


def languages_in(record, script):
    return {alias.language for alias in record.aliases.all() if alias.script == script}


# --- The curated corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ALIAS_MODELS, ids=lambda model: model.__name__)
def test_every_editors_addition_in_the_corpus_has_its_language_script_and_basis(corpus, model):
    additions = model.objects.filter(origin=EDITOR)

    assert additions.exists()
    for alias in additions:
        assert (bool(alias.language), bool(alias.script), bool(alias.basis)) == (
            True,
            True,
            True,
        ), alias


@pytest.mark.parametrize("model", ALIAS_MODELS, ids=lambda model: model.__name__)
def test_every_alias_said_to_be_found_in_a_text_is_in_one(corpus, model):
    texts = [fold(raw_text) for raw_text in Article.objects.values_list("raw_text", flat=True)]

    found = model.objects.filter(origin=Alias.Origin.TEXT)

    assert found.exists()
    for alias in found:
        assert any(fold(alias.name) in text for text in texts), alias


def test_every_name_in_another_script_than_the_texts_is_an_editors_addition(corpus):
    for model in ALIAS_MODELS:
        for alias in model.objects.filter(script="Cyrl"):
            assert alias.origin == EDITOR, alias


def test_the_seeds_kazakh_people_have_their_names_in_cyrillic(corpus):
    kazakh = Person.objects.filter(country="KZ").prefetch_related("aliases")

    without = {person.slug for person in kazakh if not languages_in(person, "Cyrl")}
    both = {person.slug for person in kazakh if {"kk", "ru"} <= languages_in(person, "Cyrl")}

    # No settled Cyrillic spelling of the Kazinform correspondent's name is recorded.
    assert without == {"tatyana-kudrenok"}
    assert both == KAZAKH_AND_RUSSIAN_FORMS


def test_belgian_people_keep_their_name(corpus):
    belgian = Person.objects.filter(country="BE").prefetch_related("aliases")

    with_cyrillic = {person.slug for person in belgian if languages_in(person, "Cyrl")}

    # Only where the Cyrillic form is the usual one in the Russian press.
    assert with_cyrillic == {"king-philippe", "maurice-maeterlinck"}


def test_the_seeds_bodies_have_their_names_in_other_languages(corpus):
    bodies = Organisation.objects.prefetch_related("aliases")

    cyrillic = {body.slug for body in bodies if languages_in(body, "Cyrl")}
    french_and_dutch = {body.slug for body in bodies if {"fr", "nl"} <= languages_in(body, "Latn")}

    assert cyrillic == CYRILLIC_BODIES
    assert french_and_dutch == FRENCH_AND_DUTCH_BODIES
    majilis = {alias.name: alias.language for alias in bodies.get(slug="majilis").aliases.all()}
    assert (majilis["Мәжіліс"], majilis["Мажилис"]) == ("kk", "ru")


def test_every_place_of_the_seed_has_its_name_in_cyrillic(corpus):
    for place in Place.objects.prefetch_related("aliases"):
        assert languages_in(place, "Cyrl"), place
    brussels = {
        alias.name: alias.language for alias in Place.objects.get(slug="brussels").aliases.all()
    }
    assert brussels == {"Bruxelles": "fr", "Brussel": "nl", "Брюссель": "ru"}


# --- The admin ---------------------------------------------------------------------------------


def alias_row(index, **fields):
    return {f"aliases-{index}-{name}": value for name, value in fields.items()}


@pytest.fixture
def baimukhan_form(editor_client):
    person = Person.objects.get(slug="margulan-baimukhan")
    url = reverse("admin:archive_person_change", args=(person.pk,))
    index = person.aliases.count()

    def post(**fields):
        data = change_form_data(
            editor_client,
            url,
            **{"aliases-TOTAL_FORMS": str(index + 1)},
            **alias_row(index, name="Margoulan Baïmoukhan", language="fr", script="Latn", **fields),
            correction_reason="His name in French.",
        )
        return editor_client.post(url, data)

    return person, post


def test_the_admin_refuses_an_editors_addition_without_its_basis(corpus, baimukhan_form):
    person, post = baimukhan_form

    response = post(origin="editor")

    assert response.status_code == 200
    form = next(
        form
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.prefix.startswith("aliases") and form["name"].value() == "Margoulan Baïmoukhan"
    )
    assert form.errors == {"basis": ["Say what an editor's addition rests on."]}
    assertContains(response, MISSING_BASIS)
    assert not person.aliases.filter(name="Margoulan Baïmoukhan").exists()


def test_the_admin_keeps_an_editors_addition_with_its_basis(corpus, baimukhan_form):
    person, post = baimukhan_form

    response = post(origin="editor", basis="transliterated by the editors into French")

    assert response.status_code == 302
    alias = person.aliases.get(name="Margoulan Baïmoukhan")
    assert (alias.origin, alias.basis) == ("editor", "transliterated by the editors into French")


def test_the_alias_form_says_an_editors_addition_needs_its_basis(corpus, editor_client):
    person = Person.objects.get(slug="margulan-baimukhan")

    response = editor_client.get(reverse("admin:archive_person_change", args=(person.pk,)))

    assertContains(response, 'placeholder="required for an editor&#x27;s addition"')
    assertContains(response, "For an editor&#x27;s addition, what it rests on")
    assertContains(response, '<option value="editor">editor&#x27;s addition</option>', html=True)


def test_the_alias_page_refuses_an_editors_addition_without_its_basis(corpus, editor_client):
    person = Person.objects.get(slug="tim-vandenput")
    url = reverse("admin:archive_personalias_add")
    data = {
        "name": "Тим Ванденпут",
        "person": str(person.pk),
        "language": "ru",
        "script": "Cyrl",
        "correction_reason": "His name in Russian.",
    }

    refused = editor_client.post(url, {**data, "origin": "editor"})
    kept = editor_client.post(
        url, {**data, "origin": "editor", "basis": "transliterated by the editors"}
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "basis": ["Say what an editor's addition rests on."]
    }
    assert kept.status_code == 302
    assert person.aliases.get(name="Тим Ванденпут").origin == "editor"


def test_the_alias_list_filters_by_origin(corpus, editor_client):
    url = reverse("admin:archive_organisationalias_changelist")

    response = editor_client.get(url, {"origin__exact": "text"})

    names = {alias.name for alias in response.context["cl"].result_list}
    assert "Belgian legislature" in names
    assert "Мәжіліс" not in names


# --- The API and the export --------------------------------------------------------------------


def test_the_api_gives_each_aliases_origin_and_basis(client, corpus):
    majilis = client.get("/api/organisations/majilis/").json()

    aliases = {alias["name"]: alias for alias in majilis["aliases"]}
    assert aliases["Мәжіліс"] == {
        "name": "Мәжіліс",
        "language": "kk",
        "script": "Cyrl",
        "note": None,
        "origin": "editor",
        "basis": "the chamber's official Kazakh name",
    }
    assert (aliases["Kazakh Majilis"]["origin"], aliases["Kazakh Majilis"]["basis"]) == (
        "text",
        None,
    )


def test_the_api_schema_describes_origin_and_basis(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    alias = schema["components"]["schemas"]["Alias"]["properties"]
    assert "`editor`" in alias["origin"]["description"]
    assert "editor's addition" in alias["basis"]["description"]
    assert schema["components"]["schemas"]["OriginEnum"]["enum"] == ["text", "editor"]


def test_the_exports_alias_tables_carry_origin_and_basis(corpus, tmp_path):
    call_command("export_archive", tmp_path, verbosity=0)

    package = json.loads((tmp_path / "datapackage.json").read_text())
    schemas = {resource["name"]: resource["schema"] for resource in package["resources"]}
    for table in ("person_aliases", "organisation_aliases", "place_aliases"):
        fields = {field["name"]: field for field in schemas[table]["fields"]}
        assert fields["origin"]["constraints"]["enum"] == ["", "text", "editor"], table
        assert fields["origin"]["description"] and fields["basis"]["description"], table
    with open(tmp_path / "data" / "place_aliases.csv", newline="", encoding="utf-8") as file:
        rows = {row["name"]: row for row in csv.DictReader(file)}
    assert (rows["Wenen"]["language"], rows["Wenen"]["origin"], rows["Wenen"]["basis"]) == (
        "nl",
        "editor",
        "the city's name in Dutch",
    )
    assert (rows["Nur-Sultan"]["origin"], rows["Nur-Sultan"]["basis"]) == ("text", "")
    lines = (tmp_path / "data" / "organisation_aliases.jsonl").read_text().splitlines()
    majilis = next(json.loads(line) for line in lines if json.loads(line)["name"] == "Мәжіліс")
    assert (majilis["origin"], majilis["basis"]) == ("editor", "the chamber's official Kazakh name")


# --- The record pages --------------------------------------------------------------------------


def test_a_records_page_names_each_aliases_language_and_marks_an_editors_addition(client, corpus):
    response = client.get("/organisations/majilis/")

    assertContains(
        response,
        '<span lang="kk">Мәжіліс</span> <span class="alias-language">(Kazakh)</span> '
        '<span class="alias-origin">editor’s addition: the chamber&#x27;s official Kazakh '
        "name</span>",
    )
    # A name the texts print is not marked.
    assertContains(response, '<li><span lang="en">Kazakh Majilis</span></li>')


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/people/margulan-baimukhan/", '<span lang="ru">Маргулан Баймухан</span>'),
        ("/places/vienna/", '<span lang="nl">Wenen</span> <span class="alias-language">(Dutch)'),
        ("/places/astana/", "Name of the capital from March 2019 to September 2022"),
    ],
)
def test_people_and_places_show_their_aliases_alike(client, corpus, path, shown):
    assertContains(client.get(path), shown)


def test_the_language_of_an_alias_is_named_in_the_readers_language(client, corpus):
    response = client.get("/ru/people/abay-kunanbayev/")

    assertContains(response, '<span lang="kk">Абай Құнанбайұлы</span>')
    assertContains(response, '<span class="alias-language">(Казахский)</span>')
    assertNotContains(response, "(Kazakh)")


def test_a_language_django_does_not_name_is_shown_by_its_tag(client, corpus):
    place = Place.objects.get(slug="vienna")
    place.aliases.create(name="Viena", language="zza", script="Latn")

    response = client.get("/places/vienna/")

    assertContains(
        response, '<span lang="zza">Viena</span> <span class="alias-language">(zza)</span>'
    )
