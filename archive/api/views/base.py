"""
What every viewset of the API shares: ArchiveViewSet (list and detail, CSV, validators) and
Embedded, a list a detail embeds a sample of. A viewset is then mostly attributes: what it
lists (`queryset`), what a detail fetches on top (`detail_prefetches`), its serializers and its
FilterSet, the website's own.

Visibility is the website's, from the managers: `Article.objects.published()`, each record's
`.public()`. Each viewset fetches exactly what its serializer reads, so the number of queries
does not grow with the number of rows on a page.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from ...cache import data_changed_at, generation
from ..filtering import accepted_query_parameters, refuse_unknown_query_parameters
from ..renderers import CSVRenderer, ExcelCSVRenderer, columns
from ..serializers import EMBEDDED_LIMIT

__all__ = (
    "CSV_CHUNK_SIZE",
    "ArchiveViewSet",
    "Embedded",
    "Fetched",
    "PublicAPIMixin",
    "chunks",
)

# Records read, serialized and written at a time when a whole list is streamed as CSV.
CSV_CHUNK_SIZE = 500


def chunks(records, size):
    """The records in lists of `size` (the last one shorter)."""
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class PublicAPIMixin:
    """
    What every public API view shares: a 405 for a method it does not support (before anything
    else in the request is looked at), a clear 429, and errors always in JSON.
    """

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait):
        rate = api_settings.DEFAULT_THROTTLE_RATES.get("anon")
        raise exceptions.Throttled(
            wait,
            detail=(
                f"Too many requests from your address: anonymous clients may make {rate} "
                "requests. Please slow down, or use the bulk export at /api/export/."
            ),
        )

    def finalize_response(self, request, response, *args, **kwargs):
        # An error asked for as CSV still comes as JSON: a message is not a table.
        if response.status_code >= 400 and not isinstance(
            getattr(request, "accepted_renderer", None), JSONRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@method_decorator(conditional_page, name="dispatch")
class ArchiveViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """
    A read-only list and detail by slug. Lists also come as CSV (`?format=csv` or
    `Accept: text/csv`; `?format=csv-excel` with a byte-order mark for Excel), a page at a time
    like the JSON, or every row of the filtered list at once with `?page_size=all`, streamed
    in chunks so that no worker holds a whole table. Responses carry an ETag and, as
    `Last-Modified`, the time of the archive's last change, so a client polling with
    `If-None-Match` or `If-Modified-Since` gets a bodiless 304 while nothing changed; they are
    to be revalidated before reuse, as an editor's change must show at once. (The ETag is
    the exact validator; `Last-Modified` counts whole seconds.)
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"  # a slug, as Django's SlugField accepts it
    detail_serializer_class = None
    # What a detail starts from, when not the list's `queryset` (articles: `for_detail()`).
    detail_queryset = None
    # What a detail fetches on top: lookups, Fetched relations read whole and Embedded lists
    # (a sample of each, and its count), in the order they are fetched.
    detail_prefetches = ()

    def get_queryset(self):
        if self.action != "retrieve":
            return super().get_queryset()
        records = self.queryset if self.detail_queryset is None else self.detail_queryset
        return records.prefetch_related(
            *(
                lookup if isinstance(lookup, str) else lookup.prefetch()
                for lookup in self.detail_prefetches
            )
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_query_parameters(request, accepted_query_parameters(self))

    def get_object(self):
        try:
            record = super().get_object()
        except Http404:
            kind = self.get_queryset().model._meta.verbose_name
            key = "number" if self.lookup_field == "pk" else "slug"
            value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            raise exceptions.NotFound(f"No {kind} has the {key} “{value}”.") from None
        for embedded in self.embedded_lists():
            setattr(record, embedded.count_attr, embedded.count(record))
        return record

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def embedded_lists(self):
        """The lists a detail embeds (a sample of each, and its count): see Embedded."""
        return [lookup for lookup in self.detail_prefetches if isinstance(lookup, Embedded)]

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers += [CSVRenderer(), ExcelCSVRenderer()]
        return renderers

    def list(self, request, *args, **kwargs):
        if self.paginator.asks_for_every_row(request):
            return self.every_row_as_csv(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def every_row_as_csv(self, queryset):
        """The whole filtered list as CSV, read and written a chunk of records at a time."""
        renderer = self.request.accepted_renderer
        batches = (
            self.get_serializer(records, many=True).data
            for records in chunks(queryset.iterator(chunk_size=CSV_CHUNK_SIZE), CSV_CHUNK_SIZE)
        )
        response = StreamingHttpResponse(
            renderer.stream(columns(self.get_serializer()), batches),
            content_type=f"{renderer.media_type}; charset={renderer.charset}",
        )
        # A stream cannot be hashed before it is sent, so its ETag names what it is made from:
        # this address, over the archive as it stands (every change renews the generation).
        # Weak, as the bytes are not hashed; enough for If-None-Match (RFC 9110 8.8.3.2).
        made_from = f"{generation()} {self.request.get_full_path()}"
        response["ETag"] = f'W/"{hashlib.sha256(made_from.encode()).hexdigest()[:32]}"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Last-Modified"] = http_date(data_changed_at())
            patch_cache_control(response, max_age=0, must_revalidate=True)
        if self.action == "list":
            # The same address answers JSON or CSV depending on Accept: caches must know.
            patch_vary_headers(response, ["Accept"])
            if response.status_code == 200 and isinstance(
                getattr(request, "accepted_renderer", None), CSVRenderer
            ):
                response["Content-Disposition"] = (
                    f'attachment; filename="{self.csv_file_name(request)}"'
                )
        return response

    def csv_file_name(self, request):
        page = getattr(self.paginator, "page", None)  # none when every row was asked for
        if page is None:
            return f"{self.list_name}.csv"
        return f"{self.list_name}-page-{page.number}.csv"

    @property
    def list_name(self):
        # The list's own address names the records: /api/people/ gives people.csv.
        return self.request.path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Embedded:
    """
    A list a detail embeds, which can grow without bound (an indicator's figures, a topic's
    articles): only its first EMBEDDED_LIMIT records are fetched, into `to_attr`, and how many
    there are in all is counted into `<to_attr>_count`; the serializer links the whole list.
    """

    lookup: str
    queryset: QuerySet
    to_attr: str

    def prefetch(self):
        return Prefetch(self.lookup, queryset=self.queryset[:EMBEDDED_LIMIT], to_attr=self.to_attr)

    @property
    def count_attr(self):
        return f"{self.to_attr}_count"

    def count(self, record):
        related = getattr(record, self.lookup).order_by().values("pk")
        return self.queryset.filter(pk__in=related).count()


@dataclass(frozen=True)
class Fetched:
    """
    A relation a detail reads whole (an article's roles), fetched in one query with the records
    its rows name. A fresh Prefetch each time: the viewset's attribute is shared by every request.
    """

    lookup: str
    queryset: QuerySet

    def prefetch(self):
        return Prefetch(self.lookup, queryset=self.queryset.all())
