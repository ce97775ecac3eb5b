"""
Finding the names the archive already knows in a text.

Every name, alias and acronym of the people, organisations and places, and every topic name,
is folded (archive.text.fold: case, accents, typographic quotes and dashes do not matter) and
put into one Aho–Corasick automaton, so a long text is scanned once for all names at once.
Matches must start and end on word boundaries; overlapping matches keep the longest.

People are also recognised by forms derived from their names, as texts use them: the surname
("Kuspan", from the sort name "Kuspan, Aigul"), initial and surname ("M.Baimukhan",
"W. De Baets"), and surname first ("Kudrenok Tatyana"). A derived form must be capitalised in
the text, and a preceding honorific ("Ms", "Mr.", "Ambassador") is kept with the surface form.
Acronyms and other all-capital names match only in capitals, so "WHO" is not "who".

A form that fits several records of one kind is reported as ambiguous with all of them, never
resolved by guessing. A name the text gives with an explicit name or alias outranks one derived
from a surname.

A topic is found by its name, or by one of the terms its name joins with commas and "and"
("Trade and investment": "trade", "investment"), in any case. An alias an editor marked as
needing context ("MFA", "House of Representatives": names many states' bodies have) is only
taken for its record when the same sentence names the record's country (its name, a place's
name or alias for it, or its demonym: "Kazakh", "Belgian") or a body it sits inside.
"""

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick
from django.utils import translation
from django_countries import countries

from archive.text import fold

# Titles and forms of address that may stand before a name: stripped to derive keys, and kept
# in front of a derived match as part of what the text says ("Ms Kuspan").
HONORIFICS = (
    "Mr",
    "Mr.",
    "Ms",
    "Ms.",
    "Mrs",
    "Mrs.",
    "Miss",
    "Dr",
    "Dr.",
    "Prof.",
    "Professor",
    "Sir",
    "Madam",
    "Mme",
    "H.E.",
    "Ambassador",
    "Deputy Minister",
    "Minister",
    "President",
    "Senator",
    "Speaker",
    "Chairman",
    "Chairperson",
    "King",
    "Queen",
    "Prince",
    "Princess",
)
_HONORIFIC_BEFORE = re.compile(
    r"(?:^|(?<=\s))(?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")\s*$"
)
_HONORIFIC_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")\s+)+", re.IGNORECASE
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
class NameMatch:
    """A span of the text naming one record (known) or several of one kind (ambiguous)."""

    kind: str
    pks: list
    surface_form: str
    start: int
    end: int

    @property
    def is_ambiguous(self):
        return len(self.pks) > 1


def is_acronym_like(name):
    """Names written in capitals (WHO, FIT, KAZINFORM) only match when written in capitals."""
    letters = [char for char in name if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _case_shape(text):
    return "".join("A" if char.isupper() else "a" for char in text if char.isalpha())


def strip_honorifics(name):
    return _HONORIFIC_PREFIX.sub("", name.strip()).strip()


# Words that belong to the surname after them: "Annick Van Calster" is filed under "Van
# Calster", "Ursula von der Leyen" under "von der Leyen", "Charles de Gaulle" under "de Gaulle".
SURNAME_PARTICLES = frozenset(
    """
    d’ d' da das de del della den der des di do dos du l’ l' la le les lo ten ter van von zu
    ’t 't
    """.split()  # noqa: SIM905 - a word list is easier to read and extend as text
)


def split_surname(name):
    """
    (given names, surname) of a name written given names first, the surname keeping its
    particles ("Van Calster", "De Baets", "von der Leyen"); ("", name) for a single word.
    """
    words = strip_honorifics(name).split()
    if len(words) < 2:
        return "", " ".join(words)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def sort_name_for(name):
    """The form a person is filed under: "Van Calster, Annick" for "Annick Van Calster"."""
    given, surname = split_surname(name)
    return f"{surname}, {given}" if given else surname


def surname_and_given(name, sort_name):
    """("Baimukhan", "Margulan") from the sort name "Baimukhan, Margulan", else from the name."""
    if "," in sort_name:
        surname, given = (part.strip() for part in sort_name.split(",", 1))
        return surname, given
    given, surname = split_surname(name)
    if not given:
        return "", ""
    return surname, given


def person_derived_forms(name, sort_name):
    """The shorter forms texts use for a person: surname, initial + surname, surname first."""
    surname, given = surname_and_given(name, sort_name)
    if not surname:
        return []
    forms = [surname, f"{surname} {given}".strip()]
    initial = next((char for char in strip_honorifics(given) if char.isalpha()), "")
    if initial:
        forms += [f"{initial}.{surname}", f"{initial}. {surname}"]
    return forms


def topic_terms(name):
    """The terms a topic's name joins: "Culture, education and humanitarian ties" gives three."""
    terms = [term.strip() for term in re.split(r",|\band\b|&", name)]
    return [term for term in terms if term and fold(term) != fold(name)]


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


# --- Folding with a map back to the original text ----------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(char):
    if char.isspace():
        return " "
    folded = fold(char)
    # fold() drops combining marks; a lone one folds to nothing, which is what we want.
    return folded or ("" if unicodedata.combining(char) else char.casefold())


def fold_with_offsets(text):
    """fold(text), and for each folded character the index of the original one it came from."""
    chars, offsets = [], []
    previous_space = True
    for index, char in enumerate(text):
        for folded in _fold_char(char):
            if folded == " ":
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            chars.append(folded)
            offsets.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def _is_boundary(folded, index):
    return index < 0 or index >= len(folded) or not folded[index].isalnum()


def find_known_names(text, index):
    """Every span of `text` that names records the archive knows, longest match first."""
    if index.automaton is None or not text:
        return []
    folded, offsets = fold_with_offsets(text)
    candidates = []
    for last, key in index.automaton.iter(folded):
        first = last - len(key) + 1
        if not (_is_boundary(folded, first - 1) and _is_boundary(folded, last + 1)):
            continue
        start, end = offsets[first], offsets[last] + 1
        original = text[start:end]
        entries = [e for e in index.entries[key] if _entry_fits(e, original)]
        if entries:
            candidates.append((start, end, entries))

    # Longest first; on a tie the earlier one. A span overlapping a chosen one is dropped.
    candidates.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken, matches = bytearray(len(text)), []  # 1 where a chosen match covers the text
    for start, end, entries in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        # A generic name stays the text's words (no new name is offered for it), but names
        # its record only where the sentence says which state's body it is.
        entries = [
            e
            for e in entries
            if not e.needs_context
            or _has_context(text, start, end, index.contexts.get((e.kind, e.pk)))
        ]
        by_kind = defaultdict(list)
        for entry in entries:
            by_kind[entry.kind].append(entry)
        for kind, kind_entries in by_kind.items():
            exact = [e for e in kind_entries if not e.is_derived]
            chosen = exact or kind_entries
            surface_start = start
            if not exact and kind == PERSON:
                # "Ms Kuspan": the honorific belongs to what the text says.
                surface_start = _start_with_honorific(text, start)
            matches.append(
                NameMatch(
                    kind=kind,
                    pks=sorted({e.pk for e in chosen}),
                    surface_form=text[surface_start:end],
                    start=surface_start,
                    end=end,
                )
            )
    matches.sort(key=lambda match: (match.start, match.kind))
    return matches


def _has_context(text, start, end, words):
    if not words:
        return False
    sentence_start, sentence_end = sentence_bounds(text, start)
    around = fold(f"{text[sentence_start:start]} | {text[end:sentence_end]}")
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", around) for word in words)


# --- Sentences, and where names occur in them ---------------------------------------------------

# A sentence ends at a full stop, question or exclamation mark (and any closing quote) followed
# by a space, unless the word before it is an initial or a title ("W. De Baets", "Mr. Kuspan"),
# and at every line break: datelines, headings and paragraphs end there too.
_SENTENCE_END = re.compile(r"[.!?…][»”\"’')]*(?=\s)|\n")
_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "Prof", "H.E", "Mme", "St", "No", "Nos")
_NOT_AN_END = re.compile(
    r"(?:^|\s)(?:[^\W\d_]|" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")\.$"
)


@lru_cache(maxsize=16)  # a list page shows many suggestions of a few articles
def sentence_spans(text):
    """(start, end) of each sentence of `text`, in order, covering it."""
    spans, start = [], 0
    for found in _SENTENCE_END.finditer(text):
        end = found.end()
        if found.group() != "\n" and _NOT_AN_END.search(text[max(start, end - 20) : end]):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [
        (start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip()))
        for start, end in spans
        if (piece := text[start:end]).strip()
    ]


def sentence_bounds(text, position):
    """The sentence around `position`."""
    spans = sentence_spans(text)
    index = bisect.bisect_right([start for start, _end in spans], position) - 1
    return spans[max(index, 0)] if spans else (0, len(text))


@lru_cache(maxsize=16)
def _folded(text):
    return fold_with_offsets(text)


def find_forms(text, forms):
    """Sorted (start, end) spans of `text` where one of `forms` occurs, as a whole, folded."""
    folded, offsets = _folded(text)
    spans = set()
    for form in forms:
        key = fold(form)
        if not key:
            continue
        for found in re.finditer(re.escape(key), folded):
            first, last = found.start(), found.end() - 1
            if _is_boundary(folded, first - 1) and _is_boundary(folded, last + 1):
                spans.add((offsets[first], offsets[last] + 1))
    return sorted(spans)


def sentences_naming(text, forms, limit=3):
    """
    The sentences of `text` where `forms` occur, each as (start, end, spans of the forms): up to
    `limit` sentences, in text order.
    """
    found = []
    for start, end in find_forms(text, forms):
        bounds = sentence_bounds(text, start)
        if found and found[-1][:2] == bounds:
            if start >= found[-1][2][-1][1]:
                found[-1][2].append((start, end))
            continue
        if len(found) == limit:
            break
        found.append((*bounds, [(start, end)]))
    return found


def _start_with_honorific(text, start):
    """Where a name starts once an honorific just before it is included."""
    window_start = max(0, start - 40)
    honorific = _HONORIFIC_BEFORE.search(text[window_start:start])
    return window_start + honorific.start() if honorific else start


def _entry_fits(entry, original):
    if entry.origin == ACRONYM:
        return _case_shape(original) == _case_shape(entry.form)
    if entry.is_derived:
        return original[:1].isupper()
    return True


# --- Capitalised names that match nobody -----------------------------------------------------

# Capitalised words that are not names on their own: titles, demonyms, months, and the words
# that open sentences. A run of capitalised words made only of these is not a new name.
COMMON_WORDS = frozenset(
    """
    a about according across after against also among an and as at before between both but by
    during each for following from further however in it its many meanwhile moreover on over
    since such that the their there these this those through to today under when where while
    with within yesterday tomorrow last next new open our robust separate several some
    mr mr. ms ms. mrs mrs. dr dr. sir madam his her he she they we

    president vice prime minister ministers deputy chairman chairperson chairpersons chair
    speaker ambassador ambassadors head heads king queen prince princess advisor adviser
    diplomatic secretary general director senator senators member members mp mps first state
    foreign affairs government ministry embassy delegation

    kazakh kazakhstani belgian european french dutch flemish walloon german russian english
    chinese american asian central western eastern northern southern international

    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()  # noqa: SIM905 - a word list is easier to read and extend as text
)
CONNECTORS = frozenset({"of", "the", "and", "for", "on", "de", "van", "von", "der", "den", "du"})
# Words that make a run of names read as a body: it is offered as a possible organisation,
# never as a person ("Port of Aktau", "Eurasian Development Bank").
ORGANISATION_WORDS = frozenset(
    """
    committee committees ministry ministries agency agencies union council councils parliament
    group groups assembly bank company companies party parties organisation organization
    commission service services fund institute university association chamber senate mission
    embassy embassies office department centre center foundation corporation forum court
    authority administration port airport railways
    """.split()  # noqa: SIM905
)
# Words that make a run name a thing neither a person nor a body (a route, a treaty, a
# programme): such a run is not offered at all.
THING_WORDS = frozenset(
    """
    route routes corridor highway road pipeline programme program strategy agreement treaty
    declaration memorandum convention initiative project award prize expo
    """.split()  # noqa: SIM905
)
# Words that join the names of a list: "Aigul Kuspan and Askar Shakirov" is two people.
LIST_JOINERS = frozenset({"and"})
_WORD = re.compile(r"[^\W\d_][\w’'\-]*\.?")
MAX_NEW_NAMES = 50


@dataclass
class NewName:
    surface_form: str
    start: int
    end: int
    kind_guess: str


def _overlaps(spans, starts, start, end):
    """Whether [start, end) overlaps one of the sorted, non-overlapping `spans`."""
    position = bisect.bisect_left(starts, end)
    return position > 0 and spans[position - 1][1] > start


def _is_capitalised(word):
    return word[:1].isupper()


def _is_common(word):
    parts = [part for part in re.split(r"[-’']", word.rstrip(".")) if part]
    return bool(parts) and all(part.casefold() in COMMON_WORDS for part in parts)


def _trim(run):
    """The run without connectors and common words at either end."""
    while run and (run[0][0] in CONNECTORS or _is_common(run[0][0])):
        run = run[1:]
    while run and (run[-1][0] in CONNECTORS or _is_common(run[-1][0])):
        run = run[:-1]
    return run


def _name_words(run):
    return [w for w in run if w[0] not in CONNECTORS and not _is_common(w[0])]


def _split_list(run):
    """
    A run of names joined by "and", split into its names when each part is a name of two words
    or more ("Aigul Kuspan and Askar Shakirov"); a body whose name has an "and" in it ("Open
    Flemish Liberals and Democrats", "Committee on Trade and Industry") is kept whole.
    """
    parts, current = [], []
    for word in run:
        if word[0].casefold() in LIST_JOINERS:
            parts.append(current)
            current = []
        else:
            current.append(word)
    parts.append(current)
    if len(parts) < 2:
        return [run]
    trimmed = [_trim(part) for part in parts]
    if all(len(_name_words(part)) >= 2 for part in trimmed) and not any(
        {w[0].casefold().rstrip(".") for w in part} & ORGANISATION_WORDS for part in trimmed
    ):
        return trimmed
    return [run]


def find_new_names(text, known_spans):
    """Runs of capitalised words outside known names: names the archive may not know yet."""
    spans = sorted(known_spans)
    starts = [span_start for span_start, _end in spans]
    words = []
    for found in _WORD.finditer(text):
        start, end = found.span()
        if _overlaps(spans, starts, start, end):
            words.append(None)  # a known name breaks a run
            continue
        words.append((found.group(), start, end))

    runs, current = [], []
    for item in [*words, None]:
        if item is not None and current:
            previous_word, _start, previous_end = current[-1]
            gap = text[previous_end : item[1]]
            sentence_ended = previous_word.endswith(".") and len(previous_word) > 3
            if gap.strip() or "\n" in gap or sentence_ended:
                runs.append(current)
                current = []
        if item is None:
            if current:
                runs.append(current)
            current = []
        elif _is_capitalised(item[0]) or (current and item[0] in CONNECTORS):
            current.append(item)
        elif current:
            runs.append(current)
            current = []

    found_names, seen = [], set()
    for run in (part for whole in runs for part in _split_list(whole)):
        run = _trim(run)
        names = _name_words(run)
        if not run:
            continue
        start, end = run[0][1], run[-1][2]
        # "Mr. Jean-Luc Dehaene": the honorific is part of what the text says.
        honorific_start = _start_with_honorific(text, start)
        if len(names) < 2 and not (honorific_start != start and names):
            continue
        start = honorific_start
        surface = text[start:end].rstrip(".")
        key = fold(surface)
        if key in seen:
            continue
        seen.add(key)
        lowered = {w[0].casefold().rstrip(".") for w in run}
        if lowered & ORGANISATION_WORDS:
            kind = ORGANISATION
        elif lowered & THING_WORDS:
            continue
        else:
            kind = PERSON
        found_names.append(NewName(surface, start, start + len(surface), kind))
        if len(found_names) >= MAX_NEW_NAMES:
            break
    return found_names
