"""
Curation: the links the archive suggests, the publication log, moved records and the
corrections published about them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import NormalisedCharField
from ..text import fold
from .base import _surface_form_list_validator, exactly_one_of
from .facts import Event
from .figures import Indicator
from .records import Organisation, Person, Place, Topic
from .texts import Article

__all__ = (
    "CORRECTED_RECORD_FIELDS",
    "Correction",
    "MovedRecord",
    "StatusChange",
    "Suggestion",
)


class Suggestion(models.Model):
    """
    A link the archive proposes between an article and a record the text seems to name,
    waiting for an editor to accept or reject it.

    `known`: the words are a name, alias or acronym of exactly one record. `ambiguous`: they
    fit several records (a bare surname shared by two people); there is one row per candidate,
    and the editor accepts the right one, never the archive. `possibly new`: a capitalised name
    that matches nobody, which an editor can turn into a new record. A suggestion for a byline
    (`as_author`) becomes an authorship when accepted, any other a mention or a topic.

    Decisions are kept, so that a rejected link is not offered again for the same article:
    `match_key` identifies what was proposed, and is unique per article.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        PLACE = "place", _("place")
        TOPIC = "topic", _("topic")

    class Match(models.TextChoices):
        KNOWN = "known", _("known name")
        AMBIGUOUS = "ambiguous", _("ambiguous")
        NEW = "new", _("possibly new")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    match = models.CharField(_("match"), max_length=20, choices=Match)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("organisation"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("place"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("topic"),
    )
    surface_forms = models.JSONField(
        _("surface forms"),
        default=list,
        validators=[_surface_form_list_validator],
        help_text=_("The exact words of the text that were matched."),
    )
    as_author = models.BooleanField(
        _("byline"), default=False, help_text=_("Found in the byline: accepting adds an author.")
    )
    match_key = models.CharField(_("match key"), max_length=300, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        ordering = ("article", "kind", "match", "id")
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "match_key"], name="%(app_label)s_%(class)s_unique_key"
            )
        ]

    def __str__(self):
        forms = ", ".join(f"“{form}”" for form in self.surface_forms)
        target = self.target
        if target is None:
            return f"{forms}: {self.get_match_display()}"
        return f"{forms} → {target}"

    def save(self, *args, **kwargs):
        self.match_key = self.build_match_key()
        super().save(*args, **kwargs)

    @property
    def target(self):
        """The record proposed (None for a possibly new name)."""
        return self.person or self.organisation or self.place or self.topic

    @property
    def surface_form(self):
        return self.surface_forms[0] if self.surface_forms else ""

    def build_match_key(self):
        target_id = getattr(self, f"{self.kind}_id", None)
        if target_id is None:
            return f"new:{fold(self.surface_form)}"[:300]
        key = f"{self.kind}:{target_id}"
        if self.as_author:
            key += ":author"
        if self.match == self.Match.AMBIGUOUS:
            key += f":{fold(self.surface_form)}"
        return key[:300]


class StatusChange(models.Model):
    """
    One step of an article's editorial workflow (draft, in review, published, withdrawn):
    who took it and when. The log is only ever added to.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("article")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    note = NormalisedCharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("article", "-changed_at", "-id")
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.article}: {self.from_status or '—'} → {self.to_status}"


class MovedRecord(models.Model):
    """
    A public address that now lives elsewhere: when duplicates are merged, the merged-away
    record's website and API addresses answer with a permanent redirect to the survivor's, so
    no outside link breaks. (Matched on the path alone, whatever host the site is served at.)
    """

    old_path = models.CharField(_("old path"), max_length=300, unique=True)
    new_path = models.CharField(_("new path"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("old_path",)
        verbose_name = _("moved address")
        verbose_name_plural = _("moved addresses")
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=F("new_path")),
                name="%(app_label)s_%(class)s_not_to_itself",
            )
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


# The kinds of record that readers see on a page of their own, and so may see corrected.
CORRECTED_RECORD_FIELDS = ("article", "person", "organisation", "place", "event", "indicator")


class Correction(models.Model):
    """
    A change to a published record, said in public: when, what changed, and why, in one line.
    A record that readers may have cited is never corrected silently; the note lists its
    corrections on the record's page and in the API.

    A correction belongs to exactly one record. A change to a fact drawn from an article (a
    role, an event report, a figure, a mention) is a correction of that article; a change to a
    person's, body's, place's, event's or indicator's own fields is a correction of that record.
    `made_by` is kept for the editors and never published.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("article"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("organisation"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("place"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("event"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("indicator"),
    )
    made_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changed = NormalisedCharField(
        _("what changed"),
        max_length=300,
        help_text=_("The parts of the record that changed, e.g. “text; date” or “figure”."),
    )
    reason = NormalisedCharField(
        _("reason"),
        max_length=300,
        help_text=_("One line for readers: why the record changed."),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    RECORD_FIELDS = CORRECTED_RECORD_FIELDS

    class Meta:
        ordering = ("-made_at", "-id")
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_of(*CORRECTED_RECORD_FIELDS),
                name="%(app_label)s_%(class)s_one_record",
            )
        ]

    def __str__(self):
        return f"{self.record}: {self.changed} ({self.reason})"

    @property
    def record(self):
        """The corrected record."""
        for name in self.RECORD_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None
