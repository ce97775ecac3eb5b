"""
The editorial workflow of an article: draft → in review → published, and withdrawn.

    draft      → in review
    in review  → draft, published*
    published  → withdrawn*
    withdrawn  → draft, published*

Steps marked * publish or unpublish, and need the `archive.publish_article` permission (the
"Publishers" group). Every step is logged (StatusChange: who, when, from, to) and saved as a
revision. An article without a title cannot be published: an untitled text gets a devised
title first.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import history
from .models import Article, StatusChange

Status = Article.Status
PUBLISH_PERMISSION = "archive.publish_article"

TRANSITIONS = {
    Status.DRAFT: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT, Status.PUBLISHED},
}


class WorkflowError(Exception):
    """A step the workflow does not allow; the message says why."""


def needs_publish_permission(current, new):
    return Status.PUBLISHED in (current, new) or new == Status.WITHDRAWN


def can_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def allowed_statuses(user, current):
    """The statuses `user` may move an article to from `current`."""
    return [
        status
        for status in Status
        if status in TRANSITIONS.get(current, ())
        and (can_publish(user) or not needs_publish_permission(current, status))
    ]


def check_step(article, new_status, user):
    """Raise WorkflowError or PermissionDenied unless `user` may move `article` to `new_status`."""
    current = article.status
    if new_status not in TRANSITIONS.get(current, ()):
        raise WorkflowError(
            _("An article cannot go from “%(current)s” to “%(new)s”.")
            % {"current": Status(current).label, "new": Status(new_status).label}
        )
    if needs_publish_permission(current, new_status) and not can_publish(user):
        raise PermissionDenied(_("Only publishers may publish or withdraw an article."))
    if new_status == Status.PUBLISHED and not article.title.strip():
        raise WorkflowError(
            _("“%s” has no title: give it a devised title before publishing.")
            % (article.original_filename or article.slug)
        )


def log_step(article, from_status, to_status, user, note=""):
    return StatusChange.objects.create(
        article=article,
        from_status=from_status,
        to_status=to_status,
        changed_by=user if user is not None and user.is_authenticated else None,
        note=note[:300],
    )


def change_status(article, new_status, user, note=""):
    """Move one article a step along the workflow, logged and versioned."""
    check_step(article, new_status, user)
    old_status = article.status
    comment = _("Status: %(old)s → %(new)s") % {
        "old": Status(old_status).label,
        "new": Status(new_status).label,
    }
    with transaction.atomic(), history.revision(user, comment, article):
        article.status = new_status
        article.save(update_fields=["status", "updated_at"])
        log_step(article, old_status, new_status, user, note)
    return article
