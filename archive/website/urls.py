"""The public website's URLs, its feeds, sitemap and robots.txt."""

from django.urls import path

from . import sitemaps, views
from .feeds import ArticleFeed, AtomArticleFeed

app_name = "archive"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path(
        "articles/<slug:slug>/cite.bib",
        views.ArticleCitationView.as_view(format="bibtex"),
        name="article_cite_bibtex",
    ),
    path(
        "articles/<slug:slug>/cite.json",
        views.ArticleCitationView.as_view(format="csl-json"),
        name="article_cite_csl",
    ),
    path(
        "preview/articles/<slug:slug>/",
        views.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
    path("preview/events/<slug:slug>/", views.EventPreviewView.as_view(), name="event_preview"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("statistics/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("statistics/<slug:slug>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("feeds/articles/", ArticleFeed(), name="article_feed"),
    path("feeds/articles/atom/", AtomArticleFeed(), name="article_feed_atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
