"""
CSV for every API list: the same records, filters and pages as the JSON, one row a record.

Columns follow the serializer's fields, so a page with no rows still has its header, and are
named as in the bulk export (`archive/export/`), so that a column means one thing in both:

- a record's own date or period is spread into its parts, named as the record's attributes
  (`date_edtf`, `date_lower`, `date_upper`, `date_label`, `date_is_inferred`, `date_note`);
- a related record is one column holding its slug (`source`, `dateline_place`), a country its
  ISO code (`country`);
- a list is one cell, its items joined by "; " (a record by its slug: `topics`), as lists are
  in the export's CSV.

A column's type is the field's, whatever its values: a number or a boolean is written as it is
(`-3.5`, `true`), and any text cell that a spreadsheet would run as a formula (it starts with =,
+, -, @, a tab or a carriage return) gets a leading apostrophe, as OWASP advises against CSV
injection. `?format=csv-excel` gives the same CSV with a UTF-8 byte-order mark, by which Excel
recognises UTF-8 (without it, it reads "Astana – Brussels" as "Astana â€“ Brussels").
"""

import csv
import io
from xml.etree import ElementTree as ET

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from ..export.cells import LIST_SEPARATOR, neutralise

UNQUOTED_FIELDS = (
    serializers.BooleanField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
)


def plain(value):
    """A JSON value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return plain(value.get("slug") or value.get("code") or value.get("name"))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(plain(item) for item in value)
    return str(value)


def columns(serializer):
    """
    (column name, path into a row, whether it is text) for each field: the parts of the
    record's own date or period spread into columns named as its attributes, anything else
    (a related record, a list) one column.
    """
    result = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer) and field.source == "*":
            result += [
                (part.source, (name, part_name), not isinstance(part, UNQUOTED_FIELDS))
                for part_name, part in field.fields.items()
            ]
        else:
            result.append((name, (name,), not isinstance(field, UNQUOTED_FIELDS)))
    return result


def cell(value, is_text):
    return neutralise(plain(value)) if is_text else plain(value)


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
    byte_order_mark = ""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        rows = data.get("results", []) if isinstance(data, dict) else (data or [])
        spec = columns(view.get_serializer()) if view is not None else []
        if not spec and rows:
            spec = [(key, (key,), True) for key in rows[0]]
        return b"".join(self.stream(spec, [rows]))

    def stream(self, spec, row_batches):
        """The CSV as bytes: the header, then a piece for each batch of serialized rows."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write(self.byte_order_mark)
        writer.writerow([name for name, _path, _is_text in spec])
        yield buffer.getvalue().encode(self.charset)
        for rows in row_batches:
            buffer.seek(0)
            buffer.truncate()
            for row in rows:
                writer.writerow([cell(lookup(row, path), is_text) for _name, path, is_text in spec])
            yield buffer.getvalue().encode(self.charset)


class ExcelCSVRenderer(CSVRenderer):
    """The same CSV with a UTF-8 byte-order mark, for Excel (`?format=csv-excel`)."""

    format = "csv-excel"
    byte_order_mark = "\ufeff"


GEXF_NAMESPACE = "http://gexf.net/1.3"


class GEXFRenderer(BaseRenderer):
    """
    The network (archive/network.py, as NetworkSerializer gives it) as GEXF 1.3, the format
    Gephi reads: an undirected graph, each node with its kind and its page, each edge with its
    weight, its kind and how many events and articles make it.
    """

    media_type = "application/gexf+xml"
    format = "gexf"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Element names are fixed here; every value is escaped by ElementTree.
        ET.register_namespace("", GEXF_NAMESPACE)

        def element(parent, tag, **attributes):
            return ET.SubElement(parent, f"{{{GEXF_NAMESPACE}}}{tag}", attributes)

        root = ET.Element(f"{{{GEXF_NAMESPACE}}}gexf", {"version": "1.3"})
        meta = element(root, "meta")
        element(meta, "creator").text = "Kazakhstan–Belgium Relations Archive"
        element(meta, "description").text = (
            "People and bodies linked by the public events they took part in together and by "
            "the published articles naming them together."
        )
        graph = element(root, "graph", defaultedgetype="undirected", mode="static")
        node_attributes = element(graph, "attributes", **{"class": "node"})
        for number, (title, kind) in enumerate((("kind", "string"), ("web_url", "anyURI"))):
            element(node_attributes, "attribute", id=str(number), title=title, type=kind)
        edge_attributes = element(graph, "attributes", **{"class": "edge"})
        for number, (title, kind) in enumerate(
            (("kind", "string"), ("events", "integer"), ("articles", "integer"))
        ):
            element(edge_attributes, "attribute", id=str(number), title=title, type=kind)
        nodes = element(graph, "nodes")
        for node in data["nodes"]:
            item = element(nodes, "node", id=node["id"], label=node["label"])
            values = element(item, "attvalues")
            element(values, "attvalue", **{"for": "0", "value": node["kind"]})
            element(values, "attvalue", **{"for": "1", "value": node["web_url"]})
        edges = element(graph, "edges")
        for number, edge in enumerate(data["edges"]):
            item = element(
                edges,
                "edge",
                id=str(number),
                source=edge["source"],
                target=edge["target"],
                weight=str(edge["weight"]),
            )
            values = element(item, "attvalues")
            element(values, "attvalue", **{"for": "0", "value": edge["kind"]})
            element(values, "attvalue", **{"for": "1", "value": str(edge["events"]["count"])})
            element(values, "attvalue", **{"for": "2", "value": str(edge["articles"]["count"])})
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
