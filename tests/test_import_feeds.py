"""Feeds in: their items listed for an editor to tick, each then imported as a web page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.importing.feeds import NotAFeed, fetch_feed, read_feed
from archive.models import Article, ReceivedFile

from .web_pages import atom, rss

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_addresses_allowed")]

FEED_URL = reverse("admin:archive_article_import_feed")
KAZINFORM_PATH = "/kazinform/belgian-senate-delegation-visits-astana"
MFA_PATH = "/mfa/press/political-consultations"


def test_an_rss_feed_lists_its_items_with_their_titles_links_and_dates(corpus, web_server):
    feed = fetch_feed(web_server + "/feeds/rss.xml")

    assert feed.title == "Kazinform — Kazakhstan and Belgium"
    assert [(item.title, item.link, item.published) for item in feed.items] == [
        (
            "Belgian Senate delegation visits Astana",
            web_server + KAZINFORM_PATH,
            "Thu, 02 Mar 2023 10:15:00 +0600",
        ),
        (
            "Kazakhstan and Belgium hold political consultations",
            web_server + MFA_PATH,
            "Sun, 17 Oct 2021 12:00:00 +0600",
        ),
    ]
    assert not any(item.in_archive for item in feed.items)


def test_an_atom_feed_lists_its_entries(corpus, web_server):
    feed = fetch_feed(web_server + "/feeds/atom.xml")

    assert [item.link for item in feed.items] == [
        web_server + "/diplomatie/fr/communique-kazakhstan",
        web_server + "/diplomatie/nl/persbericht-kazachstan",
    ]
    assert feed.items[0].published == "2021-10-17T12:00:00Z"


def test_an_item_already_in_the_archive_is_marked(corpus, web_server):
    article = Article.objects.first()
    article.original_url = web_server + MFA_PATH
    article.save()

    feed = fetch_feed(web_server + "/feeds/rss.xml")

    assert [item.article for item in feed.items] == [None, article]


@pytest.mark.parametrize(
    "data", [b"<html><body><p>No feed here.</p></body></html>", b"", b"\x00\x01\x02", b"plain"]
)
def test_a_file_that_is_not_a_feed_is_refused_by_name(db, data):
    with pytest.raises(NotAFeed, match="not a feed"):
        read_feed(data)


def test_an_address_that_serves_no_feed_is_refused_by_name(db, web_server):
    with pytest.raises(NotAFeed, match="not a feed"):
        fetch_feed(web_server + "/not-a-feed")


def test_an_editor_lists_a_feed_and_imports_the_ticked_items(corpus, editor_client, web_server):
    known = Article.objects.first()
    known.original_url = web_server + MFA_PATH
    known.save()

    listing = editor_client.post(FEED_URL, {"url": web_server + "/feeds/rss.xml"})

    page = listing.content.decode()
    assert listing.status_code == 200
    assert f'value="{web_server + KAZINFORM_PATH}" id="item-1" checked' in page
    assert f'value="{web_server + MFA_PATH}" id="item-2">' in page  # not ticked
    assert "already in the archive" in page

    response = editor_client.post(FEED_URL, {"links": [web_server + KAZINFORM_PATH]})

    assert "Imported 1, duplicates 0, flagged 0, failed 0" in response.content.decode()
    article = Article.objects.get(original_url=web_server + KAZINFORM_PATH)
    assert article.status == Article.Status.DRAFT
    assert article.received_files.get().url == web_server + KAZINFORM_PATH


def test_an_editor_lists_an_uploaded_feed(corpus, editor_client, web_server):
    upload = SimpleUploadedFile("feed.xml", atom(web_server).encode(), "application/atom+xml")
    response = editor_client.post(FEED_URL, {"file": upload})

    assert response.status_code == 200
    assert "Bezoek van een Kazachse delegatie" in response.content.decode()


def test_an_uploaded_file_that_is_not_a_feed_gets_a_named_error(corpus, editor_client):
    upload = SimpleUploadedFile("page.html", b"<html><body><p>Hello</p></body></html>")
    response = editor_client.post(FEED_URL, {"file": upload})

    assert response.status_code == 400
    assert "not a feed: neither RSS nor Atom" in response.content.decode()


def test_a_feed_address_that_will_not_load_gets_a_named_error(corpus, editor_client, web_server):
    response = editor_client.post(FEED_URL, {"url": web_server + "/missing"})
    assert response.status_code == 400
    assert "the server answered 404 Not Found" in response.content.decode()


def test_a_user_who_may_not_add_articles_cannot_use_feeds(client, plain_staff, web_server):
    client.force_login(plain_staff)
    assert client.get(FEED_URL).status_code == 403
    assert client.post(FEED_URL, {"links": [web_server + KAZINFORM_PATH]}).status_code == 403
    assert not ReceivedFile.objects.exists()


def test_the_command_imports_a_feed_s_new_items(corpus, web_server):
    known = Article.objects.first()
    known.original_url = web_server + MFA_PATH
    known.save()
    out = io.StringIO()

    call_command("import_articles", "--feed", web_server + "/feeds/rss.xml", stdout=out)

    output = out.getvalue()
    assert f"already in the archive: {web_server + MFA_PATH}" in output
    assert "imported 1, duplicates 0" in output
    assert Article.objects.filter(original_url=web_server + KAZINFORM_PATH).exists()


def test_rss_and_atom_helpers_are_feeds(db):
    assert read_feed(rss("http://example.org").encode()).items
    assert read_feed(atom("http://example.org").encode()).items
