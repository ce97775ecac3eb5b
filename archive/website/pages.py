"""The home page and robots.txt: the pages that are about the whole archive."""

from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from ..export.response import built_rdf_response
from ..models import Article, Event, Statistic
from ..rdf.dump import DUMP_NAME, VOID_NAME
from .queries import archive_counts, key_figures


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().for_list()[:5]
        summary = key_figures()
        figures = Statistic.objects.select_related("indicator", "article__source").in_bulk(
            [figure for _, figure, _ in summary]
        )
        context["key_figures"] = [
            {"indicator": figures[figure].indicator, "figure": figures[figure], "others": rivals}
            for _, figure, rivals in summary
            if figure in figures
        ]
        events = Event.objects.public().for_list()
        context["latest_events"] = events.filter(
            status=Event.Status.TOOK_PLACE, date_sort__isnull=False
        )[:5]
        context["planned_events"] = events.filter(
            status__in=[Event.Status.PLANNED, Event.Status.ANNOUNCED]
        ).order_by(F("date_sort").asc(nulls_last=True), "id")[:5]
        context["counts"] = archive_counts()
        return context


def robots_txt(request):
    """Tells crawlers where the sitemap is, and keeps them out of the editors' admin."""
    lines = [
        "User-agent: *",
        "Disallow: " + reverse("admin:index"),
        "",
        "Sitemap: " + request.build_absolute_uri(reverse("sitemap")),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def rdf_dump(request):
    """The whole public archive as gzipped N-Triples, from the last built export."""
    return built_rdf_response(DUMP_NAME, "application/n-triples")


def void(request):
    """
    The VoID description of the archive's RDF (`/void.ttl`, and `/.well-known/void`, where
    the VoID specification tells a crawler to look): its dump, size, licence and vocabulary.
    """
    return built_rdf_response(VOID_NAME, "text/turtle; charset=utf-8")
