"""WSGI entry point, used by gunicorn and other WSGI servers, and by runserver."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzbe_site.settings")

application = get_wsgi_application()

from archive.checks import refuse_to_serve_without_a_secret_key  # noqa: E402 (needs the apps)

refuse_to_serve_without_a_secret_key()
