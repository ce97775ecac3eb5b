"""
Linking an article's body to the records it mentions.

Editors record, for each person, organisation and place an article mentions, the exact words
the text uses for it (`surface_forms`). The reader sees those words as links to the record's
page. The rules:

- Only whole words match: "Kazakhstan" links in "Kazakhstan’s" but not inside "Kazakhstani",
  and "UN" does not link inside "UNAMA".
- Longest match first, never overlapping: "OSCE Parliamentary Assembly" wins over "OSCE".
- Each record is linked once, at its first mention, so that the text stays readable.
- Words that editors gave for two different records ("Committees on Foreign Affairs and
  Constitutional Development" names two committees) are left unlinked rather than pointing at
  one of them only; the side panel lists both.
- The text is escaped piece by piece with Django's own utilities, so markup in a body
  (`<script>`, `" onmouseover=`) shows as text and never runs.
"""

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class LinkTarget:
    """A record the text may link to: where it lives and what kind of record it is."""

    url: str
    kind: str  # "person", "organisation" or "place": a CSS hook and a hint for readers
    label: str  # the record's own name


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    target: LinkTarget | None  # None when the same words name more than one record

    @property
    def length(self):
        return self.end - self.start


def paragraphs(body):
    """The body's paragraphs: blank lines separate them."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(body.strip()) if part.strip()]


def _form_pattern(form):
    return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")


def find_matches(text, forms):
    """
    Non-overlapping matches of the surface forms in `text`, longest first.

    `forms` maps each surface form to the set of targets it names.
    """
    candidates = []
    for form, targets in forms.items():
        target = next(iter(targets)) if len(targets) == 1 else None
        candidates.extend(
            Match(found.start(), found.end(), target)
            for found in _form_pattern(form).finditer(text)
        )
    candidates.sort(key=lambda match: (-match.length, match.start))
    chosen = []
    for candidate in candidates:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda match: match.start)


def link_paragraphs(body, mentions):
    """
    The body as a list of safe HTML paragraphs (without the <p> tags) with mentions linked.

    `mentions` is an iterable of (surface_forms, LinkTarget) pairs.
    """
    forms = {}
    for surface_forms, target in mentions:
        for form in surface_forms or ():
            if form:
                forms.setdefault(form, set()).add(target)
    linked_already = set()
    result = []
    for text in paragraphs(body):
        pieces, position = [], 0
        for match in find_matches(text, forms):
            pieces.append(conditional_escape(text[position : match.start]))
            words = text[match.start : match.end]
            if match.target is None or match.target in linked_already:
                pieces.append(conditional_escape(words))
            else:
                linked_already.add(match.target)
                pieces.append(
                    format_html(
                        '<a href="{}" class="mention mention-{}">{}</a>',
                        match.target.url,
                        match.target.kind,
                        words,
                    )
                )
            position = match.end
        pieces.append(conditional_escape(text[position:]))
        result.append(mark_safe("".join(pieces)))
    return result
