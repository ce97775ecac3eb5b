"""
The archive's URL map: the admin for editors, the public website and the JSON API.

The website is in five languages: English at the addresses it always had, the others under
their prefix (`/kk/`, `/ru/`, `/fr/`, `/nl/`; see archive/languages.py). The admin, the API,
OAI-PMH, the sitemap, robots.txt and the RDF dump and its VoID have one address each.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from archive.website import oai, pages, sitemaps

urlpatterns = [
    # DJANGO_ADMIN_URL: a less guessable address keeps most login-guessing robots away.
    path(settings.ADMIN_URL, admin.site.urls),
    path(settings.API_URL, include("archive.api.urls")),
    path("oai/", oai.endpoint, name="oai"),
    # The admin's language menu posts here (Django's set_language, which sets the cookie).
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", pages.robots_txt, name="robots_txt"),
    # The archive as RDF, whole: the dump and its VoID description (archive/rdf/dump.py).
    path("dump.nt.gz", pages.rdf_dump, name="rdf_dump"),
    path("void.ttl", pages.void, name="void"),
    path(".well-known/void", pages.void, name="well_known_void"),
    *i18n_patterns(path("", include("archive.website.urls")), prefix_default_language=False),
]
