"""
The API's views around its resources: the bulk export and its Popolo document, the schema and
its docs, the pages documenting each problem type, the root listing it all, and a JSON 404 for
any other address.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, routers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ... import export
from ..filtering import refuse_unknown_query_parameters
from ..problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, problem_response, problem_type_url
from ..schema import ETAG, IF_NONE_MATCH, PROBLEM
from ..serializers import PopoloDocumentSerializer
from .base import PublicAPIMixin

__all__ = (
    "APIRootView",
    "DocsView",
    "ExportView",
    "IgnoreAcceptNegotiation",
    "NotFoundView",
    "PopoloView",
    "ProblemTypeView",
    "Router",
    "SchemaView",
)


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
    `manage.py build_export` (see `archive/export/build.py`); a request only ever serves a finished
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
        return export.built_export_response(request) or not_built_yet(request)


def not_built_yet(request):
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


class PopoloView(PublicAPIMixin, APIView):
    """
    The published people, bodies, roles, events and places as one Popolo JSON document, the
    `popolo.json` of the built export. Served from the package rather than made per request:
    the document covers the whole archive (every role is a membership), which at 100,000
    articles is far more than a worker should build while a client waits, and serving the
    package's own copy keeps the two the same, byte for byte. It is as fresh as the export:
    rebuilt after changes and on a schedule.
    """

    content_negotiation_class = IgnoreAcceptNegotiation
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="popolo_retrieve",
        summary="The archive as Popolo JSON",
        description="The published people (`persons`), organisations (`organizations`), roles "
        "(`memberships`), events and places (`areas`) as one document in the Popolo standard "
        "(popoloproject.com, 1.0.1), as parliamentary-monitoring tools read it; the same as "
        "`popolo.json` in the export, and rebuilt with it (503 with `Retry-After` until the "
        "first build). Ids are the API's slugs (a membership's is its role's number). Dates "
        "are never more precise than the archive knows them: a membership has `start_date` "
        "and `end_date` only for a term the archive states (a role attested as of a date has "
        "neither), an event only for a plain day, month or year; `date_edtf`, `date_label` "
        "and `date_is_inferred` give the archive's own date. Not Popolo's own: `lang` on other "
        "names, `quote` on sources (the article's exact words), the `date_` fields, and an "
        "event's `area_id` and `participants`.",
        parameters=[IF_NONE_MATCH, ETAG],
        responses={
            (200, "application/json"): OpenApiResponse(
                PopoloDocumentSerializer,
                description="The document; `Last-Modified` is when the export was built.",
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
        return export.built_popolo_response(request) or not_built_yet(request)


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
            ("popolo", "api:popolo"),
            ("network", "api:network"),
            ("reconcile", "api:reconcile"),
            ("schema", "api:schema"),
            ("docs", "api:docs"),
        ):
            response.data[name] = reverse(url_name, request=request)
        return response


class Router(routers.DefaultRouter):
    """DRF's router with our root view; formats are chosen by `?format=`, not by suffixes."""

    APIRootView = APIRootView
    include_format_suffixes = False
