"""
Finding the names the archive already knows in a text (with the index, see `index`).

Matches must start and end on word boundaries; overlapping matches keep the longest. A derived
form must be capitalised in the text. A form that fits several records of one kind is reported
as ambiguous with all of them, never resolved by guessing. A name the text gives with an
explicit name or alias outranks one derived from a surname. An alias needing context is only
taken for its record when the same sentence names the record's country (its name, a place's
name or alias for it, or its demonym: "Kazakh", "Belgian") or a body it sits inside.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from archive.text import fold

from .forms import case_shape, start_with_honorific
from .index import ACRONYM, PERSON
from .sentences import fold_with_offsets, is_boundary, sentence_bounds

__all__ = ("NameMatch", "find_known_names")


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


def find_known_names(text, index):
    """Every span of `text` that names records the archive knows, longest match first."""
    if index.automaton is None or not text:
        return []
    folded, offsets = fold_with_offsets(text)
    candidates = []
    for last, key in index.automaton.iter(folded):
        first = last - len(key) + 1
        if not (is_boundary(folded, first - 1) and is_boundary(folded, last + 1)):
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
                surface_start = start_with_honorific(text, start)
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


def _entry_fits(entry, original):
    if entry.origin == ACRONYM:
        return case_shape(original) == case_shape(entry.form)
    if entry.is_derived:
        return original[:1].isupper()
    return True
