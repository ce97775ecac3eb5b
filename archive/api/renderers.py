"""
CSV for every API list: the same records, filters and pages as the JSON, one row a record.

Columns follow the serializer's fields, so a page with no rows still has its header. A nested
object becomes dotted columns (`source.slug`, `date.edtf`); a list becomes one cell, its items
joined by "; " (an item that is a record is given by its slug). A text cell that a spreadsheet
would run as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading
apostrophe, as OWASP advises against CSV injection.
"""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """A text cell a spreadsheet will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def plain(value):
    """A JSON value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return plain(value.get("slug") or value.get("name"))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(plain(item) for item in value)
    return str(value)


def cell(value):
    if isinstance(value, (bool, int, float)) or value is None:
        return plain(value)
    return neutralise(plain(value))


def columns(serializer):
    """(column name, path into a row) for each field, nested objects spread into columns."""
    result = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            result += [(f"{name}.{column}", (name, *path)) for column, path in columns(field)]
        else:
            result.append((name, (name,)))
    return result


def lookup(row, path):
    for key in path:
        if not isinstance(row, dict):
            return None
        row = row.get(key)
    return row


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        rows = data.get("results", []) if isinstance(data, dict) else (data or [])
        spec = columns(view.get_serializer()) if view is not None else []
        if not spec and rows:
            spec = [(key, (key,)) for key in rows[0]]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([name for name, _path in spec])
        for row in rows:
            writer.writerow([cell(lookup(row, path)) for _name, path in spec])
        return buffer.getvalue().encode(self.charset)
