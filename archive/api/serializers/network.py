"""
Who meets whom (archive/network.py) as the API gives it: its nodes (people and bodies, each
with the id the reconciliation service uses, `people/<slug>`) and its edges (how many events
and articles link two of them, the latest few, and the lists that give them all). Read from
the network's own objects, not from models.
"""

from django.urls import reverse as django_reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from ... import network

__all__ = ("NetworkSerializer",)

API_VIEWS = {"person": "api:person-detail", "organisation": "api:organisation-detail"}
KINDS_WEB = {kind: view for kind, (_path, view) in network.KINDS.items()}


def absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def once(serializer, address, *arguments):
    """
    `address(serializer, *arguments)`, worked out once per answer: the network names the same
    lists and kinds of record in many edges, and reversing their addresses was most of what
    serializing it cost.
    """
    known = serializer.context.setdefault("addresses", {})
    key = (address, *arguments)
    if key not in known:
        known[key] = address(serializer, *arguments)
    return known[key]


# A slug no record has (slugs are ASCII letters, digits, "-" and "_", which addresses keep as
# they are): a record's address is its view's address for this, with the record's slug put in.
SLUG = "__slug__"


def api_address(serializer, view, slug=None):
    if slug not in (None, SLUG):
        return once(serializer, api_address, view, SLUG).replace(SLUG, slug)
    kwargs = {"slug": slug} if slug else None
    return reverse(view, kwargs=kwargs, request=serializer.context.get("request"))


def web_address(serializer, view, slug=None):
    if slug not in (None, SLUG):
        return once(serializer, web_address, view, SLUG).replace(SLUG, slug)
    return absolute(serializer, django_reverse(view, kwargs={"slug": slug} if slug else None))


class NetworkLinkSerializer(serializers.Serializer):
    """An event or an article that links two nodes."""

    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    date_edtf = serializers.CharField(
        source="date", read_only=True, help_text="Its date in EDTF; empty when unknown."
    )
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    web_url = serializers.SerializerMethodField(help_text="Its page on the website.")

    def get_url(self, link) -> str:
        return api_address(self, f"api:{link.kind}-detail", link.slug)

    def get_web_url(self, link) -> str:
        return web_address(self, f"archive:{link.kind}_detail", link.slug)


class NetworkEventSerializer(NetworkLinkSerializer):
    status = serializers.CharField(
        read_only=True, help_text="`took_place`, `planned` or `announced`, by its latest report."
    )


class NetworkNodeSerializer(serializers.Serializer):
    id = serializers.CharField(
        read_only=True,
        help_text="The record's path on the website, e.g. `people/margulan-baimukhan`, as the "
        "reconciliation service names it.",
    )
    label = serializers.CharField(read_only=True, help_text="Its name.")
    kind = serializers.ChoiceField(
        choices=["person", "organisation"], read_only=True, help_text="A person or a body."
    )
    neighbours = serializers.IntegerField(
        read_only=True,
        help_text="How many people and bodies it is linked to, by edges given or left out.",
    )
    strength = serializers.IntegerField(
        read_only=True,
        help_text="The sum of the weights of all its edges, those `limit` leaves out included.",
    )
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    web_url = serializers.SerializerMethodField(help_text="Its page on the website.")

    def get_url(self, node) -> str:
        return api_address(self, API_VIEWS[node.kind], node.slug)

    def get_web_url(self, node) -> str:
        return web_address(self, KINDS_WEB[node.kind], node.slug)


class NetworkEventsSerializer(serializers.Serializer):
    """The events two nodes took part in together: how many, the latest, and where all are."""

    count = serializers.IntegerField(
        source="event_count", read_only=True, help_text="How many events link the two."
    )
    latest = NetworkEventSerializer(
        source="events",
        many=True,
        read_only=True,
        help_text=f"The latest of them, at most {network.EXAMPLES}, the latest first.",
    )
    url = serializers.SerializerMethodField(
        help_text="All of them in the API: the event list filtered by a person and a body and "
        "by the network's years and kind. Null when none link the two, or when the two are "
        "two people or two bodies, whom the list's filters cannot choose together."
    )
    web_url = serializers.SerializerMethodField(
        help_text="All of them on the website, or null as `url` is."
    )
    list_views = ("api:event-list", "archive:event_list")

    def query(self, edge):
        return edge.events_query

    def get_url(self, edge) -> str | None:
        query = self.query(edge)
        return f"{once(self, api_address, self.list_views[0])}?{query}" if query else None

    def get_web_url(self, edge) -> str | None:
        query = self.query(edge)
        return f"{once(self, web_address, self.list_views[1])}?{query}" if query else None


class NetworkArticlesSerializer(NetworkEventsSerializer):
    """The articles naming both nodes: how many, the latest, and where all of them are."""

    count = serializers.IntegerField(
        source="article_count", read_only=True, help_text="How many articles name both."
    )
    latest = NetworkLinkSerializer(
        source="articles",
        many=True,
        read_only=True,
        help_text=f"The latest of them, at most {network.EXAMPLES}, the latest first.",
    )
    url = serializers.SerializerMethodField(
        help_text="All of them in the API: the article list filtered by a person and a body "
        "and by the network's years. Null when none name both, or when the two are two people "
        "or two bodies, whom the list's filters cannot choose together."
    )
    list_views = ("api:article-list", "archive:article_list")

    def query(self, edge):
        return edge.articles_query


class NetworkEdgeSerializer(serializers.Serializer):
    source = serializers.CharField(source="source.id", read_only=True, help_text="A node's id.")
    target = serializers.CharField(source="target.id", read_only=True, help_text="A node's id.")
    weight = serializers.IntegerField(
        read_only=True, help_text="The number of events and articles that link the two."
    )
    kind = serializers.ChoiceField(
        choices=["event", "article"],
        read_only=True,
        help_text="`event` when they took part in an event together, `article` when only "
        "articles name them together.",
    )
    events = NetworkEventsSerializer(source="*", read_only=True)
    articles = NetworkArticlesSerializer(source="*", read_only=True)


@extend_schema_serializer(many=False)
class NetworkSerializer(serializers.Serializer):
    nodes = NetworkNodeSerializer(
        many=True,
        read_only=True,
        help_text="The nodes the edges given touch, the most strongly linked first (their "
        "strength and neighbours counted over every pair the filters give).",
    )
    edges = NetworkEdgeSerializer(
        many=True,
        read_only=True,
        help_text="The heaviest first, at most `limit` of them (500 unless asked, at most "
        "5000): the heaviest pairs, then by name.",
    )
    edges_total = serializers.IntegerField(
        read_only=True,
        help_text="How many pairs the filters give in all; more than the edges given when "
        "`limit` leaves some out.",
    )
