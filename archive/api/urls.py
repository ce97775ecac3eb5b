"""
The JSON API's URLs, under /api/: one list and one detail per record type, around them the
export, schema, docs and problem types, and the reconciliation service.
"""

from django.urls import path, re_path

from . import views

app_name = "api"

router = views.Router()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("places", views.PlaceViewSet, basename="place")
router.register("events", views.EventViewSet, basename="event")
router.register("statistics", views.StatisticViewSet, basename="statistic")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("export/", views.ExportView.as_view(), name="export"),
    path("popolo/", views.PopoloView.as_view(), name="popolo"),
    path("network/", views.NetworkView.as_view(), name="network"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("problems/", views.ProblemTypeView.as_view(), name="problems"),
    path("problems/<slug:slug>/", views.ProblemTypeView.as_view(), name="problem"),
    path("reconcile/", views.ReconciliationServiceView.as_view(), name="reconcile"),
    path("reconcile/preview/", views.ReconciliationPreviewView.as_view(), name="reconcile-preview"),
    path(
        "reconcile/suggest/entity/",
        views.SuggestEntityView.as_view(),
        name="reconcile-suggest-entity",
    ),
    path("reconcile/suggest/type/", views.SuggestTypeView.as_view(), name="reconcile-suggest-type"),
    path(
        "reconcile/suggest/property/",
        views.SuggestPropertyView.as_view(),
        name="reconcile-suggest-property",
    ),
    *router.urls,
    re_path(r"^", views.NotFoundView.as_view(), name="not-found"),  # whatever is left
]
