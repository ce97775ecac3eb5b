"""Who meets whom: the network of people and bodies, drawn and listed pair by pair."""

from .. import network
from ..filtersets import NetworkFilterSet
from ..models import Event
from . import network_drawing
from .generic import FilteredListView


class NetworkView(FilteredListView):
    """
    The people and bodies linked by the public events they took part in together and, more
    lightly, by the published articles naming them together (archive/network.py), for the
    years and kind of event chosen: a drawing of the most strongly linked, and every pair in
    a table, the heaviest links first, a page at a time. The pairs' order and counts are
    remembered until the archive changes; a page asks the database only for the latest events
    and articles of its own pairs.
    """

    filterset_class = NetworkFilterSet
    paginate_by = 25  # each pair lists its latest few events and articles: a page is a scroll
    template_name = "archive/network.html"

    def get_queryset(self):
        return Event.objects.public()

    def get_context_data(self, **kwargs):
        graph = None
        if self.filter_is_valid:
            graph = network.for_filters(self.filterset)
        # The pairs are what the page lists (and paginates), rather than the events.
        kwargs["object_list"] = graph if graph is not None else []
        context = super().get_context_data(**kwargs)
        context.update(drawing=network_drawing.drawing(graph) if graph is not None else None)
        return context
