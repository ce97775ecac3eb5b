"""
A reconciliation service (W3C Entity Reconciliation Service API 0.2, the protocol OpenRefine
speaks): a client sends names from its own table, with a type and other facts it knows, and
gets the archive's people, organisations and places that may be the same, each with a score.
This module reads the queries, finds and scores the candidates, and describes the service; the
views are in api/views/reconciliation.py.

Entity ids are record paths on the website (`people/margulan-baimukhan`,
`organisations/majilis`, `places/astana`): one id form for the three types, which the
manifest's `view` template turns into the record's page (`<site>/{{id}}/`), and which stays
valid after a merge (the merged-away record's page redirects to the survivor).

Only public records are candidates (each model's `public()`, as the API's lists use).

Scoring, 0 to 100, each query on its own:
- The name: 100 when the query is one of the record's names or aliases, or its name in another
  language (`name_kk`, `name_ru`, …), folded (case, accents, quotation marks); 95 when it has
  the same Latin key as one of them (archive.text.name_key: Баймухан and Baimukhan alike); else
  up to 90 by how alike the keys are: 63 to 81 when every word of the query is a word of the
  name (more, the fewer other words), otherwise by shared words or characters in order.
- Properties, when given, weigh 30 of the 100: each one agrees (1), is unknown for the record
  (½) or disagrees (0), averaged. `role` matches a title of the person's public roles, and
  `organisation` the body of one (or the body it sits in); `year` and `date` a role or event
  of the record's active then; `country` the record's country.
- An external identifier (`wikidata`, `viaf`, `isni`, `orcid`, `geonames`) that the record has
  makes the score 100 whatever the name; a different one of the same scheme counts as a
  disagreeing property.
- `match` is true only for the first candidate, when its name matched whole (or its
  identifier did), its score is at least 90 and it is at least 10 ahead of the next one.
"""

import difflib
import heapq
import itertools
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from .. import dates
from ..identifiers import SCHEMES, ExternalIdentifierField
from ..models import Event, EventParticipant, Organisation, Person, Place, Role
from ..namesearch import term_condition
from ..text import fold, name_key

MAX_QUERIES = 50  # in one batch; the manifest's `batchSize`
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_QUERY_LENGTH = 300
# Candidates read from the database for one query and type, before they are scored: those
# with every word of the query first.
MAX_CANDIDATES = 100
PROPERTY_WEIGHT = 0.3
MATCH_SCORE = 90
MATCH_LEAD = 10
SUGGEST_LIMIT = 10
PREVIEW_WIDTH, PREVIEW_HEIGHT = 420, 200


class QueryError(ValueError):
    """A reconciliation query the service cannot read; its message says why, to the client."""


# --- Types and properties ---------------------------------------------------------------------


@dataclass(frozen=True)
class EntityType:
    id: str
    name: str
    model: type
    path: str  # the website's address of its records, and the first part of their ids

    def as_json(self):
        return {"id": self.id, "name": str(self.name)}

    def records(self):
        return self.model.objects.public()


TYPES = {
    entity_type.id: entity_type
    for entity_type in (
        EntityType("person", gettext_lazy("Person"), Person, "people"),
        EntityType("organisation", gettext_lazy("Organisation"), Organisation, "organisations"),
        EntityType("place", gettext_lazy("Place"), Place, "places"),
    )
}
TYPES_BY_PATH = {entity_type.path: entity_type for entity_type in TYPES.values()}
ID_PATTERN = re.compile(r"^(people|organisations|places)/([-a-zA-Z0-9_]+)/?$")


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    description: str

    def as_json(self):
        return {"id": self.id, "name": str(self.name), "description": str(self.description)}


PROPERTIES = {
    prop.id: prop
    for prop in (
        Property(
            "role",
            gettext_lazy("Role"),
            gettext_lazy("A title the person held, e.g. Ambassador of Kazakhstan to Belgium."),
        ),
        Property(
            "organisation",
            gettext_lazy("Organisation"),
            gettext_lazy(
                "For a person, a body they held a role at; for a body, the body it is part of. "
                "A name in any language, or an id such as organisations/majilis."
            ),
        ),
        Property(
            "year",
            gettext_lazy("Year"),
            gettext_lazy("A year in which one of the record's roles or events falls, e.g. 2021."),
        ),
        Property(
            "date",
            gettext_lazy("Date"),
            gettext_lazy("A day or month of a role or event, e.g. 2021-10-17 or 2021-10."),
        ),
        Property(
            "country",
            gettext_lazy("Country"),
            gettext_lazy("The country, as an ISO 3166 code (KZ, BE) or its English name."),
        ),
        *(
            Property(
                scheme.key,
                scheme.label,
                gettext_lazy("The record's identifier in %(scheme)s, e.g. %(example)s.")
                % {"scheme": scheme.label, "example": scheme.example},
            )
            for scheme in SCHEMES.values()
        ),
    )
}
DATED_PROPERTIES = ("year", "date")


# --- Reading queries --------------------------------------------------------------------------


@dataclass
class Query:
    text: str
    types: list
    limit: int
    properties: list = field(default_factory=list)  # (pid, [values as strings])

    def values_of(self, pid):
        return [value for prop, values in self.properties if prop == pid for value in values]

    def asks_for_dates(self):
        return any(pid in DATED_PROPERTIES for pid, _values in self.properties)


def read_batch(raw):
    """The batch in a `queries` parameter, as {key: Query}; QueryError when it cannot be read."""
    if raw is None or raw == "":
        raise QueryError(_("Give the reconciliation queries as JSON in `queries`."))
    try:
        batch = json.loads(raw)
    except ValueError:
        raise QueryError(_("`queries` is not valid JSON.")) from None
    if not isinstance(batch, dict):
        raise QueryError(
            _('`queries` must be a JSON object of queries by key: {"q0": {"query": "…"}}.')
        )
    if len(batch) > MAX_QUERIES:
        raise QueryError(
            _("A batch may hold at most %(maximum)d queries; this one holds %(count)d.")
            % {"maximum": MAX_QUERIES, "count": len(batch)}
        )
    return {key: read_query(key, query) for key, query in batch.items()}


QUERY_FIELDS = ("query", "type", "limit", "properties", "type_strict")


def read_query(key, query):
    def refuse(message):
        return QueryError(f"{key}: {message}")

    if not isinstance(query, dict):
        raise refuse(_("each query must be a JSON object."))
    unknown = sorted(set(query) - set(QUERY_FIELDS))
    if unknown:
        raise refuse(
            _("unknown field(s) %(unknown)s; a query has: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(QUERY_FIELDS)}
        )
    text = query.get("query", "")
    if not isinstance(text, str):
        raise refuse(_("`query` must be a string."))
    if len(text) > MAX_QUERY_LENGTH or "\x00" in text:
        raise refuse(
            _("`query` must be at most %(maximum)d characters, with no NUL character.")
            % {"maximum": MAX_QUERY_LENGTH}
        )
    if not text.strip() and not query.get("properties"):
        raise refuse(_("give a `query`, or `properties` to match on."))
    properties = read_properties(query.get("properties", []), refuse)
    types = read_types(query.get("type"), refuse)
    limit = query.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, float) and limit.is_integer():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise refuse(
            _("`limit` must be a whole number from 1 to %(maximum)d.") % {"maximum": MAX_LIMIT}
        )
    if query.get("type_strict", "any") not in ("any", "should", "all"):
        raise refuse(_("`type_strict` must be any, should or all."))
    return Query(text=text.strip(), types=types, limit=limit, properties=properties)


def read_types(value, refuse):
    """The types asked for: every type when none is given."""
    if value is None:
        return list(TYPES.values())
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise refuse(_("`type` must be a type id or a list of them."))
    unknown = [name for name in names if name not in TYPES]
    if unknown:
        raise refuse(
            _("unknown type %(unknown)s; the types are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(TYPES)}
        )
    return [TYPES[name] for name in dict.fromkeys(names)] or list(TYPES.values())


def read_properties(value, refuse):
    if not isinstance(value, list):
        raise refuse(_("`properties` must be a list of {pid, v} objects."))
    properties = []
    for item in value:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise refuse(_("each property must be an object with `pid` and `v`."))
        pid = item["pid"]
        if not isinstance(pid, str) or pid not in PROPERTIES:
            raise refuse(
                _("unknown property %(pid)s; the properties are: %(known)s.")
                % {"pid": json.dumps(pid, ensure_ascii=False), "known": ", ".join(PROPERTIES)}
            )
        values = [
            read_value(v, refuse)
            for v in (item["v"] if isinstance(item["v"], list) else [item["v"]])
        ]
        values = [v for v in values if v]
        if values:  # an empty cell says nothing about the record
            properties.append((pid, values))
    return properties


def read_value(value, refuse):
    """
    A property value as text: a string, a number, or a reconciled entity's id. A boolean
    (the protocol allows one) says nothing about any property here: no value.
    """
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, bool):
        return ""
    if not isinstance(value, str | int | float):
        raise refuse(_("a property value must be a string, a number or an entity {id}."))
    text = str(value).strip()
    if "\x00" in text or len(text) > MAX_QUERY_LENGTH:
        raise refuse(_("a property value is too long or holds a NUL character."))
    return text


# --- Names ------------------------------------------------------------------------------------


def names_of(record):
    """
    A record's folded names and their keys, read from its `search_text` (which holds its own
    names, its names in the other languages and its aliases: archive.text.names_search_text),
    so that no alias need be fetched.
    """
    folded, _bar, keys = record.search_text.partition(" || ")
    return (
        {name for name in folded.split(" | ") if name},
        {key.strip(" |") for key in keys.split(" | ") if key.strip(" |")},
    )


def key_similarity(first, second):
    """How alike two keys are, 0 to 1: shared words, or characters in order."""
    if not first or not second:
        return 0.0
    words, other_words = set(first.split()), set(second.split())
    if words <= other_words:
        # Every word of the query is a word of the name ("Senate", "Baimukhan"): close, and
        # the closer the fewer other words the name has.
        return 0.7 + 0.2 * len(words) / len(other_words)
    shared = len(words & other_words) / max(len(words), len(other_words))
    return max(shared, difflib.SequenceMatcher(None, first, second).ratio())


def name_score(text, record):
    """(score, whole) for how well `text` names `record`: whole when it is one of its names."""
    folded_names, keys = names_of(record)
    if fold(text) in folded_names:
        return 100, True
    key = name_key(text)
    if key and key in keys:
        return 95, True
    return round(90 * max((key_similarity(key, other) for other in keys), default=0)), False


def names_something_of(value, record):
    """Whether `value` names `record` (a body): its id, one of its names, or words of one."""
    found = ID_PATTERN.match(value)
    if found:
        return found[2] == record.slug
    folded_names, keys = names_of(record)
    key = name_key(value)
    if fold(value) in folded_names or key in keys:
        return True
    return bool(key) and any(f" {key} " in f" {other} " for other in keys)


# --- Properties -------------------------------------------------------------------------------

AGREES, UNKNOWN, DISAGREES = 1.0, 0.5, 0.0


def asked_period(value):
    """The days a `year` or `date` value covers, or None when it is no date."""
    try:
        bounds = dates.edtf_bounds(value)
    except ValidationError:
        return None
    return bounds if bounds.lower or bounds.upper else None


def overlaps(record, period):
    """
    Whether a dated record (a role, an event) falls in `period`: None when that cannot be
    told. A date open on one side ("on or before 2021-06-22", "2022-09 or later") may fall in
    any period on that side, so it says yes only when its known day does, never no.
    """
    lower, upper = record.date_lower, record.date_upper
    if lower is None and upper is None:
        return None
    if lower is None or upper is None:
        known = lower or upper
        return True if period.lower <= known <= period.upper else None
    return lower <= period.upper and upper >= period.lower


def dated_facts(record):
    """The roles and events that date a record's activity (as fetched by `shaped`)."""
    facts = list(getattr(record, "public_roles", []))
    facts += [participation.event for participation in getattr(record, "public_participations", [])]
    facts += list(getattr(record, "public_events", []))
    return facts


def agreement(pid, values, record, entity_type):
    """How `record` agrees with one property: AGREES, UNKNOWN or DISAGREES (any value may agree)."""
    if pid in SCHEMES:
        stored = identifier_of(record, pid)
        if not stored:  # none given, or none of this scheme for this kind of record
            return UNKNOWN
        return AGREES if stored in {SCHEMES[pid].normalise(v) for v in values} else DISAGREES
    if pid == "country":
        codes = {country_code(v) for v in values} - {None}
        if not codes or not record.country:
            return UNKNOWN
        return AGREES if record.country.code in codes else DISAGREES
    if pid in DATED_PROPERTIES:
        periods = [period for period in map(asked_period, values) if period]
        found = [overlaps(fact, period) for fact in dated_facts(record) for period in periods]
        found = [answer for answer in found if answer is not None]
        if not found:
            return UNKNOWN
        return AGREES if any(found) else DISAGREES
    if pid == "role":
        roles = record.public_roles if entity_type.id == "person" else None
        if not roles:
            return UNKNOWN
        return (
            AGREES
            if any(title_matches(v, role.title) for v in values for role in roles)
            else DISAGREES
        )
    if pid == "organisation":
        if entity_type.id == "person":
            bodies = [
                body
                for role in record.public_roles
                for body in (role.organisation, role.organisation.parent)
                if body
            ]
        elif entity_type.id == "organisation":
            bodies = [record.parent] if record.parent_id else []
        else:
            return UNKNOWN
        if not bodies:
            return UNKNOWN
        return (
            AGREES
            if any(names_something_of(v, body) for v in values for body in bodies)
            else DISAGREES
        )
    return UNKNOWN


def title_matches(value, title):
    """A role's title answers `value` when their keys are alike or one holds the other's words."""
    key, title_key = name_key(value), name_key(title)
    if not key or not title_key:
        return False
    if f" {key} " in f" {title_key} " or f" {title_key} " in f" {key} ":
        return True
    return difflib.SequenceMatcher(None, key, title_key).ratio() >= 0.85


def country_code(value):
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    return countries.by_name(value) or countries.alpha2(value) or None


def identifier_fields(model):
    return {
        f.scheme.key: f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, ExternalIdentifierField)
    }


def identifier_of(record, scheme_key):
    """The record's identifier in the scheme, "" if it has none, None if its kind has none."""
    attname = identifier_fields(type(record)).get(scheme_key)
    return None if attname is None else getattr(record, attname)


# --- Candidates -------------------------------------------------------------------------------


def query_words(text):
    """The words of a query that can name something (a lone initial cannot)."""
    return [word for word in re.split(r"[^\w']+", fold(text)) if len(name_key(word)) >= 2][:10]


def shaped(entity_type, query=None):
    """A type's public records, with what scoring and descriptions read fetched alongside."""
    records = entity_type.records()
    dated = query is not None and query.asks_for_dates()
    if entity_type.id == "person":
        records = records.prefetch_related(
            Prefetch(
                "roles",
                Role.objects.public()
                .select_related("organisation__parent")
                .order_by("-date_sort", "-id"),
                to_attr="public_roles",
            )
        )
        if dated:
            records = records.prefetch_related(
                Prefetch(
                    "participations",
                    EventParticipant.objects.public().select_related("event"),
                    to_attr="public_participations",
                )
            )
    elif entity_type.id == "organisation":
        records = records.select_related("parent")
        if dated:
            records = records.prefetch_related(
                Prefetch("roles", Role.objects.public(), to_attr="public_roles"),
                Prefetch(
                    "participations",
                    EventParticipant.objects.public().select_related("event"),
                    to_attr="public_participations",
                ),
            )
    elif dated:
        records = records.prefetch_related(
            Prefetch("events", Event.objects.public(), to_attr="public_events")
        )
    return records


def candidates(query, entity_type):
    """Public records of a type that may answer the query: by a word of it, or an identifier."""
    words = query_words(query.text)
    by_word = Q()
    for word in words:
        by_word |= term_condition(word)
    by_identifier = Q()
    fields = identifier_fields(entity_type.model)
    for pid, values in query.properties:
        if pid in fields:
            normalised = [SCHEMES[pid].normalise(v) for v in values]
            by_identifier |= Q(**{f"{fields[pid]}__in": [v for v in normalised if v]})
    found = ID_PATTERN.match(query.text)
    if found and TYPES_BY_PATH[found[1]] == entity_type:
        by_identifier |= Q(slug=found[2])
    if not words and not by_identifier:
        return []
    every_word = Q()
    for word in words:
        every_word &= term_condition(word)
    records = shaped(entity_type, query).filter(by_word | by_identifier)
    if words:
        first = Case(When(every_word, then=Value(0)), default=Value(1), output_field=IntegerField())
        records = records.alias(answers_every_word=first).order_by("answers_every_word", "pk")
    return list(records[:MAX_CANDIDATES])


@dataclass
class Candidate:
    record: object
    entity_type: EntityType
    score: int
    whole_name: bool
    identified: bool

    def as_json(self, match):
        return {
            "id": record_id(self.entity_type, self.record),
            "name": self.record.name,
            "description": describe(self.entity_type, self.record),
            "type": [self.entity_type.as_json()],
            "score": self.score,
            "match": match,
        }


def score(query, record, entity_type):
    if query.text:
        by_name, whole = name_score(query.text, record)
        if ID_PATTERN.match(query.text) and record_id(entity_type, record) == query.text.strip("/"):
            by_name, whole = 100, True
    else:
        by_name, whole = 0, False
    identified = any(
        pid in SCHEMES and agreement(pid, values, record, entity_type) == AGREES
        for pid, values in query.properties
    )
    if identified:
        return Candidate(record, entity_type, 100, whole, True)
    if query.properties:
        agreements = [
            agreement(pid, values, record, entity_type) for pid, values in query.properties
        ]
        by_properties = 100 * sum(agreements) / len(agreements)
        total = (1 - PROPERTY_WEIGHT) * by_name + PROPERTY_WEIGHT * by_properties
    else:
        total = by_name
    return Candidate(record, entity_type, max(0, min(100, round(total))), whole, False)


def reconcile(query):
    """The result of one query: candidates, best first, the first marked when it is a match."""
    scored = [
        score(query, record, entity_type)
        for entity_type in query.types
        for record in candidates(query, entity_type)
    ]
    scored.sort(key=lambda c: (-c.score, fold(c.record.name), record_id(c.entity_type, c.record)))
    scored = [candidate for candidate in scored if candidate.score > 0]
    if not scored:
        return {"result": []}
    # The lead is over the next candidate found, even one the limit leaves out: a namesake
    # unseen is a namesake still.
    best, runner_up = scored[0], scored[1].score if len(scored) > 1 else 0
    is_match = (
        (best.whole_name or best.identified)
        and best.score >= MATCH_SCORE
        and best.score - runner_up >= MATCH_LEAD
    )
    return {
        "result": [
            candidate.as_json(match=is_match and position == 0)
            for position, candidate in enumerate(scored[: query.limit])
        ]
    }


def reconcile_batch(batch):
    return {key: reconcile(query) for key, query in batch.items()}


# --- Ids, descriptions, the manifest and suggestions -----------------------------------------


def record_id(entity_type, record):
    return f"{entity_type.path}/{record.slug}"


def find_record(entity_id):
    """(type, public record) for an entity id, or None."""
    found = ID_PATTERN.match(entity_id or "")
    if not found:
        return None
    entity_type = TYPES_BY_PATH[found[1]]
    record = shaped(entity_type).filter(slug=found[2]).first()
    return None if record is None else (entity_type, record)


def describe(entity_type, record):
    """A line telling namesakes apart: a person's latest role, a body's kind, a place's kind."""
    if entity_type.id == "person":
        roles = getattr(record, "public_roles", [])
        if roles:
            return f"{roles[0].title}, {roles[0].organisation.name}"
        return record.country.name if record.country else str(entity_type.name)
    parts = [record.get_kind_display()]
    if entity_type.id == "organisation" and record.parent_id:
        parts.append(record.parent.name)
    if record.country:
        parts.append(str(record.country.name))
    return ", ".join(str(part) for part in parts)


def manifest(request):
    """The service's description, with absolute addresses on the server asked."""
    site = request.build_absolute_uri("/")
    service = request.build_absolute_uri(reverse("api:reconcile")).rstrip("/")
    return {
        "versions": ["0.2"],
        "name": _("Kazakhstan–Belgium Relations Archive"),
        "identifierSpace": site,
        "schemaSpace": "http://schema.org/",
        "documentation": request.build_absolute_uri(reverse("api:docs")),
        "defaultTypes": [entity_type.as_json() for entity_type in TYPES.values()],
        "view": {"url": f"{site}{{{{id}}}}/"},
        "preview": {
            "url": request.build_absolute_uri(reverse("api:reconcile-preview")) + "?id={{id}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": service, "service_path": f"/suggest/{kind}/"}
            for kind in ("entity", "type", "property")
        },
        "batchSize": MAX_QUERIES,
    }


def suggest_entities(prefix, entity_types, cursor=0, limit=SUGGEST_LIMIT):
    """
    Public records one of whose names has a word beginning with `prefix`: those with a name
    beginning so first, then by name. Each type's records are read in that order (the first
    `cursor + limit` of them) and merged keeping it, so that the next page (a larger `cursor`)
    goes on where this one stopped, whatever the database's collation.
    """
    folded, key = fold(prefix), name_key(prefix)
    if not folded:
        return []
    word_begins = Q(search_text__startswith=folded) | Q(search_text__contains=f" {folded}")
    name_begins = Q(search_text__startswith=folded) | Q(search_text__contains=f"| {folded}")
    if key:
        word_begins |= Q(search_text__contains=f" {key}")
        name_begins |= Q(search_text__contains=f"| {key}")
    rank = Case(When(name_begins, then=Value(0)), default=Value(1), output_field=IntegerField())
    by_type = [
        [
            (entity_type, record)
            for record in shaped(entity_type)
            .filter(word_begins)
            .annotate(suggestion_rank=rank)
            .order_by("suggestion_rank", "name", "pk")[: cursor + limit]
        ]
        for entity_type in entity_types
    ]
    merged = heapq.merge(*by_type, key=lambda item: (item[1].suggestion_rank, fold(item[1].name)))
    return [
        {
            "id": record_id(entity_type, record),
            "name": record.name,
            "description": describe(entity_type, record),
            "notable": [entity_type.as_json()],
        }
        for entity_type, record in itertools.islice(merged, cursor, cursor + limit)
    ]


def suggest_among(items, prefix, cursor=0, limit=SUGGEST_LIMIT):
    """Types or properties whose id or name has a word beginning with `prefix`."""
    folded = fold(prefix)
    chosen = [
        item
        for item in items
        if any(word.startswith(folded) for word in f"{item.id} {fold(str(item.name))}".split())
    ]
    return [item.as_json() for item in chosen[cursor : cursor + limit]]
