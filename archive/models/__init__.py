"""
The archive's records.

Two layers: the *sources* (articles, kept verbatim with their provenance) and the *facts*
editors draw out of them (people, organisations, places, events, roles, statistics). Every fact
points at the article(s) it rests on with a verbatim quote, and deleting anything a fact points
to is refused (PROTECT), never cascaded: nothing curated disappears as a side effect.
"""

import operator
from datetime import date
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .. import dates
from ..fields import NormalisedCharField, NormalisedTextField
from ..text import fold, normalise_text, text_digest

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("A Wikidata ID is a Q followed by digits, e.g. Q31.")
)
language_tag_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
    _("Use a BCP 47 language tag, e.g. en, kk, ru, fr, nl."),
)
script_code_validator = RegexValidator(
    r"^[A-Z][a-z]{3}$", _("Use an ISO 15924 script code, e.g. Latn, Cyrl.")
)
sha256_validator = RegexValidator(r"^[0-9a-f]{64}$", _("A SHA-256 digest is 64 hex digits."))
# A link readers may follow: a web address, never `javascript:` or `data:` (which would run in
# the reader's browser), nor ftp, which browsers no longer open.
web_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Give a web address starting with http:// or https://.")
)


def _related_article(record):
    """The article a fact or mention belongs to, even when it is not saved yet (admin inlines)."""
    try:
        return record.article
    except ObjectDoesNotExist:
        return None


def exactly_one_of(*field_names):
    """A condition that exactly one of the nullable foreign keys `field_names` is set."""
    return reduce(
        operator.or_,
        (
            Q(**{f"{name}__isnull": name != chosen for name in field_names})
            for chosen in field_names
        ),
    )


def _surface_form_list_validator(value):
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValidationError(_("Give the surface forms as a list of non-empty strings."))


# --- Shared building blocks -------------------------------------------------------------------


class DatedRecord(models.Model):
    """
    A record dated by an EDTF expression, with lower/upper bounds derived from it.

    The expression is the assertion; the bounds exist for sorting and filtering, and an open
    side stays empty rather than receiving an invented limit. A date the source does not state
    but an editor worked out is flagged as inferred, and the evidence is required.

    (The `edtf` package ships a model field, but it stores pickled objects; a plain character
    field keeps fixtures, exports and the database readable by people and other tools.)
    """

    date_edtf = models.CharField(
        _("date (EDTF)"),
        max_length=100,
        blank=True,
        validators=[dates.validate_edtf],
        help_text=_(
            "Leave empty if unknown. 2021-06-22 = a day, 2021-11 = a month, 2021-23 = autumn "
            "2021, 2022~ = about 2022, [..2021-10-17] = on or before, 2005/2021 = a span."
        ),
    )
    date_lower = models.DateField(_("earliest possible date"), null=True, editable=False)
    date_upper = models.DateField(_("latest possible date"), null=True, editable=False)
    date_sort = models.DateField(
        _("sort date"),
        null=True,
        editable=False,
        db_index=True,
        help_text=_("The earliest possible date, or the latest when only that is known."),
    )
    date_is_inferred = models.BooleanField(
        _("date is inferred"),
        default=False,
        help_text=_("Tick when the source does not state the date and an editor worked it out."),
    )
    date_note = NormalisedTextField(
        _("date evidence"),
        blank=True,
        help_text=_("How the date was worked out: required for an inferred date."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(date_lower__lte=F("date_upper")),
                name="%(app_label)s_%(class)s_date_bounds_ordered",
                violation_error_message=_("The earliest date must not be after the latest."),
            ),
            models.CheckConstraint(
                condition=~Q(date_is_inferred=True, date_note=""),
                name="%(app_label)s_%(class)s_inferred_date_has_evidence",
                violation_error_message=_("An inferred date needs its evidence written down."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.refresh_date_bounds()
        super().save(*args, **kwargs)

    @property
    def date_label(self):
        return dates.edtf_label(self.date_edtf)

    def refresh_date_bounds(self):
        bounds = dates.edtf_bounds(self.date_edtf)
        self.date_lower, self.date_upper, self.date_sort = (
            bounds.lower,
            bounds.upper,
            bounds.sort_key,
        )

    def clean(self):
        super().clean()
        if self.date_is_inferred and not self.date_note.strip():
            raise ValidationError({"date_note": _("Write down the evidence for an inferred date.")})
        if self.date_is_inferred and not self.date_edtf:
            raise ValidationError(
                {"date_is_inferred": _("An unknown date cannot be inferred: give the date.")}
            )


class QuotedFromArticle(models.Model):
    """
    A fact that rests on an article, with the words it rests on.

    The quote must appear verbatim in the article's body text; model validation (and so the
    admin) rejects one that does not, and says when only the quotation marks differ.
    """

    quote = NormalisedTextField(
        _("verbatim quote"),
        help_text=_("The exact words of the article this rests on, copied from its text."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        article = _related_article(self)
        if article is None or not self.quote:
            return
        # Both normalised: a quote typed in a textarea (\r\n) matches the body it came from.
        if normalise_text(self.quote) not in normalise_text(article.body):
            if fold(self.quote) in fold(article.body):
                message = _(
                    "The quote differs from the article's text only in letter case or "
                    "quotation marks; copy it exactly (the text uses ’ « » and –)."
                )
            else:
                message = _("This quote does not appear verbatim in the article's text.")
            raise ValidationError({"quote": message}, code="misquote")


class Alias(models.Model):
    """
    Another name a record is known by: a form a text uses ("M.Baimukhan", "Ms Kuspan"), a
    former name ("Nur-Sultan") or a spelling in another language or script (Kazakh, Russian,
    French and Dutch forms differ). Kept so that the archive recognises the name next time.
    """

    name = NormalisedCharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=35,
        blank=True,
        validators=[language_tag_validator],
        help_text=_("BCP 47 tag (en, kk, ru, fr, nl), if known."),
    )
    script = models.CharField(
        _("script"),
        max_length=4,
        blank=True,
        validators=[script_code_validator],
        help_text=_("ISO 15924 code (Latn, Cyrl), if known."),
    )
    note = NormalisedCharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. when the name was in use, or which text uses it."),
    )
    needs_context = models.BooleanField(
        _("needs context"),
        default=False,
        help_text=_(
            "Tick for a generic name a text uses (“MFA”, “House of Representatives”) that would "
            "match other bodies' texts too: it is kept, but not used on its own to suggest a link."
        ),
    )

    class Meta:
        abstract = True
        ordering = ("name", "id")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.owner.refresh_search_text()

    def delete(self, *args, **kwargs):
        owner = self.owner
        result = super().delete(*args, **kwargs)
        owner.refresh_search_text()
        return result


class NamedEntity(models.Model):
    """
    Fields shared by the people, organisations and places the archive keeps records of.

    The archive never loses a name it has shown: when a save renames a record, the name it
    replaces is kept as an alias ("Former name in the archive (until 2026-12-04)"), whatever
    saves it (the admin, a merge, the shell). A change of letter case, accents or quotation
    marks only is not a new name (search and name matching fold them alike) and the history
    keeps the old spelling anyway.
    """

    # The fields holding names that a rename must not lose.
    former_name_fields = ("name",)

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = NormalisedTextField(_("description"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text=_("E.g. Q31. Leave empty unless you have checked it."),
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Folded names and aliases, kept in step on save, for search."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="%(app_label)s_%(class)s_unique_wikidata_id",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        replaced = self.names_replaced(kwargs.get("update_fields"))
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        if replaced:
            until = {"date": timezone.localdate().isoformat()}
            self.keep_as_aliases(replaced, _("Former name in the archive (until %(date)s)") % until)

    def natural_key(self):
        return (self.slug,)

    def own_names(self):
        """The names on the record itself; aliases are added by build_search_text."""
        return [self.name]

    def names_replaced(self, update_fields=None):
        """The stored names this record is about to lose (not just respell) by being saved."""
        fields = [f for f in self.former_name_fields if update_fields is None or f in update_fields]
        if self._state.adding or self.pk is None or not fields:
            return []
        stored = type(self)._default_manager.filter(pk=self.pk).values(*fields).first() or {}
        kept = {fold(name) for name in self.own_names() if name}
        return [stored[f] for f in fields if stored.get(f) and fold(stored[f]) not in kept]

    def keep_as_aliases(self, names, note):
        """Add `names` as aliases, but none the record already has, in whatever spelling."""
        known = {fold(alias) for alias in self.aliases.values_list("name", flat=True)}
        for name in names:
            if fold(name) not in known:
                known.add(fold(name))
                self.aliases.create(name=name, note=note)

    def build_search_text(self):
        names = self.own_names()
        if self.pk is not None:
            names += list(self.aliases.values_list("name", flat=True))
        return fold(" | ".join(name for name in names if name))

    def refresh_search_text(self):
        self.search_text = self.build_search_text()
        type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)


class RecordQuerySet(models.QuerySet):
    """For the records that facts point at: people, organisations, places, topics, indicators."""

    def public(self):
        """
        The records the public may see: all but those that only unpublished articles rest on.
        A person named only in a draft, a body holding only a draft's role, a topic filed only
        on a draft stay unseen until the draft is published. A record nothing rests on yet
        (entered by an editor ahead of any article) is public, as any record always was.
        """
        # As sets of ids, each found once per query, rather than as an EXISTS for each record:
        # SQLite would run each EXISTS from every published article, not from the record's rows.
        on_public, on_drafts = [], []
        for rows, field, is_public, is_unpublished in records_resting_on(self.model):
            pointing = rows.filter(**{f"{field}__isnull": False}).order_by()
            on_public.append(Q(pk__in=pointing.filter(is_public).values(field)))
            on_drafts.append(Q(pk__in=pointing.filter(is_unpublished).values(field)))
        return self.filter(reduce(operator.or_, on_public) | ~reduce(operator.or_, on_drafts))


class SlugManager(models.Manager.from_queryset(RecordQuerySet)):
    """Lets fixtures refer to records by slug (natural keys) rather than by database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


# --- Vocabulary -------------------------------------------------------------------------------


class Topic(models.Model):
    """A subject heading from the archive's controlled vocabulary, for articles and events."""

    name = NormalisedCharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = NormalisedTextField(_("scope note"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:topic_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Place(NamedEntity):
    """
    A place: a city, a region or a country. One place is one record whatever it was called:
    Astana and Nur-Sultan (its name from 2019 to 2022) are the same city, the older name kept
    as a dated alias.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        REGION = "region", _("region")
        COUNTRY = "country", _("country")
        OTHER = "other", _("other")

    name = NormalisedCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CITY)
    country = CountryField(_("country"), blank=True)

    objects = SlugManager()

    class Meta(NamedEntity.Meta):
        ordering = ("name", "id")
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def get_absolute_url(self):
        return reverse("archive:place_detail", kwargs={"slug": self.slug})


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    @property
    def owner(self):
        return self.place


# --- People and organisations -----------------------------------------------------------------


class Person(NamedEntity):
    """
    A person the texts name. `name` is the form the archive displays, `sort_name` the form it
    files under ("Kuspan, Aigul"); every other form a text uses is kept as an alias. Titles and
    positions are not part of the record: they change, so they live in dated roles.
    """

    name = NormalisedCharField(_("name"), max_length=200)
    sort_name = NormalisedCharField(
        _("sort name"), max_length=200, help_text=_("Surname first: “Kuspan, Aigul”.")
    )
    country = CountryField(_("country"), blank=True, help_text=_("The country they act for."))

    objects = SlugManager()

    class Meta(NamedEntity.Meta):
        ordering = ("sort_name", "id")
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self):
        return reverse("archive:person_detail", kwargs={"slug": self.slug})

    def own_names(self):
        return [self.name, self.sort_name]


class PersonAlias(Alias):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = _("person alias")
        verbose_name_plural = _("person aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    @property
    def owner(self):
        return self.person


class Organisation(NamedEntity):
    """
    A body: a state, a parliament and its chambers and committees, a ministry, a party, an
    agency, an international organisation. Bodies nest (a committee inside the Majilis, the
    Majilis inside the Parliament) through `parent`; a body with no country is international.

    When a text names a title but not the body behind it ("President of Kazakhstan", "King of
    Belgium"), the role is held at the state itself, as library authority files do.
    """

    class Kind(models.TextChoices):
        STATE = "state", _("state")
        PARLIAMENT = "parliament", _("parliament")
        CHAMBER = "chamber", _("parliamentary chamber")
        COMMITTEE = "committee", _("committee")
        PARLIAMENTARY_GROUP = "parliamentary_group", _("parliamentary group")
        PARLIAMENTARY_ASSEMBLY = "parliamentary_assembly", _("parliamentary assembly")
        MINISTRY = "ministry", _("ministry")
        DEPARTMENT = "department", _("department or service")
        AGENCY = "agency", _("agency")
        PARTY = "party", _("political party")
        INTERNATIONAL = "international_organisation", _("international organisation")
        MISSION = "mission", _("mission")
        NEWS_AGENCY = "news_agency", _("news agency")
        OTHER = "other", _("other")

    name = NormalisedCharField(_("name"), max_length=300)
    acronym = NormalisedCharField(_("acronym"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    country = CountryField(_("country"), blank=True, help_text=_("Leave empty if international."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The body this one sits inside, e.g. the Majilis for one of its committees."),
    )

    former_name_fields = ("name", "acronym")

    objects = SlugManager()

    class Meta(NamedEntity.Meta):
        ordering = ("name", "id")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *NamedEntity.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("archive:organisation_detail", kwargs={"slug": self.slug})

    def own_names(self):
        return [self.name, self.acronym]

    @property
    def is_international(self):
        return not self.country

    def ancestors(self):
        """The chain of bodies this one sits inside, nearest first."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self):
        super().clean()
        node, seen = self.parent, set()
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("This would make the organisation part of itself.")}
                )
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.parent


class OrganisationAlias(Alias):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    @property
    def owner(self):
        return self.organisation


# --- Articles ---------------------------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(status=Article.Status.PUBLISHED)

    def for_list(self):
        return self.select_related("source", "dateline_place").prefetch_related("topics")

    def for_detail(self):
        # One query per kind of related row, with the record it names joined in.
        return self.select_related("source", "relayed_from", "dateline_place").prefetch_related(
            "topics",
            models.Prefetch("authorships", Authorship.objects.select_related("person")),
            models.Prefetch("person_mentions", PersonMention.objects.select_related("person")),
            models.Prefetch(
                "organisation_mentions",
                OrganisationMention.objects.select_related("organisation"),
            ),
            models.Prefetch("place_mentions", PlaceMention.objects.select_related("place")),
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(DatedRecord):
    """
    A news report, kept twice: `raw_text` is the original exactly as received, with its
    provenance (file name, SHA-256, when imported), and is never edited; `body` is the clean
    text derived from it (header, site chrome, dateline, byline and tag line removed) that
    readers see and quotes are checked against.

    An article without a title gets a *devised* one, flagged and shown in [square brackets];
    an article without a date keeps an unknown date or an inferred one with its evidence
    (see DatedRecord). `source` is the publisher (Kazinform); `relayed_from` is the body whose
    statement it passes on (the MFA's press service), and `attribution` keeps the text's own
    words for that.

    `search_text` (the folded title and body) feeds full-text search and is refreshed by save();
    code that changes titles or bodies with a bulk `update()` must set it too.

    The curated text (title, body, notes) is kept with `\\n` line ends and in Unicode NFC,
    whatever way it arrives (archive.fields); `raw_text` is not: it stays byte for byte as
    received, and `raw_sha256` is the checksum of those bytes. Duplicates are found by
    `text_sha256`, the checksum of the normalised original (archive.text.text_digest), so the
    same text pasted in a browser or uploaded as a file is recognised either way.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    title = NormalisedCharField(_("title"), max_length=500)
    title_is_devised = models.BooleanField(
        _("title is devised"),
        default=False,
        help_text=_("Tick when the source has no title and an editor wrote this one."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    published_time = models.TimeField(
        _("time of publication"),
        null=True,
        blank=True,
        help_text=_("Time of day as printed by the source (its time zone is not stated)."),
    )
    dateline = NormalisedCharField(
        _("dateline"),
        max_length=200,
        blank=True,
        help_text=_("As printed, e.g. “BRUSSELS. KAZINFORM -”."),
    )
    dateline_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datelined_articles",
        verbose_name=_("dateline place"),
    )
    source = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_articles",
        verbose_name=_("source (publisher)"),
        help_text=_("Who published the text, e.g. Kazinform. Empty if the text does not say."),
    )
    relayed_from = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_articles",
        verbose_name=_("relays"),
        help_text=_("The body whose information the text passes on, e.g. an MFA press service."),
    )
    attribution = NormalisedCharField(
        _("attribution"),
        max_length=500,
        blank=True,
        help_text=_("The text's own words naming its source, copied verbatim."),
    )
    authors = models.ManyToManyField(
        Person, through="Authorship", related_name="authored_articles", blank=True
    )
    body = NormalisedTextField(
        _("body text"), help_text=_("Clean text, derived from the original.")
    )
    raw_text = models.TextField(_("original text"), help_text=_("Verbatim, as received."))
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    raw_sha256 = models.CharField(
        _("SHA-256 of the original"), max_length=64, blank=True, validators=[sha256_validator]
    )
    text_sha256 = models.CharField(
        _("SHA-256 of the normalised original"),
        max_length=64,
        blank=True,
        editable=False,
        serialize=False,  # derived from raw_text: fixtures and history need not carry it
        db_index=True,
        help_text=_(
            "Of the original with uniform line ends and Unicode form, kept in step on save: "
            "finds the same text again, pasted or uploaded, from Windows or a Mac."
        ),
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    source_tags = NormalisedCharField(
        _("source's tags"),
        max_length=500,
        blank=True,
        help_text=_("The tag line printed under the text by its source, as printed."),
    )
    language = models.CharField(
        _("language"), max_length=35, default="en", validators=[language_tag_validator]
    )
    original_url = models.URLField(
        _("original URL"),
        max_length=500,
        blank=True,
        validators=[web_url_validator],
        help_text=_("Where the source published the text: an http:// or https:// address."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    people = models.ManyToManyField(
        Person, through="PersonMention", related_name="mentioned_in", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, through="OrganisationMention", related_name="mentioned_in", blank=True
    )
    places = models.ManyToManyField(
        Place, through="PlaceMention", related_name="mentioned_in", blank=True
    )
    editorial_note = NormalisedTextField(
        _("editorial note"), blank=True, help_text=_("Curators' decisions about this record.")
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Folded title and body, kept in step on save, for search."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleManager()

    class Meta(DatedRecord.Meta):
        ordering = (F("date_sort").desc(nulls_last=True), "-id")
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and withdraw articles"))]
        constraints = [
            *DatedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["raw_sha256"],
                condition=~Q(raw_sha256=""),
                name="%(app_label)s_%(class)s_unique_original",
                violation_error_message=_("This original text is already in the archive."),
            ),
        ]
        indexes = [models.Index(fields=["status", "date_sort"])]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title}\n{self.body}")
        self.refresh_text_digest()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def display_title(self):
        return f"[{self.title}]" if self.title_is_devised else self.title

    def refresh_text_digest(self):
        self.text_sha256 = text_digest(self.raw_text) if self.raw_text else ""

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.attribution and normalise_text(self.attribution) not in normalise_text(self.body):
            raise ValidationError(
                {"attribution": _("The attribution must be copied verbatim from the text.")}
            )


class Authorship(models.Model):
    """An author of an article, with the byline exactly as printed ("Kudrenok Tatyana")."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships")
    byline = NormalisedCharField(_("byline as printed"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ("article", "position", "id")
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="%(app_label)s_%(class)s_unique_author"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="%(app_label)s_%(class)s_position_positive"
            ),
        ]

    def __str__(self):
        return self.byline

    def clean(self):
        super().clean()
        article = _related_article(self)
        # The original is kept as received, perhaps in decomposed Unicode; the byline is NFC.
        if (
            article is not None
            and self.byline
            and normalise_text(self.byline) not in normalise_text(article.raw_text)
        ):
            raise ValidationError({"byline": _("The byline must be copied from the original.")})


class Mention(models.Model):
    """
    That an article names a record, with the surface forms it uses ("Ms Kuspan", "Aigul
    Kuspan"). The forms are checked against the text; they let the website link the body and
    the importer recognise the names next time. Subclasses add `article` and the record.
    """

    surface_forms = models.JSONField(
        _("surface forms"),
        default=list,
        blank=True,
        validators=[_surface_form_list_validator],
        help_text=_("The exact words the article uses for it, as a list."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        article = _related_article(self)
        if article is None or not isinstance(self.surface_forms, list):
            return
        body = normalise_text(article.body)
        missing = [form for form in self.surface_forms if normalise_text(form) not in body]
        if missing:
            raise ValidationError(
                {
                    "surface_forms": _("Not found verbatim in the article's text: %(forms)s")
                    % {"forms": ", ".join(f"“{form}”" for form in missing)}
                }
            )


class PersonMention(Mention):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_mentions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentions")

    class Meta:
        ordering = ("article", "person__sort_name", "id")
        verbose_name = _("person mentioned")
        verbose_name_plural = _("people mentioned")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} in {self.article}"


class OrganisationMention(Mention):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="organisation_mentions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentions"
    )

    class Meta:
        ordering = ("article", "organisation__name", "id")
        verbose_name = _("organisation mentioned")
        verbose_name_plural = _("organisations mentioned")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.article}"


class PlaceMention(Mention):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="place_mentions")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="mentions")

    class Meta:
        ordering = ("article", "place__name", "id")
        verbose_name = _("place mentioned")
        verbose_name_plural = _("places mentioned")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "place"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return f"{self.place} in {self.article}"


# --- Facts drawn from the articles ------------------------------------------------------------


class FactQuerySet(models.QuerySet):
    """For records that rest on one article (mentions, authorships, roles, reports, figures)."""

    def public(self):
        """The facts whose source article is published: a draft's facts stay unseen too."""
        return self.filter(article__status=Article.Status.PUBLISHED)


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

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="roles")
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


class EventQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("place")

    def for_detail(self):
        return self.select_related("place").prefetch_related(
            "topics",
            "participants__person",
            "participants__organisation",
            "reports__article",
        )

    def public(self):
        """Events reported by at least one published article."""
        # EXISTS rather than a join and DISTINCT: no duplicate rows to remove, and a list
        # ordered by date can stop at its page instead of de-duplicating every event first.
        return self.filter(reported_publicly("pk"))


def reported_publicly(event_field):
    """
    A condition on the rows of a query: the event at their `event_field` ("pk" for events,
    "event" for rows that point to one) is reported by at least one published article. As an
    EXISTS for each row, not as `event__in=Event.objects.public()`, which makes the database
    list every public event first.
    """
    return models.Exists(
        EventReport.objects.filter(
            event=models.OuterRef(event_field), article__status=Article.Status.PUBLISHED
        )
    )


class ParticipantQuerySet(models.QuerySet):
    def public(self):
        """Participations in events that a published article reports."""
        return self.filter(reported_publicly("event"))


def records_resting_on(model):
    """
    What rests on a record of `model` (a person, organisation, place, topic or indicator), as
    (rows, the field of theirs that points at the record, the condition that makes a row rest
    on a published article, the condition that makes it rest on an unpublished one): the one
    list of links that `RecordQuerySet.public()` follows. A row may be both (an event reported
    by a draft and by a published article) or neither (an event no article reports yet).
    """
    unpublished = [status for status in Article.Status if status != Article.Status.PUBLISHED]
    from_article = (
        Q(article__status=Article.Status.PUBLISHED),
        Q(article__status__in=unpublished),
    )
    article = (Q(status=Article.Status.PUBLISHED), Q(status__in=unpublished))
    in_event = (
        Q(reported_publicly("event")),
        Q(event__reports__article__status__in=unpublished),
    )
    event = (Q(reported_publicly("pk")), Q(reports__article__status__in=unpublished))
    links = {
        Person: [
            (PersonMention.objects.all(), "person", *from_article),
            (Authorship.objects.all(), "person", *from_article),
            (Role.objects.all(), "person", *from_article),
            (EventParticipant.objects.all(), "person", *in_event),
        ],
        Organisation: [
            (OrganisationMention.objects.all(), "organisation", *from_article),
            (Role.objects.all(), "organisation", *from_article),
            (EventParticipant.objects.all(), "organisation", *in_event),
            (Article.objects.all(), "source", *article),
            (Article.objects.all(), "relayed_from", *article),
        ],
        Place: [
            (PlaceMention.objects.all(), "place", *from_article),
            (Article.objects.all(), "dateline_place", *article),
            (Event.objects.all(), "place", *event),
        ],
        Topic: [
            (Article.topics.through.objects.all(), "topic", *from_article),
            (Event.topics.through.objects.all(), "topic", *in_event),
        ],
        Indicator: [(Statistic.objects.all(), "indicator", *from_article)],
    }
    return links[model]


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(DatedRecord):
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
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    articles = models.ManyToManyField(
        Article, through="EventReport", related_name="events", blank=True
    )
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

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title}\n{self.description}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:event_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class EventParticipant(models.Model):
    """A person or an organisation taking part in an event, and their part in it."""

    class Part(models.TextChoices):
        HOST = "host", _("host")
        HEAD_OF_DELEGATION = "head_of_delegation", _("head of delegation")
        ORGANISER = "organiser", _("organiser")
        PARTICIPANT = "participant", _("participant")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
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

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reports")
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


class Indicator(models.Model):
    """
    A measure that figures are reported for, e.g. "trade turnover between Kazakhstan and
    Belgium". Claims from different sources about the same measure hang off one indicator, so
    they can be shown side by side.
    """

    name = NormalisedCharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = NormalisedTextField(_("definition"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:indicator_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Statistic(QuotedFromArticle):
    """
    One figure as one source reports it. The hedge is part of the claim: "almost $9 billion",
    "more than 9 billion" and "9.96 billion during 2005-2021" are three claims with their own
    value, qualifier and period, never merged into one. When sources disagree about the same
    measure an editor ranks them (preferred / normal / deprecated, as Wikidata does) and
    writes down why.

    `value` is kept as the source states it, with its scale (9.96 and "billion"), so that
    nothing is rounded on the way in; `absolute_value` gives the full number.
    """

    class Scale(models.IntegerChoices):
        UNITS = 0, _("units")
        THOUSAND = 3, _("thousand")
        MILLION = 6, _("million")
        BILLION = 9, _("billion")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        APPROXIMATELY = "approximately", _("approximately")
        ALMOST = "almost", _("almost")
        MORE_THAN = "more_than", _("more than")
        LESS_THAN = "less_than", _("less than")
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Direction(models.TextChoices):
        FROM_TO = "from_to", _("from the first country to the second")
        BETWEEN = "between", _("between the two countries")
        WITHIN = "within", _("in the first country")

    class Rank(models.TextChoices):
        PREFERRED = "preferred", _("preferred")
        NORMAL = "normal", _("normal")
        DEPRECATED = "deprecated", _("deprecated")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="statistics")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    scale = models.PositiveSmallIntegerField(_("scale"), choices=Scale, default=Scale.UNITS)
    unit = NormalisedCharField(
        _("unit or currency"),
        max_length=50,
        help_text=_("ISO 4217 code for money (USD), otherwise a plural noun (enterprises)."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier, default=Qualifier.EXACT
    )
    period_edtf = models.CharField(
        _("period (EDTF)"),
        max_length=100,
        blank=True,
        validators=[dates.validate_edtf],
        help_text=_("What the figure covers: 2021, 2005/2021; a single date for “as of”."),
    )
    period_lower = models.DateField(_("period start"), null=True, editable=False)
    period_upper = models.DateField(_("period end"), null=True, editable=False, db_index=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction, blank=True)
    country_a = CountryField(_("first country"), blank=True)
    country_b = CountryField(_("second country"), blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("source")
    )
    rank = models.CharField(_("rank"), max_length=20, choices=Rank, default=Rank.NORMAL)
    rank_reason = NormalisedTextField(
        _("reason for the rank"),
        blank=True,
        help_text=_("Required when the figure is preferred or deprecated."),
    )

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ("indicator__name", F("period_upper").asc(nulls_last=True), "id")
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        # An indicator's latest figures, and its preferred (or deprecated) ones, straight from
        # an index: the statistics page and the home page's key figures pick them per indicator.
        indexes = [
            models.Index(fields=["indicator", "period_upper", "id"], name="statistic_latest_idx"),
            models.Index(fields=["indicator", "rank", "period_upper"], name="statistic_rank_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_lower__lte=F("period_upper")),
                name="%(app_label)s_%(class)s_period_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rank="normal") | ~Q(rank_reason=""),
                name="%(app_label)s_%(class)s_rank_has_reason",
                violation_error_message=_("Say why this figure is preferred or deprecated."),
            ),
            models.CheckConstraint(
                condition=Q(direction="") | ~Q(country_a=""),
                name="%(app_label)s_%(class)s_direction_has_country",
                violation_error_message=_("A direction needs its first country."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value_label}"

    def save(self, *args, **kwargs):
        bounds = dates.edtf_bounds(self.period_edtf)
        self.period_lower, self.period_upper = bounds.lower, bounds.upper
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A figure has no page of its own: it is shown on its indicator's page, by this anchor."""
        return f"{self.indicator.get_absolute_url()}#statistic-{self.pk}"

    @property
    def period_sort(self):
        """The day a figure sorts by: its period's start, or its end when only that is known."""
        return self.period_lower or self.period_upper

    @property
    def absolute_value(self):
        return self.value * (Decimal(10) ** self.scale)

    @property
    def value_label(self):
        """The claim as words: "almost 9 billion USD"."""
        number = f"{self.value.normalize():f}"
        parts = [] if self.qualifier == self.Qualifier.EXACT else [self.get_qualifier_display()]
        parts.append(number)
        if self.scale:
            parts.append(str(self.get_scale_display()))
        parts.append(self.unit)
        return " ".join(str(part) for part in parts)

    @property
    def period_label(self):
        return dates.edtf_label(self.period_edtf)

    @property
    def measured(self):
        """What the figure measures: its indicator and direction ("between" has no order)."""
        countries = (str(self.country_a), str(self.country_b))
        if self.direction == self.Direction.BETWEEN:
            countries = tuple(sorted(countries))
        return (self.indicator_id, self.direction, *countries)

    def competes_with(self, other):
        """
        Whether two figures are rival claims about one thing, between which editors choose:
        the same indicator and direction over overlapping periods (a bound that is open or
        unknown overlaps anything). Figures of one indicator for different periods are a
        series, not a conflict.
        """
        return (
            self.pk != other.pk
            and self.measured == other.measured
            and (
                self.period_lower is None
                or other.period_upper is None
                or self.period_lower <= other.period_upper
            )
            and (
                self.period_upper is None
                or other.period_lower is None
                or other.period_lower <= self.period_upper
            )
        )

    @staticmethod
    def competing_groups(statistics):
        """
        The figures grouped with their rivals, and the rivals of their rivals (a figure with
        none is a group of its own), each group in the order of the periods' start. Per measure,
        sorted by start, a figure joins the group when it competes with the member whose period
        reaches furthest: O(n log n), however many figures an indicator has.
        """
        by_measure = {}
        for statistic in statistics:
            by_measure.setdefault(statistic.measured, []).append(statistic)
        groups = []
        for figures in by_measure.values():
            figures.sort(key=lambda s: (s.period_lower is not None, s.period_lower or date.min))
            reach = None
            for statistic in figures:
                if reach is not None and statistic.competes_with(reach):
                    groups[-1].append(statistic)
                else:
                    groups.append([statistic])
                    reach = statistic
                if reach.period_upper is not None and (
                    statistic.period_upper is None or statistic.period_upper > reach.period_upper
                ):
                    reach = statistic
        return groups

    def clean(self):
        super().clean()
        if self.rank != self.Rank.NORMAL and not self.rank_reason.strip():
            raise ValidationError({"rank_reason": _("Say why this figure is ranked so.")})
        if self.direction in (self.Direction.FROM_TO, self.Direction.BETWEEN) and not (
            self.country_a and self.country_b
        ):
            raise ValidationError({"country_b": _("This direction needs both countries.")})


# --- Curation: suggested links and the publication log ----------------------------------------


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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    match = models.CharField(_("match"), max_length=20, choices=Match)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions"
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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
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
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
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
