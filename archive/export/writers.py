"""
Writing the package: one CSV and one JSON Lines file per table, and `datapackage.json`; the
same records as Popolo JSON in `popolo.json`; and the archive as RDF (`rdf/dump.nt.gz` and its
VoID description `rdf/void.ttl`, see archive/rdf/dump.py). `datapackage.json` stays a tabular
data package, which lists tables only: the RDF files are described by the VoID file, as RDF
tools expect, and Popolo by its own standard.
"""

import csv
import json
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone
from frictionless import Package

from .. import popolo
from ..rdf.dump import DUMP_NAME, VOID_NAME, void_description, write_dump
from .cells import csv_cell, iso_text, json_value
from .schema import DATA_DIR, PACKAGE_NAME, RDF_DIR
from .tables import TABLES


def table_rows(table):
    for record in table.records().iterator(chunk_size=500):
        yield [column.value(record) for column in table.columns]


def describe_package(created, counts):
    resources = []
    for table in TABLES:
        common = {"title": table.title, "description": table.description, "encoding": "utf-8"}
        resources.append(
            {
                "name": table.name,
                "path": f"{DATA_DIR}/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                **common,
                "schema": table.schema(csv=True),
            }
        )
    for table in TABLES:
        if not counts[table.name]:
            continue  # no JSON Lines copy of a table without rows (see write_package)
        resources.append(
            {
                "name": f"{table.name}-jsonl",
                "path": f"{DATA_DIR}/{table.name}.jsonl",
                "profile": "tabular-data-resource",
                "format": "jsonl",
                "mediatype": "application/jsonl",
                "title": f"{table.title} (JSON Lines)",
                "description": f"The rows of `{table.name}`, one JSON object a line, typed.",
                "encoding": "utf-8",
                "schema": {
                    key: value for key, value in table.schema().items() if key != "foreignKeys"
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Kazakhstan–Belgium Relations Archive",
        "description": (
            "The published part of the archive: news reports kept verbatim with their "
            "provenance, and the people, organisations, places, events, roles and statistics "
            "drawn from them, each fact with its source article and verbatim quote. Dates are "
            "EDTF expressions with derived bounds. Every table comes as CSV and as JSON Lines. "
            "In the CSV files a text cell that a spreadsheet would run as a formula (starting "
            "with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe; the "
            'JSON Lines keep it verbatim. A list is one CSV cell, its items joined by "; " '
            "(as in the API's CSV); the JSON Lines keep it a list. A column has the name it "
            "has in the API's CSV lists (a statistic's number is `id` here, `slug` there). A "
            "table with no rows has no JSON Lines copy: its CSV file, a header alone, names "
            "its columns. `popolo.json` beside this file gives the people, organisations, "
            "roles (as memberships), events and places in the Popolo standard "
            "(popoloproject.com) that parliamentary-monitoring tools read; it is one JSON "
            "document, not a table, so it is not one of the resources listed here."
        ),
        "created": iso_text(created),
        "resources": resources,
    }


def write_package(directory):
    """Write the package into `directory` (created if missing); return rows written per table."""
    directory = Path(directory)
    (directory / DATA_DIR).mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        names = [column.name for column in table.columns]
        count = 0
        with (
            open(
                directory / DATA_DIR / f"{table.name}.csv", "w", newline="", encoding="utf-8"
            ) as csv_file,
            open(directory / DATA_DIR / f"{table.name}.jsonl", "w", encoding="utf-8") as jsonl,
        ):
            writer = csv.writer(csv_file, lineterminator="\r\n")
            writer.writerow(names)
            for row in table_rows(table):
                writer.writerow([csv_cell(value) for value in row])
                record = {name: json_value(value) for name, value in zip(names, row, strict=True)}
                jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        if not count:
            # An empty JSON Lines file says nothing of its columns, and Frictionless cannot
            # read it as a table (it takes the columns from the first line): the CSV's header
            # alone describes an empty table.
            (directory / DATA_DIR / f"{table.name}.jsonl").unlink()
        counts[table.name] = count
    (directory / RDF_DIR).mkdir(exist_ok=True)
    triples, records = write_dump(directory / RDF_DIR / DUMP_NAME)
    void_description(triples, records).serialize(
        directory / RDF_DIR / VOID_NAME, format="turtle", encoding="utf-8"
    )
    descriptor = describe_package(timezone.now(), counts)
    # Frictionless checks the descriptor against the Data Package profile as it writes it, so
    # a package it would not read is never written.
    Package.from_descriptor(descriptor).to_json(str(directory / "datapackage.json"))
    with open(directory / popolo.FILE_NAME, "w", encoding="utf-8") as file:
        popolo.write(file)
    return counts


def write_zip(path):
    with tempfile.TemporaryDirectory() as folder:
        write_package(folder)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(Path(folder).rglob("*")):
                if file.is_file():
                    archive.write(file, f"{PACKAGE_NAME}/{file.relative_to(folder)}")
