"""
API responses checked against the API's own OpenAPI description with a strict validator
(openapi-core, which reads OpenAPI 3.1 as written): status, headers the schema requires,
content type and every field of the body, nulls and all.

tests/conftest.py runs `check_api_response` on every response the suite gets from Django's
test client, so that every API test also checks the schema. Answers that were found (2xx) and
304s are checked; an error's body is described by the schema's error responses and left to
them here. The schema is applied a little more strictly than it is published (`strictly`).
"""

import functools
import json
import re

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.testing import MockRequest, MockResponse

# The API's lists, by their address under /api/.
API_LISTS = (
    "articles",
    "people",
    "organisations",
    "places",
    "events",
    "statistics",
    "topics",
    "indicators",
)


@functools.cache
def api_description():
    """The schema /api/schema/ serves, as plain data (the project's, whatever a test's URLs)."""
    schema = SchemaGenerator(urlconf="kzbe_site.urls").get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def strictly(schema):
    """
    `schema` as the suite holds the API to it, stricter than it is published: a record has no
    field its schema does not list (the published schema leaves clients free to meet new
    fields in a later version), and no text is "" (a value the archive does not have is null).
    """
    if isinstance(schema, list):
        return [strictly(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: strictly(value) for key, value in schema.items()}
    if "properties" in schema:
        schema.setdefault("additionalProperties", False)
    if schema.get("type") in ("string", ["string", "null"]):
        schema.setdefault("minLength", 1)
    return schema


@functools.cache
def validator(server):
    """openapi-core over the schema, as served from `server` (requests are matched to it)."""
    description = api_description()
    description = {
        **description,
        "components": {
            **description["components"],
            "schemas": strictly(description["components"]["schemas"]),
        },
        "servers": [{"url": server}],
    }
    # CSV is text: read it as text, as the schema declares it (a string).
    config = Config(extra_media_type_deserializers={"text/csv": plain_loads})
    return OpenAPI.from_dict(description, config=config)


def is_checked(response):
    """
    A found answer (or a 304) to a GET of an address the schema describes (not the API's root,
    its description or its docs page, which are not operations of the API).
    """
    request = response.wsgi_request
    return (
        request.method == "GET"
        and (200 <= response.status_code < 300 or response.status_code == 304)
        and any(re.fullmatch(pattern, request.path) for pattern in described_paths())
    )


@functools.cache
def described_paths():
    """A regular expression for each path of the schema (`{slug}` matching one segment)."""
    return [re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)) for path in api_description()["paths"]]


def schema_errors(response):
    """What in `response` (from Django's test client) the API's schema does not allow."""
    request = response.wsgi_request
    server = f"{request.scheme}://{request.get_host()}"
    query = [(key, value) for key, values in request.GET.lists() for value in values]
    if response.streaming:
        # Read a streamed body (the export's zip), and leave it for the test to read again.
        body = b"".join(response.streaming_content)
        response.streaming_content = [body]
    else:
        body = response.content
    errors = validator(server).iter_response_errors(
        MockRequest(server, "get", request.path, args=query),
        MockResponse(
            body,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=response.get("Content-Type", ""),
        ),
    )
    return [describe(error) for error in errors]


def describe(error):
    """An openapi-core error as the fields it is about and what is wrong with each."""
    causes = []
    while error is not None:
        causes.append(error)
        error = error.__cause__
    found = [
        field_error
        for cause in causes
        for field_error in getattr(cause, "schema_errors", None) or []
    ]
    if not found:
        return shorten(str(causes[-1]))
    lines = []
    for field_error in found:
        # For a oneOf (a record or null), what was wrong with the record.
        for wrong in [*field_error.context, field_error] if field_error.context else [field_error]:
            path = "/".join(str(part) for part in wrong.absolute_path) or "(the body)"
            lines.append(f"  at {path}: {shorten(wrong.message)}")
    return "\n".join(dict.fromkeys(lines))


def shorten(text, limit=300):
    return text if len(text) <= limit else f"{text[:limit]}…"


def check_api_response(response):
    """Fail unless a found API answer is what the schema says it is."""
    if not is_checked(response):
        return
    errors = schema_errors(response)
    request = response.wsgi_request
    assert not errors, (
        f"GET {request.get_full_path()} answered {response.status_code} off its schema:\n"
        + "\n".join(errors)
    )
