"""
The same text imported twice at the same moment, on PostgreSQL, with real concurrent
transactions: two threads, each with its own database connection, held at a barrier until both
have looked for the text and found nothing, then let go to write at once. One article comes in;
the other import answers "duplicate", naming it, and leaves nothing behind; never an error.

Through the importer (the entry point of the admin's import page and of `import_articles`),
and through the admin's import page itself. SQLite is left out: the test database is in memory
with a shared cache, whose table locks are not the file locks a SQLite server has (there every
transaction begins by taking the one write lock, so imports cannot overlap at all).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from archive.importing import importer
from archive.importing.importer import Outcome
from archive.models import Article

from .test_faults import NOTHING, what_remains_of

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real concurrent transactions (PostgreSQL); SQLite's in-memory test "
        "database has shared-cache table locks, not the file locks of a real one",
    ),
    pytest.mark.django_db(transaction=True),
]

# No title, so each import would take its slug from its own file name.
UNTITLED = (
    "BRUSSELS. KAZINFORM – The Belgian Chamber's friendship group with Kazakhstan met the "
    "Ambassador, Kazinform correspondent reports.\n\nThey discussed trade and investment.\n"
)
TITLED = f" date 2023-05-04 Friendship group meets the Ambassador\n\n{UNTITLED}"


def both_at_once(monkeypatch, *imports):
    """
    Run each of `imports` (callables) in a thread of its own, all held after their first look
    for the text until every one has looked; returns their results in order.
    """
    barrier = threading.Barrier(len(imports), timeout=20)
    parse = importer.parse_press_text

    def parse_once_all_have_looked(text):
        barrier.wait()
        return parse(text)

    monkeypatch.setattr(importer, "parse_press_text", parse_once_all_have_looked)
    results = [None] * len(imports)

    def run(position, call):
        try:
            results[position] = call()
        except BaseException as error:  # reported below, in the test's own thread
            results[position] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=item) for item in enumerate(imports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an import never finished"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


@pytest.mark.parametrize(
    "first, second",
    [
        pytest.param(
            (TITLED.encode(), "friendship.txt"),
            (TITLED.encode(), "friendship-again.txt"),
            id="the same bytes",
        ),
        pytest.param(
            (UNTITLED.encode(), "friendship.txt"),
            (UNTITLED.replace("\n", "\r\n").encode(), "pasted text"),
            id="a file and the same text pasted from a browser",
        ),
    ],
)
def test_the_same_text_imported_at_the_same_moment_gives_one_article(
    corpus, monkeypatch, first, second
):
    count = Article.objects.count()

    results = both_at_once(
        monkeypatch,
        lambda: importer.import_one(*first),
        lambda: importer.import_one(*second),
    )

    assert sorted(result.outcome for result in results) == [Outcome.DUPLICATE, Outcome.IMPORTED]
    imported = next(result for result in results if result.outcome == Outcome.IMPORTED)
    duplicate = next(result for result in results if result.outcome == Outcome.DUPLICATE)
    assert Article.objects.count() == count + 1
    assert duplicate.article == imported.article
    assert duplicate.message == (
        f"the same text is already in the archive as “{imported.article.display_title}”"
    )
    assert what_remains_of(duplicate.name) == NOTHING


def test_two_editors_importing_the_same_file_at_once_both_get_a_page(corpus, monkeypatch, editor):
    """Each editor's request in its own thread, with its own connection, as under gunicorn."""
    url = reverse("admin:archive_article_import")

    def post_as_editor(name):
        client = Client()
        client.force_login(editor)
        return client.post(url, {"text": TITLED, "name": name})

    responses = both_at_once(
        monkeypatch, lambda: post_as_editor("first.txt"), lambda: post_as_editor("second.txt")
    )

    assert [response.status_code for response in responses] == [200, 200]
    pages = sorted(response.content.decode() for response in responses)
    assert "Imported 0, duplicates 1, flagged 0, failed 0" in pages[0] + pages[1]
    assert "Imported 1, duplicates 0" in pages[0] + pages[1]
    assert "the same text is already in the archive as “Friendship group meets the Ambassador”" in (
        pages[0] + pages[1]
    )
    assert Article.objects.filter(title="Friendship group meets the Ambassador").count() == 1
