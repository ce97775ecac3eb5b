"""
The API's viewsets: one per record type, read-only, sharing the website's FilterSets.

Visibility is the website's: `Article.objects.published()`, `Event.objects.public()` and, for
facts resting on an article, `.public()`. Each viewset fetches exactly what its serializer
reads, so the number of queries does not grow with the number of rows on a page.
"""

from django.db.models import Prefetch
from django.http import Http404
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
from ..cache import data_changed_at
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
from .renderers import CSVRenderer
from .schema import PROBLEM


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
    `Accept: text/csv`), a page at a time like the JSON. Responses carry an ETag and, as
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
            return super().get_object()
        except Http404:
            kind = self.get_queryset().model._meta.verbose_name
            key = "number" if self.lookup_field == "pk" else "slug"
            value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            raise exceptions.NotFound(f"No {kind} has the {key} “{value}”.") from None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers.append(CSVRenderer())
        return renderers

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Last-Modified"] = http_date(data_changed_at())
            patch_cache_control(response, max_age=0, must_revalidate=True)
        if self.action == "list":
            # The same address answers JSON or CSV depending on Accept: caches must know.
            patch_vary_headers(response, ["Accept"])
        return response


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


def public_roles():
    return Prefetch(
        "roles",
        queryset=Role.objects.public().select_related("person", "organisation", "article"),
        to_attr="public_roles",
    )


def public_participations():
    return Prefetch(
        "participations",
        queryset=EventParticipant.objects.filter(reported_publicly("event")).select_related(
            "event"
        ),
        to_attr="public_participations",
    )


def published_articles(lookup, to_attr):
    return Prefetch(lookup, queryset=Article.objects.published(), to_attr=to_attr)


def public_events(lookup="events"):
    return Prefetch(lookup, queryset=Event.objects.public(), to_attr="public_events")


class PersonViewSet(ArchiveViewSet):
    """People the texts name, with their dated roles, events and (published) articles."""

    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        people = Person.objects.public().prefetch_related("aliases")
        if self.action != "retrieve":
            return people
        return people.prefetch_related(
            public_roles(),
            public_participations(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("authored_articles", "published_authored"),
            "corrections",
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
        return organisations.prefetch_related(
            Prefetch("children", queryset=Organisation.objects.public()),
            public_roles(),
            public_participations(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("published_articles", "published_as_source"),
            "corrections",
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
        return places.prefetch_related(
            public_events(),
            published_articles("mentioned_in", "published_mentions"),
            published_articles("datelined_articles", "published_datelined"),
            "corrections",
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
        return topics.prefetch_related(
            published_articles("articles", "published_articles"), public_events()
        )


class EventViewSet(ArchiveViewSet):
    """Events reported by at least one published article, with participants and reports."""

    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventFilterSet

    def get_queryset(self):
        events = Event.objects.public().for_list().prefetch_related("topics")
        if self.action != "retrieve":
            return events
        return events.prefetch_related(
            Prefetch(
                "participants",
                queryset=EventParticipant.objects.select_related("person", "organisation"),
            ),
            Prefetch(
                "reports",
                queryset=EventReport.objects.public().select_related("article"),
                to_attr="published_reports",
            ),
            "corrections",
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
        return indicators.prefetch_related(
            Prefetch(
                "statistics",
                queryset=Statistic.objects.public().select_related("indicator", "article"),
                to_attr="public_statistics",
            ),
            "corrections",
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
