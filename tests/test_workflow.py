"""The editorial workflow: who may take which step, and the log of every step."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from archive import workflow
from archive.importing.importer import import_text
from archive.models import Article, StatusChange

from .admin_forms import change_form_data, post_confirmed

PRESS_TEXT = b" date 2023-05-04 Belgian mission in Almaty\n\nALMATY. KAZINFORM - It met."


@pytest.fixture
def draft(corpus):
    return import_text(PRESS_TEXT, "mission.txt").article


def post_action(client, action, *articles):
    return post_confirmed(
        client,
        reverse("admin:archive_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], "confirm": "yes"},
        follow=True,
    )


def test_publishing_is_a_permission_of_publishers_not_of_editors(db):
    editors = Group.objects.get(name="Editors")
    publishers = Group.objects.get(name="Publishers")

    assert not editors.permissions.filter(codename="publish_article").exists()
    assert editors.permissions.filter(codename="change_article").exists()
    assert editors.permissions.filter(codename="change_suggestion").exists()
    # A publisher needs no other group: they have all an editor has, and publishing.
    assert set(publishers.permissions.exclude(codename="publish_article")) == set(
        editors.permissions.all()
    )
    assert publishers.permissions.filter(codename="publish_article").exists()


def test_an_editor_submits_for_review_and_the_step_is_logged(draft, editor, editor_client):
    post_action(editor_client, "submit_for_review", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW
    step = draft.status_changes.first()
    assert (step.from_status, step.to_status, step.changed_by) == ("draft", "in_review", editor)


def test_an_editor_cannot_publish_with_the_action(draft, editor, editor_client):
    workflow.change_status(draft, Article.Status.IN_REVIEW, editor)

    response = post_action(editor_client, "publish", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW
    assert b"Publish the selected articles" not in response.content


def test_an_editor_cannot_publish_through_the_form(draft, editor, editor_client):
    workflow.change_status(draft, Article.Status.IN_REVIEW, editor)
    url = reverse("admin:archive_article_change", args=(draft.pk,))
    page = editor_client.get(url).content.decode()
    assert 'value="published"' not in page

    data = change_form_data(editor_client, url, status="published")
    response = editor_client.post(url, data)

    assert response.status_code == 200  # the form is shown again with an error
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_a_publisher_publishes_through_the_form_and_the_step_is_logged(
    draft, editor, publisher, publisher_client
):
    workflow.change_status(draft, Article.Status.IN_REVIEW, editor)
    url = reverse("admin:archive_article_change", args=(draft.pk,))

    response = publisher_client.post(
        url, change_form_data(publisher_client, url, status="published")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    step = draft.status_changes.first()
    assert (step.from_status, step.to_status, step.changed_by) == (
        "in_review",
        "published",
        publisher,
    )


def test_a_publisher_publishes_and_withdraws_with_the_actions(
    draft, editor, publisher_client, client
):
    workflow.change_status(draft, Article.Status.IN_REVIEW, editor)

    post_action(publisher_client, "publish", draft)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200

    post_action(publisher_client, "unpublish", draft)
    draft.refresh_from_db()
    assert draft.status == Article.Status.WITHDRAWN
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert list(draft.status_changes.values_list("to_status", flat=True)) == [
        "withdrawn",
        "published",
        "in_review",
        "draft",
    ]


def test_a_draft_must_be_reviewed_before_it_is_published(draft, publisher):
    with pytest.raises(workflow.WorkflowError):
        workflow.change_status(draft, Article.Status.PUBLISHED, publisher)
    assert not StatusChange.objects.filter(article=draft, to_status="published").exists()


def test_an_untitled_article_cannot_be_published(corpus, editor, publisher):
    article = import_text(b"BRUSSELS. KAZINFORM - No title here.", "untitled.txt").article
    workflow.change_status(article, Article.Status.IN_REVIEW, editor)

    with pytest.raises(workflow.WorkflowError, match="devised title"):
        workflow.change_status(article, Article.Status.PUBLISHED, publisher)


def test_an_editor_may_not_withdraw(corpus, editor):
    published = Article.objects.published().first()

    with pytest.raises(PermissionDenied):
        workflow.change_status(published, Article.Status.WITHDRAWN, editor)


def test_the_status_log_shows_on_the_article(draft, editor, editor_client):
    workflow.change_status(draft, Article.Status.IN_REVIEW, editor, note="ready")

    page = editor_client.get(reverse("admin:archive_article_change", args=(draft.pk,)))

    assert page.status_code == 200
    assert "status history" in page.content.decode().lower()
    assert "ready" in page.content.decode()
