"""
The editorial workflow of an article: draft → in review → published, and withdrawn.

    (new)      → draft, in review
    draft      → in review
    in review  → draft, published*
    published  → withdrawn*
    withdrawn  → draft, published*

Steps marked * publish or unpublish, and need the `archive.publish_article` permission (the
"Publishers" group). Every step is logged (StatusChange: who, when, from, to, and a note saying
why) and saved as a revision. An article without a title cannot be published: an untitled text
gets a devised title first.

Every path that changes an article's status goes through `check_step` and `log_step`:

- the admin's change form and add form (the status offered, checked again on saving);
- the admin's bulk actions (submit, return to draft, publish, withdraw) via `change_status`;
- reverting a version and recovering a deleted article from the history, in any model's admin:
  a revision may hold several articles (an accepted batch of suggestions, the state before a
  merge), and each whose status would change is checked and logged (`check_revert`,
  `log_revert`). A recovered article comes back as it was saved; if that was published or
  withdrawn, recovering it is a publisher's step;
- importing (the admin's import page and `import_articles`): always a new draft;
- `load_corpus` (an operator loading the curated corpus into an empty archive): logged with no
  user and a note naming the command. `restore` brings back a backup's own status log, so it
  writes none of its own.

Merging people, bodies, places or events and accepting suggestions never change a status; only
reverting the revisions they leave can, and that is checked and logged as above (the admin's
revert of a "before merging" version). Deleting a published article in the admin is a publisher's
step too. `generate_corpus` fills a benchmark database with synthetic articles and logs nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from . import history
from .models import Article, StatusChange

Status = Article.Status
PUBLISH_PERMISSION = "archive.publish_article"
# The "status" of an article not yet in the archive, or deleted.
NEW = ""

TRANSITIONS = {
    NEW: {Status.DRAFT, Status.IN_REVIEW},
    Status.DRAFT: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT, Status.PUBLISHED},
}

RESTORED_NOTE = gettext_lazy("Restored from the history")


class WorkflowError(Exception):
    """A step the workflow does not allow; the message says why."""


def needs_publish_permission(current, new):
    return Status.PUBLISHED in (current, new) or new == Status.WITHDRAWN


def can_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def _label(status):
    return Status(status).label if status else _("not in the archive")


def allowed_statuses(user, current):
    """The statuses `user` may move an article to from `current`."""
    return [
        status
        for status in Status
        if status in TRANSITIONS.get(current, ())
        and (can_publish(user) or not needs_publish_permission(current, status))
    ]


def check_step(article, new_status, user, *, recovering=False):
    """
    Raise WorkflowError or PermissionDenied unless `user` may move `article` to `new_status`.

    `recovering`: the article was deleted and comes back from its history as it was saved, in
    any status; only the permission to publish and the title rule apply.
    """
    current = article.status
    allowed = set(Status) if recovering and current == NEW else TRANSITIONS.get(current, ())
    if new_status not in allowed:
        raise WorkflowError(
            _("An article cannot go from “%(current)s” to “%(new)s”.")
            % {"current": _label(current), "new": _label(new_status)}
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
        note=str(note)[:300],
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


# --- Restoring from the history -----------------------------------------------------------------


def _article_versions(revision):
    return Version.objects.get_for_model(Article).filter(revision=revision)


def statuses_before(revision):
    """The status of every article `revision` holds, as it is now (NEW: not in the archive)."""
    ids = [Article._meta.pk.to_python(v.object_id) for v in _article_versions(revision)]
    now = dict(Article.objects.filter(pk__in=ids).values_list("pk", "status"))
    return {pk: now.get(pk, NEW) for pk in ids}


def check_revert(revision, user):
    """
    Raise WorkflowError or PermissionDenied unless `user` may restore every article in
    `revision` as it was saved there (reverting restores the whole revision, whichever record's
    history it is reached from). Return the statuses before, for `log_revert`.
    """
    before = statuses_before(revision)
    for version in _article_versions(revision):
        saved = version.field_dict
        current = before[Article._meta.pk.to_python(version.object_id)]
        if saved["status"] == current:
            continue
        as_restored = Article(
            status=current,
            title=saved.get("title", ""),
            slug=saved.get("slug", ""),
            original_filename=saved.get("original_filename", ""),
        )
        check_step(as_restored, saved["status"], user, recovering=current == NEW)
    return before


def log_revert(before, user, note=RESTORED_NOTE):
    """Log every article whose status a revert changed (read back: a refused revert logs none)."""
    after = Article.objects.filter(pk__in=before).only("pk", "status", "title", "slug")
    return [
        log_step(article, before[article.pk], article.status, user, note)
        for article in after
        if article.status != before[article.pk]
    ]
