"""
A bounded load test over loopback: the production server (gunicorn with the repository's
`gunicorn.conf.py`, 2 workers, production settings, static files collected and served by
WhiteNoise) answers 64 clients for 30 seconds, on a database of its own holding the curated
corpus, with zero errors: no 5xx, no refused or dropped connection, no worker timeout.

The clients are threads, each with its own `http.client` connection, asking for a mix of public
pages (lists, details, search, feeds, the sitemap, a stylesheet) and API calls (JSON lists with
filters and search, details, CSV, OAI-PMH, the bulk export). The run prints requests per second
and latency percentiles. The database is a SQLite file under `make test`, and a PostgreSQL
database of its own under `make test-postgres`. API throttling is switched off for the run: it
measures the application, not the limit.

The page cache is on, as in production (`LOAD_PAGE_CACHE_SECONDS=0` runs without it).
`-m "not load"` leaves it out of a local run; `LOAD_SECONDS` and `LOAD_CONNECTIONS` change its
size.
"""

import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from .processes import project_environment
from .site_helpers import ARTICLE_0, ARTICLE_1, ARTICLE_3

pytestmark = pytest.mark.load

SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "64"))
WORKERS = 2
PROJECT_DIR = settings.BASE_DIR

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=belgium+senate",
    "/articles/?topic=trade-and-investment&ordering=-date",
    f"/articles/{ARTICLE_0}/",
    f"/articles/{ARTICLE_1}/",
    f"/articles/{ARTICLE_3}/",
    "/people/",
    "/people/aigul-kuspan/",
    "/organisations/",
    "/events/",
    "/statistics/trade-turnover/",
    "/topics/",
    "/feeds/articles/",
    "/sitemap.xml",
]
API = [
    "/api/articles/",
    "/api/articles/?q=cooperation&page_size=5",
    f"/api/articles/{ARTICLE_1}/",
    "/api/people/?format=csv",
    "/api/people/aigul-kuspan/",
    "/api/events/?year=2021",
    "/api/statistics/?indicator=trade-turnover",
    "/api/organisations/?international=true",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/api/export/",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_database(tmp_path):
    """A database URL for the server: a SQLite file, or a fresh PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"kzbe_load_{os.getpid()}"
    maintenance = {
        "dbname": "postgres",
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**maintenance) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = urllib.parse.quote(params["USER"] or "")
    password = f":{urllib.parse.quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    try:
        yield f"postgres://{user}{password}@{params['HOST']}:{params['PORT']}/{name}"
    finally:
        with psycopg.connect(**maintenance) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(tmp_path, database_url, port, **overrides):
    return project_environment(
        **{
            "DJANGO_SETTINGS_MODULE": "kzbe_site.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on loopback; everything else as in production.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "EXPORT_CACHE_DIR": str(tmp_path / "export-cache"),
            "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
            # The page cache is on in production; LOAD_PAGE_CACHE_SECONDS=0 measures without it.
            "DJANGO_PAGE_CACHE_SECONDS": os.environ.get("LOAD_PAGE_CACHE_SECONDS", "600"),
            "API_ANON_RATE": "",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
            "DJANGO_LOG_LEVEL": "WARNING",
            **overrides,
        }
    )


def get(port, path):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, response.read()
    finally:
        client.close()


@contextmanager
def gunicorn(tmp_path, database_url, *, prepare=(), **overrides):
    """
    The production server on a free port, its database and static files prepared: the corpus
    loaded, then each of `prepare` (a manage.py command as a list of arguments) run in turn.
    `overrides` are environment variables set for every step and the server.
    """
    port = free_port()
    environment = production_environment(tmp_path, database_url, port, **overrides)

    def manage(*command):
        return subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def finish(step):
        output = step.communicate(timeout=120)[0]
        assert step.returncode == 0, output.decode()

    # The static files are collected while the database is built.
    static = manage("collectstatic", "--no-input", "-v0")
    finish(manage("migrate", "--no-input", "-v0"))
    finish(manage("load_corpus", "-v0"))
    for command in prepare:
        finish(manage(*command))
    finish(manage("build_export", "-v0"))  # as the deployment's schedule does
    finish(static)
    error_log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=error_log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.1)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        error_log.close()


@dataclass
class Result:
    path: str
    status: int | None  # None: no answer at all
    seconds: float
    error: str = ""


def client_loop(port, paths, deadline, results, seed):
    """One client: a keep-alive connection, reopened whenever the server closes it."""
    choose = random.Random(seed).choice
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        path = choose(paths)
        start = time.perf_counter()
        try:
            client.request("GET", path)
            response = client.getresponse()
            response.read()
            results.append(Result(path, response.status, time.perf_counter() - start))
        except (OSError, http.client.HTTPException) as error:
            results.append(Result(path, None, time.perf_counter() - start, repr(error)))
            client.close()
    client.close()


def run_load(port, paths, seconds, connections):
    deadline = time.monotonic() + seconds
    per_client = [[] for _ in range(connections)]
    threads = [
        threading.Thread(target=client_loop, args=(port, paths, deadline, per_client[n], n))
        for n in range(connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - started
    return [result for results in per_client for result in results], elapsed


def percentiles(values):
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p90": cuts[89], "p99": cuts[98], "max": max(values)}


def report(results, elapsed, database, alone):
    def line(label, chosen):
        ms = {key: round(value * 1000) for key, value in percentiles(chosen).items()}
        return (
            f"  {label:<6} {len(chosen):>6} requests  {len(chosen) / elapsed:7.1f}/s  "
            f"p50 {ms['p50']} ms  p90 {ms['p90']} ms  p99 {ms['p99']} ms  max {ms['max']} ms"
        )

    api = [r.seconds for r in results if r.path.startswith(("/api/", "/oai/"))]
    pages = [r.seconds for r in results if not r.path.startswith(("/api/", "/oai/"))]
    lines = [
        f"Load test: {CONNECTIONS} connections for {elapsed:.1f} s against gunicorn "
        f"({WORKERS} sync workers, {database}, {os.cpu_count()} CPUs)",
        line("all", [r.seconds for r in results]),
        line("pages", pages),
        line("api", api),
        "  one request at a time (fastest of 2): median "
        f"{statistics.median(alone.values()) * 1000:.0f} ms; slowest "
        + ", ".join(
            f"{path} {seconds * 1000:.0f} ms"
            for path, seconds in sorted(alone.items(), key=lambda item: -item[1])[:3]
        ),
    ]
    return "\n".join(lines)


def test_gunicorn_serves_64_clients_for_30_seconds_without_an_error(tmp_path, capsys):
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    with (
        server_database(tmp_path) as database_url,
        gunicorn(tmp_path, database_url) as (
            port,
            server,
        ),
    ):
        home = get(port, "/")[1].decode()
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home)
        assert stylesheet, "the home page links no hashed stylesheet"
        paths = [*PAGES, stylesheet[1], *API]
        for path in paths:  # every address answers before the clock starts
            status, body = get(port, path)
            assert status == 200, f"{path}: {status}"
            assert body, path
        alone = defaultdict(list)  # with nothing else going on, each worker warmed up
        for _round in range(2):
            for path in paths:
                start = time.perf_counter()
                get(port, path)
                alone[path].append(time.perf_counter() - start)
        alone = {path: min(times) for path, times in alone.items()}

        results, elapsed = run_load(port, paths, SECONDS, CONNECTIONS)

        assert server.poll() is None, "gunicorn stopped during the run"
    log = (tmp_path / "gunicorn.log").read_text()
    summary = report(results, elapsed, engine, alone)
    with capsys.disabled():
        print(f"\n{summary}")

    failures = [r for r in results if r.status is None]
    assert failures == [], f"{len(failures)} requests got no answer, e.g. {failures[:3]}"
    statuses = Counter(r.status for r in results)
    assert statuses == {200: len(results)}, statuses
    by_path = defaultdict(int)
    for result in results:
        by_path[result.path] += 1
    assert set(by_path) == set(paths), "some addresses were never asked for"
    assert len(results) >= 10 * SECONDS, f"only {len(results)} requests in {SECONDS} s"
    assert "WORKER TIMEOUT" not in log and "Traceback" not in log, log[-2000:]
    # gunicorn saw every request (warm-up and home page included).
    served = (tmp_path / "access.log").read_text().count('"GET ')
    assert served == len(results) + 3 * len(paths) + 2
