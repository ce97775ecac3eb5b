"""
The export's tables described as data: each column's Table Schema type, where its value comes
from and what it means, each table's keys. `tables.py` lists the archive's tables in these
terms; `writers.py` writes them, and their schema into `datapackage.json`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import dates

PACKAGE_NAME = "kzbe-archive"
DATA_DIR = "data"
RDF_DIR = "rdf"  # the RDF dump and its VoID description


def attribute(path):
    """Read a dotted attribute path ("source.slug"), None as soon as a link is missing."""

    def read(record):
        value = record
        for part in path.split("."):
            value = getattr(value, part)
            if value is None:
                return None
        return value

    return read


@dataclass(frozen=True)
class Column:
    """One column: its Table Schema type, where its value comes from, what it means."""

    name: str
    type: str = "string"
    description: str = ""
    source: str | None = None
    compute: Callable | None = None
    required: bool = False
    enum: tuple = ()

    def value(self, record):
        if self.compute is not None:
            return self.compute(record)
        return attribute(self.source or self.name)(record)

    def schema(self, csv=False):
        # In CSV a list is one text cell, its items joined by "; " as in the API's CSV.
        type_ = "string" if csv and self.type == "array" else self.type
        described = {"name": self.name, "type": type_}
        if self.type == "datetime":
            described["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if self.description:
            described["description"] = self.description
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class ForeignKey:
    column: str
    resource: str  # "" refers to the same table
    key: str = "slug"

    def schema(self):
        # Lists, as frictionless writes a key (a single name is the same key to a reader).
        return {
            "fields": [self.column],
            "reference": {"resource": self.resource, "fields": [self.key]},
        }


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    records: Callable[[], Iterable]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("slug",)
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    def schema(self, csv=False):
        described = {"fields": [column.schema(csv) for column in self.columns]}
        if self.primary_key:
            described["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            described["foreignKeys"] = [key.schema() for key in self.foreign_keys]
        return described


def slug_column(name, description, **kwargs):
    return Column(name, source=f"{name}.slug", description=description, **kwargs)


def date_columns(prefix="date", label=None):
    """The EDTF expression a record asserts and the bounds and words derived from it."""
    return (
        Column(f"{prefix}_edtf", description="EDTF (Library of Congress); empty when unknown."),
        Column(f"{prefix}_lower", "date", "Earliest possible day; empty when open or unknown."),
        Column(f"{prefix}_upper", "date", "Latest possible day; empty when open or unknown."),
        Column(
            f"{prefix}_sort",
            "date",
            "The day the API sorts by: the earliest possible, or the latest when only that is "
            "known; empty when unknown.",
        ),
        Column(
            f"{prefix}_label",
            description="The date in words.",
            compute=label or (lambda record: dates.edtf_label(getattr(record, f"{prefix}_edtf"))),
        ),
    )


INFERRED_DATE_COLUMNS = (
    Column("date_is_inferred", "boolean", "The source does not state it; an editor worked it out."),
    Column("date_note", description="The evidence for the date."),
)


def choices(enum):
    return tuple(enum.values)
