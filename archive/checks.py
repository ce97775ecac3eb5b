"""
What the site needs before it serves: a secret key of its own when debug is off. Management
commands run without one (kzbe_site/settings.py says why); serving does not, and neither does
`check --deploy`.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY is not set. Set it to a long random value before serving with "
    "DJANGO_DEBUG off, or set DJANGO_DEBUG=1 for local development."
)


def serves_without_a_secret_key():
    return not settings.DEBUG and not settings.SECRET_KEY_IS_SET


def refuse_to_serve_without_a_secret_key():
    """Called by the WSGI entry point, which gunicorn and runserver both load."""
    if serves_without_a_secret_key():
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if serves_without_a_secret_key():
        return [checks.Error(MISSING_SECRET_KEY, id="archive.E001")]
    return []
