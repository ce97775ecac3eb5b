"""
Articles: in a list, what identifies one; in a detail, its text, its original with its
provenance, and everything the archive draws from it (authors, the records it names with the
words it uses, its roles, events and figures).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (
    Article,
    Authorship,
    OrganisationMention,
    PersonMention,
    PlaceMention,
)
from .base import (
    LocalTimeField,
    ReadOnlyModelSerializer,
    WebURLField,
    api_url,
    corrections_field,
    date_field,
    surface_forms_field,
)
from .facts import ReportedEventSerializer, RoleSerializer, StatisticSerializer
from .summaries import (
    ArticleSummarySerializer,
    OrganisationSummarySerializer,
    PersonSummarySerializer,
    PlaceSummarySerializer,
    TopicSummarySerializer,
)

__all__ = (
    "ArticleDetailSerializer",
    "ArticleSerializer",
    "AuthorSerializer",
    "EditionSerializer",
    "OrganisationMentionSerializer",
    "PersonMentionSerializer",
    "PlaceMentionSerializer",
)


class AuthorSerializer(ReadOnlyModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = Authorship
        fields = ("person", "byline")


class PersonMentionSerializer(ReadOnlyModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = PersonMention
        fields = ("person", "surface_forms")


class OrganisationMentionSerializer(ReadOnlyModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = OrganisationMention
        fields = ("organisation", "surface_forms")


class PlaceMentionSerializer(ReadOnlyModelSerializer):
    place = PlaceSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = PlaceMention
        fields = ("place", "surface_forms")


class ArticleSerializer(ReadOnlyModelSerializer):
    url = api_url("article")
    web_url = WebURLField()
    date = date_field()
    dateline_place = PlaceSummarySerializer(read_only=True, allow_null=True)
    source = OrganisationSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)
    display_title = serializers.CharField(
        read_only=True, help_text="The title, in [brackets] when an editor devised it."
    )
    published_time = LocalTimeField()

    class Meta:
        model = Article
        fields = (
            "url",
            "web_url",
            "slug",
            "title",
            "title_is_devised",
            "display_title",
            "date",
            "published_time",
            "dateline",
            "dateline_place",
            "source",
            "language",
            "original_url",
            "topics",
        )


class EditionSerializer(ArticleSummarySerializer):
    """Another edition of the same report: the same story as its source published it in another
    language, kept verbatim as its own article."""

    class Meta(ArticleSummarySerializer.Meta):
        fields = (*ArticleSummarySerializer.Meta.fields, "language")


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its text, its original and everything the archive draws from it."""

    relayed_from = OrganisationSummarySerializer(read_only=True, allow_null=True)
    authors = AuthorSerializer(source="authorships", many=True, read_only=True)
    people = PersonMentionSerializer(source="person_mentions", many=True, read_only=True)
    organisations = OrganisationMentionSerializer(
        source="organisation_mentions", many=True, read_only=True
    )
    places = PlaceMentionSerializer(source="place_mentions", many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)
    events = ReportedEventSerializer(source="event_reports", many=True, read_only=True)
    statistics = StatisticSerializer(many=True, read_only=True)
    corrections = corrections_field()
    editions = serializers.SerializerMethodField(
        help_text="The same report in other languages (published editions only), the first "
        "edition first; empty when the archive holds no other."
    )

    class Meta(ArticleSerializer.Meta):
        fields = (
            *ArticleSerializer.Meta.fields,
            "editions",
            "relayed_from",
            "attribution",
            "authors",
            "source_tags",
            "body",
            "raw_text",
            "original_filename",
            "raw_sha256",
            "imported_at",
            "people",
            "organisations",
            "places",
            "roles",
            "events",
            "statistics",
            "corrections",
            "updated_at",
        )

    @extend_schema_field(EditionSerializer(many=True))
    def get_editions(self, article):
        editions = Article.objects.published().editions_of(article)
        return EditionSerializer(editions, many=True, context=self.context).data
