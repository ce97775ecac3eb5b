"""
Backups of the archive: a consistent, checksummed snapshot of everything curated, and a restore
that checks every byte before it loads anything.

What is kept: every model of the archive app (found at run time, so a model added later is
included without touching this file), the editors' accounts and groups (auth.User with its
password hash, auth.Group with its permissions), the admin's change log, and django-reversion's
history when that app is installed. Records keep their primary keys, so admin links, history
and logs still point at the right records after a restore. Not kept: sessions, login-failure
records, content types and permissions (migrations recreate those).

A backup is a folder of JSON fixtures, one per model, in the order they must be loaded, a
`manifest.json` listing each file's SHA-256 and record count, the schema (latest applied
migration of each app) and the time, and `manifest.sig`, the manifest's HMAC-SHA256 under
`settings.BACKUP_SIGNING_KEY` (DJANGO_BACKUP_SIGNING_KEY, separate from the secret key). The
checksums sit beside the data, so anyone who can write to the folder could change both; the
signature is what says the backup is the one this archive wrote. It contains password hashes:
store it like a secret.

Consistency: all files are read inside one transaction. On PostgreSQL it is REPEATABLE READ
(one snapshot for every query); on SQLite the transaction holds the write lock, so editors'
saves wait the few seconds the backup takes.

Restore refuses to load unless the manifest's signature is good, every checksum matches, every
record in a file is of the model the manifest lists for it, the schema is the one the backup was
taken at, and the archive is empty. Records that decide who can sign in and what they may do
(logins, groups and their permissions, the admin's log) are loaded only when the operator asks
for them (`include_users`), so a restore never hands out access by surprise. It then loads
everything in one transaction, so a failure leaves the database as it was.
"""

import datetime
import hashlib
import hmac
import json
import re
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
# Records outside the archive app that curation depends on.
ACCOUNT_MODELS = ["auth.Group", "auth.User", "admin.LogEntry"]
# Loaded by name (natural key) rather than by id: migrations already create the "Editors" group.
MATCHED_BY_NAME = {"auth.group"}
SAFE_FILE_NAME = re.compile(r"^[0-9]{2}_[a-z0-9_]+\.json$")
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


@contextmanager
def consistent_snapshot(using=DEFAULT_DB_ALIAS):
    """One read transaction for the whole backup (see the module notes)."""
    connection = connections[using]
    already_in_transaction = connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and not already_in_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(directory, using=DEFAULT_DB_ALIAS):
    """Write a backup into `directory` (new or empty) and return its manifest."""
    directory = Path(directory)
    key = signing_key()  # before anything is written
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty folder; give a new one for each backup.")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    models = backed_up_models()
    entries = []
    with consistent_snapshot(using):
        created_at = timezone.now()
        schema = schema_versions(models, using)
        for position, model in enumerate(models, start=1):
            label = model_label(model)
            name = f"{position:02d}_{label.replace('.', '_')}.json"
            path = directory / name
            queryset = model._default_manager.using(using).order_by("pk")
            path.touch(mode=0o600)
            with open(path, "w", encoding="utf-8") as file:
                serializers.serialize(
                    "json",
                    queryset,
                    stream=file,
                    indent=1,
                    cls=FullPrecisionJSONEncoder,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=label in MATCHED_BY_NAME,
                )
            entries.append(
                {
                    "file": name,
                    "model": label,
                    "count": queryset.count(),
                    "sha256": sha256_of(path),
                }
            )

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "database": connections[using].vendor,
        "schema": schema,
        "files": entries,
    }
    manifest_bytes = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    signature_path = directory / SIGNATURE_NAME
    signature_path.touch(mode=0o600)
    signature_path.write_text(
        f"{SIGNATURE_SCHEME} {manifest_signature(manifest_bytes, key)}\n", encoding="ascii"
    )
    # Written last: a folder without a manifest is an unfinished backup.
    manifest_path = directory / MANIFEST_NAME
    manifest_path.touch(mode=0o600)
    manifest_path.write_bytes(manifest_bytes)
    return manifest


def read_records(path):
    """A backup file's records: a list of objects, or a BackupError."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path.name} is not valid JSON: {error}") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise BackupError(f"{path.name} is not a list of records")
    return records


def file_problems(path, entry):
    """What is wrong with a file whose checksum matched: foreign records, a wrong count."""
    try:
        records = read_records(path)
    except BackupError as error:
        return [str(error)]
    problems = []
    # loaddata reads "auth.User" as auth.user: compare as it does.
    foreign = sorted({str(record.get("model")).lower() for record in records} - {entry["model"]})
    if foreign:
        problems.append(
            f"{path.name} holds records of {', '.join(foreign)}, which the manifest does not "
            f"list for it (only {entry['model']})"
        )
    if len(records) != entry.get("count"):
        problems.append(
            f"{path.name} holds {len(records)} records where the manifest says {entry.get('count')}"
        )
    return problems


def read_verified_manifest(directory):
    """
    The backup's manifest, once its signature is good and every file it lists is present,
    matches its checksum and holds only records of the model listed for it.
    """
    directory = Path(directory)
    key = signing_key()
    try:
        manifest_bytes = (directory / MANIFEST_NAME).read_bytes()
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST_NAME}: not a complete backup.") from None
    verify_signature(directory, manifest_bytes, key)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST_NAME} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{MANIFEST_NAME} is not a backup manifest of format {FORMAT_VERSION}.")

    problems = []
    known_models = {model_label(model) for model in backed_up_models()}
    for entry in manifest.get("files", []):
        name = str(entry.get("file", ""))
        if not SAFE_FILE_NAME.match(name):
            problems.append(f"{name!r} is not a backup file name")
            continue
        if entry.get("model") not in known_models:
            problems.append(f"{name}: {entry.get('model')!r} is not a model this archive keeps")
        path = directory / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif sha256_of(path) != entry.get("sha256"):
            problems.append(f"{name} does not match its SHA-256 checksum (changed or damaged)")
        else:
            problems += file_problems(path, entry)
    if not manifest.get("files"):
        problems.append(f"{MANIFEST_NAME} lists no files")
    if problems:
        raise BackupError(
            "The backup failed verification; nothing was loaded:\n- " + "\n- ".join(problems)
        )
    return manifest


def group_definitions(records):
    """Groups as {name: set of permissions (natural keys)}, from serialised records."""
    return {
        record["fields"]["name"]: {tuple(key) for key in record["fields"].get("permissions", [])}
        for record in records
    }


def account_changes(directory, manifest, using=DEFAULT_DB_ALIAS):
    """In words, each change the backup would make to who can sign in and what they may do."""
    changes = []
    for entry in manifest["files"]:
        if entry["model"] not in ACCOUNT_LABELS or not entry["count"]:
            continue
        records = read_records(directory / entry["file"])
        if entry["model"] == "auth.user":
            names = [str(record["fields"].get("username")) for record in records]
            superusers = [
                str(record["fields"].get("username"))
                for record in records
                if record["fields"].get("is_superuser")
            ]
            listed = ", ".join(names[:LISTED_NAMES]) + (", ..." if names[LISTED_NAMES:] else "")
            change = f"{len(names)} logins ({listed})"
            if superusers:
                change += f", {len(superusers)} of them superusers ({', '.join(superusers)})"
            changes.append(change)
        elif entry["model"] == "auth.group":
            groups = apps.get_model("auth.group")._default_manager.using(using)
            current = group_definitions(
                serializers.serialize(
                    "python",
                    groups.order_by("name"),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
            )
            restored = group_definitions(records)
            differing = sorted(name for name in restored if restored[name] != current.get(name))
            if differing:
                changes.append(f"the groups {', '.join(differing)} and their permissions")
        else:
            changes.append(f"{entry['count']} records of {entry['model']}")
    return changes


def restore_backup(directory, using=DEFAULT_DB_ALIAS, include_users=False):
    """
    Load a verified backup into an empty archive, in one transaction; return the record count
    of each model, as {"archive.article": 5, ...}. Logins, groups, permissions and the admin's
    log are loaded only with `include_users`; without it a backup holding any is refused.
    """
    directory = Path(directory)
    manifest = read_verified_manifest(directory)
    models = [apps.get_model(entry["model"]) for entry in manifest["files"]]

    current_schema = schema_versions(models, using)
    if manifest.get("schema") != current_schema:
        raise BackupError(
            "The backup was taken at another schema; nothing was loaded.\n"
            f"  backup:   {manifest.get('schema')}\n"
            f"  database: {current_schema}\n"
            "Restore with the version of the code the backup was taken with, then migrate."
        )

    must_be_empty = [model for model in models if model_label(model) not in MATCHED_BY_NAME]
    occupied = [
        model_label(model)
        for model in must_be_empty
        if model._default_manager.using(using).exists()
    ]
    if occupied:
        raise BackupError(
            "The database already holds records (" + ", ".join(occupied) + "); nothing was "
            "loaded. Restore into a freshly migrated database, before creating any login."
        )

    if not include_users:
        changes = account_changes(directory, manifest, using)
        if changes:
            raise BackupError(
                "The backup would change who can sign in or what they may do: "
                + "; ".join(changes)
                + ". Nothing was loaded. To restore the editors' accounts too, run restore "
                "again with --include-users."
            )

    # loaddata warns about empty files; they hold nothing to load.
    paths = [str(directory / entry["file"]) for entry in manifest["files"] if entry["count"]]
    try:
        with transaction.atomic(using=using):
            if paths:
                call_command("loaddata", *paths, database=using, verbosity=0)
            counts = {}
            for entry, model in zip(manifest["files"], models, strict=True):
                counts[entry["model"]] = model._default_manager.using(using).count()
                if model in must_be_empty and counts[entry["model"]] != entry["count"]:
                    raise BackupError(
                        f"{entry['file']} should hold {entry['count']} records but "
                        f"{counts[entry['model']]} were loaded; nothing was kept."
                    )
    except BackupError:
        raise
    except Exception as error:
        # The transaction is undone by now: say so, with loaddata's own explanation.
        raise BackupError(f"Loading failed, so nothing was kept: {error}") from error
    return counts
