"""Test settings: the real settings, with a throwaway key and test-friendly storage."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
# Production settings otherwise, but the test client and the live server speak plain http.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from kzbe_site.settings import *  # noqa: F403
from kzbe_site.settings import STORAGES

# The live server cannot serve hashed names before collectstatic; tests use plain storage.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from their source folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
