"""
The public website's URLs and its feeds, in each language (kzbe_site/urls.py mounts them under
the language prefixes; OAI-PMH, the sitemap and robots.txt have one address each and live there,
outside the "archive" namespace).
"""

from django.urls import path

from . import articles, entities, events, indicators, network, pages, topics
from .feeds import ArticleFeed, AtomArticleFeed
from .linked_data import SUFFIXES


def in_rdf(prefix, view, name):
    """A record's Turtle and JSON-LD at `<prefix>/<slug>.ttl` and `.jsonld`, beside its page."""
    return [
        path(
            f"{prefix}/<slug:slug>.{suffix}",
            view.as_view(media_type=media_type),
            name=f"{name}_{suffix}",
        )
        for suffix, media_type in SUFFIXES.items()
    ]


app_name = "archive"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("articles/", articles.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", articles.ArticleDetailView.as_view(), name="article_detail"),
    path(
        "articles/<slug:slug>/editions/",
        articles.ArticleEditionsView.as_view(),
        name="article_editions",
    ),
    path(
        "articles/<slug:slug>/cite.bib",
        articles.ArticleCitationView.as_view(format="bibtex"),
        name="article_cite_bibtex",
    ),
    path(
        "articles/<slug:slug>/cite.json",
        articles.ArticleCitationView.as_view(format="csl-json"),
        name="article_cite_csl",
    ),
    path(
        "articles/<slug:slug>/versions/",
        articles.ArticleVersionsView.as_view(),
        name="article_versions",
    ),
    path(
        "articles/<slug:slug>/versions/<int:revision>/",
        articles.ArticleVersionView.as_view(),
        name="article_version",
    ),
    path(
        "articles/<slug:slug>/versions/<int:revision>/cite.bib",
        articles.ArticleCitationView.as_view(format="bibtex"),
        name="article_version_cite_bibtex",
    ),
    path(
        "articles/<slug:slug>/versions/<int:revision>/cite.json",
        articles.ArticleCitationView.as_view(format="csl-json"),
        name="article_version_cite_csl",
    ),
    path(
        "preview/articles/<slug:slug>/",
        articles.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
    path("preview/events/<slug:slug>/", events.EventPreviewView.as_view(), name="event_preview"),
    path("people/", entities.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", entities.PersonDetailView.as_view(), name="person_detail"),
    path("organisations/", entities.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:slug>/",
        entities.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("places/", entities.PlaceListView.as_view(), name="place_list"),
    path("places/<slug:slug>/", entities.PlaceDetailView.as_view(), name="place_detail"),
    path("events/", events.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event_detail"),
    path("network/", network.NetworkView.as_view(), name="network"),
    path("statistics/", indicators.IndicatorListView.as_view(), name="indicator_list"),
    path(
        "statistics/<slug:slug>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"
    ),
    path("topics/", topics.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", topics.TopicDetailView.as_view(), name="topic_detail"),
    *in_rdf("articles", articles.ArticleDetailView, "article_detail"),
    *in_rdf("people", entities.PersonDetailView, "person_detail"),
    *in_rdf("organisations", entities.OrganisationDetailView, "organisation_detail"),
    *in_rdf("places", entities.PlaceDetailView, "place_detail"),
    *in_rdf("events", events.EventDetailView, "event_detail"),
    *in_rdf("statistics", indicators.IndicatorDetailView, "indicator_detail"),
    *in_rdf("topics", topics.TopicDetailView, "topic_detail"),
    path("feeds/articles/", ArticleFeed(), name="article_feed"),
    path("feeds/articles/atom/", AtomArticleFeed(), name="article_feed_atom"),
]
