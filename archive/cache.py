"""
The page cache: whole responses of the public website and the API, kept for anonymous
visitors and dropped as soon as an editor changes anything.

How a page is kept, and found again: under one key made of the scheme, host, path, the query
string in canonical form, the language, under /api/ the two request headers the API's answers
vary on (Accept, and whether an Origin is sent), and at a record's address the form its Accept
header gets (the page, Turtle or JSON-LD: three entries at most), with a prefix that carries
the archive's *generation*. The generation is renewed whenever `archive_changed`
(`archive/signals.py`) is sent, once a change to the archive's records commits, so every page
kept before is simply never asked for again and expires on its own. Publishing, editing,
merging, importing and reverting all go through saves and deletes, so none of them can leave a
stale page behind.

The generation lives in the `generation` cache, which every process serving the site must
share: Redis when `REDIS_URL` is set, otherwise a small file (see settings). The pages
themselves live in the `default` cache (Redis, or each process's own memory).

What is never kept: anything but GET and HEAD; responses other than 200; streamed responses
(the bulk export); responses that set a cookie or say `Cache-Control: private/no-cache/no-store`
or `Vary: *`; requests that carry a session cookie (every signed-in editor has one, so an
editor always sees the live page) or an Authorization header; the admin; and OAI-PMH, whose
answers carry the time they were made. A kept response keeps its headers (ETag, Vary,
Content-Language, CORS), and an `If-None-Match` that matches its ETag gets a 304 as before.
Security headers (CSP, HSTS, frame options) are added afresh to every response, kept or not,
because the middleware that stores pages sits below the middleware that adds them.

What one client can add is bounded: only a request in canonical form is kept, so that no
header or parameter the page does not depend on can make a new entry. The query string may
hold only the parameters the view reads (its FilterSet's, the page, and in the API the page
size, the format and any other it names, such as the network's `limit`), put in canonical
order (by name; repeated values keep their order); the Host must be one the site answers to
(anything else is a 400 before the cache is asked), in lower case, with no port or the
server's own; under /api/ the Accept header must be absent or one of a few plain forms.
Anything else is answered afresh and not kept: 30 junk query strings, ports or origins add no
entry (before: one or two each).

API rate limits count every request, served from the cache or not: a limit is a promise to
clients about how often they may call, and it should not depend on whether someone else has
just asked for the same page. A refused request goes on to the API view, which answers its
usual 429.

Clients are not told to keep pages unchecked (no `Cache-Control: max-age` is added): after
an editor publishes, the next request must show the change. The API tells them to revalidate
(`max-age=0, must-revalidate`) and gives `Last-Modified`, the time of the archive's last change
(`data_changed_at()`, kept beside the generation), so `If-Modified-Since` gets a 304 too.

Aggregates over the whole archive (how many rows a list has, facet counts, the home page's
totals) are remembered the same way, per generation, by `remember()`, for everyone (editors
too, since they are exact until the next change): counting 100,000 articles again for every
page of a list is work that a change-driven cache makes unnecessary. `AGGREGATE_CACHE_SECONDS=0`
turns that off.
"""

import functools
import hashlib
import time
import uuid
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import cc_delim_re, get_conditional_response, has_vary_header
from django.utils.http import parse_http_date_safe
from rest_framework.settings import api_settings
from rest_framework.views import APIView

GENERATION_CACHE = "generation"
GENERATION_KEY = "archive:page-cache-generation"
CHANGED_AT_KEY = "archive:data-changed-at"
# Set on the request by FetchPageCacheMiddleware when the response may be kept: its key (with
# the generation read *before* the view ran, so a page built while a change commits is kept
# under the old generation and never served).
REQUEST_ATTRIBUTE = "_archive_page_cache_key"
# The request headers a kept page may vary on: the key accounts for each (the language through
# the language chosen, Accept and Origin under /api/). A response varying on any other is not
# kept.
KEYED_VARY_HEADERS = {"accept", "accept-language", "origin"}
# Accept headers an API answer is kept for, as sent; any other is answered afresh.
PLAIN_ACCEPT_HEADERS = {"", "*/*", "application/json", "text/csv"}


# --- The generation ---------------------------------------------------------------------------


def generation():
    """The current generation: a short random token, created on first use."""
    store = caches[GENERATION_CACHE]
    value = store.get(GENERATION_KEY)
    if value is None:
        store.add(GENERATION_KEY, uuid.uuid4().hex[:16], timeout=None)
        value = store.get(GENERATION_KEY)
    return value


def renew_generation():
    """Make every page kept so far unreachable (a random token, so processes cannot collide)."""
    caches[GENERATION_CACHE].set_many(
        {GENERATION_KEY: uuid.uuid4().hex[:16], CHANGED_AT_KEY: time.time()}, timeout=None
    )


def data_changed_at():
    """
    When archive records last changed (a POSIX time). Never earlier than the real change: if
    the time was lost with the generation cache, the first request to ask sets it to its own
    time, which costs clients one full answer, never a stale one.
    """
    store = caches[GENERATION_CACHE]
    value = store.get(CHANGED_AT_KEY)
    if value is None:
        store.add(CHANGED_AT_KEY, time.time(), timeout=None)
        value = store.get(CHANGED_AT_KEY)
    return value


def forget_pages(**kwargs):
    """A receiver of `archive_changed`: every page kept so far is of the old data."""
    renew_generation()


# --- Aggregates remembered until the data changes ---------------------------------------------


def remember(name, compute, *key_parts):
    """
    `compute()`, or what it returned last time for the same name and key parts in the current
    generation. The value must pickle (plain numbers, strings, lists and dicts).
    """
    seconds = settings.AGGREGATE_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    key = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}aggregates.{generation()}.{name}.{digest}"
    store = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value, seconds)
    return value


def remember_for_query(name, compute, queryset):
    """`remember()` keyed by a queryset's SQL, parameters and database."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a queryset that cannot match anything (`.none()`): nothing to keep
        return compute()
    return remember(name, compute, queryset.db, sql, tuple(str(param) for param in params))


# --- Which requests and responses may be kept ------------------------------------------------


def is_enabled():
    return settings.CACHE_MIDDLEWARE_SECONDS > 0


@functools.cache
def never_cached_prefixes():
    return (
        reverse("admin:index"),
        reverse("oai"),
        reverse("api:export"),
    )


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers:
        return False
    return not request.path.startswith(never_cached_prefixes())


def is_storable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or has_vary_header(response, "*"):
        return False
    varies_on = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    if not varies_on <= KEYED_VARY_HEADERS:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def api_throttles_allow(request):
    """Whether the API's rate limits let this request through; counts it if so."""
    if not request.path.startswith(f"/{settings.API_URL}"):
        return True
    throttles = [throttle_class() for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES]
    return all(throttle.allow_request(request, None) for throttle in throttles)


def key_prefix():
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}pages.{generation()}"


def known_parameters(path):
    """
    The query parameters the view at `path` reads: its FilterSet's, its page, and in the API
    the page size and the format. Read from the view class, so a new filter counts at once.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return frozenset()
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    names = set()
    # A viewset's detail reads no filter; only its list does.
    is_list = getattr(match.func, "actions", {}).get("get", "list") == "list"
    if is_list and (filterset_class := getattr(view, "filterset_class", None)):
        names.update(filterset_class.base_filters)
    if getattr(view, "paginate_by", None):
        names.add(view.page_kwarg)
    if isinstance(view, type) and issubclass(view, APIView):
        names.add(api_settings.URL_FORMAT_OVERRIDE)
        names.update(getattr(view, "extra_query_parameters", ()))
        if pagination_class := getattr(view, "pagination_class", None):
            names.update(
                name
                for name in (
                    pagination_class.page_query_param,
                    pagination_class.page_size_query_param,
                )
                if name
            )
    return frozenset(names)


def canonical_query(request):
    """The query string in canonical form, or None when it holds a parameter the view ignores."""
    known = known_parameters(request.path_info)
    if any(name not in known for name in request.GET):
        return None
    # By name; the values of a repeated parameter keep their order (the last one counts).
    return urlencode(
        [(name, value) for name in sorted(request.GET) for value in request.GET.getlist(name)]
    )


def canonical_host(request):
    """
    The host the page is built for, when it is in canonical form: the Host header if the site
    answers to it (otherwise get_host() refuses the request with a 400), in lower case, with no
    port or the server's own. None for any other spelling of it.
    """
    host = request.get_host()
    port = split_domain_port(host)[1]
    if host != host.lower() or (port and port != request.META.get("SERVER_PORT")):
        return None
    return host


def api_variant(request):
    """
    Under /api/, what the answer depends on besides the URL: the Accept header (JSON or CSV),
    and whether an Origin was sent (then CORS headers are added; which origin does not matter,
    every one is allowed). None for an Accept header that is not one of the plain forms.
    """
    if not request.path_info.startswith(f"/{settings.API_URL}"):
        return ""
    accept = request.headers.get("Accept", "").strip()
    if accept not in PLAIN_ACCEPT_HEADERS:
        return None
    origin = request.headers.get("Origin", "")
    cross_origin = False
    if origin:
        try:
            urlsplit(origin)
            cross_origin = True
        except ValueError:  # corsheaders ignores an origin it cannot read
            pass
    return f"{accept}|{'cross-origin' if cross_origin else 'same-origin'}"


def negotiated_form(request):
    """
    At a record's address, which answers the page, Turtle or JSON-LD by the Accept header
    (archive/website/linked_data.py): the form this request gets, so that each is kept apart
    and the page is never served for Turtle nor the reverse. Empty anywhere else.
    """
    # Imported here: the website's views import this module.
    from .website.linked_data import negotiated

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    view = getattr(match.func, "view_class", None)
    answers_by_accept = getattr(view, "answers_by_accept", None)
    if answers_by_accept is None or not answers_by_accept(match.func.view_initkwargs):
        return ""
    return negotiated(request)


def page_key(request):
    """The key this request's page is kept under, or None when it is not in canonical form."""
    host = canonical_host(request)
    query = canonical_query(request)
    variant = api_variant(request)
    if host is None or query is None or variant is None:
        return None
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    variant += negotiated_form(request)
    page = f"{request.scheme}://{host}{request.path}?{query}|{language}|{variant}"
    return f"{key_prefix()}.{hashlib.sha256(page.encode()).hexdigest()}"


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


# --- The two middlewares ----------------------------------------------------------------------


class UpdatePageCacheMiddleware:
    """
    Keeps a response the fetch middleware marked as cacheable. Sits above the session, CSRF,
    CORS and locale middleware, so that it sees the cookies they set and the `Vary` headers
    they add, and below the security headers, which are added afresh to every response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, REQUEST_ATTRIBUTE, None)
        if key is not None and is_storable_response(request, response):
            page_cache().set(key, response, settings.CACHE_MIDDLEWARE_SECONDS)
        return response


class FetchPageCacheMiddleware:
    """
    Answers from the cache when it can; otherwise marks the request so that its response is
    kept. Sits below the authentication middleware, so that anything reading the user (the
    API's rate limits) can, and everything the key depends on (the language) is settled.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_enabled() or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        if key is None:  # not in canonical form: answered afresh, never kept
            return self.get_response(request)
        cached = page_cache().get(key)
        if cached is not None and api_throttles_allow(request):
            return get_conditional_response(
                request,
                etag=cached.get("ETag"),
                last_modified=parse_http_date_safe(cached.get("Last-Modified")),
                response=cached,
            )
        if cached is None:
            setattr(request, REQUEST_ATTRIBUTE, key)
        return self.get_response(request)
