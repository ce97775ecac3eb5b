"""
Undoing a merge in one call, for the tests: revert the state saved before it (as the admin's
"Revert" on the "Before merging …" version does) and drop the merge's redirects too.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from archive import workflow
from archive.merging import BEFORE_MERGE, MERGEABLE_MODELS, MergeError, old_paths
from archive.models import MovedRecord


def undo_merge(before, user=None):
    """
    Undo a merge by reverting the state saved before it, and drop the merge's redirects.

    For operators (the admin undoes a merge by reverting that version, with the workflow's
    checks): an article the state before holds in another status than now is restored to it,
    and the step is logged.
    """
    if not before.comment.startswith(str(BEFORE_MERGE)):
        raise MergeError(_("This revision is not the state before a merge."))
    with transaction.atomic():
        statuses = workflow.statuses_before(before)
        before.revert(delete=True)
        workflow.log_revert(statuses, user, _("Restored by undoing a merge"))
        restored = [
            version.object
            for version in before.version_set.all()
            if version._model in MERGEABLE_MODELS
        ]
        for record in restored:
            fresh = type(record)._default_manager.filter(pk=record.pk).first()
            if fresh is not None:
                fresh.save()  # search text in step with the aliases it has again
                MovedRecord.objects.filter(old_path__in=old_paths(fresh)).delete()
