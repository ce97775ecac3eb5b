"""Full-text search over articles, on whichever engine the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.db import connection

from archive import fulltext, search
from archive.models import Article
from archive.search import search_articles, snippet_html, with_snippets

pytestmark = pytest.mark.django_db


def found(query, queryset=None):
    queryset = Article.objects.published() if queryset is None else queryset
    return [article.slug for article in search_articles(queryset, query)]


SENATE = "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"


def test_typographic_quotes_and_case_do_not_matter(corpus):
    assert found("D'Hose") == [SENATE]
    assert found("d’hose") == [SENATE]
    assert found("STEPHANIE") == [SENATE]


def test_words_are_stemmed(corpus):
    # "cooperate" finds texts that only say "cooperation".
    assert len(found("cooperate")) == 5


def test_every_word_must_occur(corpus):
    assert found("Vld Senate") == [SENATE]
    assert found("Vld Maeterlinck") == []


def test_a_quoted_phrase_must_occur_as_written(corpus):
    assert len(found('"friendship group"')) >= 2
    assert found('"group friendship"') == []


def test_the_title_weighs_more_than_the_body(corpus):
    # Only one title speaks of inter-parliamentary diplomacy; it ranks first among four hits.
    results = found("diplomacy")
    assert results[0].startswith("inter-parliamentary-diplomacy")


def test_a_word_most_texts_share_lists_them_newest_first(corpus, monkeypatch):
    # Past the ranking limit, scores would hardly differ: the texts come newest first instead.
    ranked = search_articles(Article.objects.published(), "cooperate")
    assert search.is_ranked(ranked)
    monkeypatch.setattr(search, "RANK_LIMIT", 4)
    unranked = search_articles(Article.objects.published(), "cooperate")
    assert not search.is_ranked(unranked)
    newest_first = sorted(
        Article.objects.published(),
        key=lambda article: (article.date_sort is not None, article.date_sort, article.pk),
        reverse=True,
    )
    assert [article.slug for article in unranked] == [article.slug for article in newest_first]


def test_a_query_with_no_words_finds_nothing(corpus):
    assert found('" "') == []
    assert found("") == [a.slug for a in Article.objects.published()]


def test_hostile_queries_are_harmless(corpus):
    for query in ['" OR 1=1 --', "title:*", "NEAR(a b)", "a" * 5000, "\x00", "AND", "'"]:
        list(search_articles(Article.objects.published(), query))


def test_snippets_mark_the_matches_and_escape_the_text(corpus):
    article = Article.objects.get(slug=SENATE)
    article.body += "\n\nA zeppelin <script>alert(1)</script> flew over the Senate."
    article.save()
    results = with_snippets(search_articles(Article.objects.published(), "zeppelin"), "zeppelin")
    (hit,) = results
    html = snippet_html(hit.search_snippet)
    assert "<mark>zeppelin</mark>" in html
    assert "<script>" not in html


def test_the_index_follows_edits_and_deletes(corpus):
    article = Article.objects.get(slug=SENATE)
    assert found("zeppelin") == []
    article.body += "\n\nA zeppelin flew over the Senate."
    article.save()
    assert found("zeppelin") == [SENATE]
    article.body = "Nothing here."
    article.save()
    assert found("zeppelin") == []
    article.roles.all().delete()
    article.statistics.all().delete()
    article.event_reports.all().delete()
    article.delete()
    assert found("Vld") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_a_rebuilt_table_gets_its_index_back(corpus):
    with connection.cursor() as cursor:
        for name in fulltext.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Article.objects.filter(slug=SENATE).update(title="Changed while unindexed: zeppelin")
    fulltext.ensure_index(connection)
    assert found("zeppelin") == [SENATE]
