"""
The security headers on a response of every kind the archive sends: web pages, feeds, the
sitemap, robots.txt, citation downloads, the API's JSON, CSV, schema and docs, OAI-PMH, the bulk
export, the admin, and its errors (404, 400, 503).

Each kind is asked for over HTTPS (as in production, behind the redirect) by a browser on another
site (an `Origin` header): every answer must carry HSTS, `nosniff`, the referrer policy, frame
denial, the opener policy and the strict Content Security Policy, whatever its content type;
only the API opens itself to other sites (CORS); no public answer sets a cookie; and staff pages
are never stored by a cache.
"""

from dataclasses import dataclass

import pytest

from .site_helpers import ARTICLE_1
from .test_database_unavailable import database_unreachable
from .test_security import assert_strict_policy, csp_directives

OTHER_SITE = "https://elsewhere.example"


@dataclass(frozen=True)
class Kind:
    path: str
    status: int
    content_type: str
    staff: bool = False  # asked for by a signed-in editor
    outage: bool = False  # asked for while the database is unreachable
    download: str = ""  # the file name it is offered under, if any


KINDS = {
    "home": Kind("/", 200, "text/html; charset=utf-8"),
    "list": Kind("/events/", 200, "text/html; charset=utf-8"),
    "article": Kind(f"/articles/{ARTICLE_1}/", 200, "text/html; charset=utf-8"),
    "chart page": Kind("/statistics/trade-turnover/", 200, "text/html; charset=utf-8"),
    "search results": Kind("/articles/?q=senate", 200, "text/html; charset=utf-8"),
    "rss feed": Kind("/feeds/articles/", 200, "application/rss+xml; charset=utf-8"),
    "atom feed": Kind("/feeds/articles/atom/", 200, "application/atom+xml; charset=utf-8"),
    "sitemap": Kind("/sitemap.xml", 200, "application/xml"),
    "robots.txt": Kind("/robots.txt", 200, "text/plain; charset=utf-8"),
    "bibtex": Kind(
        f"/articles/{ARTICLE_1}/cite.bib",
        200,
        "application/x-bibtex; charset=utf-8",
        download=f"{ARTICLE_1}.bib",
    ),
    "csl-json": Kind(
        f"/articles/{ARTICLE_1}/cite.json",
        200,
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        download=f"{ARTICLE_1}.json",
    ),
    "api root": Kind("/api/", 200, "application/json"),
    "api list": Kind("/api/articles/", 200, "application/json"),
    "api detail": Kind(f"/api/articles/{ARTICLE_1}/", 200, "application/json"),
    "api csv": Kind("/api/people/?format=csv", 200, "text/csv; charset=utf-8"),
    "api schema": Kind("/api/schema/", 200, "application/vnd.oai.openapi; charset=utf-8"),
    "api docs": Kind("/api/docs/", 200, "text/html; charset=utf-8"),
    "oai-pmh": Kind("/oai/?verb=Identify", 200, "text/xml; charset=utf-8"),
    "export": Kind("/api/export/", 200, "application/zip", download="kzbe-archive.zip"),
    "admin login": Kind("/admin/login/", 200, "text/html; charset=utf-8"),
    "admin": Kind("/admin/archive/article/", 200, "text/html; charset=utf-8", staff=True),
    "404": Kind("/articles/no-such-article/", 404, "text/html; charset=utf-8"),
    "api 404": Kind("/api/people/no-such-person/", 404, "application/problem+json"),
    "400": Kind("/articles/?year=abc", 400, "text/html; charset=utf-8"),
    "api 400": Kind("/api/articles/?year=abc", 400, "application/problem+json"),
    "503": Kind("/articles/", 503, "text/html; charset=utf-8", outage=True),
    "api 503": Kind("/api/articles/", 503, "application/problem+json", outage=True),
}


def fetch(client, kind):
    headers = {"origin": OTHER_SITE}
    if kind.outage:
        with database_unreachable():
            return client.get(kind.path, secure=True, headers=headers)
    return client.get(kind.path, secure=True, headers=headers)


@pytest.fixture
def ask(client, editor, corpus, request):
    def ask(kind):
        if kind.path == "/api/export/":
            request.getfixturevalue("built_export")
        if kind.staff:
            client.force_login(editor)
        response = fetch(client, kind)
        if response.streaming:
            b"".join(response.streaming_content)  # the test client closes it once read
        return response

    return ask


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_of_response_carries_the_security_headers(ask, name):
    kind = KINDS[name]

    response = ask(kind)

    assert response.status_code == kind.status
    assert response["Content-Type"] == kind.content_type
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert_strict_policy(csp_directives(response))


@pytest.mark.parametrize("name", list(KINDS))
def test_only_the_api_is_open_to_other_sites(ask, name):
    kind = KINDS[name]

    response = ask(kind)

    if kind.path.startswith("/api/"):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
    else:
        assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("name", [name for name, kind in KINDS.items() if not kind.staff])
def test_public_responses_set_no_cookie(ask, name):
    response = ask(KINDS[name])

    if name == "admin login":
        # The login form's CSRF token; nothing else.
        assert set(response.cookies) == {"csrftoken"}
    else:
        assert dict(response.cookies) == {}


@pytest.mark.parametrize("name", [name for name, kind in KINDS.items() if kind.download])
def test_downloads_are_offered_as_files(ask, name):
    kind = KINDS[name]

    response = ask(kind)

    assert response["Content-Disposition"] == f'attachment; filename="{kind.download}"'


@pytest.mark.parametrize("name", ["admin", "admin login"])
def test_admin_pages_are_never_stored_by_a_cache(ask, name):
    response = ask(KINDS[name])

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


@pytest.mark.parametrize("name", ["503", "api 503"])
def test_outage_answers_are_never_stored_by_a_cache(ask, name):
    response = ask(KINDS[name])

    assert response["Cache-Control"] == "no-store"
    assert response["Retry-After"] == "30"
