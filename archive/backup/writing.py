"""Writing a backup: one consistent snapshot of every kept model, checksummed and signed."""

import json
from contextlib import contextmanager
from pathlib import Path

from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .manifest import (
    FORMAT_VERSION,
    MANIFEST_NAME,
    MATCHED_BY_NAME,
    ORIGINALS_FOLDER,
    SIGNATURE_NAME,
    SIGNATURE_SCHEME,
    BackupError,
    FullPrecisionJSONEncoder,
    backed_up_models,
    manifest_signature,
    model_label,
    schema_versions,
    sha256_of,
    signing_key,
)


def copy_originals(directory, using=DEFAULT_DB_ALIAS):
    """
    Copy every received file (the files articles were imported from) out of the originals
    storage into the backup, numbered; return the manifest's list of them. A file missing from
    the storage, or whose bytes no longer match its record's SHA-256, stops the backup.
    """
    from archive.models import ReceivedFile

    folder = directory / ORIGINALS_FOLDER
    folder.mkdir(mode=0o700)
    listed = []
    names = ReceivedFile.objects.using(using).order_by("pk").values_list("file", "sha256")
    for number, (name, expected) in enumerate(dict.fromkeys(names), start=1):
        copy = f"{ORIGINALS_FOLDER}/{number:06d}"
        path = directory / copy
        path.touch(mode=0o600)
        try:
            with (
                ReceivedFile.file.field.storage.open(name, "rb") as source,
                open(path, "wb") as out,
            ):
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    out.write(chunk)
        except FileNotFoundError:
            raise BackupError(
                f"The received file {name} is missing from the originals storage; "
                "no backup was finished."
            ) from None
        digest = sha256_of(path)
        if digest != expected:
            raise BackupError(
                f"The received file {name} does not match its SHA-256 (changed or damaged in "
                "storage); no backup was finished."
            )
        listed.append({"name": name, "file": copy, "sha256": digest, "size": path.stat().st_size})
    return listed


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
        originals = copy_originals(directory, using)

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "database": connections[using].vendor,
        "schema": schema,
        "files": entries,
        "originals": originals,
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
