"""
The published archive as Popolo JSON (popoloproject.com, specification 1.0.1), the form
parliamentary-monitoring tools read: one document with `persons`, `organizations`,
`memberships`, `events` and `areas`, as EveryPolitician's `popolo.json` files are.

How the archive maps onto it:

- Ids are the records' slugs, the key the API, the website and the export's tables use, so the
  document joins with them; a membership is a role and takes its permanent number ("12").
  Addresses (`links`, `sources`) are absolute, on `settings.SITE_URL`: the document is written
  out of band, with no request to take a host from.
- A person's, body's or place's other names are its aliases with their language (`lang`, as
  EveryPolitician writes it) and its names in the other languages; `note` says where an
  editor's addition comes from.
- Dates are never made more precise than the archive knows them. A role is an attestation that
  a title was held *as of* a date, not that it began then, so a membership has a `start_date`
  and `end_date` only for a term the archive states as a span; an event has them when its date
  is a plain day, month or year (or a span of them). An inferred, approximate, seasonal or
  open-ended date gives neither. Every dated object also carries the archive's own date:
  `date_edtf`, `date_label` (in words) and `date_is_inferred`.
- Facts cite their sources: a membership its article with the verbatim quote (`quote`, beside
  Popolo's `url` and `note`), an event every published article reporting it. A person's or a
  body's sources are the archive's list of the published articles naming it, one address however
  many there are.
- Places are Popolo areas (a city, a region or a country); an event names its place in
  `location` and, by id, in `area_id`.
- An event's people are Popolo's `attendees`; `participants` lists every person and body taking
  part with its part in it (host, organiser, head of delegation, participant), and
  `organization_id` is its organiser when exactly one body organised it.

Properties Popolo does not define (`lang`, `quote`, `date_edtf`, `date_label`,
`date_is_inferred`, `participants`, `area_id` on events) are allowed by its schemas and listed
in the API's description of /api/popolo/. Only what the public may see is written (`public()`).

The document is written a chunk of records at a time (`write`), in a fixed number of queries
per chunk, so that a large archive is never held in memory whole; `build_export` writes it into
the export package, and /api/popolo/ serves that copy.
"""

import json
import re
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .identifiers import identifiers_of
from .models import Event, EventParticipant, EventReport, Organisation, Person, Place, Role
from .models.translations import OTHER_LANGUAGES

__all__ = ("CHUNK_SIZE", "FILE_NAME", "SECTIONS", "document", "write")

FILE_NAME = "popolo.json"
CHUNK_SIZE = 500
# A plain ISO 8601 year, month or day: the only dates Popolo's pattern admits, and the only
# ones the archive states without qualification (as schema.org's in structured_data.py).
ISO_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$")


def site_url(path, **query):
    address = f"{settings.SITE_URL}{path}"
    return f"{address}?{urlencode(query)}" if query else address


def text_or_none(value):
    return value or None


def plain_date(expression):
    return expression if ISO_DATE.match(expression) else None


def span_dates(record):
    """A span's sides, each only where it is a plain date; nothing for an inferred date."""
    expression = record.date_edtf
    if record.date_is_inferred or "/" not in expression:
        return None, None
    start, _sep, end = expression.partition("/")
    return plain_date(start), plain_date(end)


def event_dates(event):
    """When the event began and ended: a plain date is its day, month or year."""
    if event.date_is_inferred or "/" in event.date_edtf:
        return span_dates(event)
    return plain_date(event.date_edtf), None


def archive_date(record):
    """The archive's own date beside Popolo's: its EDTF expression, in words, and if inferred."""
    return {
        "date_edtf": text_or_none(record.date_edtf),
        "date_label": str(record.date_label),
        "date_is_inferred": record.date_is_inferred,
    }


def identifiers(record):
    return [{"scheme": scheme.key, "identifier": value} for scheme, value in identifiers_of(record)]


def record_links(record):
    return [{"url": site_url(record.get_absolute_url()), "note": _("The record in the archive")}]


def article_source(article, quote):
    return {
        "url": site_url(article.get_absolute_url()),
        "note": article.display_title,
        "quote": quote,
    }


def alias_note(alias):
    basis = _("Editor's addition: %(basis)s") % {"basis": alias.basis} if alias.basis else ""
    return "; ".join(part for part in (alias.note, basis) if part) or None


def other_names(record, first=()):
    """Its aliases, then its names in the other languages that no alias already gives."""
    names = [*first]
    names += [
        {"name": alias.name, "lang": text_or_none(alias.language), "note": alias_note(alias)}
        for alias in record.aliases.all()
    ]
    given = {(name["name"], name["lang"]) for name in names}
    languages = dict(settings.LANGUAGES)
    for code in OTHER_LANGUAGES:
        name = getattr(record, f"name_{code}")
        if name and (name, code) not in given:
            note = _("The archive's name in %(language)s") % {"language": languages[code]}
            names.append({"name": name, "lang": code, "note": note})
    return names


def in_chunks(records):
    return records.iterator(chunk_size=CHUNK_SIZE)


# --- The five lists ---------------------------------------------------------------------------


def persons():
    people = Person.objects.public().prefetch_related("aliases").order_by("slug")
    for person in in_chunks(people):
        yield {
            "id": person.slug,
            "name": person.name,
            "sort_name": text_or_none(person.sort_name),
            "other_names": other_names(person),
            "identifiers": identifiers(person),
            "summary": text_or_none(person.description),
            "links": record_links(person),
            "sources": [
                {
                    "url": site_url(reverse("archive:article_list"), person=person.slug),
                    "note": _("The published articles that name this person"),
                }
            ],
        }


def organizations():
    bodies = Organisation.objects.public()
    # A parent only drafts rest on is not in the document: no id may point outside it.
    public_ids = set(bodies.values_list("pk", flat=True))
    for body in in_chunks(
        bodies.select_related("parent").prefetch_related("aliases").order_by("slug")
    ):
        acronym = [{"name": body.acronym, "lang": None, "note": _("Acronym")}]
        parent = body.parent_id in public_ids
        yield {
            "id": body.slug,
            "name": body.name,
            "other_names": other_names(body, acronym if body.acronym else ()),
            "identifiers": identifiers(body),
            "classification": body.kind,
            "parent_id": body.parent.slug if parent else None,
            "description": text_or_none(body.description),
            "links": record_links(body),
            "sources": [
                {
                    "url": site_url(reverse("archive:article_list"), organisation=body.slug),
                    "note": _("The published articles that name this body"),
                }
            ],
        }


def memberships():
    roles = Role.objects.public().select_related("person", "organisation", "article")
    for role in in_chunks(roles.order_by("id")):
        start_date, end_date = span_dates(role)
        yield {
            "id": str(role.pk),
            "label": f"{role.title}, {role.organisation.name}",
            "role": role.title,
            "person_id": role.person.slug,
            "organization_id": role.organisation.slug,
            "start_date": start_date,
            "end_date": end_date,
            **archive_date(role),
            "sources": [article_source(role.article, role.quote)],
        }


def participant(row):
    return {
        "person_id": row.person.slug if row.person else None,
        "organization_id": row.organisation.slug if row.organisation else None,
        "role": row.part,
    }


def events():
    reported = Event.objects.public().select_related("place").order_by("slug")
    reported = reported.prefetch_related(
        Prefetch(
            "participants",
            EventParticipant.objects.select_related("person", "organisation"),
            to_attr="every_participant",
        ),
        # Only its published reports: a draft reporting it too stays unseen.
        Prefetch(
            "reports",
            EventReport.objects.public().select_related("article"),
            to_attr="public_reports",
        ),
    )
    for event in in_chunks(reported):
        start_date, end_date = event_dates(event)
        organisers = [
            row.organisation
            for row in event.every_participant
            if row.organisation and row.part == EventParticipant.Part.ORGANISER
        ]
        yield {
            "id": event.slug,
            "name": event.title,
            "description": text_or_none(event.description),
            "start_date": start_date,
            "end_date": end_date,
            **archive_date(event),
            "status": event.status,
            "classification": event.kind,
            "location": event.place.name if event.place else None,
            "area_id": event.place.slug if event.place else None,
            "organization_id": organisers[0].slug if len(organisers) == 1 else None,
            "identifiers": identifiers(event),
            "attendees": [
                {"id": row.person.slug, "name": row.person.name}
                for row in event.every_participant
                if row.person
            ],
            "participants": [participant(row) for row in event.every_participant],
            "links": record_links(event),
            "sources": [
                article_source(report.article, report.quote) for report in event.public_reports
            ],
        }


def areas():
    places = Place.objects.public().prefetch_related("aliases").order_by("slug")
    for place in in_chunks(places):
        yield {
            "id": place.slug,
            "name": place.name,
            "classification": place.kind,
            "other_names": other_names(place),
            "identifiers": identifiers(place),
            "links": record_links(place),
        }


# Popolo's names for the lists, in the order the document gives them.
SECTIONS = (
    ("persons", persons),
    ("organizations", organizations),
    ("memberships", memberships),
    ("events", events),
    ("areas", areas),
)


def write(file):
    """Write the document to the text `file`, one object a line, a chunk of records at a time."""
    # In the archive's own language, whatever the caller's: notes and labels, and addresses
    # without a language prefix.
    with translation.override(settings.LANGUAGE_CODE):
        file.write("{")
        for number, (name, items) in enumerate(SECTIONS):
            file.write(f"{',' if number else ''}\n{json.dumps(name)}: [")
            for index, item in enumerate(items()):
                file.write(f"{',' if index else ''}\n{json.dumps(item, ensure_ascii=False)}")
            file.write("\n]")
        file.write("\n}\n")


def document():
    """The whole document as one dict (for a small archive, and for tests)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {name: list(items()) for name, items in SECTIONS}
