"""The archive's URL map: admin for editors; the website and API are added by the archive app."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "Kazakhstan–Belgium Relations Archive"
admin.site.site_title = "KZ–BE Archive admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
]
