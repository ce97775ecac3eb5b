"""
Every path that can change an article's status, as an editor, a publisher and a staff member
in no group: allowed or refused, and a status-log entry written only when the status changed.

Editors send articles to review and back; only publishers publish and withdraw, whichever way
they try (the form, a bulk action, a version restored from any record's history, a deleted
article recovered, the state before a merge); staff in no group change nothing.
"""

import io

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from archive import history, merging, workflow
from archive.importing import suggest
from archive.importing.importer import import_text
from archive.models import Article, Place, StatusChange

from .admin_forms import change_form_data, post_confirmed, post_from_list
from .merge_helpers import undo_merge

DRAFT, IN_REVIEW, PUBLISHED, WITHDRAWN = "draft", "in_review", "published", "withdrawn"
USERS = ["editor", "publisher", "plain_staff"]


@pytest.fixture
def user(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def as_user(client, user):
    client.force_login(user)
    return client


def article_in(status, name="paths.txt", words="Aigul Kuspan met Roman Vassilenko"):
    """A freshly imported article (one version, one log entry), then put in `status` unlogged."""
    text = f" date 2023-05-04 A mission to Almaty ({name})\n\nALMATY. KAZINFORM - {words}."
    article = import_text(text.encode(), name).article
    Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    return article


def save_version(*records):
    """A version of the records as they are now, in one revision; returns the revision."""
    with reversion.create_revision():
        for record in records:
            reversion.add_to_revision(record)
    return Version.objects.get_for_object(records[0]).first().revision


def steps(article):
    return list(
        StatusChange.objects.filter(article=article).values_list(
            "from_status", "to_status", "changed_by__username", "note"
        )
    )


def assert_outcome(article, allowed, before, after, user, logged_before, note=None):
    """Allowed: the status moved and one entry says who did it. Refused: nothing changed."""
    article.refresh_from_db()
    log = steps(article)
    if allowed:
        assert article.status == after
        assert len(log) == len(logged_before) + 1
        entry = log[0]
        assert entry[:3] == (before, after, user.username)
        if note is not None:
            assert entry[3] == note
    else:
        assert article.status == before
        assert log == logged_before


def changelist():
    return reverse("admin:archive_article_changelist")


def article_url(view, *args):
    return reverse(f"admin:archive_article_{view}", args=args)


# --- The change form and the add form ------------------------------------------------------------


@pytest.mark.parametrize(
    "user, before, after, allowed",
    [
        ("editor", DRAFT, IN_REVIEW, True),
        ("editor", IN_REVIEW, PUBLISHED, False),
        ("editor", PUBLISHED, WITHDRAWN, False),
        ("publisher", IN_REVIEW, PUBLISHED, True),
        ("publisher", PUBLISHED, WITHDRAWN, True),
        ("publisher", DRAFT, PUBLISHED, False),  # a draft is reviewed first, by anyone
        ("plain_staff", DRAFT, IN_REVIEW, False),
        ("plain_staff", IN_REVIEW, PUBLISHED, False),
    ],
    indirect=["user"],
)
def test_the_change_form_takes_only_the_steps_the_user_may(
    corpus, admin_client, as_user, user, before, after, allowed
):
    article = article_in(before)
    logged = steps(article)
    url = article_url("change", article.pk)
    data = change_form_data(admin_client, url, status=after, status_note="Checked twice.")

    response = as_user.post(url, data)

    expected = 302 if allowed else (403 if user.username == "staff" else 200)
    assert response.status_code == expected
    assert_outcome(article, allowed, before, after, user, logged, note="Checked twice.")


def test_a_note_without_a_change_of_status_is_refused_not_lost(corpus, editor_client):
    article = article_in(DRAFT)
    url = article_url("change", article.pk)

    response = editor_client.post(url, change_form_data(editor_client, url, status_note="Why?"))

    assert response.status_code == 200
    assert "goes with a change of status" in response.content.decode()
    assert steps(article)[0][3] == "Imported from paths.txt"


@pytest.mark.parametrize("user", USERS, indirect=True)
@pytest.mark.parametrize("status", [PUBLISHED, WITHDRAWN])
def test_no_one_adds_an_article_already_published_or_withdrawn(
    corpus, admin_client, as_user, user, status
):
    url = article_url("add")
    data = change_form_data(admin_client, url, title="Added by hand", slug="added-by-hand")
    data.update(status=status, body="ALMATY. A text typed in.", raw_text="A text typed in.")

    response = as_user.post(url, data)

    assert response.status_code == (403 if user.username == "staff" else 200)
    assert not Article.objects.filter(slug="added-by-hand").exists()


@pytest.mark.parametrize("user", ["editor", "publisher"], indirect=True)
def test_an_article_added_in_review_is_logged_with_its_note(corpus, admin_client, as_user, user):
    url = article_url("add")
    data = change_form_data(admin_client, url, title="Added by hand", slug="added-by-hand")
    data.update(status=IN_REVIEW, body="ALMATY. A text.", raw_text="A text.", status_note="Typed")

    assert as_user.post(url, data).status_code == 302

    article = Article.objects.get(slug="added-by-hand")
    assert steps(article) == [("", IN_REVIEW, user.username, "Typed")]


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_the_list_has_no_editable_status_to_post_to(corpus, as_user, user):
    article = article_in(IN_REVIEW)
    logged = steps(article)

    as_user.post(
        changelist(),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": article.pk,
            "form-0-status": PUBLISHED,
            "_save": "Save",
        },
    )

    assert_outcome(article, False, IN_REVIEW, PUBLISHED, user, logged)


# --- Bulk actions, with their confirmation page and note -----------------------------------------

ACTIONS = [
    # action, from, to, {user: allowed}
    ("submit_for_review", DRAFT, IN_REVIEW, {"editor": True, "publisher": True}),
    ("return_to_draft", IN_REVIEW, DRAFT, {"editor": True, "publisher": True}),
    ("publish", IN_REVIEW, PUBLISHED, {"editor": False, "publisher": True}),
    ("unpublish", PUBLISHED, WITHDRAWN, {"editor": False, "publisher": True}),
]


@pytest.mark.parametrize("user", USERS, indirect=True)
@pytest.mark.parametrize(
    "action, before, after, allowed_for", ACTIONS, ids=[action[0] for action in ACTIONS]
)
def test_each_bulk_action_takes_only_the_steps_the_user_may(
    corpus, as_user, user, action, before, after, allowed_for
):
    article = article_in(before)
    logged = steps(article)
    allowed = allowed_for.get(user.username, False)
    selected = {"action": action, "_selected_action": [article.pk]}

    confirmation = as_user.post(changelist(), selected)
    post_confirmed(as_user, changelist(), {**selected, "confirm": "yes", "note": "Batch of May"})

    if allowed:
        assert confirmation.status_code == 200
        assert 'name="note"' in confirmation.content.decode()
    assert_outcome(article, allowed, before, after, user, logged, note="Batch of May")


def test_the_confirmation_page_says_which_articles_would_be_refused(corpus, publisher_client):
    reviewed, draft = article_in(IN_REVIEW, "a.txt"), article_in(DRAFT, "b.txt")

    page = publisher_client.post(
        changelist(), {"action": "publish", "_selected_action": [reviewed.pk, draft.pk]}
    ).content.decode()

    assert page.count("will be left as it is") == 1
    assert "cannot go from “draft” to “published”" in page
    assert Article.objects.get(pk=reviewed.pk).status == IN_REVIEW  # nothing done yet


def test_the_note_shows_in_the_articles_status_history_and_the_status_log(corpus, publisher_client):
    article = article_in(PUBLISHED)
    post_confirmed(
        publisher_client,
        changelist(),
        {
            "action": "unpublish",
            "_selected_action": [article.pk],
            "confirm": "yes",
            "note": "The figures were misquoted",
        },
    )

    article_page = publisher_client.get(article_url("change", article.pk)).content.decode()
    log_page = publisher_client.get(reverse("admin:archive_statuschange_changelist"))

    assert "The figures were misquoted" in article_page
    assert "The figures were misquoted" in log_page.content.decode()


# --- Reverting and recovering from the history ---------------------------------------------------


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_reverting_an_article_to_a_published_version_is_a_publishers_step(
    corpus, admin_client, as_user, user
):
    article = article_in(PUBLISHED)
    published = Version.objects.get_for_object(article).get(revision=save_version(article))
    Article.objects.filter(pk=article.pk).update(status=WITHDRAWN)
    logged = steps(article)
    url = article_url("revision", article.pk, published.pk)

    response = as_user.post(url, change_form_data(admin_client, url))

    allowed = user.username == "publisher"
    assert response.status_code == (302 if allowed else 403)
    assert_outcome(
        article, allowed, WITHDRAWN, PUBLISHED, user, logged, "Restored from the history"
    )


def test_a_revert_the_workflow_does_not_allow_is_refused_even_to_a_publisher(
    corpus, publisher_client
):
    article = article_in(DRAFT)
    draft = Version.objects.get_for_object(article).first()  # the import's
    Article.objects.filter(pk=article.pk).update(status=PUBLISHED)
    url = article_url("revision", article.pk, draft.pk)

    page = publisher_client.get(url)
    response = publisher_client.post(url, {"title": "anything"})

    assert page.status_code == response.status_code == 403
    assert "cannot go from “published” to “draft”" in response.content.decode()
    article.refresh_from_db()
    assert article.status == PUBLISHED


@pytest.mark.parametrize("user", USERS, indirect=True)
@pytest.mark.parametrize("view", ["revision", "recover"])
def test_an_article_version_cannot_be_restored_through_another_models_pages(
    corpus, as_user, user, view
):
    article = article_in(PUBLISHED)
    published = Version.objects.get_for_object(article).get(revision=save_version(article))
    Article.objects.filter(pk=article.pk).update(status=WITHDRAWN)
    logged = steps(article)
    args = (article.pk, published.pk) if view == "revision" else (published.pk,)

    response = as_user.post(reverse(f"admin:archive_topic_{view}", args=args), {"name": "x"})

    assert response.status_code == 404
    assert_outcome(article, False, WITHDRAWN, PUBLISHED, user, logged)


def test_a_version_must_belong_to_the_record_in_the_address(corpus, publisher_client):
    one, other = article_in(DRAFT, "one.txt"), article_in(DRAFT, "other.txt")
    version_of_other = Version.objects.get_for_object(other).first()

    response = publisher_client.get(article_url("revision", one.pk, version_of_other.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_recovering_a_deleted_published_article_is_a_publishers_step(
    corpus, admin_client, as_user, user
):
    article = article_in(PUBLISHED)
    history.ensure_baseline(article)
    save_version(article)
    pk = article.pk
    article.delete()
    (deleted,) = Version.objects.get_deleted(Article).filter(object_id=str(pk))
    url = article_url("recover", deleted.pk)

    response = as_user.post(url, change_form_data(admin_client, url))

    allowed = user.username == "publisher"
    assert response.status_code == (302 if allowed else 403)
    if allowed:
        recovered = Article.objects.get(pk=pk)
        assert recovered.status == PUBLISHED
        assert steps(recovered)[0] == ("", PUBLISHED, "publisher", "Restored from the history")
    else:
        assert not Article.objects.filter(pk=pk).exists()


def test_recovering_an_article_that_is_not_deleted_is_a_404(corpus, publisher_client):
    article = article_in(DRAFT)
    version = Version.objects.get_for_object(article).first()

    assert publisher_client.get(article_url("recover", version.pk)).status_code == 404


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_a_revision_shared_by_two_articles_restores_neither_status_without_the_right(
    corpus, admin_client, as_user, user, publisher
):
    # Accepting suggestions of two published articles at once saves both in one revision.
    first, second = article_in(PUBLISHED, "first.txt"), article_in(PUBLISHED, "second.txt")
    suggest.accept([*first.suggestions.all(), *second.suggestions.all()], publisher)
    shared = Version.objects.get_for_object(first).first()
    assert Version.objects.get_for_object(second).first().revision == shared.revision
    for article in (first, second):
        workflow.change_status(article, WITHDRAWN, publisher, "withdrawn for checking")
    logged = {article.pk: steps(article) for article in (first, second)}
    url = article_url("revision", first.pk, shared.pk)

    response = as_user.post(url, change_form_data(admin_client, url))

    allowed = user.username == "publisher"
    assert response.status_code == (302 if allowed else 403)
    for article in (first, second):
        assert_outcome(
            article,
            allowed,
            WITHDRAWN,
            PUBLISHED,
            user,
            logged[article.pk],
            "Restored from the history",
        )


def test_reverting_one_article_does_not_republish_another_saved_with_it(
    corpus, admin_client, editor_client, editor, publisher
):
    first, second = article_in(PUBLISHED, "first.txt"), article_in(PUBLISHED, "second.txt")
    suggest.accept([*first.suggestions.all(), *second.suggestions.all()], editor)
    shared = Version.objects.get_for_object(first).first()
    workflow.change_status(second, WITHDRAWN, publisher, "withdrawn for checking")
    logged = steps(second)
    url = article_url("revision", first.pk, shared.pk)

    # The first article keeps its status; the second would be published again.
    response = editor_client.post(url, change_form_data(admin_client, url))

    assert response.status_code == 403
    assert_outcome(second, False, WITHDRAWN, PUBLISHED, editor, logged)


# --- Merging, accepting suggestions, deleting, importing, loading ---------------------------------


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_merging_places_never_changes_an_articles_status_but_undoing_it_may(
    corpus, admin_client, as_user, user
):
    astana = Place.objects.get(slug="astana")
    copy = Place.objects.create(name="Astana (copy)", slug="astana-copy", kind=astana.kind)
    article = article_in(PUBLISHED)
    Article.objects.filter(pk=article.pk).update(dateline_place=copy)
    logged = steps(article)

    post_confirmed(
        as_user,
        reverse("admin:archive_place_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [astana.pk, copy.pk],
            "survivor": astana.pk,
            "confirm": "yes",
        },
    )

    merged = user.username != "staff"
    assert Place.objects.filter(pk=copy.pk).exists() is not merged
    assert_outcome(article, False, PUBLISHED, WITHDRAWN, user, logged)  # status untouched
    if not merged:
        return
    # Undoing the merge restores the article as it was then: published, so a publisher's step.
    Article.objects.filter(pk=article.pk).update(status=WITHDRAWN)
    before = Version.objects.get_for_object(astana).filter(revision__comment__startswith="Before")
    url = reverse("admin:archive_place_revision", args=(astana.pk, before.get().pk))

    response = as_user.post(url, change_form_data(admin_client, url))

    allowed = user.username == "publisher"
    assert response.status_code == (302 if allowed else 403)
    assert_outcome(
        article, allowed, WITHDRAWN, PUBLISHED, user, logged, "Restored from the history"
    )


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_accepting_suggestions_never_changes_an_articles_status(corpus, as_user, user):
    article = article_in(IN_REVIEW)
    logged = steps(article)

    post_from_list(
        as_user,
        reverse("admin:archive_suggestion_changelist"),
        {
            "action": "accept_selected",
            "_selected_action": list(article.suggestions.values_list("pk", flat=True)),
        },
    )

    assert (article.people.count() > 0) is (user.username != "staff")
    assert_outcome(article, False, IN_REVIEW, PUBLISHED, user, logged)


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_deleting_a_published_article_is_a_publishers_step(corpus, as_user, user):
    article = article_in(PUBLISHED)
    StatusChange.objects.filter(article=article).delete()  # the log would protect it otherwise

    response = post_from_list(as_user, article_url("delete", article.pk), {"post": "yes"})

    allowed = user.username == "publisher"
    assert response.status_code == (302 if allowed else 403)
    assert Article.objects.filter(pk=article.pk).exists() is not allowed


@pytest.mark.parametrize("user", USERS, indirect=True)
def test_importing_makes_a_logged_draft_and_nothing_else(corpus, as_user, user):
    text = " date 2023-05-04 Imported by hand\n\nALMATY. KAZINFORM - A text."

    response = as_user.post(
        article_url("import"), {"text": text, "name": "pasted", "status": PUBLISHED}
    )

    if user.username == "staff":
        assert response.status_code == 403
        assert not Article.objects.filter(original_filename="pasted").exists()
        return
    article = Article.objects.get(original_filename="pasted")
    assert article.status == DRAFT
    assert steps(article) == [("", DRAFT, user.username, "Imported from pasted")]


def test_loading_the_corpus_logs_each_articles_status_with_the_command(empty_archive):
    call_command("load_corpus", verbosity=0)

    log = StatusChange.objects.values_list("from_status", "to_status", "changed_by", "note")
    assert sorted(log) == sorted(
        ("", article.status, None, "Loaded from the curated corpus (load_corpus)")
        for article in Article.objects.all()
    )


def test_undoing_a_merge_outside_the_admin_logs_the_statuses_it_restores(corpus):
    astana = Place.objects.get(slug="astana")
    copy = Place.objects.create(name="Astana (copy)", slug="astana-copy", kind=astana.kind)
    article = article_in(PUBLISHED)
    Article.objects.filter(pk=article.pk).update(dateline_place=copy)
    before = merging.merge(astana, [copy])
    Article.objects.filter(pk=article.pk).update(status=WITHDRAWN)

    undo_merge(before)

    article.refresh_from_db()
    assert article.status == PUBLISHED
    assert steps(article)[0] == (WITHDRAWN, PUBLISHED, None, "Restored by undoing a merge")


def test_the_import_command_makes_drafts_logged_with_no_user(corpus, tmp_path):
    text = tmp_path / "by-command.txt"
    text.write_bytes(b" date 2023-05-04 By command\n\nALMATY. KAZINFORM - A text.")

    call_command("import_articles", str(text), stdout=io.StringIO())

    article = Article.objects.get(original_filename="by-command.txt")
    assert article.status == DRAFT
    assert steps(article) == [("", DRAFT, None, "Imported from by-command.txt")]
