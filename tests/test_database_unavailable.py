"""
When the database cannot be reached the site says so with a 503 page in its design (the API
with a JSON error), never a 500 or a traceback, and comes back by itself when the database does.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import ProgrammingError, connections
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

import kzbe_site.urls
from archive.models import Article


@contextmanager
def database_unreachable(message="connection to server at 10.0.0.5 failed: Connection refused"):
    """Every new query fails as it does when the server is down or the network is cut."""
    with mock.patch.object(
        connections["default"], "ensure_connection", side_effect=OperationalError(message)
    ):
        yield


# Views that exist only for these tests, beside the real site (see `pytest.mark.urls`).


def remember_a_choice(request):
    """Writes to the session; the database is only needed when the session is saved."""
    request.session["reading_list"] = ["kazakhstani-belgian-mps"]
    return HttpResponse("noted")


def count_articles(request):
    return HttpResponse(str(Article.objects.count()))


def broken_query(request):
    raise ProgrammingError('relation "archive_missing" does not exist')


def broken_view(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("api/probe/articles/", count_articles),
    path("probe/remember/", remember_a_choice),
    path("probe/broken-query/", broken_query),
    path("probe/broken-view/", broken_view),
    *kzbe_site.urls.urlpatterns,
]


def assert_outage_page(response):
    assert response.status_code == 503
    page = response.content.decode()
    assert "The archive is temporarily unavailable" in page
    # In the site's design: base.html's header and its link home.
    assert '<header class="site-header">' in page
    assert "Kazakhstan–Belgium Relations Archive" in page
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    # The security headers still apply: their middleware sits above this one.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_site_answers_503_while_the_database_is_down_and_recovers(client, corpus):
    assert client.get("/articles/").status_code == 200
    with database_unreachable():
        assert_outage_page(client.get("/articles/"))
        assert_outage_page(client.get("/people/"))
    assert client.get("/articles/").status_code == 200


@pytest.mark.django_db
def test_the_outage_page_needs_no_database(client, corpus, django_assert_num_queries):
    with django_assert_num_queries(0), database_unreachable():
        response = client.get("/articles/")
    assert_outage_page(response)


@pytest.mark.django_db
def test_an_editor_gets_the_503_page_when_sessions_cannot_be_read(editor_client, corpus):
    with database_unreachable():
        assert_outage_page(editor_client.get("/admin/archive/article/"))
    assert editor_client.get("/admin/archive/article/").status_code == 200


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_api_answers_with_a_json_error(client, corpus):
    with database_unreachable():
        response = client.get("/api/probe/articles/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "The archive's database is unavailable. Please try again shortly.",
    }
    assert response["Retry-After"] == "30"
    assert client.get("/api/probe/articles/").content == b"5"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_session_that_cannot_be_saved_gives_503_too():
    """The failure happens in the session middleware, after the view has answered."""
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get("/probe/remember/")
    assert_outage_page(response)
    assert client.get("/probe/remember/").content == b"noted"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/probe/broken-query/", "/probe/broken-view/"])
def test_a_programming_error_stays_a_500(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500


@pytest.mark.django_db
def test_a_missing_table_on_sqlite_is_a_bug_not_an_outage(client, corpus):
    """SQLite reports a missing table as OperationalError; it must not pass for an outage."""
    from archive.middleware import is_database_unavailable

    assert not is_database_unavailable(OperationalError("no such table: archive_article"))
    assert is_database_unavailable(OperationalError("unable to open database file"))
    assert is_database_unavailable(OperationalError("database is locked"))
    assert is_database_unavailable(OperationalError("server closed the connection unexpectedly"))


@pytest.mark.django_db
def test_the_outage_page_survives_a_broken_template(client, corpus):
    with (
        database_unreachable(),
        mock.patch("archive.middleware.render_to_string", side_effect=RuntimeError("broken")),
    ):
        response = client.get("/articles/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


# --- A real server losing its database file, and getting it back, without a restart ----------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_running_server_recovers_when_its_database_returns(tmp_path):
    database_dir = tmp_path / "database"
    database_dir.mkdir()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "kzbe_site.settings",
        "DJANGO_SECRET_KEY": "server-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # A new connection for every request, as after a dropped PostgreSQL connection.
        "DJANGO_CONN_MAX_AGE": "0",
        "DATABASE_URL": f"sqlite:///{database_dir / 'archive.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        # Every request must reach the database, not the page cache.
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_corpus", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            manage + command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True
        )
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page = fetch(base + "/articles/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200

        shutil.move(database_dir, tmp_path / "elsewhere")
        status, page = fetch(base + "/articles/")
        assert status == 503
        assert "The archive is temporarily unavailable" in page

        shutil.move(tmp_path / "elsewhere", database_dir)
        status, page = fetch(base + "/articles/")
        assert status == 200
        assert "Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
