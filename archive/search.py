"""
Search: one small interface over the archive's records, used by the website and the API.

Queries and records are compared in folded form (see archive.text.fold), so case, accents,
typographic quotes and dashes do not matter: `D'Hose` finds `D’Hose`. Every word of the query
must occur. Records keep their folded text in `search_text`, refreshed whenever they are saved.
"""

from django.db.models import Q

from .text import fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10


def query_terms(query):
    """The folded words of a query, bounded so that a hostile query stays cheap."""
    return fold((query or "")[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


def filter_by_terms(queryset, query, field="search_text"):
    for term in query_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def search_articles(queryset, query):
    return filter_by_terms(queryset, query)


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
