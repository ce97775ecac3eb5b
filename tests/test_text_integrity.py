"""
Text that survives saving: whatever way curated text arrives (a browser's textarea posts
`\\r\\n`, a Mac or a PDF may give decomposed accents), it is kept with `\\n` line ends and in
Unicode NFC, so paragraphs and quotes survive; the original stays byte for byte as received;
and a text already in the archive is recognised however its line ends are written.
"""

import hashlib
import importlib
import json
import re
import unicodedata

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.admin.forms import ArticleAdminForm
from archive.importing.importer import Outcome, import_text
from archive.models import Article, Event, PersonMention, Role, Topic
from archive.text import text_digest

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:archive_article_import")
KUSPAN = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"
SEED_000 = "fixtures/originals/000_8671e830fe823728.txt"
PRESS_TEXT = (
    " date 2023-03-02 Go to the main site\n"
    "Belgian Senate delegation visits Astana\n\n"
    "ASTANA. KAZINFORM – Roman Vassilenko met a delegation of the Belgian Senate.\n\n"
    "Ms Kuspan and Mme Hélène Ryckmans joined the talks on trade and investment.\n"
)


def windows(text):
    return text.replace("\n", "\r\n")


def decomposed(text):
    return unicodedata.normalize("NFD", text)


def body_paragraphs(response):
    """The paragraphs of the article's text on its public page."""
    page = response.content.decode()
    body = page[page.index('<div class="article-body">') :]
    return re.findall(r"<p>", body[: body.index("</div>")])


def article_change_url(article):
    return reverse("admin:archive_article_change", args=(article.pk,))


# --- Saving in the admin --------------------------------------------------------------------


def test_it_keeps_the_paragraphs_of_an_article_saved_in_the_admin(client, editor_client, corpus):
    article = Article.objects.get(slug=KUSPAN)
    body = article.body
    paragraph_count = body.count("\n\n") + 1
    assert paragraph_count > 3
    url = article_change_url(article)
    data = change_form_data(
        editor_client,
        url,
        body=windows(body),
        editorial_note="Checked against the original.\r\nDateline verified.",
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    assert article.body == body
    assert article.editorial_note == "Checked against the original.\nDateline verified."
    assert len(body_paragraphs(client.get(article.get_absolute_url()))) == paragraph_count
    api_body = client.get(f"/api/articles/{KUSPAN}/").json()["body"]
    assert "\r" not in api_body
    assert api_body == body


def test_a_form_posting_only_other_line_ends_changes_nothing(editor, corpus):
    article = Article.objects.get(slug=KUSPAN)
    form_class = type("Form", (ArticleAdminForm,), {"user": editor})
    initial = form_class(instance=article)
    data = {
        name: initial[name].value() for name in initial.fields if initial[name].value() is not None
    }
    data["body"] = windows(article.body)
    data["topics"] = [topic.pk for topic in article.topics.all()]

    form = form_class(data, instance=article)

    assert "body" not in form.changed_data


def test_a_quote_typed_with_windows_line_ends_matches_the_body(editor_client, corpus):
    role = Role.objects.filter(article__slug=KUSPAN).first()
    body = role.article.body
    end_of_first = body.split("\n\n")[0][-25:]
    start_of_second = body.split("\n\n")[1][:25]
    url = reverse("admin:archive_role_change", args=(role.pk,))
    quote = f"{end_of_first}\r\n\r\n{start_of_second}"

    # The article is published: a changed quote is a correction, with its reason.
    data = change_form_data(
        editor_client, url, quote=quote, correction_reason="The quote now spans both paragraphs."
    )
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    role.refresh_from_db()
    assert role.quote == f"{end_of_first}\n\n{start_of_second}"


def test_a_name_pasted_in_decomposed_unicode_is_kept_composed(editor_client, corpus):
    url = reverse("admin:archive_person_add")
    response = editor_client.post(
        url,
        {
            "name": decomposed("Hélène Ryckmans"),
            "sort_name": decomposed("Ryckmans, Hélène"),
            "slug": "helene-ryckmans",
            "description": "Belgian senator.\r\nEcolo.",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    person = apps.get_model("archive", "Person").objects.get(slug="helene-ryckmans")
    assert (person.name, person.sort_name) == ("Hélène Ryckmans", "Ryckmans, Hélène")
    assert len(person.name) == len("Hélène Ryckmans")
    assert person.description == "Belgian senator.\nEcolo."


# --- Other ways in: the shell, fixtures ------------------------------------------------------


def test_text_saved_from_the_shell_is_normalised(corpus):
    event = Event.objects.create(
        title=decomposed("Visite à Bruxelles"),
        slug="visite-a-bruxelles",
        kind=Event.Kind.VISIT,
        description="First line.\r\nSecond line.\rThird line.",
    )

    assert event.title == "Visite à Bruxelles"
    assert event.description == "First line.\nSecond line.\nThird line."
    event.refresh_from_db()
    assert event.description == "First line.\nSecond line.\nThird line."


def test_fixtures_with_windows_line_ends_are_loaded_normalised(tmp_path, corpus):
    fixture = tmp_path / "topics.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "archive.topic",
                    "fields": {
                        "name": decomposed("Énergie"),
                        "slug": "energie",
                        "description": "Oil and gas.\r\nNuclear power.",
                    },
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), verbosity=0)

    topic = Topic.objects.get(slug="energie")
    assert (topic.name, topic.description) == ("Énergie", "Oil and gas.\nNuclear power.")


# --- Importing: the original kept as received, duplicates found whatever the line ends --------


def test_a_pasted_text_keeps_its_original_and_gets_clean_paragraphs(editor_client, corpus):
    pasted = windows(decomposed(PRESS_TEXT))

    response = editor_client.post(IMPORT_URL, {"text": pasted, "name": "pasted-visit"})

    assert response.status_code == 200
    article = Article.objects.get(original_filename="pasted-visit")
    assert article.raw_text == pasted
    assert article.raw_sha256 == hashlib.sha256(pasted.encode()).hexdigest()
    assert article.body.split("\n\n") == [
        "Roman Vassilenko met a delegation of the Belgian Senate.",
        "Ms Kuspan and Mme Hélène Ryckmans joined the talks on trade and investment.",
    ]


def test_pasting_a_text_already_in_the_archive_is_a_duplicate(editor_client, corpus):
    with open(SEED_000, encoding="utf-8") as original:
        pasted = windows(original.read())
    count = Article.objects.count()

    response = editor_client.post(IMPORT_URL, {"text": pasted, "name": "pasted-again"})

    assert [r.outcome for r in response.context["report"].results] == [Outcome.DUPLICATE]
    assert "already in the archive" in response.content.decode()
    assert Article.objects.count() == count


def test_uploading_a_text_first_pasted_is_a_duplicate(editor_client, corpus):
    editor_client.post(IMPORT_URL, {"text": windows(PRESS_TEXT), "name": "pasted-visit"})
    upload = SimpleUploadedFile("visit.txt", PRESS_TEXT.encode(), content_type="text/plain")

    response = editor_client.post(IMPORT_URL, {"files": [upload]})

    [result] = response.context["report"].results
    assert result.outcome == Outcome.DUPLICATE
    assert result.article.original_filename == "pasted-visit"


@pytest.mark.parametrize(
    "variant",
    [windows, decomposed, lambda text: text.replace("\n", "\r"), lambda text: "\ufeff" + text],
    ids=["windows", "decomposed", "old-mac", "byte-order-mark"],
)
def test_a_text_differing_only_in_its_form_is_a_duplicate(variant, corpus):
    first = import_text(PRESS_TEXT.encode(), "first.txt")
    text = variant(PRESS_TEXT)

    again = import_text(text.encode(), "again.txt")

    assert first.outcome == Outcome.IMPORTED
    assert (again.outcome, again.article) == (Outcome.DUPLICATE, first.article)


def test_the_import_command_finds_a_duplicate_with_other_line_ends(tmp_path, corpus, capsys):
    with open(SEED_000, encoding="utf-8") as original:
        (tmp_path / "copy.txt").write_bytes(windows(original.read()).encode())

    call_command("import_articles", str(tmp_path))

    out = capsys.readouterr().out
    assert "duplicate: copy.txt" in out
    assert "imported 0, duplicates 1" in out


def test_the_corpus_articles_have_the_digest_of_their_originals(corpus):
    article = Article.objects.get(original_filename=SEED_000.rsplit("/", 1)[1])
    with open(SEED_000, encoding="utf-8") as original:
        assert article.text_sha256 == text_digest(original.read())


# --- Repairing what was saved before --------------------------------------------------------


def test_the_data_migration_repairs_saved_text_and_leaves_the_original(corpus):
    migration = importlib.import_module("archive.migrations.0012_normalise_saved_text")
    article = Article.objects.get(slug=KUSPAN)
    body, raw_text = article.body, article.raw_text
    role = Role.objects.filter(article=article).first()
    quote = role.quote
    mention = PersonMention.objects.filter(article=article).first()
    forms = mention.surface_forms
    # As the admin saved them before: queryset updates, which no normalisation sees.
    Article.objects.filter(pk=article.pk).update(
        body=windows(body),
        editorial_note=decomposed("Vérifié.\r\nOK."),
        raw_text=windows(raw_text),
        text_sha256="",
    )
    Role.objects.filter(pk=role.pk).update(quote=windows(quote) + "\r")
    PersonMention.objects.filter(pk=mention.pk).update(
        surface_forms=[decomposed(form + "é") for form in forms]
    )

    migration.normalise_saved_text(apps, schema_editor=None)

    article.refresh_from_db()
    role.refresh_from_db()
    mention.refresh_from_db()
    assert article.body == body
    assert article.editorial_note == "Vérifié.\nOK."
    assert article.raw_text == windows(raw_text)  # the original is never altered
    assert article.text_sha256 == text_digest(raw_text)
    assert role.quote == quote + "\n"
    assert mention.surface_forms == [form + "é" for form in forms]
