"""Restoring a backup: verify every byte first, then load everything in one transaction."""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction

from .manifest import (
    ACCOUNT_LABELS,
    FORMAT_VERSION,
    LISTED_NAMES,
    MANIFEST_NAME,
    MATCHED_BY_NAME,
    SAFE_FILE_NAME,
    SAFE_ORIGINAL_COPY,
    SAFE_STORAGE_NAME,
    BackupError,
    backed_up_models,
    model_label,
    schema_versions,
    sha256_of,
    signing_key,
    verify_signature,
)


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
    problems += original_problems(directory, manifest)
    if problems:
        raise BackupError(
            "The backup failed verification; nothing was loaded:\n- " + "\n- ".join(problems)
        )
    return manifest


def received_file_names(directory, manifest):
    """The storage names the backup's ReceivedFile records point to."""
    entry = next(
        (item for item in manifest.get("files", []) if item.get("model") == "archive.receivedfile"),
        None,
    )
    if entry is None or not (directory / str(entry.get("file"))).is_file():
        return set()
    return {str(record["fields"].get("file")) for record in read_records(directory / entry["file"])}


def original_problems(directory, manifest):
    """What is wrong with the received files the backup carries (or fails to carry)."""
    problems, listed = [], set()
    originals = manifest.get("originals", [])
    if not isinstance(originals, list):
        return [f"{MANIFEST_NAME}'s originals are not a list"]
    for entry in originals:
        copy, name = str(entry.get("file", "")), str(entry.get("name", ""))
        if not SAFE_ORIGINAL_COPY.match(copy):
            problems.append(f"{copy!r} is not a backup file name")
            continue
        if not SAFE_STORAGE_NAME.match(name):
            problems.append(f"{name!r} is not a received file's name")
            continue
        listed.add(name)
        path = directory / copy
        if not path.is_file():
            problems.append(f"{copy} is missing")
        elif sha256_of(path) != entry.get("sha256"):
            problems.append(f"{copy} does not match its SHA-256 checksum (changed or damaged)")
    try:
        unlisted = sorted(received_file_names(directory, manifest) - listed)
    except (BackupError, KeyError, TypeError, AttributeError):
        unlisted = []  # the records' own file is reported above
    if unlisted:
        problems.append(f"received files missing from the backup: {', '.join(unlisted[:10])}")
    return problems


def put_back_originals(directory, manifest):
    """
    Write the backup's received files into the originals storage under their names; return the
    names written (for undoing). A name already there with other bytes is refused.
    """
    from archive.models import ReceivedFile

    storage = ReceivedFile.file.field.storage
    written = []
    try:
        for entry in manifest.get("originals", []):
            name = entry["name"]
            if storage.exists(name):
                with storage.open(name, "rb") as existing:
                    if hashlib.sha256(existing.read()).hexdigest() == entry["sha256"]:
                        continue
                raise BackupError(
                    f"The originals storage already holds another file named {name}; "
                    "nothing was kept."
                )
            with open(directory / entry["file"], "rb") as source:
                saved = storage.save(name, File(source))
            written.append(saved)
            if saved != name:
                raise BackupError(f"The originals storage renamed {name}; nothing was kept.")
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return written


def undo_originals(written):
    from archive.models import ReceivedFile

    for name in written:
        ReceivedFile.file.field.storage.delete(name)


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
    written = []  # received files put back, taken away again if the load is undone
    try:
        with transaction.atomic(using=using):
            if paths:
                call_command("loaddata", *paths, database=using, verbosity=0)
            written += put_back_originals(directory, manifest)
            counts = {}
            for entry, model in zip(manifest["files"], models, strict=True):
                counts[entry["model"]] = model._default_manager.using(using).count()
                if model in must_be_empty and counts[entry["model"]] != entry["count"]:
                    raise BackupError(
                        f"{entry['file']} should hold {entry['count']} records but "
                        f"{counts[entry['model']]} were loaded; nothing was kept."
                    )
    except BackupError:
        undo_originals(written)
        raise
    except Exception as error:
        # The transaction is undone by now: say so, with loaddata's own explanation.
        undo_originals(written)
        raise BackupError(f"Loading failed, so nothing was kept: {error}") from error
    return counts
