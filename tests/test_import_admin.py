"""From admin alone: import a press text, accept its links, publish it, and undo it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from archive.models import Article, Suggestion

from .admin_forms import change_form_data, post_confirmed, post_from_list

IMPORT_URL = reverse("admin:archive_article_import")
PRESS_TEXT = (
    " date 2023-03-02 Go to the main site\n"
    "    Belgian Senate delegation visits Astana\n\n"
    "    2 March 2023, 10:15\n\n"
    "    ASTANA. KAZINFORM – Roman Vassilenko met a delegation of the Belgian Senate, "
    "Kazinform correspondent reports.\n\n"
    "    Ms Kuspan joined the talks on trade and investment.\n\n"
    "    Author:\n\n    Kudrenok Tatyana\n\n    Kazakhstan Belgium\n"
)


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_an_editor_imports_accepts_links_and_a_publisher_publishes_then_undoes(
    corpus, editor_client, publisher_client
):
    response = editor_client.post(
        IMPORT_URL, {"files": [upload("visit.txt", PRESS_TEXT.encode())], "name": ""}
    )
    assert response.status_code == 200
    assert "Imported 1, duplicates 0, flagged 0, failed 0" in response.content.decode()
    article = Article.objects.get(original_filename="visit.txt")
    assert (article.title, article.date_edtf, str(article.published_time)) == (
        "Belgian Senate delegation visits Astana",
        "2023-03-02",
        "10:15:00",
    )
    assert article.dateline_place.slug == "astana"
    assert article.authorships.get().person.slug == "tatyana-kudrenok"

    pending = article.suggestions.filter(status="pending", match="known")
    assert {(s.kind, str(s.target)) for s in pending} >= {
        ("person", "Roman Vassilenko"),
        ("person", "Aigul Kuspan"),
        ("organisation", "Belgian Senate"),
        ("topic", "Trade and investment"),
    }
    post_from_list(
        editor_client,
        reverse("admin:archive_suggestion_changelist"),
        {"action": "accept_selected", "_selected_action": [s.pk for s in pending]},
    )
    assert article.people.count() == 2
    assert article.person_mentions.get(person__slug="aigul-kuspan").surface_forms == ["Ms Kuspan"]

    changelist = reverse("admin:archive_article_changelist")
    for client, action in [(editor_client, "submit_for_review"), (publisher_client, "publish")]:
        post_confirmed(
            client,
            changelist,
            {"action": action, "_selected_action": [article.pk], "confirm": "yes"},
        )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # Undo the accepted links: withdraw, then revert to the version saved by the import (a
    # published article cannot go back to draft in one step, by reverting or otherwise).
    changelist_data = {"action": "unpublish", "_selected_action": [article.pk], "confirm": "yes"}
    post_confirmed(publisher_client, changelist, changelist_data)
    imported = Version.objects.get_for_object(article).order_by("pk").first()
    assert imported.revision.get_comment() == "Imported from visit.txt"
    url = reverse("admin:archive_article_revision", args=(article.pk, imported.pk))
    response = publisher_client.post(url, change_form_data(publisher_client, url))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.people.count() == 0
    assert article.suggestions.filter(status=Suggestion.Status.ACCEPTED).count() == 0
    assert article.status_changes.first().note == "Restored from the history"


def test_the_import_page_reports_each_file_and_imports_a_pasted_text(corpus, editor_client):
    response = editor_client.post(
        IMPORT_URL,
        {
            "files": [
                upload("good.txt", PRESS_TEXT.encode()),
                upload("latin.txt", "Caf\u00e9".encode("latin-1")),
                upload("again.txt", PRESS_TEXT.encode()),
            ],
            "text": "BRUSSELS. KAZINFORM - A pasted text about AWEX.",
            "name": "pasted-page",
        },
    )

    assert response.status_code == 200
    outcomes = [(r.name, r.outcome) for r in response.context["report"].results]
    assert outcomes == [
        ("good.txt", "imported"),
        ("latin.txt", "failed"),
        ("again.txt", "duplicate"),
        ("pasted-page", "imported"),
    ]
    page = response.content.decode()
    assert "not UTF-8 text" in page
    assert "no title" in page  # the pasted text is flagged
    assert Article.objects.filter(original_filename="pasted-page", title="").exists()


def test_an_empty_import_form_is_refused_with_a_message(corpus, editor_client):
    response = editor_client.post(IMPORT_URL, {"text": "   "})

    assert response.status_code == 400
    assert (
        "Choose at least one file, give the address of a web page, or paste a text."
        in response.content.decode()
    )


def test_a_file_over_the_limit_is_refused_with_a_message_naming_the_limit(
    corpus, editor_client, settings
):
    settings.IMPORT_MAX_FILE_BYTES = 1024 * 1024
    count = Article.objects.count()
    huge = PRESS_TEXT.encode() + b"More talks. " * 100_000  # 1.2 MB

    response = editor_client.post(
        IMPORT_URL,
        {"files": [upload("good.txt", PRESS_TEXT.encode()), upload("huge.txt", huge)]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "“huge.txt” not uploaded, too large: the limit is 1,048,576 bytes (1 MiB)" in page
    assert "Nothing was imported." in page
    assert "Choose at least one file" not in page
    assert Article.objects.count() == count


def test_a_pasted_text_may_be_as_large_as_a_file(corpus, editor_client):
    opening = "BRUSSELS. KAZINFORM - Kazakhstan and Belgium discussed trade and investment."
    paragraph = "The delegations went on talking about many things at great length. " * 40
    text = "\n\n".join([opening] + [paragraph] * 1200)
    assert 3_000_000 < len(text.encode()) < 10 * 1024 * 1024

    response = editor_client.post(IMPORT_URL, {"text": text, "name": "long-page"})

    assert response.status_code == 200
    assert Article.objects.filter(original_filename="long-page").exists()


def test_a_dry_run_from_the_admin_writes_nothing(corpus, editor_client):
    count = Article.objects.count()

    response = editor_client.post(
        IMPORT_URL, {"files": [upload("visit.txt", PRESS_TEXT.encode())], "dry_run": "on"}
    )

    assert "Would import 1" in response.content.decode()
    assert Article.objects.count() == count


def test_staff_without_permissions_cannot_import(corpus, client, plain_staff):
    client.force_login(plain_staff)

    assert client.get(IMPORT_URL).status_code == 403
