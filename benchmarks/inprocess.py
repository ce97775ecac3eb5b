"""
Server time through the full Django stack, in one process: every request goes through the
project's whole middleware chain and view (django.test.Client calls the same handler a WSGI
server would, minus the socket), with production settings (see benchmarks.run for the
environment). Run by benchmarks.run once per database; writes its figures as JSON.

    python -m benchmarks.inprocess --repeat 30 --output figures.json

For each address: a few warm-up requests (the first one's time is kept: it may have to compute
what the aggregate cache then remembers), one request under CaptureQueriesContext for the
query count, then `--repeat` timed rounds over all addresses in turn (so that a slow moment of
the machine is spread over every address rather than landing on one). First with the page cache
off (every request does its real work), then with it on (every timed request a cache hit).
The aggregate cache (counts and facets remembered until the data changes) stays at its
production default, on, in both.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

WARM_UP = 3
# gunicorn.conf.py's worker timeout: a request still running then would be killed in production,
# so here its query is interrupted and the address is reported as failing, not measured.
REQUEST_LIMIT_S = 30
COMMON_WORD = "cooperation"  # in most synthetic articles' stock phrases
SEARCH_YEAR, SEARCH_TOPIC = 2015, "energy"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(seconds):
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "min_ms": min(seconds) * 1000,
        "max_ms": max(seconds) * 1000,
        "samples": len(seconds),
    }


def fetch(client, url):
    """One GET, its body read in full (WhiteNoise answers with a streamed file)."""
    response = client.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content)
        response.close()
    else:
        body = response.content
    return response.status_code, body


def fetch_within_limit(client, url):
    """fetch(), with the database query running at REQUEST_LIMIT_S interrupted."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    # SQLite's interrupt() and psycopg's cancel() both stop the running statement.
    stop = raw.interrupt if connection.vendor == "sqlite" else raw.cancel
    watchdog = threading.Timer(REQUEST_LIMIT_S, stop)
    watchdog.start()
    try:
        return fetch(client, url)
    finally:
        watchdog.cancel()


def rare_word(seed):
    """A word of the synthetic vocabulary's long tail that some published article uses."""
    from django.db import connection

    from archive import search
    from archive.models import Article
    from benchmarks.synthetic import Generator

    vocabulary = Generator(seed).vocabulary
    for word in reversed(vocabulary):
        matching = search.search_articles(Article.objects.published(), word)
        if connection.vendor == "sqlite":
            matching = matching.order_by()  # no ranking needed just to know it matches
        if matching.exists():
            return word
    return vocabulary[-1]


def discover(seed):
    """The records the addresses point at, chosen the same way at every size and engine."""
    from django.db.models import Count

    from archive.models import Article, Person, PersonMention, Place, PlaceMention

    published = Article.objects.published()
    total = published.count()
    middle_id = (Article.objects.order_by("-id").values_list("id", flat=True).first() or 0) // 2
    article = published.filter(id__gte=middle_id).order_by("id").first()
    person_id = (
        PersonMention.objects.filter(article__status=Article.Status.PUBLISHED)
        .values("person")
        .annotate(mentions=Count("pk"))
        .order_by("-mentions", "person")
        .values_list("person", flat=True)
        .first()
    )
    place_id = (
        PlaceMention.objects.values("place")
        .annotate(mentions=Count("pk"))
        .order_by("-mentions", "place")
        .values_list("place", flat=True)
        .first()
    )
    place = Place.objects.get(pk=place_id)
    return {
        "published_articles": total,
        "last_page": max(1, -(-total // 20)),
        "article_slug": article.slug,
        "article_id": article.pk,
        "person_slug": Person.objects.get(pk=person_id).slug,
        "person_mentions": PersonMention.objects.filter(
            person_id=person_id, article__status=Article.Status.PUBLISHED
        ).count(),
        "place_slug": place.slug,
        "place_id": place.pk,
        "common_word": COMMON_WORD,
        "rare_word": rare_word(seed),
        "year": SEARCH_YEAR,
        "topic": SEARCH_TOPIC,
    }


def addresses(found):
    """
    (kind, name, url) for everything measured; the kind decides which targets apply: floors
    none, a "check" only the query targets, everything else all of them.
    """
    slug, word = found["article_slug"], found["rare_word"]
    return [
        ("floor", "static floor (WhiteNoise)", "/bench-floor.html"),
        ("floor", "Django floor (minimal view)", "/bench/floor/"),
        ("page", "home", "/"),
        ("page", "article list, page 1", "/articles/"),
        (
            "page",
            f"article list, page {found['last_page']} (last)",
            f"/articles/?page={found['last_page']}",
        ),
        ("page", "article detail", f"/articles/{slug}/"),
        ("page", "person, most mentioned", f"/people/{found['person_slug']}/"),
        ("page", "event timeline", "/events/"),
        ("page", "places map", "/places/"),
        ("page", "who meets whom", "/network/"),
        ("page", "statistics", "/statistics/"),
        ("search", f"search page, common word ({COMMON_WORD})", f"/articles/?q={COMMON_WORD}"),
        ("search", f"search page, rare word ({word})", f"/articles/?q={word}"),
        ("api", "API list", "/api/articles/"),
        # Not one of the calls the time targets name: it shows queries not growing with the page.
        ("check", "API list, page_size=100", "/api/articles/?page_size=100"),
        ("api", "API detail", f"/api/articles/{slug}/"),
        (
            "api",
            "API filter, year + topic",
            f"/api/articles/?year={found['year']}&topic={found['topic']}",
        ),
        ("api", "API filter, place", f"/api/articles/?place={found['place_slug']}"),
        ("api", "API network", "/api/network/"),
        (
            "api search",
            f"API search, common word ({COMMON_WORD})",
            f"/api/articles/?q={COMMON_WORD}",
        ),
        ("api search", f"API search, rare word ({word})", f"/api/articles/?q={word}"),
    ]


def measure(rows, repeat, page_cache_seconds):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    results = {}
    with override_settings(CACHE_MIDDLEWARE_SECONDS=page_cache_seconds):
        client = Client(raise_request_exception=False)
        measured = []
        for row in rows:
            # The first request may compute what the aggregate cache then remembers.
            started = time.perf_counter()
            status, _body = fetch_within_limit(client, row["url"])
            first_ms = (time.perf_counter() - started) * 1000
            if status != 200:
                results[row["url"]] = {"status": status, "first_ms": first_ms, "failed": True}
                continue
            measured.append(row)
            for _ in range(WARM_UP - 1):
                fetch(client, row["url"])
            with CaptureQueriesContext(connection) as captured:
                status, body = fetch(client, row["url"])
            results[row["url"]] = {
                "status": status,
                "bytes": len(body),
                "queries": len(captured.captured_queries),
                "first_ms": first_ms,
                "seconds": [],
            }
        for _round in range(repeat):
            for row in measured:
                started = time.perf_counter()
                status, _body = fetch(client, row["url"])
                results[row["url"]]["seconds"].append(time.perf_counter() - started)
                if status != results[row["url"]]["status"]:
                    results[row["url"]]["status"] = status
    for figures in results.values():
        if not figures.get("failed"):
            figures.update(summarise(figures.pop("seconds")))
    return results


def measure_related_update(samples=5):
    """
    What publishing costs an article's related reports (archive/related/): its list made again
    and its place in others' lists, for a few published articles, each rolled back. The first
    includes loading the sentence-embedding model, as the first update in a worker does.
    """
    from django.db import transaction

    from archive.models import Article, ArticleEmbedding
    from archive.related import scoring

    class RolledBack(Exception):
        pass

    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True)[:samples])
    seconds = []
    for pk in ids:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                # Its text as if new: embedded again, as when a new article is published.
                ArticleEmbedding.objects.filter(article=pk).delete()
                scoring.update({pk})
                seconds.append(time.perf_counter() - started)
                raise RolledBack
        except RolledBack:
            pass
    if not seconds:
        return None
    return {
        "samples": len(seconds),
        "median_ms": statistics.median(seconds) * 1000,
        "max_ms": max(seconds) * 1000,
        "first_ms": seconds[0] * 1000,
    }


def write_floor(found):
    """The static floor: a file as large as the article detail page (its very bytes)."""
    from django.test import Client

    status, body = fetch(Client(), f"/articles/{found['article_slug']}/")
    if status != 200:
        raise SystemExit(f"the article detail page answered {status}")
    floor = Path(os.environ["BENCH_FLOOR_DIR"])
    floor.mkdir(parents=True, exist_ok=True)
    (floor / "bench-floor.html").write_bytes(body)
    return len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    found = discover(args.seed)
    floor_bytes = write_floor(found)
    rows = [{"kind": kind, "name": name, "url": url} for kind, name, url in addresses(found)]
    uncached = measure(rows, args.repeat, page_cache_seconds=0)
    cached = measure(rows, args.repeat, page_cache_seconds=600)
    # Before the related reports' update loads the sentence-embedding model, which a worker
    # serving pages never does.
    pages_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    related_update = measure_related_update()
    result = {
        "engine": connection.vendor,
        "database_version": _database_version(connection),
        "found": found,
        "floor_bytes": floor_bytes,
        "addresses": rows,
        "uncached": uncached,
        "cached": cached,
        "related_update": related_update,
        "peak_rss_kb": pages_peak_rss_kb,
        "seconds": time.perf_counter() - started,
    }
    Path(args.output).write_text(json.dumps(result, indent=1))
    floors = [row["url"] for row in rows if row["kind"] == "floor"]
    if any(uncached[url].get("failed") for url in floors):
        sys.exit(f"a floor failed: {[uncached[url] for url in floors]}")


def _database_version(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
