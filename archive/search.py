"""
Search: one small interface over the archive's records, used by the website and the API.

Articles get real full-text search on both database engines (archive/fulltext.py):
- PostgreSQL: a generated `search_vector` column over the folded title and body, each text in
  its own language's text-search configuration (English, Russian, French and Dutch stemming;
  Kazakh and other languages word for word), the title weighted higher, with a GIN index;
  the query is read in each text's language. Ranking by `ts_rank_cd`, passages by
  `ts_headline`.
- SQLite: an FTS5 index (`archive_article_fts`, case- and accent-folding, Porter stemming for
  English) kept in step with the articles table by triggers; ranking by `bm25`, passages by
  `snippet`.

Case, accents and typographic quotes do not matter: `D'Hose` finds `D’Hose`, `liege` finds
`Liège`. Every word must occur; "quoted words" must occur together. A word may also be a name
(archive/namesearch.py): `Назарбаев` finds, besides the texts that hold it, the articles that
mention Nursultan Nazarbayev or that he wrote, however their text spells him.

Order: texts holding every word come first, then those found only through a name; within each,
texts in the reader's language (the page's, or the API's Accept-Language) first, then best
first (the text holding the words most, in its title first), then newest first.

Ranking has a limit. When at most `RANK_LIMIT` texts match, they come in that order; when more
do (a word found in most of the archive), they come newest first: ranking would score every
match (tens of thousands at the archive's scale, hundreds of milliseconds) to tell apart
texts whose scores hardly differ, since a word that most texts share weighs almost nothing.
`is_ranked()` says which order a result has. The ranked order is worked out from the index's
scores and carried into the article query as each article's position in it, so the article
query itself stays an ordinary filter (usable as a subquery by facets and counts).

Smaller records match every folded word against their `search_text`, which their own saves
keep up to date: events their title and description, people, bodies and places every name
they go by, in any script (archive/namesearch.py).
"""

import re
import unicodedata

from django.db import connection
from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Cast, Concat, Replace, StrIndex
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from . import fulltext, namesearch
from .models.translations import in_every_language
from .text import fold, plain_marks

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
# The scores of at most RANK_LIMIT + 1 texts holding the words: only that many are scored, and
# nothing of the articles' rows is read (a column after the body would cost a read of it).
SQLITE_SCORES = """
    SELECT rowid, bm25(archive_article_fts, 5.0, 1.0) FROM archive_article_fts
    WHERE archive_article_fts MATCH %s LIMIT %s"""
POSTGRESQL_SCORES = """
    SELECT id, -ts_rank_cd(search_vector, {query}) FROM (
        SELECT id, language, search_vector FROM archive_article WHERE {match} LIMIT %s
    ) AS matches"""


def query_terms(query):
    """The folded words of a query, bounded so that a hostile query stays cheap."""
    return fold((query or "")[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


def _phrases(query, normalise):
    phrases = []
    text = unicodedata.normalize("NFC", plain_marks((query or "")[:MAX_QUERY_LENGTH]))
    for quoted, bare in _PHRASE_OR_WORD.findall(text):
        words = [part for word in _WORD.findall(quoted or bare) for part in normalise(word)]
        if words:
            phrases.append(words)
    return phrases[:MAX_TERMS]


def query_phrases(query):
    """Phrases of folded words: `"cultural ties" D'Hose` → [[cultural, ties], [d, hose]]."""
    return _phrases(query, lambda word: fold(word).split())


def _fts5_phrases(query):
    """
    The query's phrases, as query_phrases, for FTS5, which folds accents on Latin letters
    itself but keeps й and ё: so they are given in lower case, accents and all.
    """
    return _phrases(query, lambda word: [word.casefold()])


def filter_by_terms(queryset, query, field="search_text"):
    for term in query_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


# --- Articles: full text ----------------------------------------------------------------------


class ArticleQuery:
    """A query as each engine reads it, with the records each of its phrases names."""

    def __init__(self, query):
        self.phrases = query_phrases(query)
        fts5 = _fts5_phrases(query)
        # Both are split alike; should folding ever join or split a word, FTS5 reads it whole.
        self.fts5_phrases = fts5 if len(fts5) == len(self.phrases) else self.phrases
        self.named = namesearch.named_records(self.phrases) if self.phrases else []

    def text_condition(self, indexes=None):
        """Articles whose text holds the phrases (all, or those at `indexes`)."""
        indexes = range(len(self.phrases)) if indexes is None else indexes
        if connection.vendor == "postgresql":
            return Q(fulltext.PostgreSQLMatch([self.phrases[i] for i in indexes]))
        match = _fts5_query([self.fts5_phrases[i] for i in indexes])
        return Q(pk__in=RawSQL(SQLITE_MATCHING, (match,)))

    def condition(self):
        """Every phrase held by the text, or, for a name, by a record the article is linked to."""
        plain = [i for i, records in enumerate(self.named) if records is None]
        condition = self.text_condition(plain) if plain else Q()
        for index, records in enumerate(self.named):
            if records is not None:
                condition &= self.text_condition([index]) | namesearch.linked_to(records)
        return condition

    @property
    def names_anything(self):
        return any(records is not None for records in self.named)


def search_articles(queryset, query):
    """
    Articles matching the query: in the order the module's docstring gives when at most
    RANK_LIMIT texts match (the position is annotated as `search_rank`, lower = better),
    newest first otherwise. 1 query for the records the query may name, 1 over the index to
    score the texts holding its words (or find that there are too many) and, unless there are,
    1 for the languages and dates of the matches (see _ranked_ids).
    """
    parsed = ArticleQuery(query)
    if not parsed.phrases:
        return queryset.none() if (query or "").strip() else queryset
    matching = queryset.filter(parsed.condition())
    ranked_ids = _ranked_ids(parsed)
    if ranked_ids is None:
        return matching.order_by(F("date_sort").desc(nulls_last=True), "-id")
    # The article's place in the ranked list: ",12,7,31," gives 7 an earlier position than 31.
    positions = "," + ",".join(str(pk) for pk in ranked_ids) + ","
    rank = StrIndex(Value(positions), Concat(Value(","), Cast("pk", CharField()), Value(",")))
    return matching.annotate(search_rank=rank).order_by("search_rank", "-id")


def is_ranked(queryset):
    """Whether a search result comes best first (rather than newest first)."""
    return "search_rank" in queryset.query.annotations


def _ranked_ids(parsed):
    """
    The ids of every article matching, in order, or None if more than RANK_LIMIT match. The
    order is worked out here from each text's score (1 query over the index), and its
    language and date (1 query, for at most RANK_LIMIT articles, with those found only through
    a name): a word most texts hold costs one query over the index and no more.
    """
    from .models import Article

    scores = _text_scores(parsed)
    if scores is None:
        return None
    condition = parsed.condition() if parsed.names_anything else Q(pk__in=list(scores))
    rows = (
        Article._base_manager.filter(condition)
        .order_by()
        .values_list("pk", "language", "date_sort")[: RANK_LIMIT + 1]
    )
    rows = list(rows)
    if len(rows) > RANK_LIMIT:
        return None
    language = namesearch.reader_language()

    def order(row):
        pk, article_language, date_sort = row
        return (
            pk not in scores,  # texts holding every word before those found through a name
            not (article_language == language or article_language.startswith(f"{language}-")),
            scores.get(pk, 0),  # lower is better
            date_sort is None,
            -(date_sort.toordinal() if date_sort else 0),  # newest first
            -pk,
        )

    return [row[0] for row in sorted(rows, key=order)]


def _text_scores(parsed):
    """{id: score, lower = better} of the texts holding every phrase, or None past RANK_LIMIT."""
    if connection.vendor == "postgresql":
        match, match_params = fulltext.postgresql_match("search_vector", "language", parsed.phrases)
        query, query_params = fulltext.postgresql_own_language_query(parsed.phrases, "language")
        sql = POSTGRESQL_SCORES.format(match=match, query=query)
        params = [*query_params, *match_params, RANK_LIMIT + 1]
    else:
        sql, params = SQLITE_SCORES, [_fts5_query(parsed.fts5_phrases), RANK_LIMIT + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scores = dict(cursor.fetchall())
    return None if len(scores) > RANK_LIMIT else scores


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
    """
    Annotate `search_snippet`: a short extract with the query's words marked up, any of them
    (an article found through a name may hold only some, or none: then no extract on SQLite,
    the text's opening words on PostgreSQL).
    """
    phrases = query_phrases(query)
    if not phrases:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.annotate(search_snippet=PostgreSQLHeadline(phrases))
    return queryset.annotate(search_snippet=FTS5Snippet(_fts5_query(_fts5_phrases(query), "OR")))


class PostgreSQLHeadline(Func):
    """`ts_headline` of an article's body, in its own language, around any of the phrases."""

    output_field = TextField()

    def __init__(self, phrases):
        super().__init__(Replace("body", Value("<"), Value(_LESS_THAN)), F("language"))
        self.phrases = phrases

    def as_sql(self, compiler, connection, **extra_context):
        body, language = (compiler.compile(e) for e in self.get_source_expressions())
        query, query_params = fulltext.postgresql_own_language_query(
            self.phrases, language[0], language[1], operator="||"
        )
        options = fulltext.postgresql_headline_options(_START, _STOP, SNIPPET_WORDS)
        sql = f"ts_headline({fulltext.postgresql_config(language[0])}, {body[0]}, {query}, %s)"
        return sql, (*language[1], *body[1], *query_params, options)


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


def _fts5_query(phrases, operator="AND"):
    # Each phrase is quoted for FTS5, so no word can be read as an operator.
    return f" {operator} ".join('"' + " ".join(words) + '"' for words in phrases)


# --- Other records: folded words --------------------------------------------------------------


def search_events(queryset, query):
    return filter_by_terms(queryset, query)


def _search_names(queryset, query, grouped_by=()):
    terms = query_terms(query)
    for term in terms:
        queryset = queryset.filter(namesearch.term_condition(term))
    return namesearch.reader_language_first(queryset, terms, grouped_by)


def search_people(queryset, query):
    return _search_names(queryset, query)


def search_organisations(queryset, query):
    # The website lists bodies by kind: the reader's names come first within each kind.
    return _search_names(queryset, query, grouped_by=("kind",))


def search_places(queryset, query):
    return _search_names(queryset, query)


def _search_fields(queryset, query, fields):
    """
    For the small controlled vocabularies, which have no folded column: every term in one of
    the fields, folded in Python, since SQLite's LIKE folds the case of ASCII letters only
    ("торговля" must find "Торговля", "senat" "Sénat").
    """
    terms = query_terms(query)
    if not terms:
        return queryset
    matching = [
        pk
        for pk, *texts in queryset.values_list("pk", *fields)
        if all(term in fold(" \n ".join(texts)) for term in terms)
    ]
    return queryset.filter(pk__in=matching)


def search_topics(queryset, query):
    return _search_fields(queryset, query, in_every_language(queryset.model, "name", "description"))


def search_indicators(queryset, query):
    return _search_fields(queryset, query, in_every_language(queryset.model, "name", "description"))
