"""
Citable versions of an article: each state the public has read, as the article's history
(django-reversion, see archive/history.py) keeps it.

A version is named by its revision's number and date ("version of 3 November 2026, revision
42"), and has a permanent address, `/articles/<slug>/versions/<revision>/`, that keeps showing
that text after later corrections, with a link to the current one. Only published states are
versions: a draft or a state saved while the article was withdrawn was never public, so it
is never shown.

The article's page names the version it shows only when it is one: the latest public version
whose cited fields are those of the article as it stands. An article changed outside the
history (none should be) names no version rather than the wrong one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import ManyToManyField
from django.urls import reverse
from reversion.errors import RevertError
from reversion.models import Version

from .models import Article, Authorship, Correction, Person

# What a reader cites: the text, its title and date, who wrote and who published it.
CITED_FIELDS = (
    "title",
    "title_is_devised",
    "body",
    "date_edtf",
    "date_is_inferred",
    "date_note",
    "language",
    "dateline",
    "source_id",
    "relayed_from_id",
    "attribution",
)


@dataclass(frozen=True)
class ArticleVersion:
    """One public state of an article: the revision that saved it, when, and the article then."""

    revision: int
    saved_at: datetime
    article: Article  # as it was: not saved, not to be saved
    slug: str  # the article's address now, which its versions' addresses follow

    def get_absolute_url(self):
        return reverse(
            "archive:article_version", kwargs={"slug": self.slug, "revision": self.revision}
        )


def _article_as_saved(version):
    """The article a version holds, as an unsaved instance, or None if it cannot be read."""
    try:
        fields = version.field_dict
    except RevertError:  # saved by a schema this one cannot read any more
        return None
    local = {
        field.attname
        for field in Article._meta.concrete_fields
        if not isinstance(field, ManyToManyField)
    }
    return Article(**{name: value for name, value in fields.items() if name in local})


def _public(version, article):
    """The ArticleVersion a stored version is, or None if it was not public (or is unreadable)."""
    saved = _article_as_saved(version)
    if saved is None or saved.status != Article.Status.PUBLISHED:
        return None
    return ArticleVersion(version.revision_id, version.revision.date_created, saved, article.slug)


def public_versions(article):
    """The article's public versions, newest first."""
    history = (
        Version.objects.get_for_object(article)
        .select_related("revision")
        # Revisions are numbered as they are saved; their dates are when each began, so a
        # baseline saved during a change (archive/history.py) can bear a later one.
        .order_by("-revision_id")
    )
    found = (_public(version, article) for version in history)
    return [version for version in found if version is not None]


def version_of(article, revision):
    """The public version `revision` saved of `article`, or None."""
    version = (
        Version.objects.get_for_object(article)
        .filter(revision_id=revision)
        .select_related("revision")
        .first()
    )
    return None if version is None else _public(version, article)


def shows_the_same(saved, article):
    return all(getattr(saved, name) == getattr(article, name) for name in CITED_FIELDS)


def current_version(article, versions=None):
    """The version the article's page shows now, or None when it is not a recorded version."""
    versions = public_versions(article) if versions is None else versions
    if versions and shows_the_same(versions[0].article, article):
        return versions[0]
    return None


def with_authors(version):
    """
    The version's article with the authorships its revision saved (the bylines as they were
    then, in order), so that its page and its citation name who was credited in that version.
    """
    saved_authorships = Version.objects.get_for_model(Authorship).filter(
        revision_id=version.revision
    )
    authorships = []
    for item in saved_authorships:
        try:
            fields = item.field_dict
        except RevertError:
            continue
        if fields.get("article_id") == version.article.pk:
            authorships.append(Authorship(**fields))
    people = Person.objects.in_bulk([authorship.person_id for authorship in authorships])
    for authorship in authorships:
        # A person merged away since is cited by the byline as printed, linked to no one.
        authorship.person = people.get(authorship.person_id) or Person(
            name=authorship.byline, sort_name=authorship.byline
        )
    authorships.sort(key=lambda authorship: (authorship.position, authorship.pk or 0))
    # Read as Django reads a prefetch, so every `article.authorships.all()` gives these.
    version.article._prefetched_objects_cache = {"authorships": authorships}
    return version.article


def corrections_since(version, corrections):
    """
    Of the article's `corrections`, those made after `version`: each correction is saved in
    the revision of the change it records, with the article, so the ones the version's
    revision does not hold came later.
    """
    held = set(
        Version.objects.get_for_model(Correction)
        .filter(revision_id=version.revision)
        .values_list("object_id", flat=True)
    )
    return [correction for correction in corrections if str(correction.pk) not in held]
