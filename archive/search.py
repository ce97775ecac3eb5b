"""
Search: one small interface over the archive's records, used by the website and the API.

Articles get real full-text search on both database engines, built in migration 0003:
- PostgreSQL: a generated `search_vector` column (English stemming over the folded title and
  body, the title weighted higher) with a GIN index; ranking by `ts_rank_cd`, snippets by
  `ts_headline`, through Django's own `django.contrib.postgres.search` expressions.
- SQLite: an FTS5 index (`archive_article_fts`, Porter stemming, case- and accent-folding)
  kept in step with the articles table by triggers; ranking by `bm25`, snippets by `snippet`.

The query is folded first (see archive.text.fold), so case, accents and typographic quotes do not
matter: `D'Hose` finds `D’Hose`. Every word must occur; "quoted words" must occur together.
Smaller records (people, organisations, places, events) match every folded word against their
`search_text`, which their own saves keep up to date.
"""

import re

from django.db import connection
from django.db.models import Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .text import fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_WORDS = 30

# Markers the databases put around matched words in snippets; never present in stored text,
# so the snippet can be escaped first and the markers turned into <mark> afterwards.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')


def query_terms(query):
    """The folded words of a query, bounded so that a hostile query stays cheap."""
    return fold((query or "")[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


def query_phrases(query):
    """The query as phrases of words: `"cultural ties" D'Hose` → [[cultural, ties], [d, hose]]."""
    phrases = []
    for quoted, bare in _PHRASE_OR_WORD.findall(fold((query or "")[:MAX_QUERY_LENGTH])):
        words = _WORD.findall(quoted or bare)
        if words:
            phrases.append(words)
    return phrases[:MAX_TERMS]


def filter_by_terms(queryset, query, field="search_text"):
    for term in query_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


# --- Articles: full text ----------------------------------------------------------------------


def search_articles(queryset, query):
    """Articles matching the query, best first; `search_rank` is annotated (lower = better)."""
    phrases = query_phrases(query)
    if not phrases:
        return queryset.none() if (query or "").strip() else queryset
    if connection.vendor == "postgresql":
        return _postgresql_search(queryset, phrases)
    return _sqlite_search(queryset, phrases)


def with_snippets(queryset, query):
    """Annotate `search_snippet`: a short extract with the matched words marked up."""
    phrases = query_phrases(query)
    if not phrases:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline

        return queryset.annotate(
            search_snippet=SearchHeadline(
                "body",
                _postgresql_query(phrases),
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
            )
        )
    # The snippet is computed from the FTS5 row joined by search_articles.
    return queryset.extra(
        select={
            "search_snippet": "snippet(archive_article_fts, 1, %s, %s, '…', %s)",
        },
        select_params=(_START, _STOP, SNIPPET_WORDS),
    )


def snippet_html(snippet):
    """A database snippet as safe HTML: the text escaped, the matches in <mark>."""
    escaped = conditional_escape(snippet or "")
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _postgresql_query(phrases):
    from django.contrib.postgres.search import SearchQuery

    combined = None
    for words in phrases:
        part = SearchQuery(" ".join(words), search_type="phrase", config="english")
        combined = part if combined is None else combined & part
    return combined


def _postgresql_search(queryset, phrases):
    from django.contrib.postgres.search import SearchRank, SearchVectorField
    from django.db.models.expressions import RawSQL

    # The generated column is not a model field (SQLite could not build it); refer to it raw.
    vector = RawSQL('"archive_article"."search_vector"', [], output_field=SearchVectorField())
    search_query = _postgresql_query(phrases)
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=search_query)
        .annotate(search_rank=-SearchRank(vector, search_query, cover_density=True))
        .order_by("search_rank", "-date_sort", "-id")
    )


def _fts5_query(phrases):
    # Each phrase is quoted for FTS5, so no word can be read as an operator.
    return " AND ".join('"' + " ".join(words) + '"' for words in phrases)


def _sqlite_search(queryset, phrases):
    # FTS5 needs its table joined and matched through its hidden column, for which the ORM has
    # no expression; extra() adds exactly that join and nothing else.
    return queryset.extra(
        tables=["archive_article_fts"],
        where=[
            "archive_article_fts.rowid = archive_article.id",
            "archive_article_fts MATCH %s",
        ],
        params=[_fts5_query(phrases)],
        select={"search_rank": "bm25(archive_article_fts, 5.0, 1.0)"},
    ).order_by("search_rank", "-date_sort", "-id")


# --- Other records: folded words --------------------------------------------------------------


def search_events(queryset, query):
    return filter_by_terms(queryset, query)


def search_people(queryset, query):
    return filter_by_terms(queryset, query)


def search_organisations(queryset, query):
    return filter_by_terms(queryset, query)


def search_places(queryset, query):
    return filter_by_terms(queryset, query)


def _search_fields(queryset, query, fields):
    """For small vocabularies without a folded column: every term in one of the fields."""
    for term in query_terms(query):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


def search_topics(queryset, query):
    return _search_fields(queryset, query, ["name", "description"])


def search_indicators(queryset, query):
    return _search_fields(queryset, query, ["name", "description"])
