"""The archive's URLs, and the framework floor: a view that only returns a fixed HTML page."""

import functools
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from kzbe_site.urls import urlpatterns as archive_urlpatterns

FLOOR_FILE = "bench-floor.html"


@functools.cache
def floor_html():
    return (Path(os.environ["BENCH_FLOOR_DIR"]) / FLOOR_FILE).read_bytes()


def floor_view(request):
    return HttpResponse(floor_html())


urlpatterns = [path("bench/floor/", floor_view, name="bench_floor"), *archive_urlpatterns]
