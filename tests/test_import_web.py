"""Web pages in: fetched safely, read for their main text and their own statements, kept."""

import hashlib
import io
import urllib.request

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.importing import fetching, importer
from archive.importing.fetching import (
    BadScheme,
    FetchTimeout,
    NotHTML,
    PageWillNotLoad,
    RefusedAddress,
    TooLarge,
    TooManyRedirects,
    fetch,
)
from archive.importing.webpages import import_url
from archive.models import Article, ReceivedFile

from .web_pages import KAZINFORM

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:archive_article_import")
KAZINFORM_PATH = "/kazinform/belgian-senate-delegation-visits-astana"


def stored_originals():
    """Every file in the originals storage, by name."""
    storage = ReceivedFile.file.field.storage
    found = []
    folders, files = storage.listdir("") if storage.exists("") else ([], [])
    found += files
    for folder in folders:
        found += [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
    return set(found)


# --- The fetcher -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1/admin/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8000/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
def test_it_refuses_addresses_inside_the_network(settings, url):
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(RefusedAddress, match="inside a network"):
        fetch(url)


def test_it_refuses_a_host_when_any_of_its_addresses_is_inside(settings, monkeypatch):
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    answers = [
        (2, 1, 6, "", ("93.184.216.34", 80)),
        (2, 1, 6, "", ("127.0.0.1", 80)),
    ]
    monkeypatch.setattr(fetching.socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(RefusedAddress, match=r"127\.0\.0\.1"):
        fetch("http://news.example/")


def test_it_connects_to_the_address_it_checked(settings, monkeypatch, web_server):
    """A name resolved once: a second, different answer (DNS rebinding) is never asked for."""
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    port = int(web_server.rsplit(":", 1)[1])
    calls = []

    def resolve(host, *args, **kwargs):
        calls.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", resolve)
    fetched = fetch(f"http://kazinform.example:{port}{KAZINFORM_PATH}")
    # Resolved once by name; the connection is made to the address checked.
    assert calls == ["kazinform.example", "127.0.0.1"]
    assert fetched.data == KAZINFORM.encode()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/page.html", "gopher://x"])
def test_it_refuses_other_schemes(url):
    with pytest.raises(BadScheme, match="only http:// and https://"):
        fetch(url)


def test_it_refuses_a_redirect_into_the_network(settings, monkeypatch, web_server):
    """The tests' own server is allowed, as a public one would be; the redirect's target is not."""
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    allowed = fetching.is_refused
    monkeypatch.setattr(fetching, "is_refused", lambda a: a != "127.0.0.1" and allowed(a))
    assert fetch(web_server + KAZINFORM_PATH).data == KAZINFORM.encode()
    with pytest.raises(RefusedAddress, match=r"169\.254\.169\.254"):
        fetch(web_server + "/redirect-to-metadata")


@pytest.mark.usefixtures("private_addresses_allowed")
@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/missing", PageWillNotLoad, "answered 404 Not Found"),
        ("/broken", PageWillNotLoad, "answered 500 Internal Server Error"),
        ("/slow", FetchTimeout, "did not answer in full within 1 second"),
        ("/data.json", NotHTML, "the server sent application/json, not HTML"),
        ("/loop", TooManyRedirects, "more than 5"),
    ],
)
def test_a_page_that_cannot_be_fetched_says_why(web_server, path, error, message):
    with pytest.raises(error, match=message):
        fetch(web_server + path)


@pytest.mark.usefixtures("private_addresses_allowed")
@pytest.mark.parametrize("path", ["/huge", "/huge-unannounced"])
def test_a_page_over_the_limit_is_refused(settings, web_server, path):
    settings.IMPORT_MAX_FILE_BYTES = 100_000
    with pytest.raises(TooLarge, match="the limit is 100,000 bytes"):
        fetch(web_server + path)


def test_an_unreachable_host_is_named(settings):
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(PageWillNotLoad, match="was not found"):
        fetch("http://no-such-host.invalid/")


# --- Importing pages ---------------------------------------------------------------------------


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_kazinform_page_is_imported_with_its_own_statements_and_kept_verbatim(corpus, web_server):
    result = import_url(web_server + KAZINFORM_PATH)

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    article = result.article
    assert article.status == Article.Status.DRAFT
    # og:title wins over the JSON-LD headline; og's date over JSON-LD's.
    assert article.title == "Belgian Senate delegation visits Astana"
    assert (article.date_edtf, str(article.published_time)) == ("2023-03-02", "10:15:00")
    assert article.dateline == "ASTANA. KAZINFORM –"
    assert article.authorships.get().person.slug == "tatyana-kudrenok"
    assert article.original_url == web_server + KAZINFORM_PATH
    assert article.body.startswith("Roman Vassilenko met a delegation of the Belgian Senate")
    for chrome in ("Politics", "Most read", "All rights reserved", "Weather in Almaty"):
        assert chrome not in article.raw_text
    assert result.provenance == {
        "text": "trafilatura main text",
        "title": "og:title",
        "date": "og:article:published_time (2023-03-02T10:15:00+06:00)",
        "authors": "JSON-LD author",
    }
    assert "title from og:title" in article.editorial_note
    assert "not checked by an editor" in article.editorial_note
    assert result.flags == []

    received = article.received_files.get()
    assert received.file.read() == KAZINFORM.encode()
    assert received.sha256 == hashlib.sha256(KAZINFORM.encode()).hexdigest()
    assert (received.media_type, received.size) == ("text/html", len(KAZINFORM.encode()))
    assert received.url == web_server + KAZINFORM_PATH
    assert received.fetched_at is not None
    assert received.provenance["title"] == "og:title"


@pytest.mark.usefixtures("private_addresses_allowed")
def test_an_mfa_press_release_takes_its_date_from_its_time_element(corpus, web_server):
    result = import_url(web_server + "/mfa/press/political-consultations")

    article = result.article
    assert article.title == "Kazakhstan and Belgium hold political consultations"
    assert article.date_edtf == "2021-10-17"
    assert result.provenance["title"] == "<h1>"
    assert result.provenance["date"] == "<time datetime> (2021-10-17)"
    assert "no dateline" in result.flags
    assert "Contacts" not in article.raw_text


@pytest.mark.usefixtures("private_addresses_allowed")
def test_belgian_pages_in_french_and_dutch_keep_their_language_and_missing_parts(
    corpus, web_server
):
    french = import_url(web_server + "/diplomatie/fr/communique-kazakhstan").article
    dutch_result = import_url(web_server + "/diplomatie/nl/persbericht-kazachstan")
    dutch = dutch_result.article

    assert (french.language, french.title) == ("fr", "Visite d’une délégation kazakhe à Bruxelles")
    assert (french.dateline, french.date_edtf) == ("Bruxelles, le 17 octobre 2021", "2021-10-17")
    assert dutch.language == "nl"
    # The Dutch page states no date: none is made up, and the editor is told.
    assert dutch.date_edtf == ""
    assert "no date" in dutch_result.flags
    assert "date" not in dutch_result.provenance


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_redirected_page_is_kept_under_its_final_address(corpus, web_server):
    article = import_url(web_server + "/moved").article

    assert article.original_url == web_server + KAZINFORM_PATH
    received = article.received_files.get()
    assert (received.requested_url, received.url) == (
        web_server + "/moved",
        web_server + KAZINFORM_PATH,
    )


@pytest.mark.usefixtures("private_addresses_allowed")
def test_the_same_page_twice_is_a_duplicate_with_one_file(corpus, web_server):
    import_url(web_server + KAZINFORM_PATH)
    again = import_url(web_server + KAZINFORM_PATH)

    assert again.outcome == importer.Outcome.DUPLICATE
    assert ReceivedFile.objects.count() == 1


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_failed_fetch_leaves_nothing_behind(corpus, web_server):
    articles, before = Article.objects.count(), stored_originals()

    result = import_url(web_server + "/broken")

    assert result.outcome == importer.Outcome.FAILED
    assert Article.objects.count() == articles and not ReceivedFile.objects.exists()
    assert stored_originals() == before


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_failure_after_the_file_is_stored_takes_the_file_away(corpus, web_server, monkeypatch):
    articles, before = Article.objects.count(), stored_originals()

    def fail(*args, **kwargs):
        raise RuntimeError("the suggestion index broke")

    monkeypatch.setattr(importer, "suggest_for_article", fail)
    result = import_url(web_server + KAZINFORM_PATH)

    assert result.outcome == importer.Outcome.FAILED
    assert "the suggestion index broke" in result.message
    assert Article.objects.count() == articles and not ReceivedFile.objects.exists()
    assert stored_originals() == before


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_dry_run_stores_nothing(corpus, web_server):
    before = stored_originals()
    result = import_url(web_server + KAZINFORM_PATH, dry_run=True)

    assert result.outcome == importer.Outcome.WOULD_IMPORT
    assert result.article.title == "Belgian Senate delegation visits Astana"
    assert not ReceivedFile.objects.exists() and stored_originals() == before


def test_a_page_without_main_text_is_refused_by_name(corpus):
    result = importer_page(
        b"<html><head><title>Home</title></head><body></body></html>", "empty.html"
    )
    assert (result.outcome, result.message) == ("failed", "no main text found in the page")
    result = importer_page(b"\x00\x01PK binary", "archive.html")
    assert result.outcome == "failed" and "not a web page" in result.message


def importer_page(data, name):
    from archive.importing.webpages import import_page

    return import_page(data, name)


# --- The admin and the command -----------------------------------------------------------------


@pytest.mark.usefixtures("private_addresses_allowed")
def test_an_editor_imports_a_page_by_its_address_and_sees_where_values_came_from(
    corpus, editor_client, web_server
):
    response = editor_client.post(IMPORT_URL, {"url": web_server + KAZINFORM_PATH})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Imported 1, duplicates 0, flagged 0, failed 0" in page
    assert "title: og:title" in page
    assert "text: trafilatura main text" in page
    assert Article.objects.get(original_url=web_server + KAZINFORM_PATH).received_files.exists()


def test_an_editor_uploads_a_saved_page(corpus, editor_client):
    upload = SimpleUploadedFile("kazinform.html", KAZINFORM.encode(), content_type="text/html")
    response = editor_client.post(IMPORT_URL, {"files": [upload]})

    assert "Imported 1, duplicates 0, flagged 0, failed 0" in response.content.decode()
    article = Article.objects.get(original_filename="kazinform.html")
    assert article.title == "Belgian Senate delegation visits Astana"
    assert article.original_url == ""
    received = article.received_files.get()
    assert (received.original_name, received.url, received.fetched_at) == (
        "kazinform.html",
        "",
        None,
    )
    assert "Imported from the uploaded web page kazinform.html" in article.editorial_note


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_page_that_cannot_be_fetched_is_reported_in_the_summary(
    corpus, editor_client, web_server
):
    response = editor_client.post(IMPORT_URL, {"url": web_server + "/missing"})
    assert "the server answered 404 Not Found" in response.content.decode()
    assert "failed 1" in response.content.decode()


def test_a_user_who_may_not_add_articles_cannot_import_a_page(client, plain_staff):
    client.force_login(plain_staff)
    assert client.post(IMPORT_URL, {"url": "http://127.0.0.1/"}).status_code == 403


@pytest.fixture
def imported_page(corpus):
    return importer_page(KAZINFORM.encode(), "kazinform.html").article.received_files.get()


def test_staff_download_the_original_as_an_attachment(editor_client, imported_page):
    url = imported_page.get_absolute_url()
    response = editor_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == KAZINFORM.encode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="kazinform.html"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"


def test_the_change_form_links_the_original(editor_client, imported_page):
    change = reverse("admin:archive_article_change", args=(imported_page.article_id,))
    page = editor_client.get(change).content.decode()
    assert imported_page.get_absolute_url() in page


def test_anonymous_visitors_and_non_staff_users_cannot_download_an_original(client, imported_page):
    url = imported_page.get_absolute_url()
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(User.objects.create_user("reader", password="reader-password"))
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_staff_member_without_view_permission_cannot_download_an_original(
    client, plain_staff, imported_page
):
    client.force_login(plain_staff)
    assert client.get(imported_page.get_absolute_url()).status_code == 403


@pytest.mark.usefixtures("private_addresses_allowed")
def test_the_command_imports_addresses_and_saved_pages(corpus, web_server, tmp_path):
    saved = tmp_path / "release.html"
    saved.write_bytes(
        urllib.request.urlopen(web_server + "/mfa/press/political-consultations").read()
    )
    out = io.StringIO()

    call_command("import_articles", web_server + KAZINFORM_PATH, str(saved), stdout=out)

    output = out.getvalue()
    assert "imported: release.html — Kazakhstan and Belgium hold political consultations" in output
    assert "imported: belgian-senate-delegation-visits-astana" in output
    assert "title from: og:title" in output
    assert ReceivedFile.objects.count() == 2
