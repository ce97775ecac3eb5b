"""
Settings for the Kazakhstan–Belgium Relations Archive.

Everything that differs between machines comes from the environment (see the README's
"Configuration" section). The defaults suit a local checkout: a SQLite file in the project
folder. With DJANGO_DEBUG off, a secret key must be given; the site will not run on a known one.

One module, as Django reads its settings: every setting in one file, grouped by concern, each
saying why it has its value. That is what makes it longer than the archive's other modules.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A yes/no variable; anything but the usual words is an error (a typo must not read "no")."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}, not {value!r}."
    )


def env_list(name, default=""):
    """A comma-separated list; an empty item (",," or a trailing comma) is an error."""
    value = os.environ.get(name, default).strip()
    if not value:
        return []
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name} has an empty item: {value!r}.")
    return items


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The site signs sessions, CSRF tokens and password-reset links with this key, so with debug
# off it refuses to serve without one (kzbe_site/wsgi.py, and `check --deploy`). A management
# command signs nothing that outlives it, so it runs with a throwaway key: `check`, `migrate`
# and `makemigrations --check` work before the secrets are in place.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
SECRET_KEY_IS_SET = bool(SECRET_KEY)
if not SECRET_KEY_IS_SET:
    # Debugging: a key that is useless anywhere else, and stable, so sessions survive reloads.
    SECRET_KEY = "django-insecure-local-development-only" if DEBUG else secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    # The admin site with the archive's own pages (data quality, import).
    "archive.apps.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "reversion",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers first, so that every response gets them, the 503 page included.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Above everything that may reach the database (sessions, users, views): an unreachable
    # database becomes a 503 page here rather than a 500.
    "archive.middleware.DatabaseUnavailableMiddleware",
    # The API's RateLimit-* headers, above the page cache: pages are kept without them.
    "archive.api.throttling.RateLimitHeadersMiddleware",
    # The page cache (archive/cache.py): kept below the security headers, which every response
    # gets afresh, and above the middleware that set cookies and Vary, which it must see.
    "archive.cache.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # The language: the URL's on the website, the editor's in the admin, Accept-Language in
    # the API (archive/languages.py).
    "archive.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Answers from the page cache, once the language and the user are known.
    "archive.cache.FetchPageCacheMiddleware",
    # Turns a 404 at a merged-away record's old URL into a 301 to the survivor.
    "archive.redirects.MovedRecordMiddleware",
    # django-axes wants to be last: it turns a lock-out flagged during login into its page.
    "axes.middleware.AxesMiddleware",
]


ROOT_URLCONF = "kzbe_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "kzbe_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; IMMEDIATE avoids "database is locked"
    # when two writers start a transaction at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# --- Caching ----------------------------------------------------------------------------------
# Whole pages and API responses for anonymous visitors, dropped whenever an editor changes
# anything (archive/cache.py). `default` holds the pages (and the API's rate-limit counters):
# Redis when REDIS_URL is set, shared by every process and host; otherwise each process's own
# memory. `generation` holds the token that invalidates them, which every process must see:
# Redis too, or else a small file in DJANGO_CACHE_DIR (one machine only: several hosts need
# Redis). DJANGO_PAGE_CACHE_SECONDS=0 turns the page cache off.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR", BASE_DIR / "var" / "cache"))
if REDIS_URL:
    REDIS_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kzbe",
    }
    CACHES = {"default": REDIS_CACHE, "generation": REDIS_CACHE}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kzbe-archive",
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 500)},
        },
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
        },
    }
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
CACHE_MIDDLEWARE_KEY_PREFIX = ""
# Counts and facet counts over the whole archive, kept in `default` until the data changes.
AGGREGATE_CACHE_SECONDS = env_int("DJANGO_AGGREGATE_CACHE_SECONDS", 600)
# Related reports (archive/related.py) are updated when an article or its links change, after
# the change commits; off, they change only with `manage.py rebuild_related`.
RELATED_REPORTS_UPDATE_ON_SAVE = env_bool("DJANGO_RELATED_REPORTS_UPDATE_ON_SAVE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface's languages; the switcher names each in its own language. Kazakh in Cyrillic.
LANGUAGES = [
    ("en", _("English")),
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("nl", _("Dutch")),
]
# The archive's own catalogue first, so that it wins; then the installed packages' messages
# that their own catalogues lack (locale_supplement/README.md). Not named `locale`, so that
# makemessages leaves it alone.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_supplement"]
# Formats for the languages Django ships none for (Kazakh's decimal comma).
FORMAT_MODULE_PATH = ["archive.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The files articles were imported from (a web page's HTML as fetched), kept byte for byte
# (archive/models/originals.py). A folder outside the static and public ones: they are served
# to staff only, as downloads, by the admin. Another backend (S3, say) goes in STORAGES.
ORIGINALS_ROOT = Path(os.environ.get("DJANGO_ORIGINALS_ROOT", BASE_DIR / "var" / "originals"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ORIGINALS_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"

# --- HTTPS, cookies and security headers ---------------------------------------------------
# In production (DEBUG off) the site is HTTPS only; `make run` (DEBUG on, plain http on
# 127.0.0.1) keeps working because all of this follows DEBUG unless the environment says more.

# Set when a TLS-terminating proxy (nginx, a load balancer) sits in front and sets
# X-Forwarded-Proto and X-Forwarded-For. Never set it otherwise: clients could then claim HTTPS.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The admin's language choice: kept like the session, never read by a script.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Only staff have sessions: they end after a working day, or when the browser closes if asked.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Origins (scheme and host) allowed to POST, e.g. https://archive.example; needed when a proxy
# changes the host name the browser sees.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Content Security Policy (django-csp) ----------------------------------------------------
# Scripts and styles only from the site's own static files: no inline code, no eval. JSON-LD
# (<script type="application/ld+json">) is data, never executed, so it needs no exception.
# The Django admin works under this same policy (it ships no inline script or style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    }
}
if os.environ.get("DJANGO_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["DJANGO_CSP_REPORT_URI"]]

# --- The admin: its address, and lock-out after repeated failed logins (django-axes) --------

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip().strip("/")
# Where the JSON API answers: the URL map, CORS, the page cache and the 503 page read it here.
API_URL = "api/"
if not ADMIN_URL:
    raise ImproperlyConfigured("DJANGO_ADMIN_URL must not be empty: the site itself lives at /.")
ADMIN_URL += "/"

AUTHENTICATION_BACKENDS = [
    # Refuses a login from a locked-out address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_ADMIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_ADMIN_LOCKOUT_MINUTES", 30))
# Lock out the address the attempts come from, not the account: locking accounts would let
# anyone who knows an editor's user name keep that editor out.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
# Lock-outs are logged as warnings; the start-up banner on every command is noise.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "archive.security.lockout_response"
# The same address the API's rate limit counts by (the socket peer, or the proxy's word).
AXES_CLIENT_IP_CALLABLE = "archive.security.client_ip_address"

COUNTRIES_FIRST = ["KZ", "BE"]

# --- Uploads: press texts for the importer ------------------------------------------------------
# The largest press text the importer takes, as a file or pasted. Django's own limits follow
# it: an upload is dropped as soon as one of its files passes it (archive/importing/uploads.py),
# a request whose files fit within it stays in memory and a larger one is spooled to temporary
# files, and the other fields together (a pasted text) may be as large, with a little room for
# the rest of the form. Behind a proxy, accept such bodies at the admin's address only.
IMPORT_MAX_FILE_BYTES = env_int("DJANGO_IMPORT_MAX_FILE_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "archive.importing.uploads.FileSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_FILE_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_FILE_BYTES + 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DJANGO_IMPORT_MAX_FILES", 100)
# Web pages and feeds the importer fetches (archive/importing/fetching.py): how long one fetch
# may take, and whether it may reach addresses inside the network (private, loopback,
# link-local: a cloud's metadata service at 169.254.169.254, say). Off, a URL that resolves
# to one, or redirects to one, is refused.
IMPORT_FETCH_TIMEOUT_SECONDS = env_int("DJANGO_IMPORT_FETCH_TIMEOUT_SECONDS", 20)
IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("DJANGO_IMPORT_ALLOW_PRIVATE_ADDRESSES", default=False)
# Scanned PDFs (archive/importing/documents.py): how long the OCR of one file may take in all,
# and how many of its pages are read; the rest are left out, and the editor is told. An upload
# is read within its request: the time stays below gunicorn's (GUNICORN_TIMEOUT, 30 seconds),
# or the worker would be stopped first; the command may be given longer.
IMPORT_OCR_TIMEOUT_SECONDS = env_int("DJANGO_IMPORT_OCR_TIMEOUT_SECONDS", 25)
IMPORT_OCR_MAX_PAGES = env_int("DJANGO_IMPORT_OCR_MAX_PAGES", 20)

# --- The public JSON API, OAI-PMH and bulk export -------------------------------------------

REST_FRAMEWORK = {
    # The API is public and read-only: no sessions or logins, so no CSRF and no per-user state.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Every error as RFC 9457 problem details (archive/api/problems.py).
    "EXCEPTION_HANDLER": "archive.api.problems.problem_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "archive.api.problems.ArchiveContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["archive.api.filtering.ArchiveFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "archive.api.pagination.ArchivePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "archive.api.schema.ArchiveAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRateThrottle"],
    # DRF's rate syntax: "120/minute", "1000/hour"; empty turns throttling off.
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute") or None},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kazakhstan–Belgium Relations Archive API",
    "DESCRIPTION": (
        "Read-only access to the archive's published articles and the facts drawn from them: "
        "people, organisations, places, events, statistics, topics and indicators. Lists are "
        "paginated (`page`, `page_size` up to 100) and come as JSON or, with `?format=csv` or "
        "`Accept: text/csv`, as CSV (`?format=csv-excel`: with a byte-order mark for Excel): "
        "one page at a time, the `Link` header giving the next one and `X-Total-Count` the "
        "number of rows, or every row of the filtered list at once with `page_size=all`. CSV "
        "columns are named as in the export; a list is one cell, its items joined by `; `. "
        "The whole archive is downloadable at once from `/api/export/`. Filters on a record "
        "take its slug. Errors are RFC 9457 problem details (`application/problem+json`) "
        "whose `type` names the kind of problem (see `/api/problems/`) and whose "
        "`invalid_params` name each refused parameter and what was expected: a query "
        "parameter an address does not read is a 400 listing those it does, a slug no record "
        "has a 404, a page past the last a 404 saying how many there are. Every field listed "
        "is always sent; a value the archive does not have is `null`, never an empty string. "
        "Dates: `ordering=date` sorts by each date's `sort` day (several keys, comma-separated); "
        "`date_after`, `date_before` and `year` match a record whose date may fall in the period "
        "(`date_mode=overlaps`, the default) or, with `date_mode=within`, only one certainly in "
        "it. Every answer states the caller's rate limit in `RateLimit-Limit`, "
        "`RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`; a 429 adds "
        "`Retry-After`. Records and lists carry an `ETag` and `Last-Modified` for conditional "
        "requests. Names in a table of your own can be matched to the archive's people, "
        "organisations and places with the reconciliation service at `/api/reconcile/` (W3C "
        "Reconciliation Service API 0.2, as OpenRefine uses it)."
    ),
    "VERSION": "1",
    # OpenAPI 3.1: a reference that may be null is `oneOf: [{$ref}, {type: "null"}]`, which
    # strict validators and client generators read right (3.0's `nullable` beside a `$ref`
    # is ignored by them).
    "OAS_VERSION": "3.1.0",
    # Texts stay their publishers'; what the archive adds (records, dates, links) is open.
    "LICENSE": {
        "name": os.environ.get(
            "API_LICENSE_NAME",
            "CC BY 4.0 for the archive's records; quoted texts remain their publishers'",
        ),
        "url": os.environ.get("API_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    },
    "TAGS": [
        {"name": "articles", "description": "Published press texts, verbatim, with their dates."},
        {"name": "people", "description": "People the texts name, with their dated roles."},
        {
            "name": "organisations",
            "description": "States, parliaments, ministries, agencies, parties and the press.",
        },
        {"name": "places", "description": "Cities, regions and countries the texts name."},
        {"name": "events", "description": "What happened, as published articles report it."},
        {
            "name": "statistics",
            "description": "Figures as each source reports them, hedges and all.",
        },
        {"name": "topics", "description": "The archive's subject headings."},
        {"name": "indicators", "description": "What figures measure, with all their figures."},
        {"name": "export", "description": "The whole archive at once, as a data package."},
        {
            "name": "network",
            "description": "Who meets whom: people and bodies linked by shared events and "
            "articles, as JSON or GEXF.",
        },
        {
            "name": "popolo",
            "description": "People, bodies, roles, events and places in the Popolo standard.",
        },
        {
            "name": "reconciliation",
            "description": "Matching names from your own data to the archive's people, bodies "
            "and places: a W3C Reconciliation Service API 0.2 service, as OpenRefine uses.",
        },
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the project's own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three models have a "kind"; name their enums apart. A participant's part is `part` in the
    # API's events and `role` in the Popolo document: one enum.
    "ENUM_NAME_OVERRIDES": {
        "PartEnum": "archive.models.EventParticipant.Part",
        "EventKindEnum": "archive.models.Event.Kind",
        "OrganisationKindEnum": "archive.models.Organisation.Kind",
        "PlaceKindEnum": "archive.models.Place.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "archive.api.schema.document_error_responses",
        "archive.api.pagination.document_page_headers",
        "archive.api.schema.describe_the_server",
    ],
}

# Browser apps on other sites may read the API (GET only); nothing else is opened to them.
CORS_URLS_REGEX = rf"^/{API_URL}.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Conditional requests from a browser: If-None-Match (ETag) and If-Modified-Since need a
# preflight, being outside the CORS-safelisted request headers.
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = [
    "Link",
    "ETag",
    "Retry-After",
    "Content-Disposition",
    "X-Total-Count",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]

# OAI-PMH: identifiers read oai:<OAI_REPOSITORY_IDENTIFIER>:article/<slug>; keep it stable once
# harvested. OAI_PAGE_SIZE is how many records one response carries before a resumption token.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "kzbe-archive.local")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "archive@kzbe-archive.local")
OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 100)
# The API description gives the same contact.
SPECTACULAR_SETTINGS["CONTACT"] = {"name": "The archive's editors", "email": OAI_ADMIN_EMAIL}

# Where `manage.py build_export` writes the bulk export that /api/export/ serves.
EXPORT_CACHE_DIR = Path(os.environ.get("EXPORT_CACHE_DIR", BASE_DIR / "var" / "export-cache"))

# The public site's address, for what is written with no request to ask: the addresses in the
# RDF dump (archive/rdf/dump.py) and the Popolo document (archive/popolo.py), which must be
# those the site answers at. `make run`'s by default.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")

# Backups are signed (HMAC-SHA256 of their manifest) with this key, and restore loads only a
# backup whose signature it can check. Separate from SECRET_KEY, so that a leaked backup or
# a leaked secret key alone is not enough to forge one; backup and restore refuse without it.
BACKUP_SIGNING_KEY = os.environ.get("DJANGO_BACKUP_SIGNING_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
