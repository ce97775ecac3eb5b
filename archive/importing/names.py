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
"""

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

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

# How a key was obtained from a record: as written by an editor, or derived by the archive.
NAME, ALIAS, ACRONYM, DERIVED = "name", "alias", "acronym", "derived"


@dataclass(frozen=True)
class Entry:
    """One record a folded key stands for."""

    kind: str
    pk: int
    origin: str
    form: str  # the name as the record writes it, for case-sensitive keys

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


@dataclass
class NameIndex:
    """The automaton of every known name, and which records each folded key stands for."""

    entries: dict = field(default_factory=lambda: defaultdict(set))
    automaton: object = None

    def add(self, key_source, entry):
        key = fold(key_source)
        if len(key) >= 2:
            self.entries[key].add(entry)

    def finish(self):
        self.automaton = ahocorasick.Automaton()
        for key in self.entries:
            self.automaton.add_word(key, key)
        if self.entries:
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

        index = cls()
        for pk, name, sort_name in Person.objects.values_list("pk", "name", "sort_name"):
            index.add(name, Entry(PERSON, pk, NAME, name))
            for form in person_derived_forms(name, sort_name):
                index.add(form, Entry(PERSON, pk, DERIVED, form))
            bare = strip_honorifics(name)
            if bare != name:
                index.add(bare, Entry(PERSON, pk, DERIVED, bare))
        for pk, alias in PersonAlias.objects.values_list("person_id", "name"):
            index.add(alias, Entry(PERSON, pk, ACRONYM if is_acronym_like(alias) else ALIAS, alias))
        for pk, name, acronym in Organisation.objects.values_list("pk", "name", "acronym"):
            index.add(name, Entry(ORGANISATION, pk, NAME, name))
            if acronym:
                index.add(acronym, Entry(ORGANISATION, pk, ACRONYM, acronym))
        for pk, alias in OrganisationAlias.objects.values_list("organisation_id", "name"):
            origin = ACRONYM if is_acronym_like(alias) else ALIAS
            index.add(alias, Entry(ORGANISATION, pk, origin, alias))
        for pk, name in Place.objects.values_list("pk", "name"):
            index.add(name, Entry(PLACE, pk, NAME, name))
        for pk, alias in PlaceAlias.objects.values_list("place_id", "name"):
            index.add(alias, Entry(PLACE, pk, ACRONYM if is_acronym_like(alias) else ALIAS, alias))
        for pk, name in Topic.objects.values_list("pk", "name"):
            index.add(name, Entry(TOPIC, pk, NAME, name))
        return index.finish()


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
ORGANISATION_WORDS = frozenset(
    """
    committee committees ministry agency union council parliament group assembly bank company
    party organisation organization commission service fund institute university association
    chamber senate mission embassy office department centre center foundation corporation
    forum court authority administration
    """.split()  # noqa: SIM905
)
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
    for run in runs:
        # Trim connectors and common words at both ends.
        while run and (run[0][0] in CONNECTORS or _is_common(run[0][0])):
            run = run[1:]
        while run and (run[-1][0] in CONNECTORS or _is_common(run[-1][0])):
            run = run[:-1]
        names = [w for w in run if w[0] not in CONNECTORS and not _is_common(w[0])]
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
        kind = ORGANISATION if lowered & ORGANISATION_WORDS else PERSON
        found_names.append(NewName(surface, start, start + len(surface), kind))
        if len(found_names) >= MAX_NEW_NAMES:
            break
    return found_names
