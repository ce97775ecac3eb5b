"""
Optimistic concurrency: two editors on one record, and no edit lost without the second being told.

Every path that changes a curated record from a page checks that the record is still what the
page showed: change forms (fields and inlines), bulk status actions, merges, deciding
suggestions (accepting, rejecting, creating or linking a record), deleting and reverting.
"""

import re
import threading

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from archive.importing.importer import import_text
from archive.models import Article, Event, Person, PersonAlias, PersonMention, Topic

from .admin_forms import change_form_data
from .conftest import role_group

NOTE = "Checked against Kazinform."
PRESS_TEXT = b" date 2023-05-04 Belgian mission in Almaty\n\nALMATY. KAZINFORM - It met."


@pytest.fixture
def draft(corpus):
    return import_text(PRESS_TEXT, "mission.txt").article


@pytest.fixture
def second_editor_client(db):
    from archive import roles

    user = User.objects.create_user("second-editor", password="x", is_staff=True)
    user.groups.add(role_group(roles.EDITORS))
    client = Client()
    client.force_login(user)
    return client


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(record.pk,))


def apply_on_top(client, refused):
    """Click "Apply my changes on top of theirs" on the refusal page."""
    data = {}
    for name, value in refused.context["hidden_inputs"]:
        data.setdefault(name, []).append(value)
    data["edit_token"] = refused.context["edit_token"]
    data["_continue"] = "Apply"
    return client.post(refused.context["form_action"], data)


# --- Change forms ------------------------------------------------------------------------------


def test_it_refuses_a_save_from_a_form_opened_before_another_editors_save(
    draft, editor_client, second_editor_client
):
    url = change_url(draft)
    first = change_form_data(editor_client, url, title="Belgian mission meets in Almaty")
    second = change_form_data(second_editor_client, url, editorial_note=NOTE)

    assert editor_client.post(url, first).status_code == 302
    refused = second_editor_client.post(url, second)

    assert refused.status_code == 409
    draft.refresh_from_db()
    assert draft.title == "Belgian mission meets in Almaty"
    assert draft.editorial_note == ""
    page = refused.content.decode()
    assert "was changed by someone else" in page
    assert "Belgian mission meets in Almaty" in page  # what the other editor changed
    assert NOTE in page  # what this editor submitted
    assert "editor" in page  # who changed it


def test_it_applies_the_refused_changes_on_top_of_the_other_editors_in_one_step(
    draft, editor_client, second_editor_client
):
    url = change_url(draft)
    first = change_form_data(editor_client, url, title="Belgian mission meets in Almaty")
    second = change_form_data(second_editor_client, url, editorial_note=NOTE)
    editor_client.post(url, first)
    refused = second_editor_client.post(url, second)

    applied = apply_on_top(second_editor_client, refused)

    assert applied.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Belgian mission meets in Almaty"
    assert draft.editorial_note == NOTE


def test_it_says_when_both_editors_changed_the_same_field_and_applies_the_second(
    draft, editor_client, second_editor_client
):
    url = change_url(draft)
    first = change_form_data(editor_client, url, title="Mission in Almaty")
    second = change_form_data(second_editor_client, url, title="Belgian mission meets")
    editor_client.post(url, first)

    refused = second_editor_client.post(url, second)

    assert refused.status_code == 409
    assert [d.label for d in refused.context["differences"] if d.both_changed] == ["Title"]
    assert "You and the other editor both changed" in refused.content.decode()
    assert apply_on_top(second_editor_client, refused).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Belgian mission meets"


def test_a_form_unchanged_by_the_second_editor_does_not_undo_the_first_editors_change(
    draft, editor_client, second_editor_client
):
    url = change_url(draft)
    first = change_form_data(editor_client, url, title="Mission in Almaty")
    untouched = change_form_data(second_editor_client, url)
    editor_client.post(url, first)

    refused = second_editor_client.post(url, untouched)
    assert refused.status_code == 409
    apply_on_top(second_editor_client, refused)

    draft.refresh_from_db()
    assert draft.title == "Mission in Almaty"


def test_it_refuses_a_form_opened_before_a_change_made_outside_the_history(draft, editor_client):
    url = change_url(draft)
    data = change_form_data(editor_client, url, editorial_note="Mine.")
    Article.objects.filter(pk=draft.pk).update(title="Changed by a script")

    refused = editor_client.post(url, data)

    assert refused.status_code == 409
    draft.refresh_from_db()
    assert draft.editorial_note == ""


def test_a_save_without_its_edit_token_is_refused_with_a_clear_page(draft, editor_client):
    url = change_url(draft)
    data = change_form_data(editor_client, url, editorial_note="Mine.")
    del data["edit_token"]

    refused = editor_client.post(url, data)

    assert refused.status_code == 400
    assert "sent without the version of the record" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.editorial_note == ""


def test_a_forged_edit_token_is_refused(draft, editor_client):
    url = change_url(draft)
    data = change_form_data(editor_client, url, editorial_note="Mine.")
    data["edit_token"] = data["edit_token"][:-4] + "AAAA"

    assert editor_client.post(url, data).status_code == 400
    draft.refresh_from_db()
    assert draft.editorial_note == ""


def test_a_save_with_a_current_form_still_saves(draft, editor_client):
    url = change_url(draft)
    for title in ("T", "U"):
        response = editor_client.post(url, change_form_data(editor_client, url, title=title))
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "U"


def test_it_refuses_a_stale_person_form_and_applies_on_top(
    corpus, editor_client, second_editor_client
):
    person = Person.objects.get(slug="tim-vandenput")
    url = change_url(person)
    first = change_form_data(
        editor_client, url, description="Belgian MP.", correction_reason="Party missing."
    )
    second = change_form_data(
        second_editor_client, url, wikidata_id="Q123456", correction_reason="Identifier added."
    )
    assert editor_client.post(url, first).status_code == 302

    refused = second_editor_client.post(url, second)
    assert refused.status_code == 409
    assert apply_on_top(second_editor_client, refused).status_code == 302

    person.refresh_from_db()
    assert (person.description, person.wikidata_id) == ("Belgian MP.", "Q123456")


def test_it_refuses_a_stale_event_form(corpus, editor_client, second_editor_client):
    event = Event.objects.order_by("pk").first()
    url = change_url(event)
    first = change_form_data(
        editor_client, url, description="First.", correction_reason="Described."
    )
    second = change_form_data(
        second_editor_client, url, description="Second.", correction_reason="Described."
    )
    assert editor_client.post(url, first).status_code == 302

    assert second_editor_client.post(url, second).status_code == 409
    event.refresh_from_db()
    assert event.description == "First."


def test_a_stale_inline_is_refused_and_both_rows_survive_applying_on_top(
    corpus, editor_client, second_editor_client
):
    person = Person.objects.get(slug="tim-vandenput")
    url = change_url(person)
    first = change_form_data(
        editor_client,
        url,
        **{
            "aliases-TOTAL_FORMS": str(person.aliases.count() + 1),
            f"aliases-{person.aliases.count()}-name": "T. Vandenput",
            "correction_reason": "Another spelling.",
        },
    )
    second = change_form_data(
        second_editor_client,
        url,
        **{
            "aliases-TOTAL_FORMS": str(person.aliases.count() + 1),
            f"aliases-{person.aliases.count()}-name": "Timothy Vandenput",
            "correction_reason": "Full name.",
        },
    )
    assert editor_client.post(url, first).status_code == 302

    refused = second_editor_client.post(url, second)
    assert refused.status_code == 409
    assert not PersonAlias.objects.filter(person=person, name="Timothy Vandenput").exists()
    applied = apply_on_top(second_editor_client, refused)

    assert applied.status_code == 302, applied.context and applied.context.get("errors")
    names = set(person.aliases.values_list("name", flat=True))
    assert {"T. Vandenput", "Timothy Vandenput"} <= names


def test_a_row_the_other_editor_deleted_is_named_and_not_brought_back(
    corpus, editor_client, second_editor_client
):
    person = Person.objects.get(slug="tim-vandenput")
    alias = PersonAlias.objects.create(person=person, name="T. Vandenput")
    url = change_url(person)
    index = list(person.aliases.order_by(*PersonAlias._meta.ordering)).index(alias)
    first = change_form_data(
        editor_client, url, **{f"aliases-{index}-DELETE": "on", "correction_reason": "Wrong."}
    )
    second = change_form_data(
        second_editor_client,
        url,
        **{f"aliases-{index}-note": "As in the 2021 report.", "correction_reason": "Noted."},
    )
    assert editor_client.post(url, first).status_code == 302

    refused = second_editor_client.post(url, second)

    assert refused.status_code == 409
    assert "The other editor deleted rows you changed" in refused.content.decode()
    assert apply_on_top(second_editor_client, refused).status_code == 302
    assert not PersonAlias.objects.filter(pk=alias.pk).exists()


# --- Bulk status actions -----------------------------------------------------------------------


def in_review(name):
    article = import_text(PRESS_TEXT.replace(b"Almaty\n", name.encode() + b"\n"), name).article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    return article


def test_a_bulk_publish_of_a_list_changed_since_it_was_shown_is_refused(
    corpus, second_editor_client, publisher_client
):
    first, second = in_review("a.txt"), in_review("b.txt")
    changelist = reverse("admin:archive_article_changelist")
    selected = {"action": "publish", "_selected_action": [first.pk, second.pk]}
    shown = publisher_client.post(changelist, selected)
    tokens = [row["token"] for row in shown.context["rows"]]
    url = change_url(second)
    data = change_form_data(second_editor_client, url, title="Changed by an editor")
    second_editor_client.post(url, data)

    refused = publisher_client.post(
        changelist, {**selected, "confirm": "yes", "edit_token": tokens}
    )

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Nothing was changed" in page
    assert "“Changed by an editor” was changed by second-editor" in page
    statuses = set(Article.objects.filter(pk__in=[first.pk, second.pk]).values_list("status"))
    assert statuses == {(Article.Status.IN_REVIEW,)}


def test_a_bulk_publish_confirmed_again_from_the_refusal_goes_through(corpus, publisher_client):
    article = in_review("a.txt")
    changelist = reverse("admin:archive_article_changelist")
    selected = {"action": "publish", "_selected_action": [article.pk]}
    stale = publisher_client.post(changelist, selected).context["rows"][0]["token"]
    Article.objects.filter(pk=article.pk).update(editorial_note="Changed by a script")
    refused = publisher_client.post(changelist, {**selected, "confirm": "y", "edit_token": stale})
    assert refused.status_code == 409

    fresh = [row["token"] for row in refused.context["rows"]]
    publisher_client.post(changelist, {**selected, "confirm": "y", "edit_token": fresh})

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_a_bulk_confirmation_sent_without_tokens_changes_nothing(corpus, publisher_client):
    article = in_review("a.txt")

    refused = publisher_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"},
    )

    assert refused.status_code == 409
    assert "the page sent no version of it" in refused.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


# --- Merges ------------------------------------------------------------------------------------


def test_a_merge_confirmed_after_one_of_the_records_changed_is_refused(
    corpus, editor_client, second_editor_client
):
    survivor = Person.objects.get(slug="tim-vandenput")
    duplicate = Person.objects.create(name="T. Vandenput", sort_name="Vandenput, T.", slug="t-v")
    url = reverse("admin:archive_person_changelist")
    selected = {"action": "merge_selected", "_selected_action": [survivor.pk, duplicate.pk]}
    shown = editor_client.post(url, selected)
    person_url = change_url(duplicate)
    data = change_form_data(
        second_editor_client, person_url, description="Another man.", correction_reason="Who."
    )
    response = second_editor_client.post(person_url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    confirm = {**selected, "confirm": "yes", "survivor": survivor.pk}

    refused = editor_client.post(url, {**confirm, "edit_token": shown.context["tokens"]})

    assert refused.status_code == 409
    assert "Nothing was merged" in refused.content.decode()
    assert "“T. Vandenput” was changed by second-editor" in refused.content.decode()
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_a_merge_confirmed_from_a_current_page_merges(corpus, editor_client):
    survivor = Person.objects.get(slug="tim-vandenput")
    duplicate = Person.objects.create(name="T. Vandenput", sort_name="Vandenput, T.", slug="t-v")
    url = reverse("admin:archive_person_changelist")
    selected = {"action": "merge_selected", "_selected_action": [survivor.pk, duplicate.pk]}
    shown = editor_client.post(url, selected)

    confirm = {**selected, "confirm": "yes", "survivor": survivor.pk}

    response = editor_client.post(url, {**confirm, "edit_token": shown.context["tokens"]})

    assert response.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()


# --- Accepting suggestions ---------------------------------------------------------------------


def suggestion_list_tokens(client):
    page = client.get(reverse("admin:archive_suggestion_changelist"))
    return re.findall(r'name="edit_token" value="([^"]+)"', page.content.decode())


def test_accepting_a_suggestion_decided_since_the_list_was_shown_is_refused(
    corpus, editor_client, second_editor_client
):
    article = import_text(b"ASTANA. KAZINFORM - Aigul Kuspan met Roman Vassilenko.", "s.txt")
    people = list(article.article.suggestions.filter(kind="person"))
    tokens = suggestion_list_tokens(editor_client)
    url = reverse("admin:archive_suggestion_changelist")
    second_editor_client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": [people[0].pk],
            "edit_token": suggestion_list_tokens(second_editor_client),
        },
    )

    response = editor_client.post(
        url,
        {
            "action": "accept_selected",
            "_selected_action": [s.pk for s in people],
            "edit_token": tokens,
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Nothing was accepted" in page
    assert "rejected by second-editor" in page
    assert article.article.people.count() == 0


def test_accepting_a_suggestion_whose_article_changed_since_is_refused(corpus, editor_client):
    imported = import_text(b"ASTANA. KAZINFORM - Aigul Kuspan met officials.", "s.txt").article
    suggestion = imported.suggestions.get(kind="person")
    tokens = suggestion_list_tokens(editor_client)
    Article.objects.filter(pk=imported.pk).update(body="ASTANA. KAZINFORM - Nobody met.")

    response = editor_client.post(
        reverse("admin:archive_suggestion_changelist"),
        {"action": "accept_selected", "_selected_action": [suggestion.pk], "edit_token": tokens},
        follow=True,
    )

    assert "was changed" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == suggestion.Status.PENDING


def test_linking_a_name_another_editor_decided_since_the_page_was_shown_is_refused(
    corpus, editor_client, second_editor_client
):
    article = import_text(b"BRUSSELS. KAZINFORM - Askar Zhumabayev spoke.", "n.txt").article
    new = article.suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_link_record", args=(new.pk,))
    token = editor_client.get(url).context["edit_token"]
    second_editor_client.post(
        reverse("admin:archive_suggestion_changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [new.pk],
            "edit_token": suggestion_list_tokens(second_editor_client),
        },
    )

    tim = Person.objects.get(slug="tim-vandenput")
    response = editor_client.post(url, {"person": tim.pk, "edit_token": token})

    assert response.status_code == 409
    assert "was rejected by second-editor" in response.content.decode()
    assert not article.person_mentions.exists()


def test_an_article_form_opened_before_a_mention_was_edited_on_its_own_page_is_refused(
    corpus, editor_client, second_editor_client
):
    text = b" date 2023-05-04 Mission\n\nALMATY. KAZINFORM - Aigul Kuspan met. Kuspan spoke."
    draft = import_text(text, "kuspan.txt").article
    mention = PersonMention.objects.create(
        article=draft, person=Person.objects.get(slug="aigul-kuspan"), surface_forms=["Kuspan"]
    )
    url = change_url(draft)
    data = change_form_data(editor_client, url, title="Mission in Almaty")
    mention_url = change_url(mention)
    edited = change_form_data(second_editor_client, mention_url, surface_forms="Aigul Kuspan")
    assert second_editor_client.post(mention_url, edited).status_code == 302

    refused = editor_client.post(url, data)

    assert refused.status_code == 409, refused.context.get("errors")
    assert "Aigul Kuspan" in refused.content.decode()
    assert apply_on_top(editor_client, refused).status_code == 302
    mention.refresh_from_db()
    draft.refresh_from_db()
    assert (draft.title, mention.surface_forms) == ("Mission in Almaty", ["Aigul Kuspan"])


def test_creating_a_record_for_a_name_whose_article_changed_since_is_refused(corpus, editor_client):
    article = import_text(b"BRUSSELS. KAZINFORM - Askar Zhumabayev spoke.", "n.txt").article
    new = article.suggestions.get(match="new")
    url = reverse("admin:archive_suggestion_create_record", args=(new.pk,))
    token = editor_client.get(url).context["edit_token"]
    Article.objects.filter(pk=article.pk).update(body="BRUSSELS. KAZINFORM - Nobody spoke.")
    data = {"name": "Askar Zhumabayev", "sort_name": "", "edit_token": token}

    refused = editor_client.post(url, data)

    assert refused.status_code == 409
    assert "was changed" in refused.content.decode()
    assert not Person.objects.filter(name="Askar Zhumabayev").exists()
    # The refusal page carries the article as it is now: confirming from it creates the record.
    data["edit_token"] = refused.context["edit_token"]
    assert editor_client.post(url, data).status_code == 302
    assert article.people.get().name == "Askar Zhumabayev"


def test_rejecting_a_suggestion_accepted_since_the_list_was_shown_is_refused(
    corpus, editor_client, second_editor_client
):
    article = import_text(b"ASTANA. KAZINFORM - Aigul Kuspan met officials.", "s.txt").article
    suggestion = article.suggestions.get(kind="person")
    tokens = suggestion_list_tokens(editor_client)
    url = reverse("admin:archive_suggestion_changelist")
    selected = {"_selected_action": [suggestion.pk]}
    second_editor_client.post(
        url,
        {
            **selected,
            "action": "accept_selected",
            "edit_token": suggestion_list_tokens(second_editor_client),
        },
    )

    response = editor_client.post(
        url, {**selected, "action": "reject_selected", "edit_token": tokens}, follow=True
    )

    page = response.content.decode()
    assert "Nothing was rejected" in page
    assert "accepted by second-editor" in page
    suggestion.refresh_from_db()
    assert suggestion.status == suggestion.Status.ACCEPTED


def test_rejecting_a_suggestion_whose_article_changed_since_still_rejects(corpus, editor_client):
    article = import_text(b"ASTANA. KAZINFORM - Aigul Kuspan met officials.", "s.txt").article
    suggestion = article.suggestions.get(kind="person")
    tokens = suggestion_list_tokens(editor_client)
    Article.objects.filter(pk=article.pk).update(title="Retitled")

    editor_client.post(
        reverse("admin:archive_suggestion_changelist"),
        {"action": "reject_selected", "_selected_action": [suggestion.pk], "edit_token": tokens},
    )

    suggestion.refresh_from_db()
    assert suggestion.status == suggestion.Status.REJECTED


# --- Deleting ----------------------------------------------------------------------------------


def delete_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=(record.pk,))


def deletable_person(slug="ainur-test"):
    return Person.objects.create(name="Ainur Test", sort_name="Test, Ainur", slug=slug)


def new_topic(slug="space"):
    return Topic.objects.create(name=slug.capitalize(), slug=slug)


def test_a_deletion_confirmed_after_another_editor_changed_the_record_is_refused(
    corpus, editor_client, second_editor_client
):
    topic = new_topic()
    token = editor_client.get(delete_url(topic)).context["edit_token"]
    url = change_url(topic)
    second_editor_client.post(url, change_form_data(second_editor_client, url, name="Kept"))

    refused = editor_client.post(delete_url(topic), {"post": "yes", "edit_token": token})

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Nothing was deleted" in page
    assert "“Kept” was changed by second-editor" in page
    assert f'href="{url}"' in page
    assert Topic.objects.get(pk=topic.pk).name == "Kept"


def test_a_deletion_confirmed_again_from_the_refusal_deletes(corpus, editor_client):
    person = deletable_person()
    token = editor_client.get(delete_url(person)).context["edit_token"]
    Person.objects.filter(pk=person.pk).update(description="Changed by a script")
    refused = editor_client.post(delete_url(person), {"post": "yes", "edit_token": token})
    assert refused.status_code == 409

    fresh = refused.context["edit_token"]
    response = editor_client.post(delete_url(person), {"post": "yes", "edit_token": fresh})

    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_deletion_posted_without_its_token_deletes_nothing(corpus, editor_client):
    person = deletable_person()

    refused = editor_client.post(delete_url(person), {"post": "yes"})

    assert refused.status_code == 409
    assert "the page sent no version of it" in refused.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_every_delete_confirmation_that_can_delete_carries_an_edit_token(corpus, admin_client):
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "archive":
            continue
        record = model._default_manager.first()
        if record is None or not model_admin.has_delete_permission(_request(), record):
            continue
        page = admin_client.get(delete_url(record)).content.decode()
        if 'name="post"' in page:  # not a "cannot delete" page
            assert re.search(r'name="edit_token" value="[^"]+"', page), model
            checked += 1
    assert checked >= 5


def _request():
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = User.objects.filter(is_superuser=True).first()
    return request


def test_a_bulk_deletion_of_a_list_changed_since_it_was_shown_is_refused(
    corpus, editor_client, second_editor_client
):
    first, second = new_topic("space"), new_topic("water")
    changelist = reverse("admin:archive_topic_changelist")
    selected = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    tokens = editor_client.post(changelist, selected).context["tokens"]
    url = change_url(second)
    second_editor_client.post(url, change_form_data(second_editor_client, url, name="Kept"))

    refused = editor_client.post(changelist, {**selected, "post": "yes", "edit_token": tokens})

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Nothing was deleted" in page
    assert "“Kept” was changed by second-editor" in page
    assert f'href="{url}"' in page
    assert Topic.objects.filter(pk__in=[first.pk, second.pk]).count() == 2

    fresh = refused.context["tokens"]
    editor_client.post(changelist, {**selected, "post": "yes", "edit_token": fresh})
    assert not Topic.objects.filter(pk__in=[first.pk, second.pk]).exists()


def test_deleting_a_suggestion_decided_since_its_page_was_shown_is_refused(
    corpus, editor_client, second_editor_client
):
    article = import_text(b"ASTANA. KAZINFORM - Aigul Kuspan met officials.", "s.txt").article
    suggestion = article.suggestions.get(kind="person")
    token = editor_client.get(delete_url(suggestion)).context["edit_token"]
    second_editor_client.post(
        reverse("admin:archive_suggestion_changelist"),
        {
            "action": "accept_selected",
            "_selected_action": [suggestion.pk],
            "edit_token": suggestion_list_tokens(second_editor_client),
        },
    )

    refused = editor_client.post(delete_url(suggestion), {"post": "yes", "edit_token": token})

    assert refused.status_code == 409
    assert "Nothing was deleted" in refused.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == suggestion.Status.ACCEPTED


def test_a_bulk_deletion_sent_without_tokens_deletes_nothing(corpus, editor_client):
    person = deletable_person()

    refused = editor_client.post(
        reverse("admin:archive_person_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )

    assert refused.status_code == 409
    assert Person.objects.filter(pk=person.pk).exists()


# --- Reverting a version -----------------------------------------------------------------------


def test_a_revert_confirmed_after_the_record_changed_is_refused(
    corpus, editor_client, second_editor_client
):
    person = Person.objects.get(slug="tim-vandenput")
    url = change_url(person)
    editor_client.post(
        url, change_form_data(editor_client, url, description="One.", correction_reason="R.")
    )
    first = Version.objects.get_for_object(person).order_by("pk").first()
    revert_url = reverse("admin:archive_person_revision", args=(person.pk, first.pk))
    confirmation = change_form_data(editor_client, revert_url, correction_reason="Back.")
    second_editor_client.post(
        url,
        change_form_data(
            second_editor_client, url, description="Two.", correction_reason="Better."
        ),
    )

    refused = editor_client.post(revert_url, confirmation)

    assert refused.status_code == 409
    assert "was changed by second-editor" in refused.content.decode()
    person.refresh_from_db()
    assert person.description == "Two."


def test_a_revert_confirmed_from_a_current_page_restores(corpus, editor_client):
    person = Person.objects.get(slug="tim-vandenput")
    before = person.description
    url = change_url(person)
    editor_client.post(
        url, change_form_data(editor_client, url, description="One.", correction_reason="R.")
    )
    first = Version.objects.get_for_object(person).order_by("pk").first()
    revert_url = reverse("admin:archive_person_revision", args=(person.pk, first.pk))

    response = editor_client.post(
        revert_url, change_form_data(editor_client, revert_url, correction_reason="Back.")
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.description == before


# --- Two saves at the same moment (PostgreSQL: real concurrent transactions) --------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time anyway"
)
def test_two_saves_of_one_form_at_the_same_moment_save_one_and_refuse_the_other():
    from archive import roles

    article = import_text(PRESS_TEXT, "race.txt").article
    url = change_url(article)
    clients, forms = [], []
    for number in range(2):
        user = User.objects.create_user(f"racer-{number}", password="x", is_staff=True)
        user.groups.add(role_group(roles.EDITORS))
        client = Client()
        client.force_login(user)
        clients.append(client)
        forms.append(change_form_data(client, url, editorial_note=f"Note {number}."))
    start, statuses = threading.Barrier(2), {}

    def save(number):
        try:
            start.wait()
            statuses[number] = clients[number].post(url, forms[number]).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [302, 409]
    saved = next(number for number, status in statuses.items() if status == 302)
    article.refresh_from_db()
    assert article.editorial_note == f"Note {saved}."
