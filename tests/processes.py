"""Other processes in the project folder, with none of the caller's archive settings."""

import os
import subprocess
import sys

from django.conf import settings

# What a test process may have set that must not leak into the process it starts.
ARCHIVE_SETTINGS = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "GUNICORN_", "WEB_CONCURRENCY")


def project_environment(**env):
    """The caller's environment without its archive settings, plus `env`."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(ARCHIVE_SETTINGS)
    }
    environment.update(env)
    return environment


def run_in_project(arguments, **env):
    """Run Python with `arguments` in the project folder; returns the finished process."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=project_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
