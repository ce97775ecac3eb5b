"""
The site when its database cannot be reached: a 503 page in the site's design (a JSON error
body under /api/) rather than a 500, and back to normal by itself when the database returns.

Nothing here keeps state between requests: every request tries the database afresh (Django's
connection health checks and `close_old_connections` drop a broken connection), so recovery
needs no restart.

Only errors that mean "the database is not answering" become a 503 (OperationalError and
InterfaceError: refused or lost connections, timeouts, a locked or missing SQLite file). A
programming error (ProgrammingError, IntegrityError, a bug in a view) stays a 500.

Where the error surfaces decides how it is caught:
- in a view or while rendering a template (most cases: `request.user` and `request.session`
  are loaded lazily there), through `process_exception`;
- in a middleware below this one (a session saved on the way out), Django has already turned
  it into a 500 response before it reaches here, so the `got_request_exception` signal marks
  the request and the 500 is swapped for the 503 on the way out.
This middleware sits above the session and authentication middleware for that reason.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .api.problems import PROBLEM_MEDIA_TYPE, problem

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# SQLite reports mistakes in the schema or in SQL as OperationalError too; those are bugs
# (a missing migration, a typo), not an outage, and must stay visible as a 500.
SQLITE_PROGRAMMING_ERRORS = ("no such table", "no such column", "syntax error")

# Shown if even the 503 template cannot be rendered: the outage page must never fail.
BARE_UNAVAILABLE_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8>"
    "<title>Temporarily unavailable</title>"
    "<h1>The archive is temporarily unavailable</h1>"
    "<p>Please try again in a few minutes.</p></html>"
)


def is_database_unavailable(exception):
    """Whether an exception means the database is not answering (rather than a bug)."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    message = str(exception).lower()
    return not message.startswith(SQLITE_PROGRAMMING_ERRORS)


def database_unavailable_response(request):
    """The 503 answer, built without touching the database."""
    if request.path_info.startswith(f"/{settings.API_URL}"):
        # Problem details like every API error; of no specific type (about:blank).
        response = JsonResponse(
            problem(
                None,
                _("The archive's database is unavailable. Please try again shortly."),
                status_code=503,
            ),
            status=503,
            content_type=PROBLEM_MEDIA_TYPE,
        )
    else:
        try:
            # No request, so no context processors: nothing may load the user or the session.
            html = render_to_string("503.html")
        except Exception:
            logger.exception("Could not render 503.html; sending the bare outage page")
            html = BARE_UNAVAILABLE_PAGE
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # An outage must not be cached by browsers or proxies in place of the real page.
    response["Cache-Control"] = "no-store"
    return response


def _mark_request_if_database_unavailable(sender, request=None, **kwargs):
    """Receiver of got_request_exception, sent while Django handles an uncaught exception."""
    exception = sys.exc_info()[1]
    if request is not None and is_database_unavailable(exception):
        request.database_unavailable_error = exception


class DatabaseUnavailableMiddleware:
    """Answers 503 (page or JSON) when the database cannot be reached; see the module notes."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            _mark_request_if_database_unavailable,
            dispatch_uid="archive.middleware.database_unavailable",
        )

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "database_unavailable_error", None)
        if error is not None and response.status_code == 500:
            return self.unavailable(request, error)
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        logger.error("Database unavailable, answering 503 for %s: %s", request.path, error)
        return database_unavailable_response(request)
