"""
The reconciliation service's addresses (archive/api/reconciliation.py does the work): the
service itself (its manifest, or the results of a batch of queries, by GET or by a form POST),
the preview of one record, and the suggestions of records, types and properties as a client
types. Read-only whatever the method, throttled and refused as every API view is.

Suggestions ignore query parameters they do not read: the protocol names only `prefix` and
`cursor`, and its clients add their own (OpenRefine's widgets send `type_strict` and others).
The service root does refuse them, as the API does: a `query=` meant as `queries=` would
otherwise quietly answer with the manifest.
"""

from django.core.exceptions import SuspiciousOperation
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .. import reconciliation
from ..filtering import refuse_unknown_query_parameters
from ..problems import PROBLEM_MEDIA_TYPE
from ..schema import NO_NUL_PATTERN, ArchiveAutoSchema
from .around import IgnoreAcceptNegotiation
from .base import PublicAPIMixin

__all__ = (
    "ReconciliationPreviewView",
    "ReconciliationServiceView",
    "SuggestEntityView",
    "SuggestPropertyView",
    "SuggestTypeView",
)

TYPE_IDS = list(reconciliation.TYPES)
PROPERTY_IDS = list(reconciliation.PROPERTIES)
ENTITY_ID_PATTERN = reconciliation.ID_PATTERN.pattern

# --- Schemas: the protocol's JSON, as the specification's own JSON schemas describe it -------

TYPE_SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "string", "enum": TYPE_IDS}, "name": {"type": "string"}},
    "required": ["id", "name"],
    "additionalProperties": False,
}
SERVICE_PATHS = {
    "type": "object",
    "properties": {"service_url": {"type": "string"}, "service_path": {"type": "string"}},
    "required": ["service_url", "service_path"],
    "additionalProperties": False,
}
MANIFEST = {
    "type": "object",
    "description": "The service manifest, when no `queries` are given.",
    "properties": {
        "versions": {"type": "array", "items": {"type": "string"}},
        "name": {"type": "string"},
        "identifierSpace": {"type": "string", "format": "uri"},
        "schemaSpace": {"type": "string", "format": "uri"},
        "documentation": {"type": "string", "format": "uri"},
        "defaultTypes": {"type": "array", "items": TYPE_SCHEMA},
        "view": {
            "type": "object",
            "properties": {"url": {"type": "string"}},
            "required": ["url"],
            "additionalProperties": False,
        },
        "preview": {
            "type": "object",
            "properties": {
                "url": {"type": "string"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
            "required": ["url", "width", "height"],
            "additionalProperties": False,
        },
        "suggest": {
            "type": "object",
            "properties": {
                "entity": SERVICE_PATHS,
                "type": SERVICE_PATHS,
                "property": SERVICE_PATHS,
            },
            "required": ["entity", "type", "property"],
            "additionalProperties": False,
        },
        "batchSize": {"type": "integer"},
    },
    "required": [
        "versions",
        "name",
        "identifierSpace",
        "schemaSpace",
        "documentation",
        "defaultTypes",
        "view",
        "preview",
        "suggest",
        "batchSize",
    ],
    "additionalProperties": False,
}
CANDIDATE = {
    "type": "object",
    "properties": {
        "id": {
            "type": "string",
            "pattern": ENTITY_ID_PATTERN,
            "description": "The record's path on the website, e.g. `people/margulan-baimukhan`.",
        },
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "type": {"type": "array", "items": TYPE_SCHEMA, "minItems": 1, "maxItems": 1},
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "match": {"type": "boolean"},
    },
    "required": ["id", "name", "description", "type", "score", "match"],
    "additionalProperties": False,
}
RESULT_BATCH = {
    "type": "object",
    "description": "A result for each query, by the query's key.",
    "additionalProperties": {
        "type": "object",
        "properties": {"result": {"type": "array", "items": CANDIDATE}},
        "required": ["result"],
        "additionalProperties": False,
    },
}
SUGGESTIONS = {
    "type": "object",
    "properties": {
        "result": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "notable": {"type": "array", "items": TYPE_SCHEMA},
                },
                "required": ["id", "name"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["result"],
    "additionalProperties": False,
}
QUERIES_DESCRIPTION = (
    "A batch of reconciliation queries as JSON, by key: "
    '`{"q0": {"query": "Margulan Baimukhan", "type": "person", "limit": 3, '
    '"properties": [{"pid": "year", "v": "2021"}]}}`. '
    f"At most {reconciliation.MAX_QUERIES} queries; `limit` from 1 to "
    f"{reconciliation.MAX_LIMIT} (default {reconciliation.DEFAULT_LIMIT}); types: "
    f"{', '.join(TYPE_IDS)}; properties: {', '.join(PROPERTY_IDS)}."
)
TEXT = {"type": "string", "maxLength": reconciliation.MAX_QUERY_LENGTH, "pattern": NO_NUL_PATTERN}
PROPERTY_VALUE = {
    "oneOf": [
        TEXT,
        {"type": "number"},
        {"type": "boolean"},
        {
            "type": "object",
            "description": "An entity, as reconciled before: its id counts.",
            "properties": {"id": TEXT, "name": {"type": "string"}},
            "required": ["id"],
        },
    ]
}
# The batch as the specification's JSON schema has it, with this service's types, properties
# and bounds: what it accepts, exactly.
QUERY_BATCH = {
    "type": "object",
    "maxProperties": reconciliation.MAX_QUERIES,
    "additionalProperties": {
        "type": "object",
        "properties": {
            "query": TEXT,
            "type": {
                "oneOf": [
                    {"type": "string", "enum": TYPE_IDS},
                    {"type": "array", "items": {"type": "string", "enum": TYPE_IDS}},
                ]
            },
            "limit": {"type": "integer", "minimum": 1, "maximum": reconciliation.MAX_LIMIT},
            "properties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "pid": {"type": "string", "enum": PROPERTY_IDS},
                        "v": {
                            "oneOf": [PROPERTY_VALUE, {"type": "array", "items": PROPERTY_VALUE}]
                        },
                    },
                    "required": ["pid", "v"],
                    "additionalProperties": False,
                },
            },
            "type_strict": {"type": "string", "enum": ["any", "should", "all"]},
        },
        "additionalProperties": False,
        # A name to match, or properties to match on (or both).
        "anyOf": [
            {"required": ["query"], "properties": {"query": {"pattern": "\\S"}}},
            {"required": ["properties"], "properties": {"properties": {"minItems": 1}}},
        ],
    },
}
QUERIES = OpenApiParameter(
    "queries", OpenApiTypes.STR, OpenApiParameter.QUERY, description=QUERIES_DESCRIPTION
)
# The schema's Problem (archive/api/schema.py adds it, and the other errors of every GET).
PROBLEM = {"$ref": "#/components/schemas/Problem"}
REFUSED = OpenApiResponse(
    PROBLEM,
    description="`queries` could not be read: not JSON, not an object of queries, an unknown "
    "type or property, a `limit` out of range or too many queries. `invalid_params` says which.",
)
TOO_MANY = OpenApiResponse(PROBLEM, description="Too many requests: wait as `Retry-After` says.")


def problem_responses(found, more=None):
    """The answer `found`, and the refusals every address of the service may give."""
    return {
        (200, "application/json"): found,
        (400, PROBLEM_MEDIA_TYPE): REFUSED,
        (429, PROBLEM_MEDIA_TYPE): TOO_MANY,
        **(more or {}),
    }


def query_error(error):
    return exceptions.ValidationError({"queries": [str(error)]})


class ReconciliationServiceSchema(ArchiveAutoSchema):
    """
    `queries` is JSON in a parameter or a form field: described by its content, so that a
    client (or a fuzzer) knows the shape the service reads, not just "a string".
    """

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["name"] == "queries":
                del parameter["schema"]
                parameter["content"] = {"application/json": {"schema": QUERY_BATCH}}
        return parameters

    def _get_request_body(self, *args, **kwargs):
        body = super()._get_request_body(*args, **kwargs)
        if body:
            body["required"] = True
            for media_type in body["content"].values():
                media_type["encoding"] = {"queries": {"contentType": "application/json"}}
        return body


class ReconciliationServiceView(PublicAPIMixin, APIView):
    """
    The service: its manifest (GET, no parameters), or the results of a batch of queries in
    `queries` (GET, or POST as a form, as OpenRefine sends them).
    """

    # A form, as the protocol says; multipart too, as some clients post their forms so.
    parser_classes = [FormParser, MultiPartParser]
    schema = ReconciliationServiceSchema()

    @extend_schema(
        operation_id="reconcile_retrieve",
        tags=["reconciliation"],
        summary="The reconciliation service: its manifest, or results",
        description="W3C Reconciliation Service API 0.2 (OpenRefine: Reconcile → Start "
        "reconciling → Add standard service, with this address). Without `queries`, the "
        "service manifest; with them, a result for each query, candidates best first.",
        parameters=[QUERIES],
        responses=problem_responses(
            OpenApiResponse(
                {"oneOf": [MANIFEST, RESULT_BATCH]},
                description="The manifest, or the results of the queries.",
            )
        ),
    )
    def get(self, request):
        refuse_unknown_query_parameters(
            request, accepted=("queries", api_settings.URL_FORMAT_OVERRIDE)
        )
        # Given empty, as any of the API's parameters, it is not given.
        if not request.query_params.get("queries"):
            return Response(reconciliation.manifest(request))
        return self.answer(request.query_params["queries"])

    @extend_schema(
        operation_id="reconcile_create",
        tags=["reconciliation"],
        summary="Results of a batch of reconciliation queries",
        description="The same as GET with `queries`, for batches too long for an address: "
        "`queries` as a form field. Nothing is changed.",
        request={
            "application/x-www-form-urlencoded": {
                "type": "object",
                "properties": {"queries": {**QUERY_BATCH, "description": QUERIES_DESCRIPTION}},
                "required": ["queries"],
                "additionalProperties": False,
            }
        },
        responses=problem_responses(
            OpenApiResponse(RESULT_BATCH, description="The results of the queries."),
            {
                (406, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                    PROBLEM, description="The `Accept` header allows no JSON."
                ),
                (415, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                    PROBLEM,
                    description="The body is not a form (application/x-www-form-urlencoded).",
                ),
            },
        ),
    )
    def post(self, request):
        refuse_unknown_query_parameters(request, accepted=(api_settings.URL_FORMAT_OVERRIDE,))
        try:
            form = request.data
        except SuspiciousOperation as error:  # too many fields, or too large a body
            raise exceptions.ParseError(
                _("The form could not be read: %(error)s") % {"error": error}
            ) from None
        unknown = sorted(set(form) - {"queries"})
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        _("Unknown form field “%(name)s”: the form has `queries`.") % {"name": name}
                    ]
                    for name in unknown
                }
            )
        return self.answer(form.get("queries"))

    def answer(self, raw):
        try:
            batch = reconciliation.read_batch(raw)
        except reconciliation.QueryError as error:
            raise query_error(error) from None
        return Response(reconciliation.reconcile_batch(batch))


class HTMLFragmentRenderer(BaseRenderer):
    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ReconciliationPreviewView(PublicAPIMixin, APIView):
    """
    A small HTML page about one record, for the client to show in an iframe beside a
    candidate. Framing is allowed here only: the site's policy (X-Frame-Options DENY,
    frame-ancestors 'none') keeps every other page out of frames, against clickjacking, but a
    preview is made to be framed by whichever client the user runs, and holds no form or
    action to be tricked into.
    """

    renderer_classes = [HTMLFragmentRenderer]
    content_negotiation_class = IgnoreAcceptNegotiation

    @extend_schema(
        operation_id="reconcile_preview",
        tags=["reconciliation"],
        summary="A preview of one record, as HTML",
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                pattern=ENTITY_ID_PATTERN,
                description="An entity id, e.g. `people/margulan-baimukhan`.",
            )
        ],
        responses={
            (200, "text/html"): OpenApiResponse(
                OpenApiTypes.STR, description="An HTML page summing the record up."
            ),
            (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(PROBLEM, description="No `id` given."),
            (404, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                PROBLEM, description="No public record has this id."
            ),
            (429, PROBLEM_MEDIA_TYPE): TOO_MANY,
        },
    )
    def get(self, request):
        refuse_unknown_query_parameters(request, accepted=("id",))
        entity_id = request.query_params.get("id", "")
        if not entity_id:
            raise exceptions.ValidationError({"id": [_("Give the id of a record.")]})
        found = reconciliation.find_record(entity_id)
        if found is None:
            raise exceptions.NotFound(
                _("No public record has the id “%(id)s”.") % {"id": entity_id}
            )
        entity_type, record = found
        html = render_to_string(
            "archive/reconciliation_preview.html",
            {
                "record": record,
                "entity_type": entity_type,
                "description": reconciliation.describe(entity_type, record),
                "roles": getattr(record, "public_roles", [])[:3],
                "page_url": request.build_absolute_uri(record.get_absolute_url()),
            },
            request=request,
        )
        return Response(html)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": ["*"]}
        return response


SUGGEST_PARAMETERS = [
    OpenApiParameter(
        "prefix",
        {"type": "string", "maxLength": reconciliation.MAX_QUERY_LENGTH, "pattern": NO_NUL_PATTERN},
        OpenApiParameter.QUERY,
        description="What the user has typed so far. Without it, no record is suggested, and "
        "every type or property.",
    ),
    OpenApiParameter(
        "cursor",
        {"type": "integer", "minimum": 0},
        OpenApiParameter.QUERY,
        description="How many suggestions to skip (for the next ones).",
    ),
]


class SuggestView(PublicAPIMixin, APIView):
    """What the three suggest services share: reading `prefix` and `cursor`."""

    def read(self, request):
        prefix = request.query_params.get("prefix", "").strip()
        if "\x00" in prefix or len(prefix) > reconciliation.MAX_QUERY_LENGTH:
            raise exceptions.ValidationError({"prefix": [_("The prefix is too long.")]})
        cursor = request.query_params.get("cursor", "0") or "0"
        if not cursor.isdigit():
            raise exceptions.ValidationError(
                {"cursor": [_("Give the number of suggestions to skip, e.g. 10.")]}
            )
        return prefix, min(int(cursor), 10_000)


def suggest_schema(summary, more_parameters=()):
    return extend_schema(
        tags=["reconciliation"],
        summary=summary,
        parameters=[*SUGGEST_PARAMETERS, *more_parameters],
        responses=problem_responses(OpenApiResponse(SUGGESTIONS, description="Suggestions.")),
    )


class SuggestEntityView(SuggestView):
    """People, organisations and places one of whose names has a word beginning so."""

    @suggest_schema(
        "Suggest records by the beginning of a name",
        [
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=TYPE_IDS,
                description="Only records of this type.",
            )
        ],
    )
    def get(self, request):
        prefix, cursor = self.read(request)
        type_id = request.query_params.get("type")
        if type_id and type_id not in reconciliation.TYPES:
            raise exceptions.ValidationError(
                {
                    "type": [
                        _("Unknown type; the types are: %(types)s.")
                        % {"types": ", ".join(TYPE_IDS)}
                    ]
                }
            )
        entity_types = (
            [reconciliation.TYPES[type_id]] if type_id else list(reconciliation.TYPES.values())
        )
        return Response(
            {"result": reconciliation.suggest_entities(prefix, entity_types, cursor=cursor)}
        )


class SuggestTypeView(SuggestView):
    """The types: person, organisation, place."""

    @suggest_schema("Suggest types")
    def get(self, request):
        prefix, cursor = self.read(request)
        types = reconciliation.TYPES.values()
        return Response({"result": reconciliation.suggest_among(types, prefix, cursor=cursor)})


class SuggestPropertyView(SuggestView):
    """The properties a query may give to tell candidates apart."""

    @suggest_schema("Suggest properties")
    def get(self, request):
        prefix, cursor = self.read(request)
        properties = reconciliation.PROPERTIES.values()
        return Response({"result": reconciliation.suggest_among(properties, prefix, cursor=cursor)})
