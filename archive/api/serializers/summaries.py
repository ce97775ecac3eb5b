"""
Related records as the API embeds them: a small summary (slug, name, url), never a database id,
so a client follows `url` for the whole record (NetBox's brief serializers).
"""

from rest_framework import serializers

from ...models import Article, Event, Indicator, Organisation, Person, Place, Topic
from .base import ReadOnlyModelSerializer, api_url, date_field

__all__ = (
    "ArticleSummarySerializer",
    "EventSummarySerializer",
    "IndicatorSummarySerializer",
    "OrganisationSummarySerializer",
    "PersonSummarySerializer",
    "PlaceSummarySerializer",
    "TopicSummarySerializer",
)


class TopicSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("topic")

    class Meta:
        model = Topic
        fields = ("slug", "name", "url")


class PersonSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("person")

    class Meta:
        model = Person
        fields = ("slug", "name", "url")


class OrganisationSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("organisation")

    class Meta:
        model = Organisation
        fields = ("slug", "name", "acronym", "url")


class PlaceSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("place")

    class Meta:
        model = Place
        fields = ("slug", "name", "url")


class IndicatorSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("indicator")

    class Meta:
        model = Indicator
        fields = ("slug", "name", "url")


class ArticleSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("article")
    title = serializers.CharField(
        source="display_title", read_only=True, help_text="A devised title is in [brackets]."
    )
    date = date_field()

    class Meta:
        model = Article
        fields = ("slug", "title", "date", "url")


class EventSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("event")
    date = date_field()

    class Meta:
        model = Event
        fields = ("slug", "title", "date", "url")
