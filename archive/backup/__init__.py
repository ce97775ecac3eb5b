"""
Backups of the archive: a consistent, checksummed snapshot of everything curated, and a restore
that checks every byte before it loads anything.

What is kept: every model of the archive app (found at run time, so a model added later is
included without touching this file), the editors' accounts and groups (auth.User with its
password hash, auth.Group with its permissions), the admin's change log, and django-reversion's
history when that app is installed. Records keep their primary keys, so admin links, history
and logs still point at the right records after a restore. Not kept: sessions, login-failure
records, content types and permissions (migrations recreate those).

A backup is a folder of JSON fixtures, one per model, in the order they must be loaded, the
files articles were imported from (ReceivedFile, copied out of the originals storage into
`originals/`), a `manifest.json` listing each file's SHA-256 and record count (and each
received file's storage name and SHA-256), the schema (latest applied
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
taken at, every received file the records name is there, and the archive is empty. Records
that decide who can sign in and what they may do (logins, groups and their permissions, the
admin's log) are loaded only when the operator asks for them (`include_users`), so a restore
never hands out access by surprise. It then loads everything in one transaction, so a failure
leaves the database as it was, and puts the received files back into the originals storage
(taken away again if the load is undone; a file already there with the same bytes is kept, one
with other bytes refuses the restore).
"""

from .manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    BackupError,
    backed_up_models,
    manifest_signature,
)
from .restoring import restore_backup
from .writing import consistent_snapshot, write_backup

__all__ = [
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "BackupError",
    "backed_up_models",
    "consistent_snapshot",
    "manifest_signature",
    "restore_backup",
    "write_backup",
]
