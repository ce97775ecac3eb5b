"""
The facts drawn from the articles, each with its source and its verbatim quote: roles, events
(with who took part and the published reports of them) and figures.
"""

from rest_framework import serializers

from ...models import Event, EventParticipant, EventReport, Role, Statistic
from .base import (
    FilteredListURLField,
    PeriodSerializer,
    ReadOnlyModelSerializer,
    SameAsField,
    TitleTranslationsField,
    WebURLField,
    api_url,
    corrections_field,
    country_field,
    date_field,
    embedded_count,
    sample,
)
from .summaries import (
    ArticleSummarySerializer,
    EventSummarySerializer,
    IndicatorSummarySerializer,
    OrganisationSummarySerializer,
    PersonSummarySerializer,
    PlaceSummarySerializer,
    TopicSummarySerializer,
)

__all__ = (
    "EventDetailSerializer",
    "EventParticipantSerializer",
    "EventReportSerializer",
    "EventSerializer",
    "ParticipationSerializer",
    "ReportedEventSerializer",
    "RoleSerializer",
    "StatisticSerializer",
)


class RoleSerializer(ReadOnlyModelSerializer):
    """A title a person held at an organisation, as of a date, as one article reports it."""

    person = PersonSummarySerializer(read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    date = date_field()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Role
        fields = ("person", "title", "organisation", "date", "article", "quote")


class EventReportSerializer(ReadOnlyModelSerializer):
    """A published article reporting the event, with the words it uses."""

    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("article", "quote")


class ReportedEventSerializer(ReadOnlyModelSerializer):
    """An event the article reports, with the words it uses."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("event", "quote")


class EventParticipantSerializer(ReadOnlyModelSerializer):
    """A person or an organisation (the other is null) taking part in the event."""

    person = PersonSummarySerializer(read_only=True, allow_null=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = EventParticipant
        fields = ("part", "person", "organisation")


class ParticipationSerializer(ReadOnlyModelSerializer):
    """An event the person or organisation took part in, and their part in it."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ("event", "part")


class StatisticSerializer(ReadOnlyModelSerializer):
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


class EventSerializer(ReadOnlyModelSerializer):
    url = api_url("event")
    web_url = WebURLField()
    date = date_field()
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = (
            "url",
            "web_url",
            "slug",
            "title",
            "kind",
            "status",
            "date",
            "place",
            "topics",
            "wikidata_id",
        )


class EventDetailSerializer(EventSerializer):
    """An event with who took part (and their part) and the published reports of it."""

    translations = TitleTranslationsField()
    same_as = SameAsField()
    participants = sample(EventParticipantSerializer, "all_participants", "Who took part")
    participants_count = embedded_count("all_participants")
    reports = sample(EventReportSerializer, "published_reports", "Articles reporting it")
    reports_count = embedded_count("published_reports")
    reports_url = FilteredListURLField(
        "article", "event", help_text="The API list of the articles reporting it."
    )
    corrections = corrections_field()

    class Meta(EventSerializer.Meta):
        fields = (
            *EventSerializer.Meta.fields,
            "description",
            "translations",
            "same_as",
            "participants",
            "participants_count",
            "reports",
            "reports_count",
            "reports_url",
            "corrections",
        )
