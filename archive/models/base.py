"""
The building blocks every record shares: validators, the dated record, the quote from an
article, the alias, the named entity, and natural keys by slug for the fixtures.
"""

import operator
from functools import reduce

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import dates
from ..fields import NormalisedCharField, NormalisedTextField
from ..identifiers import ExternalIdentifierField, unique_when_given
from ..text import fold, names_search_text, normalise_text

__all__ = (
    "Alias",
    "ArticleStatus",
    "DatedRecord",
    "NamedEntity",
    "NaturalKeyBySlug",
    "QuotedFromArticle",
    "exactly_one_of",
    "language_tag_validator",
    "script_code_validator",
    "sha256_validator",
    "web_url_validator",
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


class ArticleStatus(models.TextChoices):
    """
    Where an article stands in the editorial workflow (archive/workflow.py says who moves it).
    Only a published article is seen by the public; the rule is `article_is_published` in
    querysets.py, which is why these live here rather than in texts.py.
    """

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


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


class NaturalKeyBySlug:
    """A record fixtures refer to by its slug (natural key) rather than by database id."""

    def natural_key(self):
        return (self.slug,)


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

    class Origin(models.TextChoices):
        TEXT = "text", _("found in a text")
        EDITOR = "editor", _("editor's addition")

    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=Origin,
        blank=True,
        help_text=_(
            "Where the name comes from: a text the archive holds, or an editor (a spelling in "
            "another language or script is not a fact drawn from a text). Empty for names "
            "recorded before this was asked."
        ),
    )
    basis = NormalisedCharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_(
            "For an editor's addition, what it rests on: e.g. the body's own Russian-language "
            "website, or the form the Kazakh press uses."
        ),
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
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="editor") | ~Q(basis=""),
                name="%(app_label)s_%(class)s_editorial_has_basis",
                violation_error_message=_("Say what an editor's addition rests on."),
            )
        ]

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


class NamedEntity(NaturalKeyBySlug, models.Model):
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
    wikidata_id = ExternalIdentifierField(_("Wikidata ID"), scheme="wikidata", max_length=20)
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
        constraints = unique_when_given("wikidata_id")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        replaced = self.names_replaced(kwargs.get("update_fields"))
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        if replaced:
            until = {"date": timezone.localdate().isoformat()}
            self.keep_as_aliases(replaced, _("Former name in the archive (until %(date)s)") % until)

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
        # Its names in the other languages are names it goes by, as its aliases are.
        names = self.own_names() + [getattr(self, f) for f in self.translated_fields["name"]]
        if self.pk is not None:
            names += list(self.aliases.values_list("name", flat=True))
        return names_search_text(names)

    def refresh_search_text(self):
        self.search_text = self.build_search_text()
        type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)
