"""
The forms of a name texts use, and how a person is filed.

People are also recognised by forms derived from their names, as texts use them: the surname
("Kuspan", from the sort name "Kuspan, Aigul"), initial and surname ("M.Baimukhan",
"W. De Baets"), and surname first ("Kudrenok Tatyana"). A preceding honorific ("Ms", "Mr.",
"Ambassador") is kept with the surface form. Acronyms and other all-capital names match only
in capitals, so "WHO" is not "who". A topic is found by its name, or by one of the terms its
name joins with commas and "and" ("Trade and investment": "trade", "investment").
"""

import re

from archive.text import fold

__all__ = (
    "HONORIFICS",
    "SURNAME_PARTICLES",
    "case_shape",
    "is_acronym_like",
    "person_derived_forms",
    "sort_name_for",
    "split_surname",
    "start_with_honorific",
    "strip_honorifics",
    "surname_and_given",
    "topic_terms",
)

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


def is_acronym_like(name):
    """Names written in capitals (WHO, FIT, KAZINFORM) only match when written in capitals."""
    letters = [char for char in name if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def case_shape(text):
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


def start_with_honorific(text, start):
    """Where a name starts once an honorific just before it is included."""
    window_start = max(0, start - 40)
    honorific = _HONORIFIC_BEFORE.search(text[window_start:start])
    return window_start + honorific.start() if honorific else start
