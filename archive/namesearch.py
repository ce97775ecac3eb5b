"""
Names in search: people, organisations and places found by any of their names, in any script,
and the articles linked to them.

A record's `search_text` (archive.text.names_search_text) holds its folded names and aliases
and, after `||`, the Latin key of each (archive.text.name_key), so that `Назарбаев`,
`Nazarbayev` and `Nazarbaev` are one key, `nazarbaev`.

- Lists (people, bodies, places): every word of the query must occur in the record's names,
  folded as it is typed or as a key: `Назарбаев` finds Nursultan Nazarbayev with no Cyrillic
  alias at all. Among the matches, those with an alias in the reader's language that answers
  the whole query come first (`reader_language_first`).
- Article search (`named_records`): the records a query names, so that the articles linked to
  them (mentioning them, or written by them) are found even where the text spells the name in
  another script or romanisation. A word of the query (or a "quoted phrase") names a record
  when its key begins the key of one of the record's names (`nazarba` begins `nazarbaev
  nursultan`, the sort name's; `cooperation` begins no name of the Parliamentary Cooperation
  Committee). A word that would name more than MAX_NAMED records is a common word rather than
  a name (`Kazakhstan` begins the names of dozens of bodies): then only the records one of
  whose names it is, whole, count.
"""

from django.db.models import Case, CharField, Q, Value, When
from django.utils import translation

from .models import (
    Authorship,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)
from .text import fold, name_key

MAX_NAMED = 20
# A key this short (`a`, `de`) begins too many names to stand for one.
MIN_NAME_KEY = 3
# At most this many records are read to learn which phrases name which records.
MAX_LOOKUP = 1000
# At most this many matches are put in the reader's language order (as archive.search's
# RANK_LIMIT for articles); a list of more keeps its own order.
RANK_LIMIT = 1000

# Each kind of named record, and the links from an article to it.
NAMED_KINDS = {
    "person": (Person, [(PersonMention, "person"), (Authorship, "person")]),
    "organisation": (Organisation, [(OrganisationMention, "organisation")]),
    "place": (Place, [(PlaceMention, "place")]),
}


def reader_language():
    """The first subtag of the language the reader is answered in (the page's, the API's)."""
    return (translation.get_language() or "en").split("-")[0].lower()


def in_language(language, field="language"):
    """
    A record whose BCP 47 tag in `field` is `language`, or a variant of it (ru-KZ). Tags are
    validated with their language in lower case.
    """
    return Q(**{field: language}) | Q(**{f"{field}__startswith": f"{language}-"})


# --- Lists ------------------------------------------------------------------------------------


def term_condition(term, field="search_text"):
    """A folded word of a query, found among the folded names or, as a key, among the keys."""
    condition = Q(**{f"{field}__contains": term})
    key = name_key(term)
    if key and key != term:
        condition |= Q(**{f"{field}__contains": key})
    return condition


def names_answer(name, terms):
    """Whether one name holds every term, folded or as a key (as term_condition asks)."""
    folded, key = fold(name), name_key(name)
    return all(
        term in folded or (bool(term_key := name_key(term)) and term_key in key) for term in terms
    )


def reader_language_first(matching, terms, grouped_by=()):
    """
    The matches with an alias in the reader's language that answers the whole query first,
    the list's own order otherwise kept (after its grouping fields `grouped_by`, if it starts
    with them: bodies listed by kind stay grouped by kind). One query, for the aliases in the
    reader's language of the records whose names hold the terms (not asked again whether the
    record is in the list: the order only ever applies to those that are).
    """
    if not terms:
        return matching
    model = matching.model
    owner = model._meta.get_field("aliases").field.name
    aliases = model._meta.get_field("aliases").related_model.objects.filter(
        in_language(reader_language())
    )
    for term in terms:
        aliases = aliases.filter(term_condition(term, f"{owner}__search_text"))
    rows = list(aliases.order_by().values_list(f"{owner}_id", "name")[: RANK_LIMIT + 1])
    if len(rows) > RANK_LIMIT:
        return matching
    first = {pk for pk, name in rows if names_answer(name, terms)}
    if not first:
        return matching
    ordering = list(matching.query.order_by or model._meta.ordering)
    lead = []
    while ordering and ordering[0] in grouped_by:
        lead.append(ordering.pop(0))
    tier = Case(When(pk__in=first, then=Value(0)), default=Value(1))
    return matching.alias(reader_language_tier=tier).order_by(
        *lead, "reader_language_tier", *ordering
    )


# --- Article search ---------------------------------------------------------------------------


def _phrase_keys(phrases):
    """Each phrase's key, or "" for a phrase too short to name anything."""
    keys = [name_key(" ".join(words)) for words in phrases]
    return [key if len(key.replace(" ", "")) >= MIN_NAME_KEY else "" for key in keys]


def named_records(phrases):
    """
    For each phrase (a list of folded words), the records it names, as {kind: [ids]}, or None
    when it names none. One query, over the three kinds' `search_text`.
    """
    keys = _phrase_keys(phrases)
    if not any(keys):
        return [None] * len(phrases)
    lookups = []
    for kind, (model, _links) in NAMED_KINDS.items():
        condition = Q()
        for key in filter(None, keys):
            condition |= Q(search_text__contains=f"| {key}")
        lookups.append(
            model._base_manager.filter(condition)
            .order_by()
            .values_list(Value(kind, output_field=CharField()), "pk", "search_text")
        )
    first, *others = lookups
    rows = list(first.union(*others, all=True)[:MAX_LOOKUP])
    named = []
    for key in keys:
        whole, begun = {}, {}
        for kind, pk, search_text in rows if key else ():
            if f"| {key}" in search_text:
                begun.setdefault(kind, []).append(pk)
                if f"| {key} |" in search_text:
                    whole.setdefault(kind, []).append(pk)
        chosen = next(
            (found for found in (begun, whole) if _count(found) <= MAX_NAMED),
            None,
        )
        named.append(chosen or None)
    return named


def _count(found):
    return sum(len(ids) for ids in found.values())


def linked_to(records):
    """Articles linked to one of `records` ({kind: [ids]}): mentioning it, or by it."""
    condition = Q()
    for kind, ids in records.items():
        for link_model, field in NAMED_KINDS[kind][1]:
            links = link_model.objects.filter(**{f"{field}__in": ids}).order_by()
            condition |= Q(pk__in=links.values("article_id"))
    return condition


# --- Records loaded raw -----------------------------------------------------------------------


def keep_loaded_search_text(sender, instance, raw=False, **kwargs):
    """
    Fixtures and restored backups are saved raw, without save(): a named record's
    `search_text` is made here (pre_save) and again as each of its aliases arrives
    (`keep_loaded_owner_search_text`), so that a corpus dumped before a change to the keys is
    searched by the keys of the code that loads it.
    """
    if raw:
        instance.search_text = instance.build_search_text()


def keep_loaded_owner_search_text(sender, instance, raw=False, **kwargs):
    """An alias loaded raw (post_save): its record's `search_text` takes it in."""
    if raw:
        instance.owner.refresh_search_text()
