"""History: every change versioned, two versions compared, reverted, deleted records recovered."""

import reversion
from django.urls import reverse
from reversion.models import Version

from archive import history, workflow
from archive.importing import suggest
from archive.importing.importer import import_text
from archive.models import Article, Person, PersonAlias, PersonMention

from .admin_forms import change_form_data, post_from_list


def person_url(name, person, *args):
    return reverse(f"admin:archive_person_{name}", args=(person.pk, *args))


def test_editing_a_corpus_record_keeps_how_it_was_and_what_changed(corpus, editor, editor_client):
    person = Person.objects.get(slug="tim-vandenput")
    url = person_url("change", person)

    response = editor_client.post(
        url,
        change_form_data(
            editor_client,
            url,
            description="Belgian MP (Open Vld).",
            correction_reason="His party was missing.",
        ),
    )

    assert response.status_code == 302
    versions = Version.objects.get_for_object(person)
    assert versions.count() == 2  # the state before, and the change
    assert versions[0].revision.user == editor
    assert versions[1].field_dict["description"] == person.description


def test_the_history_page_lists_versions_and_compares_two(corpus, editor_client):
    person = Person.objects.get(slug="tim-vandenput")
    url = person_url("change", person)
    editor_client.post(
        url,
        change_form_data(
            editor_client,
            url,
            description="Belgian MP.",
            correction_reason="A shorter description, and the form of his name a text uses.",
            **{"aliases-TOTAL_FORMS": "1", "aliases-0-name": "T. Vandenput"},
        ),
    )
    older, newer = Version.objects.get_for_object(person).order_by("pk")

    page = editor_client.get(person_url("history", person)).content.decode()
    assert f'value="{older.pk}"' in page and f'value="{newer.pk}"' in page
    compare = editor_client.get(person_url("compare", person), {"from": older.pk, "to": newer.pk})

    assert compare.status_code == 200
    fields = {change["label"]: change for change in compare.context["fields"]}
    assert fields["Description"]["after"] == "Belgian MP."
    assert compare.context["parts"] == [
        {"kind": "Person alias", "change": "added", "text": "T. Vandenput"},
        {
            "kind": "Correction",
            "change": "added",
            "text": "Tim Vandenput: description; alias added: T. Vandenput "
            "(A shorter description, and the form of his name a text uses.)",
        },
    ]


def test_comparing_without_two_versions_is_a_clear_400(corpus, editor_client):
    person = Person.objects.get(slug="tim-vandenput")

    response = editor_client.get(person_url("compare", person), {"from": "x"})

    assert response.status_code == 400
    assert b"Choose two versions" in response.content


def test_reverting_a_version_in_the_admin_restores_it(corpus, editor_client):
    person = Person.objects.get(slug="tim-vandenput")
    url = person_url("change", person)
    editor_client.post(url, change_form_data(editor_client, url, name="Tim Vandenputt"))
    before = Version.objects.get_for_object(person).order_by("pk").first()

    revision_url = person_url("revision", person, before.pk)
    response = editor_client.post(revision_url, change_form_data(editor_client, revision_url))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Tim Vandenput"


def test_a_deleted_record_is_recovered_with_its_aliases(corpus, editor, editor_client):
    person = Person.objects.get(slug="abay-kunanbayev")
    aliases = sorted(person.aliases.values_list("name", flat=True))
    PersonMention.objects.filter(person=person).delete()
    delete_url = person_url("delete", person)
    assert post_from_list(editor_client, delete_url, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(slug="abay-kunanbayev").exists()

    (deleted,) = Version.objects.get_deleted(Person)
    recover_url = reverse("admin:archive_person_recover", args=(deleted.pk,))
    assert editor_client.get(reverse("admin:archive_person_recoverlist")).status_code == 200
    response = editor_client.post(recover_url, change_form_data(editor_client, recover_url))

    assert response.status_code == 302
    recovered = Person.objects.get(slug="abay-kunanbayev")
    assert sorted(recovered.aliases.values_list("name", flat=True)) == aliases


def test_accepting_a_suggestion_can_be_undone_by_reverting_the_article(corpus, editor):
    article = import_text(
        b"BRUSSELS. KAZINFORM - Aigul Kuspan met Roman Vassilenko.", "undo.txt"
    ).article
    before = Version.objects.get_for_object(article).first()
    suggest.accept(article.suggestions.filter(kind="person"), editor)
    assert article.people.count() == 2

    before.revision.revert(delete=True)

    assert article.people.count() == 0
    assert set(article.suggestions.values_list("status", flat=True)) == {"pending"}


def test_an_editor_cannot_unpublish_by_reverting(corpus, editor, editor_client):
    article = Article.objects.get(original_filename="001_191426a1b5a02a26.txt")
    history.ensure_baseline(article)
    with reversion.create_revision():
        Article.objects.filter(pk=article.pk).update(status="withdrawn")
        article.refresh_from_db()
        reversion.add_to_revision(article)
    # Now the first version is published and the article withdrawn: restoring it publishes.
    first = Version.objects.get_for_object(article).order_by("pk").first()

    response = editor_client.get(
        reverse("admin:archive_article_revision", args=(article.pk, first.pk))
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == "withdrawn"


def test_workflow_steps_are_in_the_history(corpus, editor):
    article = import_text(b"BRUSSELS. KAZINFORM - Some text.", "steps.txt").article

    workflow.change_status(article, "in_review", editor)

    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(article)]
    assert comments[0] == "Status: draft → in review"
    assert comments[-1] == "Imported from steps.txt"


def test_every_curated_model_is_versioned(db):
    from archive.history import CURATED_MODELS

    assert all(reversion.is_registered(model) for model in CURATED_MODELS)
    assert PersonAlias in CURATED_MODELS
