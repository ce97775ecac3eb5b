"""
The built zip behind /api/export/: built out of band by `build_export` (a command, after changes
and on a schedule), only when the data version changed, and swapped in whole.
"""

import fcntl
import hashlib
import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from ..backup import consistent_snapshot
from ..models import Article
from . import writers
from .schema import PACKAGE_NAME

GENERATION_FILE = "generation"
BUILT_NAME = f"{PACKAGE_NAME}.zip"
# The data version the served zip was built from, written after it (a crash in between only
# means that the next scheduled build runs again).
BUILT_VERSION_FILE = f"{PACKAGE_NAME}.version"
LOCK_FILE = "build.lock"
PARTIAL_SUFFIX = ".part"
# What a client is told to wait when no package is built yet: the suggested schedule's interval
# (docs/operations.md).
RETRY_AFTER_SECONDS = 300


class BuildInProgress(Exception):
    """Another process is building the package right now."""


def cache_dir():
    return Path(settings.EXPORT_CACHE_DIR)


def built_path():
    return cache_dir() / BUILT_NAME


def mark_built_package_stale(**kwargs):
    """A receiver of `archive_changed` (archive/signals.py)."""
    renew_generation()


def renew_generation():
    """Mark the built export as stale: the next scheduled build makes a new one."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, suffix=".tmp") as file:
        file.write(uuid.uuid4().hex)
    os.replace(file.name, directory / GENERATION_FILE)


def data_version():
    """Changes whenever the exported data may have changed (see the module docstring)."""
    try:
        generation = (cache_dir() / GENERATION_FILE).read_text()
    except FileNotFoundError:
        generation = ""
    digest = hashlib.sha256(generation.encode())
    for article_id, updated_at in (
        Article.objects.published().order_by("id").values_list("id", "updated_at")
    ):
        digest.update(f"{article_id}:{updated_at.isoformat()};".encode())
    return digest.hexdigest()[:20]


def built_version():
    """The data version of the zip being served, or None if none was built."""
    if not built_path().exists():
        return None
    try:
        return (cache_dir() / BUILT_VERSION_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


@contextmanager
def build_lock(directory):
    """One build at a time (a cron run overlapping a slow one waits for nothing: it stops)."""
    with open(directory / LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildInProgress(f"Another build holds {directory / LOCK_FILE}.") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_export(force=False):
    """
    Build the zip served at /api/export/, unless the one there is of the current data (or
    `force`). It is written to a temporary file beside the served one and swapped in with
    `os.replace()` only once complete, so a reader always gets a whole package and a build that
    fails or is killed leaves the previous one in place. Returns the zip's path, or None when
    the one there is up to date.
    """
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with build_lock(directory):
        version = data_version()
        if not force and built_version() == version:
            return None
        # Under the lock any partial file is a dead build's (killed mid-way): clear it away.
        for leftover in directory.glob(f"*{PARTIAL_SUFFIX}"):
            leftover.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=directory, prefix=f".{PACKAGE_NAME}-", suffix=PARTIAL_SUFFIX, delete=False
        ) as file:
            partial = Path(file.name)
        try:
            # One snapshot of the database for every table, so foreign keys hold across them.
            with consistent_snapshot():
                writers.write_zip(partial)
            os.chmod(partial, 0o644)
            os.replace(partial, built_path())
        finally:
            partial.unlink(missing_ok=True)
        version_file = directory / BUILT_VERSION_FILE
        version_file.with_suffix(PARTIAL_SUFFIX).write_text(version + "\n")
        os.replace(version_file.with_suffix(PARTIAL_SUFFIX), version_file)
        # Zips named by data version, from before packages were built out of band.
        for stale in directory.glob(f"{PACKAGE_NAME}-*.zip"):
            stale.unlink(missing_ok=True)
    return built_path()
