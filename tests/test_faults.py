"""
Faults: a crash in the middle of importing a file leaves nothing of that file behind (no article,
author, suggestion, status log entry or revision) and the other files of the batch still import;
and, on PostgreSQL, a database connection lost in the middle of a request gives the outage page,
after which the site recovers by itself.
"""

import threading
import urllib.error
import urllib.request

import pytest
from django.db import IntegrityError, connection
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.urls import path
from reversion.models import Revision, Version

import kzbe_site.urls
from archive.corpus import FIXTURES_DIR
from archive.importing import importer
from archive.importing.importer import Outcome
from archive.models import Article, Authorship, Person, StatusChange, Suggestion

SEED_000 = (FIXTURES_DIR / "originals" / "000_8671e830fe823728.txt").read_text("utf-8")
SEED_TITLE = "Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation"


def press_text(number):
    """Seed 000 under a title of its own: a byline, known names, a dateline, all there."""
    return SEED_000.replace(
        SEED_TITLE, f"Parliamentary friendship group meets for session {number}"
    ).replace("via videoconference", f"via videoconference for the {number}th time")


@pytest.fixture
def three_files(tmp_path, corpus):
    folder = tmp_path / "batch"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"session-{number}.txt").write_text(press_text(number), encoding="utf-8")
    return folder


def what_remains_of(name):
    """Everything an import of the file `name` writes, as counts."""
    articles = Article.objects.filter(original_filename=name)
    revisions = Revision.objects.filter(comment=f"Imported from {name}")
    return {
        "articles": articles.count(),
        "authors": Authorship.objects.filter(article__in=articles).count(),
        "suggestions": Suggestion.objects.filter(article__in=articles).count(),
        "status log": StatusChange.objects.filter(note=f"Imported from {name}").count(),
        "revisions": revisions.count(),
        "versions": Version.objects.filter(revision__in=revisions).count(),
    }


NOTHING = {
    "articles": 0,
    "authors": 0,
    "suggestions": 0,
    "status log": 0,
    "revisions": 0,
    "versions": 0,
}


def crash_after_writing(model, belongs_to_file, after=1):
    """
    A receiver that lets `after` rows of `model` for the file be written, then fails as a
    crash would (a full disk, a lost worker): a RuntimeError the importer does not expect.
    """
    written = []

    def crash(sender, instance, created, **kwargs):
        if created and belongs_to_file(instance):
            written.append(instance.pk)
            if len(written) >= after:
                raise RuntimeError(f"the machine crashed after writing a {model.__name__}")

    post_save.connect(crash, sender=model, weak=False)
    return crash


def of_file_2(instance):
    """Whether a row being written belongs to session-2.txt's import."""
    if isinstance(instance, Article):
        return instance.original_filename == "session-2.txt"
    if isinstance(instance, Revision):
        return instance.comment == "Imported from session-2.txt"
    return instance.article.original_filename == "session-2.txt"


CRASH_POINTS = {
    "the article": (Article, 1),
    "its author": (Authorship, 1),
    "its status log entry": (StatusChange, 1),
    "its third suggestion": (Suggestion, 3),
    "its revision": (Revision, 1),
}


@pytest.mark.parametrize("point", list(CRASH_POINTS))
def test_a_crash_while_importing_a_file_leaves_nothing_of_it(three_files, point):
    model, after = CRASH_POINTS[point]
    receiver = crash_after_writing(model, of_file_2, after)
    try:
        report = importer.import_paths([three_files])
    finally:
        post_save.disconnect(receiver, sender=model)

    outcomes = {result.name: result.outcome for result in report.results}
    assert outcomes == {
        "session-1.txt": Outcome.IMPORTED,
        "session-2.txt": Outcome.FAILED,
        "session-3.txt": Outcome.IMPORTED,
    }
    failed = report.results[1]
    assert failed.message == (
        f"could not be imported: the machine crashed after writing a {model.__name__}"
    )
    assert what_remains_of("session-2.txt") == NOTHING
    for name in ("session-1.txt", "session-3.txt"):
        remains = what_remains_of(name)
        assert remains["articles"] == remains["authors"] == remains["revisions"] == 1, name
        assert remains["suggestions"] > 3, name

    # Nothing half-written stands in the way: importing the batch again brings the file in.
    again = importer.import_paths([three_files])

    assert [result.outcome for result in again.results] == [
        Outcome.DUPLICATE,
        Outcome.IMPORTED,
        Outcome.DUPLICATE,
    ]
    assert what_remains_of("session-2.txt") == what_remains_of("session-1.txt")


def test_a_database_constraint_failing_mid_file_is_a_failure_not_a_duplicate(three_files):
    """Only the same text already in the archive is a duplicate; any other refusal is a failure."""

    def refuse(sender, instance, created, **kwargs):
        if created and of_file_2(instance):
            raise IntegrityError("CHECK constraint failed: archive_suggestion_something")

    post_save.connect(refuse, sender=Suggestion, weak=False)
    try:
        report = importer.import_paths([three_files])
    finally:
        post_save.disconnect(refuse, sender=Suggestion)

    failed = report.results[1]
    assert failed.outcome == Outcome.FAILED
    assert "CHECK constraint failed" in failed.message
    assert what_remains_of("session-2.txt") == NOTHING
    assert [result.outcome for result in importer.import_paths([three_files]).results] == [
        Outcome.DUPLICATE,
        Outcome.IMPORTED,
        Outcome.DUPLICATE,
    ]


@pytest.mark.parametrize("caught_by", ["validation", "the database"])
def test_the_same_text_imported_twice_at_once_is_still_a_duplicate(
    three_files, monkeypatch, caught_by
):
    """Another import of the same text gets there between this one's check and its save."""
    data = (three_files / "session-1.txt").read_bytes()
    parse = importer.parse_press_text

    def parse_while_another_import_finishes(text):
        monkeypatch.setattr(importer, "parse_press_text", parse)
        assert importer.import_text(data, "session-1-bis.txt").outcome == Outcome.IMPORTED
        if caught_by == "the database":
            # Both imports validated before either saved: only the unique index is left.
            monkeypatch.setattr(Article, "full_clean", lambda self, **kwargs: None)
        return parse(text)

    monkeypatch.setattr(importer, "parse_press_text", parse_while_another_import_finishes)

    result = importer.import_one(data, "session-1.txt")

    assert result.outcome == Outcome.DUPLICATE
    assert result.message == (
        "the same text is already in the archive as "
        "“Parliamentary friendship group meets for session 1”"
    )
    assert what_remains_of("session-1.txt") == NOTHING
    assert what_remains_of("session-1-bis.txt")["articles"] == 1


# --- PostgreSQL: the connection lost in the middle of a request -------------------------------

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL server process"
)
connection_lost = threading.Event()
may_continue = threading.Event()


def read_twice(request):
    """Reads, lets the test cut the database connection, and reads again."""
    before = Person.objects.count()
    connection_lost.set()
    may_continue.wait(timeout=10)
    after = Person.objects.count()
    return HttpResponse(f"{before} {after}")


urlpatterns = [
    path("probe/read-twice/", read_twice),
    *kzbe_site.urls.urlpatterns,
]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def terminate_other_backends():
    """End every other server process on this database, as a restart or failover would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@only_on_postgresql
@pytest.mark.urls(__name__)
def test_a_connection_terminated_mid_request_gives_503_then_the_site_recovers(live_server, corpus):
    connection_lost.clear()
    may_continue.clear()
    result = {}
    request = threading.Thread(
        target=lambda: result.update(answer=fetch(f"{live_server.url}/probe/read-twice/"))
    )
    request.start()
    assert connection_lost.wait(timeout=20)
    assert terminate_other_backends() >= 1
    may_continue.set()
    request.join(timeout=30)

    status, page = result["answer"]
    assert status == 503
    assert "The archive is temporarily unavailable" in page
    # The broken connection is dropped at the end of that request; the next one gets a new one.
    status, page = fetch(f"{live_server.url}/probe/read-twice/")
    assert (status, page) == (200, "15 15")
    assert fetch(f"{live_server.url}/api/people/")[0] == 200


def allow_connections(allowed):
    """Let PostgreSQL accept new connections to the test database, or refuse them all."""
    import psycopg

    settings = connection.settings_dict
    # Said from the maintenance database: a database cannot close its own door.
    with psycopg.connect(
        dbname="postgres",
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as maintenance:
        maintenance.execute(
            f'ALTER DATABASE "{settings["NAME"]}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}'
        )


@only_on_postgresql
def test_while_postgresql_refuses_connections_the_site_answers_503_and_recovers(
    live_server, corpus
):
    assert fetch(f"{live_server.url}/people/")[0] == 200
    connection.ensure_connection()  # this test's own, to let connections in again
    allow_connections(False)
    try:
        terminate_other_backends()
        status, page = fetch(f"{live_server.url}/people/")
        assert status == 503
        assert "The archive is temporarily unavailable" in page
        status, body = fetch(f"{live_server.url}/api/people/")
        assert status == 503
        assert "database is unavailable" in body
    finally:
        allow_connections(True)

    assert fetch(f"{live_server.url}/people/")[0] == 200
    assert fetch(f"{live_server.url}/api/people/")[0] == 200
