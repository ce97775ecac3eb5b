"""Suggestions an editor can trust: where they come from, what they propose, and what follows."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from archive.importing import suggest
from archive.importing.importer import import_text
from archive.models import (
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Suggestion,
)

from .admin_forms import change_form_data, post_from_list

CHANGELIST = "admin:archive_suggestion_changelist"


def imported(text, name="text.txt"):
    return import_text(f"BRUSSELS. KAZINFORM - {text}".encode(), name).article


def new_names(article):
    return {
        (s.surface_form, s.kind)
        for s in article.suggestions.filter(match="new").exclude(as_author=True)
    }


# --- Where a suggestion comes from ------------------------------------------------------------


def test_it_shows_the_sentence_a_suggestion_came_from_with_the_words_marked(corpus, editor_client):
    article = imported("The weather was fine. Talks were held in Almaty. Then all went home.")
    almaty = article.suggestions.get(place__slug="almaty")

    listing = editor_client.get(reverse(CHANGELIST)).content.decode()
    page = editor_client.get(
        reverse("admin:archive_suggestion_change", args=(almaty.pk,))
    ).content.decode()

    for html in (listing, page):
        assert "Talks were held in <mark>Almaty</mark>." in html
    assert "The weather was fine" not in page


def test_it_marks_the_words_whatever_quotes_and_accents_they_are_written_with(
    corpus, editor_client
):
    article = imported("Talks with Stephanie D’Hose went well.")
    Suggestion.objects.create(
        article=article, kind="person", match="new", surface_forms=["STEPHANIE D'HOSE"]
    )

    listing = editor_client.get(reverse(CHANGELIST) + "?match__exact=new").content.decode()

    assert "Talks with <mark>Stephanie D’Hose</mark> went well." in listing


def test_it_keeps_hostile_text_in_the_sentence_inert(corpus, editor_client):
    article = imported(
        "<script>alert(1)</script> Askar Zhumabayev met <img src=x onerror=alert(2)>."
    )

    listing = editor_client.get(reverse(CHANGELIST) + "?match__exact=new").content.decode()

    assert article.suggestions.filter(match="new").exists()
    assert "<script>alert(1)" not in listing and "<img src=x" not in listing
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Askar Zhumabayev</mark> met" in listing


# --- What a suggestion proposes ----------------------------------------------------------------


def test_it_splits_names_joined_by_and(corpus):
    article = imported("Askar Zhumabayev and Dana Nurlanova met the press.")

    assert new_names(article) == {
        ("Askar Zhumabayev", "person"),
        ("Dana Nurlanova", "person"),
    }


def test_it_keeps_a_body_named_with_and_whole(corpus):
    article = imported("The Committee on Trade and Industry met.")

    assert new_names(article) == {("Committee on Trade and Industry", "organisation")}


def test_it_offers_a_body_as_an_organisation_never_as_a_person(corpus):
    article = imported("Goods leave from the Port of Aktau. The Eurasian Development Bank lends.")

    assert new_names(article) == {
        ("Port of Aktau", "organisation"),
        ("Eurasian Development Bank", "organisation"),
    }


def test_it_does_not_offer_a_route_as_a_name(corpus):
    article = imported("Cargo takes the Trans-Caspian International Transport Route.")

    assert new_names(article) == set()


def test_it_suggests_a_topic_by_a_term_of_its_name(corpus):
    article = imported("The sides discussed investment and vaccination.")

    topics = set(article.suggestions.filter(kind="topic").values_list("topic__slug", flat=True))

    assert topics == {"trade-and-investment", "health-and-vaccination"}


# --- Generic names need their context -----------------------------------------------------------


@pytest.fixture
def generic_mfa(corpus):
    mfa = Organisation.objects.get(slug="kazakhstan-mfa")
    mfa.acronym = ""
    mfa.save()
    # The corpus keeps "MFA" as a generic alias; make sure it is one whatever the fixtures say.
    OrganisationAlias.objects.update_or_create(
        organisation=mfa, name="MFA", defaults={"needs_context": True}
    )
    return mfa


def test_a_generic_alias_alone_suggests_no_link(generic_mfa):
    article = imported("The MFA issued a statement.")

    assert not article.suggestions.filter(organisation=generic_mfa).exists()
    assert new_names(article) == set()


def test_a_generic_alias_suggests_its_body_when_the_sentence_names_its_country(
    generic_mfa, editor_client
):
    article = imported("The Kazakh MFA issued a statement. The MFA of Kazakhstan spoke again.")
    other = imported("The Belgian MFA issued a statement.", "belgian.txt")

    suggestion = article.suggestions.get(organisation=generic_mfa)
    listing = editor_client.get(reverse(CHANGELIST) + "?kind__exact=organisation")

    assert "MFA" in suggestion.surface_forms
    assert not other.suggestions.filter(organisation=generic_mfa).exists()
    assert (
        "“MFA” → Ministry of Foreign Affairs of the Republic of Kazakhstan (Kazakhstan)"
        in listing.content.decode()
    )


def test_a_generic_alias_suggests_its_body_when_the_sentence_names_the_body_above(corpus):
    chamber = Organisation.objects.get(slug="belgian-chamber-of-representatives")
    chamber.aliases.filter(name="House of Representatives").update(needs_context=True)

    alone = imported("The House of Representatives voted.")
    placed = imported("The House of Representatives of the Belgian Federal Parliament voted.", "b")

    assert not alone.suggestions.filter(organisation=chamber).exists()
    assert placed.suggestions.filter(organisation=chamber).exists()


# --- Linking a possibly new name to an existing record ------------------------------------------


def test_a_possibly_new_name_is_linked_to_an_existing_record_and_kept_as_its_alias(
    corpus, editor_client, editor
):
    article = imported("Ambassador Marghulan Baymukhan spoke.")
    new = article.suggestions.get(match="new")
    baimukhan = Person.objects.get(slug="margulan-baimukhan")
    filters = urlencode({"_changelist_filters": "match__exact=new"})
    url = reverse("admin:archive_suggestion_link_record", args=(new.pk,)) + "?" + filters
    assert editor_client.get(url).status_code == 200

    response = post_from_list(editor_client, url, {"person": baimukhan.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST) + "?match__exact=new"
    mention = PersonMention.objects.get(article=article, person=baimukhan)
    assert new.surface_form in mention.surface_forms
    # Kept as a form the text prints, in the text's language.
    kept = baimukhan.aliases.get(name=new.surface_form)
    assert (kept.origin, kept.language) == ("text", article.language)
    new.refresh_from_db()
    assert (new.status, new.person, new.decided_by) == ("accepted", baimukhan, editor)


def test_linking_to_a_record_already_suggested_merges_the_two(corpus, editor):
    article = imported("Aigul Kuspan, also written Aigoul Kouspan, spoke.")
    kuspan = Person.objects.get(slug="aigul-kuspan")
    known = article.suggestions.get(person=kuspan)
    (new,) = [s for s in article.suggestions.filter(match="new") if "Kouspan" in s.surface_form]

    standing = suggest.link_record_and_accept(new, kuspan, editor)

    assert standing.pk == known.pk
    assert not Suggestion.objects.filter(pk=new.pk).exists()
    assert PersonMention.objects.get(article=article, person=kuspan).surface_forms == [
        "Aigul Kuspan",
        "Aigoul Kouspan",
    ]


def test_linking_asks_for_exactly_one_record(corpus, editor_client):
    new = imported("Askar Zhumabayev spoke.").suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_link_record", args=(new.pk,))

    response = editor_client.post(url, {})

    assert response.status_code == 400
    assert "Choose one record" in response.content.decode()


# --- Creating a record from a suggestion ---------------------------------------------------------


def test_create_and_link_returns_to_the_list_as_it_was_filtered(corpus, editor_client):
    new = imported("Askar Zhumabayev spoke.").suggestions.get(match="new")
    filters = urlencode({"_changelist_filters": "match__exact=new&status__exact=pending"})
    url = reverse("admin:archive_suggestion_create_record", args=(new.pk,)) + "?" + filters

    response = post_from_list(editor_client, url, {"name": "Askar Zhumabayev", "sort_name": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST) + "?match__exact=new&status__exact=pending"
    assert Person.objects.get(name="Askar Zhumabayev").sort_name == "Zhumabayev, Askar"


def test_a_persons_creation_form_shows_no_organisation_fields(corpus, editor_client):
    new = imported("Askar Zhumabayev spoke.").suggestions.get(match="new")

    page = editor_client.get(
        reverse("admin:archive_suggestion_create_record", args=(new.pk,))
    ).content.decode()

    assert 'name="sort_name"' in page
    assert 'name="organisation_kind"' not in page and 'name="acronym"' not in page


# --- Pending suggestions follow the names the archive learns -------------------------------------


def test_creating_a_record_turns_its_possibly_new_names_elsewhere_into_known_ones(
    corpus, editor, django_capture_on_commit_callbacks
):
    first = imported("Askar Zhumabayev spoke.", "first.txt")
    second = imported("Later Askar Zhumabayev left.", "second.txt")

    with django_capture_on_commit_callbacks(execute=True):
        person = suggest.create_record_and_accept(
            first.suggestions.get(match="new"), "person", "Askar Zhumabayev", editor
        )

    (suggestion,) = second.suggestions.all()
    assert (suggestion.match, suggestion.person, suggestion.status) == ("known", person, "pending")


def test_an_alias_added_anywhere_turns_a_possibly_new_name_into_a_known_one(
    corpus, django_capture_on_commit_callbacks
):
    article = imported("Marghulan Baymukhan spoke.")
    baimukhan = Person.objects.get(slug="margulan-baimukhan")

    with django_capture_on_commit_callbacks(execute=True):
        PersonAlias.objects.create(person=baimukhan, name="Marghulan Baymukhan")

    suggestion = article.suggestions.get(surface_forms=["Marghulan Baymukhan"])
    assert (suggestion.match, suggestion.person) == ("known", baimukhan)


def test_a_possibly_new_name_of_a_record_already_suggested_merges_into_that_suggestion(
    corpus, django_capture_on_commit_callbacks
):
    article = imported("Margulan Baimukhan, or Marghulan Baymukhan, spoke.")
    baimukhan = Person.objects.get(slug="margulan-baimukhan")

    with django_capture_on_commit_callbacks(execute=True):
        PersonAlias.objects.create(person=baimukhan, name="Marghulan Baymukhan")

    (suggestion,) = article.suggestions.filter(kind="person")
    assert suggestion.person == baimukhan
    assert suggestion.surface_forms == ["Margulan Baimukhan", "Marghulan Baymukhan"]
    assert not OrganisationMention.objects.filter(article=article).exists()


def test_an_alias_typed_in_a_persons_admin_page_turns_a_possibly_new_name_into_a_known_one(
    corpus, editor_client, django_capture_on_commit_callbacks
):
    article = imported("Marghulan Baymukhan spoke.")
    baimukhan = Person.objects.get(slug="margulan-baimukhan")
    url = reverse("admin:archive_person_change", args=(baimukhan.pk,))
    data = change_form_data(editor_client, url)
    prefix = "aliases"
    extra = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(extra + 1)
    data[f"{prefix}-{extra}-name"] = "Marghulan Baymukhan"
    # The person is public: a name added to their record is said on their page.
    data["correction_reason"] = "Added the spelling another report uses."

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302
    (suggestion,) = article.suggestions.filter(kind="person")
    assert (suggestion.match, suggestion.person) == ("known", baimukhan)
