"""
Editions: the same report as its source published it in several languages, each kept verbatim
as its own article and linked to the first edition. The public sees published editions only,
on the page, side by side, in the API and in the export.
"""

import csv
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.export import write_package
from archive.models import Article

from .admin_forms import change_form_data
from .site_helpers import make_article

RUSSIAN_BODY = "Казахстан и Бельгия снова встретились.\n\nВторой абзац."


@pytest.fixture
def editions(db):
    """An English first edition with a Russian and a Kazakh edition (the Kazakh one a draft)."""
    first = make_article("talks-in-brussels", title="Talks in Brussels")
    russian = make_article(
        "peregovory-v-bryussele",
        title="Переговоры в Брюсселе",
        body=RUSSIAN_BODY,
        raw_text="Казахстан и Бельгия снова встретились.",
        language="ru",
        edition_of=first,
    )
    kazakh = make_article(
        "bryusseldegi-kelissozder",
        title="Брюссельдегі келіссөздер",
        body="Қазақстан мен Бельгия тағы кездесті.",
        raw_text="Қазақстан мен Бельгия тағы кездесті.",
        language="kk",
        edition_of=first,
        status=Article.Status.DRAFT,
    )
    return first, russian, kazakh


def test_an_edition_joins_the_first_edition_in_another_language(editions):
    first, russian, _kazakh = editions

    loop = Article(slug="x", title="x", body="x", raw_text="x", language="fr")
    loop.edition_of = russian  # itself an edition: link to the first instead
    with pytest.raises(ValidationError, match="itself an edition"):
        loop.clean_edition()

    same_language = Article(slug="y", title="y", body="y", raw_text="y", language="en")
    same_language.edition_of = first
    with pytest.raises(ValidationError, match="another language"):
        same_language.clean_edition()

    first.edition_of = make_article("another-report", language="fr")
    with pytest.raises(ValidationError, match="stays the first edition"):
        first.clean_edition()


def test_the_database_refuses_an_article_that_is_its_own_edition(editions):
    first, _russian, _kazakh = editions

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=first.pk).update(edition_of=first)


def test_deleting_a_first_edition_that_others_join_is_refused(editions):
    first, _russian, _kazakh = editions

    with pytest.raises(Exception, match="protected"), transaction.atomic():
        first.delete()
    assert Article.objects.filter(pk=first.pk).exists()


def test_the_page_lists_the_other_published_editions_only(client, editions):
    first, russian, kazakh = editions

    english_page = client.get(first.get_absolute_url()).content.decode()
    russian_page = client.get(russian.get_absolute_url()).content.decode()

    assert (
        f'Russian: <a href="{russian.get_absolute_url()}" hreflang="ru" lang="ru">'
        "Переговоры в Брюсселе</a>"
    ) in english_page
    assert f'English: <a href="{first.get_absolute_url()}" hreflang="en" lang="en">' in (
        russian_page
    )
    # The Russian text on an English page says which language it is in.
    assert '<div class="article-body" lang="ru">' in russian_page
    for page in (english_page, russian_page):
        assert kazakh.get_absolute_url() not in page
        assert "Брюссельдегі" not in page


def test_an_article_with_no_other_edition_says_nothing_of_editions(client, db):
    alone = make_article("alone")

    page = client.get(alone.get_absolute_url()).content.decode()

    assert "Other edition" not in page
    assert "side by side" not in page


def test_the_editions_side_by_side_each_verbatim_in_its_language(client, editions):
    _first, russian, _kazakh = editions

    response = client.get(f"{russian.get_absolute_url()}editions/")
    page = response.content.decode()

    assert response.status_code == 200
    columns = re.findall(r'<div class="edition-body" lang="(\w+)">\s*<p>([^<]*)</p>', page)
    assert columns == [
        ("ru", "Казахстан и Бельгия снова встретились."),
        ("en", "Kazakhstan and Belgium met again."),
    ]
    assert "Брюссельдегі" not in page  # the draft edition


def test_side_by_side_with_nothing_beside_sends_the_reader_to_the_article(client, db):
    alone = make_article("alone")

    response = client.get(f"{alone.get_absolute_url()}editions/")

    assert response.status_code == 302
    assert response["Location"] == alone.get_absolute_url()
    assert client.get("/articles/no-such-report/editions/").status_code == 404


def test_the_api_names_the_other_published_editions(client, editions):
    first, russian, _kazakh = editions

    detail = client.get(f"/api/articles/{russian.slug}/").json()

    assert [(edition["slug"], edition["language"]) for edition in detail["editions"]] == [
        (first.slug, "en")
    ]
    first_detail = client.get(f"/api/articles/{first.slug}/").json()
    assert [edition["slug"] for edition in first_detail["editions"]] == [russian.slug]


def test_the_export_links_each_edition_to_a_published_first_edition(editions, tmp_path):
    first, russian, kazakh = editions
    Article.objects.filter(pk=kazakh.pk).update(status=Article.Status.PUBLISHED)

    write_package(tmp_path)
    rows = {
        row["slug"]: row["edition_of"]
        for row in csv.DictReader(io.StringIO((tmp_path / "data" / "articles.csv").read_text()))
    }
    assert rows[first.slug] == ""
    assert rows[russian.slug] == rows[kazakh.slug] == first.slug

    Article.objects.filter(pk=first.pk).update(status=Article.Status.WITHDRAWN)
    write_package(tmp_path)
    rows = {
        row["slug"]: row["edition_of"]
        for row in csv.DictReader(io.StringIO((tmp_path / "data" / "articles.csv").read_text()))
    }
    assert first.slug not in rows
    assert rows[russian.slug] == ""  # the withdrawn first edition is not named


def test_an_editor_links_an_edition_in_the_admin(editor_client, editions):
    first, _russian, _kazakh = editions
    french = make_article("pourparlers-a-bruxelles", language="fr", title="Pourparlers")
    url = f"/{settings.ADMIN_URL}archive/article/{french.pk}/change/"

    response = editor_client.post(url, change_form_data(editor_client, url, edition_of=first.pk))

    assert response.status_code == 302, response.context["adminform"].form.errors
    french.refresh_from_db()
    assert french.edition_of == first

    same_language = make_article("more-talks", title="More talks")
    url = f"/{settings.ADMIN_URL}archive/article/{same_language.pk}/change/"
    response = editor_client.post(url, change_form_data(editor_client, url, edition_of=first.pk))
    assert response.status_code == 200
    assert "another language" in str(response.context["adminform"].form.errors)
