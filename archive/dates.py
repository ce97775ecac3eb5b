"""
Dates as the archive knows them, in the Library of Congress's Extended Date/Time Format (EDTF).

An article may be dated to the day ("2021-06-22"), to a month ("2021-11"), to a season
("2021-23", autumn), approximately ("2022~"), uncertainly ("2021-06-22?"), as a span
("2005/2021") or only from one side ("[..2021-10-17]", on or before; "[2022-09..]", then or
later). The expression is what the archive asserts; the lower and upper bounds beside it are
derived from it so that records can be sorted and filtered. An open side has no bound (None),
never an invented one.

Parsing and validation are the `edtf` package's; this module only turns its answers into
plain dates and into the words a reader sees.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from edtf import parse_edtf
from edtf.convert import struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

# A month on its own, with its year ("September 2022"): a context of its own, apart from Django's
# month names, which label its calendars and date menus.
MONTHS = (
    pgettext_lazy("a month of a year: September 2022", "January"),
    pgettext_lazy("a month of a year: September 2022", "February"),
    pgettext_lazy("a month of a year: September 2022", "March"),
    pgettext_lazy("a month of a year: September 2022", "April"),
    pgettext_lazy("a month of a year: September 2022", "May"),
    pgettext_lazy("a month of a year: September 2022", "June"),
    pgettext_lazy("a month of a year: September 2022", "July"),
    pgettext_lazy("a month of a year: September 2022", "August"),
    pgettext_lazy("a month of a year: September 2022", "September"),
    pgettext_lazy("a month of a year: September 2022", "October"),
    pgettext_lazy("a month of a year: September 2022", "November"),
    pgettext_lazy("a month of a year: September 2022", "December"),
)
# A month within a day's date takes another form in some languages (Russian "17 октября", not
# "17 октябрь"), so each has its own entry for translators.
MONTHS_IN_A_DAY = (
    pgettext_lazy("month in a day's date: 17 October 2021", "January"),
    pgettext_lazy("month in a day's date: 17 October 2021", "February"),
    pgettext_lazy("month in a day's date: 17 October 2021", "March"),
    pgettext_lazy("month in a day's date: 17 October 2021", "April"),
    pgettext_lazy("month in a day's date: 17 October 2021", "May"),
    pgettext_lazy("month in a day's date: 17 October 2021", "June"),
    pgettext_lazy("month in a day's date: 17 October 2021", "July"),
    pgettext_lazy("month in a day's date: 17 October 2021", "August"),
    pgettext_lazy("month in a day's date: 17 October 2021", "September"),
    pgettext_lazy("month in a day's date: 17 October 2021", "October"),
    pgettext_lazy("month in a day's date: 17 October 2021", "November"),
    pgettext_lazy("month in a day's date: 17 October 2021", "December"),
)
SEASONS = {21: _("spring"), 22: _("summer"), 23: _("autumn"), 24: _("winter")}

_SIMPLE_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@dataclass(frozen=True)
class Bounds:
    lower: date | None
    upper: date | None

    @property
    def sort_key(self):
        """The lower bound, or the upper one when only that is known."""
        return self.lower or self.upper


def parse(expression):
    """Parse an EDTF expression, raising ValidationError with a message an editor can act on."""
    try:
        parsed = parse_edtf(expression)
    except (EDTFParseException, ValueError, TypeError) as error:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid EDTF date. Examples: 2021-06-22 (a day), "
                "2021-11 (a month), 2021-23 (autumn 2021), 2022~ (about 2022), "
                "2005/2021 (a span), [..2021-10-17] (on or before)."
            ),
            code="invalid_edtf",
            params={"value": expression},
        ) from error
    try:
        # Some expressions parse but name no real date (e.g. "XXXX"); reject them here.
        bounds_of(parsed)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValidationError(
            _("“%(value)s” does not name a date the archive can place in time."),
            code="invalid_edtf",
            params={"value": expression},
        ) from error
    return parsed


def validate_edtf(value):
    """Field validator: an empty value means "date unknown" and is allowed."""
    if value:
        parse(value)


def _to_date(struct):
    if isinstance(struct, float):  # the library's ±infinity for an open side
        return None
    return struct_time_to_date(struct)


def bounds_of(parsed):
    return Bounds(_to_date(parsed.lower_strict()), _to_date(parsed.upper_strict()))


def _simple_bounds(expression):
    """Bounds of a plain year, month or day without the full parser (which is slow)."""
    match = _SIMPLE_DATE.match(expression)
    if not match or not int(match["year"]) >= 1:
        return None
    year = int(match["year"])
    if match["month"] is None:
        return Bounds(date(year, 1, 1), date(year, 12, 31))
    month = int(match["month"])
    if not 1 <= month <= 12:
        return None  # seasons and the like: leave them to the parser
    if match["day"] is None:
        return Bounds(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    try:
        day = date(year, month, int(match["day"]))
    except ValueError:
        return None  # let the parser explain what is wrong
    return Bounds(day, day)


def edtf_bounds(expression):
    """Bounds of an expression; both None when the date is unknown (empty expression)."""
    if not expression:
        return Bounds(None, None)
    return _simple_bounds(expression) or bounds_of(parse(expression))


def _simple_label(text):
    """Words for a single date of year, month or day precision, or a season."""
    match = _SIMPLE_DATE.match(text)
    if not match:
        return None
    year = match["year"].lstrip("0") or "0"
    month = int(match["month"]) if match["month"] else None
    if month is None:
        return year
    if month in SEASONS:
        return pgettext("a season of a year: autumn 2021", "%(season)s %(year)s") % {
            "season": SEASONS[month],
            "year": year,
        }
    if not 1 <= month <= 12:
        return None
    if match["day"]:
        return pgettext("a day's date: 17 October 2021", "%(day)s %(month)s %(year)s") % {
            "day": int(match["day"]),
            "month": MONTHS_IN_A_DAY[month - 1],
            "year": year,
        }
    return pgettext("a month of a year: September 2022", "%(month)s %(year)s") % {
        "month": MONTHS[month - 1],
        "year": year,
    }


def _point_label(text):
    """A single date, with EDTF's qualifiers put into words."""
    qualifier = text[-1] if text and text[-1] in "?~%" else ""
    core = text[:-1] if qualifier else text
    label = _simple_label(core)
    if label is None:
        return None
    if qualifier == "~":
        return _("c. %(date)s") % {"date": label}
    if qualifier == "?":
        return _("%(date)s (uncertain)") % {"date": label}
    if qualifier == "%":
        return _("c. %(date)s (uncertain)") % {"date": label}
    return label


def edtf_label(expression):
    """
    The date as a reader should see it: "22 June 2021", "November 2021", "autumn 2021",
    "c. 2022", "2005 – 2021", "on or before 17 October 2021". Anything more exotic is shown
    as the EDTF expression itself rather than guessed at.
    """
    if not expression:
        return str(_("date unknown"))
    text = expression.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        if inner.startswith("..") and "," not in inner:
            label = _point_label(inner[2:])
            if label:
                return str(_("on or before %(date)s") % {"date": label})
        if inner.endswith("..") and "," not in inner:
            label = _point_label(inner[:-2])
            if label:
                return str(_("%(date)s or later") % {"date": label})
        return text
    if "/" in text:
        start, _sep, end = text.partition("/")
        start_label = _point_label(start) if start not in ("", "..") else None
        end_label = _point_label(end) if end not in ("", "..") else None
        if start_label and end_label:
            return f"{start_label} – {end_label}"
        if start_label and end == "..":
            return str(_("from %(date)s onwards") % {"date": start_label})
        if start_label and end == "":
            return str(_("from %(date)s (end unknown)") % {"date": start_label})
        if end_label and start == "..":
            return str(_("until %(date)s") % {"date": end_label})
        if end_label and start == "":
            return str(_("until %(date)s (start unknown)") % {"date": end_label})
        return text
    return str(_point_label(text) or text)
