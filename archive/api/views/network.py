"""Who meets whom in the API: the network as JSON, or as GEXF for Gephi and other network tools."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ... import network
from ...filtersets import NetworkFilterSet
from ...models import Event
from ..filtering import (
    ArchiveFilterBackend,
    accepted_query_parameters,
    refuse_unknown_query_parameters,
)
from ..renderers import GEXFRenderer
from ..serializers import NetworkSerializer
from .base import PublicAPIMixin

__all__ = ("NetworkView",)

LIMIT, MOST_EDGES = 500, 5000  # the edges an answer gives by default, and at most


class NetworkView(PublicAPIMixin, GenericAPIView):
    """
    The people and bodies linked by the public events they took part in together and by the
    published articles naming them together, filtered as the website's /network/ page is;
    `?format=gexf` (or `Accept: application/gexf+xml`) gives it as a GEXF 1.3 file.
    """

    queryset = Event.objects.public()
    filterset_class = NetworkFilterSet
    serializer_class = NetworkSerializer
    renderer_classes = [JSONRenderer, GEXFRenderer]
    pagination_class = None  # one graph, its strongest edges first: `limit` says how many
    action = "list"  # what `accepted_query_parameters` and the filter backend read
    extra_query_parameters = ("limit",)  # read here, not by the FilterSet

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_query_parameters(request, accepted_query_parameters(self))

    def finalize_response(self, request, response, *args, **kwargs):
        # Only the graph comes as GEXF: what OPTIONS says about this address is JSON.
        if request.method == "OPTIONS" and isinstance(
            getattr(request, "accepted_renderer", None), GEXFRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="network_retrieve",
        summary="Who meets whom: people and bodies as a network",
        description="Nodes are the people and bodies (`id` is the record's path on the "
        "website, as the reconciliation service names it: `people/<slug>`, "
        "`organisations/<slug>`); an edge links two that took part in the same public event "
        "(`kind` `event`) or that the same published articles name (`kind` `article`). Each "
        "edge counts its events and its articles and gives the latest few of each "
        f"(`events.latest`, `articles.latest`, at most {network.EXAMPLES}); `events.url` and "
        "`articles.url` are the event and article lists that give them all, filtered by the "
        "pair, for a person and a body (the lists' filters take one person and one body, so "
        "for two people or two bodies they are null). `year_from` and `year_to` choose the events "
        "and articles whose date may fall in those years (`date_mode=within`: certainly); "
        "`kind` keeps only events of that kind, and leaves the articles out; `min_weight` "
        "keeps only the pairs at least that heavy (the strong core). "
        f"The heaviest edges come first, at most `limit` of them ({LIMIT} unless asked, at "
        f"most {MOST_EDGES}); `edges_total` says how many pairs the filters give, and `nodes` "
        "are only those the edges given touch, each with its strength over all of them. "
        "`?format=gexf` gives the same network, with the same `limit`, as a GEXF 1.3 file, "
        "which Gephi reads.",
        parameters=[
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MOST_EDGES},
                description=f"How many edges to give, the heaviest first: from 1 to "
                f"{MOST_EDGES} (more is a 400), {LIMIT} unless asked.",
            )
        ],
        responses={
            (200, "application/json"): NetworkSerializer,
            (200, GEXFRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="The network as GEXF 1.3 (`?format=gexf`)."
            ),
        },
    )
    def get(self, request):
        # A refused filter is a 400, as in every list of the API.
        filterset = ArchiveFilterBackend().validated_filterset(request, self.get_queryset(), self)
        limit = self.limit(request)
        graph = network.for_filters(filterset)
        nodes, edges = graph.strongest(limit)
        answer = {"nodes": nodes, "edges": edges, "edges_total": graph.count()}
        return Response(self.get_serializer(answer).data)

    def limit(self, request):
        """How many edges the answer gives: `limit`, from 1 to MOST_EDGES, else a 400."""
        given = request.query_params.get("limit", "")
        if given == "":
            return LIMIT
        number = int(given) if given.isdecimal() else 0
        if not 1 <= number <= MOST_EDGES:
            raise ValidationError(
                {"limit": [f"Give a whole number from 1 to {MOST_EDGES} (the most edges given)."]}
            )
        return number
