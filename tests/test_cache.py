"""
The page cache (archive/cache.py): anonymous visitors get kept pages, editors never do, and no
change an editor makes leaves a stale page or API response behind.

Tests run inside a transaction that is never committed, so the generation renewal that a real
commit triggers is run by `django_capture_on_commit_callbacks(execute=True)` around each change
(`with committed():`). Changes made outside such a block count as one transaction still open.
"""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from archive import cache, merging, workflow
from archive.importing.importer import import_text
from archive.models import Article, Person, PersonMention, Topic
from archive.website import pages

from .admin_forms import change_form_data, post_confirmed
from .processes import run_in_project
from .site_helpers import ARTICLE_0, ARTICLE_1

ARTICLE_URL = f"/articles/{ARTICLE_0}/"
API_ARTICLE_URL = f"/api/articles/{ARTICLE_0}/"
PRESS_TEXT = b" date 2023-05-04 Belgian mission in Almaty\n\nALMATY. KAZINFORM - It met."


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, as in production, and empty."""
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would run (the generation renewal) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def served_from_cache(client, url, django_assert_num_queries, **extra):
    with django_assert_num_queries(0):
        return client.get(url, **extra)


# --- What is kept, and for whom ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/articles/?q=cooperation", ARTICLE_URL, "/api/articles/", API_ARTICLE_URL]
)
def test_a_second_anonymous_visit_is_answered_from_the_cache_without_queries(
    page_cache, corpus, anonymous, url, django_assert_num_queries
):
    first = anonymous.get(url)
    second = served_from_cache(anonymous, url, django_assert_num_queries)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content


def test_a_kept_page_keeps_its_headers_and_gets_security_headers_afresh(
    page_cache, corpus, anonymous, django_assert_num_queries
):
    first = anonymous.get("/api/articles/", HTTP_ORIGIN="https://elsewhere.example")
    second = served_from_cache(
        anonymous,
        "/api/articles/",
        django_assert_num_queries,
        HTTP_ORIGIN="https://elsewhere.example",
    )

    for header in (
        "Content-Security-Policy",
        "Vary",
        "ETag",
        "Content-Type",
        "Content-Language",
        "Access-Control-Allow-Origin",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Link",
    ):
        assert second.get(header) == first.get(header), header
    assert "Accept" in second["Vary"] and "origin" in second["Vary"].lower()


def test_a_changed_security_policy_applies_to_kept_pages_too(
    page_cache, corpus, anonymous, settings, django_assert_num_queries
):
    anonymous.get("/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}

    response = served_from_cache(anonymous, "/", django_assert_num_queries)

    assert response["Content-Security-Policy"] == "default-src 'self'"


def test_a_matching_etag_gets_a_304_from_the_cache(
    page_cache, corpus, anonymous, django_assert_num_queries
):
    etag = anonymous.get("/api/articles/")["ETag"]

    response = served_from_cache(
        anonymous, "/api/articles/", django_assert_num_queries, HTTP_IF_NONE_MATCH=etag
    )

    assert response.status_code == 304
    assert response.content == b""


def test_the_api_answers_csv_and_json_from_the_same_address_apart(
    page_cache, corpus, anonymous, django_assert_num_queries
):
    json_response = anonymous.get("/api/articles/")
    csv_response = anonymous.get("/api/articles/", HTTP_ACCEPT="text/csv")
    again = served_from_cache(
        anonymous, "/api/articles/", django_assert_num_queries, HTTP_ACCEPT="text/csv"
    )

    assert json_response["Content-Type"] == "application/json"
    assert csv_response["Content-Type"].startswith("text/csv")
    assert again.content == csv_response.content


def test_an_editor_never_gets_a_kept_page_and_never_leaves_one(
    page_cache, corpus, anonymous, editor_client, django_assert_max_num_queries
):
    # The editor comes first: nothing they see is kept for the visitor after them...
    editor_client.get(ARTICLE_URL)
    with django_assert_max_num_queries(20) as queries:
        anonymous.get(ARTICLE_URL)
    assert len(queries) > 0
    # ...and a page kept for visitors is never what an editor is shown.
    with django_assert_max_num_queries(30) as queries:
        assert editor_client.get(ARTICLE_URL).status_code == 200
    assert len(queries) > 0


def test_only_successful_gets_are_kept(
    page_cache, corpus, anonymous, django_assert_max_num_queries
):
    for _ in range(2):
        with django_assert_max_num_queries(10) as queries:
            assert anonymous.get("/articles/no-such-article/").status_code == 404
        assert len(queries) > 0
    for _ in range(2):
        with django_assert_max_num_queries(10) as queries:
            assert anonymous.get("/articles/?person=nobody").status_code == 400
        assert len(queries) > 0


def test_a_response_that_sets_a_cookie_is_not_kept(
    page_cache, corpus, anonymous, monkeypatch, django_assert_max_num_queries
):
    def with_cookie(self, request, *args, **kwargs):
        Article.objects.count()
        response = HttpResponse("hello")
        response.set_cookie("preference", "1")
        return response

    monkeypatch.setattr(pages.HomeView, "get", with_cookie)
    for _ in range(2):
        with django_assert_max_num_queries(1) as queries:
            assert anonymous.get("/").cookies["preference"].value == "1"
        assert len(queries) == 1


def test_oai_is_never_kept(page_cache, corpus, anonymous, django_assert_max_num_queries):
    for _ in range(2):
        with django_assert_max_num_queries(100) as queries:
            assert anonymous.get("/oai/?verb=Identify").status_code == 200
        assert len(queries) > 0


def test_the_bulk_export_is_never_kept(page_cache, built_export, anonymous):
    """The file on disk is the one truth: a new build is served at once."""
    before = anonymous.get("/api/export/")
    b"".join(before.streaming_content)
    call_command("build_export", "--force", stdout=io.StringIO())

    after = anonymous.get("/api/export/")

    assert after.streaming
    assert after["ETag"] != before["ETag"]


def test_nothing_is_kept_when_the_cache_is_off(
    corpus, anonymous, settings, django_assert_max_num_queries
):
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    anonymous.get("/")
    with django_assert_max_num_queries(20) as queries:
        anonymous.get("/")
    assert len(queries) > 0


# --- What one client can add -------------------------------------------------------------------


def kept_entries():
    # The suite's page cache is Django's memory cache, whose entries sit in one dict.
    return len(caches["default"]._cache)


def test_junk_query_strings_add_no_entries(page_cache, corpus, anonymous):
    anonymous.get("/articles/")

    for number in range(30):
        assert anonymous.get(f"/articles/?utm_source=junk-{number}").status_code == 200
        # The API refuses a parameter it does not read (and keeps no copy of the refusal).
        assert anonymous.get(f"/api/articles/?junk={number}").status_code == 400
        assert anonymous.get(f"{ARTICLE_URL}?page={number}").status_code == 200

    assert kept_entries() == 1


def test_known_parameters_in_any_order_share_one_entry(
    page_cache, corpus, anonymous, django_assert_num_queries
):
    first = anonymous.get("/articles/?year=2021&topic=trade-and-investment")
    second = served_from_cache(
        anonymous, "/articles/?topic=trade-and-investment&year=2021", django_assert_num_queries
    )

    assert second.content == first.content
    assert kept_entries() == 1


def test_other_ports_and_unknown_hosts_add_no_entries(page_cache, corpus, anonymous):
    anonymous.get("/articles/", HTTP_HOST="localhost")

    for number in range(30):
        response = anonymous.get("/articles/", HTTP_HOST=f"localhost:{1000 + number}")
        assert response.status_code == 200
        assert f"//localhost:{1000 + number}/" in response.content.decode()
    assert anonymous.get("/articles/", HTTP_HOST="LOCALHOST").status_code == 200
    assert anonymous.get("/articles/", HTTP_HOST="elsewhere.example").status_code == 400

    assert kept_entries() == 1


def test_any_number_of_origins_share_one_entry(page_cache, corpus, anonymous):
    anonymous.get("/api/articles/")

    for number in range(30):
        response = anonymous.get("/api/articles/", HTTP_ORIGIN=f"https://site-{number}.example")
        assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in anonymous.get("/api/articles/")

    assert kept_entries() == 2  # without an Origin, and with one


def test_unusual_accept_headers_add_no_entries(page_cache, corpus, anonymous):
    for number in range(30):
        response = anonymous.get(
            "/api/articles/", HTTP_ACCEPT=f"application/json; indent={number % 8}"
        )
        assert response.status_code == 200

    assert kept_entries() == 0


# --- No stale page after a change --------------------------------------------------------------


def test_publishing_shows_at_once_on_the_website_and_in_the_api(
    page_cache, corpus, anonymous, editor, publisher_client, committed
):
    with committed():
        draft = import_text(PRESS_TEXT, "mission.txt").article
        workflow.change_status(draft, Article.Status.IN_REVIEW, editor)
    before = {url: anonymous.get(url) for url in ("/", "/articles/", "/api/articles/")}
    assert all(b"Belgian mission in Almaty" not in page.content for page in before.values())

    with committed():
        post_confirmed(
            publisher_client,
            reverse("admin:archive_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk], "confirm": "yes"},
        )

    for url in ("/", "/articles/", "/api/articles/", f"/api/articles/{draft.slug}/"):
        assert b"Belgian mission in Almaty" in anonymous.get(url).content, url


def test_withdrawing_hides_the_article_at_once(page_cache, corpus, anonymous, publisher, committed):
    article = Article.objects.get(slug=ARTICLE_0)
    assert anonymous.get(ARTICLE_URL).status_code == 200
    assert anonymous.get(API_ARTICLE_URL).status_code == 200

    with committed():
        workflow.change_status(article, Article.Status.WITHDRAWN, publisher)

    assert anonymous.get(ARTICLE_URL).status_code == 404
    assert anonymous.get(API_ARTICLE_URL).status_code == 404


def test_an_edit_in_the_admin_shows_at_once(
    page_cache, corpus, anonymous, editor_client, committed
):
    person = Person.objects.get(slug="tim-vandenput")
    assert b"Open Vld veteran" not in anonymous.get("/people/tim-vandenput/").content
    anonymous.get("/api/people/tim-vandenput/")
    url = reverse("admin:archive_person_change", args=(person.pk,))

    with committed():
        editor_client.post(
            url,
            change_form_data(
                editor_client,
                url,
                description="Open Vld veteran",
                correction_reason="His party was missing.",
            ),
        )

    assert b"Open Vld veteran" in anonymous.get("/people/tim-vandenput/").content
    assert b"Open Vld veteran" in anonymous.get("/api/people/tim-vandenput/").content


def test_a_change_to_a_many_to_many_link_shows_at_once(page_cache, corpus, anonymous, committed):
    with committed():
        topic = Topic.objects.create(name="Mountaineering", slug="mountaineering")
    assert b"Mountaineering" not in anonymous.get(ARTICLE_URL).content

    with committed():
        Article.objects.get(slug=ARTICLE_0).topics.add(topic)

    assert b"Mountaineering" in anonymous.get(ARTICLE_URL).content


def test_a_merge_shows_at_once(page_cache, corpus, anonymous, editor, committed):
    survivor = Person.objects.get(slug="margulan-baimukhan")
    with committed():
        duplicate = Person.objects.create(
            name="M. Baimukhan", sort_name="Baimukhan, M.", slug="m-b"
        )
        PersonMention.objects.create(
            article=Article.objects.get(slug=ARTICLE_1), person=duplicate, surface_forms=[]
        )
    assert anonymous.get("/people/m-b/").status_code == 200
    assert b'href="/people/m-b/"' in anonymous.get("/people/").content

    with committed():
        merging.merge(survivor, [duplicate], editor)

    assert anonymous.get("/people/m-b/").status_code == 301
    assert b'href="/people/m-b/"' not in anonymous.get("/people/").content


def test_reverting_to_an_earlier_version_shows_at_once(
    page_cache, corpus, anonymous, editor_client, committed
):
    person = Person.objects.get(slug="tim-vandenput")
    url = reverse("admin:archive_person_change", args=(person.pk,))
    with committed():
        editor_client.post(
            url,
            change_form_data(
                editor_client, url, name="Tim Vandenputt", correction_reason="Spelling."
            ),
        )
    assert b"Tim Vandenputt" in anonymous.get("/people/tim-vandenput/").content
    before = Version.objects.get_for_object(person).order_by("pk").first()
    revision_url = reverse("admin:archive_person_revision", args=(person.pk, before.pk))

    with committed():
        editor_client.post(revision_url, change_form_data(editor_client, revision_url))

    assert b"Tim Vandenputt" not in anonymous.get("/people/tim-vandenput/").content


def test_an_import_renews_the_generation(page_cache, corpus, committed):
    old = cache.generation()

    with committed():
        import_text(PRESS_TEXT, "mission.txt")

    assert cache.generation() != old


def test_a_change_renews_the_generation_once_and_only_when_it_commits(
    corpus, committed, monkeypatch
):
    old = cache.generation()
    renewals = []
    renew = cache.renew_generation
    monkeypatch.setattr(cache, "renew_generation", lambda: renewals.append(renew()))
    with committed(), transaction.atomic():
        for person in Person.objects.all()[:3]:
            person.save()
        assert cache.generation() == old  # a page built now, with the old data, stays old
    assert len(renewals) == 1
    assert cache.generation() != old


def test_a_rolled_back_change_does_not_stop_the_next_one_renewing(corpus, committed):
    old = cache.generation()
    with committed():
        try:
            with transaction.atomic():
                Person.objects.first().save()
                raise RuntimeError("abandoned")
        except RuntimeError:
            pass
        with transaction.atomic():
            Person.objects.first().save()
    assert cache.generation() != old


def test_a_change_made_by_another_process_reaches_this_one(
    page_cache, corpus, anonymous, django_assert_max_num_queries
):
    anonymous.get("/")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    code = "import django; django.setup(); from archive import cache; cache.renew_generation()"
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=60,
    )

    with django_assert_max_num_queries(20) as queries:
        anonymous.get("/")
    assert len(queries) > 0


# --- API rate limits count kept responses too --------------------------------------------------


def test_the_api_rate_limit_counts_requests_served_from_the_cache(
    page_cache, corpus, anonymous, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    statuses = [anonymous.get("/api/articles/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = anonymous.get("/api/articles/")
    assert response.status_code == 429
    assert "Too many requests" in response.json()["detail"]


# --- Settings ----------------------------------------------------------------------------------


def cache_settings_in_process(**env):
    code = (
        "from kzbe_site import settings as s; "
        "print(s.CACHES['default']['BACKEND']); print(s.CACHES['default'].get('LOCATION')); "
        "print(s.CACHES['generation']['BACKEND']); print(s.CACHE_MIDDLEWARE_SECONDS)"
    )
    result = run_in_project(["-c", code], DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[:4]


def test_redis_holds_the_pages_and_the_generation_when_redis_url_is_set():
    assert cache_settings_in_process(REDIS_URL="redis://cache.example:6379/2") == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example:6379/2",
        "django.core.cache.backends.redis.RedisCache",
        "600",
    ]


def test_without_redis_pages_stay_in_memory_and_the_generation_in_a_file():
    backend, _location, generation_backend, seconds = cache_settings_in_process(
        DJANGO_PAGE_CACHE_SECONDS="60"
    )
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert generation_backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert seconds == "60"


# --- Counts remembered until the data changes -------------------------------------------------


@pytest.fixture
def remembered_counts(settings):
    """Counts and facets remembered (as in production), with no page cache in the way."""
    settings.AGGREGATE_CACHE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_counts_and_facets_are_counted_once_per_change(
    remembered_counts, corpus, editor, publisher, committed, django_assert_max_num_queries
):
    client = Client()
    first = client.get("/articles/")
    assert "5 articles" in first.content.decode()
    # The count and the five facets are remembered: only the page of articles and its topics.
    with django_assert_max_num_queries(2):
        client.get("/articles/")

    with committed():
        draft = import_text(PRESS_TEXT, "mission.txt").article
        workflow.change_status(draft, Article.Status.IN_REVIEW, editor)
        workflow.change_status(draft, Article.Status.PUBLISHED, publisher)

    page = client.get("/articles/").content.decode()
    assert "6 articles" in page
    assert "6 articles · " in client.get("/").content.decode()
    # The new article's year is offered as a facet, with its count.
    assert "?year=2023" in page
