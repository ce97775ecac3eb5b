"""
Corrections in the open: once a record is public, a change readers see needs a one-line reason
and is listed, with its date and what changed, on the record's page, in the API and in OAI-PMH.
"""

import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from archive import cache, corrections
from archive.importing import suggest
from archive.models import Article, Correction, Person, Statistic, Suggestion

from .admin_forms import change_form_data, post_from_list
from .hostile_records import END_OF_SCRIPT, SCRIPT
from .site_helpers import ARTICLE_0, ARTICLE_4, make_article, read_page

DC = "{http://purl.org/dc/elements/1.1/}"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
REASON = "A sentence was missing from the import."


@pytest.fixture(autouse=True)
def no_earlier_corrections(db):
    """The corpus's own corrections are set aside (rolled back): each test counts what it writes."""
    # Without signals, so that the page cache still sees the test's own change as the first.
    Correction.objects.all()._raw_delete(Correction.objects.db)


def change_url(record):
    return reverse(f"admin:archive_{record._meta.model_name}_change", args=(record.pk,))


def corrected_body(article):
    return article.body + "\n\nA sentence the import had dropped."


def oai_record(client, article):
    response = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "identifier": f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/{article.slug}",
            "metadataPrefix": "oai_dc",
        },
    )
    return ET.fromstring(response.content)


def statistic_prefix(data, statistic):
    """The inline form prefix ("statistics-0") of `statistic` in posted change-form data."""
    for key, value in data.items():
        if (
            key.startswith("statistics-")
            and key.endswith("-id")
            and str(value) == str(statistic.pk)
        ):
            return key[: -len("-id")]
    raise AssertionError(f"no inline form for statistic {statistic.pk}")


# --- A published article ----------------------------------------------------------------------


def test_it_refuses_to_change_a_published_text_without_a_reason(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    url = change_url(article)

    response = editor_client.post(
        url, change_form_data(editor_client, url, body=corrected_body(article))
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "which is public: give the reason for the change" in str(
        form.errors["correction_reason"]
    )
    assertContains(response, "Reason for the change (shown to readers)")
    article.refresh_from_db()
    assert "dropped" not in article.body
    assert not Correction.objects.exists()


def test_a_correction_is_shown_on_the_page_in_the_api_and_in_oai_pmh(client, editor, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    url = change_url(article)
    client.force_login(editor)
    before = timezone.now()
    data = change_form_data(
        client, url, body=corrected_body(article), date_edtf="2021-06-23", correction_reason=REASON
    )

    response = client.post(url, data)

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.article, correction.changed, correction.reason) == (
        article,
        "date; text",
        REASON,
    )
    assert correction.made_by == editor
    client.logout()

    page = client.get(article.get_absolute_url())
    assertContains(page, "Corrections and changes")
    day = timezone.localdate(correction.made_at)
    assertContains(
        page,
        f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>: {REASON} '
        '<span class="correction-changed">(changed: date; text)</span>',
        html=False,
    )
    [json_ld] = read_page(page).json_ld
    assert json_ld["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": day.isoformat(),
            "text": f"{REASON} (date; text)",
        }
    ]

    api = client.get(f"/api/articles/{article.slug}/").json()
    assert api["corrections"] == [
        {
            "made_at": api["corrections"][0]["made_at"],
            "changed": "date; text",
            "reason": REASON,
        }
    ]
    assert "made_by" not in json.dumps(api)

    record = oai_record(client, article)
    descriptions = [element.text for element in record.iter(f"{DC}description")]
    assert f"Correction ({day.isoformat()}): {REASON} (changed: date; text)" in descriptions
    datestamp = record.find(f".//{OAI}header/{OAI}datestamp").text
    assert datestamp >= before.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_record_without_corrections_shows_no_corrections_note(client, corpus):
    page = client.get(Article.objects.get(slug=ARTICLE_0).get_absolute_url())

    assertNotContains(page, "Corrections and changes")
    assert "correction" not in read_page(page).json_ld[0]


def test_changing_only_the_editors_note_needs_no_reason_and_writes_none(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    url = change_url(article)

    response = editor_client.post(
        url, change_form_data(editor_client, url, editorial_note="Checked against the source.")
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).editorial_note == "Checked against the source."
    assert not Correction.objects.exists()


def test_a_reason_for_a_save_that_changes_nothing_readers_see_writes_nothing(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    url = change_url(article)

    response = editor_client.post(
        url, change_form_data(editor_client, url, correction_reason="Nothing, really.")
    )

    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_a_draft_is_changed_without_a_reason_and_without_a_correction(editor_client, corpus):
    draft = make_article("a-draft", status=Article.Status.DRAFT)
    url = change_url(draft)
    assert "correction_reason" not in editor_client.get(url).context["adminform"].form.fields

    response = editor_client.post(
        url, change_form_data(editor_client, url, body=corrected_body(draft))
    )

    assert response.status_code == 302
    assert "dropped" in Article.objects.get(pk=draft.pk).body
    assert not Correction.objects.exists()


def test_a_figure_changed_on_a_published_article_is_a_correction_of_the_article(
    editor_client, corpus
):
    article = Article.objects.get(slug=ARTICLE_4)
    statistic = Statistic.objects.filter(article=article).first()
    url = change_url(article)
    data = change_form_data(editor_client, url)
    prefix = statistic_prefix(data, statistic)
    data[f"{prefix}-value"] = "419.8"

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    assert "correction_reason" in refused.context["adminform"].form.errors
    assert Statistic.objects.get(pk=statistic.pk).value != 419.8

    data["correction_reason"] = "The figure was misread from the source."
    assert editor_client.post(url, data).status_code == 302

    correction = Correction.objects.get()
    assert correction.article == article
    assert correction.changed == f"figure: {Statistic.objects.get(pk=statistic.pk)}"
    assert "419.8" in correction.changed


def test_a_figure_removed_from_a_published_article_is_said_so(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_4)
    statistic = Statistic.objects.filter(article=article).first()
    described = str(statistic)
    url = change_url(article)
    data = change_form_data(editor_client, url, correction_reason="Not in the text.")
    data[f"{statistic_prefix(data, statistic)}-DELETE"] = "on"

    assert editor_client.post(url, data).status_code == 302

    assert not Statistic.objects.filter(pk=statistic.pk).exists()
    assert Correction.objects.get(article=article).changed == f"figure removed: {described}"


def test_a_figure_changed_from_its_own_form_is_a_correction_of_its_article(editor_client, corpus):
    statistic = Statistic.objects.filter(article__slug=ARTICLE_4).first()
    url = change_url(statistic)

    refused = editor_client.post(url, change_form_data(editor_client, url, value="419.8"))
    assert refused.status_code == 200
    assert not Correction.objects.exists()

    response = editor_client.post(
        url, change_form_data(editor_client, url, value="419.8", correction_reason="Misread.")
    )

    assert response.status_code == 302
    assert Correction.objects.get().article == statistic.article


def test_a_figure_deleted_from_its_own_page_is_noted_on_its_article(editor_client, corpus):
    statistic = Statistic.objects.filter(article__slug=ARTICLE_4).first()
    described = str(statistic)
    url = reverse("admin:archive_statistic_delete", args=(statistic.pk,))

    assert post_from_list(editor_client, url, {"post": "yes"}).status_code == 302

    correction = Correction.objects.get()
    assert (correction.article, correction.changed) == (
        statistic.article,
        f"figure removed: {described}",
    )
    assert correction.reason == "Removed by the archive's editors."


# --- People and other records -----------------------------------------------------------------


def test_a_public_persons_description_change_is_a_correction_of_the_person(
    client, editor_client, corpus
):
    person = Person.objects.get(slug="tim-vandenput")
    url = change_url(person)

    refused = editor_client.post(
        url, change_form_data(editor_client, url, description="Belgian MP (Open Vld).")
    )
    assert refused.status_code == 200
    assert Person.objects.get(pk=person.pk).description == person.description

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
    correction = Correction.objects.get()
    assert (correction.person, correction.changed) == (person, "description")
    assertContains(client.get(person.get_absolute_url()), "His party was missing.")
    api = client.get(f"/api/people/{person.slug}/").json()
    assert [(c["changed"], c["reason"]) for c in api["corrections"]] == [
        ("description", "His party was missing.")
    ]


def test_a_new_persons_role_from_a_published_article_is_a_correction_of_the_article(
    editor_client, corpus
):
    article = Article.objects.get(slug=ARTICLE_0)
    words = article.body.split("\n\n")[0][:40]
    data = {
        "name": "Anna Example",
        "sort_name": "Example, Anna",
        "slug": "anna-example",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-title": "Observer",
        "roles-0-organisation": str(article.source_id),
        "roles-0-article": str(article.pk),
        "roles-0-quote": words,
        "roles-0-date_edtf": article.date_edtf,
    }
    url = reverse("admin:archive_person_add")

    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "correction_reason" in refused.context["adminform"].form.errors

    response = editor_client.post(url, {**data, "correction_reason": "A participant was missing."})

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.article == article
    assert correction.changed.startswith("role added: Anna Example: Observer")


# --- Other paths that change a published article ----------------------------------------------


def test_a_link_accepted_on_a_published_article_is_noted_with_a_standard_reason(editor, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    person = Person.objects.exclude(mentions__article=article).first()
    suggestion = Suggestion.objects.create(
        article=article,
        kind=Suggestion.Kind.PERSON,
        match=Suggestion.Match.KNOWN,
        person=person,
        surface_forms=[],
    )

    suggest.accept([suggestion], editor)

    correction = Correction.objects.get()
    assert correction.article == article
    assert correction.changed == f"person named added: {person}"
    assert correction.reason == f"Linked to “{person}”, which the text names."


def test_a_link_accepted_on_a_draft_is_not_a_correction(editor, corpus):
    draft = make_article("a-draft", status=Article.Status.DRAFT)
    suggestion = Suggestion.objects.create(
        article=draft,
        kind=Suggestion.Kind.PERSON,
        match=Suggestion.Match.KNOWN,
        person=Person.objects.first(),
        surface_forms=[],
    )

    suggest.accept([suggestion], editor)

    assert not Correction.objects.exists()


def test_reverting_a_published_article_keeps_its_corrections_and_says_so(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    url = change_url(article)
    editor_client.post(
        url,
        change_form_data(
            editor_client, url, body=corrected_body(article), correction_reason=REASON
        ),
    )
    before = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:archive_article_revision", args=(article.pk, before.pk))

    response = editor_client.post(revision_url, change_form_data(editor_client, revision_url))

    assert response.status_code == 302
    assert "dropped" not in Article.objects.get(pk=article.pk).body
    assert [(c.changed, c.reason) for c in article.corrections.all()] == [
        ("earlier version restored", "An earlier version was restored."),
        ("text", REASON),
    ]


def test_a_correction_drops_the_page_cache_once_it_commits(
    corpus, django_capture_on_commit_callbacks
):
    article = Article.objects.get(slug=ARTICLE_0)
    kept = cache.generation()

    with django_capture_on_commit_callbacks(execute=True):
        corrections.write(article, ["text"], REASON)

    assert cache.generation() != kept


# --- Hostile text ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [SCRIPT, END_OF_SCRIPT])
def test_hostile_text_in_a_reason_is_escaped_everywhere(client, corpus, reason):
    article = Article.objects.get(slug=ARTICLE_0)
    person = Person.objects.get(slug="tim-vandenput")
    Correction.objects.create(article=article, changed=f"text {reason}", reason=reason)
    Correction.objects.create(person=person, changed="description", reason=reason)

    for url in (article.get_absolute_url(), person.get_absolute_url()):
        page = client.get(url)
        content = page.content.decode()
        assert reason not in content
        assert escape(reason) in content

    [json_ld] = read_page(client.get(article.get_absolute_url())).json_ld
    assert json_ld["correction"][0]["text"] == f"{reason} (text {reason})"
    assert client.get(f"/api/articles/{article.slug}/").json()["corrections"][0]["reason"] == reason
    descriptions = [e.text for e in oai_record(client, article).iter(f"{DC}description")]
    assert any(reason in (text or "") for text in descriptions)


# --- The editors' list of corrections ----------------------------------------------------------


def test_editors_find_every_correction_in_one_list_and_may_only_reword_one(editor_client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)
    correction = Correction.objects.create(article=article, changed="text", reason="Typo fixd.")
    change = reverse("admin:archive_correction_change", args=(correction.pk,))

    listing = editor_client.get(reverse("admin:archive_correction_changelist"))
    page = editor_client.get(change)
    data = {"changed": "text", "reason": "Typo fixed.", "edit_token": page.context["edit_token"]}
    response = editor_client.post(change, data)

    assertContains(listing, "Typo fixd.")
    assertContains(page, article.get_absolute_url())
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.reason == "Typo fixed."
    assert editor_client.get(reverse("admin:archive_correction_add")).status_code == 403
    delete = reverse("admin:archive_correction_delete", args=(correction.pk,))
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_staff_in_no_group_cannot_see_the_corrections_list(client, plain_staff, corpus):
    client.force_login(plain_staff)

    assert client.get(reverse("admin:archive_correction_changelist")).status_code == 403
