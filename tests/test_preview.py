"""
Preview: staff who may view articles see a draft or an article in review exactly as the public
will, marked as a preview, never cached, never indexed. Everyone else gets the public 404.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from archive import cache
from archive.models import Article, Event

from .site_helpers import ARTICLE_4, set_status

PREVIEW_URL = reverse("archive:article_preview", args=[ARTICLE_4])
PUBLIC_URL = reverse("archive:article_detail", args=[ARTICLE_4])
BANNER = "Preview — not published; status: "


@pytest.fixture
def draft(corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)
    return Article.objects.get(slug=ARTICLE_4)


@pytest.fixture
def page_cache(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def kept_pages():
    return [key for key in caches["default"]._cache if ".pages." in key]


def test_it_shows_an_editor_the_draft_as_the_public_will_see_it(editor_client, draft):
    response = editor_client.get(PREVIEW_URL)

    assert response.status_code == 200
    assertContains(response, BANNER + "draft")
    assertContains(response, f"<h1>{draft.display_title}</h1>", html=True)
    assertContains(response, "419.7 million USD")  # a figure drawn from it, in the side panel
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_says_the_article_is_in_review(editor_client, corpus):
    set_status(ARTICLE_4, Article.Status.IN_REVIEW)

    assertContains(editor_client.get(PREVIEW_URL), BANNER + "in review")


def test_anonymous_visitors_get_the_public_404(client, draft):
    assert client.get(PREVIEW_URL).status_code == 404


def test_staff_without_the_view_permission_get_a_404(client, plain_staff, draft):
    client.force_login(plain_staff)

    assert client.get(PREVIEW_URL).status_code == 404


def test_staff_with_only_the_view_permission_may_preview(client, plain_staff, draft):
    plain_staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(plain_staff)

    assert client.get(PREVIEW_URL).status_code == 200


def test_the_public_address_of_a_draft_stays_404_even_for_an_editor(editor_client, draft):
    assert editor_client.get(PUBLIC_URL).status_code == 404


def test_the_public_page_has_no_preview_banner_and_may_be_indexed(client, corpus):
    response = client.get(PUBLIC_URL)

    assertNotContains(response, "Preview — not published")
    assertNotContains(response, "noindex")
    assert "X-Robots-Tag" not in response


def test_the_page_cache_keeps_no_preview(page_cache, editor_client, draft):
    editor_client.get(PREVIEW_URL)
    editor_client.get(PREVIEW_URL)

    assert kept_pages() == []
    assert Client().get(PREVIEW_URL).status_code == 404


def test_a_preview_response_would_be_refused_by_the_page_cache_even_without_a_user(
    editor_client, draft
):
    response = editor_client.get(PREVIEW_URL)

    assert not cache.is_storable_response(RequestFactory().get(PREVIEW_URL), response)


def test_events_only_the_draft_reports_are_marked_and_linked_to_their_preview(editor_client, draft):
    reported_by_draft = Event.objects.filter(reports__article=draft)
    event = reported_by_draft.exclude(pk__in=Event.objects.public().values("pk")).first()
    assert event is not None, "article 4 reports an event that no other article reports"
    event_preview = reverse("archive:event_preview", args=[event.slug])

    response = editor_client.get(PREVIEW_URL)

    assertContains(response, f'href="{event_preview}"')
    assertContains(response, "not yet public")
    assert Client().get(event.get_absolute_url()).status_code == 404
    event_page = editor_client.get(event_preview)
    assert event_page.status_code == 200
    assertContains(event_page, BANNER + "reported only by unpublished articles")
    assertContains(event_page, f'href="{PREVIEW_URL}"')
    assert Client().get(event_preview).status_code == 404


def test_the_article_admin_links_to_the_preview(editor_client, draft):
    change_form = editor_client.get(reverse("admin:archive_article_change", args=[draft.pk]))
    change_list = editor_client.get(reverse("admin:archive_article_changelist"))

    assertContains(change_form, f'href="{PREVIEW_URL}"')
    assertContains(change_list, f'href="{PREVIEW_URL}"')


def test_a_preview_of_a_published_article_goes_to_its_public_page(editor_client, corpus):
    response = editor_client.get(PREVIEW_URL)

    assert response.status_code == 302
    assert response["Location"] == PUBLIC_URL
