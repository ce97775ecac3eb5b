"""
Search: one small interface over the archive's records, used by the website and the API.

Articles get real full-text search on both database engines, built in migration 0005:
- PostgreSQL: a generated `search_vector` column (English stemming over the folded title and
  body, the title weighted higher) with a GIN index; ranking by `ts_rank_cd`, snippets by
  `ts_headline`, through Django's own `django.contrib.postgres.search` expressions.
- SQLite: an FTS5 index (`archive_article_fts`, Porter stemming, case- and accent-folding)
  kept in step with the articles table by triggers; ranking by `bm25`, snippets by `snippet`.

The query is folded first (see archive.text.fold), so case, accents and typographic quotes do not
matter: `D'Hose` finds `D’Hose`. Every word must occur; "quoted words" must occur together.

Ranking has a limit. When at most `RANK_LIMIT` texts match, they come best first; when more
do (a word found in most of the archive), they come newest first: ranking would score every
match (tens of thousands at the archive's scale, hundreds of milliseconds) to tell apart
texts whose scores hardly differ, since a word that most texts share weighs almost nothing.
`is_ranked()` says which order a result has. The ranked order is worked out in one query over
the index and carried into the article query as each article's position in it, so the
article query itself stays an ordinary filter (usable as a subquery by facets and counts).

Smaller records (people, organisations, places, events) match every folded word against their
`search_text`, which their own saves keep up to date.
"""

import re

from django.db import connection
from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Cast, Concat, Replace, StrIndex
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .text import fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_WORDS = 30
RANK_LIMIT = 1000

# Markers the databases put around matched words in snippets; never present in stored text,
# so the snippet can be escaped first and the markers turned into <mark> afterwards.
_START, _STOP = "\x02", "\x03"
# PostgreSQL's ts_headline reads "<...>" in a text as an HTML tag and leaves it out of the
# snippet; the body is given to it with "<" swapped for this marker, swapped back in Python,
# so that the passage quotes the text as it is.
_LESS_THAN = "\x04"
_WORD = re.compile(r"\w+")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')

SQLITE_MATCHING = "SELECT rowid FROM archive_article_fts WHERE archive_article_fts MATCH %s"
# The ranked order of at most RANK_LIMIT + 1 matching texts: only that many are ever scored.
SQLITE_RANKED = """
    SELECT archive_article.id FROM (
        SELECT rowid, bm25(archive_article_fts, 5.0, 1.0) AS score FROM archive_article_fts
        WHERE archive_article_fts MATCH %s LIMIT %s
    ) AS matches
    JOIN archive_article ON archive_article.id = matches.rowid
    ORDER BY matches.score, archive_article.date_sort DESC, archive_article.id DESC"""
POSTGRESQL_RANKED = """
    SELECT id FROM (
        SELECT id, date_sort, search_vector FROM archive_article
        WHERE search_vector @@ ({query}) LIMIT %s
    ) AS matches
    ORDER BY ts_rank_cd(search_vector, ({query})) DESC, date_sort DESC NULLS LAST, id DESC"""
POSTGRESQL_PHRASE = "phraseto_tsquery('english'::regconfig, %s)"


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
    """
    Articles matching the query: best first when at most RANK_LIMIT texts match (the rank is
    annotated as `search_rank`, lower = better), newest first otherwise. 1 query, over the
    index alone, to rank the matches or find that there are too many.
    """
    phrases = query_phrases(query)
    if not phrases:
        return queryset.none() if (query or "").strip() else queryset
    if connection.vendor == "postgresql":
        matching = queryset.annotate(search_vector=SearchVectorColumn()).filter(
            search_vector=_postgresql_query(phrases)
        )
    else:
        matching = queryset.filter(pk__in=RawSQL(SQLITE_MATCHING, (_fts5_query(phrases),)))
    ranked_ids = _ranked_ids(phrases)
    if ranked_ids is None:
        return matching.order_by(F("date_sort").desc(nulls_last=True), "-id")
    # The article's place in the ranked list: ",12,7,31," gives 7 an earlier position than 31.
    positions = "," + ",".join(str(pk) for pk in ranked_ids) + ","
    rank = StrIndex(Value(positions), Concat(Value(","), Cast("pk", CharField()), Value(",")))
    return matching.annotate(search_rank=rank).order_by("search_rank", "-id")


def is_ranked(queryset):
    """Whether a search result comes best first (rather than newest first)."""
    return "search_rank" in queryset.query.annotations


def _ranked_ids(phrases):
    """The ids of every text matching, best first, or None if more than RANK_LIMIT match."""
    if connection.vendor == "postgresql":
        tsquery = " && ".join([POSTGRESQL_PHRASE] * len(phrases))
        words = [" ".join(words) for words in phrases]
        sql = POSTGRESQL_RANKED.format(query=tsquery)
        params = [*words, RANK_LIMIT + 1, *words]
    else:
        sql, params = SQLITE_RANKED, [_fts5_query(phrases), RANK_LIMIT + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [pk for (pk,) in cursor.fetchall()]
    return None if len(ids) > RANK_LIMIT else ids


class SearchVectorColumn(Expression):
    """
    PostgreSQL's generated `search_vector` column of the articles table. It is not a model
    field (SQLite could not build it), so it is referred to as a column of whatever alias the
    articles table has in the query: it then works in subqueries too.
    """

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def resolve_expression(self, query=None, *args, **kwargs):
        target = self.output_field.clone()
        target.set_attributes_from_name("search_vector")
        target.model = query.model  # Django identifies a column by its field's model and name
        return Col(query.get_initial_alias(), target, self.output_field)


def with_snippets(queryset, query):
    """Annotate `search_snippet`: a short extract with the matched words marked up."""
    phrases = query_phrases(query)
    if not phrases:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline

        return queryset.annotate(
            search_snippet=SearchHeadline(
                Replace("body", Value("<"), Value(_LESS_THAN)),
                _postgresql_query(phrases),
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
            )
        )
    return queryset.annotate(search_snippet=FTS5Snippet(_fts5_query(phrases)))


class FTS5Snippet(Func):
    """
    SQLite's `snippet()` of an article's body around the matches of an FTS5 query. FTS5 makes
    a snippet only for a row of a MATCH query, so this is a subquery on the index for the
    article's own row: one small lookup per row shown.
    """

    template = (
        "(SELECT snippet(archive_article_fts, 1, %%s, %%s, '…', %%s) FROM archive_article_fts"
        " WHERE archive_article_fts MATCH %%s AND archive_article_fts.rowid = %(expressions)s)"
    )
    output_field = TextField()

    def __init__(self, match, words=SNIPPET_WORDS):
        super().__init__(F("pk"))
        self.snippet_params = (_START, _STOP, words, match)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        # The snippet's parameters come before the article's id in the SQL.
        return sql, (*self.snippet_params, *params)


def snippet_html(snippet):
    """A database snippet as safe HTML: the text escaped, the matches in <mark>."""
    escaped = conditional_escape((snippet or "").replace(_LESS_THAN, "<"))
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _postgresql_query(phrases):
    from django.contrib.postgres.search import SearchQuery

    combined = None
    for words in phrases:
        part = SearchQuery(" ".join(words), search_type="phrase", config="english")
        combined = part if combined is None else combined & part
    return combined


def _fts5_query(phrases):
    # Each phrase is quoted for FTS5, so no word can be read as an operator.
    return " AND ".join('"' + " ".join(words) + '"' for words in phrases)


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
