"""
Reading a press text in the forms the archive receives them.

The seed texts show the forms (see DOMAIN.md): an optional " date YYYY-MM-DD" header, with the
title on the same line, on a line of its own, or absent; site chrome to drop ("Go to the main
site"); a separate "22 June 2021, 17:44" time line; a dateline ("BRUSSELS. KAZINFORM -", with a
hyphen or a dash) opening the first paragraph, or none; an "Author:" block followed by a tag
line. The parser keeps what it finds and leaves the rest empty, listing what is missing for an
editor; it never devises a title or infers a date.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from archive.text import normalise_text

SITE_CHROME = ("Go to the main site",)

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$")
_TIME_LINE = re.compile(
    r"^(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4}),? (?P<time>\d{1,2}:\d{2})$"
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'\- ]*[A-Z])\.\s+(?P<agency>[A-Z][A-Za-z]*[A-Z])\s*(?P<dash>[-–—])\s+"
)
_AUTHOR = re.compile(r"^Author:\s*(?P<names>.*)$")
_SENTENCE_END = tuple('.!?»”"')
TITLE_MAX_LENGTH = 300


class MissingPart:
    TITLE = "no title"
    DATE = "no date"
    DATELINE = "no dateline"


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
    return len(paragraph) <= TITLE_MAX_LENGTH and not paragraph.endswith(_SENTENCE_END)


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
            parsed.warnings.append(f"unreadable date in the header: {header['date']}")
        rest = _strip_chrome(header["rest"])
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    paragraphs = [p for p in (_strip_chrome(p) for p in paragraphs) if p]

    # A title: the first paragraph, unless it opens with a dateline or reads as prose.
    if (
        len(paragraphs) > 1
        and not _DATELINE.match(paragraphs[0])
        and _looks_like_title(paragraphs[0])
    ):
        parsed.title = paragraphs.pop(0)

    # A separate time line: "22 June 2021, 17:44".
    if paragraphs and (time_line := _TIME_LINE.match(paragraphs[0])):
        paragraphs.pop(0)
        hours, minutes = time_line["time"].split(":")
        try:
            parsed.published_time = time(int(hours), int(minutes))
        except ValueError:
            parsed.warnings.append(f"unreadable time: {time_line['time']}")
        try:
            printed = datetime.strptime(
                f"{time_line['day']} {time_line['month']} {time_line['year']}", "%d %B %Y"
            ).date()
        except ValueError:
            printed = None
        if parsed.published_date is None:
            parsed.published_date = printed
        elif printed and printed != parsed.published_date:
            parsed.warnings.append(
                f"the time line's date ({printed}) differs from the header's "
                f"({parsed.published_date})"
            )

    # The dateline opens the first paragraph of the text proper.
    if paragraphs and (dateline := _DATELINE.match(paragraphs[0])):
        parsed.dateline = dateline.group(0).strip()
        parsed.dateline_place = dateline["place"]
        parsed.dateline_agency = dateline["agency"]
        paragraphs[0] = paragraphs[0][dateline.end() :]

    # The byline block, and the tag line that follows it.
    for index, paragraph in enumerate(paragraphs):
        if author := _AUTHOR.match(paragraph):
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
