"""
The archive's benchmark: server time, queries and memory for the public pages and the API at
several archive sizes, on SQLite and PostgreSQL, against three anchors measured in the same run
(a static file served by WhiteNoise, a minimal Django view, Datasette over the same SQLite
file), and a throughput run of gunicorn under wrk. Prints tables, writes JSON, and says which
targets are met. See benchmarks/README.md.

    python -m benchmarks.run                      # the full run: 1,000 and 100,000 articles
    python -m benchmarks.run --quick              # a smoke run: 1,000 articles, SQLite, 5 s
    python -m benchmarks.run --sizes 1000 --engines sqlite --repeat 10

SQLite databases are built once and kept under var/bench/ (keyed by size, seed and a digest of
the migrations and the generator); PostgreSQL ones are built afresh in a throwaway cluster
(scripts/with-postgres), and their build time is part of the report.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.inprocess import REQUEST_LIMIT_S, summarise

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "var" / "bench"
PYTHON = sys.executable
WARM_UP = 3

P95_LIMIT_MS = 50
RELATED_UPDATE_LIMIT_MS = 1000  # one article's related reports, updated when it is published
QUERY_LIMIT = 10
DETAIL_FLOOR_RATIO = 3
WRK_CONNECTIONS = 16
WRK_THREADS = 2
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


# --- Processes ------------------------------------------------------------------------------


def run_child(command, environment, log_path):
    """Run a command to the end; its wall time and peak RSS (from the kernel's rusage)."""
    started = time.perf_counter()
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = Path(log_path).read_text(errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(map(str, command))} failed ({child.returncode}):\n{tail}")
    return {"seconds": time.perf_counter() - started, "peak_rss_kb": usage.ru_maxrss}


def peak_rss_kb(pid):
    """VmHWM of a running process (its resident-set high-water mark), in KiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) if found else None


def children(pid):
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url, work_dir, settings="benchmarks.settings", page_cache=None):
    """Production settings on plain loopback http, API throttling off (it measures the app)."""
    inherited = ("DJANGO_", "DATABASE_URL", "GUNICORN_", "WEB_CONCURRENCY", "API_ANON_RATE")
    values = {key: value for key, value in os.environ.items() if not key.startswith(inherited)}
    values.pop("REDIS_URL", None)  # the default cache layout: each process's memory
    values.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(BENCH_DIR / "static"),
            "DJANGO_CACHE_DIR": str(work_dir / "cache"),
            "EXPORT_CACHE_DIR": str(work_dir / "export-cache"),
            "BENCH_FLOOR_DIR": str(work_dir / "floor"),
            "API_ANON_RATE": "",
            "DJANGO_LOG_LEVEL": "WARNING",
            # On, as in production, but kept for the whole run (production: 600 s) so that the
            # warm figures stay warm; the first request of each page shows the cold cost.
            "DJANGO_AGGREGATE_CACHE_SECONDS": "86400",
        }
    )
    if page_cache is not None:
        values["DJANGO_PAGE_CACHE_SECONDS"] = str(page_cache)
    return values


SECRET_KEY = secrets.token_urlsafe(50)


# --- Databases ------------------------------------------------------------------------------


def corpus_digest():
    """Changes whenever the schema or the generator does, so a stale cached file is not used."""
    digest = hashlib.sha256()
    for path in sorted((PROJECT_DIR / "archive" / "migrations").glob("*.py")):
        digest.update(path.read_bytes())
    digest.update((PROJECT_DIR / "benchmarks" / "synthetic.py").read_bytes())
    return digest.hexdigest()[:10]


def sqlite_database(size, seed, work_dir):
    """The cached SQLite file for a size and seed, built first if missing."""
    path = BENCH_DIR / f"sqlite-{size}-seed{seed}-{corpus_digest()}.sqlite3"
    about = path.with_suffix(".json")
    if path.exists() and about.exists():
        return path, {**json.loads(about.read_text()), "cached": True}
    partial = path.with_name(path.name + ".partial")
    for leftover in BENCH_DIR.glob(partial.name + "*"):
        leftover.unlink()
    print(f"  building SQLite, {size:,} articles (kept in {path.relative_to(PROJECT_DIR)})")
    env = environment(f"sqlite:///{partial}", work_dir)
    log = work_dir / f"build-sqlite-{size}.log"
    migrate = run_child([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env, log)
    generate = run_child(
        [PYTHON, "manage.py", "generate_corpus", "--articles", str(size), "--seed", str(seed)],
        env,
        log,
    )
    related = run_child([PYTHON, "manage.py", "rebuild_related", "-v0"], env, log)
    # Everything into the main file, so that Datasette can open it read-only as immutable.
    with contextlib.closing(sqlite3.connect(partial)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    info = {
        "migrate_s": migrate["seconds"],
        "generate_s": generate["seconds"],
        "generate_peak_rss_kb": generate["peak_rss_kb"],
        "related_s": related["seconds"],
        "related_peak_rss_kb": related["peak_rss_kb"],
        "bytes": path.stat().st_size,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    about.write_text(json.dumps(info, indent=1))
    return path, {**info, "cached": False}


def postgresql_database(size, seed, work_dir):
    """A fresh database of the throwaway cluster, migrated, generated and analysed."""
    import psycopg

    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"bench_{size}"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlunsplit(server._replace(path=f"/{name}"))
    print(f"  building PostgreSQL, {size:,} articles")
    env = environment(url, work_dir)
    log = work_dir / f"build-postgresql-{size}.log"
    migrate = run_child([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env, log)
    generate = run_child(
        [PYTHON, "manage.py", "generate_corpus", "--articles", str(size), "--seed", str(seed)],
        env,
        log,
    )
    related = run_child([PYTHON, "manage.py", "rebuild_related", "-v0"], env, log)
    # What autovacuum would have done some minutes after a bulk load: fresh planner statistics.
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        database_bytes = connection.execute("SELECT pg_database_size(current_database())")
        database_bytes = database_bytes.fetchone()[0]
    info = {
        "migrate_s": migrate["seconds"],
        "generate_s": generate["seconds"],
        "generate_peak_rss_kb": generate["peak_rss_kb"],
        "related_s": related["seconds"],
        "related_peak_rss_kb": related["peak_rss_kb"],
        "vacuum_analyze_s": time.perf_counter() - started,
        "bytes": database_bytes,
        "cached": False,
    }
    return url, info


# --- Servers over loopback ------------------------------------------------------------------


class Client:
    """One client over loopback: a keep-alive connection, reopened when the server closes it
    (gunicorn's sync workers close every connection, so each of their requests includes the
    loopback TCP handshake)."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def get(self, path):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        if response.will_close:
            self.connection.close()
            self.connection = None
        return response.status, body

    def close(self):
        if self.connection is not None:
            self.connection.close()


def wait_until_answering(port, process, log_path, path="/"):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server stopped:\n{Path(log_path).read_text()[-3000:]}")
        try:
            client = Client(port)
            client.get(path)
            client.close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer within 60 s")


@contextlib.contextmanager
def gunicorn(env, workers, log_path):
    """The production server (the repository's gunicorn.conf.py) on a free loopback port."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESS_LOG": str(Path(log_path).with_suffix(".access.log")),
    }
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(port, server, log_path, "/robots.txt")
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=60)


def gunicorn_memory(server):
    workers = children(server.pid)
    return {
        "master_kb": peak_rss_kb(server.pid),
        "workers_kb": [peak_rss_kb(pid) for pid in workers],
    }


def datasette_command():
    executable = Path(PYTHON).parent / "datasette"
    if not executable.exists():
        raise SystemExit(
            "Datasette is not installed: pip install -r benchmarks/requirements.txt "
            "(make bench does it)"
        )
    return executable


def datasette_version():
    output = subprocess.run(
        [datasette_command(), "--version"], capture_output=True, text=True, check=True
    )
    return output.stdout.split()[-1]


@contextlib.contextmanager
def datasette(sqlite_path, work_dir):
    """
    Datasette over the same SQLite file, opened read-only as immutable. Our FTS5 table keeps
    its content in archive_article (content='archive_article'), a layout Datasette does not
    detect by itself, so the metadata names it. Facet suggestions are off: they are work for
    its HTML interface that the API does not do either.
    """
    metadata = work_dir / "datasette-metadata.json"
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    sqlite_path.stem: {
                        "tables": {
                            "archive_article": {"fts_table": "archive_article_fts", "fts_pk": "id"}
                        }
                    }
                }
            }
        )
    )
    port = free_port()
    log_path = work_dir / "datasette.log"
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [
                datasette_command(),
                "serve",
                "--immutable",
                str(sqlite_path),
                "--metadata",
                str(metadata),
                "--port",
                str(port),
                "--setting",
                "suggest_facets",
                "off",
            ],
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(port, server, log_path, "/-/versions.json")
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure_http(calls, repeat):
    """Median and p95 of each (client, path), one request at a time, in interleaved rounds."""
    samples = {key: [] for key in calls}
    statuses = {}
    for key, (client, path) in calls.items():
        for _ in range(WARM_UP):
            statuses[key] = client.get(path)[0]
    for _round in range(repeat):
        for key, (client, path) in calls.items():
            started = time.perf_counter()
            status, _body = client.get(path)
            samples[key].append(time.perf_counter() - started)
            statuses[key] = status
    return {
        key: {"path": calls[key][1], "status": statuses[key], **summarise(seconds)}
        for key, seconds in samples.items()
    }


DATASETTE_COLUMNS = [
    "slug",
    "title",
    "title_is_devised",
    "date_edtf",
    "published_time",
    "dateline",
    "language",
    "original_url",
    "source_id",
    "dateline_place_id",
]


def http_comparison(env, sqlite_path, found, addresses, repeat, work_dir):
    """
    The API and Datasette over loopback HTTP, each behind its own server with one client:
    gunicorn with one sync worker (page cache off, so every call does its work, as Datasette's
    does) against Datasette under uvicorn. Datasette is asked for what the API returns: 20
    published articles a page, the API list's columns (no text bodies), with its row count.
    """
    by_name = {row["name"]: row["url"] for row in addresses}
    api = {name: url for name, url in by_name.items() if name.startswith(("API", "static", "Dj"))}
    table = f"/{sqlite_path.stem}/archive_article"
    listing = f"{table}.json?_size=20&status=published&" + "&".join(
        f"_col={column}" for column in DATASETTE_COLUMNS
    )
    datasette_calls = {
        "Datasette list": listing,
        "Datasette detail (one row)": f"{table}/{found['article_id']}.json",
        "Datasette filter, dateline place": f"{listing}&dateline_place_id={found['place_id']}",
        f"Datasette search, common word ({found['common_word']})": (
            f"{listing}&_search={found['common_word']}"
        ),
        f"Datasette search, rare word ({found['rare_word']})": (
            f"{listing}&_search={found['rare_word']}"
        ),
    }
    log = work_dir / "gunicorn-1-worker.log"
    with (
        gunicorn(env, 1, log) as (port, server),
        datasette(sqlite_path, work_dir) as (
            datasette_port,
            datasette_server,
        ),
    ):
        django_client, datasette_client = Client(port), Client(datasette_port)
        calls = {name: (django_client, url) for name, url in api.items()}
        calls.update({name: (datasette_client, url) for name, url in datasette_calls.items()})
        figures = measure_http(calls, repeat)
        memory = {
            "gunicorn": gunicorn_memory(server),
            "datasette_kb": peak_rss_kb(datasette_server.pid),
        }
        django_client.close()
        datasette_client.close()
    failed = {name: f["status"] for name, f in figures.items() if f["status"] != 200}
    if failed:
        raise SystemExit(f"not 200 over HTTP: {failed}")
    return {"calls": figures, "memory": memory}


# The like-for-like pairs the "at least as fast as Datasette" target is judged on.
def datasette_pairs(found):
    common, rare = found["common_word"], found["rare_word"]
    return [
        ("list", "API list", "Datasette list"),
        ("filter", "API filter, year + topic", "Datasette filter, dateline place"),
        ("filter", "API filter, place", "Datasette filter, dateline place"),
        (
            "search",
            f"API search, common word ({common})",
            f"Datasette search, common word ({common})",
        ),
        ("search", f"API search, rare word ({rare})", f"Datasette search, rare word ({rare})"),
    ]


# --- Throughput -----------------------------------------------------------------------------

WRK_SCRIPT = """
-- Each connection walks the list of addresses in turn, from its own starting point.
paths = {%s}
counter = 0
setup = function(thread) thread:set("offset", counter); counter = counter + 7 end
init = function(args) index = offset end
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index])
end
"""


def wrk_milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    found = {
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
    }
    for label, key in (("50%", "p50_ms"), ("90%", "p90_ms"), ("99%", "p99_ms")):
        found[key] = wrk_milliseconds(re.search(rf"{label}\s+(\S+)", output)[1])
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True))
        if sockets
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    )
    non_success = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["non_2xx_3xx"] = int(non_success[1]) if non_success else 0
    found["errors"] = found["non_2xx_3xx"] + sum(found["socket_errors"].values())
    return found


def throughput(database_url, addresses, failing, seconds, page_cache, work_dir):
    """
    gunicorn, 2 workers, production settings, under wrk over loopback for `seconds`. An address
    that could not render in-process within gunicorn's timeout is left out of the mix (and
    named in the report): each request for it would only tie up a worker until it is killed.
    """
    paths = [
        row["url"] for row in addresses if row["kind"] != "floor" and row["url"] not in failing
    ]
    script = work_dir / "mix.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    env = environment(database_url, work_dir, "kzbe_site.settings", page_cache=page_cache)
    log = work_dir / f"gunicorn-2-workers-cache-{page_cache}.log"
    before = {}
    with gunicorn(env, 2, log) as (port, server):
        # Every address once before the clock starts; one that fails is reported, not fatal.
        for path in paths:
            client = Client(port)
            started = time.perf_counter()
            try:
                status = client.get(path)[0]
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            before[path] = {"status": status, "ms": (time.perf_counter() - started) * 1000}
            client.close()
        output = subprocess.run(
            [
                "wrk",
                f"-t{WRK_THREADS}",
                f"-c{WRK_CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        memory = gunicorn_memory(server)
    server_log = log.read_text(errors="replace")
    return {
        "page_cache_seconds": page_cache,
        "seconds": seconds,
        "connections": WRK_CONNECTIONS,
        "paths": len(paths),
        **parse_wrk(output),
        "left_out": sorted(failing),
        "worker_timeouts": server_log.count("WORKER TIMEOUT"),
        "before_the_clock": before,
        "tracebacks": server_log.count("Traceback"),
        "memory": memory,
        "wrk_output": output,
    }


# --- One engine at one size -----------------------------------------------------------------


def bench_database(engine, size, args, work_root):
    work_dir = work_root / f"{engine}-{size}"
    work_dir.mkdir(parents=True)
    sqlite_path, sqlite_build = sqlite_database(size, args.seed, work_dir)
    if engine == "sqlite":
        database_url, build = f"sqlite:///{sqlite_path}", sqlite_build
    else:
        database_url, build = postgresql_database(size, args.seed, work_dir)
    # In-process, the page cache is switched per section; over HTTP it is off (see below).
    env = environment(database_url, work_dir, page_cache=0)
    print(f"  measuring in-process, {args.repeat} repetitions")
    figures_path = work_dir / "inprocess.json"
    process = run_child(
        [
            PYTHON,
            "-m",
            "benchmarks.inprocess",
            "--repeat",
            str(args.repeat),
            "--seed",
            str(args.seed),
            "--output",
            str(figures_path),
        ],
        env,
        work_dir / "inprocess.log",
    )
    figures = json.loads(figures_path.read_text())
    result = {
        "engine": engine,
        "size": size,
        "build": build,
        "database_version": figures["database_version"],
        "found": figures["found"],
        "floor_bytes": figures["floor_bytes"],
        "addresses": figures["addresses"],
        "inprocess": {
            "uncached": figures["uncached"],
            "cached": figures["cached"],
            "peak_rss_kb": figures["peak_rss_kb"],
            "related_update": figures.get("related_update"),
            "seconds": process["seconds"],
        },
        "datasette_database": sqlite_path.name,
    }
    print("  measuring over loopback HTTP: the API and Datasette")
    result["http"] = http_comparison(
        env, sqlite_path, figures["found"], figures["addresses"], args.repeat, work_dir
    )
    result["throughput"] = []
    if args.throughput_seconds and size == max(args.sizes):
        for page_cache in (600, 0):
            print(f"  throughput: wrk for {args.throughput_seconds} s, page cache {page_cache} s")
            failing = {url for url, f in figures["uncached"].items() if f.get("failed")}
            result["throughput"].append(
                throughput(
                    database_url,
                    figures["addresses"],
                    failing,
                    args.throughput_seconds,
                    page_cache,
                    work_dir,
                )
            )
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "bench_{size}" WITH (FORCE)')
    return result


# --- Targets --------------------------------------------------------------------------------


def evaluate_targets(runs):
    """Every target, for every engine and size it applies to: met or missed, by how much."""
    targets = []

    def add(target, run, subject, value, limit, met, unit):
        targets.append(
            {
                "target": target,
                "engine": run["engine"],
                "size": run["size"],
                "subject": subject,
                "value": round(value, 2),
                "limit": round(limit, 2),
                "unit": unit,
                "met": bool(met),
            }
        )

    largest = max(run["size"] for run in runs)
    by_engine = {}
    for run in runs:
        by_engine.setdefault(run["engine"], []).append(run)
    for run in runs:
        uncached = run["inprocess"]["uncached"]
        rows = [row for row in run["addresses"] if row["kind"] != "floor"]
        if run["size"] == largest:
            for row in rows:
                if row["kind"] == "check":
                    continue
                if uncached[row["url"]].get("failed"):
                    add(
                        "p95 <= 50 ms",
                        run,
                        f"{row['name']} (did not finish within {REQUEST_LIMIT_S} s)",
                        REQUEST_LIMIT_S * 1000,
                        P95_LIMIT_MS,
                        False,
                        "ms",
                    )
                    continue
                p95 = uncached[row["url"]]["p95_ms"]
                name = "search p95" if "search" in row["kind"] else "p95"
                add(f"{name} <= 50 ms", run, row["name"], p95, P95_LIMIT_MS, p95 <= 50, "ms")
        for row in rows:
            if uncached[row["url"]].get("failed"):
                continue  # counted nowhere: it never finished
            queries = uncached[row["url"]]["queries"]
            add("queries <= 10", run, row["name"], queries, QUERY_LIMIT, queries <= 10, "")
        by_name = {row["name"]: uncached[row["url"]] for row in run["addresses"]}
        pairs = [("API list, page_size=100", "API list")]
        pairs += [(row["name"], "article list, page 1") for row in rows if "(last)" in row["name"]]
        for bigger, smaller in pairs:
            if by_name[bigger].get("failed") or by_name[smaller].get("failed"):
                continue
            more, fewer = by_name[bigger]["queries"], by_name[smaller]["queries"]
            add(
                "queries do not grow with page size or depth",
                run,
                f"{bigger} vs {smaller}",
                more,
                fewer,
                more <= fewer,
                "",
            )
        floor = by_name["Django floor (minimal view)"]["median_ms"]
        detail = by_name["article detail"]["median_ms"]
        add(
            "article detail <= 3x Django floor (median)",
            run,
            "article detail",
            detail / floor,
            DETAIL_FLOOR_RATIO,
            detail <= DETAIL_FLOOR_RATIO * floor,
            "x",
        )
        calls = run["http"]["calls"]
        for _kind, api_name, datasette_name in datasette_pairs(run["found"]):
            ours, theirs = calls[api_name]["median_ms"], calls[datasette_name]["median_ms"]
            add(
                "API at least as fast as Datasette (median, HTTP)",
                run,
                f"{api_name} vs {datasette_name}",
                ours / theirs,
                1,
                ours <= theirs,
                "x",
            )
        for load in run["throughput"]:
            cache_state = "on" if load["page_cache_seconds"] else "off"
            add(
                "throughput run: zero errors",
                run,
                f"wrk {load['seconds']} s, page cache {cache_state}",
                load["errors"] + load["worker_timeouts"],
                0,
                load["errors"] == 0 and load["worker_timeouts"] == 0,
                "",
            )
    # Queries at the largest size against the smallest: none may grow with the archive.
    for engine_runs in by_engine.values():
        engine_runs = sorted(engine_runs, key=lambda run: run["size"])
        small, large = engine_runs[0], engine_runs[-1]
        if small is large:
            continue
        small_by_name = {
            row["name"]: small["inprocess"]["uncached"][row["url"]] for row in small["addresses"]
        }
        for row in large["addresses"]:
            if row["kind"] == "floor" or row["name"] not in small_by_name:
                continue
            if small_by_name[row["name"]].get("failed"):
                continue
            if large["inprocess"]["uncached"][row["url"]].get("failed"):
                continue
            more = large["inprocess"]["uncached"][row["url"]]["queries"]
            fewer = small_by_name[row["name"]]["queries"]
            add(
                f"queries do not grow with the archive ({small['size']:,} -> {large['size']:,})",
                large,
                row["name"],
                more,
                fewer,
                more <= fewer,
                "",
            )
    return targets


# --- Report ---------------------------------------------------------------------------------


def megabytes(kilobytes):
    return f"{kilobytes / 1024:.0f} MB" if kilobytes else "?"


def format_run(run):
    lines = []
    engine = ENGINE_LABELS[run["engine"]]
    build = run["build"]
    how = (
        f"cached file, generated in {build['generate_s']:.0f} s"
        if build.get("cached")
        else f"generated in {build['generate_s']:.0f} s"
    )
    if "vacuum_analyze_s" in build:
        how += f" + VACUUM ANALYZE {build['vacuum_analyze_s']:.0f} s"
    found = run["found"]
    lines.append(
        f"## {engine} {run['database_version']}, {run['size']:,} articles "
        f"({found['published_articles']:,} published; {how}; "
        f"generator peak RSS {megabytes(build['generate_peak_rss_kb'])}; "
        f"database {build['bytes'] / 2**20:.0f} MB)"
    )
    if "related_s" in build:
        lines.append(
            f"Related reports rebuilt (`rebuild_related`) in {build['related_s']:.0f} s, "
            f"peak RSS {megabytes(build['related_peak_rss_kb'])}."
        )
    update = run["inprocess"].get("related_update")
    if update:
        lines.append(
            f"One article's related reports updated (as on publishing, rolled back): median "
            f"{update['median_ms']:.0f} ms, slowest {update['max_ms']:.0f} ms of "
            f"{update['samples']} articles; target ≤ {RELATED_UPDATE_LIMIT_MS} ms: "
            f"{'met' if update['max_ms'] <= RELATED_UPDATE_LIMIT_MS else 'missed'}."
        )
    uncached, cached = run["inprocess"]["uncached"], run["inprocess"]["cached"]
    by_name = {row["name"]: uncached[row["url"]] for row in run["addresses"]}
    static = by_name["static floor (WhiteNoise)"]["median_ms"]
    django = by_name["Django floor (minimal view)"]["median_ms"]
    samples = next(iter(uncached.values()))["samples"]
    lines.append(
        f"In-process, full middleware stack, page cache off (cached: page cache on, a hit; "
        f"first: the first request of the process for that address); "
        f"{samples} timed requests each after {WARM_UP} warm-up; floors are "
        f"{run['floor_bytes']:,} bytes (the article detail page). In-process peak RSS "
        f"{megabytes(run['inprocess']['peak_rss_kb'])}."
    )
    lines.append("")
    header = (
        f"{'':<42} {'median':>8} {'p95':>8} {'x static':>8} {'x Django':>8} "
        f"{'queries':>7} {'first':>9} {'cached':>8} {'cached':>7}  target"
    )
    lines.append(header)
    lines.append(
        f"{'':<42} {'ms':>8} {'ms':>8} {'median':>8} {'median':>8} {'':>7} {'ms':>9} "
        f"{'p95 ms':>8} {'queries':>7}"
    )
    for row in run["addresses"]:
        figures, hit = uncached[row["url"]], cached[row["url"]]
        if figures.get("failed"):
            lines.append(
                f"{row['name'][:42]:<42} did not finish within {REQUEST_LIMIT_S} s "
                f"(answered {figures['status']} after {figures['first_ms'] / 1000:.0f} s)"
                "  missed: p95"
            )
            continue
        verdict = ""
        if row["kind"] != "floor":
            problems = []
            if figures["p95_ms"] > P95_LIMIT_MS and row["kind"] != "check":
                problems.append("p95")
            if figures["queries"] > QUERY_LIMIT:
                problems.append("queries")
            verdict = "missed: " + ", ".join(problems) if problems else "met"
        lines.append(
            f"{row['name'][:42]:<42} {figures['median_ms']:>8.1f} {figures['p95_ms']:>8.1f} "
            f"{figures['median_ms'] / static:>8.1f} {figures['median_ms'] / django:>8.1f} "
            f"{figures['queries']:>7} {figures['first_ms']:>9.1f} {hit['p95_ms']:>8.1f} "
            f"{hit['queries']:>7}  {verdict}"
        )
    lines.append("")
    http = run["http"]
    calls = http["calls"]
    static_http = calls["static floor (WhiteNoise)"]["median_ms"]
    django_http = calls["Django floor (minimal view)"]["median_ms"]
    memory = http["memory"]
    workers = ", ".join(megabytes(kb) for kb in memory["gunicorn"]["workers_kb"])
    lines.append(
        f"Over loopback HTTP, one client, page cache off: gunicorn 1 sync worker (peak RSS "
        f"{workers}) against Datasette {DATASETTE_VERSION} on the same {run['size']:,}-article "
        f"SQLite file, immutable (peak RSS {megabytes(memory['datasette_kb'])})."
    )
    lines.append("")
    lines.append(f"{'':<50} {'median ms':>9} {'p95 ms':>8} {'x static':>8} {'x Django':>8}")
    for name, figures in calls.items():
        lines.append(
            f"{name[:50]:<50} {figures['median_ms']:>9.2f} {figures['p95_ms']:>8.2f} "
            f"{figures['median_ms'] / static_http:>8.1f} {figures['median_ms'] / django_http:>8.1f}"
        )
    lines.append("")
    lines.append(f"{'API against Datasette (median)':<72} {'ratio':>6}  target")
    for _kind, api_name, datasette_name in datasette_pairs(run["found"]):
        ratio = calls[api_name]["median_ms"] / calls[datasette_name]["median_ms"]
        verdict = "met" if ratio <= 1 else f"missed by {ratio:.1f}x"
        lines.append(f"{api_name + ' / ' + datasette_name:<72.72} {ratio:>6.2f}  {verdict}")
    for load in run["throughput"]:
        workers = ", ".join(megabytes(kb) for kb in load["memory"]["workers_kb"])
        lines.append("")
        lines.append(
            f"Throughput: gunicorn 2 sync workers, production settings, page cache "
            f"{'on' if load['page_cache_seconds'] else 'off'}, wrk {WRK_THREADS} threads "
            f"{load['connections']} connections {load['seconds']} s over {load['paths']} "
            f"addresses: {load['requests_per_second']:.0f} req/s ({load['requests']:,} requests), "
            f"p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms, errors {load['errors']} "
            f"(non-2xx/3xx {load['non_2xx_3xx']}, socket {sum(load['socket_errors'].values())}), "
            f"worker timeouts {load['worker_timeouts']}; worker peak RSS {workers}."
        )
        for path in load["left_out"]:
            lines.append(f"  left out of the mix (never finished in-process): {path}")
        failing = {
            path: check
            for path, check in load["before_the_clock"].items()
            if check["status"] != 200
        }
        for path, check in failing.items():
            lines.append(
                f"  before the clock, {path} answered {check['status']} after {check['ms']:.0f} ms"
            )
    return "\n".join(lines)


def format_targets(targets):
    lines = ["## Targets", ""]
    groups = {}
    for target in targets:
        groups.setdefault((target["target"], target["engine"], target["size"]), []).append(target)
    for (name, engine, size), items in groups.items():
        missed = [item for item in items if not item["met"]]
        label = f"{name} — {ENGINE_LABELS[engine]}, {size:,} articles"
        if not missed:
            worst = max(items, key=lambda item: item["value"] / (item["limit"] or 1))
            lines.append(
                f"met     {label} (worst: {worst['subject']} {worst['value']}{worst['unit']})"
            )
            continue
        lines.append(f"MISSED  {label}: {len(missed)} of {len(items)}")
        for item in missed:
            lines.append(
                f"          {item['subject']}: {item['value']}{item['unit']} "
                f"(limit {item['limit']}{item['unit']})"
            )
    return "\n".join(lines)


def machine():
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s+(.+)", cpu)
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    import django
    import gunicorn as gunicorn_package

    return {
        "cpu": model[1].strip() if model else platform.processor(),
        "cpus": os.cpu_count(),
        "memory_gib": round(int(memory[1]) / 2**20, 1) if memory else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "gunicorn": gunicorn_package.__version__,
        "datasette": DATASETTE_VERSION,
        "wrk": (wrk.stdout + wrk.stderr).split("Copyright")[0].strip(),
    }


DATASETTE_VERSION = "?"


def main():
    global DATASETTE_VERSION
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument(
        "--engines", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per address")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--throughput-seconds",
        type=int,
        default=30,
        help="wrk run at the largest size (0: none)",
    )
    parser.add_argument("--output", default=str(PROJECT_DIR / "benchmarks" / "results.json"))
    parser.add_argument("--quick", action="store_true", help="1,000 articles, SQLite, 5 repeats")
    parser.add_argument("--part", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.engines, args.repeat, args.throughput_seconds = [1000], ["sqlite"], 5, 5
        if args.output == parser.get_default("output"):
            args.output = str(BENCH_DIR / "quick.json")
    if shutil.which("wrk") is None and args.throughput_seconds:
        raise SystemExit("wrk is missing: apt-get install wrk (or --throughput-seconds 0)")
    DATASETTE_VERSION = datasette_version()
    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work_root = Path(tempfile.mkdtemp(prefix="run-", dir=BENCH_DIR))
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")

    if not args.part:
        print("collecting static files")
        run_child(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            environment("sqlite:///:memory:", work_root),
            work_root / "collectstatic.log",
        )
    runs = []
    for engine in args.engines:
        if engine == "postgresql" and not on_postgresql:
            # The same command again, inside a throwaway PostgreSQL cluster.
            part = work_root / "postgresql.json"
            command = [
                str(PROJECT_DIR / "scripts" / "with-postgres"),
                PYTHON,
                "-m",
                "benchmarks.run",
                "--part",
                "--engines",
                "postgresql",
                "--sizes",
                *map(str, args.sizes),
                "--repeat",
                str(args.repeat),
                "--seed",
                str(args.seed),
                "--throughput-seconds",
                str(args.throughput_seconds),
                "--output",
                str(part),
            ]
            subprocess.run(command, cwd=PROJECT_DIR, check=True)
            runs += json.loads(part.read_text())["runs"]
            continue
        for size in args.sizes:
            print(f"{ENGINE_LABELS[engine]}, {size:,} articles")
            runs.append(bench_database(engine, size, args, work_root))
    if args.part:
        Path(args.output).write_text(json.dumps({"runs": runs}))
        return

    targets = evaluate_targets(runs)
    elapsed = time.perf_counter() - started
    report = "\n\n".join([*(format_run(run) for run in runs), format_targets(targets)])
    report += f"\n\nWhole run: {elapsed / 60:.1f} minutes."
    print()
    print(report)
    for run in runs:  # wrk's own words are in the report already, in short
        for load in run["throughput"]:
            load.pop("wrk_output", None)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv[1:]),
        "repeat": args.repeat,
        "seed": args.seed,
        "machine": machine(),
        "run_seconds": elapsed,
        "runs": runs,
        "targets": targets,
    }
    Path(args.output).write_text(json.dumps(results, indent=1) + "\n")
    (BENCH_DIR / "report.txt").write_text(report + "\n")
    print(
        f"\nJSON: {args.output}; this report: {(BENCH_DIR / 'report.txt').relative_to(PROJECT_DIR)}"
    )
    shutil.rmtree(work_root, ignore_errors=True)


if __name__ == "__main__":
    main()
