"""
Related reports (archive/related/): how they are scored, kept current as articles are
published, withdrawn and linked, and shown on the article page, in the API and as
`?similar_to=` — never a draft, never a withdrawn article, on any of those paths.
"""

import logging
import re
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import merging, workflow
from archive.models import (
    Article,
    ArticleEmbedding,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    RelatedArticle,
    Topic,
)
from archive.related import scoring

from .site_helpers import make_article

SENATE = "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"
ANNIVERSARY = "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations"
# The Senate meeting retold in Russian, written for these tests: it names no curated record.
SENATE_IN_RUSSIAN = (
    "Посол Казахстана в Бельгии Маргулан Баймухан встретился с председателем Сената Бельгии "
    "Стефани Д'Оз. Стороны обсудили вопросы двустороннего сотрудничества и межпарламентских "
    "связей, а также подготовку к 30-летию установления дипломатических отношений."
)
CHOCOLATE_IN_FRENCH = (
    "La production de chocolat belge a progressé l'an dernier, portée par les exportations "
    "vers l'Asie, selon la fédération du secteur."
)


@pytest.fixture
def committed(settings, django_capture_on_commit_callbacks):
    """
    A block whose changes update related reports as after a commit: the test's own
    transaction never commits, so the block runs what a commit would run, on leaving it.
    """

    @contextmanager
    def block():
        settings.RELATED_REPORTS_UPDATE_ON_SAVE = True
        try:
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                yield callbacks
        finally:
            settings.RELATED_REPORTS_UPDATE_ON_SAVE = False

    return block


def text_article(slug, body, *, language, status=Article.Status.PUBLISHED, date="2021-10-20"):
    title = body.split(".")[0]
    return make_article(
        slug,
        status=status,
        date_edtf=date,
        title=title,
        body=body,
        raw_text=body,
        language=language,
    )


def related_slugs(slug):
    return list(
        RelatedArticle.objects.filter(article__slug=slug)
        .order_by("-score", "related_id")
        .values_list("related__slug", flat=True)
    )


def shown_on_page(client, slug):
    """The titles the article page lists under "Related reports" (none: [])."""
    html = client.get(reverse("archive:article_detail", kwargs={"slug": slug})).content.decode()
    section = re.search(r'<section class="related-reports".*?</section>', html, re.S)
    if not section:
        return []
    return re.findall(r'<li><a href="/articles/([^/]+)/"', section.group())


def given_by_api(client, slug):
    response = client.get(f"/api/articles/{slug}/related/")
    assert response.status_code == 200, response.content
    return [item["article"]["slug"] for item in response.json()]


def listed_as_similar(client, slug):
    response = client.get("/api/articles/", {"similar_to": slug})
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def every_path(client, slug):
    """What each way of reading related reports gives for `slug`."""
    return {
        "page": shown_on_page(client, slug),
        "api": given_by_api(client, slug),
        "similar_to": listed_as_similar(client, slug),
    }


# --- Scoring ----------------------------------------------------------------------------------


def test_the_seed_reports_are_related_by_what_they_name(corpus, client):
    call_command("rebuild_related", verbosity=0)
    published = Article.objects.published().count()
    for article in Article.objects.published():
        assert 0 < len(related_slugs(article.slug)) <= scoring.KEPT
    # Scores are symmetric: each pair has one score, whichever article it is read from.
    for row in RelatedArticle.objects.all():
        other = RelatedArticle.objects.get(article=row.related, related=row.article)
        assert other.score == pytest.approx(row.score)
        assert 0 < row.score <= 1
    assert ArticleEmbedding.objects.count() == published  # every seed is in English
    response = client.get(reverse("archive:article_detail", kwargs={"slug": ANNIVERSARY}))
    html = response.content.decode()
    assert "Related reports" in html
    # Each reason names records both articles name, linked to their pages.
    assert re.search(r'Also about <a href="/(people|organisations|places|events|topics)/', html)


def test_a_russian_report_finds_its_english_counterpart_by_its_text_alone(corpus, client):
    retold = text_article("senate-retold", SENATE_IN_RUSSIAN, language="ru")
    chocolate = text_article("belgian-chocolate", CHOCOLATE_IN_FRENCH, language="fr")
    call_command("rebuild_related", verbosity=0)
    assert related_slugs(retold.slug)[0] == SENATE
    row = RelatedArticle.objects.get(article=retold, related__slug=SENATE)
    assert row.shared == [] and row.text_similarity > 0.5
    # The chocolate report names nothing and resembles nothing: it is related to nothing.
    assert related_slugs(chocolate.slug) == []
    assert chocolate.slug not in related_slugs(SENATE)
    items = client.get(f"/api/articles/{retold.slug}/related/").json()
    assert items[0]["reason"] == "A similar text, in English"
    assert items[0]["shared"] == []
    items = client.get(f"/api/articles/{SENATE}/related/").json()
    reasons = {item["article"]["slug"]: item["reason"] for item in items}
    assert reasons[retold.slug] == "A similar text, in Russian"


def test_a_kazakh_report_is_related_by_what_it_names_not_by_its_text(corpus):
    kazakh = text_article(
        "senate-in-kazakh",
        "Қазақстанның Бельгиядағы елшісі Марғұлан Баймұхан Бельгия Сенатының төрағасымен кездесті.",
        language="kk",
    )
    call_command("rebuild_related", verbosity=0)
    assert related_slugs(kazakh.slug) == []  # no text similarity, nothing named yet
    assert not ArticleEmbedding.objects.filter(article=kazakh).exists()
    PersonMention.objects.create(
        article=kazakh, person=Person.objects.get(slug="margulan-baimukhan")
    )
    call_command("rebuild_related", verbosity=0)
    related = RelatedArticle.objects.filter(article=kazakh)
    assert related.exists()
    assert all(row.text_similarity is None for row in related)
    assert all(["person", row.shared[0][1]] == row.shared[0] for row in related)


def test_editions_of_one_report_are_not_related_reports(corpus):
    senate = Article.objects.get(slug=SENATE)
    edition = text_article("senate-edition-ru", SENATE_IN_RUSSIAN, language="ru")
    edition.edition_of = senate
    edition.save()
    call_command("rebuild_related", verbosity=0)
    assert edition.slug not in related_slugs(SENATE)
    assert SENATE not in related_slugs(edition.slug)


def test_a_rarer_shared_record_says_more():
    assert scoring.record_weight(2, 1000) > scoring.record_weight(200, 1000) > 0
    assert scoring.record_weight(2, 1000) <= 1


# --- Never a draft, never a withdrawn article -------------------------------------------------


def test_a_draft_is_in_no_list_and_has_none(corpus, client):
    draft = text_article(
        "senate-retold-draft", SENATE_IN_RUSSIAN, language="ru", status=Article.Status.DRAFT
    )
    PersonMention.objects.create(
        article=draft, person=Person.objects.get(slug="margulan-baimukhan")
    )
    call_command("rebuild_related", verbosity=0)
    assert not RelatedArticle.objects.filter(article=draft).exists()
    assert not RelatedArticle.objects.filter(related=draft).exists()
    for slug in Article.objects.published().values_list("slug", flat=True):
        assert draft.slug not in str(every_path(client, slug))
    assert client.get(f"/api/articles/{draft.slug}/related/").status_code == 404
    assert client.get("/api/articles/", {"similar_to": draft.slug}).status_code == 404


def test_a_withdrawn_article_leaves_every_list_at_once(corpus, client, publisher):
    """Read-time visibility: even before its rows are removed, it is shown nowhere."""
    call_command("rebuild_related", verbosity=0)
    assert SENATE in every_path(client, ANNIVERSARY)["page"]
    senate = Article.objects.get(slug=SENATE)
    workflow.change_status(senate, Article.Status.WITHDRAWN, publisher, "Withdrawn by source")
    assert RelatedArticle.objects.filter(related=senate).exists()  # not updated on save here
    for slug in Article.objects.published().values_list("slug", flat=True):
        paths = every_path(client, slug)
        assert all(SENATE not in slugs for slugs in paths.values()), (slug, paths)
    assert client.get(f"/api/articles/{SENATE}/related/").status_code == 404
    assert client.get("/api/articles/", {"similar_to": SENATE}).status_code == 404


# --- Kept current -----------------------------------------------------------------------------


def test_publishing_relates_an_article_and_withdrawing_unrelates_it(
    corpus, client, publisher, committed
):
    call_command("rebuild_related", verbosity=0)
    retold = text_article(
        "senate-retold", SENATE_IN_RUSSIAN, language="ru", status=Article.Status.IN_REVIEW
    )
    assert related_slugs(retold.slug) == []
    with committed():
        workflow.change_status(retold, Article.Status.PUBLISHED, publisher, "Checked")
    assert related_slugs(retold.slug)[0] == SENATE
    # Symmetric: it entered the list of the report it resembles, which shows it.
    assert retold.slug in related_slugs(SENATE)
    assert retold.slug in every_path(client, SENATE)["page"]
    with committed():
        workflow.change_status(retold, Article.Status.WITHDRAWN, publisher, "Withdrawn")
    assert not RelatedArticle.objects.filter(article=retold).exists()
    assert not RelatedArticle.objects.filter(related=retold).exists()


def test_a_shared_record_added_relates_two_reports(corpus, committed):
    first = text_article("wheat-harvest", "The wheat harvest in Kostanay grew.", language="en")
    second = text_article("chocolate", CHOCOLATE_IN_FRENCH, language="fr")
    scoring.rebuild()
    assert second.slug not in related_slugs(first.slug)
    body = Organisation.objects.create(slug="rare-body", name="Rare Body", kind="other")
    with committed():
        OrganisationMention.objects.create(article=first, organisation=body)
    with committed():
        OrganisationMention.objects.create(article=second, organisation=body)
    assert second.slug in related_slugs(first.slug)
    assert first.slug in related_slugs(second.slug)
    row = RelatedArticle.objects.get(article=first, related=second)
    assert row.shared[0] == ["organisation", body.pk]
    # Topics (a many-to-many field) count too, and one transaction updates once.
    topic = Topic.objects.create(slug="rare-topic", name="Rare topic")
    third = text_article("cycling", "De Ronde van Vlaanderen trok toeschouwers.", language="nl")
    with committed() as callbacks:
        topic.articles.add(first, third)
    assert len(callbacks) == 1
    assert third.slug in related_slugs(first.slug)


def test_merging_two_records_relates_the_articles_that_named_them(corpus, committed):
    first = text_article("wheat-harvest", "The wheat harvest in Kostanay grew.", language="en")
    second = text_article("chocolate", CHOCOLATE_IN_FRENCH, language="fr")
    survivor = Person.objects.create(
        slug="dana-tulegenova", name="Dana Tulegenova", sort_name="Tulegenova, Dana"
    )
    duplicate = Person.objects.create(
        slug="dana-tulegenova-2", name="Dana Tulegenova", sort_name="Tulegenova, Dana"
    )
    PersonMention.objects.create(article=first, person=survivor)
    PersonMention.objects.create(article=second, person=duplicate)
    scoring.rebuild()
    assert second.slug not in related_slugs(first.slug)
    with committed():
        merging.merge(survivor, [duplicate])
    row = RelatedArticle.objects.get(article=first, related=second)
    assert row.shared == [["person", survivor.pk]]


def test_a_failed_update_loses_no_edit(corpus, monkeypatch, caplog, committed):
    def broken(article_ids):
        raise RuntimeError("model unavailable")

    monkeypatch.setattr(scoring, "update", broken)
    article = Article.objects.get(slug=SENATE)
    with caplog.at_level(logging.ERROR, logger="archive.related"), committed():
        article.editorial_note = "Checked again."
        article.save()
    article.refresh_from_db()
    assert article.editorial_note == "Checked again."
    assert "Related reports of articles" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_lets_go_of_a_page_when_its_related_reports_change(corpus, client, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    call_command("rebuild_related", verbosity=0)
    before = shown_on_page(client, SENATE)
    assert before
    with connection.cursor() as cursor:  # a change no signal reports: the page is kept
        cursor.execute(f"DELETE FROM {RelatedArticle._meta.db_table}")
    assert shown_on_page(client, SENATE) == before
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    assert shown_on_page(client, SENATE) == []
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    call_command("rebuild_related", verbosity=0)
    assert shown_on_page(client, SENATE) == before  # the rebuild's change is reported
    retold = text_article("senate-retold", SENATE_IN_RUSSIAN, language="ru")
    assert retold.slug not in shown_on_page(client, SENATE)
    scoring.update({retold.pk})
    assert retold.slug in shown_on_page(client, SENATE)


# --- Reading ----------------------------------------------------------------------------------


def test_reasons_are_in_the_readers_language_and_mark_what_is_not_translated(corpus, client):
    call_command("rebuild_related", verbosity=0)
    html = client.get(f"/ru/articles/{ANNIVERSARY}/").content.decode()
    section = re.search(r'<section class="related-reports".*?</section>', html, re.S).group()
    assert "Связанные материалы" in section
    assert "Also about" not in section
    # A record with no Russian name yet is shown in English, marked as English.
    untranslated = re.findall(r'<span lang="en" class="untranslated"[^>]*>([^<]+)</span>', section)
    translated = re.findall(r'<a href="/ru/[a-z]+/[^"]+/">([^<]+)</a>', section)
    assert untranslated or translated
    for name in translated:
        assert re.search("[а-яА-Я]", name), name


def test_the_list_of_all_related_reports(corpus, client):
    articles = [
        text_article(f"retold-{number}", SENATE_IN_RUSSIAN + " " * number, language="ru")
        for number in range(6)
    ]
    call_command("rebuild_related", verbosity=0)
    html = client.get(f"/articles/{SENATE}/").content.decode()
    assert len(shown_on_page(client, SENATE)) == 5
    assert f"/articles/?similar_to={SENATE}" in html
    page = client.get("/articles/", {"similar_to": SENATE}).content.decode()
    assert "Related to" in page and "Most related" in page
    listed = listed_as_similar(client, SENATE)
    assert listed == related_slugs(SENATE)
    assert {article.slug for article in articles} <= set(listed)


def test_reading_related_reports_takes_few_queries(corpus, client, django_assert_max_num_queries):
    call_command("rebuild_related", verbosity=0)
    with django_assert_max_num_queries(4):
        given_by_api(client, ANNIVERSARY)
    base = client.get(f"/articles/{SENATE}/")  # warm
    assert base.status_code == 200
    RelatedArticle.objects.all().delete()
    with CaptureQueriesContext(connection) as without:
        client.get(f"/articles/{ANNIVERSARY}/")
    call_command("rebuild_related", verbosity=0)
    with CaptureQueriesContext(connection) as with_related:
        client.get(f"/articles/{ANNIVERSARY}/")
    assert len(with_related) - len(without) <= 1  # the shared records' names, in one query


def test_an_unknown_query_parameter_is_refused(corpus, client):
    response = client.get(f"/api/articles/{SENATE}/related/", {"page": 2})
    assert response.status_code == 400
    assert "Unknown query parameter" in response.json()["detail"]
