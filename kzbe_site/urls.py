"""The archive's URL map: the admin for editors, the public website and the JSON API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.website import oai

admin.site.site_header = "Kazakhstan–Belgium Relations Archive"
admin.site.site_title = "KZ–BE Archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    # DJANGO_ADMIN_URL: a less guessable address keeps most login-guessing robots away.
    path(settings.ADMIN_URL, admin.site.urls),
    path(settings.API_URL, include("archive.api.urls")),
    path("oai/", oai.endpoint, name="oai"),
    path("", include("archive.website.urls")),
]
