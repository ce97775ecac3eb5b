"""
How the sources print dates, datelines and bylines, in the archive's five languages.

Kazinform prints its English, Russian and Kazakh editions alike: a dateline of the city in
capitals and the agency ("BRUSSELS. KAZINFORM -", "БРЮССЕЛЬ. KAZINFORM –", "АСТАНА. KAZINFORM
–"), a date line under the title ("22 June 2021, 17:44", "17 октября 2021, 14:05",
"17.10.2021 14:05", "2021 жылғы 17 қазан"), and an "Author:" block ("Автор:"). Belgian federal
press releases open with the city and the date instead ("Bruxelles, le 17 octobre 2021",
"Brussel, 17 oktober 2021"). Month names are matched folded (archive.text.fold), so case and
accents do not matter ("Février", "fevrier"); only whole day-month-year dates are read, never a
month or a year alone, and a date that does not exist (31 February) is refused, not corrected.
"""

import re
from datetime import date, time

from archive.text import fold

__all__ = (
    "AUTHOR_LABEL",
    "MONTHS",
    "PrintedDate",
    "agency_dateline",
    "date_line",
    "place_date_dateline",
)

# Each month's names, folded, in English, Russian (the genitive of a date, and the nominative),
# Kazakh, French and Dutch.
_MONTH_NAMES = (
    "january января январь қаңтар janvier januari",
    "february февраля февраль ақпан fevrier februari",
    "march марта март наурыз mars maart",
    "april апреля апрель сәуір avril april",
    "may мая май мамыр mai mei",
    "june июня июнь маусым juin juni",
    "july июля июль шілде juillet juli",
    "august августа август тамыз aout augustus",
    "september сентября сентябрь қыркүйек septembre september",
    "october октября октябрь қазан octobre oktober",
    "november ноября ноябрь қараша novembre november",
    "december декабря декабрь желтоқсан decembre december",
)
MONTHS = {
    fold(name): number
    for number, names in enumerate(_MONTH_NAMES, start=1)
    for name in names.split()
}

_DAY = r"(?P<day>\d{1,2})(?:er|-?го)?"  # "1er octobre", "1-го"
_MONTH = r"(?P<month>[^\W\d_]+)"
_YEAR = r"(?P<year>\d{4})"
_RUSSIAN_YEAR = r"(?:\s*(?:г\.|года))?"  # "17 октября 2021 г.", "2021 года"
_DATE_FORMS = (
    rf"{_DAY}\s+{_MONTH}\s+{_YEAR}{_RUSSIAN_YEAR}",  # 17 October 2021, 17 октября 2021
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # October 17, 2021
    rf"{_YEAR}\s+(?:жылғы|ж\.)\s+{_DAY}\s+{_MONTH}",  # 2021 жылғы 17 қазан
    r"(?P<day>\d{1,2})\.(?P<number>\d{1,2})\.(?P<year>\d{4})",  # 17.10.2021
)
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})"
# A paragraph that is only a date, with the time of day it may give ("22 June 2021, 17:44").
_DATE_LINES = [
    re.compile(rf"^{form}(?:,?\s+(?:в\s+|à\s+|om\s+)?{_TIME})?$") for form in _DATE_FORMS
]
# "BRUSSELS. KAZINFORM -": a place in capitals, a full stop, the agency and a dash.
_LETTER = r"[^\W\d_]"  # a letter of any script
_AGENCY_DATELINE = re.compile(
    rf"^(?P<place>{_LETTER}(?:{_LETTER}|[’'\- ])*{_LETTER})\.\s+(?P<agency>{_LETTER}+)\s*"
    r"(?P<dash>[-–—])\s+"
)
# "Bruxelles, le 17 octobre 2021": a place of one to four words, a comma and a date, ending
# the paragraph or followed by a dash, a colon or a full stop.
_WORD = rf"{_LETTER}(?:{_LETTER}|[’'\-])*"
_PLACE = rf"(?P<place>{_WORD}(?: {_WORD}){{0,3}})"
_PLACE_DATE_DATELINES = [
    re.compile(rf"^{_PLACE},\s+(?:le\s+|den\s+)?{form}(?=$|\s*[-–—:]\s|\.(?:\s|$))")
    for form in _DATE_FORMS[:3]
]
# The label of the byline block: English, Russian and Kazakh (Kazinform), French, Dutch.
AUTHOR_LABEL = re.compile(
    r"^(?:Authors?|Автор|Авторы|Авторлар|Auteurs?|Auteur\(s\))\s*:\s*(?P<names>.*)$",
    re.IGNORECASE,
)


_DATE_PARTS = ("day", "month", "number", "year", "hour", "minute")


class PrintedDate:
    """A day the text prints, or why it could not be read; with the time of day if given."""

    def __init__(self, found):
        # The words of the date (and time), without the place of a dateline around them.
        spans = [found.span(name) for name in _DATE_PARTS if found.groupdict().get(name)]
        self.text = found.string[min(start for start, _end in spans) : max(e for _s, e in spans)]
        self.day = self.time = None
        self.unreadable = False
        parts = found.groupdict()
        month = parts.get("number") or MONTHS.get(fold(parts.get("month") or ""))
        if month is None:
            self.unreadable = True
            return
        try:
            self.day = date(int(parts["year"]), int(month), int(parts["day"]))
            if parts.get("hour") is not None:
                self.time = time(int(parts["hour"]), int(parts["minute"]))
        except ValueError:
            self.day = self.time = None
            self.unreadable = True


def _is_a_month(found):
    parts = found.groupdict()
    return bool(parts.get("number")) or fold(parts.get("month") or "") in MONTHS


def date_line(paragraph):
    """The PrintedDate of a paragraph that is only a date (and a time), else None."""
    for pattern in _DATE_LINES:
        if (found := pattern.match(paragraph)) and _is_a_month(found):
            return PrintedDate(found)
    return None


def agency_dateline(paragraph):
    """The match of "PLACE. AGENCY -" opening `paragraph`: the place in capitals, else None."""
    found = _AGENCY_DATELINE.match(paragraph)
    if not found:
        return None
    agency = found["agency"]
    if not (found["place"].isupper() and agency[0].isupper() and agency[-1].isupper()):
        return None
    return found


def place_date_dateline(paragraph):
    """(match, PrintedDate) of "Place, date" opening `paragraph`, else None."""
    for pattern in _PLACE_DATE_DATELINES:
        found = pattern.match(paragraph)
        if found and found["place"][0].isupper() and _is_a_month(found):
            return found, PrintedDate(found)
    return None
