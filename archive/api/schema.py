"""
OpenAPI additions, so that the schema states the whole contract:

- the error responses every public endpoint can give (a 400, 404 or 429 is part of the
  contract, and its body has a known shape);
- that a query parameter given empty counts as not given (`?kind=&q=war` filters on `q`
  alone), as web forms send their empty fields and the website shares these filters.
"""

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
