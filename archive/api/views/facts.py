"""The facts of the API: events (with who took part and their reports) and figures."""

from ...filtersets import EventFilterSet, StatisticFilterSet
from ...models import Event, EventParticipant, EventReport, Statistic
from .. import serializers
from .base import ArchiveViewSet, Embedded

__all__ = ("EventViewSet", "StatisticViewSet")


class EventViewSet(ArchiveViewSet):
    """Events reported by at least one published article, with participants and reports."""

    queryset = Event.objects.public().for_list().prefetch_related("topics")
    detail_prefetches = (
        Embedded(
            "participants",
            EventParticipant.objects.select_related("person", "organisation"),
            "all_participants",
        ),
        Embedded(
            "reports",
            EventReport.objects.public().select_related("article"),
            "published_reports",
        ),
        "corrections",
    )
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventFilterSet


class StatisticViewSet(ArchiveViewSet):
    """Figures as their (published) sources report them. Their key is their number."""

    queryset = Statistic.objects.public().select_related("indicator", "article")
    serializer_class = serializers.StatisticSerializer
    filterset_class = StatisticFilterSet
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
