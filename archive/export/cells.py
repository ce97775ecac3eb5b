"""
Values as cells: CSV text as Table Schema reads it, kept from running as a spreadsheet formula,
and JSON values. The API's CSV (`archive/api/renderers.py`) writes its cells by the same rules,
so that a cell means one thing in both.
"""

import datetime
from decimal import Decimal

UTC = datetime.timezone.utc
LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """A text cell a spreadsheet will show as text, never run as a formula (as OWASP advises)."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def iso_text(value):
    """Dates, times and moments (in UTC, to the second) as ISO 8601 text."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def csv_cell(value):
    """A value as CSV text as Table Schema reads it; text is kept from running as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (datetime.date, datetime.time)):
        return iso_text(value)
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(value))
    return neutralise(str(value))


def json_value(value):
    """A value as JSON: numbers as numbers, dates as ISO 8601 text, text verbatim."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return iso_text(value)
    if value is not None and not isinstance(value, (bool, int, float, str, list)):
        return str(value)
    return value
