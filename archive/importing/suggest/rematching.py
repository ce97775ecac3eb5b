"""
Reading pending suggestions again when names change.

When a record is saved or given an alias (in the admin, from a suggestion, by a merge), the
pending suggestions are read again after the transaction commits (`rematch_pending`): a
possibly new name that is now a known one becomes a suggestion of that record, in every
article. `names_changed` is the receiver `AppConfig.ready()` connects.
"""

import threading

from django.db import transaction

from archive.models import Organisation, Person, Place, Suggestion, Topic
from archive.text import fold

from ..names import NameIndex, find_forms, find_known_names
from .decisions import retarget

__all__ = ("NAMED_MODELS", "names_changed", "rematch_pending")


NAMED_MODELS = {
    Person: Suggestion.Kind.PERSON,
    Organisation: Suggestion.Kind.ORGANISATION,
    Place: Suggestion.Kind.PLACE,
    Topic: Suggestion.Kind.TOPIC,
}


def _covering_match(article, suggestion, known):
    """
    The known name inside the suggestion's words in the article's text that ends them, if one
    does: "Askar Zhumabayev" in "Later Askar Zhumabayev" (a run of capitalised words may take
    in the word opening the sentence).
    """
    for start, end in find_forms(article.body, suggestion.surface_forms):
        for match in known:
            if start <= match.start and match.end == end:
                return match
    return None


def rematch_pending(records=None, index=None):
    """
    Read the pending possibly new names again against the names the archive knows now: one that
    has become a known name (its record was created, or given it as an alias) becomes a
    suggestion of that record, or of each candidate when several fit; in every article.

    `records`, a set of (kind, pk), limits the work to suggestions whose words contain one of
    those records' names. Returns how many suggestions were changed.
    """
    pending = Suggestion.objects.filter(
        status=Suggestion.Status.PENDING, match=Suggestion.Match.NEW
    ).select_related("article")
    if not pending.exists():
        return 0
    index = index or NameIndex.build()
    keys = None
    if records is not None:
        keys = [
            key
            for key, entries in index.entries.items()
            if any((entry.kind, entry.pk) in records for entry in entries)
        ]
    changed, known_in = 0, {}
    for suggestion in pending.order_by("article_id", "id"):
        words = " ".join(fold(form) for form in suggestion.surface_forms)
        if keys is not None and not any(key in words for key in keys):
            continue
        if suggestion.as_author:
            kind = Suggestion.Kind.PERSON
            pks = index.lookup(suggestion.surface_form, kind)
            match = Suggestion.Match.AMBIGUOUS  # as suggest_for_article offers bylines
        else:
            article = suggestion.article
            if article.pk not in known_in:
                known_in = {article.pk: find_known_names(article.body, index)}
            found = _covering_match(article, suggestion, known_in[article.pk])
            if found is None:
                continue
            kind, pks = found.kind, found.pks
            suggestion.surface_forms = [found.surface_form]
            match = Suggestion.Match.AMBIGUOUS if found.is_ambiguous else Suggestion.Match.KNOWN
        if not pks:
            continue
        with transaction.atomic():
            for pk in pks[1:]:
                candidate = Suggestion(
                    article_id=suggestion.article_id,
                    surface_forms=list(suggestion.surface_forms),
                    as_author=suggestion.as_author,
                )
                retarget(candidate, kind, pk, match)
            retarget(suggestion, kind, pks[0], match)
        changed += 1
    return changed


_names_changed = threading.local()


def names_changed(sender, instance, raw=False, **kwargs):
    """
    Receiver for saves of records and aliases: re-read pending suggestions once the transaction
    commits, once for all the records it changed (loading fixtures, `raw`, changes nothing).
    """
    if raw:
        return
    record = getattr(instance, "owner", instance)
    kind = NAMED_MODELS.get(type(record))
    if kind is None or record.pk is None:
        return
    records = getattr(_names_changed, "records", None)
    if records is None:
        records = _names_changed.records = set()
    records.add((kind, record.pk))
    transaction.on_commit(_rematch_changed_names)


def _rematch_changed_names():
    records = getattr(_names_changed, "records", None)
    _names_changed.records = set()
    if records:  # the first callback of a transaction does the work for all of them
        rematch_pending(records)
