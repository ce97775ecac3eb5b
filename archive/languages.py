"""
The archive's five interface languages: which one a request is answered in, and where the same
page is in the others.

- The website's language is its URL's: no prefix is English (`/articles/…`, where every
  address already was), `/kk/`, `/ru/`, `/fr/`, `/nl/` the others. One address, one language, so
  a link, a citation or a cached page never changes language with the reader's browser.
- The API's labels (date labels, hedges) follow `Accept-Language`, and nothing else: its
  consumers are programs, which send no language cookie.
- The admin follows the editor: the language chosen in its header (Django's language cookie),
  else the browser's.
"""

from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

# Each language named in itself, as a reader looking for their own would spot it (Django's
# `name_local` writes "Қазақ" and "français").
ENDONYMS = {
    "en": "English",
    "kk": "Қазақша",
    "ru": "Русский",
    "fr": "Français",
    "nl": "Nederlands",
}


def accepted_language(request):
    """The first language of the request's Accept-Language that the archive speaks, else English."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """
    In place of Django's LocaleMiddleware, which with an unprefixed default language answers
    every unprefixed address (the admin and the API too) in English and marks every English
    page as varying on Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(f"/{settings.API_URL}"):
            language = accepted_language(request)
        elif path.startswith(f"/{settings.ADMIN_URL}"):
            language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if path.startswith((f"/{settings.API_URL}", f"/{settings.ADMIN_URL}")):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def language_versions(request):
    """
    The page `request` asked for, in each language, as (code, name in that language, path):
    the same record and the same query. A path that names no page (a 404) gives each
    language's home page.
    """
    full_path = request.get_full_path()
    try:
        resolve(request.path_info)
        found = True
    except Resolver404:
        found = False
    versions = []
    for code, _name in settings.LANGUAGES:
        if found:
            path = translate_url(full_path, code)
        else:
            with translation.override(code):
                path = reverse("archive:home")
        versions.append((code, ENDONYMS[code], path))
    return versions
