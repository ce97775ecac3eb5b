"""The archive's URL map: the admin for editors, the public website and the JSON API."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Kazakhstan–Belgium Relations Archive"
admin.site.site_title = "KZ–BE Archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]
