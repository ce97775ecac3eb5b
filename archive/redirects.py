"""Permanent redirects for the addresses of merged-away records (see MovedRecord)."""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from . import signals
from .models import MovedRecord

# Only records that can be merged move: people, organisations, places and events, on the
# website and in the API, at a slug. Other 404s (robots probing for files, paths carrying
# characters no slug has, such as a NUL that PostgreSQL refuses) never reach the database.
MOVABLE_SEGMENTS = ("people", "organisations", "places", "events")
MOVABLE_PATH = re.compile(
    rf"^/(?:{re.escape(settings.API_URL)})?(?:{'|'.join(MOVABLE_SEGMENTS)})/[-a-zA-Z0-9_]+/\Z"
)


class MovedRecordMiddleware:
    """Answer a 404 with a 301 when the path belongs to a record merged into another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or not MOVABLE_PATH.match(request.path):
            return response
        new_path = (
            MovedRecord.objects.filter(old_path=request.path).values_list("new_path", flat=True)
        ).first()
        if new_path is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)


def record_move(old_path, new_path):
    """Point `old_path` at `new_path`, and re-point earlier moves that led to `old_path`."""
    MovedRecord.objects.filter(new_path=old_path).update(new_path=new_path)
    MovedRecord.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})
    signals.archive_changed_on_commit()  # update() above sends no signal
