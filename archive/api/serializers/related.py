"""Related reports in the API (archive/related/): each with its score and its reason."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from .summaries import ArticleSummarySerializer

__all__ = ("RelatedArticleSerializer",)


class SharedRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["person", "organisation", "place", "event", "topic"], read_only=True
    )
    slug = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True, help_text="Its name (an event: its title).")
    url = serializers.SerializerMethodField(help_text="The record in the API.")

    def get_url(self, record) -> str:
        return reverse(
            f"api:{record.kind}-detail",
            kwargs={"slug": record.slug},
            request=self.context.get("request"),
        )


class RelatedArticleSerializer(serializers.Serializer):
    article = ArticleSummarySerializer(read_only=True)
    language = serializers.CharField(
        source="article.language", read_only=True, help_text="The related article's language."
    )
    score = serializers.FloatField(
        read_only=True,
        help_text="0 to 1: half from the records both articles name (the rarer, the more), "
        "0.35 from how similar their texts are, 0.15 from how close in time.",
    )
    text_similarity = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="The cosine of the two texts in the multilingual model's space; null when "
        "the model does not cover a language of the two (Kazakh).",
    )
    reason = serializers.CharField(
        read_only=True,
        help_text="Why, in a line: “Also about … and …” or “A similar text, in …”.",
    )
    shared = SharedRecordSerializer(
        many=True, read_only=True, help_text="Records both name: up to two, the rarest first."
    )
