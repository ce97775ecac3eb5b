"""Test settings: the real settings, with a throwaway key and test-friendly storage."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
# Production settings otherwise, but the test client and the live server speak plain http.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from kzbe_site.settings import *  # noqa: F403
from kzbe_site.settings import INSTALLED_APPS, REST_FRAMEWORK, STORAGES

# The live server cannot serve hashed names before collectstatic; tests use plain storage.
# Imported originals are kept outside the checkout, in a folder of the suite's own.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(tempfile.gettempdir()) / "kzbe-archive-tests" / "originals"},
    },
}
# The synthetic corpus generator (`generate_corpus`), which tests of scale use, lives with the
# benchmarks, outside the product.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from their source folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Ordinary tests are not throttled; the throttling test sets a rate of its own.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
# The page cache and the remembered counts are off unless a test turns them on
# (tests/test_cache.py), so that query counts measure the real work; the generation file lives
# outside the checkout.
# Whatever REDIS_URL says, the suite uses memory and a file (tests/test_cache_redis.py starts
# a Redis of its own).
CACHE_MIDDLEWARE_SECONDS = 0
AGGREGATE_CACHE_SECONDS = 0
# Embedding a text costs time and memory every test that saves an article would pay: related
# reports are updated on save only in their own tests (tests/test_related.py).
RELATED_REPORTS_UPDATE_ON_SAVE = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "generation": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(tempfile.gettempdir()) / "kzbe-archive-tests" / "cache",
    },
}
# The export cache lives outside the checkout; tests that build exports use their own folder.
EXPORT_CACHE_DIR = Path(tempfile.gettempdir()) / "kzbe-archive-tests" / "export-cache"
