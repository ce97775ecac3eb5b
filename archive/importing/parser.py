"""
Reading a press text in the forms the archive receives them.

The seed texts show the forms (see DOMAIN.md): an optional " date YYYY-MM-DD" header, with the
title on the same line, on a line of its own, or absent; site chrome to drop ("Go to the main
site"); a separate "22 June 2021, 17:44" date line; a dateline ("BRUSSELS. KAZINFORM -", with a
hyphen or a dash) opening the first paragraph, or none; an "Author:" block followed by a tag
line. The same forms are read in Russian and Kazakh (Kazinform's other editions), and the
"Bruxelles, le 17 octobre 2021" dateline of Belgian federal press releases in French, Dutch and
English (see `printed`). The parser keeps what it finds and leaves the rest empty, listing what
is missing for an editor; it never devises a title or infers a date: a date is read only where
the text prints one in a header, a date line or a dateline.
"""

import re
from dataclasses import dataclass, field
from datetime import date, time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from archive.text import normalise_text

from .printed import AUTHOR_LABEL, agency_dateline, date_line, place_date_dateline

SITE_CHROME = ("Go to the main site",)

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$")
_SENTENCE_END = tuple('.!?»”"')
TITLE_MAX_LENGTH = 300


class MissingPart:
    """What a text may lack, named for the editor (translated when shown: gettext_noop)."""

    TITLE = gettext_noop("no title")
    DATE = gettext_noop("no date")
    DATELINE = gettext_noop("no dateline")


@dataclass
class ParsedText:
    title: str = ""
    published_date: date | None = None
    published_time: time | None = None
    dateline: str = ""
    dateline_place: str = ""
    dateline_agency: str = ""
    body: str = ""
    bylines: list[str] = field(default_factory=list)
    source_tags: str = ""
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def date_edtf(self):
        return self.published_date.isoformat() if self.published_date else ""

    def take_printed_date(self, printed):
        """A date the text prints; one that differs from a date already read is flagged."""
        if printed.unreadable:
            self.warnings.append(_("unreadable date: “%s”") % printed.text)
            return
        if self.published_date is None:
            self.published_date = printed.day
        elif printed.day != self.published_date:
            self.warnings.append(
                _("the date “%(printed)s” differs from the date read before it (%(date)s)")
                % {"printed": printed.text, "date": self.published_date}
            )
        if printed.time is not None and self.published_time is None:
            self.published_time = printed.time


def normalise_original(text):
    """Strip a byte-order mark; \\n line ends and Unicode NFC, as all curated text is kept."""
    return normalise_text(text.lstrip("\ufeff"))


def _paragraphs(lines):
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _strip_chrome(text):
    for chrome in SITE_CHROME:
        text = text.replace(chrome, "")
    return text.strip()


def _looks_like_title(paragraph):
    return (
        len(paragraph) <= TITLE_MAX_LENGTH
        and not paragraph.endswith(_SENTENCE_END)
        and date_line(paragraph) is None
        and agency_dateline(paragraph) is None
        and place_date_dateline(paragraph) is None
    )


def _take_date_line(parsed, paragraphs):
    """A paragraph that is only a date (and a time): "22 June 2021, 17:44", "17.10.2021 14:05"."""
    if paragraphs and (printed := date_line(paragraphs[0])):
        paragraphs.pop(0)
        parsed.take_printed_date(printed)
        return True
    return False


_AFTER_DATELINE = " .–—-:"


def _is_whole(paragraph, found):
    """Whether the dateline `found` is all of `paragraph` (a line of its own)."""
    return not paragraph[found.end() :].strip(_AFTER_DATELINE)


def _take_dateline(parsed, paragraphs):
    """
    The dateline opening the text proper: "BRUSSELS. KAZINFORM -" before its first sentence, or
    "Bruxelles, le 17 octobre 2021" on a line of its own or before the first sentence.
    """
    if not paragraphs:
        return False
    if found := agency_dateline(paragraphs[0]):
        parsed.dateline = found.group(0).strip()
        parsed.dateline_place = found["place"]
        parsed.dateline_agency = found["agency"]
    elif found_and_date := place_date_dateline(paragraphs[0]):
        found, printed = found_and_date
        parsed.dateline = found.group(0).strip()
        parsed.dateline_place = found["place"]
        parsed.take_printed_date(printed)
    else:
        return False
    rest = paragraphs[0][found.end() :].lstrip(_AFTER_DATELINE)
    if rest:
        paragraphs[0] = rest
    else:
        paragraphs.pop(0)
    return True


def parse_press_text(text):
    """Split a raw press text into its parts. `text` is the decoded original."""
    parsed = ParsedText()
    lines = [line.strip() for line in normalise_original(text).split("\n")]
    paragraphs = _paragraphs(lines)

    # The header line: " date 2021-06-22" with whatever follows it on the same line.
    if paragraphs and (header := _HEADER.match(paragraphs[0])):
        try:
            parsed.published_date = date.fromisoformat(header["date"])
        except ValueError:
            parsed.warnings.append(_("unreadable date in the header: %s") % header["date"])
        rest = _strip_chrome(header["rest"])
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    paragraphs = [p for p in (_strip_chrome(p) for p in paragraphs) if p]

    # A date line, or a dateline on a line of its own, may come before the title.
    took_date_line = _take_date_line(parsed, paragraphs)
    leading = place_date_dateline(paragraphs[0]) if paragraphs else None
    took_dateline = bool(leading) and _is_whole(paragraphs[0], leading[0])
    if took_dateline:
        _take_dateline(parsed, paragraphs)

    # A title: the first paragraph, unless it opens with a dateline or reads as prose.
    if len(paragraphs) > 1 and _looks_like_title(paragraphs[0]):
        parsed.title = paragraphs.pop(0)

    if not took_date_line:
        _take_date_line(parsed, paragraphs)
    if not took_dateline:
        _take_dateline(parsed, paragraphs)

    # The byline block, and the tag line that follows it.
    for index, paragraph in enumerate(paragraphs):
        if author := AUTHOR_LABEL.match(paragraph):
            tail = paragraphs[index + 1 :]
            names = author["names"].strip()
            if not names and tail:
                names = tail.pop(0)
            parsed.bylines = [name.strip() for name in names.split(",") if name.strip()]
            parsed.source_tags = " ".join(tail)
            paragraphs = paragraphs[:index]
            break

    parsed.body = "\n\n".join(paragraphs)
    if not parsed.title:
        parsed.missing.append(MissingPart.TITLE)
    if not parsed.published_date:
        parsed.missing.append(MissingPart.DATE)
    if not parsed.dateline:
        parsed.missing.append(MissingPart.DATELINE)
    return parsed
