"""
The sources: articles, kept verbatim with their provenance, their authors, and the records
each one names (the mentions).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..fields import NormalisedCharField, NormalisedTextField
from ..text import fold, normalise_text, text_digest
from .base import (
    ArticleStatus,
    DatedRecord,
    NaturalKeyBySlug,
    _related_article,
    _surface_form_list_validator,
    language_tag_validator,
    sha256_validator,
    web_url_validator,
)
from .querysets import ArticleManager, FactQuerySet
from .records import Organisation, Person, Place, Topic

__all__ = (
    "Article",
    "Authorship",
    "Mention",
    "OrganisationMention",
    "PersonMention",
    "PlaceMention",
)


class Article(NaturalKeyBySlug, DatedRecord):
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

    Status = ArticleStatus

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
        related_name="sourced_articles",
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
        Person,
        through="Authorship",
        related_name="authored_articles",
        blank=True,
        verbose_name=_("authors"),
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
    edition_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("edition of"),
        help_text=_(
            "The same report in another language (Kazinform's Kazakh, Russian and English "
            "versions of one story): link each edition to the first the archive holds. Each "
            "stays verbatim."
        ),
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
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("topics")
    )
    people = models.ManyToManyField(
        Person,
        through="PersonMention",
        related_name="mentioned_in",
        blank=True,
        verbose_name=_("people"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="OrganisationMention",
        related_name="mentioned_in",
        blank=True,
        verbose_name=_("organisations"),
    )
    places = models.ManyToManyField(
        Place,
        through="PlaceMention",
        related_name="mentioned_in",
        blank=True,
        verbose_name=_("places"),
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
            models.CheckConstraint(
                condition=~Q(edition_of=F("pk")),
                name="%(app_label)s_%(class)s_not_its_own_edition",
                violation_error_message=_("An article is not an edition of itself."),
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
        self.clean_edition()

    def clean_edition(self):
        """An edition points at the first edition, in another language: one level, no loop."""
        first = self.edition_of
        if first is None:
            return
        if first.pk == self.pk:
            raise ValidationError({"edition_of": _("An article is not an edition of itself.")})
        if first.edition_of_id is not None:
            raise ValidationError(
                {
                    "edition_of": _(
                        "“%(title)s” is itself an edition of another article: link to that one."
                    )
                    % {"title": first}
                }
            )
        if self.pk and self.editions.exists():
            raise ValidationError(
                {
                    "edition_of": _(
                        "Other articles are editions of this one: it stays the first edition."
                    )
                }
            )
        if first.language == self.language:
            raise ValidationError(
                {"edition_of": _("An edition is in another language than the one it joins.")}
            )

    def all_editions(self):
        """Every edition of this report, this one included, the first one first."""
        first = self.edition_of or self
        return [first, *first.editions.order_by("language", "pk")]


class Authorship(models.Model):
    """An author of an article, with the byline exactly as printed ("Kudrenok Tatyana")."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="authorships", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="authorships", verbose_name=_("person")
    )
    byline = NormalisedCharField(_("byline as printed"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = FactQuerySet.as_manager()

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

    objects = FactQuerySet.as_manager()

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
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_mentions", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("person")
    )

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
        Article,
        on_delete=models.CASCADE,
        related_name="organisation_mentions",
        verbose_name=_("article"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mentions",
        verbose_name=_("organisation"),
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
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="place_mentions", verbose_name=_("article")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("place")
    )

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
