"""
The index of every name the archive knows.

Every name, alias and acronym of the people, organisations and places, and every topic name
(and the forms derived from them, see `forms`), is folded (archive.text.fold: case, accents,
typographic quotes and dashes do not matter) and put into one Aho–Corasick automaton, so a long
text is scanned once for all names at once. An alias an editor marked as needing context
("MFA") keeps the words that place its record: its country's names and demonyms, and the
bodies it sits inside.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace

import ahocorasick
from django.utils import translation
from django_countries import countries

from archive.text import fold

from .forms import is_acronym_like, person_derived_forms, strip_honorifics, topic_terms

__all__ = (
    "ACRONYM",
    "ALIAS",
    "DEMONYMS",
    "DERIVED",
    "NAME",
    "ORGANISATION",
    "PERSON",
    "PLACE",
    "TERM",
    "TOPIC",
    "Entry",
    "NameIndex",
)


PERSON, ORGANISATION, PLACE, TOPIC = "person", "organisation", "place", "topic"

# How a key was obtained from a record: as written by an editor, or derived by the archive
# (DERIVED from a person's name, TERM from a topic's name).
NAME, ALIAS, ACRONYM, DERIVED, TERM = "name", "alias", "acronym", "derived", "term"

# What a country's people and things are called, which country names do not give: context for
# the generic names of its bodies ("the Kazakh MFA"). The archive's two countries.
DEMONYMS = {"KZ": ("Kazakh", "Kazakhstani"), "BE": ("Belgian",)}


@dataclass(frozen=True)
class Entry:
    """One record a folded key stands for."""

    kind: str
    pk: int
    origin: str
    form: str  # the name as the record writes it, for case-sensitive keys
    needs_context: bool = False

    @property
    def is_derived(self):
        return self.origin == DERIVED


@dataclass
class NameIndex:
    """The automaton of every known name, and which records each folded key stands for."""

    entries: dict = field(default_factory=lambda: defaultdict(set))
    automaton: object = None
    # For names that need context: (kind, pk) -> folded words naming the record's context.
    contexts: dict = field(default_factory=dict)

    def add(self, key_source, entry):
        key = fold(key_source)
        if len(key) >= 2:
            self.entries[key].add(entry)

    def mark_needing_context(self, flagged):
        """Every key of `flagged` {(folded key, kind, pk)} needs context, whatever its origin."""
        for key, kind, pk in flagged:
            self.entries[key] = {
                replace(entry, needs_context=True)
                if (entry.kind, entry.pk) == (kind, pk)
                else entry
                for entry in self.entries.get(key, ())
            }

    def finish(self):
        # An archive that knows no names yet has no automaton: an empty trie cannot be searched.
        self.automaton = None
        if self.entries:
            self.automaton = ahocorasick.Automaton()
            for key in self.entries:
                self.automaton.add_word(key, key)
            self.automaton.make_automaton()
        return self

    def lookup(self, name, kind=None):
        """Records a whole name stands for (used for bylines and datelines): exact keys first."""
        entries = [e for e in self.entries.get(fold(name), ()) if kind in (None, e.kind)]
        exact = [e for e in entries if not e.is_derived]
        return sorted({e.pk for e in (exact or entries)})

    @classmethod
    def build(cls):
        """Read every name in the archive: one query per model, whatever their number."""
        from archive.models import (
            Organisation,
            OrganisationAlias,
            Person,
            PersonAlias,
            Place,
            PlaceAlias,
            Topic,
        )

        index, flagged = cls(), set()
        country_of, parent_of, own_keys = {}, {}, defaultdict(set)

        def add_alias(kind, pk, alias, needs_context):
            index.add(alias, Entry(kind, pk, ACRONYM if is_acronym_like(alias) else ALIAS, alias))
            if needs_context:
                flagged.add((fold(alias), kind, pk))
            elif kind == ORGANISATION:
                own_keys[pk].add(fold(alias))

        people = Person.objects.values_list("pk", "name", "sort_name", "country")
        for pk, name, sort_name, country in people:
            country_of[PERSON, pk] = country
            index.add(name, Entry(PERSON, pk, NAME, name))
            for form in person_derived_forms(name, sort_name):
                index.add(form, Entry(PERSON, pk, DERIVED, form))
            bare = strip_honorifics(name)
            if bare != name:
                index.add(bare, Entry(PERSON, pk, DERIVED, bare))
        aliases = PersonAlias.objects.values_list("person_id", "name", "needs_context")
        for pk, alias, needs_context in aliases:
            add_alias(PERSON, pk, alias, needs_context)
        organisations = Organisation.objects.values_list(
            "pk", "name", "acronym", "country", "parent_id"
        )
        for pk, name, acronym, country, parent_id in organisations:
            country_of[ORGANISATION, pk], parent_of[pk] = country, parent_id
            index.add(name, Entry(ORGANISATION, pk, NAME, name))
            own_keys[pk].add(fold(name))
            if acronym:
                index.add(acronym, Entry(ORGANISATION, pk, ACRONYM, acronym))
                own_keys[pk].add(fold(acronym))
        aliases = OrganisationAlias.objects.values_list("organisation_id", "name", "needs_context")
        for pk, alias, needs_context in aliases:
            add_alias(ORGANISATION, pk, alias, needs_context)
        country_names = defaultdict(set)  # country code -> folded names of the country
        country_places = {}  # pk of a place that is a country -> its code
        for pk, name, kind, country in Place.objects.values_list("pk", "name", "kind", "country"):
            country_of[PLACE, pk] = country
            index.add(name, Entry(PLACE, pk, NAME, name))
            if kind == Place.Kind.COUNTRY and country:
                country_places[pk] = country
                country_names[country].add(fold(name))
        aliases = PlaceAlias.objects.values_list("place_id", "name", "needs_context")
        for pk, alias, needs_context in aliases:
            add_alias(PLACE, pk, alias, needs_context)
            if pk in country_places and not needs_context:
                country_names[country_places[pk]].add(fold(alias))  # "Belgique"
        for pk, name in Topic.objects.values_list("pk", "name"):
            index.add(name, Entry(TOPIC, pk, NAME, name))
            for term in topic_terms(name):
                index.add(term, Entry(TOPIC, pk, TERM, term))

        index.mark_needing_context(flagged)
        for _key, kind, pk in flagged:
            index.contexts[kind, pk] = _context_words(
                country_of.get((kind, pk)),
                country_names,
                parent_of.get(pk) if kind == ORGANISATION else None,
                parent_of,
                own_keys,
            )
        return index.finish()


def _context_words(country, country_names, parent_id, parent_of, own_keys):
    """Folded words whose presence in a sentence places a record: its country, its bodies."""
    words = set()
    if country:
        with translation.override("en"):
            words.add(fold(str(countries.name(country))))
        words |= country_names.get(country, set())
        words |= {fold(demonym) for demonym in DEMONYMS.get(country, ())}
    seen = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        words |= own_keys.get(parent_id, set())
        parent_id = parent_of.get(parent_id)
    words.discard("")
    return frozenset(words)
