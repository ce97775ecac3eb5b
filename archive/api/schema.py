"""
OpenAPI additions, so that the schema states the whole contract:

- the error responses every public endpoint can give (a 400, 404, 405, 406 or 429 is part of
  the contract, and its body is RFC 9457 problem details, see archive/api/problems.py);
- that an optional query parameter given empty counts as not given (`?kind=&q=war` filters
  on `q` alone), as web forms send their empty fields and the website shares these filters;
- what a typed client needs to be told (ArchiveAutoSchema, describe_the_server): no security
  requirement, a summary for each operation, CSV as text, the 304, `ETag` and `Link` headers,
  the address of the server and examples taken from it.
"""

import copy

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .problems import PROBLEM_MEDIA_TYPE

SLUG_PATTERN = "^[-a-zA-Z0-9_]*$"  # as Django's SlugField accepts, and the detail URLs
NO_NUL_PATTERN = "^[^\\u0000]*$"
PROBLEM = {
    "type": "object",
    "description": (
        "An error, as RFC 9457 problem details (`application/problem+json`). Branch on "
        "`type`: each is a URL under /api/problems/ that documents it."
    ),
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "The kind of problem: a URL under /api/problems/, or about:blank.",
        },
        "title": {"type": "string", "description": "The same for every problem of this type."},
        "status": {"type": "integer", "description": "The HTTP status code.", "example": 400},
        "detail": {"type": "string", "description": "What went wrong with this request."},
        "invalid_params": {
            "type": "array",
            "description": "Each query parameter refused, with why (when parameters were).",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "example": "date_after"},
                    "reason": {
                        "type": "string",
                        "example": "Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01.",
                    },
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
CSV_MEDIA_TYPE = "text/csv"
CSV_PAGE = {
    "type": "string",
    "description": "The same records as CSV: a header row, then one row a record.",
}
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The languages the client reads (RFC 9110), e.g. `ru, en;q=0.5`. Labels the "
    "archive words (dates such as `c. 2022`, hedged figures such as `almost 9 billion USD`, "
    "error messages) come in the first it speaks: `en`, `kk`, `ru`, `fr` or `nl`; English "
    "otherwise. Field names, slugs and curated texts are the same in every language.",
)
CONTENT_LANGUAGE = OpenApiParameter(
    "Content-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    response=[200],
    description="The language of the labels in this answer (`en`, `kk`, `ru`, `fr` or `nl`).",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` of the copy the client has: while it is still current, the "
    "answer is a bodiless 304.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    response=[200, 304],
    description="Identifies this version of the response, for `If-None-Match`.",
)
LINK = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description='The next and previous pages (RFC 8288), e.g. `<…?page=3>; rel="next"`; absent '
    "when there is a single page.",
)
NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the copy whose `ETag` the client sent in `If-None-Match` is "
    "still current. No body."
)


def integer_header(description):
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


# The quota every throttled response states (archive/api/throttling.py); a 429 always has them.
RATE_LIMIT_HEADERS = {
    "Retry-After": integer_header("Seconds to wait before the next request is allowed."),
    "RateLimit-Limit": integer_header("Requests allowed in the window."),
    "RateLimit-Remaining": integer_header("Requests left in the window."),
    "RateLimit-Reset": integer_header("Seconds until the oldest counted request leaves it."),
    "RateLimit-Policy": {
        "description": "The limit and its window in seconds, e.g. `120;w=60`.",
        "schema": {"type": "string"},
    },
}


def problem_response(description, headers=None):
    response = {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: errors and empty parameters, on GET operations."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            responses = operation.setdefault("responses", {})
            for parameter in operation.get("parameters", []):
                # A required parameter given empty is not given (the reconciliation preview's
                # `id`): a 400, as any missing one. One holding a JSON document (the
                # reconciliation `queries`) is described by its content, not as a value.
                if (
                    parameter["in"] == "query"
                    and not parameter.get("required")
                    and "content" not in parameter
                ):
                    parameter["allowEmptyValue"] = True
            # Every operation refuses a query parameter it does not read, or an unknown format.
            responses.setdefault(
                "400",
                problem_response(
                    "A query parameter was refused (an unknown parameter or format, a "
                    "malformed date or number, an unknown choice or ordering, a date range "
                    "backwards); `invalid_params` names each and says what is expected.",
                ),
            )
            responses.setdefault(
                "404",
                problem_response(
                    "No such record, or no record with a slug a filter names "
                    "(`invalid_params` names the filter), or a page past the last (type "
                    "page-not-found; `detail` says how many there are).",
                ),
            )
            responses.setdefault(
                "405",
                problem_response("The API is read-only: the `Allow` header lists its methods."),
            )
            responses.setdefault(
                "406",
                problem_response("The `Accept` header allows none of the media types given."),
            )
            responses.setdefault(
                "429",
                problem_response(
                    "Too many requests: wait as `Retry-After` (and `RateLimit-Reset`) say.",
                    headers=RATE_LIMIT_HEADERS,
                ),
            )
    return result


class ArchiveFilterExtension(DjangoFilterExtension):
    """
    drf-spectacular's description of django-filter's filters, with the bounds the filters
    enforce (a search of at most 200 characters, a unit of at most 50, no NUL character in
    either; a slug's characters; an identifier's form), so that the schema calls valid only
    what the API accepts, and a real example for each filter that takes a slug or an identifier.
    """

    target_class = "archive.api.filtering.ArchiveFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        # A copy: describing a filter builds and caches its form field, and on the class's own
        # filter that field, made before any FilterSet names its label, would be copied into
        # every FilterSet from then on (the website's filters then showed their bare names).
        filter_field = copy.deepcopy(filter_field)
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        max_length = filter_field.extra.get("max_length")
        for parameter in parameters:
            if max_length is not None and parameter["schema"].get("type") == "string":
                parameter["schema"].setdefault("maxLength", max_length)
                # Django's text fields refuse a NUL character, as databases cannot store it.
                parameter["schema"].setdefault("pattern", NO_NUL_PATTERN)
            if getattr(filter_field, "example", None):
                parameter["example"] = filter_field.example
                parameter["schema"].setdefault("pattern", SLUG_PATTERN)
            if scheme := getattr(filter_field, "identifier_scheme", None):
                parameter["example"] = scheme.example
                parameter["schema"]["pattern"] = f"^{scheme.pattern}$"
        return parameters


class ArchiveAutoSchema(AutoSchema):
    """
    drf-spectacular's operation schema, told what it cannot see for itself:

    - the API is public: no security requirement (`security: [{}]` would make generated
      clients ask for credentials there are none of);
    - each operation has a one-line summary;
    - a list's CSV is text, not the JSON page; a file (the export's zip) is bytes of its media
      type, with no schema;
    - every record and list answers a bodiless 304 to a matching `If-None-Match`, and sends
      its `ETag` (and a list its `Link`);
    - labels follow `Accept-Language`, and `Content-Language` says which language they are in.
    """

    def get_auth(self):
        return []

    def get_summary(self):
        summary = super().get_summary()
        model = self._archive_model()
        if summary or model is None:
            return summary
        if self.view.action == "list":
            return f"List {model._meta.verbose_name_plural}"
        key = "number" if self.view.lookup_field == "pk" else "slug"
        return f"One {model._meta.verbose_name}, by its {key}"

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._archive_model() is None:
            return parameters
        parameters = [*parameters, ACCEPT_LANGUAGE, CONTENT_LANGUAGE, IF_NONE_MATCH, ETAG]
        if self.view.action == "list":
            parameters.append(LINK)
        return parameters

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        if self._archive_model() is None or isinstance(serializer, dict):
            return serializer
        if self.view.action == "list":
            found = "A page of records, as JSON or (`?format=csv`) as CSV."
        else:
            found = "The record."
        return {200: OpenApiResponse(serializer, description=found), 304: NOT_MODIFIED}

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if CSV_MEDIA_TYPE in content:
            content[CSV_MEDIA_TYPE] = {"schema": CSV_PAGE}
        for media_type, body in content.items():
            # A file is described by its media type alone, as OpenAPI 3.1 says: its bytes are
            # not a JSON string, and strict validators refuse them as one.
            if body.get("schema") == build_basic_type(OpenApiTypes.BINARY):
                content[media_type] = {}
        return response

    def _archive_model(self):
        """The model of a record type's list or detail; None for any other operation."""
        if getattr(self.view, "action", None) not in ("list", "retrieve"):
            return None
        serializer_class = getattr(self.view, "serializer_class", None)
        return getattr(getattr(serializer_class, "Meta", None), "model", None)


# `make run`'s address, for a schema written by `manage.py spectacular` (no request to go by).
LOCAL_SERVER = "http://127.0.0.1:8000"


def describe_the_server(result, generator, request, public):
    """
    drf-spectacular postprocessing hook: the server is the one serving the schema, and the
    examples of page links are real addresses on it. An empty `security` says that the API
    asks for no credentials on purpose (linters take a missing one for an oversight).
    """
    server = request.build_absolute_uri("/").rstrip("/") if request is not None else LOCAL_SERVER
    result["servers"] = [{"url": server, "description": "This archive."}]
    result["security"] = []
    schemas = result.get("components", {}).get("schemas", {})
    for path, operations in result.get("paths", {}).items():
        content = operations.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        reference = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        page = schemas.get(reference.rpartition("/")[2], {}).get("properties", {})
        if "next" in page:
            page["next"]["example"] = f"{server}{path}?page=3"
            page["previous"]["example"] = f"{server}{path}?page=1"
    return result
