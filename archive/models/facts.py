"""
The facts editors draw out of the articles: the roles people held, and events with their
participants and the articles reporting them.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import dates
from ..fields import NormalisedCharField, NormalisedTextField
from ..identifiers import ExternalIdentifierField, unique_when_given
from ..text import fold
from .base import DatedRecord, NaturalKeyBySlug, QuotedFromArticle
from .querysets import EventManager, FactQuerySet, ParticipantQuerySet
from .records import Organisation, Person, Place, Topic
from .texts import Article
from .translations import in_every_language, translatable

__all__ = (
    "Event",
    "EventParticipant",
    "EventReport",
    "Role",
)


class Role(DatedRecord, QuotedFromArticle):
    """
    One attestation that a person held a title at an organisation, as one article reports it.

    Roles are dated because titles change: a single date ("2021-10-17") means "held as of"
    that date, normally the article's own; a span ("2019/2022") gives a known term. The same
    title reported by five articles is five attestations, each with its own date and quote,
    which together draw the person's career over time.

    One rule for each part, so that every role reads the same way:
    - Title: as the quote gives it ("Ambassador of Kazakhstan" where the text says no more).
    - Body: the one the title names (a committee, the Majilis, the Ministry of Foreign Affairs
      for a Deputy Minister of Foreign Affairs); a title naming only a state ("President of
      Kazakhstan", "Ambassador of Kazakhstan to Belgium", "King") is held at the state, as
      for Organisation. Never a body the text does not name.
    - Date: the time the sentence places the title at, when it dates it ("in November 2021"),
      with those words in the quote; otherwise the article's date, inferred when that is.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="roles", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="roles", verbose_name=_("organisation")
    )
    title = NormalisedCharField(
        _("title"), max_length=300, help_text=_("E.g. “Ambassador of Kazakhstan to Belgium”.")
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="roles", verbose_name=_("source")
    )

    objects = FactQuerySet.as_manager()

    class Meta(DatedRecord.Meta):
        ordering = ("person__sort_name", F("date_sort").asc(nulls_last=True), "id")
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            *DatedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["person", "organisation", "title", "article"],
                name="%(app_label)s_%(class)s_unique_attestation",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}, {self.organisation}"

    @property
    def date_label(self):
        if self.date_edtf and "/" not in self.date_edtf and not self.date_edtf.startswith("["):
            return _("as of %(date)s") % {"date": dates.edtf_label(self.date_edtf)}
        return dates.edtf_label(self.date_edtf)


@translatable("title", "description")
class Event(NaturalKeyBySlug, DatedRecord):
    """
    Something that happened, or was planned or announced: a meeting, a visit, a session, an
    anniversary. One event is one record however many articles report it and however they word
    it (the business mission "planned for November 2021" and the visit "planned for autumn
    2021" are one); each report is kept with its quote. Its date keeps the precision the
    sources give, and its status says whether it is known to have taken place.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        SESSION = "session", _("session")
        VISIT = "visit", _("visit")
        MISSION = "mission", _("business mission")
        CONFERENCE = "conference", _("conference")
        ANNIVERSARY = "anniversary", _("anniversary")
        ELECTION = "election", _("election or appointment")
        ANNOUNCEMENT = "announcement", _("announcement or offer")
        AGREEMENT = "agreement", _("agreement")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        TOOK_PLACE = "took_place", _("took place")
        PLANNED = "planned", _("planned")
        ANNOUNCED = "announced", _("announced")

    title = NormalisedCharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.TOOK_PLACE,
        help_text=_("As the latest report has it."),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    description = NormalisedTextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Topic, related_name="events", blank=True, verbose_name=_("topics")
    )
    articles = models.ManyToManyField(
        Article,
        through="EventReport",
        related_name="events",
        blank=True,
        verbose_name=_("articles"),
    )
    wikidata_id = ExternalIdentifierField(_("Wikidata ID"), scheme="wikidata", max_length=20)
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Folded title and description, kept in step on save, for search."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventManager()

    class Meta(DatedRecord.Meta):
        ordering = (F("date_sort").desc(nulls_last=True), "-id")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Planned and announced events are few among many that took place: the home page
        # finds the next ones through this index rather than by walking every event by date.
        indexes = [models.Index(fields=["status", "date_sort"], name="event_status_date_idx")]
        constraints = [*DatedRecord.Meta.constraints, *unique_when_given("wikidata_id")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold("\n".join(self.searched_texts()))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:event_detail", kwargs={"slug": self.slug})

    def searched_texts(self):
        """Its title and description, in every language it is given in."""
        columns = in_every_language(type(self), "title", "description")
        return [text for text in (getattr(self, column) for column in columns) if text]


class EventParticipant(models.Model):
    """A person or an organisation taking part in an event, and their part in it."""

    class Part(models.TextChoices):
        HOST = "host", _("host")
        HEAD_OF_DELEGATION = "head_of_delegation", _("head of delegation")
        ORGANISER = "organiser", _("organiser")
        PARTICIPANT = "participant", _("participant")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    part = models.CharField(_("part"), max_length=30, choices=Part, default=Part.PARTICIPANT)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ("event", "part", "id")
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False)
                ),
                name="%(app_label)s_%(class)s_person_xor_organisation",
                violation_error_message=_("Choose either a person or an organisation."),
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="%(app_label)s_%(class)s_unique_person",
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(organisation__isnull=False),
                name="%(app_label)s_%(class)s_unique_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.participant} ({self.get_part_display()})"

    @property
    def participant(self):
        return self.person or self.organisation


class EventReport(QuotedFromArticle):
    """An article reporting an event, with the words it uses."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="reports", verbose_name=_("event")
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="event_reports", verbose_name=_("article")
    )

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ("event", F("article__date_sort").asc(nulls_last=True), "id")
        verbose_name = _("report of the event")
        verbose_name_plural = _("reports of the event")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "article"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return f"{self.event} — {self.article}"
