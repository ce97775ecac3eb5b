"""
OpenAPI additions, so that the schema states the whole contract:

- the error responses every public endpoint can give (a 400, 404 or 429 is part of the
  contract, and its body has a known shape);
- that a query parameter given empty counts as not given (`?kind=&q=war` filters on `q`
  alone), as web forms send their empty fields and the website shares these filters.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension

SLUG_PATTERN = "^[-a-zA-Z0-9_]*$"  # as Django's SlugField accepts, and the detail URLs
NO_NUL_PATTERN = "^[^\\u0000]*$"
ERROR = {
    "type": "object",
    "description": "What went wrong, in words.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "For each query parameter that was refused, why.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def error_response(description, component):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: errors and empty parameters, on GET operations."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["FieldErrors"] = FIELD_ERRORS
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method != "get":
                continue
            responses = operation.setdefault("responses", {})
            query = set()
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    query.add(parameter["name"])
                    parameter["allowEmptyValue"] = True
            # Every operation refuses a query parameter it does not read.
            responses.setdefault(
                "400",
                error_response(
                    "A query parameter was refused (an unknown parameter, a malformed date or "
                    "number, an unknown choice or ordering, a date range backwards); the body "
                    "names it and says what is expected.",
                    "FieldErrors",
                ),
            )
            if "{" in path or "page" in query or "format" in query:
                responses.setdefault(
                    "404",
                    error_response(
                        "No such record, or no record with a slug a filter names (the body "
                        "also names the parameter), or a page past the last (the body says "
                        "how many there are).",
                        "Error",
                    ),
                )
            responses.setdefault(
                "429", error_response("Too many requests: wait as Retry-After says.", "Error")
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
