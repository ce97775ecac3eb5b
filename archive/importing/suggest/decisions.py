"""
Acting on an editor's decision about a suggestion.

`accept`, `reject` and `create_record_and_accept` carry out an editor's decision, each in one
transaction and one revision, so that it shows in the history and can be undone by reverting
the article; `link_record_and_accept` links a possibly new name to a record the archive has
under another name, and keeps the name as its alias.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from archive import corrections, history
from archive.models import (
    Authorship,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Suggestion,
)
from archive.text import fold

from ..names import sort_name_for, strip_honorifics

__all__ = (
    "ALIAS_MODELS",
    "KIND_MODELS",
    "SuggestionError",
    "accept",
    "create_record_and_accept",
    "default_sort_name",
    "link_record_and_accept",
    "reject",
    "retarget",
    "unique_slug",
)


KIND_MODELS = {
    Suggestion.Kind.PERSON: Person,
    Suggestion.Kind.ORGANISATION: Organisation,
    Suggestion.Kind.PLACE: Place,
}
ALIAS_MODELS = {Person: PersonAlias, Organisation: OrganisationAlias, Place: PlaceAlias}


class SuggestionError(Exception):
    """An editor's decision that cannot be carried out (the message says why)."""


def _decide(suggestion, status, user):
    suggestion.status = status
    suggestion.decided_by = user if user and user.is_authenticated else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    if status == Suggestion.Status.ACCEPTED:
        # A link accepted on a published article is a change readers see: said in public.
        corrections.accepted_link(suggestion, user)


def _link(suggestion, record):
    """Create the article's link the suggestion stands for, merging surface forms."""
    article = suggestion.article
    forms = [form for form in suggestion.surface_forms if form in article.body]
    if suggestion.as_author:
        if not article.authorships.filter(person=record).exists():
            position = article.authorships.count() + 1
            Authorship.objects.create(
                article=article, person=record, byline=suggestion.surface_form, position=position
            )
        return
    if suggestion.kind == Suggestion.Kind.TOPIC:
        article.topics.add(record)
        return
    mention_model, field = {
        Suggestion.Kind.PERSON: (PersonMention, "person"),
        Suggestion.Kind.ORGANISATION: (OrganisationMention, "organisation"),
        Suggestion.Kind.PLACE: (PlaceMention, "place"),
    }[suggestion.kind]
    mention, created = mention_model.objects.get_or_create(
        article=article, **{field: record}, defaults={"surface_forms": forms}
    )
    if not created:
        missing = [form for form in forms if form not in mention.surface_forms]
        if missing:
            mention.surface_forms = mention.surface_forms + missing
            mention.save(update_fields=["surface_forms"])


def accept(suggestions, user=None):
    """Accept pending suggestions of known records; returns how many were accepted."""
    suggestions = list(suggestions)
    for suggestion in suggestions:
        if suggestion.status != Suggestion.Status.PENDING:
            raise SuggestionError(_("“%s” was already decided.") % suggestion)
        if suggestion.target is None:
            raise SuggestionError(
                _("“%s” names no record yet: create the record first.") % suggestion
            )
    if not suggestions:
        return 0
    comment = _("Accepted suggested links: %s") % "; ".join(str(s) for s in suggestions)
    with transaction.atomic(), history.revision(user, comment, *_articles(suggestions)):
        for suggestion in suggestions:
            _link(suggestion, suggestion.target)
            _decide(suggestion, Suggestion.Status.ACCEPTED, user)
            if suggestion.match == Suggestion.Match.AMBIGUOUS:
                # Choosing one candidate for a form answers the question for the others.
                for sibling in suggestion.article.suggestions.filter(
                    match=Suggestion.Match.AMBIGUOUS,
                    kind=suggestion.kind,
                    as_author=suggestion.as_author,
                    status=Suggestion.Status.PENDING,
                ).exclude(pk=suggestion.pk):
                    if fold(sibling.surface_form) == fold(suggestion.surface_form):
                        _decide(sibling, Suggestion.Status.REJECTED, user)
    return len(suggestions)


def reject(suggestions, user=None):
    suggestions = [s for s in suggestions if s.status == Suggestion.Status.PENDING]
    if not suggestions:
        return 0
    comment = _("Rejected suggested links: %s") % "; ".join(str(s) for s in suggestions)
    with transaction.atomic(), history.revision(user, comment, *_articles(suggestions)):
        for suggestion in suggestions:
            _decide(suggestion, Suggestion.Status.REJECTED, user)
    return len(suggestions)


def _articles(suggestions):
    return list({s.article_id: s.article for s in suggestions}.values())


def unique_slug(model, text, fallback="record"):
    base = slugify(text)[:180].strip("-") or fallback
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def default_sort_name(name):
    return sort_name_for(name) or name


def create_record_and_accept(suggestion, record_kind, name, user=None, **fields):
    """
    Turn a possibly new name into a record in one step: create it (the text's form kept as an
    alias when it differs from the name), link it to the article and accept the suggestion.
    """
    if suggestion.status != Suggestion.Status.PENDING:
        raise SuggestionError(_("This suggestion was already decided."))
    if suggestion.match != Suggestion.Match.NEW:
        raise SuggestionError(_("Only a possibly new name can become a new record."))
    if record_kind not in KIND_MODELS:
        raise SuggestionError(_("Choose a person, an organisation or a place."))
    kind = record_kind
    name = (name or strip_honorifics(suggestion.surface_form)).strip()
    if not name:
        raise SuggestionError(_("Give the record a name."))
    model = KIND_MODELS[kind]
    comment = _("Created %(kind)s “%(name)s” from a name in “%(article)s”") % {
        "kind": model._meta.verbose_name,
        "name": name,
        "article": suggestion.article,
    }
    with transaction.atomic(), history.revision(user, comment, suggestion.article):
        if kind == Suggestion.Kind.PERSON:
            fields.setdefault("sort_name", default_sort_name(name))
        if kind == Suggestion.Kind.ORGANISATION:
            fields.setdefault("kind", Organisation.Kind.OTHER)
        record = model.objects.create(name=name, slug=unique_slug(model, name), **fields)
        _keep_as_aliases(record, suggestion)
        suggestion.kind = kind
        setattr(suggestion, kind, record)
        suggestion.save()
        _link(suggestion, record)
        _decide(suggestion, Suggestion.Status.ACCEPTED, user)
    return record


def _keep_as_aliases(record, suggestion):
    """Keep the forms of the text the record does not already answer to as its aliases."""
    known = {fold(name) for name in record.own_names() if name}
    known |= {fold(name) for name in record.aliases.values_list("name", flat=True)}
    for form in suggestion.surface_forms:
        if fold(form) not in known:
            known.add(fold(form))
            ALIAS_MODELS[type(record)].objects.create(
                **{record._meta.model_name: record},
                name=form,
                # A form the text prints, in the text's language.
                origin=ALIAS_MODELS[type(record)].Origin.TEXT,
                language=suggestion.article.language,
                note=_("Form used in “%s”") % suggestion.article,
            )


def link_record_and_accept(suggestion, record, user=None):
    """
    A possibly new name turns out to be a record the archive has under another name: link the
    record to the article, keep the text's form as its alias, and accept the suggestion.
    """
    if suggestion.status != Suggestion.Status.PENDING:
        raise SuggestionError(_("This suggestion was already decided."))
    if suggestion.match != Suggestion.Match.NEW:
        raise SuggestionError(_("Only a possibly new name can be linked to another record."))
    if type(record) not in ALIAS_MODELS:
        raise SuggestionError(_("Choose a person, an organisation or a place."))
    comment = _("Linked “%(form)s” in “%(article)s” to %(kind)s “%(name)s”") % {
        "form": suggestion.surface_form,
        "article": suggestion.article,
        "kind": record._meta.verbose_name,
        "name": record,
    }
    forms = list(suggestion.surface_forms)
    with transaction.atomic(), history.revision(user, comment, suggestion.article):
        _keep_as_aliases(record, suggestion)
        standing = retarget(suggestion, record._meta.model_name, record.pk, suggestion.match)
        missing = [form for form in forms if form not in standing.surface_forms]
        if missing:
            standing.surface_forms = standing.surface_forms + missing
            standing.save(update_fields=["surface_forms"])
        _link(standing, record)
        _decide(standing, Suggestion.Status.ACCEPTED, user)
    return standing


def retarget(suggestion, kind, pk, match):
    """
    Point `suggestion` at record `pk` of `kind`. A suggestion of that record the article has
    already stands instead (match keys are unique per article): a pending one takes the forms,
    and this one, superseded, is deleted. Returns the suggestion that stands.
    """
    for field in (*KIND_MODELS, Suggestion.Kind.TOPIC):
        setattr(suggestion, f"{field}_id", None)
    suggestion.kind, suggestion.match = kind, match
    setattr(suggestion, f"{kind}_id", pk)
    other = (
        Suggestion.objects.filter(article_id=suggestion.article_id)
        .filter(match_key=suggestion.build_match_key())
        .exclude(pk=suggestion.pk)
        .first()
    )
    if other is None:
        suggestion.save()
        return suggestion
    if other.status == Suggestion.Status.PENDING:
        missing = [form for form in suggestion.surface_forms if form not in other.surface_forms]
        if missing:
            other.surface_forms = other.surface_forms + missing
            other.save(update_fields=["surface_forms"])
    suggestion.delete()
    return other
