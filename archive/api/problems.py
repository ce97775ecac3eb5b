"""
The API's errors, in one format: RFC 9457 problem details (`application/problem+json`).

Every refusal is an object with a `type` (a URL under /api/problems/ that names the kind of
problem and documents it; a client branches on it), a `title` (the same for every problem of
that type), the HTTP `status`, and a `detail` saying what went wrong with this request. A
refusal of query parameters also lists each of them under `invalid_params`, with its message
(RFC 9457's own example calls that member `invalid-params`; ours is spelt as a Python or
JavaScript name can hold it).

DRF's exceptions become problems in `problem_exception_handler` (settings'
`EXCEPTION_HANDLER`), so the filters, pagination, content negotiation, throttling and the 404
of an unknown slug all answer the same way, and new code that raises DRF's exceptions does too.
"""

from dataclasses import dataclass
from http import HTTPStatus

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str


PROBLEM_TYPES = {
    problem.slug: problem
    for problem in (
        ProblemType(
            "invalid-parameters",
            400,
            _("Invalid query parameters"),
            _(
                "One or more query parameters were refused: an unknown parameter, a malformed "
                "date or number, an unknown choice or ordering, a backwards date range, a page "
                "or page size that is not a whole number of at least 1, or an unknown format. "
                "`invalid_params` names each one with what was expected."
            ),
        ),
        ProblemType(
            "not-found",
            404,
            _("Not found"),
            _(
                "No record has this slug or number, or there is no such address in the API. "
                "When a filter names a record that does not exist, `invalid_params` names "
                "the filter."
            ),
        ),
        ProblemType(
            "page-not-found",
            404,
            _("No such page"),
            _("The page asked for is past the last one; `detail` says how many there are."),
        ),
        ProblemType(
            "method-not-allowed",
            405,
            _("Method not allowed"),
            _("The API is read-only: GET, HEAD and OPTIONS. The `Allow` header lists them."),
        ),
        ProblemType(
            "not-acceptable",
            406,
            _("Not acceptable"),
            _(
                "None of the media types in the `Accept` header is one this address gives: "
                "lists give application/json and text/csv, everything else application/json."
            ),
        ),
        ProblemType(
            "too-many-requests",
            429,
            _("Too many requests"),
            _(
                "This address has made more requests than the rate limit allows. Wait as "
                "many seconds as `Retry-After` (and `RateLimit-Reset`) say, or use the bulk "
                "export at /api/export/."
            ),
        ),
        ProblemType(
            "export-not-built",
            503,
            _("Export not built yet"),
            _(
                "The bulk export is built on a schedule, not on request, and none has been "
                "built yet. Try again after `Retry-After` seconds."
            ),
        ),
    )
}
# Any other status (a 401 or 403, which a public read-only API should never give) has no
# more specific meaning than its status code: RFC 9457's `about:blank`.
GENERIC_PROBLEM = "about:blank"


def problem_type_url(slug, request=None):
    path = reverse("api:problem", kwargs={"slug": slug})
    return request.build_absolute_uri(path) if request is not None else path


def problem(slug, detail, request=None, invalid_params=None, status_code=None):
    """A problem details object of the given type."""
    problem_type = PROBLEM_TYPES.get(slug)
    status_code = status_code or problem_type.status
    body = {
        "type": problem_type_url(slug, request) if problem_type else GENERIC_PROBLEM,
        # With about:blank, the title is the status code's own phrase (RFC 9457, 4.2.1).
        "title": str(problem_type.title) if problem_type else HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": str(detail),
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    return body


def problem_response(slug, detail, request=None, headers=None, **kwargs):
    body = problem(slug, detail, request=request, **kwargs)
    return Response(body, status=body["status"], headers=headers, content_type=PROBLEM_MEDIA_TYPE)


def messages_of(errors):
    """Flattens DRF's error detail (a string, list or dict, nested) into its messages."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in messages_of(value)]
    if isinstance(errors, (list, tuple)):
        return [message for value in errors for message in messages_of(value)]
    return [str(errors)]


def invalid_params_of(errors):
    """`{"page": ["Give a whole number…"]}` as `[{"name": "page", "reason": "Give…"}]`."""
    if not isinstance(errors, dict):
        return []
    return [
        {"name": name, "reason": message}
        for name, value in errors.items()
        if name != "detail"
        for message in messages_of(value)
    ]


# The type of each error DRF raises, by its status; a page past the last is told apart by its
# exception (PageNotFound), and the export's 503 is answered by its view.
STATUS_PROBLEMS = {
    400: "invalid-parameters",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    429: "too-many-requests",
}


def problem_exception_handler(exc, context):
    """DRF's exception handler, its answer rewritten as a problem."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, logged and shown as such
    errors = getattr(exc, "detail", None)
    invalid_params = invalid_params_of(errors)
    if isinstance(errors, dict) and "detail" in errors:
        detail = str(errors["detail"])
    elif invalid_params:
        detail = " ".join(f"{item['name']}: {item['reason']}" for item in invalid_params)
    else:
        detail = " ".join(messages_of(errors if errors is not None else response.data))
    slug = "page-not-found" if isinstance(exc, PageNotFound) else None
    response.data = problem(
        slug or STATUS_PROBLEMS.get(response.status_code),
        detail,
        request=context.get("request"),
        invalid_params=invalid_params,
        status_code=response.status_code,
    )
    response.content_type = PROBLEM_MEDIA_TYPE
    return response


class PageNotFound(exceptions.NotFound):
    """A page past the last one: a 404 of its own type, so a client walking pages can stop."""


class ArchiveContentNegotiation(DefaultContentNegotiation):
    """
    DRF's negotiation, but an unknown `?format=` is a 400 naming the parameter and the
    formats this address gives (DRF answers it with a bare 404, as for a missing page), and a
    406 names the media types there are.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            media_types = ", ".join(dict.fromkeys(renderer.media_type for renderer in renderers))
            raise exceptions.NotAcceptable(
                f"The Accept header allows none of the media types this address gives: "
                f"{media_types}."
            ) from None

    def filter_renderers(self, renderers, format):
        try:
            return super().filter_renderers(renderers, format)
        except Http404:
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            parameter = api_settings.URL_FORMAT_OVERRIDE
            raise exceptions.ValidationError(
                {parameter: [f"Unknown format “{format}”. This address gives: {formats}."]}
            ) from None
