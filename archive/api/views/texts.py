"""The articles of the API: published ones only, with what the archive draws from each."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from ... import related
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

    @extend_schema(
        summary="The reports most related to an article",
        description=f"Up to {related.SHOWN} published reports, the most related first, each "
        "with its score, the records both articles name and a one-line reason. Scores blend "
        "the records both name (the rarer, the more), how similar the texts are across "
        "English, Russian, French and Dutch, and how close they are in time; they are "
        "computed when an article is published, not at each request. "
        "`/api/articles/?similar_to=<slug>` gives the same reports as an article list.",
        responses=serializers.RelatedArticleSerializer(many=True),
        filters=False,
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def related(self, request, slug=None):
        article = self.get_object()
        reports = related.for_article(article)
        return Response(
            serializers.RelatedArticleSerializer(
                reports, many=True, context=self.get_serializer_context()
            ).data
        )
