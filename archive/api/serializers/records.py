"""
The records the facts point at: people, organisations and places (what the three share is
written once, in NamedRecordSerializer and NamedRecordDetailSerializer), topics and indicators.
A detail embeds a sample of each list that grows with the archive (see `base.sample`).
"""

from rest_framework import serializers

from ...models import Indicator, Organisation, Person, Place, Topic
from .base import (
    AliasSerializer,
    FilteredListURLField,
    NameTranslationsField,
    ReadOnlyModelSerializer,
    SameAsField,
    WebURLField,
    api_url,
    corrections_field,
    country_field,
    embedded_count,
    sample,
)
from .facts import ParticipationSerializer, RoleSerializer, StatisticSerializer
from .summaries import (
    ArticleSummarySerializer,
    EventSummarySerializer,
    OrganisationSummarySerializer,
)

__all__ = (
    "IndicatorDetailSerializer",
    "IndicatorSerializer",
    "NamedRecordDetailSerializer",
    "NamedRecordSerializer",
    "OrganisationDetailSerializer",
    "OrganisationSerializer",
    "PersonDetailSerializer",
    "PersonSerializer",
    "PlaceDetailSerializer",
    "PlaceSerializer",
    "TopicDetailSerializer",
    "TopicSerializer",
)


# A person, an organisation or a place in a list: its page on the website, its country and
# the other names it is known by. Each declares its own `url` and lists its own `fields`.
# (Comments, not docstrings, here and below: the schema would give a docstring as the
# description of every record built on it.)
class NamedRecordSerializer(ReadOnlyModelSerializer):
    web_url = WebURLField()
    country = country_field()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")


# What the detail of a person, an organisation or a place adds to it, the same for the three:
# its aliases with their language and script, the published articles naming it, and its
# corrections. A detail lists it first among its bases, before its list serializer, so that
# these fields win: `class PlaceDetailSerializer(NamedRecordDetailSerializer, PlaceSerializer)`.
class NamedRecordDetailSerializer(NamedRecordSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    translations = NameTranslationsField()
    same_as = SameAsField()
    articles = sample(ArticleSummarySerializer, "published_mentions", "Articles naming it")
    articles_count = embedded_count("published_mentions")
    corrections = corrections_field()


class PersonSerializer(NamedRecordSerializer):
    url = api_url("person")

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
            "viaf_id",
            "isni",
            "orcid",
            "aliases",
        )


class PersonDetailSerializer(NamedRecordDetailSerializer, PersonSerializer):
    roles = sample(RoleSerializer, "public_roles", "Their roles")
    roles_count = embedded_count("public_roles")
    events = sample(ParticipationSerializer, "public_participations", "Events they took part in")
    events_count = embedded_count("public_participations")
    events_url = FilteredListURLField("event", "person")
    articles = sample(ArticleSummarySerializer, "published_mentions", "Articles naming them")
    articles_url = FilteredListURLField("article", "person")
    authored_articles = sample(ArticleSummarySerializer, "published_authored", "Their articles")
    authored_articles_count = embedded_count("published_authored")
    authored_articles_url = FilteredListURLField("article", "author")

    class Meta(PersonSerializer.Meta):
        fields = (
            *PersonSerializer.Meta.fields,
            "description",
            "translations",
            "same_as",
            "roles",
            "roles_count",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "articles_url",
            "authored_articles",
            "authored_articles_count",
            "authored_articles_url",
            "corrections",
        )


class OrganisationSerializer(NamedRecordSerializer):
    url = api_url("organisation")
    parent = OrganisationSummarySerializer(read_only=True, allow_null=True)

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
            "viaf_id",
            "isni",
            "aliases",
        )


class OrganisationDetailSerializer(NamedRecordDetailSerializer, OrganisationSerializer):
    children = sample(OrganisationSummarySerializer, "public_children", "Bodies inside it")
    children_count = embedded_count("public_children")
    children_url = FilteredListURLField("organisation", "parent")
    roles = sample(RoleSerializer, "public_roles", "Roles held at it")
    roles_count = embedded_count("public_roles")
    events = sample(ParticipationSerializer, "public_participations", "Events it took part in")
    events_count = embedded_count("public_participations")
    events_url = FilteredListURLField("event", "organisation")
    articles_url = FilteredListURLField("article", "organisation")
    published_articles = sample(
        ArticleSummarySerializer, "published_as_source", "Articles it published"
    )
    published_articles_count = embedded_count("published_as_source")
    published_articles_url = FilteredListURLField("article", "source")

    class Meta(OrganisationSerializer.Meta):
        fields = (
            *OrganisationSerializer.Meta.fields,
            "description",
            "translations",
            "same_as",
            "children",
            "children_count",
            "children_url",
            "roles",
            "roles_count",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "articles_url",
            "published_articles",
            "published_articles_count",
            "published_articles_url",
            "corrections",
        )


class PlaceSerializer(NamedRecordSerializer):
    url = api_url("place")

    class Meta:
        model = Place
        fields = (
            "url",
            "web_url",
            "slug",
            "name",
            "kind",
            "country",
            "wikidata_id",
            "geonames_id",
            "latitude",
            "longitude",
            "coordinates_source",
            "aliases",
        )


class PlaceDetailSerializer(NamedRecordDetailSerializer, PlaceSerializer):
    events = sample(EventSummarySerializer, "public_events", "Events held there")
    events_count = embedded_count("public_events")
    events_url = FilteredListURLField("event", "place")
    datelined_articles = sample(
        ArticleSummarySerializer, "published_datelined", "Articles datelined there"
    )
    datelined_articles_count = embedded_count("published_datelined")

    class Meta(PlaceSerializer.Meta):
        fields = (
            *PlaceSerializer.Meta.fields,
            "description",
            "translations",
            "same_as",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "datelined_articles",
            "datelined_articles_count",
            "corrections",
        )


class TopicSerializer(ReadOnlyModelSerializer):
    url = api_url("topic")
    web_url = WebURLField()

    class Meta:
        model = Topic
        fields = ("url", "web_url", "slug", "name", "description")


class TopicDetailSerializer(TopicSerializer):
    translations = NameTranslationsField()
    articles = sample(ArticleSummarySerializer, "published_filed", "Articles filed under it")
    articles_count = embedded_count("published_filed")
    articles_url = FilteredListURLField("article", "topic")
    events = sample(EventSummarySerializer, "public_events", "Events filed under it")
    events_count = embedded_count("public_events")
    events_url = FilteredListURLField("event", "topic")

    class Meta(TopicSerializer.Meta):
        fields = (
            *TopicSerializer.Meta.fields,
            "translations",
            "articles",
            "articles_count",
            "articles_url",
            "events",
            "events_count",
            "events_url",
        )


class IndicatorSerializer(ReadOnlyModelSerializer):
    url = api_url("indicator")
    web_url = WebURLField()

    class Meta:
        model = Indicator
        fields = ("url", "web_url", "slug", "name", "description")


class IndicatorDetailSerializer(IndicatorSerializer):
    """An indicator with every published figure for it, side by side, never merged."""

    translations = NameTranslationsField()
    statistics = sample(StatisticSerializer, "public_statistics", "Its figures, side by side")
    statistics_count = embedded_count("public_statistics")
    statistics_url = FilteredListURLField("statistic", "indicator")
    corrections = corrections_field()

    class Meta(IndicatorSerializer.Meta):
        fields = (
            *IndicatorSerializer.Meta.fields,
            "translations",
            "statistics",
            "statistics_count",
            "statistics_url",
            "corrections",
        )
