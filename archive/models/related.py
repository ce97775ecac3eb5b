"""
Related reports: scores computed ahead of time (archive/related.py), never in a request. Both
tables are derived from the curated records and the texts; `rebuild_related` makes them again
from scratch, so nothing curated lives here.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .texts import Article

__all__ = ("ArticleEmbedding", "RelatedArticle")


class ArticleEmbedding(models.Model):
    """
    Where an article's text sits in the multilingual sentence-embedding model's space: its
    title and lead as 512 signed bytes (the model's unit vector, scaled so that its largest
    component is 127). `text_sha256` is the digest of the text embedded, so an article whose
    title and lead did not change is not embedded again.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(_("model"), max_length=100)
    text_sha256 = models.CharField(_("SHA-256 of the text embedded"), max_length=64)
    vector = models.BinaryField(_("vector"))

    class Meta:
        # Derived and rebuilt by the archive, never edited: no one is given rights over it.
        default_permissions = ()
        verbose_name = _("article embedding")
        verbose_name_plural = _("article embeddings")

    def __str__(self):
        return f"{self.article_id}: {self.model}"


class RelatedArticle(models.Model):
    """
    That `related` is among the reports most related to `article`, with the score that put it
    there (0 to 1) and what it rests on: `text_similarity`, the cosine of the two texts in the
    model's space (null when the model does not cover a language of the two), and `shared`,
    up to two records both articles name, the rarest first, as `[kind, id]` pairs. An
    article keeps its best few; who may see them is decided when they are read (both articles
    must be published), so a withdrawn article leaves every list at once.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_reports", verbose_name=_("article")
    )
    related = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("related article")
    )
    score = models.FloatField(_("score"))
    text_similarity = models.FloatField(_("text similarity"), null=True, blank=True)
    shared = models.JSONField(_("records both name"), default=list, blank=True)

    class Meta:
        ordering = ("article", "-score", "related")
        default_permissions = ()  # derived and rebuilt by the archive, never edited
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="%(app_label)s_%(class)s_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(related=F("article")),
                name="%(app_label)s_%(class)s_not_itself",
            ),
        ]
        indexes = [models.Index("article", F("score").desc(), name="archive_related_best_first")]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score:.2f})"
