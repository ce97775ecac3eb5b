"""The timeline of public events, each event's page, and its staff preview."""

from itertools import groupby

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from ..filtersets import EventFilterSet
from ..models import Article, Event, EventParticipant
from . import structured_data, timeline
from .generic import FilteredListView, PreviewMixin
from .linked_data import LinkedDataMixin


class EventListView(FilteredListView):
    """
    The timeline: public events in time order, grouped by year. Each keeps the precision its
    sources give (a month stays a month) and says when it was only planned or announced;
    events with no known date come last. It opens with an overview of all the events the
    filters select (not only this page's), drawn by `timeline.py`.
    """

    filterset_class = EventFilterSet
    paginate_by = 100
    template_name = "archive/event_list.html"
    sort_orders = (("date", gettext_lazy("Oldest first")), ("-date", gettext_lazy("Newest first")))

    def get_queryset(self):
        return Event.objects.public().for_list().order_by(F("date_sort").asc(nulls_last=True), "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = [
            {"year": year, "events": list(items)}
            for year, items in groupby(
                context["object_list"],
                key=lambda event: event.date_sort.year if event.date_sort else None,
            )
        ]
        count = context["paginator"].count
        context["overview"] = (
            timeline.for_events(self.object_list, count, self.filter_link) if count else None
        )
        return context

    def filter_link(self, **params):
        """This list's address with its filters, and `params` set (for the overview's links)."""
        query = self.request.GET.copy()
        query.pop("page", None)
        for name, value in params.items():
            query[name] = value
        return f"?{query.urlencode()}"


class EventDetailView(LinkedDataMixin, DetailView):
    template_name = "archive/event_detail.html"

    def visible_events(self):
        return Event.objects.public()

    def shows_report(self, report):
        return report.article.is_public

    def get_queryset(self):
        return (
            self.visible_events()
            .select_related("place")
            .prefetch_related(
                "topics",
                Prefetch(
                    "participants",
                    queryset=EventParticipant.objects.select_related("person", "organisation"),
                ),
                Prefetch(
                    "reports__article",
                    queryset=Article.objects.select_related("source"),
                ),
                "corrections",
            )
        )

    def describe(self, event, url):
        return structured_data.event(event, url, *self.participants_and_reports(event))

    def participants_and_reports(self, event):
        return (
            list(event.participants.all()),
            [report for report in event.reports.all() if self.shows_report(report)],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        participants, reports = self.participants_and_reports(event)
        parts = dict(EventParticipant.Part.choices)
        context.update(
            participant_groups=[
                {"part": parts.get(part, part), "participants": list(items)}
                for part, items in groupby(
                    sorted(participants, key=lambda item: list(parts).index(item.part)),
                    key=lambda item: item.part,
                )
            ],
            reports=reports,
            corrections=list(event.corrections.all()),
            structured_data=self.page_description(event),
        )
        return context


class EventPreviewView(PreviewMixin, EventDetailView):
    """An event that only unpublished articles report so far, as its public page will be."""

    public_view = "archive:event_detail"

    def public_queryset(self):
        return super().visible_events()

    def visible_events(self):
        return Event.objects.all()

    def shows_report(self, report):
        return True

    def preview_status(self):
        return _("reported only by unpublished articles")
