"""Suggested links: precision and recall on the seeds, name forms, ambiguity, decisions."""

import pytest
from django.urls import reverse

from archive.importing import suggest
from archive.importing.importer import import_text
from archive.importing.names import NameIndex, find_known_names
from archive.models import (
    Article,
    Person,
    PersonAlias,
    PersonMention,
)

from .admin_forms import post_from_list

ARTICLE_LINKS = {
    "person": ("person_mentions", "person_id"),
    "organisation": ("organisation_mentions", "organisation_id"),
    "place": ("place_mentions", "place_id"),
}


def curated_links(article):
    links = {
        kind: set(getattr(article, related).values_list(field, flat=True))
        for kind, (related, field) in ARTICLE_LINKS.items()
    }
    links["topic"] = set(article.topics.values_list("pk", flat=True))
    return links


def known_matches(text):
    return find_known_names(text, NameIndex.build())


def resolved(text):
    """{surface form: (kind, record name)} for every unambiguous match."""
    names = {}
    for match in known_matches(text):
        if not match.is_ambiguous:
            model = {"person": Person}.get(match.kind)
            record = model.objects.get(pk=match.pks[0]) if model else match.pks[0]
            names[match.surface_form] = (match.kind, str(record))
    return names


# Names the matcher finds where the editors chose not to link: "the OSCE and the Council of
# Europe parliamentary assemblies" names the two assemblies, not their parent organisations.
DECLINED_ON_THE_SEEDS = {
    ("inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed", "OSCE"),
    ("inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed", "Council of Europe"),
}


def test_every_confident_suggestion_on_the_seeds_is_a_link_the_editors_made(corpus):
    index = NameIndex.build()
    checked = 0
    for article in Article.objects.all():
        links = curated_links(article)
        for match in find_known_names(article.body, index):
            if match.kind == "topic":
                continue  # topics are offered by the terms of their names too: a wider net
            assert not match.is_ambiguous, match
            if (article.slug, match.surface_form) in DECLINED_ON_THE_SEEDS:
                continue
            assert match.pks[0] in links[match.kind], (article.slug, match)
            checked += 1
    assert checked > 100


def test_every_person_the_seeds_name_is_found(corpus):
    index = NameIndex.build()
    for article in Article.objects.all():
        found = {
            pk
            for match in find_known_names(article.body, index)
            if match.kind == "person"
            for pk in match.pks
        }
        mentioned = set(article.person_mentions.values_list("person_id", flat=True))
        assert mentioned <= found, article.slug


@pytest.mark.parametrize(
    ("form", "slug"),
    [
        ("Ms Kuspan", "aigul-kuspan"),
        ("M.Baimukhan", "margulan-baimukhan"),
        ("Mr. W. De Baets", "william-de-baets"),
    ],
)
def test_honorific_and_initial_forms_resolve_without_any_alias(corpus, form, slug):
    PersonAlias.objects.all().delete()
    text = f"The talks went well, {form} said."

    (match,) = [m for m in known_matches(text) if m.kind == "person"]

    assert Person.objects.get(pk=match.pks[0]).slug == slug
    assert form in match.surface_form


def test_names_match_whatever_the_case_accents_and_quotes(corpus):
    Person.objects.create(name="Zoé Dupré", sort_name="Dupré, Zoé", slug="zoe-dupre")

    names = resolved("Stephanie D'Hose met ZOE DUPRE and stephanie d’hose.")

    assert names["Stephanie D'Hose"] == ("person", "Stephanie D’Hose")
    assert names["ZOE DUPRE"] == ("person", "Zoé Dupré")


def test_acronyms_match_only_in_capitals(corpus):
    kinds = {m.surface_form: m.kind for m in known_matches("Those who came met WHO experts.")}

    assert kinds == {"WHO": "organisation"}


def test_a_surname_shared_by_two_people_is_ambiguous_never_guessed(corpus):
    other = Person.objects.create(name="Aset Baimukhan", sort_name="Baimukhan, Aset", slug="aset")
    margulan = Person.objects.get(slug="margulan-baimukhan")

    matches = [m for m in known_matches("Then Baimukhan spoke.") if m.kind == "person"]

    assert [(m.surface_form, m.pks) for m in matches] == [("Baimukhan", [margulan.pk, other.pk])]


def test_an_explicit_alias_outranks_a_shared_surname(corpus):
    Person.objects.create(name="Aset Baimukhan", sort_name="Baimukhan, Aset", slug="aset")

    names = resolved("Ambassador Baimukhan spoke.")

    assert names == {"Ambassador Baimukhan": ("person", "Margulan Baimukhan")}


def test_accepting_one_ambiguous_candidate_links_it_and_settles_the_others(corpus, editor):
    Person.objects.create(name="Aset Baimukhan", sort_name="Baimukhan, Aset", slug="aset")
    article = import_text(b"BRUSSELS. KAZINFORM - Then Baimukhan spoke.", "a.txt").article
    candidates = article.suggestions.filter(match="ambiguous")
    assert candidates.count() == 2
    chosen = candidates.get(person__slug="margulan-baimukhan")

    suggest.accept([chosen], editor)

    assert PersonMention.objects.get(article=article).person.slug == "margulan-baimukhan"
    assert candidates.get(person__slug="aset").status == "rejected"


def test_possibly_new_names_are_listed_and_become_a_record_in_one_step(corpus, editor):
    text = b"BRUSSELS. KAZINFORM - Mr. Jean-Luc Dehaene met Aigul Kuspan."
    article = import_text(text, "new.txt").article
    new = article.suggestions.get(match="new")
    assert new.surface_form == "Mr. Jean-Luc Dehaene"

    person = suggest.create_record_and_accept(new, "person", "Jean-Luc Dehaene", editor)

    assert person.sort_name == "Dehaene, Jean-Luc"
    assert list(person.aliases.values_list("name", flat=True)) == ["Mr. Jean-Luc Dehaene"]
    mention = PersonMention.objects.get(article=article, person=person)
    assert mention.surface_forms == ["Mr. Jean-Luc Dehaene"]
    new.refresh_from_db()
    assert (new.status, new.decided_by) == ("accepted", editor)
    # The next text naming him is recognised.
    assert resolved("Mr. Jean-Luc Dehaene spoke.")["Mr. Jean-Luc Dehaene"][1] == "Jean-Luc Dehaene"


def test_a_rejected_suggestion_is_not_offered_again(corpus, editor):
    article = import_text(b"BRUSSELS. KAZINFORM - Aigul Kuspan spoke in Almaty.", "r.txt").article
    almaty = article.suggestions.get(place__slug="almaty")
    suggest.reject([almaty], editor)

    created = suggest.suggest_for_article(article)

    assert created == []
    assert article.suggestions.filter(place__slug="almaty").get().status == "rejected"


def test_links_the_article_already_has_are_not_suggested(corpus):
    article = Article.objects.get(original_filename="000_8671e830fe823728.txt")

    assert suggest.suggest_for_article(article) == []


def test_editors_accept_and_reject_in_bulk_from_the_list(corpus, editor_client):
    article = import_text(
        b"ASTANA. KAZINFORM - Aigul Kuspan and Roman Vassilenko met in Almaty.", "bulk.txt"
    ).article
    people = article.suggestions.filter(kind="person")
    place = article.suggestions.get(kind="place")
    url = reverse("admin:archive_suggestion_changelist")

    response = post_from_list(
        editor_client,
        url,
        {"action": "accept_selected", "_selected_action": [s.pk for s in people]},
        follow=True,
    )
    post_from_list(
        editor_client, url, {"action": "reject_selected", "_selected_action": [place.pk]}
    )

    assert response.status_code == 200
    assert set(article.people.values_list("slug", flat=True)) == {
        "aigul-kuspan",
        "roman-vassilenko",
    }
    assert list(
        PersonMention.objects.filter(article=article).values_list("surface_forms", flat=True)
    )
    place.refresh_from_db()
    assert place.status == "rejected"
    assert not article.places.exists()


def test_accepting_a_topic_links_it(corpus, editor):
    article = import_text(b"BRUSSELS. KAZINFORM - Talks on trade and investment.", "t.txt").article

    suggest.accept(article.suggestions.filter(kind="topic"), editor)

    assert list(article.topics.values_list("slug", flat=True)) == ["trade-and-investment"]


def test_the_new_record_page_creates_an_organisation(corpus, editor_client):
    article = import_text(
        b"BRUSSELS. KAZINFORM - The Belgian Kazakh Business Council met.", "org.txt"
    ).article
    new = article.suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_create_record", args=(new.pk,))
    response = post_from_list(
        editor_client,
        url,
        {
            "kind": "organisation",
            "name": "Belgian Kazakh Business Council",
            "organisation_kind": "other",
        },
    )

    assert response.status_code == 302
    assert article.organisations.get().name == "Belgian Kazakh Business Council"


def test_building_the_name_index_takes_a_fixed_number_of_queries(corpus, django_assert_num_queries):
    for number in range(30):
        Person.objects.create(
            name=f"Extra Person{number}", sort_name=f"P{number}", slug=f"x{number}"
        )
    # people, person aliases, organisations, organisation aliases, places, place aliases, topics
    with django_assert_num_queries(7):
        NameIndex.build()
