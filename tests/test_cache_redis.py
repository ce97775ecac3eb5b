"""
The page cache on a real Redis (Debian's redis-server, started here on a free loopback port),
as it runs when REDIS_URL is set: pages and their generation shared by every process.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client

from archive import cache, workflow
from archive.models import Article

from .processes import run_in_project
from .site_helpers import ARTICLE_0

REDIS_SERVER = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="needs Debian's redis-server (.ci/run installs it)"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_page_cache(settings, redis_url):
    # What kzbe_site/settings.py configures when REDIS_URL is set.
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "kzbe",
    }
    settings.CACHES = {"default": redis, "generation": redis}
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_pages_are_kept_in_redis_and_dropped_when_an_article_is_withdrawn(
    redis_page_cache,
    corpus,
    publisher,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    visitor = Client()
    url = f"/articles/{ARTICLE_0}/"
    first = visitor.get(url)
    with django_assert_num_queries(0):
        second = visitor.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert caches["default"].get(cache.GENERATION_KEY) == cache.generation()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.change_status(
            Article.objects.get(slug=ARTICLE_0), Article.Status.WITHDRAWN, publisher
        )

    assert visitor.get(url).status_code == 404
    assert Client().get(f"/api/articles/{ARTICLE_0}/").status_code == 404


def test_a_generation_renewed_by_another_process_is_seen_here(
    redis_page_cache, redis_url, tmp_path
):
    seen = cache.generation()
    code = (
        "import django; django.setup(); from archive import cache; "
        "cache.renew_generation(); print(cache.generation())"
    )
    result = run_in_project(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="kzbe_site.settings",
        DJANGO_DEBUG="1",
        REDIS_URL=redis_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    renewed = result.stdout.strip()
    assert cache.generation() == renewed != seen
