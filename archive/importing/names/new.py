"""
Capitalised names that match nobody: names the archive may not know yet, each guessed to be a
person or a body (a thing, a route or a treaty, is not offered).
"""

import bisect
import re
from dataclasses import dataclass

from archive.text import fold

from .forms import start_with_honorific
from .index import ORGANISATION, PERSON

__all__ = (
    "COMMON_WORDS",
    "CONNECTORS",
    "LIST_JOINERS",
    "MAX_NEW_NAMES",
    "ORGANISATION_WORDS",
    "THING_WORDS",
    "NewName",
    "find_new_names",
)


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
        honorific_start = start_with_honorific(text, start)
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
