"""What a backup holds (the models, in load order) and its manifest: checksums and signature."""

import datetime
import hashlib
import hmac
import re

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
# Records outside the archive app that curation depends on.
ACCOUNT_MODELS = ["auth.Group", "auth.User", "admin.LogEntry"]
# Loaded by name (natural key) rather than by id: migrations already create the "Editors" group.
MATCHED_BY_NAME = {"auth.group"}
SAFE_FILE_NAME = re.compile(r"^[0-9]{2}_[a-z0-9_]+\.json$")
# Received files (archive.ReceivedFile): copied into the backup under ORIGINALS_FOLDER by number,
# and put back in the originals storage under their storage names, which must be plain
# relative paths.
ORIGINALS_FOLDER = "originals"
SAFE_ORIGINAL_COPY = re.compile(r"^originals/[0-9]{6,}$")
SAFE_STORAGE_NAME = re.compile(r"^(?!/)(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]{0,254}$")
SIGNATURE_NAME = "manifest.sig"
SIGNATURE_SCHEME = "hmac-sha256"
MINIMUM_KEY_LENGTH = 32
# Who can sign in and what they may do: a restore loads these only when asked to.
ACCOUNT_LABELS = {
    "auth.user",
    "auth.group",
    "auth.permission",
    "admin.logentry",
    "sessions.session",
}
LISTED_NAMES = 10  # logins named in a refusal; the rest are counted


class FullPrecisionJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup cannot be written, or a restore is refused; the message says why."""


def signing_key():
    """The key backups are signed with, as bytes; a BackupError saying what to do if unusable."""
    key = settings.BACKUP_SIGNING_KEY
    if not key:
        raise BackupError(
            "DJANGO_BACKUP_SIGNING_KEY is not set. Backups are signed with it, and restore "
            "loads only a backup whose signature it can check. Set it to a long random value "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), different from '
            "DJANGO_SECRET_KEY, and keep it with the site's secrets, not with the backups."
        )
    if len(key) < MINIMUM_KEY_LENGTH:
        raise BackupError(
            f"DJANGO_BACKUP_SIGNING_KEY is too short ({len(key)} characters): use at least "
            f"{MINIMUM_KEY_LENGTH} random characters."
        )
    if key == settings.SECRET_KEY:
        raise BackupError(
            "DJANGO_BACKUP_SIGNING_KEY must not be DJANGO_SECRET_KEY: give backups a key of "
            "their own, so that one leaked key is not enough to forge a backup."
        )
    return key.encode()


def manifest_signature(manifest_bytes, key):
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


def verify_signature(directory, manifest_bytes, key):
    """Refuse a manifest that is not exactly the one signed with this key."""
    try:
        scheme, signature = (directory / SIGNATURE_NAME).read_text(encoding="ascii").split()
    except FileNotFoundError:
        raise BackupError(
            f"{directory} has no {SIGNATURE_NAME}: the backup is not signed, so nothing in it "
            "can be trusted; nothing was loaded."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(
            f"{SIGNATURE_NAME} is not a backup signature; nothing was loaded."
        ) from None
    expected = manifest_signature(manifest_bytes, key)
    if scheme != SIGNATURE_SCHEME or not hmac.compare_digest(signature, expected):
        raise BackupError(
            "The manifest's signature does not match: the backup was changed after it was "
            "written, or signed with another DJANGO_BACKUP_SIGNING_KEY. Nothing was loaded."
        )


def backed_up_models():
    """Every model whose records a backup keeps, in the order they must be loaded."""
    models = list(apps.get_app_config("archive").get_models())
    models += [apps.get_model(label) for label in ACCOUNT_MODELS]
    if apps.is_installed("reversion"):
        models += list(apps.get_app_config("reversion").get_models())
    return in_dependency_order(models)


def in_dependency_order(models):
    """The models reordered so that each comes after those it points to (stable otherwise)."""

    def dependencies(model):
        related = {
            field.related_model
            for field in model._meta.get_fields()
            if field.concrete and field.is_relation and field.related_model is not None
        }
        related.discard(model)
        return related & set(models)

    ordered, remaining = [], list(models)
    while remaining:
        ready = next(
            (model for model in remaining if dependencies(model) <= set(ordered)),
            remaining[0],  # a cycle: loaddata resolves forward references, so go on
        )
        ordered.append(ready)
        remaining.remove(ready)
    return ordered


def model_label(model):
    return model._meta.label_lower


def schema_versions(models, using=DEFAULT_DB_ALIAS):
    """The latest applied migration of each app the models belong to."""
    app_labels = sorted({model._meta.app_label for model in models})
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {
        label: max((name for app, name in applied if app == label), default=None)
        for label in app_labels
    }


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
