"""
One signal for "the archive's records changed", which every cache listens to.

The page cache (`archive/cache.py`) and the built export (`archive/export/build.py`) both keep
answers made from the records; each must let them go when a record changes. Rather than each
listening to Django's model signals on its own, `ArchiveConfig.ready()` turns every save, delete
and many-to-many change of an archive model into one `archive_changed`, sent once per
transaction when it commits, and connects the caches to it. Code that changes records without
model signals (`bulk_create()`, `update()`) calls `archive_changed_on_commit()` itself.
"""

from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

# Sent after the change commits (at once outside a transaction), with `using`, the database.
archive_changed = Signal()

# On a database connection: the pending on-commit list that already sends the signal.
CONNECTION_ATTRIBUTE = "_archive_changed_pending"


def _send_after_commit(connection, using):
    setattr(connection, CONNECTION_ATTRIBUTE, None)
    archive_changed.send(sender=None, using=using)


def archive_changed_on_commit(using=DEFAULT_DB_ALIAS):
    """
    Records changed: send `archive_changed` when the transaction commits (at once outside
    one). Sending before the commit would let a request cache the old data afresh. Many
    changes in one transaction (a restore, an import) send it once: the pending send is tied to
    the connection's list of on-commit callbacks, which Django replaces at every commit and
    rollback, so a rolled-back transaction does not stop the next one from sending it.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        archive_changed.send(sender=None, using=using)
        return
    if getattr(connection, CONNECTION_ATTRIBUTE, None) is connection.run_on_commit:
        return  # this transaction already sends it
    transaction.on_commit(lambda: _send_after_commit(connection, using), using=using)
    setattr(connection, CONNECTION_ATTRIBUTE, connection.run_on_commit)


def record_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A receiver of Django's model signals: a change to one of the archive's own models."""
    if sender._meta.app_label == "archive":
        archive_changed_on_commit(using)
