"""
OpenAPI additions, so that the schema states the whole contract:

- the error responses every public endpoint can give (a 400, 404, 405, 406 or 429 is part of
  the contract, and its body is RFC 9457 problem details, see archive/api/problems.py);
- that a query parameter given empty counts as not given (`?kind=&q=war` filters on `q`
  alone), as web forms send their empty fields and the website shares these filters.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension

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
                if parameter["in"] == "query":
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
    either; a slug's characters), so that the schema calls valid only what the API accepts,
    and a real example for each filter that takes a slug.
    """

    target_class = "archive.api.filtering.ArchiveFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
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
        return parameters
