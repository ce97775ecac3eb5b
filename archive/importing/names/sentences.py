"""
Where forms occur in a text, and the sentences around them: for the context a generic name
needs, and for showing an editor each suggestion in the sentence it came from.
"""

import bisect
import re
import unicodedata
from functools import lru_cache

from archive.text import fold

__all__ = (
    "find_forms",
    "fold_with_offsets",
    "is_boundary",
    "sentence_bounds",
    "sentence_spans",
    "sentences_naming",
)

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


def is_boundary(folded, index):
    return index < 0 or index >= len(folded) or not folded[index].isalnum()


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
            if is_boundary(folded, first - 1) and is_boundary(folded, last + 1):
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
