"""The articles of the API: published ones only, with what the archive draws from each."""

from ...filtersets import ArticleFilterSet
from ...models import Article, EventReport, Role, Statistic
from .. import serializers
from .base import ArchiveViewSet, Fetched

__all__ = ("ArticleViewSet",)


class ArticleViewSet(ArchiveViewSet):
    """Published articles: their text, original and what the archive draws from them."""

    queryset = Article.objects.published().for_list()
    detail_queryset = Article.objects.published().for_detail()
    detail_prefetches = (
        Fetched("roles", Role.objects.select_related("person", "organisation", "article")),
        Fetched("event_reports", EventReport.objects.select_related("event")),
        Fetched("statistics", Statistic.objects.select_related("indicator", "article")),
        "corrections",
    )
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = ArticleFilterSet
