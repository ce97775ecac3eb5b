"""Merging duplicates: everything moves, names are kept, old URLs redirect, and it can be undone."""

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from django.urls import reverse
from reversion.models import Version

from archive import merging
from archive.models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    MovedRecord,
    Organisation,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    Role,
    Suggestion,
)

from .admin_forms import post_confirmed
from .merge_helpers import undo_merge


@pytest.fixture
def duplicate_of_baimukhan(corpus):
    """A second record for Margulan Baimukhan, with links of its own and one shared article."""
    duplicate = Person.objects.create(
        name="M. Baimukhan (Ambassador)",
        sort_name="Baimukhan, M.",
        slug="m-baimukhan",
        description="Ambassador of Kazakhstan to Belgium.",
    )
    PersonAlias.objects.create(person=duplicate, name="Baimukhan M.")
    shared = Article.objects.get(original_filename="001_191426a1b5a02a26.txt")
    other = Article.objects.get(original_filename="002_1d0152ebe840de88.txt")
    PersonMention.objects.create(
        article=shared, person=duplicate, surface_forms=["the Kazakh diplomat"]
    )
    PersonMention.objects.create(article=other, person=duplicate, surface_forms=["Kazakh"])
    Authorship.objects.create(article=other, person=duplicate, byline="Kazakh", position=1)
    Role.objects.create(
        person=duplicate,
        organisation=Organisation.objects.get(slug="kazakhstan-mfa"),
        title="Ambassador",
        article=shared,
        quote="the Kazakh Ambassador",
        date_edtf="2021-10-17",
    )
    EventParticipant.objects.create(event=Event.objects.first(), person=duplicate)
    return duplicate


def references_to(record):
    """Every row of any model that still points at `record`."""
    found = []
    for rel in type(record)._meta.related_objects:
        rows = rel.related_model._default_manager.filter(**{rel.field.name: record.pk})
        if (rel.one_to_many or rel.one_to_one) and rows.exists():
            found.append(rel.related_model.__name__)
    return found


def test_merging_moves_every_link_and_keeps_the_name_as_an_alias(duplicate_of_baimukhan, editor):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    duplicate = duplicate_of_baimukhan
    roles_before = Role.objects.filter(person__in=[survivor, duplicate]).count()

    merging.merge(survivor, [duplicate], editor)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert references_to(duplicate) == []
    aliases = set(survivor.aliases.values_list("name", flat=True))
    assert {"M. Baimukhan (Ambassador)", "Baimukhan M.", "M.Baimukhan"} <= aliases
    shared = survivor.mentions.get(article__original_filename="001_191426a1b5a02a26.txt")
    assert shared.surface_forms == [
        "Ambassador Baimukhan",
        "Margulan Baimukhan",
        "the Kazakh diplomat",
    ]
    assert survivor.mentions.filter(article__original_filename="002_1d0152ebe840de88.txt").exists()
    assert survivor.authorships.filter(byline="Kazakh").exists()
    assert Role.objects.filter(person=survivor).count() == roles_before
    assert survivor.participations.count() >= 1


def test_the_old_website_url_redirects_permanently_to_the_survivor(duplicate_of_baimukhan, client):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    old_url = duplicate_of_baimukhan.get_absolute_url()

    merging.merge(survivor, [duplicate_of_baimukhan])

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_the_old_api_url_redirects_where_the_api_answers_404(duplicate_of_baimukhan, settings):
    from archive.redirects import MovedRecordMiddleware

    survivor = Person.objects.get(slug="margulan-baimukhan")
    merging.merge(survivor, [duplicate_of_baimukhan])
    middleware = MovedRecordMiddleware(lambda request: HttpResponseNotFound())

    response = middleware(RequestFactory().get("/api/people/m-baimukhan/"))

    assert response.status_code == 301
    assert response["Location"] == "/api/people/margulan-baimukhan/"
    found = MovedRecordMiddleware(lambda request: HttpResponse("ok"))
    assert found(RequestFactory().get("/api/people/m-baimukhan/")).status_code == 200


def test_a_second_merge_points_the_first_redirects_at_the_new_survivor(duplicate_of_baimukhan):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    merging.merge(survivor, [duplicate_of_baimukhan])
    final = Person.objects.create(name="Margulan B.", sort_name="B., Margulan", slug="margulan-b")

    merging.merge(final, [survivor])

    assert (
        MovedRecord.objects.get(old_path="/people/m-baimukhan/").new_path == "/people/margulan-b/"
    )


def test_undoing_a_merge_restores_the_records_their_links_and_removes_the_redirects(
    duplicate_of_baimukhan,
):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    duplicate = duplicate_of_baimukhan
    survivor_mentions = dict(survivor.mentions.values_list("article_id", "surface_forms"))
    survivor_aliases = set(survivor.aliases.values_list("name", flat=True))

    before = merging.merge(survivor, [duplicate])
    undo_merge(before)

    restored = Person.objects.get(slug="m-baimukhan")
    assert restored.mentions.count() == 2
    assert restored.roles.count() == 1
    assert restored.authorships.count() == 1
    assert list(restored.aliases.values_list("name", flat=True)) == ["Baimukhan M."]
    assert dict(survivor.mentions.values_list("article_id", "surface_forms")) == survivor_mentions
    assert set(survivor.aliases.values_list("name", flat=True)) == survivor_aliases
    assert not MovedRecord.objects.exists()


def test_the_merge_is_in_the_survivors_history_with_the_state_before(
    duplicate_of_baimukhan, editor
):
    survivor = Person.objects.get(slug="margulan-baimukhan")

    merging.merge(survivor, [duplicate_of_baimukhan], editor)

    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(survivor)]
    assert comments[0].startswith("Merged “M. Baimukhan (Ambassador)” (m-baimukhan)")
    assert comments[1].startswith("Before merging")
    (deleted,) = Version.objects.get_deleted(Person)
    assert deleted.object_repr == "M. Baimukhan (Ambassador)"


def test_the_admin_action_confirms_what_will_move_then_merges(
    duplicate_of_baimukhan, editor_client
):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    url = reverse("admin:archive_person_changelist")
    selected = {
        "action": "merge_selected",
        "_selected_action": [survivor.pk, duplicate_of_baimukhan.pk],
    }

    confirmation = editor_client.post(url, selected)

    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "If “Margulan Baimukhan” is kept, this moves onto it:" in page
    assert "2 people mentioned" in page
    assert Person.objects.filter(slug="m-baimukhan").exists()

    response = post_confirmed(
        editor_client, url, {**selected, "confirm": "yes", "survivor": survivor.pk}
    )

    assert response.status_code == 302
    assert not Person.objects.filter(slug="m-baimukhan").exists()


def test_recovering_the_merged_away_record_in_the_admin_undoes_the_merge(
    duplicate_of_baimukhan, editor_client
):
    from .admin_forms import change_form_data

    survivor = Person.objects.get(slug="margulan-baimukhan")
    merging.merge(survivor, [duplicate_of_baimukhan])
    (deleted,) = Version.objects.get_deleted(Person)
    url = reverse("admin:archive_person_recover", args=(deleted.pk,))

    response = editor_client.post(url, change_form_data(editor_client, url))

    assert response.status_code == 302
    assert Person.objects.get(slug="m-baimukhan").mentions.count() == 2


def test_merging_organisations_moves_sources_children_and_suggestions(corpus):
    kazinform = Organisation.objects.get(slug="kazinform")
    copy = Organisation.objects.create(
        name="Kazinform agency", kind="news_agency", slug="kazinform-2"
    )
    child = Organisation.objects.create(
        name="Kazinform Brussels desk", kind="other", slug="desk", parent=copy
    )
    article = Article.objects.get(original_filename="004_df5cb9f992efdda1.txt")
    Article.objects.filter(pk=article.pk).update(source=copy)
    suggestion = Suggestion.objects.create(
        article=article,
        kind="organisation",
        match="known",
        organisation=copy,
        surface_forms=["MFA"],
    )

    merging.merge(kazinform, [copy])

    article.refresh_from_db()
    child.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.source == kazinform
    assert child.parent == kazinform
    assert suggestion.organisation == kazinform
    assert suggestion.match_key == f"organisation:{kazinform.pk}"
    assert kazinform.aliases.filter(name="Kazinform agency").exists()


def test_merging_places_moves_datelines_and_events(corpus):
    astana = Place.objects.get(slug="astana")
    nur_sultan = Place.objects.create(name="Nur-Sultan city", slug="nur-sultan-city", country="KZ")
    article = Article.objects.get(original_filename="000_8671e830fe823728.txt")
    Article.objects.filter(pk=article.pk).update(dateline_place=nur_sultan)
    event = Event.objects.first()
    Event.objects.filter(pk=event.pk).update(place=nur_sultan)

    merging.merge(astana, [nur_sultan])

    article.refresh_from_db()
    event.refresh_from_db()
    assert article.dateline_place == astana
    assert event.place == astana


def test_merging_events_joins_their_reports_participants_and_topics(corpus):
    first, second = Event.objects.filter(reports__isnull=False).distinct()[:2]
    reports = set(first.reports.values_list("article_id", flat=True)) | set(
        second.reports.values_list("article_id", flat=True)
    )
    topics = set(first.topics.all()) | set(second.topics.all())
    people = set(first.participants.values_list("person_id", "organisation_id")) | set(
        second.participants.values_list("person_id", "organisation_id")
    )

    merging.merge(first, [second])

    assert set(first.reports.values_list("article_id", flat=True)) == reports
    assert set(first.topics.all()) == topics
    assert set(first.participants.values_list("person_id", "organisation_id")) == people
    assert (
        merging.old_paths(first)[0]
        == MovedRecord.objects.get(old_path=f"/events/{second.slug}/").new_path
    )


def test_records_of_different_kinds_or_a_single_record_cannot_be_merged(corpus):
    person = Person.objects.first()
    with pytest.raises(merging.MergeError):
        merging.merge(person, [])
    with pytest.raises(merging.MergeError):
        merging.merge(person, [Place.objects.first()])


def test_the_old_api_address_redirects_permanently_to_the_survivor(duplicate_of_baimukhan, client):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    merging.merge(survivor, [duplicate_of_baimukhan])
    response = client.get("/api/people/m-baimukhan/?format=json")
    assert response.status_code == 301
    assert response["Location"] == "/api/people/margulan-baimukhan/?format=json"
    assert client.get(response["Location"]).json()["slug"] == "margulan-baimukhan"
