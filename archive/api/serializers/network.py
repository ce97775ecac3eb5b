"""
Who meets whom (archive/network.py) as the API gives it: its nodes (people and bodies, each
with the id the reconciliation service uses, `people/<slug>`) and its edges (the events and
the articles that link two of them). Read from the network's own objects, not from models.
"""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

__all__ = ("NetworkSerializer",)

API_VIEWS = {"person": "api:person-detail", "organisation": "api:organisation-detail"}


def absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


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
        view = f"api:{link.kind}-detail"
        return reverse(view, kwargs={"slug": link.slug}, request=self.context.get("request"))

    def get_web_url(self, link) -> str:
        return absolute(self, link.url)


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
        read_only=True, help_text="How many people and bodies it is linked to."
    )
    strength = serializers.IntegerField(read_only=True, help_text="The sum of its edges' weights.")
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    web_url = serializers.SerializerMethodField(help_text="Its page on the website.")

    def get_url(self, node) -> str:
        return reverse(
            API_VIEWS[node.kind], kwargs={"slug": node.slug}, request=self.context.get("request")
        )

    def get_web_url(self, node) -> str:
        return absolute(self, node.url)


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
    events = NetworkEventSerializer(many=True, read_only=True)
    articles = NetworkLinkSerializer(many=True, read_only=True)


@extend_schema_serializer(many=False)
class NetworkSerializer(serializers.Serializer):
    nodes = NetworkNodeSerializer(
        many=True, read_only=True, help_text="The most strongly linked first."
    )
    edges = NetworkEdgeSerializer(many=True, read_only=True, help_text="The heaviest first.")
