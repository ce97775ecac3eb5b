"""
History: every curated record is versioned with django-reversion, so nothing curated is lost.

Each save made through the admin, the importer, a merge, an accepted suggestion or a workflow
step is stored as a revision with who made it and why. A record's parts are stored with it
(`follow`): an article with its authors, mentions, roles, event reports, statistics and
suggestions; a person, organisation or place with its aliases; an event with its participants
and reports. Reverting a revision therefore puts the links back as they were, and deletes the
ones added since; recovering a deleted record brings its parts back too.

The status log (StatusChange) is deliberately not versioned: it is a log, only added to.
"""

import contextvars
from contextlib import contextmanager

import reversion
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from .models import (
    Article,
    Authorship,
    Correction,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    Suggestion,
    Topic,
)

FOLLOW = {
    Article: (
        "authorships",
        "person_mentions",
        "organisation_mentions",
        "place_mentions",
        "roles",
        "event_reports",
        "statistics",
        "suggestions",
        "corrections",
    ),
    Person: ("aliases", "corrections"),
    Organisation: ("aliases", "corrections"),
    Place: ("aliases", "corrections"),
    Event: ("participants", "reports", "corrections"),
    Topic: (),
    Indicator: ("corrections",),
    Role: (),
    Statistic: (),
    Authorship: (),
    PersonMention: (),
    OrganisationMention: (),
    PlaceMention: (),
    PersonAlias: (),
    OrganisationAlias: (),
    PlaceAlias: (),
    EventParticipant: (),
    EventReport: (),
    Suggestion: (),
    Correction: (),
}

CURATED_MODELS = tuple(FOLLOW)


def register_curated_models():
    """Register every curated model once (before the admin would register it on its own)."""
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


def has_history(obj):
    return Version.objects.get_for_object(obj).exists()


def _save_baseline(objects, comment):
    with reversion.create_revision():
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)


def ensure_baseline(*objects):
    """
    Give records that have no history yet (loaded from the corpus, say) a first version of
    their present state, so the change about to be made can be undone.

    It is saved as a revision of its own even while another revision is being recorded: run
    in a fresh context, reversion sees no revision in progress.
    """
    missing = [obj for obj in objects if obj is not None and obj.pk and not has_history(obj)]
    if missing:
        contextvars.Context().run(_save_baseline, missing, BASELINE_COMMENT)


BASELINE_COMMENT = _("State before its first recorded change")


def snapshot(objects, comment):
    """Save the present state of `objects` as a revision of its own, now; return it."""
    contextvars.Context().run(_save_baseline, [obj for obj in objects if obj.pk], comment)
    return Revision.objects.filter(comment=comment).order_by("-pk").first()


@contextmanager
def revision(user, comment, *objects):
    """
    Record what the block does as one revision, with who and why; `objects` (and what they
    follow) are stored as they are at the end of it, after a baseline of how they were.
    """
    ensure_baseline(*objects)
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield
        for obj in objects:
            fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
            if fresh is not None:
                reversion.add_to_revision(fresh)
