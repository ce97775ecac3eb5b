"""
A record's page in RDF: the same address answers `Accept: text/turtle` with Turtle and
`Accept: application/ld+json` with JSON-LD (q-values respected; a browser, `*/*` or no Accept
header gets the page), and `<slug>.ttl` / `<slug>.jsonld` beside it give each one whatever
the client accepts. An unpublished record is a 404 in every form, as its page is.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from ..rdf.graphs import record_graph, serialize
from .generic import absolute

HTML = "text/html"
# What a record's address offers, the page first: it is what `*/*` gets.
REPRESENTATIONS = (HTML, "text/turtle", "application/ld+json")
CONTENT_TYPES = {
    "text/turtle": "text/turtle; charset=utf-8",
    "application/ld+json": "application/ld+json",
}
# The suffix of each RDF form's own address (`/people/<slug>.ttl`).
SUFFIXES = {"ttl": "text/turtle", "jsonld": "application/ld+json"}


def in_default_language():
    """
    Where a record's description is built: in the default language at every prefix, so that
    the page's JSON-LD names the record by the one address its RDF does, and says the same.
    """
    return translation.override(settings.LANGUAGE_CODE)


def negotiated(request):
    """The form the request prefers among a record's (the page if it accepts none of them)."""
    return request.get_preferred_type(REPRESENTATIONS) or HTML


class LinkedDataMixin:
    """
    A record's detail view that also answers in RDF. The view says what the record's
    description is (`describe(record, url)`, the dict `structured_data` builds, in a fixed
    number of queries); a preview sets `negotiates = False` and is only ever a page.
    """

    negotiates = True
    media_type = None  # set for the suffixed addresses, which always answer in that form

    @classmethod
    def answers_by_accept(cls, initkwargs):
        """Whether the address answers by the Accept header (the page cache keys on it then)."""
        return cls.negotiates and not initkwargs.get("media_type")

    def describe(self, record, url):
        raise NotImplementedError

    def page_description(self, record):
        """The description the page embeds: `describe()`'s, as its RDF gives it."""
        with in_default_language():
            return self.describe(record, absolute(self.request))

    def description_with(self, build, record, *parts):
        """`build(record, url, *parts)` with parts the page has already read, as above."""
        with in_default_language():
            return build(record, absolute(self.request), *parts)

    def get(self, request, *args, **kwargs):
        media_type = self.media_type or (negotiated(request) if self.negotiates else HTML)
        if media_type == HTML:
            response = super().get(request, *args, **kwargs)
        else:
            self.object = self.get_object()
            # In the default language wherever it is asked for: the same triples at every
            # prefix, the record's names in the other languages being tagged literals.
            with in_default_language():
                url = absolute(request)
                graph = record_graph(self.describe(self.object, url), self.object, url)
            response = HttpResponse(
                serialize(graph, media_type), content_type=CONTENT_TYPES[media_type]
            )
        if self.negotiates and not self.media_type:
            patch_vary_headers(response, ["Accept"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.negotiates:
            name = self.request.resolver_match.url_name
            slug = self.object.slug
            context["linked_data_links"] = [
                {
                    "type": media_type,
                    "href": reverse(f"archive:{name}_{suffix}", kwargs={"slug": slug}),
                }
                for suffix, media_type in SUFFIXES.items()
            ]
        return context
