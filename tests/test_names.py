"""
Names as people write them: a sort name keeps the surname's particles ("Van Calster, Annick"),
and renaming a person, body or place keeps the name it replaces as an alias, on every path.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.importing import suggest
from archive.importing.importer import import_text
from archive.importing.names import (
    NameIndex,
    find_known_names,
    person_derived_forms,
    sort_name_for,
)
from archive.models import Organisation, Person, Place
from archive.text import fold

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def aliases(record):
    return {alias.name: alias.note for alias in record.aliases.all()}


def former_name_note():
    return f"Former name in the archive (until {timezone.localdate().isoformat()})"


# --- Sort names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sort_name"),
    [
        ("Annick Van Calster", "Van Calster, Annick"),
        ("William De Baets", "De Baets, William"),
        ("Ursula von der Leyen", "von der Leyen, Ursula"),
        ("Hans van den Broek", "van den Broek, Hans"),
        ("Piet van der Berg", "van der Berg, Piet"),
        ("Charles de Gaulle", "de Gaulle, Charles"),
        ("Leonardo da Vinci", "da Vinci, Leonardo"),
        ("Pierre du Bois", "du Bois, Pierre"),
        ("Anna Maria La Rosa", "La Rosa, Anna Maria"),
        ("Marine Le Pen", "Le Pen, Marine"),
        ("Stephanie D’Hose", "D’Hose, Stephanie"),
        ("Kassym-Jomart Tokayev", "Tokayev, Kassym-Jomart"),
        ("Mr. Jean-Luc Dehaene", "Dehaene, Jean-Luc"),
        ("Philippe", "Philippe"),
    ],
)
def test_it_files_a_person_under_the_surname_with_its_particles(name, sort_name):
    assert sort_name_for(name) == sort_name


def test_a_person_created_from_a_possibly_new_name_keeps_the_particle(corpus, editor):
    article = import_text(b"BRUSSELS. KAZINFORM - Annick Van Calster met Aigul Kuspan.", "a.txt")
    new = article.article.suggestions.get(match="new")

    person = suggest.create_record_and_accept(new, "person", "Annick Van Calster", editor)

    assert person.sort_name == "Van Calster, Annick"


def test_the_new_record_page_offers_the_sort_name_with_its_particle(corpus, editor_client):
    article = import_text(b"BRUSSELS. KAZINFORM - Ursula von der Leyen spoke.", "b.txt").article
    new = article.suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_create_record", args=(new.pk,))

    form = editor_client.get(url).context["form"]

    assert form.initial["sort_name"] == "von der Leyen, Ursula"


def test_a_surname_with_a_particle_is_recognised_in_its_short_forms():
    forms = person_derived_forms("Annick Van Calster", "")

    assert forms == ["Van Calster", "Van Calster Annick", "A.Van Calster", "A. Van Calster"]


# --- Renaming keeps the old name --------------------------------------------------------------


def test_renaming_a_person_in_the_shell_keeps_the_old_name_as_an_alias(corpus):
    person = Person.objects.get(slug="roman-vassilenko")
    before = aliases(person)
    person.description = "Deputy Minister of Foreign Affairs."
    person.save(update_fields=["description"])
    person.name = "ROMAN VASSILENKO"  # a respelling (case, accents, quotes) is the same name
    person.save()
    assert aliases(person) == before

    person.name = "Roman Vasilenko"
    person.save()

    assert aliases(person) == {**before, "ROMAN VASSILENKO": former_name_note()}
    assert "roman vassilenko" in Person.objects.get(pk=person.pk).search_text


def test_renaming_a_body_keeps_its_old_name_and_acronym(corpus):
    awex = Organisation.objects.get(slug="awex")

    awex.name = "Wallonia Export & Investment Agency (AWEX)"
    awex.acronym = "WEIA"
    awex.save()

    assert {
        "Agence wallonne à l'Exportation et aux Investissements étrangers": former_name_note(),
        "AWEX": former_name_note(),
    }.items() <= aliases(awex).items()


def test_renaming_a_place_keeps_its_old_name(corpus):
    place = Place.objects.create(name="Nur-Sultan", slug="nur-sultan-city")

    place.name = "Astana (2022)"
    place.save()

    assert aliases(place) == {"Nur-Sultan": former_name_note()}


def test_a_name_already_kept_as_an_alias_is_not_added_twice(corpus):
    person = Person.objects.get(slug="stephanie-dhose")  # alias "Stephanie D'Hose" exists
    person.name = "Stéphanie D’Hose-Vandenbroucke"
    person.save()
    person.name = "Stephanie D’Hose"
    person.save()  # back to a spelling of a name it has kept
    count = person.aliases.count()

    person.name = "Stéphanie D’Hose-Vandenbroucke"
    person.save()

    assert person.aliases.count() == count
    assert sorted(aliases(person)) == [
        "Ms D’Hose",
        "Stephanie D'Hose",
        "Stéphanie D’Hose-Vandenbroucke",
    ]


# A public record's change is said on its page, with the editor's reason.
REASON = "The name as the latest report spells it."


def test_renaming_in_the_admin_keeps_the_old_name(corpus, editor_client):
    person = Person.objects.get(slug="roman-vassilenko")
    url = reverse("admin:archive_person_change", args=(person.pk,))

    response = editor_client.post(
        url, change_form_data(editor_client, url, name="R. Vasilenko", correction_reason=REASON)
    )

    assert response.status_code == 302, response.context["errors"]
    person.refresh_from_db()
    assert person.name == "R. Vasilenko"
    assert aliases(person)["Roman Vassilenko"] == former_name_note()


def test_an_editor_typing_the_old_name_as_an_alias_while_renaming_gets_one_alias(
    corpus, editor_client
):
    place = Place.objects.create(name="Nur-Sultan", slug="nur-sultan-city")
    url = reverse("admin:archive_place_change", args=(place.pk,))
    data = change_form_data(
        editor_client,
        url,
        **{
            "name": "Astana (2022)",
            "aliases-TOTAL_FORMS": "1",
            "aliases-0-name": "Nur-Sultan",
            "aliases-0-language": "en",
            "aliases-0-note": "The city's name 2019-2022",
            "correction_reason": REASON,
        },
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    alias = place.aliases.get()
    assert (alias.name, alias.language, alias.note) == (
        "Nur-Sultan",
        "en",
        "The city's name 2019-2022",
    )


# --- Names in Cyrillic: Russian and Kazakh aliases --------------------------------------------


def test_the_kazakh_letters_fold_to_their_own_small_letters_not_to_russian_ones():
    assert fold("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"
    assert fold("Ёлка") == fold("елка") == "елка"


@pytest.mark.parametrize(
    ("alias", "printed"),
    [
        ("Айгүл Құспан", "АЙГҮЛ ҚҰСПАН"),
        ("Айгүл Құспан", "айгүл құспан"),
        ("Кудрёнок Татьяна", "Кудренок Татьяна"),  # ё is often printed as е
        ("Кудренок Татьяна", "Кудрёнок Татьяна"),
    ],
)
def test_a_cyrillic_alias_is_found_whatever_the_case_and_the_dots_on_yo(corpus, alias, printed):
    person = Person.objects.get(slug="tatyana-kudrenok")
    person.aliases.create(name=alias, language="kk", script="Cyrl")

    found = find_known_names(f"На встрече {printed} выступила первой.", NameIndex.build())

    assert [(m.kind, m.pks, m.surface_form) for m in found] == [("person", [person.pk], printed)]


@pytest.mark.parametrize(
    "printed",
    [
        "Айгуль Куспан",  # the Russian spelling: not the Kazakh alias with other letters
        "Маргулану Баймухану",  # an inflected form: not a part of the alias's words
        "Маргулан Баймуханов",
    ],
)
def test_a_cyrillic_alias_is_found_only_in_its_own_letters_and_whole_words(corpus, printed):
    kuspan = Person.objects.get(slug="aigul-kuspan")
    kuspan.aliases.filter(script="Cyrl").delete()  # only the Kazakh form, not the corpus's Russian
    kuspan.aliases.create(name="Айгүл Құспан", language="kk")
    Person.objects.get(slug="margulan-baimukhan").aliases.get_or_create(
        name="Маргулан Баймухан", defaults={"language": "ru"}
    )

    found = find_known_names(f"Встреча: {printed} выступил.", NameIndex.build())

    assert [m.surface_form for m in found if m.kind == "person"] == []
