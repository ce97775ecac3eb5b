"""The topics: their list with how much each gathers, and each topic's articles and events."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from .. import cache
from ..filtersets import TopicFilterSet, linked_ids
from ..models import Article, Event, Topic, reported_publicly
from . import structured_data
from .generic import FilteredListView
from .linked_data import LinkedDataMixin
from .queries import grouped_count, limited, published_ids


class TopicListView(FilteredListView):
    """
    Every topic with how many published articles and public events it has: one grouped count
    each, over the links. (Both counts as joins in one query would multiply every article
    link by every event link of a topic.) By name, or the most written about first.
    """

    filterset_class = TopicFilterSet
    template_name = "archive/topic_list.html"
    queryset = Topic.objects.public()
    sort_orders = (
        ("name", _("By name")),
        ("-articles", _("Most articles first")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article_counts = cache.remember(
            "articles-per-topic",
            lambda: grouped_count(
                Article.topics.through.objects.filter(article__in=published_ids()), "topic"
            ),
        )
        event_counts = cache.remember(
            "events-per-topic",
            lambda: grouped_count(
                Event.topics.through.objects.filter(reported_publicly("event")), "topic"
            ),
        )
        for topic in context["object_list"]:
            topic.article_count = article_counts.get(topic.pk, 0)
            topic.event_count = event_counts.get(topic.pk, 0)
        return context


class TopicDetailView(LinkedDataMixin, DetailView):
    template_name = "archive/topic_detail.html"
    queryset = Topic.objects.public()

    def describe(self, topic, url):
        return structured_data.topic(topic, url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        articles, more_articles = limited(
            Article.objects.published()
            .for_list()
            .filter(pk__in=linked_ids(Article, "topics", topic))
        )
        events, more_events = limited(
            Event.objects.public().for_list().filter(pk__in=linked_ids(Event, "topics", topic))
        )
        context.update(
            articles=articles,
            more_articles=more_articles,
            events=events,
            more_events=more_events,
            structured_data=self.page_description(topic),
        )
        return context
