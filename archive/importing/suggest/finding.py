"""
Suggesting the links of an article.

`suggest_for_article` reads the article's text for names the archive knows (see
`archive.importing.names`) and stores what it finds as pending Suggestions; links the article
already has, and suggestions an editor already decided (accepted or rejected), are not offered
again.
"""

from archive.models import Suggestion

from ..names import NameIndex, find_known_names, find_new_names

__all__ = ("suggest_for_article",)


def _linked_ids(article):
    return {
        Suggestion.Kind.PERSON: set(article.person_mentions.values_list("person_id", flat=True)),
        Suggestion.Kind.ORGANISATION: set(
            article.organisation_mentions.values_list("organisation_id", flat=True)
        ),
        Suggestion.Kind.PLACE: set(article.place_mentions.values_list("place_id", flat=True)),
        Suggestion.Kind.TOPIC: set(article.topics.values_list("pk", flat=True)),
        "author": set(article.authorships.values_list("person_id", flat=True)),
    }


def suggest_for_article(article, *, index=None, bylines=()):
    """
    Store pending suggestions for `article`; return the ones created or given new forms.

    `bylines` are printed author names the importer could not resolve to one person: each is
    offered as an ambiguous or possibly new author.
    """
    index = index or NameIndex.build()
    linked = _linked_ids(article)
    existing = {s.match_key: s for s in article.suggestions.all()}
    proposals = {}  # match_key -> unsaved or existing suggestion, in text order

    def propose(kind, match, surface_form, pk=None, as_author=False):
        suggestion = Suggestion(
            article=article,
            kind=kind,
            match=match,
            surface_forms=[surface_form],
            as_author=as_author,
        )
        if pk is not None:
            setattr(suggestion, f"{kind}_id", pk)
        key = suggestion.build_match_key()
        if key in proposals:
            if surface_form not in proposals[key].surface_forms:
                proposals[key].surface_forms.append(surface_form)
            return
        proposals[key] = suggestion

    known = find_known_names(article.body, index)
    for found in known:
        if found.is_ambiguous:
            for pk in found.pks:
                propose(found.kind, Suggestion.Match.AMBIGUOUS, found.surface_form, pk)
        elif found.pks[0] not in linked[found.kind]:
            propose(found.kind, Suggestion.Match.KNOWN, found.surface_form, found.pks[0])
    # A topic's term is a common word ("trade") that may be part of a body's name.
    names = [(found.start, found.end) for found in known if found.kind != Suggestion.Kind.TOPIC]
    for new in find_new_names(article.body, names):
        propose(new.kind_guess, Suggestion.Match.NEW, new.surface_form)
    for byline in bylines:
        pks = index.lookup(byline, Suggestion.Kind.PERSON)
        if len(pks) == 1 and pks[0] in linked["author"]:
            continue
        if pks:
            for pk in pks:
                propose(Suggestion.Kind.PERSON, Suggestion.Match.AMBIGUOUS, byline, pk, True)
        else:
            propose(Suggestion.Kind.PERSON, Suggestion.Match.NEW, byline, as_author=True)

    touched = []
    for key, suggestion in proposals.items():
        if key in existing:
            stored = existing[key]
            new_forms = [f for f in suggestion.surface_forms if f not in stored.surface_forms]
            if stored.status == Suggestion.Status.PENDING and new_forms:
                stored.surface_forms += new_forms
                stored.save(update_fields=["surface_forms"])
                touched.append(stored)
            continue
        suggestion.save()
        touched.append(suggestion)
    return touched
