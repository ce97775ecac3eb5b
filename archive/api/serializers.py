"""
How the API shows each record.

Every record carries `url` (its API detail), `slug` and `web_url` (its page on the website).
Related records appear as small summaries (slug, name, url), never as database ids. Dates come
as the EDTF expression the archive asserts, its lower/upper bounds and the words a reader sees.

The serializers only read what the viewsets fetched: lists that must show published material
only (a person's articles, an event's reports) are read from `Prefetch(..., to_attr=...)`
attributes prepared in `archive/api/views.py`, so no draft can slip in through a relation.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Article,
    Authorship,
    Correction,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    Role,
    Statistic,
    Topic,
)

# --- Building blocks --------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The absolute address of the record's page on the website."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


class BlankAsNullCharField(serializers.CharField):
    """Text the archive leaves blank for "not known", given as null rather than ""."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value) if value else None


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$",
        "example": "17:44:00",
        "description": "Time of day as printed by the source; its time zone is not stated.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day with no time zone (so not an RFC 3339 `time`, which requires one)."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True, format="%H:%M:%S")
        super().__init__(**kwargs)


class CountrySerializer(serializers.Serializer):
    """An ISO 3166 country: its code and English name; null when none is recorded."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)

    def to_representation(self, country):
        if not country:
            return None
        return {"code": country.code, "name": str(country.name)}


def country_field(**kwargs):
    return CountrySerializer(read_only=True, allow_null=True, **kwargs)


class DateSerializer(serializers.Serializer):
    """A record's date: the EDTF expression, its bounds, and how a reader sees it."""

    edtf = BlankAsNullCharField(source="date_edtf", help_text="EDTF; null when unknown.")
    lower = serializers.DateField(
        source="date_lower",
        read_only=True,
        allow_null=True,
        help_text="Earliest possible day; null if open or unknown.",
    )
    upper = serializers.DateField(
        source="date_upper",
        read_only=True,
        allow_null=True,
        help_text="Latest possible day; null if open or unknown.",
    )
    sort = serializers.DateField(
        source="date_sort",
        read_only=True,
        allow_null=True,
        help_text="The day the API sorts by (`ordering=date`): the earliest possible day, or "
        "the latest when only that is known; null when unknown (sorted last).",
    )
    label = serializers.CharField(source="date_label", read_only=True)
    inferred = serializers.BooleanField(
        source="date_is_inferred",
        read_only=True,
        help_text="True when the source does not state the date and an editor worked it out.",
    )
    note = serializers.CharField(
        source="date_note", read_only=True, help_text="The evidence for the date, if any."
    )


def date_field():
    return DateSerializer(source="*", read_only=True)


class PeriodSortDayField(serializers.DateField):
    """A figure's sort day, as `ordering=date` computes it (filtersets.STATISTIC_SORT_DAY)."""

    def get_attribute(self, instance):
        return instance.period_lower or instance.period_upper


class PeriodSerializer(serializers.Serializer):
    """The period a figure covers, as EDTF with its bounds and label."""

    edtf = BlankAsNullCharField(source="period_edtf")
    lower = serializers.DateField(source="period_lower", read_only=True, allow_null=True)
    upper = serializers.DateField(source="period_upper", read_only=True, allow_null=True)
    sort = PeriodSortDayField(
        read_only=True,
        allow_null=True,
        help_text="The day the API sorts by (`ordering=date`): the period's start, or its end "
        "when only that is known; null when unknown (sorted last).",
    )
    label = serializers.CharField(source="period_label", read_only=True)


class AliasSerializer(serializers.Serializer):
    """Another name the record is known by, with its language and script if known."""

    name = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    script = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class APIURLField(serializers.HyperlinkedIdentityField):
    """
    The record's API address. Unlike DRF's own field it does not carry the request's
    `?format=` along: the CSV of a list links each row to its (JSON) detail.
    """

    def get_url(self, obj, view_name, request, format):
        path = reverse(view_name, kwargs={self.lookup_url_kwarg: getattr(obj, self.lookup_field)})
        return request.build_absolute_uri(path)


def api_url(basename, lookup_field="slug"):
    return APIURLField(view_name=f"api:{basename}-detail", lookup_field=lookup_field)


class CorrectionSerializer(serializers.ModelSerializer):
    """A change to the record after it was public: when, what changed and why (one line)."""

    class Meta:
        model = Correction
        fields = ("made_at", "changed", "reason")


def corrections_field():
    return CorrectionSerializer(
        many=True, read_only=True, help_text="Changes made since it was public, newest first."
    )


# --- Summaries, for relations -----------------------------------------------------------------


class TopicSummarySerializer(serializers.ModelSerializer):
    url = api_url("topic")

    class Meta:
        model = Topic
        fields = ("slug", "name", "url")


class PersonSummarySerializer(serializers.ModelSerializer):
    url = api_url("person")

    class Meta:
        model = Person
        fields = ("slug", "name", "url")


class OrganisationSummarySerializer(serializers.ModelSerializer):
    url = api_url("organisation")

    class Meta:
        model = Organisation
        fields = ("slug", "name", "acronym", "url")


class PlaceSummarySerializer(serializers.ModelSerializer):
    url = api_url("place")

    class Meta:
        model = Place
        fields = ("slug", "name", "url")


class IndicatorSummarySerializer(serializers.ModelSerializer):
    url = api_url("indicator")

    class Meta:
        model = Indicator
        fields = ("slug", "name", "url")


class ArticleSummarySerializer(serializers.ModelSerializer):
    url = api_url("article")
    title = serializers.CharField(
        source="display_title", read_only=True, help_text="A devised title is in [brackets]."
    )
    date = date_field()

    class Meta:
        model = Article
        fields = ("slug", "title", "date", "url")


class EventSummarySerializer(serializers.ModelSerializer):
    url = api_url("event")
    date = date_field()

    class Meta:
        model = Event
        fields = ("slug", "title", "date", "url")


# --- Facts, each with its source and quote ----------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    """A title a person held at an organisation, as of a date, as one article reports it."""

    person = PersonSummarySerializer(read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    date = date_field()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Role
        fields = ("person", "title", "organisation", "date", "article", "quote")


class EventReportSerializer(serializers.ModelSerializer):
    """A published article reporting the event, with the words it uses."""

    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("article", "quote")


class ReportedEventSerializer(serializers.ModelSerializer):
    """An event the article reports, with the words it uses."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("event", "quote")


class EventParticipantSerializer(serializers.ModelSerializer):
    """A person or an organisation (the other is null) taking part in the event."""

    person = PersonSummarySerializer(read_only=True, allow_null=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = EventParticipant
        fields = ("part", "person", "organisation")


class ParticipationSerializer(serializers.ModelSerializer):
    """An event the person or organisation took part in, and their part in it."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ("event", "part")


class StatisticSerializer(serializers.ModelSerializer):
    """
    One figure as one source reports it, hedge and all. `value` is as stated, with its
    `scale` (a power of ten: 9.96 and 9 = 9.96 billion); `absolute_value` is the full number.
    Statistics have no name to make a slug from: their `slug` is their permanent number.
    """

    url = api_url("statistic", lookup_field="pk")
    web_url = WebURLField()
    slug = serializers.CharField(source="pk", read_only=True)
    indicator = IndicatorSummarySerializer(read_only=True)
    value = serializers.DecimalField(
        max_digits=24, decimal_places=6, normalize_output=True, read_only=True
    )
    scale_label = serializers.CharField(source="get_scale_display", read_only=True)
    absolute_value = serializers.DecimalField(
        max_digits=40, decimal_places=6, normalize_output=True, read_only=True
    )
    value_label = serializers.CharField(read_only=True)
    period = PeriodSerializer(source="*", read_only=True)
    country_a = country_field()
    country_b = country_field()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Statistic
        fields = (
            "url",
            "web_url",
            "slug",
            "indicator",
            "value",
            "scale",
            "scale_label",
            "absolute_value",
            "unit",
            "qualifier",
            "value_label",
            "period",
            "direction",
            "country_a",
            "country_b",
            "article",
            "quote",
            "rank",
            "rank_reason",
        )


# --- Articles ---------------------------------------------------------------------------------


class AuthorSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = Authorship
        fields = ("person", "byline")


class PersonMentionSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = PersonMention
        fields = ("person", "surface_forms")


class OrganisationMentionSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = OrganisationMention
        fields = ("organisation", "surface_forms")


class PlaceMentionSerializer(serializers.ModelSerializer):
    place = PlaceSummarySerializer(read_only=True)

    class Meta:
        model = PlaceMention
        fields = ("place", "surface_forms")


class ArticleSerializer(serializers.ModelSerializer):
    url = api_url("article")
    web_url = WebURLField()
    date = date_field()
    dateline_place = PlaceSummarySerializer(read_only=True, allow_null=True)
    source = OrganisationSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)
    display_title = serializers.CharField(
        read_only=True, help_text="The title, in [brackets] when an editor devised it."
    )
    published_time = LocalTimeField()

    class Meta:
        model = Article
        fields = (
            "url",
            "web_url",
            "slug",
            "title",
            "title_is_devised",
            "display_title",
            "date",
            "published_time",
            "dateline",
            "dateline_place",
            "source",
            "language",
            "original_url",
            "topics",
        )


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its text, its original and everything the archive draws from it."""

    relayed_from = OrganisationSummarySerializer(read_only=True, allow_null=True)
    authors = AuthorSerializer(source="authorships", many=True, read_only=True)
    people = PersonMentionSerializer(source="person_mentions", many=True, read_only=True)
    organisations = OrganisationMentionSerializer(
        source="organisation_mentions", many=True, read_only=True
    )
    places = PlaceMentionSerializer(source="place_mentions", many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)
    events = ReportedEventSerializer(source="event_reports", many=True, read_only=True)
    statistics = StatisticSerializer(many=True, read_only=True)
    corrections = corrections_field()

    class Meta(ArticleSerializer.Meta):
        fields = (
            *ArticleSerializer.Meta.fields,
            "relayed_from",
            "attribution",
            "authors",
            "source_tags",
            "body",
            "raw_text",
            "original_filename",
            "raw_sha256",
            "imported_at",
            "people",
            "organisations",
            "places",
            "roles",
            "events",
            "statistics",
            "corrections",
            "updated_at",
        )


# --- People, organisations, places, topics ----------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    url = api_url("person")
    web_url = WebURLField()
    country = country_field()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Person
        fields = (
            "url",
            "web_url",
            "slug",
            "name",
            "sort_name",
            "country",
            "wikidata_id",
            "aliases",
        )


class PersonDetailSerializer(PersonSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    roles = RoleSerializer(source="public_roles", many=True, read_only=True)
    events = ParticipationSerializer(source="public_participations", many=True, read_only=True)
    articles = ArticleSummarySerializer(
        source="published_mentions", many=True, read_only=True, help_text="Articles naming them."
    )
    authored_articles = ArticleSummarySerializer(
        source="published_authored", many=True, read_only=True
    )
    corrections = corrections_field()

    class Meta(PersonSerializer.Meta):
        fields = (
            *PersonSerializer.Meta.fields,
            "description",
            "roles",
            "events",
            "articles",
            "authored_articles",
            "corrections",
        )


class OrganisationSerializer(serializers.ModelSerializer):
    url = api_url("organisation")
    web_url = WebURLField()
    country = country_field()
    parent = OrganisationSummarySerializer(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Organisation
        fields = (
            "url",
            "web_url",
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "wikidata_id",
            "aliases",
        )


class OrganisationDetailSerializer(OrganisationSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    children = OrganisationSummarySerializer(many=True, read_only=True)
    roles = RoleSerializer(source="public_roles", many=True, read_only=True)
    events = ParticipationSerializer(source="public_participations", many=True, read_only=True)
    articles = ArticleSummarySerializer(
        source="published_mentions", many=True, read_only=True, help_text="Articles naming it."
    )
    published_articles = ArticleSummarySerializer(
        source="published_as_source", many=True, read_only=True, help_text="As publisher."
    )
    corrections = corrections_field()

    class Meta(OrganisationSerializer.Meta):
        fields = (
            *OrganisationSerializer.Meta.fields,
            "description",
            "children",
            "roles",
            "events",
            "articles",
            "published_articles",
            "corrections",
        )


class PlaceSerializer(serializers.ModelSerializer):
    url = api_url("place")
    web_url = WebURLField()
    country = country_field()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Place
        fields = ("url", "web_url", "slug", "name", "kind", "country", "wikidata_id", "aliases")


class PlaceDetailSerializer(PlaceSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    events = EventSummarySerializer(source="public_events", many=True, read_only=True)
    articles = ArticleSummarySerializer(
        source="published_mentions", many=True, read_only=True, help_text="Articles naming it."
    )
    datelined_articles = ArticleSummarySerializer(
        source="published_datelined", many=True, read_only=True
    )
    corrections = corrections_field()

    class Meta(PlaceSerializer.Meta):
        fields = (
            *PlaceSerializer.Meta.fields,
            "description",
            "events",
            "articles",
            "datelined_articles",
            "corrections",
        )


class TopicSerializer(serializers.ModelSerializer):
    url = api_url("topic")
    web_url = WebURLField()

    class Meta:
        model = Topic
        fields = ("url", "web_url", "slug", "name", "description")


class TopicDetailSerializer(TopicSerializer):
    articles = ArticleSummarySerializer(source="published_articles", many=True, read_only=True)
    events = EventSummarySerializer(source="public_events", many=True, read_only=True)

    class Meta(TopicSerializer.Meta):
        fields = (*TopicSerializer.Meta.fields, "articles", "events")


# --- Events and statistics --------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    url = api_url("event")
    web_url = WebURLField()
    date = date_field()
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ("url", "web_url", "slug", "title", "kind", "status", "date", "place", "topics")


class EventDetailSerializer(EventSerializer):
    """An event with who took part (and their part) and the published reports of it."""

    participants = EventParticipantSerializer(many=True, read_only=True)
    reports = EventReportSerializer(source="published_reports", many=True, read_only=True)
    corrections = corrections_field()

    class Meta(EventSerializer.Meta):
        fields = (
            *EventSerializer.Meta.fields,
            "description",
            "participants",
            "reports",
            "corrections",
        )


class IndicatorSerializer(serializers.ModelSerializer):
    url = api_url("indicator")
    web_url = WebURLField()

    class Meta:
        model = Indicator
        fields = ("url", "web_url", "slug", "name", "description")


class IndicatorDetailSerializer(IndicatorSerializer):
    """An indicator with every published figure for it, side by side, never merged."""

    statistics = StatisticSerializer(source="public_statistics", many=True, read_only=True)
    corrections = corrections_field()

    class Meta(IndicatorSerializer.Meta):
        fields = (*IndicatorSerializer.Meta.fields, "statistics", "corrections")
