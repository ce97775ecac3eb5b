"""
The API's viewsets: one per record type, read-only, sharing the website's FilterSets.

Visibility is the website's: `Article.objects.published()`, `Event.objects.public()` and, for
facts resting on an article, `.public()`. Each viewset fetches exactly what its serializer
reads, so the number of queries does not grow with the number of rows on a page.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, routers, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .. import export
from ..cache import data_changed_at, generation
from ..filtersets import (
    ArticleFilterSet,
    EventFilterSet,
    IndicatorFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    PlaceFilterSet,
    StatisticFilterSet,
    TopicFilterSet,
)
from ..models import (
    Article,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    Person,
    Place,
    Role,
    Statistic,
    Topic,
    reported_publicly,
)
from . import serializers
from .filtering import accepted_query_parameters, refuse_unknown_query_parameters
from .problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, problem_response, problem_type_url
from .renderers import CSVRenderer, ExcelCSVRenderer, columns
from .schema import ETAG, IF_NONE_MATCH, PROBLEM
from .serializers import EMBEDDED_LIMIT

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
        return ()

    def embedded_prefetches(self):
        return [embedded.prefetch() for embedded in self.embedded_lists()]

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


class ArticleViewSet(ArchiveViewSet):
    """Published articles: their text, original and what the archive draws from them."""

    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = ArticleFilterSet

    def get_queryset(self):
        articles = Article.objects.published()
        if self.action != "retrieve":
            return articles.for_list()
        return articles.for_detail().prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.select_related("person", "organisation", "article"),
            ),
            Prefetch("event_reports", queryset=EventReport.objects.select_related("event")),
            Prefetch(
                "statistics", queryset=Statistic.objects.select_related("indicator", "article")
            ),
            "corrections",
        )


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


def public_roles():
    return Embedded(
        "roles",
        Role.objects.public().select_related("person", "organisation", "article"),
        "public_roles",
    )


def public_participations():
    return Embedded(
        "participations",
        EventParticipant.objects.filter(reported_publicly("event")).select_related("event"),
        "public_participations",
    )


def published_articles(lookup, to_attr):
    return Embedded(lookup, Article.objects.published(), to_attr)


def public_events(lookup="events"):
    return Embedded(lookup, Event.objects.public(), "public_events")


class PersonViewSet(ArchiveViewSet):
    """People the texts name, with their dated roles, events and (published) articles."""

    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        people = Person.objects.public().prefetch_related("aliases")
        if self.action != "retrieve":
            return people
        return people.prefetch_related(*self.embedded_prefetches(), "corrections")

    def embedded_lists(self):
        return (
            public_roles(),
            public_participations(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("authored_articles", "published_authored"),
        )


class OrganisationViewSet(ArchiveViewSet):
    """Bodies: states, parliaments and their parts, ministries, agencies, parties, the press."""

    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        organisations = (
            Organisation.objects.public().select_related("parent").prefetch_related("aliases")
        )
        if self.action != "retrieve":
            return organisations
        return organisations.prefetch_related(*self.embedded_prefetches(), "corrections")

    def embedded_lists(self):
        return (
            Embedded("children", Organisation.objects.public(), "public_children"),
            public_roles(),
            public_participations(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("published_articles", "published_as_source"),
        )


class PlaceViewSet(ArchiveViewSet):
    """Cities, regions and countries, one record whatever they were called."""

    serializer_class = serializers.PlaceSerializer
    detail_serializer_class = serializers.PlaceDetailSerializer
    filterset_class = PlaceFilterSet

    def get_queryset(self):
        places = Place.objects.public().prefetch_related("aliases")
        if self.action != "retrieve":
            return places
        return places.prefetch_related(*self.embedded_prefetches(), "corrections")

    def embedded_lists(self):
        return (
            public_events(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("datelined_articles", "published_datelined"),
        )


class TopicViewSet(ArchiveViewSet):
    """The archive's subject headings."""

    serializer_class = serializers.TopicSerializer
    detail_serializer_class = serializers.TopicDetailSerializer
    filterset_class = TopicFilterSet

    def get_queryset(self):
        topics = Topic.objects.public()
        if self.action != "retrieve":
            return topics
        return topics.prefetch_related(*self.embedded_prefetches())

    def embedded_lists(self):
        return (published_articles("articles", "published_filed"), public_events())


class EventViewSet(ArchiveViewSet):
    """Events reported by at least one published article, with participants and reports."""

    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventFilterSet

    def get_queryset(self):
        events = Event.objects.public().for_list().prefetch_related("topics")
        if self.action != "retrieve":
            return events
        return events.prefetch_related(*self.embedded_prefetches(), "corrections")

    def embedded_lists(self):
        return (
            Embedded(
                "participants",
                EventParticipant.objects.select_related("person", "organisation"),
                "all_participants",
            ),
            Embedded(
                "reports",
                EventReport.objects.public().select_related("article"),
                "published_reports",
            ),
        )


class StatisticViewSet(ArchiveViewSet):
    """Figures as their (published) sources report them. Their key is their number."""

    serializer_class = serializers.StatisticSerializer
    filterset_class = StatisticFilterSet
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Statistic.objects.public().select_related("indicator", "article")


class IndicatorViewSet(ArchiveViewSet):
    """Measures that figures are reported for; a detail shows all their figures side by side."""

    serializer_class = serializers.IndicatorSerializer
    detail_serializer_class = serializers.IndicatorDetailSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        indicators = Indicator.objects.public()
        if self.action != "retrieve":
            return indicators
        return indicators.prefetch_related(*self.embedded_prefetches(), "corrections")

    def embedded_lists(self):
        return (
            Embedded(
                "statistics",
                Statistic.objects.public().select_related("indicator", "article"),
                "public_statistics",
            ),
        )


# --- Around the resources ---------------------------------------------------------------------


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """The export is a zip whatever the client accepts; only its errors are rendered (JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(PublicAPIMixin, APIView):
    """
    The whole published archive as one zip: CSV tables described by a Frictionless
    `datapackage.json`, and the same tables as JSON Lines. Built out of band by
    `manage.py build_export` (see `archive/export.py`); a request only ever serves a finished
    package, and says so plainly (503, `Retry-After`) when none has been built yet.
    """

    content_negotiation_class = IgnoreAcceptNegotiation
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="export_retrieve",
        summary="The whole archive, as one zip",
        description="The whole published archive as one zip: CSV tables described by a "
        "Frictionless `datapackage.json`, and the same tables as JSON Lines. It is rebuilt after "
        "changes and on a schedule, never on request: until the first build it answers 503 "
        "with `Retry-After`.",
        parameters=[IF_NONE_MATCH, ETAG],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The archive as a Frictionless data package; `Last-Modified` is "
                "when it was built. `If-None-Match` or `If-Modified-Since` get a 304 while it "
                "is unchanged.",
            ),
            304: OpenApiResponse(description="Not modified since the copy the client has."),
            (503, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                PROBLEM,
                description="No package has been built yet; try again after `Retry-After` seconds.",
            ),
        },
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, accepted=())
        response = export.built_export_response(request)
        if response is not None:
            return response
        return problem_response(
            "export-not-built",
            "The bulk export has not been built yet: it is built on a schedule, not on "
            f"request. Please try again in {export.RETRY_AFTER_SECONDS} seconds.",
            request=request,
            headers={
                "Retry-After": str(export.RETRY_AFTER_SECONDS),
                "Cache-Control": "no-store",
            },
        )


class SchemaView(PublicAPIMixin, SpectacularAPIView):
    """The OpenAPI description (YAML, or JSON with `?format=json`); its errors in JSON."""


class DocsView(PublicAPIMixin, SpectacularSwaggerSplitView):
    """Swagger UI over the schema, from the project's own static files; its errors in JSON."""


class NotFoundView(PublicAPIMixin, APIView):
    """Any other address under /api/: a 404 in JSON like the rest of the API, not a web page."""

    schema = None  # not an operation of the API

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound("There is no such address in the API; /api/ lists what there is.")


class ProblemTypeView(PublicAPIMixin, APIView):
    """
    What a problem `type` means: the URL in every error's `type` leads here (RFC 9457 asks
    that it document the problem). Without a slug, every type the API uses.
    """

    schema = None  # documentation of the errors, not an operation of the API

    def get(self, request, slug=None):
        refuse_unknown_query_parameters(request, accepted=(api_settings.URL_FORMAT_OVERRIDE,))
        if slug is None:
            return Response([self.describe(request, slug) for slug in PROBLEM_TYPES])
        if slug not in PROBLEM_TYPES:
            raise exceptions.NotFound(f"The API has no problem type “{slug}”.")
        return Response(self.describe(request, slug))

    @staticmethod
    def describe(request, slug):
        problem_type = PROBLEM_TYPES[slug]
        return {
            "type": problem_type_url(slug, request),
            "title": str(problem_type.title),
            "status": problem_type.status,
            "description": str(problem_type.description),
        }


class APIRootView(PublicAPIMixin, routers.APIRootView):
    """The API's resources, its bulk export and its documentation."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name, url_name in (
            ("export", "api:export"),
            ("schema", "api:schema"),
            ("docs", "api:docs"),
        ):
            response.data[name] = reverse(url_name, request=request)
        return response


class Router(routers.DefaultRouter):
    """DRF's router with our root view; formats are chosen by `?format=`, not by suffixes."""

    APIRootView = APIRootView
    include_format_suffixes = False
