"""
The bulk export: the whole published archive as a Frictionless Tabular Data Package.

`write_package(directory)` writes one CSV file per table under `data/`, the same rows as JSON
Lines beside them, and a `datapackage.json` describing every column, primary key and foreign
key, so that tools (frictionless, pandas, R, a spreadsheet) can load and check the data without
reading this code. Only what the public may see is exported: published articles, the facts
resting on them, and the events they report; people, organisations, places, topics and
indicators as far as the site shows them (`public()`: not those only drafts rest on).

`python manage.py export_archive DIR` writes the package to a folder. `/api/export/` serves it
as a zip that `python manage.py build_export` builds out of band (after changes and on a
schedule: docs/operations.md), never a request: at tens of thousands of articles a build takes
longer than a worker may spend on one request. The command rebuilds only when the data version
changed since the last build: a generation that every save or delete of an archive record renews
once its transaction commits, and a digest of the published articles' ids and update times,
which also catches bulk publishing and withdrawing (`QuerySet.update()` sends no signals). A
build is written beside the served zip and swapped in whole (`os.replace()`), so the endpoint
serves either the previous package or the new one, never a part of one; until a first build
exists it answers 503 with `Retry-After`.
"""

import csv
import datetime
import fcntl
import hashlib
import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import dates
from .api.renderers import LIST_SEPARATOR, neutralise
from .backup import consistent_snapshot
from .models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    Topic,
    reported_publicly,
)

PACKAGE_NAME = "kzbe-archive"
UTC = datetime.timezone.utc
DATA_DIR = "data"


# --- Describing the tables --------------------------------------------------------------------


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
        return {"fields": self.column, "reference": {"resource": self.resource, "fields": self.key}}


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


def alias_table(name, owner, model, resource):
    return Table(
        name=name,
        title=f"Other names of {resource}",
        description="Names a record is also known by: forms the texts use, former names, "
        "spellings in other languages.",
        records=lambda: (
            model.objects.filter(
                **{f"{owner}__in": model._meta.get_field(owner).related_model.objects.public()}
            )
            .select_related(owner)
            .order_by(f"{owner}__slug", "name")
        ),
        columns=(
            slug_column(owner, f"The {owner} (slug).", required=True),
            Column("name", required=True),
            Column("language", description="BCP 47 tag, if known."),
            Column("script", description="ISO 15924 code, if known."),
            Column("note"),
        ),
        primary_key=(owner, "name"),
        foreign_keys=(ForeignKey(owner, resource),),
    )


def mention_table(name, entity, model, resource):
    return Table(
        name=name,
        title=f"{resource.capitalize()} mentioned in articles",
        description="That a published article names the record, with the exact words it uses.",
        records=lambda: (
            model.objects.filter(article__status=Article.Status.PUBLISHED)
            .select_related("article", entity)
            .order_by("article__slug", f"{entity}__slug")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column(entity, f"The {entity} (slug).", required=True),
            Column(
                "surface_forms",
                "array",
                'The exact strings the text uses (in CSV joined by "; ", in JSON Lines a list).',
            ),
        ),
        primary_key=("article", entity),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey(entity, resource)),
    )


def published_articles():
    return Article.objects.published().select_related("dateline_place", "source", "relayed_from")


TABLES = (
    Table(
        name="topics",
        title="Topics",
        description="The archive's subject headings.",
        records=lambda: Topic.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("description", description="Scope note."),
        ),
    ),
    Table(
        name="places",
        title="Places",
        description="Cities, regions and countries; one record whatever they were called.",
        records=lambda: Place.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("kind", enum=choices(Place.Kind)),
            Column(
                "country", description="ISO 3166-1 alpha-2 code.", compute=lambda r: r.country.code
            ),
            Column("description"),
            Column("wikidata_id"),
        ),
    ),
    alias_table("place_aliases", "place", PlaceAlias, "places"),
    Table(
        name="people",
        title="People",
        description="People the texts name. Titles are not here: they are dated, in roles.",
        records=lambda: Person.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("sort_name", description="Surname first."),
            Column(
                "country",
                description="ISO 3166-1 alpha-2: the country they act for.",
                compute=lambda r: r.country.code,
            ),
            Column("description"),
            Column("wikidata_id"),
        ),
    ),
    alias_table("person_aliases", "person", PersonAlias, "people"),
    Table(
        name="organisations",
        title="Organisations",
        description="States, parliaments and their chambers and committees, ministries, "
        "agencies, parties, news agencies; `parent` is the body one sits inside.",
        records=lambda: Organisation.objects.public().select_related("parent").order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("acronym"),
            Column("kind", enum=choices(Organisation.Kind)),
            Column(
                "country",
                description="ISO 3166-1 alpha-2; empty for an international body.",
                compute=lambda r: r.country.code,
            ),
            slug_column("parent", "The body this one sits inside (slug)."),
            Column("description"),
            Column("wikidata_id"),
        ),
        foreign_keys=(ForeignKey("parent", ""),),
    ),
    alias_table("organisation_aliases", "organisation", OrganisationAlias, "organisations"),
    Table(
        name="indicators",
        title="Indicators",
        description="Measures that figures are reported for.",
        records=lambda: Indicator.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("description", description="Definition."),
        ),
    ),
    Table(
        name="articles",
        title="Articles",
        description="Published news reports: the clean text readers see and quotes are checked "
        "against, and the original exactly as received, with its provenance.",
        records=lambda: published_articles().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("title", required=True),
            Column("title_is_devised", "boolean", "The source has no title; an editor wrote it."),
            Column("display_title", description="The title, in [brackets] when devised."),
            *date_columns(),
            *INFERRED_DATE_COLUMNS,
            Column("published_time", "time", "Time of day as printed (time zone not stated)."),
            Column("dateline", description="As printed."),
            slug_column("dateline_place", "The dateline's place (slug)."),
            slug_column("source", "The publisher (organisation slug)."),
            slug_column("relayed_from", "The body whose information it passes on (slug)."),
            Column("attribution", description="The text's own words naming its source."),
            Column("language", description="BCP 47 tag."),
            Column("original_url"),
            Column("source_tags", description="The tag line printed by the source."),
            Column("body", description="Clean text; paragraphs separated by blank lines."),
            Column("raw_text", description="The original text, verbatim."),
            Column("original_filename"),
            Column("raw_sha256", description="SHA-256 of the original."),
            Column("imported_at", "datetime"),
            Column("updated_at", "datetime"),
        ),
        foreign_keys=(
            ForeignKey("dateline_place", "places"),
            ForeignKey("source", "organisations"),
            ForeignKey("relayed_from", "organisations"),
        ),
    ),
    Table(
        name="article_topics",
        title="Topics of articles",
        description="Which topics each published article is filed under.",
        records=lambda: (
            Article.topics.through.objects.filter(article__status=Article.Status.PUBLISHED)
            .select_related("article", "topic")
            .order_by("article__slug", "topic__slug")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column("topic", "The topic (slug).", required=True),
        ),
        primary_key=("article", "topic"),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey("topic", "topics")),
    ),
    Table(
        name="authorships",
        title="Authors of articles",
        description="Authors, with the byline exactly as printed.",
        records=lambda: (
            Authorship.objects.filter(article__status=Article.Status.PUBLISHED)
            .select_related("article", "person")
            .order_by("article__slug", "position", "id")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column("person", "The author (slug).", required=True),
            Column("byline", description="As printed."),
            Column("position", "integer", "Order among the authors, from 1."),
        ),
        primary_key=("article", "person"),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey("person", "people")),
    ),
    mention_table("person_mentions", "person", PersonMention, "people"),
    mention_table("organisation_mentions", "organisation", OrganisationMention, "organisations"),
    mention_table("place_mentions", "place", PlaceMention, "places"),
    Table(
        name="roles",
        title="Roles",
        description="One attestation that a person held a title at an organisation, as of a "
        "date, as one published article reports it, with its verbatim quote.",
        records=lambda: (
            Role.objects.public().select_related("person", "organisation", "article").order_by("id")
        ),
        columns=(
            Column("id", "integer", "The role's permanent number.", required=True),
            slug_column("person", "The person (slug).", required=True),
            Column("title", required=True),
            slug_column("organisation", "The organisation (slug).", required=True),
            *date_columns(label=lambda role: str(role.date_label)),
            *INFERRED_DATE_COLUMNS,
            slug_column("article", "The source article (slug).", required=True),
            Column("quote", description="The source's exact words."),
        ),
        primary_key=("id",),
        foreign_keys=(
            ForeignKey("person", "people"),
            ForeignKey("organisation", "organisations"),
            ForeignKey("article", "articles"),
        ),
    ),
    Table(
        name="events",
        title="Events",
        description="Meetings, visits, sessions, anniversaries… reported by at least one "
        "published article; one record however many articles report it.",
        records=lambda: Event.objects.public().select_related("place").order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("title", required=True),
            Column("kind", enum=choices(Event.Kind)),
            Column("status", enum=choices(Event.Status)),
            *date_columns(),
            *INFERRED_DATE_COLUMNS,
            slug_column("place", "Where it happened (slug)."),
            Column("description"),
        ),
        foreign_keys=(ForeignKey("place", "places"),),
    ),
    Table(
        name="event_topics",
        title="Topics of events",
        description="Which topics each event is filed under.",
        records=lambda: (
            Event.topics.through.objects.filter(reported_publicly("event"))
            .select_related("event", "topic")
            .order_by("event__slug", "topic__slug")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            slug_column("topic", "The topic (slug).", required=True),
        ),
        primary_key=("event", "topic"),
        foreign_keys=(ForeignKey("event", "events"), ForeignKey("topic", "topics")),
    ),
    Table(
        name="event_participants",
        title="Participants in events",
        description="A person or an organisation (never both) taking part in an event.",
        records=lambda: (
            EventParticipant.objects.filter(reported_publicly("event"))
            .select_related("event", "person", "organisation")
            .order_by("event__slug", "part", "id")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            Column("part", enum=choices(EventParticipant.Part)),
            slug_column("person", "The person (slug), or empty."),
            slug_column("organisation", "The organisation (slug), or empty."),
        ),
        primary_key=(),
        foreign_keys=(
            ForeignKey("event", "events"),
            ForeignKey("person", "people"),
            ForeignKey("organisation", "organisations"),
        ),
    ),
    Table(
        name="event_reports",
        title="Reports of events",
        description="A published article reporting an event, with the words it uses.",
        records=lambda: (
            EventReport.objects.public()
            .select_related("event", "article")
            .order_by("event__slug", "article__slug")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            slug_column("article", "The article (slug).", required=True),
            Column("quote", description="The article's exact words."),
        ),
        primary_key=("event", "article"),
        foreign_keys=(ForeignKey("event", "events"), ForeignKey("article", "articles")),
    ),
    Table(
        name="statistics",
        title="Statistics",
        description="One figure as one published source reports it, hedge and all: value as "
        "stated with its scale (a power of ten), unit, qualifier, period and direction.",
        records=lambda: (
            Statistic.objects.public().select_related("indicator", "article").order_by("id")
        ),
        columns=(
            Column("id", "integer", "The figure's permanent number.", required=True),
            slug_column("indicator", "The indicator (slug).", required=True),
            Column("value", "number", "As stated, e.g. 9.96 for “9.96 billion”.", required=True),
            Column("scale", "integer", "Power of ten: 0, 3, 6 or 9.", enum=(0, 3, 6, 9)),
            Column("absolute_value", "number", "value × 10^scale."),
            Column("unit", description="ISO 4217 code for money, otherwise a plural noun."),
            Column("qualifier", enum=choices(Statistic.Qualifier)),
            Column("value_label", description="The claim in words."),
            *date_columns("period", label=lambda statistic: statistic.period_label),
            Column("direction", enum=("", *choices(Statistic.Direction))),
            Column(
                "country_a", description="ISO 3166-1 alpha-2.", compute=lambda r: r.country_a.code
            ),
            Column(
                "country_b", description="ISO 3166-1 alpha-2.", compute=lambda r: r.country_b.code
            ),
            slug_column("article", "The source article (slug).", required=True),
            Column("quote", description="The source's exact words."),
            Column("rank", enum=choices(Statistic.Rank)),
            Column("rank_reason"),
        ),
        primary_key=("id",),
        foreign_keys=(ForeignKey("indicator", "indicators"), ForeignKey("article", "articles")),
    ),
)


# --- Writing ----------------------------------------------------------------------------------


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
            "its columns."
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
    descriptor = describe_package(timezone.now(), counts)
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return counts


def write_zip(path):
    with tempfile.TemporaryDirectory() as folder:
        write_package(folder)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(Path(folder).rglob("*")):
                if file.is_file():
                    archive.write(file, f"{PACKAGE_NAME}/{file.relative_to(folder)}")


# --- The built zip behind /api/export/ --------------------------------------------------------

GENERATION_FILE = "generation"
BUILT_NAME = f"{PACKAGE_NAME}.zip"
# The data version the served zip was built from, written after it (a crash in between only
# means that the next scheduled build runs again).
BUILT_VERSION_FILE = f"{PACKAGE_NAME}.version"
LOCK_FILE = "build.lock"
PARTIAL_SUFFIX = ".part"
# What a client is told to wait when no package is built yet: the suggested schedule's interval
# (docs/operations.md).
RETRY_AFTER_SECONDS = 300


class BuildInProgress(Exception):
    """Another process is building the package right now."""


def cache_dir():
    return Path(settings.EXPORT_CACHE_DIR)


def built_path():
    return cache_dir() / BUILT_NAME


def renew_generation():
    """Mark the built export as stale: the next scheduled build makes a new one."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, suffix=".tmp") as file:
        file.write(uuid.uuid4().hex)
    os.replace(file.name, directory / GENERATION_FILE)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def data_changed(sender, **kwargs):
    if sender._meta.app_label == "archive":
        transaction.on_commit(renew_generation)


def data_version():
    """Changes whenever the exported data may have changed (see the module docstring)."""
    try:
        generation = (cache_dir() / GENERATION_FILE).read_text()
    except FileNotFoundError:
        generation = ""
    digest = hashlib.sha256(generation.encode())
    for article_id, updated_at in (
        Article.objects.published().order_by("id").values_list("id", "updated_at")
    ):
        digest.update(f"{article_id}:{updated_at.isoformat()};".encode())
    return digest.hexdigest()[:20]


def built_version():
    """The data version of the zip being served, or None if none was built."""
    if not built_path().exists():
        return None
    try:
        return (cache_dir() / BUILT_VERSION_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


@contextmanager
def build_lock(directory):
    """One build at a time (a cron run overlapping a slow one waits for nothing: it stops)."""
    with open(directory / LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildInProgress(f"Another build holds {directory / LOCK_FILE}.") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_export(force=False):
    """
    Build the zip served at /api/export/, unless the one there is of the current data (or
    `force`). It is written to a temporary file beside the served one and swapped in with
    `os.replace()` only once complete, so a reader always gets a whole package and a build that
    fails or is killed leaves the previous one in place. Returns the zip's path, or None when
    the one there is up to date.
    """
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with build_lock(directory):
        version = data_version()
        if not force and built_version() == version:
            return None
        # Under the lock any partial file is a dead build's (killed mid-way): clear it away.
        for leftover in directory.glob(f"*{PARTIAL_SUFFIX}"):
            leftover.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=directory, prefix=f".{PACKAGE_NAME}-", suffix=PARTIAL_SUFFIX, delete=False
        ) as file:
            partial = Path(file.name)
        try:
            # One snapshot of the database for every table, so foreign keys hold across them.
            with consistent_snapshot():
                write_zip(partial)
            os.chmod(partial, 0o644)
            os.replace(partial, built_path())
        finally:
            partial.unlink(missing_ok=True)
        version_file = directory / BUILT_VERSION_FILE
        version_file.with_suffix(PARTIAL_SUFFIX).write_text(version + "\n")
        os.replace(version_file.with_suffix(PARTIAL_SUFFIX), version_file)
        # Zips named by data version, from before packages were built out of band.
        for stale in directory.glob(f"{PACKAGE_NAME}-*.zip"):
            stale.unlink(missing_ok=True)
    return built_path()


def built_export_response(request):
    """
    The built zip, with its build time as Last-Modified and an ETag made from the file's own
    size and time, so a conditional request is answered without reading the database; or None
    when no package has been built yet. Never builds one.
    """
    try:
        package = open(built_path(), "rb")  # noqa: SIM115 (FileResponse closes it)
    except FileNotFoundError:
        return None
    # The file opened, not the name: a build swapping in a new one meanwhile changes neither.
    status = os.fstat(package.fileno())
    etag = f'"{status.st_mtime_ns:x}-{status.st_size:x}"'
    built_at = int(status.st_mtime)
    not_modified = get_conditional_response(request, etag=etag, last_modified=built_at)
    if not_modified is not None:
        package.close()
        not_modified["ETag"] = etag  # as a 304 should (RFC 9110), and as the schema says
        return not_modified
    response = FileResponse(
        package,
        as_attachment=True,
        filename=BUILT_NAME,
        content_type="application/zip",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    return response
