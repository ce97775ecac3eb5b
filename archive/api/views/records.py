"""
The records of the API: people, organisations, places, topics and indicators, each only while a
published article rests on it (`public()`). A detail embeds a sample of each list that grows
with the archive (Embedded), built by the helpers below.
"""

from ...filtersets import (
    IndicatorFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    PlaceFilterSet,
    TopicFilterSet,
)
from ...models import (
    Article,
    Event,
    EventParticipant,
    Indicator,
    Organisation,
    Person,
    Place,
    Role,
    Statistic,
    Topic,
)
from .. import serializers
from .base import ArchiveViewSet, Embedded

__all__ = (
    "IndicatorViewSet",
    "OrganisationViewSet",
    "PersonViewSet",
    "PlaceViewSet",
    "TopicViewSet",
    "prefetch_published",
    "public_events",
    "public_participations",
    "public_roles",
)


def public_roles():
    return Embedded(
        "roles",
        Role.objects.public().select_related("person", "organisation", "article"),
        "public_roles",
    )


def public_participations():
    return Embedded(
        "participations",
        EventParticipant.objects.public().select_related("event"),
        "public_participations",
    )


def prefetch_published(lookup, to_attr):
    """The published ones of the articles at `lookup`, sampled into `to_attr`."""
    return Embedded(lookup, Article.objects.published(), to_attr)


def public_events(lookup="events"):
    return Embedded(lookup, Event.objects.public(), "public_events")


class PersonViewSet(ArchiveViewSet):
    """People the texts name, with their dated roles, events and (published) articles."""

    queryset = Person.objects.public().prefetch_related("aliases")
    detail_prefetches = (
        public_roles(),
        public_participations(),
        prefetch_published("mentioned_in", "published_mentions"),
        prefetch_published("authored_articles", "published_authored"),
        "corrections",
    )
    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    filterset_class = PersonFilterSet


class OrganisationViewSet(ArchiveViewSet):
    """Bodies: states, parliaments and their parts, ministries, agencies, parties, the press."""

    queryset = Organisation.objects.public().select_related("parent").prefetch_related("aliases")
    detail_prefetches = (
        Embedded("children", Organisation.objects.public(), "public_children"),
        public_roles(),
        public_participations(),
        prefetch_published("mentioned_in", "published_mentions"),
        # The articles the body published (as their source).
        prefetch_published("sourced_articles", "published_as_source"),
        "corrections",
    )
    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = OrganisationFilterSet


class PlaceViewSet(ArchiveViewSet):
    """Cities, regions and countries, one record whatever they were called."""

    queryset = Place.objects.public().prefetch_related("aliases")
    detail_prefetches = (
        public_events(),
        prefetch_published("mentioned_in", "published_mentions"),
        prefetch_published("datelined_articles", "published_datelined"),
        "corrections",
    )
    serializer_class = serializers.PlaceSerializer
    detail_serializer_class = serializers.PlaceDetailSerializer
    filterset_class = PlaceFilterSet


class TopicViewSet(ArchiveViewSet):
    """The archive's subject headings."""

    queryset = Topic.objects.public()
    detail_prefetches = (prefetch_published("articles", "published_filed"), public_events())
    serializer_class = serializers.TopicSerializer
    detail_serializer_class = serializers.TopicDetailSerializer
    filterset_class = TopicFilterSet


class IndicatorViewSet(ArchiveViewSet):
    """Measures that figures are reported for; a detail shows all their figures side by side."""

    queryset = Indicator.objects.public()
    detail_prefetches = (
        Embedded(
            "statistics",
            Statistic.objects.public().select_related("indicator", "article"),
            "public_statistics",
        ),
        "corrections",
    )
    serializer_class = serializers.IndicatorSerializer
    detail_serializer_class = serializers.IndicatorDetailSerializer
    filterset_class = IndicatorFilterSet
